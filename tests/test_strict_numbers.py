"""YAML reads yes, no, on, off, true and false as booleans, and pydantic would take a boolean as
1 or 0 wherever a number is expected. Every number in a file a person writes refuses them: the
guard follows the field's type (model/base.py), not a list of field names."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.model.base import UserFileModel
from alignment_cli.model.config import Config, Thresholds
from alignment_cli.model.questionnaire import EvidenceWeights, Rules
from tests.helpers import MINI

# the settings a consultant tunes in a questionnaire's `rules:`, each once as a YAML boolean
RULES = [
    "large_gap: yes",
    "severe_gap: on",
    "low_view: true",
    "min_answered_share: off",
    "priorities: yes",
    "bootstrap_seed: no",
    "agreement_flag: True",
]


@pytest.mark.parametrize("setting", RULES)
def test_a_boolean_for_a_rule_is_refused_with_exit_2(setting: str, tmp_path: Path, cli) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(MINI.read_text(encoding="utf-8") + f"rules:\n  {setting}\n", encoding="utf-8")
    result = cli("questionnaire", "validate", path)
    assert result.code == 2, result
    key, word = setting.split(": ")
    assert (
        f"{key}: expected a number, not {word.lower() in ('yes', 'on', 'true')}".lower() in result.err.lower()
    )
    assert "YAML reads yes, no, on, off, true and false" in result.err
    assert "Traceback" not in result.err


def test_a_number_for_a_rule_is_still_a_number(tmp_path: Path, cli) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(MINI.read_text(encoding="utf-8") + "rules:\n  large_gap: 25\n", encoding="utf-8")
    assert cli("questionnaire", "validate", path).code == 0


@pytest.mark.parametrize(
    ("model", "document", "key"),
    [
        (Rules, {"large_gap": True}, "large_gap"),
        (Rules, {"findings_shown": False}, "findings_shown"),
        (EvidenceWeights, {"contested_fact": True}, "contested_fact"),
        (Thresholds, {"max_gap": True}, "max_gap"),
        (Thresholds, {"dimensions": {"goals": True}}, "dimensions.goals"),
        (
            Config,
            {"questionnaire": "q.yaml", "responses": ["r/"], "thresholds": {"max_drop": False}},
            "max_drop",
        ),
    ],
)
def test_every_number_field_refuses_a_boolean(
    model: type[UserFileModel], document: dict[str, object], key: str
) -> None:
    with pytest.raises(ValueError, match=f"{key}: expected a number, not (true|false)"):
        model.model_validate(document)


def test_the_number_fields_are_found_from_the_types() -> None:
    assert {"large_gap", "priorities", "min_completeness"} <= Rules.number_fields
    assert "dimensions" in Thresholds.number_item_fields
    assert "max_gap" in Thresholds.number_fields
    # text, booleans and dates are not numbers
    assert not {"organization", "questionnaire"} & Config.number_fields


def test_true_and_false_still_fill_boolean_fields() -> None:
    from alignment_cli.model.response import Respondent

    assert Respondent.model_validate({"role": "sales", "head": True}).head is True
    assert "head" not in Respondent.number_fields


def test_the_result_rules_are_the_questionnaire_rules_with_one_set_of_defaults() -> None:
    """A result carries the rules it was computed with; one read from a file written before a
    setting existed takes the questionnaire's default for it, never a second copy."""
    from alignment_cli.model.result import Rules as ResultRules

    written, read = Rules().model_dump(), ResultRules().model_dump()
    assert set(read) - set(written) == {"top_band"}
    assert set(written) <= set(read)
    assert {k: read[k] for k in written} == written
