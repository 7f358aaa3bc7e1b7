"""`alignment init`: the files it writes, refusing to overwrite, upgrading with --force while
keeping the user's files, a setup that `check` accepts."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment_cli.commands.scaffold import (
    CHECK_COMMAND,
    CONFIG_TEXT,
    RESPONSES_README_TEXT,
    install_source,
    upgrade_commands,
    wheel_source,
    workflow_text,
)
from alignment_cli.commands.wheel import wheel_name
from alignment_cli.model.questionnaire import (
    builtin_paths,
    load_questionnaire,
)
from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    make_response,
    parse_workflow,
    same_best_answers,
    typical_answer,
    write_response,
)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_WORKFLOW = REPO / "examples" / "ci" / "alignment-check.yml"
GIT = shutil.which("git") or "git"
BASH = shutil.which("bash") or "/bin/bash"  # as GitHub runs a step: bash -e
IDENTITY = {
    "GIT_AUTHOR_NAME": "Reader",
    "GIT_AUTHOR_EMAIL": "reader@example.org",
    "GIT_COMMITTER_NAME": "Reader",
    "GIT_COMMITTER_EMAIL": "reader@example.org",
}
EXAMPLE_INSTALL = "git+https://github.com/OWNER/alignment-cli@v0.1.0"
WRITTEN = ["alignment.yml", "responses/README.md", "ci/alignment-check.yml"]


def alignment(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    env.update({"NO_COLOR": "1", "COLUMNS": "80"})
    return subprocess.run(
        [sys.executable, "-m", "alignment_cli", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_writes_the_three_files(tmp_path):
    proc = alignment("init", "setup", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in WRITTEN:
        assert (tmp_path / "setup" / name).is_file(), name
        assert f"Wrote {Path('setup') / name}" in proc.stderr.splitlines()
    config = yaml.safe_load((tmp_path / "setup" / "alignment.yml").read_text(encoding="utf-8"))
    assert config["questionnaire"] == "sales-marketing-alignment"
    assert config["responses"] == ["responses/"]
    assert set(config["thresholds"]) == {"alignment_index", "max_gap", "max_drop"}
    assert config["baseline"] == "results/last.json"
    assert config["report"] == {"formats": ["md", "html", "json"], "output": "reports/"}
    readme = (tmp_path / "setup" / "responses" / "README.md").read_text(encoding="utf-8")
    assert "alignment questionnaire template sales-marketing-alignment --role sales" in readme
    assert "alignment survey --role sales" in readme
    assert CHECK_COMMAND in readme


def test_default_folder_is_the_current_one(tmp_path):
    proc = alignment("init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == sorted(WRITTEN)
    assert (tmp_path / "alignment.yml").read_text(encoding="utf-8") == CONFIG_TEXT


KEPT = "it is yours; --force never replaces it (to start afresh, move it away and run init again)"
REPLACED = "init's own file, written afresh by --force"


def test_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / "alignment.yml").write_text("responses: [mine/]\n", encoding="utf-8")
    proc = alignment("init", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "alignment: alignment.yml: already exists; nothing was written. Pass --force to write the "
        "workflow (and the wheel) afresh and keep alignment.yml and responses/README.md as they "
        "are, or choose another folder.\n"
    )
    assert (tmp_path / "alignment.yml").read_text(encoding="utf-8") == "responses: [mine/]\n"
    assert not (tmp_path / "responses").exists()
    assert not (tmp_path / "ci").exists()

    # --force writes what is missing and keeps the config: it is the user's
    forced = alignment("init", ".", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert forced.stderr.splitlines() == [
        f"Kept alignment.yml: {KEPT}",
        f"Wrote {Path('responses') / 'README.md'}",
        f"Wrote {Path('ci') / 'alignment-check.yml'}",
    ]
    assert (tmp_path / "alignment.yml").read_text(encoding="utf-8") == "responses: [mine/]\n"
    assert (tmp_path / "responses" / "README.md").read_text(encoding="utf-8") == RESPONSES_README_TEXT
    assert (tmp_path / "ci" / "alignment-check.yml").is_file()


def upgrade_steps(workflow: str) -> list[str]:
    """The commands the workflow's header gives for an upgrade, in the order it gives them."""
    header = "\n".join(line[2:] for line in workflow.splitlines() if line.startswith("# "))
    paragraph = header[header.index("To upgrade") :]
    return re.findall(r"`([^`]+)`", paragraph.replace("\n", " "))


def on_path_alignment(tmp_path: Path) -> dict[str, str]:
    """An environment where `alignment`, as the header spells it, runs this checkout."""
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "alignment").write_text(
        f'#!/bin/sh\nPYTHONPATH={REPO} exec {sys.executable} -m alignment_cli "$@"\n', encoding="utf-8"
    )
    (shim / "alignment").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update({"NO_COLOR": "1", "PATH": f"{shim}{os.pathsep}{env.get('PATH', '')}"})
    return env


def test_the_upgrade_the_header_gives_keeps_the_users_files_and_replaces_the_workflow(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run([GIT, "init", "-q"], cwd=repo, check=True)
    assert alignment("init", "alignment/", "--wheel", cwd=repo).returncode == 0
    setup = repo / "alignment"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(setup / "ci" / "alignment-check.yml", repo / ".github" / "workflows")
    # the user's edits: a stricter threshold, their organization, a note for respondents
    config = setup / "alignment.yml"
    edited = config.read_text(encoding="utf-8").replace("alignment_index: 50", "alignment_index: 70")
    edited += "organization: My Co\n"
    config.write_text(edited, encoding="utf-8")
    notes = setup / "responses" / "README.md"
    notes.write_text(RESPONSES_README_TEXT + "\nAsk Jana before the 10th.\n", encoding="utf-8")
    # as an older version left it: its own wheel, a workflow that installs that wheel
    new_wheel = setup / "ci" / wheel_name()
    old_wheel = setup / "ci" / wheel_name("0.0.1")
    new_wheel.rename(old_wheel)
    for workflow in (
        setup / "ci" / "alignment-check.yml",
        repo / ".github" / "workflows" / "alignment-check.yml",
    ):
        workflow.write_text(workflow.read_text(encoding="utf-8").replace(wheel_name(), wheel_name("0.0.1")))

    steps = upgrade_steps((setup / "ci" / "alignment-check.yml").read_text(encoding="utf-8"))
    assert (
        steps
        == upgrade_commands("alignment")
        == [
            "alignment init alignment/ --force --wheel",
            "cp alignment/ci/alignment-check.yml .github/workflows/",
            "git add .github/workflows/ alignment/ci/",
        ]
    )
    env = on_path_alignment(tmp_path)
    env.update(IDENTITY)
    setup_commit = subprocess.run(
        [BASH, "-e", "-c", "git add . && git commit -q -m setup"], cwd=repo, env=env
    )
    assert setup_commit.returncode == 0
    upgrade = subprocess.run(
        [BASH, "-e", "-c", steps[0]], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    assert upgrade.returncode == 0, upgrade.stderr
    ci = Path("alignment") / "ci"
    assert upgrade.stderr.splitlines() == [
        f"Kept {Path('alignment') / 'alignment.yml'}: {KEPT}",
        f"Kept {Path('alignment') / 'responses' / 'README.md'}: {KEPT}",
        f"Replaced {ci / 'alignment-check.yml'}: {REPLACED}",
        f"Wrote {ci / wheel_name()}",
        f"Removed {ci / wheel_name('0.0.1')}: an older wheel of init's; the workflow installs "
        f"{wheel_name()} now",
    ]
    assert "To bring the copy GitHub runs up to date: mkdir -p .github/workflows && cp " in upgrade.stdout
    assert config.read_text(encoding="utf-8") == edited
    assert notes.read_text(encoding="utf-8").endswith("Ask Jana before the 10th.\n")
    assert new_wheel.read_bytes() == wheel_source().wheel
    assert not old_wheel.exists()
    written = (setup / "ci" / "alignment-check.yml").read_text(encoding="utf-8")
    assert written == workflow_text("alignment", wheel_source())

    for step in steps[1:]:
        done = subprocess.run([BASH, "-e", "-c", step], cwd=repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (repo / ".github" / "workflows" / "alignment-check.yml").read_text(encoding="utf-8") == written
    staged = subprocess.run(
        [GIT, "status", "--porcelain", "--no-renames"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    # ready to commit: the new wheel in, the older one out, both copies of the workflow; the
    # user's files stay as they were committed, with their edits
    assert sorted(staged) == [
        "A  alignment/ci/" + wheel_name(),
        "D  alignment/ci/" + wheel_name("0.0.1"),
        "M  .github/workflows/alignment-check.yml",
        "M  alignment/ci/alignment-check.yml",
    ]

    # the same upgrade again changes nothing the user wrote, and finds no older wheel
    again = alignment("init", "alignment/", "--force", "--wheel", cwd=repo)
    assert again.returncode == 0, again.stderr
    assert f"Replaced {ci / wheel_name()}: {REPLACED}" in again.stderr.splitlines()
    assert "Removed" not in again.stderr
    assert config.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    ("folder", "commands"),
    [
        (
            ".",
            [
                "alignment init . --force --wheel",
                "cp ci/alignment-check.yml .github/workflows/",
                "git add .github/workflows/ ci/",
            ],
        ),
        (
            "ops/a b",
            [
                "alignment init 'ops/a b/' --force --wheel",
                "cp 'ops/a b/ci/alignment-check.yml' .github/workflows/",
                "git add .github/workflows/ 'ops/a b/ci/'",
            ],
        ),
    ],
)
def test_the_upgrade_commands_are_whole_on_one_header_line(folder, commands):
    text = workflow_text(folder, wheel_source())
    assert upgrade_steps(text) == upgrade_commands(folder) == commands
    for command in commands:
        assert any(command in line for line in text.splitlines()), command


def test_only_a_wheel_set_up_is_told_to_upgrade_with_wheel():
    assert "To upgrade" not in workflow_text(".", install_source("1.0"))
    assert "To upgrade" not in workflow_text(".")


def test_the_readme_gives_the_upgrade_the_header_gives():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Scheduled re-assessments") :]
    for command in upgrade_commands("alignment"):
        assert f"`{command}`" in section, command
    assert "init --force --wheel`" not in readme


def test_a_file_in_the_way(tmp_path):
    (tmp_path / "setup").write_text("", encoding="utf-8")
    proc = alignment("init", "setup", cwd=tmp_path)
    assert proc.returncode == 2
    assert "setup: is a file" in proc.stderr


# --- the CI workflow -----------------------------------------------------------------------------


def check_workflow(doc: dict[Any, Any], folder: str = ".") -> None:
    assert {"schedule", "workflow_dispatch"} <= set(doc["on"])
    cron = doc["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[3] == "1,4,7,10"  # once a quarter
    job = doc["jobs"]["check"]
    assert job["defaults"]["run"]["working-directory"] == folder
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    runs = [s.get("run", "") for s in steps]
    install = next(s for s in steps if s.get("name") == "Install alignment-cli")["run"]
    # never the bare name: a pinned version, a git URL at a tag, or a stop with a message
    assert "pip install alignment-cli\n" not in install + "\n"
    assert "==" in install or "git+" in install or "exit 1" in install, install
    assert CHECK_COMMAND in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()"  # the reports are kept when the check fails too
    reports = "reports/" if folder == "." else f"{folder}/reports/"
    assert upload["with"]["path"] == reports


def test_written_workflow_is_valid_and_runs_the_documented_command(tmp_path):
    assert alignment("init", cwd=tmp_path).returncode == 0
    text = (tmp_path / "ci" / "alignment-check.yml").read_text(encoding="utf-8")
    assert "alignment check alignment.yml" in text
    check_workflow(parse_workflow(text))


def test_the_repository_example_matches_what_init_writes():
    text = EXAMPLE_WORKFLOW.read_text(encoding="utf-8")
    assert text == workflow_text(".", install_source(EXAMPLE_INSTALL))
    check_workflow(parse_workflow(text))


def test_workflow_in_a_subfolder_of_a_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    assert alignment("init", "ops/alignment", cwd=tmp_path).returncode == 0
    text = (tmp_path / "ops" / "alignment" / "ci" / "alignment-check.yml").read_text("utf-8")
    check_workflow(parse_workflow(text), folder="ops/alignment")


# --- init, then add responses, then check --------------------------------------------------------


def test_init_then_check_with_two_response_files(tmp_path):
    assert alignment("init", cwd=tmp_path).returncode == 0
    config = tmp_path / "alignment.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("questionnaire: sales-marketing-alignment", f"questionnaire: {MINI.as_posix()}"),
        encoding="utf-8",
    )
    write_response(
        tmp_path / "responses", "sales-jana.yaml", make_response("sales", SALES_ANSWERS, name="Jana")
    )
    write_response(
        tmp_path / "responses", "marketing-mo.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo")
    )
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    # index 38.9 is under the written threshold of 50, and two gaps are over 25
    assert proc.returncode == 1, proc.stderr
    assert "Alignment index 38.9 is under the minimum of 50." in proc.stderr
    assert "No baseline yet" in proc.stdout
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "report.html",
        "report.json",
        "report.md",
    ]


def test_init_then_check_with_the_builtin_questionnaire(tmp_path):
    assert alignment("init", cwd=tmp_path).returncode == 0
    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    for role in q.roles:
        answers = {question.id: typical_answer(question) for _, question in q.questions_for(role)}
        write_response(
            tmp_path / "responses",
            f"{role}-head.yaml",
            make_response(role, answers, name=f"Head of {role}", questionnaire=(q.id, q.version)),
        )
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert "## Alignment check" in proc.stdout
    assert (tmp_path / "reports" / "report.html").is_file()


# --- the workflow's own steps, run in a scratch repository -----------------------------------------


def run_workflow(repo: Path, workflow: Path) -> tuple[list[tuple[str, int]], Path]:
    """Run the workflow's `run:` steps as GitHub would, with this checkout's `alignment`.

    The install step is replaced (this test must not reach a package index); every other step
    runs in the job's working directory under `bash -e`, as GitHub runs them; a step marked
    `if: always()` runs after a failure too. Returns (step name, exit code) and the summary file.
    """
    doc = parse_workflow(workflow.read_text(encoding="utf-8"))
    job = doc["jobs"]["check"]
    folder = repo / job["defaults"]["run"]["working-directory"]
    summary = repo.parent / "step-summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(
        {
            "NO_COLOR": "1",
            "GITHUB_STEP_SUMMARY": str(summary),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    results: list[tuple[str, int]] = []
    failed = False
    for step in job["steps"]:
        if "run" not in step or (failed and step.get("if") != "always()"):
            continue
        name = step.get("name", step["run"])
        if name == "Install alignment-cli":
            results.append((name, 0))
            continue
        proc = subprocess.run(
            [BASH, "-e", "-c", step["run"]], cwd=folder, env=env, capture_output=True, text=True, timeout=120
        )
        results.append((name, proc.returncode))
        failed = failed or proc.returncode != 0
    return results, summary


def _scratch_repository(tmp_path: Path, folder: str) -> tuple[Path, Path]:
    """A repository laid out as the README says: init's folder, responses, the workflow copied."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run([GIT, "init", "-q"], cwd=repo, check=True)
    # the remote the workflow keeps its history on
    subprocess.run([GIT, "init", "-q", "--bare", str(tmp_path / "origin.git")], check=True)
    subprocess.run([GIT, "remote", "add", "origin", str(tmp_path / "origin.git")], cwd=repo, check=True)
    proc = alignment("init", folder, "--install", "0.1.0", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    answers = same_best_answers(q)
    for role in q.roles:
        asked = {qid: v for qid, v in answers.items() if any(qq.id == qid for _, qq in q.questions_for(role))}
        for _, question in q.questions_for(role):
            asked.setdefault(question.id, typical_answer(question))
        write_response(
            repo / folder / "responses",
            f"{role}-head.yaml",
            make_response(role, asked, name=f"Head of {role}", questionnaire=(q.id, q.version)),
        )
    # the README's step: copy the workflow where GitHub looks for it
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    source = repo / folder / "ci" / "alignment-check.yml"
    (workflows / "alignment-check.yml").write_bytes(source.read_bytes())
    return repo, workflows / "alignment-check.yml"


def test_workflow_steps_run_green_in_a_scratch_repository(tmp_path):
    repo, workflow = _scratch_repository(tmp_path, "ops/alignment")
    results, summary = run_workflow(repo, workflow)
    assert results == [
        ("Install alignment-cli", 0),
        ("Restore the earlier rounds", 0),
        ("Check alignment", 0),
        ("Keep this round in the history", 0),
    ]
    assert "## Alignment check" in summary.read_text(encoding="utf-8")
    doc = parse_workflow(workflow.read_text(encoding="utf-8"))
    upload = next(
        s for s in doc["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    # the artifact path is relative to the repository root, as upload-artifact reads it
    uploaded = repo / upload["with"]["path"]
    assert sorted(p.name for p in uploaded.iterdir()) == ["report.html", "report.json", "report.md"]


def test_workflow_steps_fail_when_a_threshold_fails_and_reports_are_still_there(tmp_path):
    repo, workflow = _scratch_repository(tmp_path, "alignment")
    config = repo / "alignment" / "alignment.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("alignment_index: 50", "alignment_index: 100"),
        encoding="utf-8",
    )
    results, _ = run_workflow(repo, workflow)
    assert results[-2] == ("Check alignment", 1)
    assert results[-1] == ("Keep this round in the history", 0)  # a failed round is kept too
    assert (repo / "alignment" / "reports" / "report.json").is_file()


def test_unpinned_install_step_stops_with_a_message(tmp_path):
    assert alignment("init", cwd=tmp_path).returncode == 0
    doc = parse_workflow((tmp_path / "ci" / "alignment-check.yml").read_text(encoding="utf-8"))
    step = next(s for s in doc["jobs"]["check"]["steps"] if s.get("name") == "Install alignment-cli")
    proc = subprocess.run([BASH, "-e", "-c", step["run"]], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert "no pinned source" in proc.stdout


def test_workflow_folder_outside_a_git_repository_is_taken_from_the_current_folder(tmp_path):
    proc = alignment("init", "team/alignment", "--install", "1.0", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "no git repository was found" in proc.stdout
    text = (tmp_path / "team" / "alignment" / "ci" / "alignment-check.yml").read_text("utf-8")
    check_workflow(parse_workflow(text), folder="team/alignment")


@pytest.mark.parametrize(
    ("spec", "requirement"),
    [
        ("1.2.0", "alignment-cli==1.2.0"),
        ("v1.2.0", "alignment-cli==1.2.0"),
        ("alignment-cli==1.2.0", "alignment-cli==1.2.0"),
        (
            "git+https://github.com/acme/alignment-cli@v1.2.0",
            "alignment-cli @ git+https://github.com/acme/alignment-cli@v1.2.0",
        ),
        (
            "https://example.org/alignment_cli-1.2.0-py3-none-any.whl",
            "alignment-cli @ https://example.org/alignment_cli-1.2.0-py3-none-any.whl",
        ),
    ],
)
def test_install_sources_that_pin(spec, requirement):
    source = install_source(spec)
    assert source.requirement == requirement
    text = workflow_text("a", source)
    install = next(
        s for s in parse_workflow(text)["jobs"]["check"]["steps"] if s.get("name") == "Install alignment-cli"
    )["run"]
    assert shlex.split(install) == ["pip", "install", requirement]
    assert "never installed by its bare name" in text


@pytest.mark.parametrize(
    "spec",
    [
        "alignment-cli",
        "alignment-cli>=1.0",
        "git+https://github.com/acme/alignment-cli",
        "git+https://github.com/acme/alignment-cli@",
        "http://example.org/a.whl",
        "latest",
        "",
    ],
)
def test_install_sources_that_do_not_pin_are_refused(spec, tmp_path):
    proc = alignment("init", "--install", spec, cwd=tmp_path)
    assert proc.returncode == 2
    assert "--install" in proc.stderr
    assert not (tmp_path / "alignment.yml").exists()


@pytest.mark.parametrize("folder", ["a b", "ops/a: #b", "x'y\"z", "räte"])
def test_any_folder_name_stays_one_value_in_the_workflow(folder):
    doc = parse_workflow(workflow_text(folder, install_source("1.0")))
    assert doc["jobs"]["check"]["defaults"]["run"]["working-directory"] == folder
    upload = doc["jobs"]["check"]["steps"][-1]
    assert upload["with"]["path"] == f"{folder}/reports/"


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        (
            '{"url": "https://github.com/acme/alignment-cli", "vcs_info": {"vcs": "git", '
            '"commit_id": "0123abc", "requested_revision": "v1.0"}}',
            "alignment-cli @ git+https://github.com/acme/alignment-cli@0123abc",
        ),
        ('{"url": "file:///work/alignment-cli", "dir_info": {"editable": true}}', None),
        ('{"url": "file:///tmp/x", "vcs_info": {"vcs": "git", "commit_id": "0123abc"}}', None),
        ("not json", None),
        (None, None),
    ],
)
def test_the_default_install_source_is_this_copy_when_it_came_from_a_git_commit(
    monkeypatch, direct_url, requirement
):
    from importlib import metadata

    from alignment_cli.commands.scaffold import installed_source

    class Distribution:
        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return direct_url

    monkeypatch.setattr(metadata, "distribution", lambda name: Distribution())
    found = installed_source()
    assert (found.requirement if found else None) == requirement


def test_the_responses_readme_spells_options_as_the_readme_does():
    assert "--out" not in RESPONSES_README_TEXT
    assert "-o responses/sales-<name>.yaml" in RESPONSES_README_TEXT
