"""`alignment questionnaire export`: the sheet a survey form is built from, and the handout."""

from __future__ import annotations

import csv
import io

from alignment_cli.commands.importing import plan_import
from alignment_cli.io.imports import parse_table
from alignment_cli.model.questionnaire import resolve_questionnaire
from alignment_cli.render.export import SHEET_COLUMNS, export_csv, export_markdown

MINI = "tests/fixtures/mini.yaml"


def test_the_sheet_has_one_row_per_form_field(mini):
    rows = list(csv.DictReader(io.StringIO(export_csv(mini))))
    assert list(rows[0]) == SHEET_COLUMNS
    ids = [r["id"] for r in rows]
    assert ids[:4] == ["side", "name", "team", "head"]
    assert [i for i in ids if i in mini.questions] == list(mini.questions)
    assert [i for i in ids if i.startswith("comment:")] == [f"comment:{d.id}" for d in mini.dimensions]
    by_id = {r["id"]: r for r in rows}
    assert (
        by_id["goals.agreed"]["answers"]
        == "1=Strongly disagree\n2\n3=Neither\n4\n5=Strongly agree\n?=Don't know"
    )
    assert by_id["goals.structure"]["answers"].startswith("one-leader=One leader\n")
    assert by_id["leads.follow-up"]["answers"] == "a number from 0 to 100 %\n?=Don't know"
    assert by_id["leads.worth-it"]["asked_of"] == "sales"
    assert by_id["goals.agreed"]["asked_of"] == "all"
    assert by_id["goals.agreed"]["dimension_title"] == "Shared goals"


def test_a_form_built_from_the_sheet_imports_as_it_is(mini, tmp_path):
    """Headers taken straight from the sheet's id column are all matched."""
    rows = list(csv.DictReader(io.StringIO(export_csv(mini))))
    header = [r["id"] for r in rows]
    values = {"side": "Sales", "name": "Ana", "head": "No", "goals.agreed": "4", "leads.follow-up": "30"}
    line = [values.get(h, "") for h in header]
    sheet = io.StringIO()
    csv.writer(sheet).writerows([header, line])
    plan = plan_import(parse_table(sheet.getvalue(), path=None), mini, tmp_path, path=None)
    assert plan.unmatched == []
    ((path, response),) = plan.files
    assert path.name == "sales-ana.yaml"
    assert response.answers == {"goals.agreed": 4, "leads.follow-up": 30}


def test_the_handout_lists_every_question_with_its_boxes(mini):
    md = export_markdown(mini)
    assert md.startswith("# Mini alignment check\n")
    for question in mini.questions.values():
        assert question.text.rstrip(".") in md
    assert "**6. Leads are worth it.** *(Sales only)*" in md
    assert "- ☐ 1 Strongly disagree\n- ☐ 2\n- ☐ 3 Neither" in md
    assert "Answer: ________ % (0 to 100)" in md
    assert md.count("Anything to add about") == len(mini.dimensions)


def test_the_handout_escapes_markdown_in_the_questionnaire_text(mini):
    hostile = mini.model_copy(update={"title": "Q <img src=x> *bold* @team"})
    md = export_markdown(hostile)
    assert "<img" not in md and "&lt;img src=x&gt;" in md
    assert "\\*bold\\*" in md and "@\u200bteam" in md


def test_export_command(tmp_path, cli):
    out = tmp_path / "sheet.csv"
    first = cli("questionnaire", "export", "sales-marketing-alignment", "-o", out)
    assert first.code == 0 and out.read_text(encoding="utf-8").startswith("id,dimension,")
    assert cli("questionnaire", "export", "sales-marketing-alignment", "-o", out).code == 2
    md = cli("questionnaire", "export", MINI, "--format", "md")
    assert md.code == 0 and md.out.startswith("# Mini alignment check")
    bad = cli("questionnaire", "export", MINI, "--format", "pdf")
    assert bad.code == 2 and "expected csv or md" in bad.err


def test_the_built_in_questionnaire_exports_every_item():
    q = resolve_questionnaire("sales-marketing-alignment")
    rows = list(csv.DictReader(io.StringIO(export_csv(q))))
    assert len([r for r in rows if r["id"] in q.questions]) == len(q.questions)
