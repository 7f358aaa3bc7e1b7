"""The README's scheduled-run steps, run literally, then the workflow they set up, run twice.

The steps run in a scratch repository with a remote, as a reader with a clone would have; the
person filling in the two blank response files is the only step done by the test. Then the
workflow's own `run:` steps run in two fresh clones, as two scheduled runs would: each installs
alignment-cli in a new, clean virtual environment exactly as the install step says, with no
package index (`PIP_NO_INDEX`; the dependencies come from wheels of the ones installed here), and
the history kept by the first run is restored by the second, which replaces the same round.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire
from tests.helpers import make_response, parse_workflow, same_best_answers, typical_answer, write_response
from tests.wheelhouse import dependency_wheels

REPO = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"
BASH = shutil.which("bash") or "/bin/bash"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Reader",
    "GIT_AUTHOR_EMAIL": "reader@example.org",
    "GIT_COMMITTER_NAME": "Reader",
    "GIT_COMMITTER_EMAIL": "reader@example.org",
}

pytestmark = pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs sha256sum")


def readme_steps() -> tuple[str, str]:
    """The README's scheduled-run block, split where the person fills in the files."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Scheduled re-assessments") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    script = block.group(1)
    cut = script.index("# 3.")
    return script[:cut], script[cut:]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        [GIT, *args], cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **IDENTITY}
    ).stdout


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def fill_in(folder: Path) -> None:
    """What the person does with the two blank files: answer every question, both alike."""
    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    answers = same_best_answers(q)
    for path in sorted(folder.glob("*.yaml")):
        blank = yaml.safe_load(path.read_text(encoding="utf-8"))
        role = blank["respondent"]["role"]
        asked = {qq.id: answers.get(qq.id, typical_answer(qq)) for _, qq in q.questions_for(role)}
        write_response(
            folder,
            path.name,
            make_response(
                role, asked, name=path.stem.split("-", 1)[1].title(), questionnaire=(q.id, q.version)
            ),
        )


def run_workflow(clone: Path, venv: Path, wheels: Path) -> list[tuple[str, int, str]]:
    """The workflow's `run:` steps as GitHub runs them (bash -e, in the working directory),
    with only the clean virtual environment's `python` and `alignment` on the PATH."""
    doc = parse_workflow(
        (clone / ".github" / "workflows" / "alignment-check.yml").read_text(encoding="utf-8")
    )
    job = doc["jobs"]["check"]
    folder = clone / job["defaults"]["run"]["working-directory"]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "PIP_", "PYTHON", "VIRTUAL_ENV", "GIT_"))
    }
    env.update(
        {
            "NO_COLOR": "1",
            "GITHUB_STEP_SUMMARY": str(clone.parent / "summary.md"),
            "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheels),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "HOME": str(clone.parent),
        }
    )
    results: list[tuple[str, int, str]] = []
    failed = False
    for step in job["steps"]:
        if "run" not in step or (failed and step.get("if") != "always()"):
            continue
        proc = bash(step["run"], folder, env)
        results.append((step.get("name", ""), proc.returncode, proc.stdout + proc.stderr))
        failed = failed or proc.returncode != 0
    return results


def clean_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    return where


def kept_rounds(origin: Path) -> list[str]:
    listing = git("ls-tree", "-r", "--name-only", "alignment-history", cwd=origin)
    return [line for line in listing.splitlines() if "/history/" in f"/{line}"]


def test_the_readme_steps_then_two_scheduled_runs(tmp_path: Path) -> None:
    # a reader's clone: a repository with a remote to push to
    origin = tmp_path / "origin.git"
    git("init", "-q", "--bare", "-b", "main", str(origin), cwd=tmp_path)
    repo = tmp_path / "repo"
    git("clone", "-q", str(origin), str(repo), cwd=tmp_path)
    (repo / "README.md").write_text("Our team's repository\n", encoding="utf-8")
    git("add", "README.md", cwd=repo)
    git("commit", "-q", "-m", "start", cwd=repo)
    git("push", "-q", "origin", "HEAD:main", cwd=repo)

    # `alignment` on the PATH is this checkout, as after `make` and `source .venv/bin/activate`
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "alignment").write_text(
        f'#!/bin/sh\nPYTHONPATH={REPO} exec {sys.executable} -m alignment_cli "$@"\n', encoding="utf-8"
    )
    (shim / "alignment").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(IDENTITY)
    env.update({"NO_COLOR": "1", "PATH": f"{shim}{os.pathsep}{env.get('PATH', '')}"})

    before, after = readme_steps()
    first = bash(before, repo, env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "60 days" in first.stdout
    fill_in(repo / "alignment" / "responses")
    second = bash(after, repo / "alignment", env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (repo / "alignment" / "results" / "last.json").is_file()
    pushed = git("ls-tree", "-r", "--name-only", "main", cwd=origin).splitlines()
    assert ".github/workflows/alignment-check.yml" in pushed
    assert any(re.fullmatch(r"alignment/ci/alignment_cli-.*\.whl", p) for p in pushed)

    # two scheduled runs, each on a fresh runner: a new clone and a clean virtual environment
    wheels = dependency_wheels(tmp_path / "wheels")
    for run in (1, 2):
        clone = tmp_path / f"runner{run}" / "work"
        git("clone", "-q", str(origin), str(clone), cwd=tmp_path)
        venv = clean_venv(tmp_path / f"runner{run}" / "venv")
        results = run_workflow(clone, venv, wheels)
        assert [(name, code) for name, code, _ in results] == [
            ("Install alignment-cli", 0),
            ("Restore the earlier rounds", 0),
            ("Check alignment", 0),
            ("Keep this round in the history", 0),
        ], results
        restore = results[1][2]
        assert ("No rounds kept yet" in restore) == (run == 1), restore
        # one round, kept once: the second run of the same round replaced it
        rounds = kept_rounds(origin)
        assert len(rounds) == 1, rounds
        kept: Any = json.loads(git("show", f"alignment-history:{rounds[0]}", cwd=origin))
        assert kept["alignment_index"] is not None
        # the installed command is the wheel's, not this checkout
        where = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import alignment_cli; print(alignment_cli.__file__)"],
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin"},
            cwd=tmp_path,
        ).stdout
        assert str(venv) in where
    # the main branch was never written to by the runs
    assert "history" not in " ".join(git("ls-tree", "-r", "--name-only", "main", cwd=origin).split())
