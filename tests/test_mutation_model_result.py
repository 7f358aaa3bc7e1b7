"""The result document's own logic (model/result.py), at its edges: how a side is named, looking a
dimension up, the plan and the other ideas, a stage's label, the defaults a result written before
a setting existed reads with, and the document written with its aliases."""

from __future__ import annotations

from typing import Any

import pytest

from alignment_cli.model.questionnaire import Rules as QuestionnaireRules
from alignment_cli.model.result import (
    SCHEMA_VERSION,
    Result,
    Rules,
    SideSummary,
    StageBand,
    side_name,
)


@pytest.mark.parametrize(
    ("side", "name"),
    [
        ("sales", "Sales"),
        ("marketing", "Marketing"),
        ("sales-ops", "Sales Ops"),
        ("customer-success-team", "Customer Success Team"),
        ("", ""),
    ],
)
def test_a_side_is_named_in_title_case_with_spaces(side: str, name: str) -> None:
    assert side_name(side) == name


def result(**fields: Any) -> Result:
    base: dict[str, Any] = {
        "generator": "alignment-cli test",
        "questionnaire": {"id": "q", "version": "1", "title": "Q"},
        "sides": ["sales", "marketing"],
        "respondents": {},
        "gaps_computable": True,
        "alignment_index": 50.0,
        "stage": None,
        "stages": [],
        "headline": "h",
        "dimensions": [{"id": "a", "title": "A", "scores": {}}, {"id": "b", "title": "B", "scores": {}}],
    }
    return Result.model_validate(base | fields)


def test_a_dimension_is_found_by_its_id_and_an_unknown_one_is_none() -> None:
    r = result()
    found = r.dimension("b")
    assert found is not None and found.title == "B"
    assert r.dimension("a") is r.dimensions[0]
    assert r.dimension("c") is None and r.dimension("") is None


def test_the_plan_and_the_other_ideas_split_the_recommendations_in_order() -> None:
    def rec(rid: str, in_plan: bool) -> dict[str, Any]:
        return {
            "id": rid,
            "title": rid,
            "dimension": "a",
            "dimension_title": "A",
            "actions": [],
            "in_plan": in_plan,
        }

    r = result(recommendations=[rec("r1", True), rec("r2", False), rec("r3", True), rec("r4", False)])
    assert [x.id for x in r.plan] == ["r1", "r3"]
    assert [x.id for x in r.more_ideas] == ["r2", "r4"]
    assert result().plan == [] and result().more_ideas == []


@pytest.mark.parametrize(
    ("counts", "several"),
    [
        ({}, False),
        ({"sales": 1, "marketing": 1}, False),
        ({"sales": 0, "marketing": 0}, False),
        ({"sales": 1, "marketing": 2}, True),
        ({"sales": 2}, True),
    ],
)
def test_several_per_side_means_more_than_one_respondent_on_some_side(
    counts: dict[str, int], several: bool
) -> None:
    r = result(respondents={side: {"respondents": n} for side, n in counts.items()})
    assert r.several_per_side is several


def test_a_stage_is_labelled_by_its_boundary_when_it_has_one() -> None:
    band = StageBand.model_validate({"name": "Defined", "from": 50, "to": 75})
    assert band.label == "Defined" and band.from_ == 50.0
    crossing = band.model_copy(update={"boundary": "between Defined and Aligned"})
    assert crossing.label == "between Defined and Aligned"
    assert band.model_copy(update={"boundary": ""}).label == "Defined"


def test_the_document_uses_the_aliases_and_plain_json_values() -> None:
    band = {"name": "Defined", "from": 50, "to": 75}
    doc = result(stage=band, stages=[band]).to_document()
    assert doc["stage"] == {
        "name": "Defined",
        "from": 50.0,
        "to": 75.0,
        "summary": "",
        "boundary": None,
        "colour": "",
    }
    assert "from_" not in doc["stages"][0] and doc["stages"][0]["from"] == 50.0
    assert doc["schema_version"] == SCHEMA_VERSION == 3
    assert doc["dimensions"][0]["status"] == "scored"


def test_rules_read_from_an_old_result_default_to_the_questionnaire_s_rules() -> None:
    rules, defaults = Rules(), QuestionnaireRules()
    assert rules.stage_colours == list(defaults.stage_colours)
    assert rules.evidence == defaults.evidence.model_dump()
    assert rules.tolerances == {k: t.model_dump() for k, t in defaults.tolerances.items()}
    assert rules.top_band == 75.0
    # each result gets its own copies: changing one never changes the defaults of another
    rules.stage_colours.append("#000000")
    rules.evidence["x"] = 1.0
    assert Rules().stage_colours == list(defaults.stage_colours)
    assert "x" not in Rules().evidence


def test_a_side_summary_and_a_result_start_empty() -> None:
    summary = SideSummary()
    assert (summary.respondents, summary.complete, summary.heads) == (0, 0, 0)
    assert summary.teams == {} and summary.names is None and summary.completeness is None
    r = result()
    assert r.min_group_size == 3 and r.show_names is False and r.crm is None
