"""The use-cases behind questionnaire, status and import: plain values or a frozen request in, a
frozen outcome out, and nothing printed (the command line prints it)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from alignment_cli.commands.importing import ImportRequest, run_import
from alignment_cli.commands.questionnaire import (
    ExportRequest,
    TemplateRequest,
    run_export,
    run_list,
    run_show,
    run_template,
    run_validate,
)
from alignment_cli.commands.status import run_status
from alignment_cli.errors import OutputError, UsageError
from tests.helpers import MINI

ROOT = Path(__file__).resolve().parent.parent
NORTHWIND = ROOT / "examples" / "northwind"


@pytest.fixture(autouse=True)
def _nothing_printed(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    yield
    assert capsys.readouterr() == ("", "")


def test_list_names_the_newest_version_by_its_id_and_older_ones_with_theirs() -> None:
    listed = run_list()
    names = [item.name for item in listed]
    assert "sales-marketing-alignment" in names and "sales-marketing-alignment@2.0" in names
    newest = next(item for item in listed if item.name == "sales-marketing-alignment")
    assert newest.items > 0 and newest.dimensions > 0 and newest.minutes > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        newest.name = "other"  # type: ignore[misc]


def test_show_resolves_an_id_or_a_file() -> None:
    assert run_show(str(MINI)).id == "mini"


def test_validate_counts_and_holds_only_a_built_in_file_to_its_citations() -> None:
    custom = run_validate(MINI)
    assert custom.id == "mini" and custom.citation_problems and not custom.builtin and custom.valid
    builtin = run_validate(ROOT / "questionnaires" / "sales-marketing-alignment.yaml")
    assert builtin.valid and builtin.citation_problems == ()


def test_template_and_export_hand_back_the_text_and_write_only_when_asked(tmp_path: Path) -> None:
    made = run_template(TemplateRequest(str(MINI), role="marketing", name="Jana"))
    assert made.written is None and "Jana" in made.text
    target = tmp_path / "jana.yaml"
    assert run_template(TemplateRequest(str(MINI), output=target)).written == target
    with pytest.raises(OutputError, match="already exists"):
        run_export(ExportRequest(str(MINI), output=target))
    assert run_export(ExportRequest(str(MINI), format="md", output=target, force=True)).written == target
    assert target.read_text(encoding="utf-8") == run_export(ExportRequest(str(MINI), format="md")).text
    with pytest.raises(UsageError, match="expected csv or md"):
        run_export(ExportRequest(str(MINI), format="xml"))


def test_status_says_whether_every_file_could_be_read(tmp_path: Path) -> None:
    outcome = run_status([str(NORTHWIND)])
    assert outcome.readable and [s.side for s in outcome.sides] == ["sales", "marketing"]
    (tmp_path / "broken.yaml").write_text("nope: [\n", encoding="utf-8")
    broken = run_status([str(tmp_path)])
    assert not broken.readable and broken.files[0].state == "invalid"


def test_import_says_what_it_wrote_and_what_it_left_out(tmp_path: Path) -> None:
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "side,your name,goals.agreed,email\nsales,Ana,4,a@x\nmarketing,Bo,2,b@x\nsales,Cy,9,c@x\n",
        encoding="utf-8",
    )
    out = tmp_path / "responses"
    imported = run_import(ImportRequest(sheet, str(MINI), out, skip_invalid=True))
    assert imported.files == (out / "sales-ana.yaml", out / "marketing-bo.yaml")
    assert all(path.exists() for path in imported.files)
    assert imported.per_side == (("sales", 1), ("marketing", 1))
    assert imported.unmatched == ("column D (email)",) and imported.skipped_rows == (4,)
