"""The table of report formats: every format in it is complete, and everything that lists, checks
or renders a format reads it (--format, -o's extension, the config, write_reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.errors import UsageError
from alignment_cli.formats import (
    DEFAULT_FILE_FORMATS,
    FORMATS,
    Format,
    ReportFormat,
    file_formats,
    format_of_suffix,
    parse_formats,
    spoken,
)


def test_every_format_has_one_row_and_every_file_format_a_renderer() -> None:
    assert list(FORMATS) == list(ReportFormat)
    assert all(spec.name is name for name, spec in FORMATS.items())
    for name in file_formats():
        spec = FORMATS[name]
        assert spec.extension and spec.suffixes and callable(spec.render())
        assert f".{spec.extension}" in spec.suffixes
    assert FORMATS[ReportFormat.terminal].renderer is None
    assert not FORMATS[ReportFormat.terminal].is_file
    assert set(DEFAULT_FILE_FORMATS) <= set(file_formats())
    with pytest.raises(ValueError, match="drawn on screen"):
        FORMATS[ReportFormat.terminal].render()


def test_names_in_any_case_and_comma_lists_and_a_wrong_name_lists_the_table() -> None:
    assert parse_formats(["HTML", "md,Json"]) == [ReportFormat.html, ReportFormat.md, ReportFormat.json]
    with pytest.raises(
        UsageError,
        match=r"--format 'docx': expected terminal, md, html, json "
        r"or pdf",
    ):
        parse_formats(["docx"])
    assert format_of_suffix(".HTM") is ReportFormat.html
    assert format_of_suffix(".markdown") is ReportFormat.md
    assert format_of_suffix(".txt") is None
    assert spoken(["md"]) == "md" and spoken(["a", "b", "c"], "and") == "a, b and c"


def test_the_command_line_takes_its_choices_from_the_table(cli) -> None:  # type: ignore[no-untyped-def]
    help_text = " ".join(cli("report", "--help").out.split())
    assert f"{spoken(FORMATS)}; repeat" in help_text
    refused = cli("report", "responses", "--format", "docx")
    assert refused.code == 2 and f"expected {spoken(FORMATS)}" in refused.err


def shouting(result: object, **options: object) -> str:
    """A stand-in renderer, named in the table the way a real one is."""
    return "SHOUTED REPORT\n"


def test_write_reports_calls_the_renderer_the_table_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alignment_cli.commands.assessment import assess
    from alignment_cli.render.reports import plan_outputs, write_reports

    monkeypatch.setitem(
        FORMATS, ReportFormat.md, Format(ReportFormat.md, "md", f"{__name__}:shouting", (".md",))
    )
    result = assess([Path(__file__).resolve().parent.parent / "examples" / "northwind"])
    written = write_reports(result, plan_outputs([ReportFormat.md], tmp_path / "r.md"))
    assert written.files == (tmp_path / "r.md",)
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "SHOUTED REPORT\n"


def test_the_config_reads_the_tables_names(tmp_path: Path) -> None:
    from alignment_cli.errors import ConfigError
    from alignment_cli.model.config import DEFAULT_FORMATS, load_config

    (tmp_path / "responses").mkdir()
    config = tmp_path / "alignment.yml"
    config.write_text("responses: [responses]\nreport: {formats: [pdf, md]}\n", encoding="utf-8")
    report = load_config(config).settings.report
    assert report is not None and report.formats == [ReportFormat.pdf, ReportFormat.md]
    assert list(DEFAULT_FILE_FORMATS) == DEFAULT_FORMATS
    config.write_text("responses: [responses]\nreport: {formats: [terminal]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"expected {spoken(file_formats())}"):
        load_config(config)
