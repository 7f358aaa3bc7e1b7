"""The config file of a scheduled run (model/config.py) at its edges: limits that must be
numbers as written, paths that must be plain, thresholds on the data, report settings, every
path resolved against the file's folder, and each refusal named exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from alignment_cli.errors import ConfigError
from alignment_cli.model.config import (
    DATA_THRESHOLDS,
    DEFAULT_FORMATS,
    DEFAULT_OUTPUT,
    Config,
    LoadedConfig,
    ReportSettings,
    Thresholds,
    _a_number,
    load_config,
    plain_path,
)


def refusal(model: type[Any], data: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            True,
            "max_gap: expected a number, not true (YAML reads yes, no, on, off, true and false "
            "as true or false)",
        ),
        # the message that reports it adds "(got '60')": the value is named once
        ("60", "a threshold must be a number from 0 to 100"),
        ("x" * 40, "a threshold must be a number from 0 to 100"),
        ([1], "a threshold must be a number from 0 to 100, not [1]"),
    ],
)
def test_a_threshold_is_a_number_as_written(value: Any, message: str) -> None:
    assert refusal(Thresholds, {"max_gap": value}) == message


def test_a_boolean_limit_in_words() -> None:
    # the models' own guard refuses a boolean first; the helper says it the same way
    for value, word in ((True, "true"), (False, "false")):
        with pytest.raises(ValueError, match="must be a number") as caught:
            _a_number(value, "a limit")
        assert str(caught.value) == f"a limit must be a number from 0 to 100, not {word}"
    assert _a_number(None, "a limit") is None and _a_number(0, "a limit") == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            True,
            "dimensions.leads: expected a number, not true (YAML reads yes, no, on, off, true "
            "and false as true or false)",
        ),
        ("50", "the minimum for leads must be a number from 0 to 100, not '50'"),
        (-0.1, "the minimum for leads must lie between 0 and 100"),
        (100.1, "the minimum for leads must lie between 0 and 100"),
    ],
)
def test_a_dimension_minimum_is_a_number_from_0_to_100(value: Any, message: str) -> None:
    assert refusal(Thresholds, {"dimensions": {"leads": value}}) == message


@pytest.mark.parametrize("value", [0, 100, 0.0, 55.5])
def test_the_ends_of_a_dimension_minimum_are_taken(value: float) -> None:
    assert Thresholds.model_validate({"dimensions": {"leads": value}}).dimensions == {"leads": value}


def test_thresholds_left_empty_or_out_are_empty() -> None:
    assert Thresholds.model_validate({"dimensions": None}).dimensions == {}
    assert Thresholds.model_validate({"max_gap": None}).empty
    assert Config.model_validate({"responses": ["r"], "thresholds": None}).thresholds.empty


@pytest.mark.parametrize(
    "limits",
    [
        {"alignment_index": 0},
        {"max_gap": 10},
        {"max_drop": 0},
        {"max_overdue_actions": 0},
        {"dimensions": {"leads": 0}},
        {"min_mql_to_sql": 0},
        {"max_recycled_share": 5},
    ],
)
def test_any_one_limit_makes_the_thresholds_not_empty(limits: dict[str, Any]) -> None:
    assert not Thresholds.model_validate(limits).empty


def test_the_limits_on_the_data_by_name() -> None:
    everything = {name: 10.0 + i for i, name in enumerate(DATA_THRESHOLDS)}
    assert Thresholds.model_validate(everything).on_data == everything
    assert Thresholds.model_validate(
        {"max_hours_to_first_contact": 0, "min_acceptance_rate": 50}
    ).on_data == {"max_hours_to_first_contact": 0, "min_acceptance_rate": 50}
    assert Thresholds().on_data == {}
    assert DATA_THRESHOLDS["max_hours_to_first_contact"] == ("hours_to_first_contact", "at most")
    assert DATA_THRESHOLDS["min_contacted_within_24h"] == ("contacted_within_24h", "at least")


@pytest.mark.parametrize("value", ["a\x1b[31mb", "a\u202eb", "a\nb", "a\x00b", "a\rb"])
def test_a_path_holding_what_no_file_name_needs_is_refused(value: str) -> None:
    with pytest.raises(
        ValueError,
        match=r"^a path may not hold control characters, bidi "
        r"controls or line breaks$",
    ):
        plain_path(value)
    assert refusal(Config, {"responses": [value]}) == (
        "a path may not hold control characters, bidi controls or line breaks"
    )
    assert "a path may not hold" in refusal(Config, {"responses": ["r"], "baseline": value})
    assert "a path may not hold" in refusal(Config, {"responses": ["r"], "questionnaire": value})
    assert "a path may not hold" in refusal(ReportSettings, {"output": value})


@pytest.mark.parametrize("value", ["responses/", " spaced name.yaml ", "Jänä/ü.yaml", "a b"])
def test_a_plain_path_is_kept_as_written(value: str) -> None:
    assert plain_path(value) == value
    assert Config.model_validate({"responses": value}).responses == [value]


def test_report_settings_one_format_or_many_and_never_the_terminal() -> None:
    assert ReportSettings.model_validate({"formats": "pdf"}).formats == ["pdf"]
    assert ReportSettings.model_validate({"formats": None}).formats == []
    assert ReportSettings.model_validate({"formats": ["md", "json"]}).formats == ["md", "json"]
    defaults = ReportSettings()
    assert defaults.formats == DEFAULT_FORMATS == ["md", "html", "json"]
    assert defaults.formats is not DEFAULT_FORMATS
    assert (defaults.output, defaults.paper) == (DEFAULT_OUTPUT, "a4") == ("reports", "a4")
    assert refusal(ReportSettings, {"formats": ["md", "terminal"]}) == (
        "terminal is drawn on screen, not written to a file; expected md, html, json or pdf"
    )


@pytest.mark.parametrize(("value", "text"), [(2026, "2026"), (1.5, "1.5"), ("Acme", "Acme"), (None, None)])
def test_a_number_given_for_a_name_or_path_is_its_text(value: Any, text: str | None) -> None:
    c = Config.model_validate(
        {
            "responses": ["r"],
            "organization": value,
            "baseline": value,
            "actions": value,
            "history": value,
            "crm": value,
        }
    )
    assert (c.organization, c.baseline, c.actions, c.history, c.crm) == (text,) * 5


def test_a_boolean_is_not_taken_for_text() -> None:
    assert "valid string" in refusal(Config, {"responses": ["r"], "organization": True})


def loaded(tmp_path: Path, **settings: Any) -> LoadedConfig:
    return LoadedConfig(
        path=tmp_path / "cfg" / "alignment.yml",
        text="responses: [r]\n",
        settings=Config.model_validate({"responses": ["r"]} | settings),
    )


def test_every_path_is_relative_to_the_file_s_folder(tmp_path: Path) -> None:
    c = loaded(
        tmp_path, baseline="b.json", actions="a.yaml", crm="crm.json", history="h", report={"output": "out"}
    )
    folder = tmp_path / "cfg"
    assert c.folder == folder
    assert (c.baseline_path, c.actions_path, c.crm_path, c.history_folder, c.output_folder) == (
        folder / "b.json",
        folder / "a.yaml",
        folder / "crm.json",
        folder / "h",
        folder / "out",
    )
    assert c.resolve("/abs/x") == Path("/abs/x")
    assert c.resolve("~/x") == Path.home() / "x"
    bare = loaded(tmp_path)
    assert (
        bare.baseline_path,
        bare.actions_path,
        bare.crm_path,
        bare.history_folder,
        bare.output_folder,
    ) == (None,) * 5


def test_an_error_points_at_its_key_when_it_can(tmp_path: Path) -> None:
    c = loaded(tmp_path)
    at_key = c.error("wrong", "responses", 0)
    assert (at_key.detail, at_key.where, at_key.path) == (
        "wrong",
        "1:13",
        str(tmp_path / "cfg" / "alignment.yml"),
    )
    assert c.error("wrong").where is None


def write(folder: Path, text: str) -> Path:
    (folder / "responses").mkdir(exist_ok=True)
    path = folder / "alignment.yml"
    path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


def test_a_file_that_cannot_be_read_is_a_config_error(tmp_path: Path) -> None:
    err = config_error(tmp_path / "missing.yml")
    assert type(err) is ConfigError and err.detail == "config file not found"
    err = config_error(write(tmp_path, "responses: [a\n"))
    assert type(err) is ConfigError and err.where == "2:1"
    err = config_error(write(tmp_path, "- responses\n"))
    assert err.detail == "expected a mapping with questionnaire, responses, thresholds, ..."
    assert err.where == "1:1"


@pytest.mark.parametrize(
    "ref", ["sales-marketing-alignment", "sales-marketing-quick@1.1", "sales-marketing-alignment@2.0"]
)
def test_a_built_in_questionnaire_is_not_looked_for_as_a_file(tmp_path: Path, ref: str) -> None:
    assert load_config(write(tmp_path, f"responses: [responses]\nquestionnaire: {ref}\n"))


def test_a_questionnaire_that_is_neither_is_named_with_the_built_in_ids(tmp_path: Path) -> None:
    err = config_error(write(tmp_path, "responses: [responses]\nquestionnaire: nope@1\n"))
    assert err.detail == (
        "questionnaire 'nope@1' is neither a built-in id (sales-marketing-alignment, "
        f"sales-marketing-quick) nor a file ({tmp_path / 'nope@1'} does not exist; paths are "
        "relative to the config file's folder)"
    )
    assert err.where == "2:1"
    (tmp_path / "q.yaml").write_text("x: 1\n", encoding="utf-8")
    assert load_config(write(tmp_path, "responses: [responses]\nquestionnaire: q.yaml\n"))


def test_a_missing_responses_entry_is_named_at_its_place(tmp_path: Path) -> None:
    err = config_error(write(tmp_path, "responses:\n  - responses\n  - 'r?/*.yaml'\n  - gone\n"))
    assert err.detail == (
        f"responses: {tmp_path / 'gone'} does not exist (paths are relative "
        "to the config file's folder); create it and add response files, or "
        "fix the path"
    )
    assert err.where == "4:5"
    for pattern in ("x*", "x?", "x[ab]"):
        assert load_config(write(tmp_path, f"responses: ['{pattern}']\n"))


def test_a_path_ending_in_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="line breaks"):
        plain_path("responses/\n")


def test_a_config_file_s_problems_name_it(tmp_path: Path) -> None:
    empty = write(tmp_path, "  \n")
    err = config_error(empty)
    assert (err.detail, err.path) == ("is empty; expected a YAML config file", str(empty))
    listed = write(tmp_path, "- a\n")
    assert config_error(listed).path == str(listed)


def test_a_missing_entry_whose_name_holds_capitals_is_named(tmp_path: Path) -> None:
    err = config_error(write(tmp_path, "responses: [XX gone]\n"))
    assert err.detail.startswith(f"responses: {tmp_path / 'XX gone'} does not exist")


def test_with_no_built_in_questionnaire_the_message_says_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alignment_cli.model import questionnaire

    monkeypatch.setattr(questionnaire, "builtin_paths", dict)
    err = config_error(write(tmp_path, "responses: [responses]\nquestionnaire: q.yaml\n"))
    assert err.detail.startswith("questionnaire 'q.yaml' is neither a built-in id (none) nor a file")
