"""Hostile input files, generated: whatever a result JSON, an actions file, a survey export or
a posted form holds, the command ends with exit 0, 1 or 2 and one clear message, never exit 3
or a traceback; and every CSV cell the tool writes is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE_TEXT = [
    "",
    "\x1b[2J",
    "\ud800",
    "\x00",
    "::set-output name=x::y",
    "=1+2",
    "A" * 5000,
    "\u202e",
    "../../etc/passwd",
    "\n::warning::x",
    "\t",
    "NaN",
]
hostile_value = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def never_exit_3(result: Any) -> None:
    assert result.code in (0, 1, 2), (result.code, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err


@pytest.fixture(scope="module")
def mini_result(tmp_path_factory) -> dict[str, Any]:
    from alignment_cli.model.questionnaire import load_questionnaire
    from alignment_cli.render.reports import render_json
    from alignment_cli.scoring.pipeline import score

    q = load_questionnaire(MINI)
    result = score(
        q,
        [
            make_response("sales", SALES_ANSWERS, name="Jana", head=True),
            make_response("marketing", MARKETING_ANSWERS, name="Mo", head=True),
        ],
        organization="Acme",
    )
    return json.loads(render_json(result))


def _paths(doc: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*at, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _paths(value, (*at, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = _replace(doc[path[0]], path[1:], value)
    return copy


# --- results -----------------------------------------------------------------------------------


@FAST
@given(data=st.data())
def test_a_tampered_result_never_ends_in_exit_3(mini_result, tmp_path, cli, data):
    paths = _paths(mini_result)
    doc = mini_result
    for _ in range(data.draw(st.integers(1, 3))):
        try:
            doc = _replace(doc, data.draw(st.sampled_from(paths)), data.draw(hostile_value))
        except (KeyError, TypeError, IndexError):
            continue  # an earlier change removed that place
    bad = tmp_path / "tampered.json"
    try:
        text = json.dumps(doc, allow_nan=True)
    except (TypeError, ValueError):
        return
    bad.write_text(text, encoding="utf-8", errors="surrogatepass")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(mini_result), encoding="utf-8")
    for args in (
        ("trend", bad, good, "-f", "json"),
        ("trend", bad, "-f", "md"),
        ("compare", good, bad),
        ("compare", bad, good, "-f", "json"),
    ):
        never_exit_3(cli(*args))


# --- actions and plan ----------------------------------------------------------------------------

ACTION_FIELDS = [
    "recommendation",
    "title",
    "dimension",
    "dimension_title",
    "first_step",
    "source",
    "baseline_alignment",
    "status",
    "owner",
    "due",
]
date_text = st.one_of(
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "+99999999", "1e9", "2026-01-01T00:00:00"]
    ),
    st.dates().map(str),
)


@FAST
@given(data=st.data())
def test_any_actions_file_never_ends_in_exit_3(mini_result, tmp_path, cli, data):
    result_file = tmp_path / "report.json"
    result_file.write_text(json.dumps(mini_result), encoding="utf-8")
    action = {
        "recommendation": "r1",
        "title": "T",
        "dimension": "goals",
        "status": "open",
        "owner": "ceo",
        "due": "2026-12-01",
    }
    for _ in range(data.draw(st.integers(0, 3))):
        field = data.draw(st.sampled_from(ACTION_FIELDS))
        action[field] = data.draw(st.one_of(hostile_value, date_text))
    actions = [action] * data.draw(st.integers(1, 2))
    doc = {
        "organization": data.draw(st.one_of(st.just("Acme"), hostile_value)),
        "from": {
            "questionnaire": "mini",
            "version": "1",
            "responses_to": data.draw(st.one_of(st.none(), date_text)),
        },
        "actions": actions,
    }
    import yaml

    try:
        text = yaml.safe_dump(doc, allow_unicode=True)
    except yaml.YAMLError:
        return
    target = tmp_path / "actions.yaml"
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    never_exit_3(cli("plan", result_file, "--no-input", "--export", "md", "--export", "csv"))


def test_plan_never_replaces_another_organization_s_actions(mini_result, tmp_path, cli):
    """The issue's example: `plan` on one organization's result replaced the actions.yaml of
    another organization beside it."""
    result_file = tmp_path / "report.json"
    result_file.write_text(json.dumps(mini_result), encoding="utf-8")
    theirs = (
        "organization: Other Corp\nfrom: {questionnaire: mini, version: '1'}\n"
        "actions:\n- {recommendation: r, title: Their plan, dimension: goals, "
        "status: open, owner: ceo, due: 2026-12-01}\n"
    )
    (tmp_path / "actions.yaml").write_text(theirs, encoding="utf-8")
    from alignment_cli.errors import InputError
    from alignment_cli.interactive.plan import run_plan

    class Never:
        def __getattr__(self, name: str) -> Any:
            raise AssertionError("no question may be asked")

    with pytest.raises(InputError, match="Other Corp"):
        run_plan(result_file, output=None, exports=[], interactive=True, console=None, asker=Never())
    assert (tmp_path / "actions.yaml").read_text(encoding="utf-8") == theirs
    result = cli("plan", result_file, "--no-input", "--export", "md")
    assert result.code == 2 and "Other Corp" in result.err
    assert not (tmp_path / "actions.md").exists()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("+99999999999", "too far"),
        ("0001-01-01", "too far"),
        ("9999-12-31", "too far"),
        ("2026-02-30", "not a date"),
    ],
)
def test_extreme_due_dates_typed_are_refused(raw, words):
    from datetime import date

    from alignment_cli.interactive.plan import parse_due

    with pytest.raises(ValueError, match=words):
        parse_due(raw, today=date(2026, 12, 6))


def test_a_commitment_twice_is_named(tmp_path):
    from alignment_cli.errors import InputError
    from alignment_cli.model.actions import load_actions

    one = "- {recommendation: r, title: T, dimension: goals, status: open, owner: ceo, due: 2026-12-01}\n"
    path = tmp_path / "actions.yaml"
    path.write_text("from: {questionnaire: mini, version: '1'}\nactions:\n" + one + one, encoding="utf-8")
    with pytest.raises(InputError, match="committed twice"):
        load_actions(path)


def test_actions_text_reaches_the_terminal_clean(tmp_path):
    from alignment_cli.model.actions import load_actions

    path = tmp_path / "actions.yaml"
    path.write_text(
        "organization: \"Acme\\e]0;x\\a\"\nfrom: {questionnaire: mini, version: '1'}\n"
        'actions:\n- {recommendation: r, title: "T\\e[2J\\u202e", dimension: goals,'
        " status: not-now}\n",
        encoding="utf-8",
    )
    plan = load_actions(path)
    assert plan.organization == "Acme" and plan.actions[0].title == "T"


# --- CSV written: no cell a spreadsheet would run ----------------------------------------------

FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "\n=1", "\uff1d1"]),
            st.text(max_size=12),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_csv_cell_written_is_inert(cells):
    from alignment_cli.text import SafeCsvWriter

    buffer = io.StringIO()
    SafeCsvWriter(buffer, lineterminator="\n").writerow(cells)
    (row,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    for cell in row:
        assert not cell.startswith(FORMULA), cell
    assert [
        c[1:] if c.startswith("'") and o.startswith((*FORMULA, "\n")) else c
        for c, o in zip(row, cells, strict=True)
    ] == [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]


def test_questionnaire_export_neutralises_a_formula(tmp_path, cli):
    """The issue's example: a question text beginning with = was written as it is."""
    import yaml

    raw = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    raw["dimensions"][0]["questions"][0]["text"] = '=HYPERLINK("http://e.x","click")'
    raw["dimensions"][0]["title"] = "@Goals"
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = cli("questionnaire", "export", path, "--format", "csv")
    assert result.code == 0, result.err
    for row in csv.reader(io.StringIO(result.out, newline="")):
        for cell in row:
            assert not cell.startswith(FORMULA), cell
    assert "'=HYPERLINK" in result.out and "'@Goals" in result.out


def test_plan_csv_export_neutralises_every_cell(mini_result, tmp_path, cli):
    result_file = tmp_path / "report.json"
    result_file.write_text(json.dumps(mini_result), encoding="utf-8")
    (tmp_path / "actions.yaml").write_text(
        "organization: Acme\nfrom: {questionnaire: mini, version: '1'}\nactions:\n"
        "- {recommendation: '-r', title: '=1+1', dimension: goals, dimension_title: '+x',"
        " first_step: '@y', status: open, owner: ceo, due: 2026-12-01}\n",
        encoding="utf-8",
    )
    assert cli("plan", result_file, "--no-input", "--export", "csv").code == 0
    text = (tmp_path / "actions.csv").read_text(encoding="utf-8")
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not cell.startswith(FORMULA), cell


# --- import: any CSV text ----------------------------------------------------------------------

cell_text = st.one_of(
    st.sampled_from(
        [
            "sales",
            "marketing",
            "Ana",
            "4",
            "nan",
            "1e999",
            "",
            '"',
            ";",
            "\x00",
            "=1",
            "../x",
            "yes",
            "\ud800",
        ]
    ),
    st.text(max_size=6),
)


@FAST
@given(
    rows=st.lists(st.lists(cell_text, min_size=1, max_size=5), min_size=0, max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_any_csv_export_never_ends_in_exit_3(tmp_path, cli, rows, delimiter, encoding):
    header = delimiter.join(["side", "name", "goals.agreed", "leads.follow-up", "comment:goals"])
    body = "\n".join(delimiter.join(row) for row in rows)
    sheet = tmp_path / "export.csv"
    sheet.write_bytes((header + "\n" + body).encode(encoding, errors="replace"))
    out = tmp_path / "out"
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    never_exit_3(result)
    if result.code == 0:  # what import writes, report reads
        never_exit_3(cli("report", out, "--questionnaire", MINI, "-f", "json", "-o", tmp_path / "r.json"))
        assert cli("report", out, "--questionnaire", MINI, "-f", "json", "-o", tmp_path / "r.json").code in (
            0,
            2,
        )
    shutil.rmtree(out, ignore_errors=True)


# --- collect: any posted page -----------------------------------------------------------------


@FAST
@given(
    fields=st.dictionaries(
        st.one_of(
            st.sampled_from(
                [
                    "q:goals.agreed",
                    "q:goals.conflict",
                    "q:leads.followed",
                    "dk:goals.agreed",
                    "q:x",
                    "comment",
                    "csrf",
                    "role",
                ]
            ),
            st.text(max_size=8),
        ),
        st.one_of(st.sampled_from(["4", "?", "na", "nan", "1e999", "", "x" * 300]), st.text(max_size=8)),
        max_size=8,
    )
)
def test_any_posted_page_saves_only_valid_answers_of_its_page(mini, tmp_path_factory, fields):
    from alignment_cli.interactive.webform.room import Room, pages_for
    from alignment_cli.model.response import load_response
    from tests.webform_driver import TOKEN, client_for, csrf_of, start

    room = Room(mini, tmp_path_factory.mktemp("room"), token=TOKEN)
    client = client_for(room)
    participant = start(client)
    page = client.get(f"{participant}/1")
    sent = client.post(f"{participant}/1", data=fields | {"csrf": csrf_of(page.text)})
    assert sent.status_code in (303, 400), sent.status_code
    files = list(room.out.glob("*.yaml"))
    if files:
        response = load_response(files[0], mini)
        assert set(response.answers) <= {q.id for q in pages_for(mini, "sales")[0].questions}
