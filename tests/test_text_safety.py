"""Text from outside is cleaned where it enters, ids that become file names follow a strict
pattern, and respondent text cannot build Markdown structure of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alignment_cli.render.templates import fence, md_escape
from alignment_cli.text import FORBIDDEN, clean_text
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response

ESC = "\x1b"


# --- clean_text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "one_line", "multi_line"),
    [
        ("Acme", "Acme", "Acme"),
        ("Acme\x1b[2J", "Acme", "Acme"),  # clear screen
        ("\x1bcAcme", "Acme", "Acme"),  # ESC c: reset the terminal
        ("\x1b]8;;http://evil\x07Acme\x1b]8;;\x07", "Acme", "Acme"),  # OSC 8 link, BEL ended
        ("\x1b]0;title\x1b\\Acme", "Acme", "Acme"),  # window title, ST ended
        ("\x9b31mAcme", "Acme", "Acme"),  # C1 CSI
        ("\x1bP1;2q\x1b\\Acme", "Acme", "Acme"),  # DCS
        ("Ac\x00me\x7f\x85", "Acme", "Acme"),
        ("Ac\u202eme\u202c", "Acme", "Acme"),  # right-to-left override and pop
        ("\u2066Ac\u2067me\u2068\u2069", "Acme", "Acme"),  # isolates
        ("A\u200ec\u200fm\u061ce", "Acme", "Acme"),  # marks
        ("Acme\nAlignment index 98.0", "Acme Alignment index 98.0", "Acme\nAlignment index 98.0"),
        ("Acme\r\nCorp", "Acme Corp", "Acme\nCorp"),
        ("Acme\rCorp", "Acme Corp", "Acme\nCorp"),
        ("Acme\u2028Corp\u2029x", "Acme Corp x", "Acme\nCorp\nx"),
        ("a\tb", "a b", "a\tb"),
        ("  Acme  \n", "Acme", "  Acme  \n"),
        ("Cárpenter 日本 😀 — “x”", "Cárpenter 日本 😀 — “x”", "Cárpenter 日本 😀 — “x”"),
        ("", "", ""),
    ],
)
def test_clean_text(raw, one_line, multi_line):
    assert clean_text(raw) == one_line
    assert clean_text(raw, multiline=True) == multi_line


# --- role and questionnaire ids ------------------------------------------------------------------


def _questionnaire(tmp_path: Path, **changes: str) -> Path:
    text = MINI.read_text()
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("roles", "valid"),
    [
        ("[sales, marketing]", True),
        ("[customer-success, m2]", True),
        ("[a, " + "x" * 40 + "]", True),
        ("[a, " + "x" * 41 + "]", False),
        ("['../../../x', marketing]", False),
        ("['sales/../x', marketing]", False),
        ("[Sales, marketing]", False),
        ("['sa les', marketing]", False),
        ("['-sales', marketing]", False),
        ("['1sales', marketing]", False),
        ("['sälës', marketing]", False),
        ("['', marketing]", False),
        ("['.hidden', marketing]", False),
    ],
)
def test_role_ids_follow_a_strict_pattern(roles, valid, tmp_path, cli):
    path = _questionnaire(tmp_path, **{"[sales, marketing]": roles})
    first, second = (r.strip(" '") for r in roles.strip("[]").split(","))
    text = path.read_text().replace("roles: [sales]", f"roles: ['{first}']")
    path.write_text(text.replace("roles: [marketing]", f"roles: ['{second}']"))
    result = cli("questionnaire", "validate", path)
    assert (result.code == 0) is valid, result
    if not valid:
        assert "role" in result.err and "q.yaml:5:" in result.err


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("id: mini", "id: mini-2.0_x", True),
        ("id: mini", "id: Mini", False),
        ("id: mini", "id: '../mini'", False),
        ("id: mini", 'id: "mini\\e[2J"', True),  # cleaned to "mini", then valid
        ("id: mini", "id: 'mini x'", False),
        ('version: "1"', 'version: "2.0-beta+1"', True),
        ('version: "1"', 'version: "1 && rm -rf /"', False),
        ('version: "1"', 'version: "1/2"', False),
    ],
)
def test_questionnaire_ids_and_versions_are_plain(field, value, valid, tmp_path, cli):
    result = cli("questionnaire", "validate", _questionnaire(tmp_path, **{field: value}))
    assert (result.code == 0) is valid, result
    assert ESC not in result.out + result.err


@pytest.mark.parametrize("folder_name", ["responses", "a b", "x/y"])
@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("sales-jana.yaml", True),
        ("../x.yaml", False),
        ("a/b.yaml", False),
        (".x.yaml", False),
        ("/etc/x.yaml", False),
    ],
)
def test_the_survey_writes_only_inside_its_folder(folder_name, name, ok):
    from alignment_cli.errors import OutputError
    from alignment_cli.interactive.survey import inside

    folder = Path(folder_name)
    if ok:
        assert inside(folder, name) == folder / name
    else:
        with pytest.raises(OutputError):
            inside(folder, name)


# --- every edge where text enters ------------------------------------------------------------------


def _no_controls(text: str) -> None:
    assert not FORBIDDEN.search(text), repr(FORBIDDEN.search(text))
    assert ESC not in text


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "r"
    write_response(out, "s.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    write_response(out, "m.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo"))
    return out


HOSTILE_ORGS = [
    "Acme\nAlignment index 98.0 / 100  ·  stage Integrated",
    "Acme\x1b[2J\x1bc",
    "Acme\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
    "Acme\u202eevil\u202c",
]


@pytest.mark.parametrize("org", HOSTILE_ORGS)
@pytest.mark.parametrize("fmt", ["terminal", "md", "html", "json"])
def test_organization_from_the_command_line_is_cleaned(org, fmt, folder, cli):
    result = cli("report", folder, "--questionnaire", MINI, "-f", fmt, "--organization", org)
    assert result.code == 0, result.err
    _no_controls(result.out)
    if fmt == "terminal":  # no forged line of its own at the top of the panel
        assert not any(
            line.strip("│ ").startswith("Alignment index 98.0") for line in result.out.splitlines()
        )


@pytest.mark.parametrize("org", HOSTILE_ORGS)
def test_organization_from_the_config_is_cleaned(org, folder, tmp_path, cli, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    config = tmp_path / "alignment.yml"
    config.write_text(f"organization: {json.dumps(org)}\nquestionnaire: {MINI}\nresponses: [{folder}]\n")
    result = cli("check", config)
    assert result.code == 0, result.err
    _no_controls(result.out + summary.read_text())
    assert "Acme" in result.out


@pytest.mark.parametrize("path", ["r\x1b[2J", "r\nx", "r\u202e"])
def test_config_paths_with_controls_are_refused(path, tmp_path, cli):
    config = tmp_path / "alignment.yml"
    config.write_text(f"responses: [{json.dumps(path)}]\n")
    result = cli("check", config)
    assert result.code == 2
    assert "control characters" in result.err
    _no_controls(result.err)


@pytest.mark.parametrize(
    ("ref", "where"),
    [
        ('{id: "other\\e[2J\\ec", version: "1"}', "other"),
        ('{id: mini, version: "9\\e]8;;http://x\\a"}', "9"),
        ('{id: "evil\\u202e", version: "1"}', "evil"),
    ],
)
def test_questionnaire_id_and_version_in_messages_are_cleaned(ref, where, folder, cli):
    bad = folder / "bad.yaml"
    text = (
        (folder / "s.yaml")
        .read_text()
        .replace("questionnaire:\n  id: mini\n  version: '1'", "questionnaire: " + ref)
    )
    assert text != (folder / "s.yaml").read_text()
    bad.write_text(text)
    result = cli("report", bad, "--questionnaire", MINI)
    assert result.code == 2
    assert where in result.err
    _no_controls(result.err)


@pytest.mark.parametrize("name", ["x\x1b[2J.yaml", "x\u202egpj.yaml", "x\x07.yaml"])
def test_file_names_in_messages_are_cleaned(name, tmp_path, cli):
    path = tmp_path / name
    path.write_text("not: [valid")
    result = cli("report", path, "--questionnaire", MINI)
    assert result.code == 2
    _no_controls(result.err)


def _hostile_result(folder: Path, tmp_path: Path, cli, value: str, *, organization: bool = False) -> Path:  # type: ignore[no-untyped-def]
    made = cli("report", folder, "--questionnaire", MINI, "-f", "json")
    doc = json.loads(made.out)
    if organization:
        doc["organization"] = value
    doc["questionnaire"]["version"] = value
    doc["dimensions"][0]["title"] = value
    doc["findings"] = [{"kind": "large-gap", "title": value, "detail": value}]
    doc["stage"]["name"] = value
    doc["responses_to"] = value
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    "value", ["x\x1b[2J\x1bc", "x\u202eevil", "x\n# forged heading", "x\x1b]8;;http://e\x07y"]
)
@pytest.mark.parametrize("fmt", ["terminal", "md", "json"])
def test_every_string_compare_reads_is_cleaned(value, fmt, folder, tmp_path, cli):
    hostile = _hostile_result(folder, tmp_path, cli, value)
    clean = tmp_path / "clean.json"
    clean.write_text(cli("report", folder, "--questionnaire", MINI, "-f", "json").out)
    for old, new in ((hostile, clean), (clean, hostile)):
        result = cli("compare", old, new, "-f", fmt)
        assert result.code == 0, result.err
        _no_controls(result.out)
        assert "\n# forged" not in result.out


@pytest.mark.parametrize(
    "value", ["x\x1b[2J\x1bc", "x\u202eevil", "x\n# forged heading", "x\x1b]8;;http://e\x07y"]
)
def test_a_hostile_organization_is_cleaned_in_the_refusal(value, folder, tmp_path, cli):  # type: ignore[no-untyped-def]
    hostile = _hostile_result(folder, tmp_path, cli, value, organization=True)
    clean = tmp_path / "clean.json"
    clean.write_text(cli("report", folder, "--questionnaire", MINI, "-f", "json").out)
    for old, new in ((hostile, clean), (clean, hostile)):
        result = cli("compare", old, new)
        assert result.code == 2 and "different organizations" in result.err, result.err
        _no_controls(result.err)
        assert "\n# forged" not in result.err and result.out == ""


# --- Markdown structure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "must_not_contain"),
    [
        ("![x](http://evil/x.png)", "!["),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("<https://evil.example>", "<https"),
        ("see https://evil.example/x", "https://"),
        ("see http://evil.example/x", "http://"),
        ("see www.evil.example", "www."),
        ("mail mailto:a@b.c", "mailto:"),
        ("$$x^2$$ and $y$", "$$"),
        ("$y$", " $y"),
        ("@someone", "@someone"),
        ("a | b", " | "),
        ("```\n# heading", "```"),
        ("~~~", "~~~"),
        ("[x]: http://evil", "[x]:"),
        ("&lt;script&gt;", "&lt;"),
    ],
)
def test_md_escape_builds_no_structure(raw, must_not_contain):
    escaped = md_escape(raw)
    assert not re.search(r"(?<!\\)" + re.escape(must_not_contain), escaped), escaped


@pytest.mark.parametrize(
    "content",
    [
        "plain",
        "a ``` b",
        "````",
        "``` ```` `````",
        "x`y",
        "",
    ],
)
def test_fences_are_longer_than_any_backtick_run_inside(content):
    block = fence(content + "\nline two", "text")
    first, *body, last = block.rstrip("\n").split("\n")
    assert first.startswith("```") and first == last + "text"
    longest = max((len(r) for r in re.findall("`+", "\n".join(body))), default=0)
    assert len(last) > longest


TITLE_ATTACKS = [
    "Goals\n```\n![pwned](https://evil.example/p.png)\n```text",
    "Goals ```` ![x](http://e/x.png)",
    "<script>alert(1)</script>",
    "$$\\begin{x}$$",
]


@pytest.mark.parametrize("title", TITLE_ATTACKS)
def test_a_dimension_title_cannot_leave_the_chart_block(title, tmp_path, cli, folder):
    q = _questionnaire(tmp_path, **{"title: Shared goals": "title: " + json.dumps(title)})
    result = cli("report", folder, "--questionnaire", q, "-f", "md")
    assert result.code == 0, result.err
    picture = result.out.split("## The picture", 1)[1].split("## Dimensions", 1)[0].strip()
    lines = picture.splitlines()
    opening = lines[0].removesuffix("text")
    assert set(opening) == {"`"} and lines[-1] == opening
    assert all(opening not in line for line in lines[1:-1])
    outside = result.out.replace(picture, "")
    for markup in ("![", "<script", "$$"):
        assert not re.search(r"(?<!\\)" + re.escape(markup), outside), markup
