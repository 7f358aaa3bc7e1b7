"""The questionnaire model, its cross-checks and the `questionnaire` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alignment_cli.errors import InputError
from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire, parse_questionnaire
from tests.helpers import MINI

BUILTIN = Path(__file__).parent.parent / "questionnaires" / "sales-marketing-alignment.yaml"
SEEDS = {"Conte interview", "Miserably Misaligned", "Morettini", "Penczak", "Odd Couple"}


def mutate(old: str, new: str) -> str:
    text = MINI.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def test_mini_loads_with_lookups(mini):
    assert mini.roles == ["sales", "marketing"]
    assert set(mini.questions) >= {"goals.agreed", "leads.worth-it"}
    assert mini.dimension_of["leads.followed"].id == "leads"
    assert [q.id for _, q in mini.questions_for("marketing")].count("leads.worth-it") == 0
    assert [(stage.name, stage.from_) for stage in mini.stages] == [
        ("Undefined", 0),
        ("Defined", 25),
        ("Aligned", 50),
        ("Integrated", 75),
    ]


BAD = [
    (
        "broken indent",
        ("title: Mini alignment check", "title: Mini\n  bad: [indent"),
        "q.yaml:5:6: a ':' where it cannot be; check the indentation",
    ),
    (
        "unknown kind",
        ("kind: likert, text: We share", "kind: slider, text: We share"),
        "kind: 'slider' is not one of likert",
    ),
    ("duplicate id", ("id: goals.conflict,", "id: goals.agreed,"), "duplicate question id"),
    ("mirror to nowhere", ("mirror: leads.followed", "mirror: leads.nowhere"), "mirror 'leads.nowhere'"),
    (
        "unknown source",
        ("source: Morettini\n  - id: leads-gap", "source: Wikipedia\n  - id: leads-gap"),
        "unknown source 'Wikipedia'",
    ),
    ("unknown dimension", ("dimension: goals\n", "dimension: goalz\n"), "unknown dimension"),
    ("option score over 100", ("score: 70}", "score: 170}"), "less than or equal to 100"),
    ("extra key", ("title: Shared goals", "title: Shared goals\n    colour: red"), "unknown key"),
    ("stage order", ("from: 25,", "from: 80,"), "each stage must start above"),
    (
        "python tag",
        ("title: Mini alignment check", "title: !!python/object/apply:os.system [ls]"),
        "not allowed",
    ),
    ("answer value unknown", ('in: ["no"]', 'in: ["maybe"]'), "'maybe' is not an answer"),
]


@pytest.mark.parametrize(("label", "change", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_questionnaires_name_the_place(label, change, expected, tmp_path, cli):
    path = tmp_path / "q.yaml"
    path.write_text(mutate(*change), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_questionnaire(path)
    assert expected in str(info.value)
    result = cli("questionnaire", "validate", path)
    assert result.code == 2
    assert str(path) in result.err
    assert expected in result.err
    assert "Traceback" not in result.err + result.out


def test_errors_carry_line_numbers(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(mutate("mirror: leads.followed", "mirror: leads.nowhere"), encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "leads.nowhere" in text)
    with pytest.raises(InputError) as info:
        load_questionnaire(path)
    assert f"{path}:{line}:" in str(info.value)


def test_a_mirror_must_point_at_the_other_side():
    text = mutate("roles: [marketing], text: Sales follows", "roles: [sales], text: Sales follows")
    with pytest.raises(InputError, match="one role each"):
        parse_questionnaire(text, path="q.yaml")


def test_validate_accepts_the_fixture(cli):
    result = cli("questionnaire", "validate", MINI)
    assert result.code == 0
    assert "valid" in result.out


def test_builtin_questionnaire_is_valid_and_complete(cli):
    assert "sales-marketing-alignment" in builtin_paths()
    q = load_questionnaire(BUILTIN)
    assert cli("questionnaire", "validate", BUILTIN).code == 0
    required = {
        "shared-goals",
        "lead-handoff",
        "time-horizons",
        "leadership",
        "joint-metrics",
        "communication",
        "field-integration",
        "common-process",
        "sales-enablement",
    }
    assert required <= set(q.dimensions_by_id)
    assert len(q.questions) >= 45
    for dim in q.dimensions:
        both = [x for x in dim.questions if x.kind == "likert" and q.roles_of(x) == q.roles]
        assert both, f"{dim.id} has no likert item asked of both sides"
        recs = [r for r in q.recommendations if r.dimension == dim.id]
        assert len(recs) >= 2, dim.id
    facts = [x for x in q.questions.values() if x.fact]
    numbers = [x for x in q.questions.values() if x.kind == "number"]
    mirrors = [x for x in q.questions.values() if x.mirror]
    assert len(facts) >= 4 and len(numbers) >= 2 and len(mirrors) >= 3
    # each recommendation names a listed source (an article, the HBR instrument, research) or
    # says it is practice
    assert all(r.source in {s.id for s in q.sources} | {"practice"} for r in q.recommendations)
    assert {s.id for s in q.sources} >= SEEDS
    assert [s.from_ for s in q.stages] == [0, 25, 50, 75]


def test_list_and_show(cli):
    listed = cli("questionnaire", "list")
    assert listed.code == 0
    assert "sales-marketing-alignment" in listed.out
    shown = cli("questionnaire", "show", MINI)
    assert shown.code == 0
    assert "leads.worth-it" in shown.out
    assert "Source: " in shown.out or "source: Morettini" in shown.out
    assert "mirrors leads.followed" in shown.out


def test_show_unknown_id_is_an_input_error(cli):
    result = cli("questionnaire", "show", "no-such-questionnaire")
    assert result.code == 2
    assert "unknown questionnaire" in result.err


def test_template_loads_back_as_an_empty_response(tmp_path, cli, mini):
    from alignment_cli.model.response import load_response

    out = tmp_path / "blank.yaml"
    assert cli("questionnaire", "template", MINI, "--role", "marketing", "-o", out).code == 0
    response = load_response(out, mini)
    assert response.respondent.role == "marketing"
    assert response.completed_at is None
    assert set(response.answers) == {q.id for _, q in mini.questions_for("marketing")}
    assert all(v is None for v in response.answers.values())
    again = cli("questionnaire", "template", MINI, "--role", "marketing", "-o", out)
    assert again.code == 2 and "--force" in again.err


def test_template_rejects_an_unknown_role(cli):
    result = cli("questionnaire", "template", MINI, "--role", "finance")
    assert result.code == 2
    assert "finance" in result.err


@pytest.mark.parametrize(
    ("key", "kept"),
    [
        ("goals.agreed", True),
        ("a-b_c", True),
        ("1st-contact", True),
        ("y", True),
        ("oN", True),
        ("yes", False),
        ("On", False),
        ("off", False),
        ("NULL", False),
        ("12", False),
        ("1.5", False),
        ("0x1F", False),
        ("1_000", False),
        ("2026-11-25", False),
        (".inf", False),
    ],
)
def test_a_question_id_must_stay_text_as_a_response_file_key(key: str, kept: bool) -> None:
    from alignment_cli.model.questionnaire import yaml_keeps_as_text

    assert yaml_keeps_as_text(key) is kept
    assert (
        type(yaml.safe_load(f"{key}: 1")) is dict and (key in yaml.safe_load(f"{key}: 1")) is kept
    )  # what a response file would hold


def test_an_unknown_kind_is_worded_for_people(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    import yaml

    root = Path(__file__).resolve().parent.parent
    doc = yaml.safe_load((root / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8"))
    doc["dimensions"][0]["questions"][0]["kind"] = "likret"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(doc), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "alignment_cli", "questionnaire", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0
    assert "kind: 'likret' is not one of likert, choice, yes_no, number (did you mean likert?)" in done.stderr
    assert "Input tag" not in done.stderr
