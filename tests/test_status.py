"""`alignment status`: one line per response file, a summary per side, and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignment_cli.commands.status import file_status, side_summary
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response


@pytest.fixture
def folder(tmp_path: Path, mini) -> Path:
    responses = tmp_path / "responses"
    write_response(
        responses, "sales-jana.yaml", make_response("sales", SALES_ANSWERS, name="Jana Carpenter", head=True)
    )
    partial = make_response("marketing", dict(list(MARKETING_ANSWERS.items())[:3]), name="Mo")
    partial.completed_at = None
    write_response(responses, "marketing-mo.yaml", partial)
    blank = {k: None for k in MARKETING_ANSWERS}
    write_response(responses, "marketing-x.yaml", make_response("marketing", blank))
    return responses


@pytest.mark.parametrize(
    ("answers", "completed", "state"),
    [
        ({}, False, "blank"),
        ({"goals.agreed": None}, False, "blank"),  # only "don't know": as a template
        ({"goals.agreed": 4}, False, "partial"),
        (dict(SALES_ANSWERS), False, "complete"),  # every question answered counts
        (dict(SALES_ANSWERS) | {"goals.agreed": None}, True, "complete"),
        (dict(list(SALES_ANSWERS.items())[:7]), True, "partial"),  # 7 of 8: not all asked
    ],
)
def test_states_at_their_boundaries(tmp_path: Path, mini, answers, completed, state) -> None:
    response = make_response("sales", answers)
    if not completed:
        response.completed_at = None
    path = write_response(tmp_path, "x.yaml", response)
    status = file_status(path, questionnaire=mini)
    assert status.state == state
    assert status.asked == 8
    assert status.answered == len(answers)


def test_terminal_listing(cli, folder: Path, monkeypatch) -> None:
    monkeypatch.chdir(folder.parent)
    monkeypatch.setenv("COLUMNS", "120")
    result = cli("status", "responses")
    assert result.code == 0, result.err
    out = result.out
    assert "Acme · mini 1 · 3 files in responses" in out
    lines = {
        line.split()[0]: " ".join(line.split())
        for line in out.splitlines()
        if line.strip().startswith(("sales-", "marketing-"))
    }
    assert "Sales Jana Carpenter (head)" in lines["sales-jana.yaml"]
    assert "complete" in lines["sales-jana.yaml"]
    assert "partial" in lines["marketing-mo.yaml"]
    assert "Marketing anonymous" in lines["marketing-x.yaml"]
    assert "blank" in lines["marketing-x.yaml"]
    assert "Sales: 1 file, 1 complete; head: Jana Carpenter" in out
    assert "Marketing: 2 files, 1 partial, 1 blank; no head marked" in out


def test_asked_is_unknown_for_a_custom_questionnaire_without_its_file(cli, folder: Path) -> None:
    result = cli("status", folder, "-f", "json")
    doc = json.loads(result.out)
    assert doc["schema"] == "alignment-status/1"
    sales = next(f for f in doc["files"] if f["side"] == "sales")
    # mini is not built in, so what was asked is not known; a completed file is complete
    assert sales["asked"] is None and sales["state"] == "complete"
    assert sales["answered"] == 8


def test_json_with_the_builtin_questionnaire(cli, tmp_path: Path) -> None:
    result = cli("status", Path(__file__).parent.parent / "examples" / "northwind", "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert [f["state"] for f in doc["files"]] == ["complete", "complete"]
    assert [(f["asked"], f["answered"]) for f in doc["files"]] == [(60, 60), (59, 59)]
    assert {s["side"]: s["states"] for s in doc["sides"]} == {
        "sales": {"complete": 1},
        "marketing": {"complete": 1},
    }


def test_an_unreadable_file_is_listed_and_the_exit_code_says_so(cli, folder: Path, monkeypatch) -> None:
    (folder / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    monkeypatch.chdir(folder.parent)
    result = cli("status", "responses")
    assert result.code == 2
    assert "invalid" in result.out
    assert "broken.yaml:2:1" in result.out  # the reason, with the place
    assert "sales-jana.yaml" in result.out  # the others are still listed


def test_a_side_with_no_file_yet(tmp_path: Path) -> None:
    write_response(tmp_path, "s.yaml", make_response("sales", SALES_ANSWERS))
    sides = side_summary([file_status(tmp_path / "s.yaml")])
    assert [(s.side, s.files) for s in sides] == [("sales", 1), ("marketing", 0)]


def test_status_needs_a_path(cli) -> None:
    assert cli("status").code == 2
    assert cli("status", MINI.parent / "nope").code == 2


def test_a_custom_questionnaire_given_counts_what_was_asked(cli, folder: Path) -> None:
    doc = json.loads(cli("status", folder, "-f", "json", "--questionnaire", MINI).out)
    by_name = {f["name"]: f for f in doc["files"]}
    assert by_name["Jana Carpenter"]["asked"] == 8
    assert by_name["Mo"]["asked"] == 8 and by_name["Mo"]["answered"] == 3
    assert by_name["Mo"]["state"] == "partial"


def test_at_80_columns_names_and_headers_stay_on_one_line(cli, tmp_path: Path, monkeypatch) -> None:
    import shutil

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "responses"
    folder.mkdir()
    for path in (root / "examples" / "meridian").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("status", "responses")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    header = next(line for line in lines if line.startswith("File"))
    # meridian's files have some "don't know": their column comes, headed on two lines
    assert header.split() == ["File", "(.yaml)", "Side", "Name", "Done", "know", "State", "Saved"]
    rows = [line for line in lines if line.startswith(("sales-", "marketing-"))]
    assert len(rows) == len(list(folder.glob("*.yaml")))
    # every row is one line: no file name, name or header folds onto the next
    for line in rows:
        assert line.split()[0] + ".yaml" in {p.name for p in folder.glob("*.yaml")}
        assert "complete" in line
    assert any("(head)" in line for line in rows)
    assert all(len(line) <= 80 for line in lines)


def _variants(source: Path, into: Path) -> None:
    """Each file of `source` five times: as it is, with its first five answers only, with all but
    its last two, and with every answer "don't know" (a template left unfilled), once more with a
    comment (not blank then: report scores it)."""
    from alignment_cli.model.response import parse_response

    for path in sorted(source.glob("*.yaml")):
        response = parse_response(path.read_text(encoding="utf-8"), path=path)
        answers = dict(response.answers)
        kept = list(answers)
        for suffix, chosen in [
            ("full", answers),
            ("five", {k: answers[k] for k in kept[:5]}),
            ("most", {k: answers[k] for k in kept[:-2]}),
            ("blank", dict.fromkeys(answers)),
            ("noted", dict.fromkeys(answers)),  # "don't know" throughout, but with a comment
        ]:
            who = response.respondent.model_copy(
                update={"name": f"{response.respondent.name} {suffix}", "head": suffix == "full"}
            )
            comments = {"general": "We never agreed on this."} if suffix == "noted" else {}
            copy = response.model_copy(
                update={"answers": chosen, "not_applicable": {}, "comments": comments, "respondent": who}
            )
            write_response(into, f"{path.stem}-{suffix}.yaml", copy)


@pytest.mark.parametrize(
    ("source", "version"),
    [
        (Path(__file__).parent / "fixtures" / "northwind-1.0", "1.0"),
        (Path(__file__).parent.parent / "examples" / "harbor", "2.0"),
        (Path(__file__).parent.parent / "examples" / "northwind", "2.1"),
    ],
)
def test_status_and_report_agree_on_every_built_in_version(
    cli, tmp_path: Path, source: Path, version
) -> None:
    """Each file is counted against its own version of the questionnaire, as `report` counts it:
    a file `report` leaves out as incomplete is never called complete."""
    folder = tmp_path / "responses"
    _variants(source, folder)
    status = json.loads(cli("status", folder, "-f", "json").out)
    reported = cli("report", folder, "-f", "json", "--show-names")
    assert reported.code == 0, reported.err
    report = json.loads(reported.out)
    assert report["questionnaire"]["version"] == version
    judged = {f["file"]: f for f in report["respondent_files"]}
    assert len(status["files"]) == len(judged) == 5 * len(list(source.glob("*.yaml")))
    for shown in status["files"]:
        name = Path(shown["path"]).name
        scored = judged[name]
        assert shown["version"] == version
        assert (shown["answered"], shown["asked"]) == (scored["answered"], scored["asked"]), name
        if shown["state"] == "complete":
            assert scored["included"], name
        elif shown["state"] == "blank":
            assert scored["reason"].startswith("no answers"), name
        else:
            assert shown["state"] == "partial" and scored["answered"] < scored["asked"], name
        if name.endswith("-five.yaml"):
            assert shown["state"] == "partial" and not scored["included"], name
            assert shown["answered"] == 5 and scored["reason"].startswith("incomplete: 5 of "), name


def test_a_file_of_an_older_version_is_counted_against_that_version(tmp_path: Path) -> None:
    """The README's own example response: 5 answers to version 1.0, 56 asked of Sales."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Response", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "sales-jana.yaml"
    path.write_text(example, encoding="utf-8")
    status = file_status(path)
    assert (status.version, status.asked, status.answered, status.state) == ("1.0", 56, 5, "partial")


def test_an_untouched_template_shows_no_answer_and_every_dont_know(cli, tmp_path: Path, monkeypatch) -> None:
    """A template before it is filled in is all "don't know": never shown as done."""
    folder = tmp_path / "responses"
    template = cli(
        "questionnaire",
        "template",
        "sales-marketing-alignment",
        "--role",
        "sales",
        "-o",
        folder / "sales-x.yaml",
    )
    assert template.code == 0, template.err
    monkeypatch.chdir(tmp_path)
    for columns, expected in [
        ("80", "Sales anonymous 0/59 59 blank"),
        ("120", "Sales anonymous 0 of 59 59 blank"),
    ]:
        monkeypatch.setenv("COLUMNS", columns)
        out = cli("status", "responses").out
        header = next(line for line in out.splitlines() if line.startswith("File"))
        assert "59/59" not in out and "59 of 59" not in out
        row = next(line for line in out.splitlines() if line.startswith("sales-x"))
        assert expected in " ".join(row.split()), out
    assert "Answered" in header and "Don't know" in header
    doc = json.loads(cli("status", "responses", "-f", "json").out)
    (shown,) = doc["files"]
    # the existing keys keep their meaning ("answered" counts "don't know", as report does)
    assert {k: shown[k] for k in ("answered", "dont_know", "asked", "state")} == {
        "answered": 59,
        "dont_know": 59,
        "asked": 59,
        "state": "blank",
    }
    assert shown["answered_excluding_dont_know"] == 0


def test_no_dont_know_column_when_no_file_has_one(cli, folder: Path, monkeypatch) -> None:
    (folder / "marketing-x.yaml").unlink()
    monkeypatch.chdir(folder.parent)
    out = cli("status", "responses").out
    header = next(line for line in out.splitlines() if line.startswith("File"))
    assert header.split() == ["File", "Side", "Name", "Done", "State", "Saved"]
    assert "know" not in out
