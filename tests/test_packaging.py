"""The wheel carries the questionnaires and templates, and the tool runs from it alone."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_carries_its_data_and_runs_outside_the_checkout(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("alignment_cli-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert {
        "alignment_cli/questionnaires/sales-marketing-alignment.yaml",
        "alignment_cli/questionnaires/sales-marketing-alignment-2.0.yaml",
        "alignment_cli/questionnaires/sales-marketing-quick.yaml",
    } <= names
    assert {
        "alignment_cli/report_templates/report.md.j2",
        "alignment_cli/report_templates/report.html.j2",
    } <= names
    assert {
        "alignment_cli/interactive/webform/templates/page.html.j2",
        "alignment_cli/interactive/webform/templates/form.css",
    } <= names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "import alignment_cli; print(alignment_cli.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(tmp_path / "site"))  # the wheel's copy, not the checkout
    listed = subprocess.run(
        [sys.executable, "-m", "alignment_cli", "questionnaire", "list"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("sales-marketing-alignment  2.1")
    assert "sales-marketing-alignment@1.0  1.0" in listed.stdout
    assert "sales-marketing-alignment@2.0  2.0" in listed.stdout
    assert "sales-marketing-quick  1.1" in listed.stdout
    assert "sales-marketing-quick@1.0  1.0" in listed.stdout
    report = subprocess.run(
        [sys.executable, "-m", "alignment_cli", "report", str(ROOT / "examples" / "bluepeak"), "-f", "html"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.returncode == 0, report.stderr
    assert "<svg" in report.stdout and "Bluepeak Logistics" in report.stdout


def test_make_run_installs_only_what_running_needs_and_works_in_its_own_folder() -> None:
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    rule = makefile[makefile.index("$(RUN_STAMP): ") : makefile.index("run: $(RUN_STAMP)")]
    assert "install --quiet -e .\n" in rule and "[test" not in rule and "dev" not in rule
    run = makefile[makefile.index("run: $(RUN_STAMP)") :].split("\n\n")[0]
    assert "cd workshop" in run  # actions.*, reports and responses stay out of the root
