"""A user's template folder reads only its own files, cannot change the result, and stays within
bounded time and memory; every breach is one clear exit-2 message and no file is written."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from alignment_cli.render import sandbox
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    folder = tmp_path / "r"
    write_response(folder, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(folder, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    return folder


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("TOKEN=hunter2\n")
    return path


def _report(cli, responses: Path, templates: Path, out: Path, *formats: str):  # type: ignore[no-untyped-def]
    args: list[str | Path] = [
        "report",
        responses,
        "--questionnaire",
        MINI,
        "--template",
        templates,
        "-o",
        out,
    ]
    for fmt in formats or ("md",):
        args += ["-f", fmt]
    return cli(*args)


# --- the folder: no links, no special files, nothing outside --------------------------------------


def _link_file(folder: Path, secret: Path) -> None:
    (folder / "report.md.j2").symlink_to(secret)


def _link_included(folder: Path, secret: Path) -> None:
    (folder / "env.txt").symlink_to(secret)
    (folder / "report.md.j2").write_text('{% include "env.txt" %}')


def _link_unused(folder: Path, secret: Path) -> None:
    (folder / "unused.txt").symlink_to(secret)
    (folder / "report.md.j2").write_text("plain")


def _link_folder(folder: Path, secret: Path) -> None:
    (folder / "parts").symlink_to(secret.parent, target_is_directory=True)
    (folder / "report.md.j2").write_text('{% include "parts/secret.txt" %}')


def _link_inside(folder: Path, secret: Path) -> None:
    (folder / "real.j2").write_text("x")
    (folder / "report.md.j2").symlink_to(folder / "real.j2")


def _fifo(folder: Path, secret: Path) -> None:
    os.mkfifo(folder / "report.md.j2")


def _parent_name(folder: Path, secret: Path) -> None:
    (folder / "report.md.j2").write_text('{% include "../outside/secret.txt" %}')


def _absolute_name(folder: Path, secret: Path) -> None:
    (folder / "report.md.j2").write_text('{% include "' + str(secret) + '" %}')


def _proc_name(folder: Path, secret: Path) -> None:
    (folder / "report.md.j2").write_text('{% include "/proc/self/environ" %}')


@pytest.mark.parametrize(
    ("arrange", "expected"),
    [
        (_link_file, "symbolic link"),
        (_link_included, "symbolic link"),
        (_link_unused, "symbolic link"),
        (_link_folder, "symbolic link"),
        (_link_inside, "symbolic link"),
        (_fifo, "named pipe"),
        (_parent_name, "secret.txt"),
        (_absolute_name, "secret.txt"),
        (_proc_name, "environ"),
    ],
)
def test_a_template_folder_reads_nothing_outside_itself(arrange, expected, responses, secret, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    arrange(folder, secret)
    out = tmp_path / "o.md"
    result = _report(cli, responses, folder, out)
    assert result.code == 2, result
    assert expected in result.err
    assert "hunter2" not in result.out + result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_a_link_swapped_in_after_the_check_is_still_refused(secret, tmp_path):
    """The loader opens part by part without following links, whatever the earlier scan saw."""
    from alignment_cli.errors import TemplateError

    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    root = sandbox.check_folder(folder)
    (folder / "sub" / "x.j2").symlink_to(secret)
    (folder / "y.j2").symlink_to(secret)
    for name in ("sub/x.j2", "y.j2"):
        with pytest.raises(TemplateError, match="symbolic link"):
            sandbox.read_inside(root, name)


def test_a_template_in_a_sub_folder_of_its_own_is_fine(responses, tmp_path, cli):
    folder = tmp_path / "templates"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "head.j2").write_text("Org {{ r.organization }}\n")
    (folder / "report.md.j2").write_text('{% include "parts/head.j2" %}')
    result = _report(cli, responses, folder, tmp_path / "o.md")
    assert result.code == 0, result.err
    assert (tmp_path / "o.md").read_text() == "Org Acme\n"


# --- the result is read-only -------------------------------------------------------------------


@pytest.mark.parametrize(
    "attempt",
    [
        "{{ r.dimensions.clear() }}",
        "{% set _ = r.dimensions.pop() %}",
        "{% set _ = r.respondents.clear() %}",
        "{% set _ = r.dimensions[0].scores.update({'sales': 0}) %}",
        "{% set _ = r.findings.append(1) %}",
        "{% set _ = sides.reverse() %}",
        "{% set _ = r.dimensions[0].sides['sales'].teams.setdefault('x', 1) %}",
    ],
)
def test_a_template_cannot_change_what_later_formats_write(attempt, responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(attempt + "\n")
    out = tmp_path / "reports"
    failed = _report(cli, responses, folder, out, "md", "json")
    clean = cli("report", responses, "--questionnaire", MINI, "-f", "json")
    assert failed.code == 2, failed
    assert "Traceback" not in failed.err
    assert not (out / "report.json").exists()
    (folder / "report.md.j2").write_text("{% if false %}" + attempt + "{% endif %}ok\n")
    passed = _report(cli, responses, folder, out, "md", "json")
    assert passed.code == 0, passed.err
    assert json.loads((out / "report.json").read_text()) == json.loads(clean.out)


def test_lists_a_template_builds_itself_stay_its_own(responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        "{% set rows = [] %}{% for d in r.dimensions %}{% set _ = rows.append(d.id) %}"
        "{% endfor %}{{ rows|join(',') }}\n"
    )
    result = _report(cli, responses, folder, tmp_path / "o.md")
    assert result.code == 0, result.err
    assert (tmp_path / "o.md").read_text() == "goals,leads,horizon\n"


# --- bounded memory and time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ "x" * 10**10 }}', "repeating"),
        ('{{ 10**10 * "x" }}', "repeating"),
        ('{{ ["x"] * 10**9 }}', "repeating"),
        ("{{ 2**100000 }}", "too large a number"),
        ("{{ 9**(9**9) }}", "too large a number"),
        ('{{ "x"|center(10**10) }}', "over the limit"),
        ('{{ "x".center(10**10) }}', "over the limit"),
        ('{{ "x".ljust(10**9) }}', "over the limit"),
        ('{{ "x".zfill(10**9) }}', "over the limit"),
        ('{{ "a\tb".expandtabs(10**9) }}', "over the limit"),
        ('{{ "x"|indent(10**9) }}', "over the limit"),
        ('{{ [1]|batch(10**10, "x")|list }}', "over the limit"),
        ("{{ 5|bar(10**10) }}", "over the limit"),
        ('{{ "%99999999999s"|format(1) }}', "width"),
        ('{{ "%99999999999s" % 1 }}', "width"),
        ('{{ "{:>99999999999}".format(1) }}', "width"),
        ("{{ lipsum(10**6) }}", "lipsum"),
        ("{{ lipsum(2, max=10**9) }}", "lipsum"),
        (
            '{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}'
            "{% endfor %}{{ ns.s|length }}",
            "characters",
        ),
        (
            '{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}'
            "{% endfor %}{{ ns.s|length }}",
            "characters",
        ),
        (
            "{% macro grow(s, n) %}{% if n %}{{ grow(s ~ s, n - 1) }}{% else %}{{ s|length }}"
            '{% endif %}{% endmacro %}{{ grow("x", 64) }}',
            "characters",
        ),
        ('{% set s = "x" * 4000000 %}{{ s|replace("x", "yy") }}', "replace"),
        ('{% set s = "x" * 3000 %}{{ s.replace("", s) }}', "replace"),
        ('{% set s = "x" * 3000 %}{{ s.join([s] * 3000) }}', "join"),
        ('{% set s = "x" * 3000 %}{{ ([s] * 3000)|join(s) }}', "characters"),
        ('{% for i in range(600) %}{{ "x" * 100000 }}{% endfor %}', "over 50,000,000"),
    ],
)
def test_runaway_templates_stop_with_a_clear_error(template, expected, responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(template)
    out = tmp_path / "o.md"
    started = time.monotonic()
    result = _report(cli, responses, folder, out)
    assert result.code == 2, result
    assert expected in result.err
    assert "Traceback" not in result.err
    assert not out.exists()
    assert time.monotonic() - started < 20


def test_a_slow_template_stops_at_the_time_limit(responses, tmp_path, cli, monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    result = _report(cli, responses, folder, tmp_path / "o.md")
    assert result.code == 2, result
    assert "longer than 0.5 seconds" in result.err
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "template",
    [
        '{{ "%-34s"|format("title") }}|{{ "x"|center(9) }}|{{ "a"|indent(4) }}',
        '{{ "x" * 100 }}{{ 2**64 }}{{ "{:>5}".format(1) }}{{ lipsum(2)|length > 0 }}',
        '{% set ns = namespace(s="x") %}{% for i in range(10) %}{% set ns.s = ns.s ~ ns.s %}'
        "{% endfor %}{{ ns.s|length }}",
        "{{ 5|bar(10) }}|{{ [1, 2, 3]|batch(2)|list|length }}",
    ],
)
def test_ordinary_template_operations_still_work(template, responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(template)
    result = _report(cli, responses, folder, tmp_path / "o.md")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("width", "allowed"),
    [
        (sandbox.MAX_WIDTH, True),
        (sandbox.MAX_WIDTH + 1, False),
    ],
)
def test_the_width_limit_is_inclusive(width, allowed, responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text('{{ "x"|center(' + str(width) + ")|length }}")
    result = _report(cli, responses, folder, tmp_path / "o.md")
    assert (result.code == 0) is allowed, result


# --- the built-in templates fill in what a folder leaves out -------------------------------------

HARBOR = Path(__file__).resolve().parent.parent / "examples" / "harbor"
BUILT_IN = Path(__file__).resolve().parent.parent / "report_templates"


def _harbor(cli, out: Path, *extra: str | Path):  # type: ignore[no-untyped-def]
    """Harbor's report with its CRM summary, so every include of the built-in templates is drawn."""
    return cli(
        "report",
        HARBOR,
        "--crm",
        HARBOR / "crm.json",
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "json",
        "-o",
        out,
        *extra,
    )


@pytest.mark.parametrize(
    "copied",
    [
        (),
        ("report.md.j2",),
        ("report.html.j2",),
        ("crm.md.j2", "followup.html.j2"),
    ],
)
def test_a_folder_leaving_templates_out_gets_the_built_in_ones(copied, tmp_path, cli):
    """The README: `--template DIR` uses your templates first and the built-in ones for anything
    you leave out, includes too; an empty folder renders exactly the built-in report."""
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in copied:
        (folder / name).write_bytes((BUILT_IN / name).read_bytes())
    built_in = _harbor(cli, tmp_path / "built-in")
    assert built_in.code == 0, built_in.err
    result = _harbor(cli, tmp_path / "custom", "--template", folder)
    assert result.code == 0, result.err
    for name in ("report.md", "report.html", "report.json"):
        assert (tmp_path / "custom" / name).read_bytes() == (tmp_path / "built-in" / name).read_bytes(), name


def test_a_pdf_from_an_empty_folder_prints_the_built_in_html(tmp_path, cli, monkeypatch):
    from alignment_cli.render import pdf

    printed: list[str] = []

    def capture(html: str, options: object) -> bytes:
        printed.append(html)
        return b"%PDF-1.4\n"

    monkeypatch.setattr(pdf, "print_pdf", capture)
    folder = tmp_path / "templates"
    folder.mkdir()
    for extra in ((), ("--template", folder)):
        result = cli(
            "report",
            HARBOR,
            "--crm",
            HARBOR / "crm.json",
            "--browser",
            sys.executable,
            "-o",
            tmp_path / "r.pdf",
            *extra,
        )
        assert result.code == 0, result.err
    assert len(printed) == 2
    assert printed[0] == printed[1]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("crm.md.j2", "Our own CRM section.\n"),
        ("followup.md.j2", "Our own follow-up.\n"),
    ],
)
def test_the_built_in_report_includes_the_folders_own_part(name, text, tmp_path, cli):
    """An include is looked up like the report itself: the folder's copy first."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_text(text)
    result = cli("report", HARBOR, "--crm", HARBOR / "crm.json", "--template", folder, "-f", "md")
    assert result.code == 0, result.err
    assert text in result.out
    assert result.out.startswith("# Sales & Marketing alignment")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            '{% include "nope.md.j2" %}',
            "alignment: template report.md.j2: nope.md.j2: no such template in {folder} or among the "
            "built-in templates\n",
        ),
        (
            '{% include ["a.j2", "b.j2"] %}',
            "alignment: template report.md.j2: none of the templates given were found: a.j2, b.j2; "
            "none is in {folder} or among the built-in templates\n",
        ),
        (
            '{% include "/etc/hostname" %}',
            "alignment: '/etc/hostname': is outside the template folder {root}; a template may include "
            "or extend only the files in its own folder and the built-in templates\n",
        ),
    ],
)
def test_a_template_found_nowhere_is_named(template, expected, responses, tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(template)
    out = tmp_path / "o.md"
    result = _report(cli, responses, folder, out)
    assert result.code == 2, result
    assert result.err == expected.format(folder=folder, root=os.path.realpath(folder))
    assert not out.exists()
