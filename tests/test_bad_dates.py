"""A value shaped like a date that is no real date (`2026-02-30`, `2026-13-45`, or such a day with
a time) is refused where YAML reads it, so every kind of file says the same: the file, the line
and column, the key, the value and why, with exit 2. Before, datetime's ValueError escaped the
loader: exit 3, or "cannot be read: ValueError" with no place. And --debug adds a traceback
without changing the exit code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from alignment_cli.errors import InputError
from alignment_cli.io.fastyaml import parse_simple
from alignment_cli.io.yamlio import load_yaml, strict_load
from alignment_cli.model.actions import draft_plan, render_actions
from alignment_cli.model.questionnaire import Questionnaire
from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    CliResult,
    make_response,
    two_heads,
    write_response,
)

Cli = Callable[..., CliResult]

# value as written -> why it is refused
BAD = {
    "2026-02-30": "not a real date: '2026-02-30' (February 2026 has 28 days)",
    "2026-13-45": "not a real date: '2026-13-45' (a month is 1 to 12)",
    "2026-02-30 10:00:00": "not a real date: '2026-02-30 10:00:00' (February 2026 has 28 days)",
    "2026-02-30T10:00:00Z": "not a real date: '2026-02-30T10:00:00Z' (February 2026 has 28 days)",
}
MORE_BAD = {
    "2024-02-30": "not a real date: '2024-02-30' (February 2024 has 29 days)",
    "2026-04-31": "not a real date: '2026-04-31' (April 2026 has 30 days)",
    "2026-01-00": "not a real date: '2026-01-00' (a day is 1 to 31)",
    "2026-00-10": "not a real date: '2026-00-10' (a month is 1 to 12)",
    "0000-01-01": "not a real date: '0000-01-01' (there is no year 0)",
    "2026-02-10T24:00:00": "not a real time: '2026-02-10T24:00:00' (an hour is 0 to 23)",
    "2026-02-10 23:60:00": "not a real time: '2026-02-10 23:60:00' (a minute is 0 to 59)",
    "2026-02-10T23:59:60Z": "not a real time: '2026-02-10T23:59:60Z' (a second is 0 to 59)",
    "2026-02-10 10:00:00 +24": (
        "not a real time: '2026-02-10 10:00:00 +24' (a time zone is less than 24 hours from UTC)"
    ),
    # each check at its edge: the last real month, day, hour and minute pass on to the next check
    "2026-12-32": "not a real date: '2026-12-32' (December 2026 has 31 days)",
    "0001-02-29": "not a real date: '0001-02-29' (February 1 has 28 days)",
    "2026-02-28T24:00:00": "not a real time: '2026-02-28T24:00:00' (an hour is 0 to 23)",
    "2026-12-31 00:60:00": "not a real time: '2026-12-31 00:60:00' (a minute is 0 to 59)",
    "2026-02-10T00:00:60": "not a real time: '2026-02-10T00:00:60' (a second is 0 to 59)",
    "2026-02-10 23:59:59 -24:00": (
        "not a real time: '2026-02-10 23:59:59 -24:00' (a time zone is less than 24 hours from UTC)"
    ),
}


def survey_shaped(value: str) -> str:
    """A file in the simple shape the fast reader takes, with the value on line 3, column 13."""
    return f"organization: Acme\nanswers:\n  started_at: {value}\n"


# --- the loaders: one error, at its place, from both ------------------------------------------


@pytest.mark.parametrize(("value", "why"), list((BAD | MORE_BAD).items()), ids=list(BAD | MORE_BAD))
def test_a_date_that_is_no_date_is_named_with_its_place_and_why(value: str, why: str) -> None:
    text = survey_shaped(value)
    # the fast reader steps aside from every timestamp, so the strict loader decides; it raises
    # a YAML error (with a place), never datetime's bare ValueError
    assert parse_simple(text) is None
    with pytest.raises(yaml.YAMLError):
        strict_load(text)
    with pytest.raises(InputError) as caught:
        load_yaml(text, path="r.yaml")
    err = caught.value
    assert (err.path, err.where, err.detail) == ("r.yaml", "3:15", f"started_at: {why}")
    assert str(err) == f"r.yaml:3:15: started_at: {why}"


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("2026-02-28", date(2026, 2, 28)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2026-12-31", date(2026, 12, 31)),
        ("0001-01-01", date(1, 1, 1)),
        ("2026-02-10T23:59:59Z", datetime(2026, 2, 10, 23, 59, 59, tzinfo=UTC)),
        (
            "2026-02-10 10:00:00 +23:59",
            datetime(2026, 2, 10, 10, 0, tzinfo=timezone(timedelta(hours=23, minutes=59))),
        ),
        ("2026-02-28T10:00:00Z", datetime(2026, 2, 28, 10, 0, tzinfo=UTC)),
        ("'2026-02-30'", "2026-02-30"),  # in quotes it is text; the model judges it
    ],
)
def test_a_real_date_and_a_quoted_one_read_as_before(value: str, read: object) -> None:
    text = survey_shaped(value)
    fast = parse_simple(text)
    assert fast is None or fast == strict_load(text)
    assert strict_load(text)["answers"]["started_at"] == read
    assert load_yaml(text, path="r.yaml")["answers"]["started_at"] == read


@pytest.mark.parametrize(
    ("text", "where", "detail"),
    [
        ("actions:\n- due: 2026-02-30\n", "2:8", "due: "),  # a list of mappings: the dash is not the key
        ("a: {b: 1, due: 2026-02-30}\n", "1:16", "due: "),  # flow style: the key just before
        ("dates: [2026-02-30]\n", "1:9", ""),  # in a list no key is the value's own
        ("- 2026-02-30\n", "1:3", ""),
    ],
)
def test_the_key_named_is_the_one_the_value_belongs_to(text: str, where: str, detail: str) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(text, path="f.yaml")
    why = BAD["2026-02-30"]
    assert (caught.value.where, caught.value.detail) == (where, detail + why)


@pytest.mark.parametrize("value", ["hello", "2026-02-03x"])
def test_text_tagged_a_timestamp_that_is_none_is_named(value: str) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(f"due: !!timestamp {value}\n", path="f.yaml")
    assert (caught.value.where, caught.value.detail) == (
        "1:6",
        f"due: not a real date: '{value}' (write a date as YYYY-MM-DD)",
    )


# --- every kind of file, through the command line ---------------------------------------------

RESPONSES = Path("r")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two valid responses to the mini questionnaire; paths in messages are then
    short and relative, as a user types them."""
    monkeypatch.chdir(tmp_path)
    write_response(RESPONSES, "sales.yaml", make_response("sales", SALES_ANSWERS, head=True))
    write_response(RESPONSES, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, head=True))
    return tmp_path


def _place(path: Path, key: str) -> tuple[int, int]:
    """The line and column of `key`'s value in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip(" -").startswith(f"{key}: "):
            return number, line.index(f"{key}: ") + len(key) + 3
    raise AssertionError(f"{key} not in {path}")


def _set(path: Path, key: str, value: str) -> tuple[int, int]:
    """Give the first `key` in the file the value, as written; returns its line and column."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number, column = _place(path, key)
    lines[number - 1] = lines[number - 1][: column - 1] + value + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number, column


def _refused(result: CliResult, path: Path, place: tuple[int, int], key: str, value: str) -> None:
    assert result.code == 2, result
    assert result.err == f"alignment: {path}:{place[0]}:{place[1]}: {key}: {BAD[value]}\n"
    assert "Traceback" not in result.err


def _actions_file(mini: Questionnaire, value: str) -> tuple[Path, tuple[int, int]]:
    path = Path("actions.yaml")
    text = render_actions(draft_plan(two_heads(mini)))
    path.write_text(text.replace("  status: not-now\n", "  status: open\n  owner: ceo\n  due: X\n", 1))
    return path, _set(path, "due", value)


@pytest.mark.parametrize("value", list(BAD))
def test_an_actions_file(work: Path, cli: Cli, mini: Questionnaire, value: str) -> None:
    path, place = _actions_file(mini, value)
    report = cli("report", RESPONSES, "--questionnaire", MINI, "--actions", path, "-f", "md", "-o", "out.md")
    _refused(report, path, place, "due", value)
    assert not Path("out.md").exists()


@pytest.mark.parametrize("value", list(BAD))
def test_an_actions_file_plan_would_go_on_with(work: Path, cli: Cli, mini: Questionnaire, value: str) -> None:
    assert cli("report", RESPONSES, "--questionnaire", MINI, "-f", "json", "-o", "result.json").code == 0
    path, place = _actions_file(mini, value)
    before = path.read_bytes()
    _refused(cli("plan", "result.json", "--no-input", "-o", path), path, place, "due", value)
    assert path.read_bytes() == before  # the user's file is left as it was


def test_a_quoted_impossible_due_date_is_still_the_model_s_to_refuse(
    work: Path, cli: Cli, mini: Questionnaire
) -> None:
    path, (line, _) = _actions_file(mini, "'2026-02-30'")
    report = cli("report", RESPONSES, "--questionnaire", MINI, "--actions", path, "-f", "md", "-o", "out.md")
    assert report.code == 2
    assert report.err.startswith(f"alignment: {path}:{line}:3: actions[0].due: ")
    assert "(got '2026-02-30')" in report.err


@pytest.mark.parametrize("key", ["organization", "min_completeness"])
@pytest.mark.parametrize("value", list(BAD))
def test_a_config_file(work: Path, cli: Cli, key: str, value: str) -> None:
    path = Path("alignment.yml")
    path.write_text(f"responses: [r/]\nquestionnaire: {MINI}\n{key}: X\n", encoding="utf-8")
    place = _set(path, key, value)
    _refused(cli("check", path), path, place, key, value)


@pytest.mark.parametrize("key", ["started_at", "completed_at", "organization"])
@pytest.mark.parametrize("value", list(BAD))
def test_a_response_file(work: Path, cli: Cli, key: str, value: str) -> None:
    path = RESPONSES / "sales.yaml"
    place = _set(path, key, value)
    _refused(
        cli("report", RESPONSES, "--questionnaire", MINI, "-f", "md", "-o", "out.md"), path, place, key, value
    )
    assert not Path("out.md").exists()
    status = cli("status", RESPONSES, "--questionnaire", MINI)
    assert status.code == 2
    assert f"invalid: {path}:{place[0]}:{place[1]}: {key}: {BAD[value]}" in " ".join(status.out.split())


@pytest.mark.parametrize("value", list(BAD))
def test_a_questionnaire_file(work: Path, cli: Cli, value: str) -> None:
    path = Path("q.yaml")
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    place = _set(path, "version", value)
    _refused(cli("questionnaire", "validate", path), path, place, "version", value)
    report = cli("report", RESPONSES, "--questionnaire", path, "-f", "md", "-o", "out.md")
    _refused(report, path, place, "version", value)


# --- --debug shows the traceback and keeps the exit code ----------------------------------------


def test_debug_keeps_an_input_error_s_exit_code(work: Path, cli: Cli) -> None:
    for args in (["--debug", "report", "missing"], ["report", "missing", "--debug"]):
        result = cli(*args)
        assert result.code == 2
        assert result.err.startswith("Traceback (most recent call last):\n")
        assert result.err.endswith(
            "alignment_cli.errors.InputError: missing: no such file or folder\n"
            "alignment: missing: no such file or folder\n"
        )
    plain = cli("report", "missing")
    assert (plain.code, plain.err) == (2, "alignment: missing: no such file or folder\n")


def test_debug_keeps_a_bug_s_exit_code(work: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("alignment_cli.commands.report.run_report", broken)
    result = cli("--debug", "report", RESPONSES)
    assert result.code == 3
    assert result.err.startswith("Traceback (most recent call last):\n")
    assert result.err.endswith(
        "RuntimeError: a bug\nalignment: internal error: RuntimeError: a bug\n"
        "Please report it with the traceback above.\n"
    )
    plain = cli("report", RESPONSES)
    assert plain.code == 3
    assert plain.err == (
        "alignment: internal error: RuntimeError: a bug\n"
        "Run again with --debug for the traceback, and please report it.\n"
    )


# --- a real date where text is meant ------------------------------------------------------------

AS_TEXT = (
    "Input should be a valid string (got 2026-02-28, which YAML reads as a date; put it in quotes for text)"
)


def test_a_real_date_where_text_is_meant_says_to_quote_it(work: Path, cli: Cli) -> None:
    config = Path("alignment.yml")
    config.write_text(f"responses: [r/]\nquestionnaire: {MINI}\norganization: 2026-02-28\n", encoding="utf-8")
    assert cli("check", config).err == f"alignment: {config}:3:1: organization: {AS_TEXT}\n"
    questionnaire = Path("q.yaml")
    questionnaire.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    line, _ = _set(questionnaire, "version", "2026-02-28")
    validate = cli("questionnaire", "validate", questionnaire)
    assert (validate.code, validate.err) == (2, f"alignment: {questionnaire}:{line}:1: version: {AS_TEXT}\n")
    response = RESPONSES / "sales.yaml"
    line, _ = _set(response, "organization", "2026-02-28")
    report = cli("report", RESPONSES, "--questionnaire", MINI, "-f", "md", "-o", "out.md")
    assert (report.code, report.err) == (2, f"alignment: {response}:{line}:1: organization: {AS_TEXT}\n")
    # a number field says what it got, with no advice to quote
    config.write_text(
        f"responses: [r/]\nquestionnaire: {MINI}\nmin_completeness: 2026-02-28\n", encoding="utf-8"
    )
    assert cli("check", config).err == (
        f"alignment: {config}:3:1: min_completeness: Input should be a valid number"
        " (got 2026-02-28, which YAML reads as a date)\n"
    )
