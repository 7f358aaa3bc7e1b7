"""The response model (model/response.py) at its edges: "not applicable" in its written forms,
recording and writing answers, the header and answers checked against the questionnaire, the
answered share, and finding response files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.errors import InputError, InvalidFilesError
from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.model.response import (
    NotApplicable,
    Response,
    answered_share,
    as_not_applicable,
    asked_of_role,
    check_against,
    completeness,
    discover,
    load_response,
    now,
    parse_response,
    render_response,
    save_response,
    share,
)
from alignment_cli.scoring.completeness import screen
from tests.helpers import MINI, SALES_ANSWERS, make_response
from tests.scoring_cases import build, dimension, number, respondent

# --- "not applicable" as written ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("n/a", NotApplicable()),
        ("N/A", NotApplicable()),
        ("  n/a ", NotApplicable()),
        ({"n/a": "we have no SDRs"}, NotApplicable("we have no SDRs")),
        ({"N/A ": None}, NotApplicable()),
        ({"n/a": 3}, NotApplicable("3")),
        ({"n/a": 2.5}, NotApplicable("2.5")),
        ({"n/a": "  padded \x1b[31m "}, NotApplicable("padded")),
        (NotApplicable("kept"), NotApplicable("kept")),
        ("na", None),
        ("n/a!", None),
        ("", None),
        (None, None),
        (4, None),
        (["n/a"], None),
        ({"n/a": "x", "other": "y"}, None),
        ({"n/a": ["x"]}, None),
        ({"n/a": {"x": 1}}, None),
        ({1: "x"}, None),
        ({}, None),
    ],
)
def test_not_applicable_in_its_written_forms(value: Any, expected: NotApplicable | None) -> None:
    assert as_not_applicable(value) == expected


def test_not_applicable_answers_leave_the_answers_on_reading() -> None:
    response = make_response(
        "sales",
        {
            "goals.agreed": 4,
            "goals.conflict": "n/a",
            "leads.definition": {"n/a": "no leads"},
            "horizon.reconciled": "a/b",
        },
    )
    assert response.answers == {"goals.agreed": 4, "horizon.reconciled": "a/b"}
    assert response.not_applicable == {"goals.conflict": "", "leads.definition": "no leads"}
    assert response.answered_ids() == {
        "goals.agreed",
        "horizon.reconciled",
        "goals.conflict",
        "leads.definition",
    }


def test_a_not_applicable_key_of_its_own_is_refused() -> None:
    with pytest.raises(ValueError, match="not_applicable: unknown key"):
        Response.model_validate(
            {
                "questionnaire": {"id": "mini", "version": "1"},
                "respondent": {"role": "sales"},
                "not_applicable": {},
            }
        )


def test_record_replaces_an_answer_of_either_kind() -> None:
    response = make_response("sales", {"goals.agreed": 4})
    response.record("goals.agreed", NotApplicable("later"))
    assert response.answers == {} and response.not_applicable == {"goals.agreed": "later"}
    response.record("goals.agreed", None)
    assert response.answers == {"goals.agreed": None} and response.not_applicable == {}
    response.record("goals.agreed", 5)
    assert response.answers == {"goals.agreed": 5}


# --- the document written ------------------------------------------------------------------------


def test_the_written_document_puts_not_applicable_back_among_the_answers() -> None:
    response = make_response("sales", {"goals.agreed": 4})
    response.record("goals.conflict", NotApplicable())
    response.record("leads.definition", NotApplicable("no leads"))
    doc = response.to_document()
    assert doc["answers"] == {
        "goals.agreed": 4,
        "goals.conflict": "n/a",
        "leads.definition": {"n/a": "no leads"},
    }
    assert list(doc) == [
        "questionnaire",
        "organization",
        "respondent",
        "started_at",
        "completed_at",
        "answers",
        "comments",
    ]
    again = parse_response(render_response(response), path=None)
    assert again.not_applicable == response.not_applicable and again.answers == response.answers


def test_the_document_without_not_applicable_holds_a_copy_of_the_answers() -> None:
    response = make_response("sales", {"goals.agreed": 4}, comments={"goals": "x"})
    doc = response.to_document()
    assert doc["answers"] == {"goals.agreed": 4} and doc["answers"] is not response.answers
    assert doc["comments"] == {"goals": "x"} and doc["comments"] is not response.comments


def test_the_respondent_is_written_with_its_role_and_without_defaults() -> None:
    bare = make_response("sales", {}, organization=None)
    assert bare.to_document()["respondent"] == {"role": "sales"}
    full = make_response("marketing", {}, name="Mo", team="Brand", head=True)
    assert full.to_document()["respondent"] == {
        "role": "marketing",
        "name": "Mo",
        "team": "Brand",
        "head": True,
    }


@pytest.mark.parametrize(
    ("stamp", "written"),
    [
        (datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC), "2026-11-25T10:00:00Z"),
        (datetime(2026, 11, 25, 10, 0, 0), "2026-11-25T10:00:00Z"),  # naive: taken as UTC
        (
            datetime(2026, 11, 25, 11, 30, 5, tzinfo=timezone(timedelta(hours=1, minutes=30))),
            "2026-11-25T10:00:05Z",
        ),
        (None, None),
    ],
)
def test_timestamps_are_written_in_utc(stamp: datetime | None, written: str | None) -> None:
    response = make_response("sales", {})
    response.started_at = stamp
    response.completed_at = stamp
    doc = response.to_document()
    assert doc["started_at"] == written and doc["completed_at"] == written
    assert response.complete is (stamp is not None)


def test_now_is_utc_to_the_second() -> None:
    moment = now()
    assert moment.tzinfo is UTC and moment.microsecond == 0


# --- text fields ---------------------------------------------------------------------------------


def test_names_given_as_numbers_are_text_and_text_is_one_clean_line() -> None:
    response = Response.model_validate(
        {
            "questionnaire": {"id": " mini\n", "version": 2},
            "organization": "Acme\nCorp\x1b[2J",
            "respondent": {"role": "sales\n", "name": 42, "team": 7.5},
            "answers": None,
            "comments": {"goals": 3, "leads": None, "general": "a\nb"},
        }
    )
    assert response.questionnaire.id == "mini" and response.questionnaire.version == "2"
    assert response.organization == "Acme Corp"
    assert response.respondent.role == "sales"
    assert (response.respondent.name, response.respondent.team) == ("42", "7.5")
    assert response.answers == {}
    assert response.comments == {"goals": "3", "leads": "", "general": "a\nb"}


def test_a_boolean_name_is_refused() -> None:
    with pytest.raises(ValueError, match="name"):
        Response.model_validate(
            {"questionnaire": {"id": "mini", "version": "1"}, "respondent": {"role": "sales", "name": True}}
        )


@pytest.mark.parametrize(
    "document",
    [
        {"questionnaire": {"id": "", "version": "1"}, "respondent": {"role": "sales"}},
        {"questionnaire": {"id": "mini", "version": "1"}, "respondent": {"role": ""}},
        {"questionnaire": {"id": "mini", "version": "1"}, "respondent": {"role": "sales"}, "typo": 1},
        {"questionnaire": {"id": "mini", "version": "1"}},
        {"questionnaire": {"id": "mini", "version": 1.1}, "respondent": {"role": "sales"}},
    ],
)
def test_what_a_response_file_must_hold(document: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="validation error"):
        Response.model_validate(document)


# --- checked against the questionnaire ------------------------------------------------------------


def test_answers_in_stored_form_pass_and_others_are_normalized(mini: Questionnaire) -> None:
    response = make_response(
        "sales",
        {
            "goals.agreed": 4.0,
            "goals.structure": "one-leader",
            "leads.definition": True,
            "leads.follow-up": 35.0,
            "horizon.reconciled": None,
        },
    )
    check_against(response, mini)
    assert response.answers == {
        "goals.agreed": 4,
        "goals.structure": "one-leader",
        "leads.definition": "yes",
        "leads.follow-up": 35,
        "horizon.reconciled": None,
    }
    assert type(response.answers["goals.agreed"]) is int
    assert type(response.answers["leads.follow-up"]) is int


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"questionnaire": ("maxi", "1")}, "is for questionnaire maxi 1; expected mini 1"),
        ({"questionnaire": ("mini", "2")}, "is for questionnaire mini 2; expected mini 1"),
        ({"role": "finance"}, "respondent.role: unknown role 'finance'; expected one of sales, marketing"),
        ({"answers": {"goals.agred": 4}}, "answers: unknown question id 'goals.agred'"),
        ({"answers": {"leads.followed": 4}}, "answers.leads.followed: this question is not asked of sales"),
        ({"answers": {"goals.agreed": 9}}, "answers.goals.agreed:"),
        (
            {"answers": {"goals.agreed": "n/a"}},
            "answers.goals.agreed: this question cannot be answered 'n/a'",
        ),
        ({"answers": {"goals.agred": "n/a"}}, "answers: unknown question id 'goals.agred'"),
        (
            {"answers": {"leads.followed": "n/a"}},
            "answers.leads.followed: this question is not asked of sales",
        ),
        ({"comments": {"golas": "x"}}, "comments: 'golas' is not a dimension id (or 'general')"),
    ],
)
def test_what_does_not_fit_the_questionnaire_is_named(
    mini: Questionnaire, change: dict[str, Any], message: str
) -> None:
    response = make_response(
        change.get("role", "sales"),
        change.get("answers", {}),
        comments=change.get("comments"),
        questionnaire=change.get("questionnaire", ("mini", "1")),
    )
    with pytest.raises(InputError) as caught:
        check_against(response, mini, path="x.yaml")
    assert message in str(caught.value)
    assert "x.yaml" in str(caught.value)


def test_a_general_comment_and_dimension_comments_are_kept(mini: Questionnaire) -> None:
    response = make_response("sales", {}, comments={"general": "a", "goals": "b"})
    assert check_against(response, mini).comments == {"general": "a", "goals": "b"}


def test_errors_point_at_the_line_of_the_answer(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "questionnaire:\n  id: mini\n  version: '1'\nrespondent:\n  role: sales\n"
        "answers:\n  goals.agreed: 4\n  goals.conflict: 9\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_response(path, mini)
    assert caught.value.where == "8:3"
    assert str(caught.value).startswith(f"{path}:8:3: answers.goals.conflict")


def test_a_missing_or_broken_file_is_named_as_a_response_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_response(tmp_path / "none.yaml")
    assert str(caught.value) == f"{tmp_path / 'none.yaml'}: response file not found"
    broken = tmp_path / "broken.yaml"
    broken.write_text("answers: [1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_response(broken)
    assert str(caught.value).startswith(f"{broken}:")
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_response(listed)
    assert str(caught.value).startswith(f"{listed}:1:1: expected a mapping")


def test_a_response_for_another_questionnaire_names_the_file(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    save_response(make_response("sales", {}, questionnaire=("maxi", "1")), path, fsync=False)
    with pytest.raises(InputError) as caught:
        load_response(path, mini)
    assert str(caught.value).startswith(f"{path}:") and "maxi" in str(caught.value)
    assert load_response(path).questionnaire.id == "maxi"  # unchecked without a questionnaire


def test_saving_syncs_to_disk_unless_told_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    response = make_response("sales", {})
    save_response(response, tmp_path / "a.yaml")
    assert len(synced) == 1
    save_response(response, tmp_path / "b.yaml", fsync=False)
    assert len(synced) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "x.yaml: is empty; expected a YAML response file"),
        ("# nothing\n", "x.yaml: holds nothing but comments; expected a YAML response file"),
    ],
)
def test_an_empty_file_is_named_as_a_response_file(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_response(text, path="x.yaml")
    assert str(caught.value) == message


def test_a_file_that_is_not_a_mapping_is_refused_at_its_start() -> None:
    with pytest.raises(InputError) as caught:
        parse_response("- a\n- b\n", path="x.yaml")
    assert "expected a mapping" in str(caught.value) and caught.value.where == "1:1"


def test_save_and_load_round_trip(mini: Questionnaire, tmp_path: Path) -> None:
    response = make_response("sales", SALES_ANSWERS, name="Jana")
    path = tmp_path / "out" / "jana.yaml"
    save_response(response, path, fsync=False)
    again = load_response(path, mini)
    assert again.answers == SALES_ANSWERS and again.respondent.name == "Jana"


# --- the answered share: one definition ------------------------------------------------------------


def test_the_answered_share_counts_dont_know_and_not_applicable(mini: Questionnaire) -> None:
    response = make_response("sales", {"goals.agreed": 4, "goals.conflict": None, "leads.followed": 3})
    response.record("goals.structure", NotApplicable())
    assert asked_of_role(mini, "sales") == {
        "goals.agreed",
        "goals.conflict",
        "goals.structure",
        "leads.definition",
        "leads.follow-up",
        "leads.worth-it",
        "horizon.own-quarter",
        "horizon.reconciled",
    }
    # leads.followed is marketing's: given, but not counted for sales
    assert completeness(mini, response) == (3, 8)
    assert answered_share(response, mini) == 3 / 8
    assert completeness(mini, response, asked=frozenset({"goals.agreed", "x"})) == (1, 2)


def test_nothing_asked_is_a_share_of_nothing_and_the_file_is_left_out() -> None:
    q = build([dimension("d", number("d.s", roles=["sales"]))])
    marketing = respondent("marketing", {})
    assert completeness(q, marketing) == (0, 0)
    assert share(0, 0) == 0.0 and share(3, 4) == 0.75 and share(4, 4) == 1.0
    assert answered_share(marketing, q) == 0.0
    screened = screen(q, [marketing], ["m.yaml"], minimum=0.5)
    assert screened.kept == [] and screened.files[0].reason == "no answers"
    assert screened.files[0].completeness == 0.0


# --- discovery -----------------------------------------------------------------------------------


def test_discover_walks_folders_skips_hidden_and_keeps_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".hidden").mkdir()
    for name in ("a/one.yaml", "a/two.YML", "a/.tmp.yaml", "a/.hidden/three.yaml", "a/x.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = discover(["a", "a/one.yaml", str(tmp_path / "a" / "*.yaml")], base=tmp_path)
    assert [p.name for p in found] == ["one.yaml", "two.YML"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("none.yaml", "no such file or folder"),
        ("empty", "no response files (*.yaml, *.yml)"),
        ("*.json", "no response files match '*.json'"),
    ],
)
def test_discover_says_what_it_found_nothing_in(tmp_path: Path, entry: str, message: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(
        InputError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*").replace(".", r"\."),
    ):
        discover([entry], base=tmp_path)


def test_an_unreadable_folder_is_an_error_or_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.yaml").write_text("x", encoding="utf-8")

    def walk(top: str, onerror: Any = None) -> Any:
        onerror(PermissionError(13, "Permission denied", str(top) + "/sub"))
        onerror(PermissionError(13, "Permission denied", str(top) + "/other"))
        yield str(top), [], ["a.yaml"]

    monkeypatch.setattr(os, "walk", walk)
    with pytest.raises(InvalidFilesError):
        discover([tmp_path / "r"])
    skipped: list[InputError] = []
    assert [p.name for p in discover([tmp_path / "r"], unreadable=skipped)] == ["a.yaml"]
    assert len(skipped) == 2
    assert str(skipped[0]) == (
        f"{tmp_path / 'r'}/sub: cannot read this folder (Permission "
        "denied), so the response files in it would be missing from "
        "the report"
    )


def test_the_mini_fixture_is_where_the_helpers_say() -> None:
    assert MINI.name == "mini.yaml" and MINI.exists()


def test_discover_globs_recursively_and_keeps_only_response_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "r" / "deep").mkdir(parents=True)
    (tmp_path / "r" / "folder.yaml").mkdir()
    for name in ("r/a.yaml", "r/deep/b.yml", "r/notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in discover(["r/**/*.y*ml"])] == ["r/a.yaml", "r/deep/b.yml"]
    assert [str(p) for p in discover(["r/*"])] == ["r/a.yaml"]
    assert [str(p) for p in discover(["r/a.yaml"])] == ["r/a.yaml"]  # relative, no base


def test_one_unreadable_folder_is_that_folder_s_own_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.yaml").write_text("x", encoding="utf-8")

    def walk(top: str, onerror: Any = None) -> Any:
        onerror(PermissionError(13, "Permission denied", str(top) + "/sub"))
        yield str(top), [], ["a.yaml"]

    monkeypatch.setattr(os, "walk", walk)
    with pytest.raises(InputError) as caught:
        discover([tmp_path / "r"])
    assert type(caught.value) is InputError and "/sub: cannot read this folder" in str(caught.value)


BLOCK = (
    "respondent:\n  role: sales\nquestionnaire:\n  id: mini\n  version: '1'\n"
    "answers:\n  goals.agreed: 4\n  goals.conflict: 2\ncomments:\n  goals: fine\n"
)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  id: mini\n", "  id: maxi\n", "3:1"),  # the questionnaire key
        ("  role: sales\n", "  role: finance\n", "2:3"),  # respondent.role
        ("  goals.conflict: 2\n", "  goals.confict: 2\n", "8:3"),  # an unknown question
        ("  goals.conflict: 2\n", "  leads.followed: 2\n", "8:3"),  # the other side's question
        ("  goals.conflict: 2\n", "  goals.conflict: n/a\n", "8:3"),  # n/a where not allowed
        ("  goals.conflict: 2\n", "  goals.confict: n/a\n", "8:3"),  # n/a for an unknown question
        ("  goals.conflict: 2\n", "  leads.followed: n/a\n", "8:3"),  # n/a, the other side's
        ("  goals: fine\n", "  golas: fine\n", "10:3"),  # a comment on no dimension
        ("  role: sales\n", "  role: sales\n  head: maybe\n", "3:3"),  # the model's own check
    ],
)
def test_every_refusal_points_at_its_line(
    mini: Questionnaire, tmp_path: Path, old: str, new: str, where: str
) -> None:
    assert old in BLOCK
    path = tmp_path / "r.yaml"
    path.write_text(BLOCK.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_response(path, mini)
    assert caught.value.where == where, str(caught.value)


def test_the_model_s_own_refusals_read_whole(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_response(
            'questionnaire: {id: mini, version: "1"}\nrespondent: {role: sales}\nnot_applicable: {}\n',
            path="x.yaml",
        )
    assert str(caught.value) == (
        "x.yaml:1:1: response: not_applicable: unknown key; write "
        "`n/a` (or {n/a: reason}) as the answer under answers:"
    )
    with pytest.raises(InputError) as caught:
        parse_response(
            "questionnaire:\n  id: mini\n  version: '1'\nrespondent:\n  role: sales\n  head: maybe\n",
            path="x.yaml",
        )
    assert str(caught.value).startswith("x.yaml:6:3: respondent.head: ")
    assert str(caught.value).endswith("(got 'maybe')")


@pytest.mark.parametrize("answers", [{"goals.agred": None}, {"leads.followed": None}, {"goals.agred": 4}])
def test_dont_know_for_a_question_not_asked_is_refused_too(
    mini: Questionnaire, answers: dict[str, Any]
) -> None:
    with pytest.raises(InputError, match=r"unknown question id|not asked of sales"):
        check_against(make_response("sales", answers), mini)


def test_a_wrong_answer_says_what_was_given_and_n_a_says_what_to_write(mini: Questionnaire) -> None:
    with pytest.raises(InputError, match=r"answers\.goals\.agreed: .* \(got 9\)$"):
        check_against(make_response("sales", {"goals.agreed": 9}), mini)
    with pytest.raises(InputError) as caught:
        check_against(make_response("sales", {"goals.agreed": "n/a"}), mini)
    assert str(caught.value).endswith(
        "cannot be answered 'n/a' (not applicable); leave it blank for don't know"
    )


def test_timestamps_are_utc_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        response = make_response("sales", {})
        response.started_at = datetime(2026, 11, 25, 10, 0, 0)  # naive: UTC, not local
        response.completed_at = datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC)
        doc = response.to_document()
        assert doc["started_at"] == doc["completed_at"] == "2026-11-25T10:00:00Z"
    finally:
        monkeypatch.undo()
        time.tzset()


def _with_bad_answers(count: int) -> str:
    """Northwind's sales head with the first `count` number answers set out of range."""
    import re

    root = Path(__file__).resolve().parent.parent
    lines = (root / "examples/northwind/sales-head.yaml").read_text(encoding="utf-8").splitlines()
    changed = 0
    for i, line in enumerate(lines):
        found = re.match(r"^(\s+)([\w.-]+): \d+\s*$", line)
        if found and changed < count:
            lines[i] = f"{found.group(1)}{found.group(2)}: 99"
            changed += 1
    assert changed == count
    return "\n".join(lines) + "\n"


def test_an_invalid_response_file_lists_every_problem_up_to_ten(tmp_path: Path) -> None:
    from alignment_cli.model.questionnaire import resolve_questionnaire

    path = tmp_path / "bad.yaml"
    path.write_text(_with_bad_answers(3), encoding="utf-8")
    questionnaire = resolve_questionnaire("sales-marketing-alignment", version="2.1")
    from alignment_cli.model.response import load_response

    with pytest.raises(InputError) as caught:
        load_response(path, questionnaire)
    message = str(caught.value)
    assert message.count("(got 99)") == 3
    assert "3 problems" in message
    assert message.startswith(f"{path}:12:")  # the first problem's place, as before
    assert "  line 13: answers." in message

    path.write_text(_with_bad_answers(14), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_response(path, questionnaire)
    message = str(caught.value)
    assert message.count("(got 99)") == 10
    assert message.rstrip().endswith("and 4 more problems")
