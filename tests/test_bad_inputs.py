"""Every bad input gets one clear message: the file, the place, what was expected; exit 2, no
traceback, and no report file left behind."""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment_cli.errors import AlignmentError
from alignment_cli.io.fastyaml import parse_simple
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response

GOOD_SALES = """\
questionnaire: {id: mini, version: "1"}
organization: Acme
respondent: {role: sales, name: Jana}
answers:
  goals.agreed: 4
  goals.conflict: 2
  goals.structure: separate-peers
  leads.definition: yes
  leads.follow-up: 40
  leads.worth-it: 2
  horizon.own-quarter: 5
  horizon.reconciled: 3
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD_SALES, old
    return GOOD_SALES.replace(old, new, 1)


# (label, file content, text the message must contain)
RESPONSES: list[tuple[str, str | bytes, str]] = [
    ("empty file", "", "is empty"),
    ("only a comment", "# nothing here\n", "nothing but comments"),
    ("binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "not a text file"),
    ("latin-1 bytes", GOOD_SALES.replace("Jana", "J\xe4na").encode("latin-1"), "not valid UTF-8"),
    ("utf-16", GOOD_SALES.encode("utf-16"), "UTF-16"),
    ("tab indent", edit("  goals.agreed: 4", "\tgoals.agreed: 4"), "tab"),
    ("broken indent", edit("  goals.conflict: 2", "    goals.conflict: 2\n bad"), ":"),
    ("unclosed flow", edit('{id: mini, version: "1"}', '{id: mini, version: "1"'), ":"),
    ("a list, not a mapping", "- a\n- b\n", "expected a mapping"),
    ("a plain string", "hello\n", "expected a mapping"),
    (
        "python tag",
        edit("organization: Acme", "organization: !!python/object/apply:os.system [echo hi]"),
        "not allowed",
    ),
    ("alias", edit("organization: Acme", "organization: &o Acme\nextra: *o"), "aliases"),
    (
        "duplicate answer",
        edit("  goals.conflict: 2", "  goals.conflict: 2\n  goals.conflict: 3"),
        "duplicate key 'goals.conflict'",
    ),
    ("unknown top-level key", edit("organization: Acme", "organisation: Acme"), "organisation"),
    ("missing respondent", edit("respondent: {role: sales, name: Jana}\n", ""), "respondent"),
    ("unknown role", edit("role: sales", "role: finance"), "unknown role 'finance'"),
    ("unknown question", edit("  goals.agreed: 4", "  goals.agred: 4"), "goals.agred"),
    ("likert out of range", edit("goals.agreed: 4", "goals.agreed: 7"), "goals.agreed"),
    ("likert as text", edit("goals.agreed: 4", "goals.agreed: four"), "whole number"),
    ("likert as fraction", edit("goals.agreed: 4", "goals.agreed: 3.5"), "whole number"),
    ("unknown option", edit("separate-peers", "co-leaders"), "one of: one-leader"),
    ("yes/no as number", edit("leads.definition: yes", "leads.definition: 2"), "yes or no"),
    ("number out of range", edit("leads.follow-up: 40", "leads.follow-up: 140"), "from 0 to 100"),
    ("number as text", edit("leads.follow-up: 40", "leads.follow-up: lots"), "a number"),
    ("question of the other side", edit("  leads.worth-it: 2", "  leads.followed: 2"), "not asked of sales"),
    ("other questionnaire", edit("id: mini", "id: maxi"), "maxi"),
    ("other version", edit('version: "1"', 'version: "9"'), "expected mini 1"),
    ("answers not a mapping", edit("answers:\n", "answers: [1, 2]\nx:\n"), "answers"),
    ("comment on unknown dimension", GOOD_SALES + "comments:\n  golas: typo\n", "'golas' is not a dimension"),
    (
        "bad timestamp",
        edit("organization: Acme", "organization: Acme\ncompleted_at: yesterday"),
        "completed_at",
    ),
    ("likert infinity", edit("goals.agreed: 4", "goals.agreed: .inf"), "whole number"),
    ("likert not a number", edit("goals.agreed: 4", "goals.agreed: .nan"), "whole number"),
    ("number of 400 digits", edit("leads.follow-up: 40", "leads.follow-up: 1" + "0" * 400), "from 0 to 100"),
    ("number minus infinity", edit("leads.follow-up: 40", "leads.follow-up: -.inf"), "from 0 to 100"),
    ("version unquoted", edit('version: "1"', "version: 1.10"), "in quotes"),
]


def block_style(text: str) -> str:
    """The file with its flow mappings (`key: {a: 1, b: 2}`) written out in block style, as the
    survey writes them; a line the flow style leaves open stays as it is."""
    lines = []
    for line in text.split("\n"):
        match = re.fullmatch(r"([\w.]+): \{(.*)\}", line)
        if match is None:
            lines.append(line)
            continue
        lines.append(f"{match[1]}:")
        lines += [f"  {item.strip()}" for item in match[2].split(",")]
    return "\n".join(lines)


# The same files in block style: the fast reader (io/fastyaml.py) reads these itself, so each
# fault reaches it instead of the file being handed to the full loader at its first line.
BLOCK_RESPONSES = [
    (f"{label}, block style", block_style(content), expected)
    for label, content, expected in RESPONSES
    if isinstance(content, str) and block_style(content) != content
]


def test_the_block_style_files_are_what_the_fast_reader_reads() -> None:
    assert parse_simple(block_style(GOOD_SALES)) is not None
    assert parse_simple(GOOD_SALES) is None  # the flow mapping: the full loader's
    assert len(BLOCK_RESPONSES) >= 25


def write(path: Path, content: str | bytes) -> None:
    """Broken files come as text or as raw bytes (other encodings, binary data)."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize(
    ("label", "content", "expected"),
    RESPONSES + BLOCK_RESPONSES,
    ids=[r[0] for r in RESPONSES + BLOCK_RESPONSES],
)
def test_bad_response_files(label, content, expected, tmp_path, cli):
    folder = tmp_path / "responses"
    folder.mkdir()
    bad = folder / "bad.yaml"
    write(bad, content)
    out = tmp_path / "out" / "report.md"
    result = cli("report", bad, "--questionnaire", MINI, "-f", "md", "-o", out)
    assert result.code == 2, result
    assert "Traceback" not in result.err + result.out
    assert str(bad) in result.err
    assert expected in result.err
    assert len(result.err.strip().splitlines()) <= 3
    assert not out.exists() and not out.parent.exists()


def test_messages_give_line_and_column(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_SALES.replace("goals.agreed: 4", "goals.agreed: 9"), encoding="utf-8")
    result = cli("report", bad, "--questionnaire", MINI)
    line = GOOD_SALES.splitlines().index("  goals.agreed: 4") + 1
    assert f"{bad}:{line}:3: answers.goals.agreed" in result.err


def test_a_bom_is_accepted(tmp_path, cli):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_SALES.encode())
    assert cli("report", path, "--questionnaire", MINI, "-f", "json").code == 0


def test_a_large_alias_bomb_is_refused_at_once(tmp_path, cli):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    big = tmp_path / "big.yaml"
    big.write_text(bomb + "#" * (10 * 1024 * 1024) + "\n", encoding="utf-8")
    small = tmp_path / "small.yaml"
    small.write_text(bomb, encoding="utf-8")
    for path, expected in ((big, "at most 5 MB"), (small, "aliases")):
        start = time.perf_counter()
        result = cli("report", path, "--questionnaire", MINI)
        assert time.perf_counter() - start < 1.0
        assert result.code == 2
        assert expected in result.err


def test_output_folder_that_cannot_be_written(tmp_path, cli):
    responses = tmp_path / "r"
    write_response(responses, "s.yaml", make_response("sales", SALES_ANSWERS))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("report", responses, "--questionnaire", MINI, "-f", "md", "-o", blocker / "sub" / "r.md")
    assert result.code == 2
    assert "cannot write" in result.err


def test_debug_shows_the_traceback(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("", encoding="utf-8")
    result = cli("--debug", "report", bad, "--questionnaire", MINI)
    assert result.code == 2  # the input error's own code, as without --debug
    assert result.err.startswith("Traceback (most recent call last):")
    assert result.err.endswith(f"alignment: {bad}: is empty; expected a YAML response file\n")


# --- user templates ------------------------------------------------------------------------------


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    folder = tmp_path / "r"
    write_response(folder, "s.yaml", make_response("sales", SALES_ANSWERS, comments={"goals": "{{ 7*7 }}"}))
    write_response(folder, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    return folder


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{% for x in %}", "template syntax error"),
        ("line one\n{{ 1/0 }}", "line 2: ZeroDivisionError"),
        ('{{ "%d"|format("x") }}', "TypeError"),
        (b"\xff\xfe broken bytes", "UnicodeDecodeError"),
        ("{{ r.__class__.__mro__ }}", "template report.md.j2"),
        ("{{ ''.__class__.__subclasses__() }}", "template report.md.j2"),
        ("{{ r.no_such_field }}", "no_such_field"),
    ],
)
def test_bad_user_templates(template, expected, responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    write(folder / "report.md.j2", template)
    out = tmp_path / "o.md"
    result = cli("report", responses, "--questionnaire", MINI, "-f", "md", "-o", out, "--template", folder)
    assert result.code == 2, result
    assert expected in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_user_template_sees_data_never_runs_it(responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        "{{ r.organization }}: {% for c in r.comments %}{{ c.text }}{% endfor %}\n"
    )
    result = cli("report", responses, "--questionnaire", MINI, "-f", "md", "--template", folder)
    assert result.code == 0, result.err
    assert result.out == "Acme: {{ 7*7 }}\n"


# --- arbitrary input never escapes as another exception -------------------------------------------

yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text_gives_only_our_errors(mini, text):
    from alignment_cli.model.response import check_against, parse_response

    with contextlib.suppress(AlignmentError):
        check_against(parse_response(text, path="x.yaml"), mini, path="x.yaml", text=text)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*sorted(SALES_ANSWERS), "x", "leads.followed"]), yaml_values, max_size=10
    )
)
def test_arbitrary_answer_values_give_only_our_errors(mini, answers):
    from alignment_cli.model.response import check_against
    from alignment_cli.scoring.pipeline import score

    response = make_response("sales", {})
    response.answers = answers
    try:
        checked = check_against(response, mini, path="x.yaml")
    except AlignmentError:
        return
    score(mini, [checked, make_response("marketing", MARKETING_ANSWERS)])


@settings(max_examples=100, deadline=None)
@given(yaml_values)
def test_arbitrary_documents_to_the_questionnaire_loader(document):
    from alignment_cli.io.yamlio import dump_yaml
    from alignment_cli.model.questionnaire import parse_questionnaire

    with contextlib.suppress(AlignmentError):
        parse_questionnaire(dump_yaml(document), path="q.yaml")


def test_control_characters_never_reach_the_output(tmp_path, cli):
    path = tmp_path / "s.yaml"
    path.write_text(
        GOOD_SALES.replace("organization: Acme", 'organization: "Acme\\e[31mRED\\x07"'), encoding="utf-8"
    )
    for fmt in ("terminal", "md", "json"):
        result = cli("report", path, "--questionnaire", MINI, "-f", fmt)
        assert result.code == 0, result.err
        assert "\x1b" not in result.out and "\x07" not in result.out
        assert "AcmeRED" in result.out  # the text stays, without the escape sequence


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("weight: 1\n", "weight: .inf\n"), "finite"),
        (("min: 0, max: 100", "min: .nan, max: 100"), "finite"),
        (("scale: {min: 1, max: 5", "scale: {min: 1, max: 500"), "at most 101 points"),
        (
            (
                "when: {any: [{contested: leads.definition}, "
                '{answer: {question: leads.definition, in: ["no"]}}]}',
                "when: {any: []}",
            ),
            "at least 1 item",
        ),
        (('version: "1"', "version: 1.10"), "in quotes"),
        (("id: goals.agreed,", "id: 'yes',"), "YAML would read it"),
    ],
)
def test_questionnaire_values_that_cannot_work(change, expected, tmp_path, cli):
    text = MINI.read_text(encoding="utf-8")
    if change[0] == "weight: 1\n":
        text = text.replace("    title: Shared goals\n", "    title: Shared goals\n    weight: .inf\n")
    else:
        assert change[0] in text, change[0]
        text = text.replace(change[0], change[1], 1)
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("questionnaire", "validate", path)
    assert result.code == 2, result
    assert expected in result.err
