"""`alignment init`: a folder ready for scheduled re-assessments.

It writes a commented config, a responses folder that explains how to fill it, and an example CI
workflow. Nothing is written when any of those files already exists, unless --force is given, so
an existing setup is never half overwritten.

The files fall in two kinds. The workflow and the wheel are init's own: nobody is meant to edit
them, and --force writes them afresh, which is how a set-up is upgraded. The config and the
responses README are the user's from the moment they exist: --force never replaces them, since
an older version's text cannot be told from the user's edits, and writes them only when missing.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alignment_cli.errors import OutputError, UsageError

CONFIG_NAME = "alignment.yml"
RESPONSES_README = Path("responses") / "README.md"
WORKFLOW = Path("ci") / "alignment-check.yml"
CHECK_COMMAND = "alignment check alignment.yml"

CONFIG_TEXT = """\
# Settings for `alignment check alignment.yml`: a re-assessment that asks no questions, writes
# the reports below, prints a summary, and exits 1 when a threshold does not hold.
# Every path in this file is relative to the folder this file is in.

# The organization named in the reports; by default the name given in the response files.
# organization: Acme Corp

# A built-in questionnaire id (see `alignment questionnaire list`) or the path of your own file.
questionnaire: sales-marketing-alignment

# The response files to score: files, folders (searched for *.yaml and *.yml) or globs.
responses: [responses/]

# The check fails when any of these does not hold. Remove a line to stop checking it.
thresholds:
  alignment_index: 50   # the alignment index (0-100) must be at least this; 50 starts "Aligned"
  max_gap: 25           # no dimension may have Sales and Marketing more than this far apart
  max_drop: 5           # the index may fall by at most this much against the baseline
  # dimensions:         # a minimum alignment for single dimensions, by dimension id
  #   lead-handoff: 50

# An earlier result to compare against (the report.json of a run you accepted). Until the file
# exists the summary says "no baseline yet" and the max_drop check is skipped.
baseline: results/last.json

# Every run keeps its result here (a re-run of the same round replaces it), and the reports gain
# a trend over the kept rounds. The CI workflow keeps this folder on the branch alignment-history.
history: history/

# The reports to write (md, html, json) and the folder they go into.
report:
  formats: [md, html, json]
  output: reports/
"""

RESPONSES_README_TEXT = """\
# Response files

Put one response file per respondent in this folder (sub-folders are fine). Every `*.yaml` and
`*.yml` file here is scored by `alignment check alignment.yml`; other files are ignored.

Two ways to add a file (run these from the folder that holds alignment.yml):

- **Fill one in by hand.** Write a blank file for a respondent's side, then fill in the answers
  with any text editor:

  ```sh
  alignment questionnaire template sales-marketing-alignment --role sales \\
      -o responses/sales-<name>.yaml
  alignment questionnaire template sales-marketing-alignment --role marketing \\
      -o responses/marketing-<name>.yaml
  ```

- **Answer in the terminal.** Each respondent runs the survey, which saves after every answer:

  ```sh
  alignment survey --role sales --name "<name>" -o responses/sales-<name>.yaml
  ```

Both sides must answer before the alignment index and the gaps can be computed. With several
respondents on a side, reports show only averages: names appear only where a side has a single
respondent.

When all files are in, run `alignment check alignment.yml` from that same folder.
"""

WORKFLOW_HEADER = [
    "A quarterly Sales & Marketing alignment check for GitHub Actions.",
    "To use it, copy this file to .github/workflows/alignment-check.yml at the root of your "
    "repository. It runs in {folder_text}, where alignment.yml is. The job fails when a threshold "
    "in alignment.yml does not hold; the reports are kept as a build artifact either way, and the "
    "summary appears on the run's page.",
    "History: each run restores the earlier rounds' results from the branch alignment-history, "
    "adds its own to history/ (a re-run of the same round replaces it) and pushes them back to "
    "that branch as a commit, which is why the job may write to the repository's contents. "
    "Delete the branch to start the history afresh.",
    "Where alignment-cli comes from: {pin_text}. It is never installed by its bare name from the "
    "public package index, where whoever registered that name would run code in this job.",
]

WORKFLOW_BODY = """\
name: Alignment check

on:
  schedule:
    - cron: "0 6 1 1,4,7,10 *"   # 06:00 UTC on the first day of each quarter
  workflow_dispatch:             # and whenever someone starts it by hand

permissions:
  contents: write   # to keep the history of rounds on the branch alignment-history

concurrency: alignment-check   # one run at a time, so no round's history is lost

jobs:
  check:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: {folder}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install alignment-cli
        run: {install}
      - name: Restore the earlier rounds
        run: |
          if git fetch -q --depth=1 origin alignment-history 2>/dev/null; then
            git checkout FETCH_HEAD -- history/ 2>/dev/null || echo "No rounds kept yet."
          else
            echo "No rounds kept yet: the first run starts the branch alignment-history."
          fi
      - name: Check alignment
        run: {command}
      - name: Keep this round in the history
        if: always()
        run: |
          if [ -d history ]; then
            git config user.name "github-actions[bot]"
            git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
            git add history/
            git commit -q -m "Alignment check: the rounds kept so far" || echo "No new round to keep."
            git push -q --force origin HEAD:refs/heads/alignment-history
          fi
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: alignment-reports
          path: {reports}
          if-no-files-found: ignore
"""

INSTALL_STEP_NAME = "Install alignment-cli"
PACKAGE = "alignment-cli"
# What the install step does until a source is pinned: stop with a message that says how to pin.
UNPINNED = (
    'echo "::error::alignment-cli has no pinned source yet; edit this step as the comment '
    'at the top of this file says" && exit 1'
)
UNPINNED_TEXT = (
    "not pinned yet, so the install step stops with a message. Edit that step to "
    "`pip install alignment-cli==VERSION` or `pip install 'alignment-cli @ "
    "git+https://HOST/OWNER/alignment-cli@TAG'` (or pass --install to alignment init)"
)
_VERSION = re.compile(r"^(?:alignment-cli\s*==\s*)?v?(\d+(?:\.\d+)*(?:[-.]?[a-z0-9]+)*)$", re.I)


@dataclass(frozen=True)
class InstallSource:
    """Where CI installs alignment-cli from: a pip requirement that names one fixed release."""

    requirement: str  # what pip is given, e.g. alignment-cli==1.2.0 or a git URL at a tag
    describe: str  # how the header comment names it
    wheel: bytes | None = None  # with --wheel: the wheel written beside the workflow

    @property
    def command(self) -> str:
        if self.wheel is not None:
            from alignment_cli.commands.wheel import sha256

            # the wheel is checked against the hash init wrote, then installed by its path; pip
            # fetches its dependencies (typer, rich, pydantic, ...) under their own names
            return (
                "|\n          "
                f"echo {shlex.quote(sha256(self.wheel) + '  ' + self.requirement)} | "
                "sha256sum --check --strict\n          "
                f"python -m pip install {self.requirement}"
            )
        return f"pip install {shlex.quote(self.requirement)}"


def wheel_source() -> InstallSource:
    """`--wheel`: a wheel of this very version, written into ci/ and installed by its path."""
    from alignment_cli.commands.wheel import build_wheel, wheel_name

    name = (WORKFLOW.parent / wheel_name()).as_posix()
    return InstallSource(
        f"./{name}",
        f"the wheel {name} beside this file, of the version that "
        "wrote it, checked against its SHA-256 and installed by its path (its "
        "dependencies come from the package index under their own names)",
        wheel=build_wheel(),
    )


def install_source(spec: str) -> InstallSource:
    """Read `--install`: a version, a git URL at a tag or commit, or an archive URL.

    Anything that would let the public index choose the code (a bare name, a range) is refused.
    """
    text = spec.strip()
    if text.startswith("git+"):
        location = text.split("://", 1)[-1]
        path = location.split("/", 1)[1] if "/" in location else ""
        if "@" not in path or not path.rsplit("@", 1)[1].strip():
            raise UsageError(
                f"--install {spec!r}: a git URL must end with @TAG or @COMMIT, "
                f"e.g. git+https://github.com/OWNER/alignment-cli@v1.2.0"
            )
        return InstallSource(f"{PACKAGE} @ {text}", f"the git repository and tag or commit in {text}")
    if text.startswith("https://") and text.endswith((".whl", ".tar.gz", ".zip")):
        return InstallSource(f"{PACKAGE} @ {text}", f"the release archive {text}")
    match = _VERSION.match(text)
    if match:
        version = match.group(1)
        return InstallSource(
            f"{PACKAGE}=={version}",
            f"version {version} exactly, from the package index pip is set up "
            "to use (set PIP_INDEX_URL to your own index when alignment-cli is "
            "not published on the public one)",
        )
    raise UsageError(
        f"--install {spec!r}: expected a version (1.2.0), a git URL at a tag "
        "(git+https://github.com/OWNER/alignment-cli@v1.2.0) or an https URL of "
        "a release archive (.whl, .tar.gz); a bare package name is refused, since "
        "anyone can register it on the public index"
    )


def installed_source() -> InstallSource | None:
    """The source this copy was installed from, when that is a git URL at a fixed commit."""
    from importlib import metadata

    try:
        raw = metadata.distribution(PACKAGE).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except ValueError:
        return None
    vcs = info.get("vcs_info") or {}
    url, commit = info.get("url"), vcs.get("commit_id")
    if vcs.get("vcs") != "git" or not isinstance(url, str) or not isinstance(commit, str):
        return None
    if not url.startswith("https://"):
        return None
    return install_source(f"git+{url}@{commit}")


def upgrade_commands(folder: str) -> list[str]:
    """What to run from the repository's root to move a `--wheel` set-up to the running version."""
    folder = folder.strip("/") or "."
    where = "." if folder == "." else shlex.quote(f"{folder}/")
    workflow = shlex.quote((Path(folder) / WORKFLOW).as_posix())
    ci = shlex.quote(f"{(Path(folder) / WORKFLOW.parent).as_posix()}/")
    return [
        f"alignment init {where} --force --wheel",
        f"cp {workflow} .github/workflows/",
        f"git add .github/workflows/ {ci}",  # the new wheel, and the older one's removal
    ]


def _unbroken(command: str) -> str:
    """A command the header's line wrapping keeps on one line, so it can be copied whole."""
    return command.replace(" ", "\0")


def workflow_text(folder: str = ".", install: InstallSource | None = None) -> str:
    """The workflow for a setup in `folder`, relative to the repository root."""
    folder = folder.strip("/") or "."
    reports = "reports/" if folder == "." else f"{folder}/reports/"
    folder_text = "the repository's root folder" if folder == "." else f"the folder {folder}"
    pin_text = install.describe if install else UNPINNED_TEXT
    paragraphs = [p.format(folder_text=folder_text, pin_text=pin_text) for p in WORKFLOW_HEADER]
    if install is not None and install.wheel is not None:
        init, copy, add = (_unbroken(c) for c in upgrade_commands(folder))
        paragraphs.append(
            f"To upgrade, run `{init}` from the repository's root with the newer version: it "
            "writes this file and the wheel afresh, removes the older wheel, and keeps "
            f"alignment.yml and responses/README.md as they are. Then, from the root too, `{copy}` "
            f"and `{add}`, and commit."
        )
    header = "#\n".join(
        "".join(
            f"# {line}\n".replace("\0", " ")
            for line in textwrap.wrap(paragraph, width=96, break_on_hyphens=False)
        )
        for paragraph in paragraphs
    )
    # quoted as JSON strings, which YAML reads as they are: a folder named "a: #b" stays one value
    body = WORKFLOW_BODY.format(
        folder=json.dumps(folder),
        command=CHECK_COMMAND,
        reports=json.dumps(reports),
        install=install.command if install else UNPINNED,
    )
    return header + "\n" + body


@dataclass(frozen=True)
class Placement:
    """Where the set-up folder sits in its repository, and how that was worked out."""

    folder: str  # relative to the repository root, "." for the root itself
    root: Path | None  # the repository root, when a .git was found


def repository_folder(directory: Path, cwd: Path | None = None) -> Placement:
    """Where `directory` lies inside its git repository, so the workflow runs in the right place.

    Outside a git repository (a set-up written before `git init`) the current folder stands for
    the repository root, as when `alignment init alignment/` is run at the top of a checkout.
    """
    here = directory.resolve()
    for root in (here, *here.parents):
        if (root / ".git").exists():
            return Placement(here.relative_to(root).as_posix() or ".", root)
    base = (cwd or Path.cwd()).resolve()
    try:
        return Placement(here.relative_to(base).as_posix() or ".", None)
    except ValueError:
        return Placement(".", None)


@dataclass(frozen=True)
class FileChange:
    """What init did with one file, and why: the line it prints for that file."""

    path: Path
    done: Literal["Wrote", "Replaced", "Removed", "Kept"]
    reason: str = ""

    def line(self) -> str:
        return f"{self.done} {self.path}" + (f": {self.reason}" if self.reason else "")


@dataclass(frozen=True)
class Scaffolded:
    """What `init` wrote, and what the person must know about the workflow."""

    changes: list[FileChange]
    workflow: Path
    placement: Placement
    install: InstallSource | None

    def notes(self) -> list[str]:
        """What to do next with the workflow: where it goes, where it runs, what it installs."""
        root = self.placement.root
        workflows = (
            Path(os.path.relpath(root / ".github" / "workflows")) if root else Path(".github") / "workflows"
        )
        where = "the repository's root" if self.placement.folder == "." else self.placement.folder
        replaced = any(c.path == self.workflow and c.done == "Replaced" for c in self.changes)
        lines = [
            f"The CI workflow runs in {where} (relative to the repository root"
            + ("" if root else ", taken to be the current folder: no git repository was found")
            + "). "
            + ("To bring the copy GitHub runs up to date: " if replaced else "To turn it on: ")
            + f"mkdir -p {shlex.quote(str(workflows))} && cp {shlex.quote(str(self.workflow))} "
            f"{shlex.quote(str(workflows))}/"
        ]
        if self.install is None:
            lines.append(
                "It does not say yet where to install alignment-cli from, so it stops "
                f"at that step: edit the step in {self.workflow}, or run init again "
                "with --force --install VERSION or --install git+URL@TAG."
            )
        else:
            lines.append(f"It installs: {self.install.requirement}")
        if self.install is not None and self.install.wheel is not None:
            lines.append(
                f"Commit {self.workflow.parent / Path(self.install.requirement).name} "
                "with the workflow: the job installs alignment-cli from it."
            )
        lines.append(
            "It keeps each round's result on the branch alignment-history (it needs "
            "permission to write the repository's contents, as the file says)."
        )
        lines.append(
            "Note: GitHub turns off scheduled workflows in a public repository after 60 "
            "days without activity in it; it e-mails a warning first, and a click on "
            '"Enable workflow" on the Actions tab turns it back on.'
        )
        return lines


# The user's files: once they exist, they hold the user's settings and notes, and --force keeps them
USERS = (Path(CONFIG_NAME), RESPONSES_README)
KEPT = "it is yours; --force never replaces it (to start afresh, move it away and run init again)"
OWN = "init's own file, written afresh by --force"


@dataclass(frozen=True)
class InitRequest:
    """What `alignment init` was asked: where, whether to upgrade, and where CI installs from
    (`wheel`, a pinned `install` spec, or neither: this copy's own source when it has one)."""

    directory: Path
    force: bool = False
    wheel: bool = False
    install: str | None = None


def run_init(request: InitRequest) -> Scaffolded:
    """`alignment init`: pick where CI installs from, then set up (or upgrade) the folder."""
    if request.wheel and request.install is not None:
        raise UsageError("--wheel and --install both say where CI installs from: give one")
    if request.wheel:
        source: InstallSource | None = wheel_source()
    elif request.install is not None:
        source = install_source(request.install)
    else:
        source = installed_source()
    return scaffold(request.directory, force=request.force, install=source)


def scaffold(directory: Path, *, force: bool, install: InstallSource | None = None) -> Scaffolded:
    """Write the config, the responses README and the example workflow.

    With `force`, init's own files (the workflow, the wheel) are written afresh and an older wheel
    beside them is removed; the user's files are written only when missing.
    """
    from alignment_cli.io.yamlio import write_atomic

    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: is a file; expected a folder to set up in")
    placement = repository_folder(directory)
    files: dict[Path, str | bytes] = {
        directory / CONFIG_NAME: CONFIG_TEXT,
        directory / RESPONSES_README: RESPONSES_README_TEXT,
        directory / WORKFLOW: workflow_text(placement.folder, install),
    }
    if install is not None and install.wheel is not None:
        files[(directory / install.requirement)] = install.wheel
    existing = [path for path in files if path.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        raise OutputError(
            f"{names}: already exist{'s' if len(existing) == 1 else ''}; nothing "
            "was written. Pass --force to write the workflow (and the wheel) afresh and keep "
            f"{CONFIG_NAME} and {RESPONSES_README.as_posix()} as they are, or choose another folder."
        )
    users = {directory / name for name in USERS}
    changes: list[FileChange] = []
    for path, content in files.items():
        if path in existing and path in users:
            changes.append(FileChange(path, "Kept", KEPT))
            continue
        write_atomic(path, content)
        changes.append(FileChange(path, "Replaced", OWN) if path in existing else FileChange(path, "Wrote"))
    changes.extend(_remove_older_wheels(directory, files))
    return Scaffolded(changes, directory / WORKFLOW, placement, install)


def _remove_older_wheels(directory: Path, written: dict[Path, str | bytes]) -> list[FileChange]:
    """A new wheel takes the place of the ones an earlier `init --wheel` wrote beside the workflow."""
    from alignment_cli.commands.wheel import wheel_name

    new = [path for path in written if path.suffix == ".whl"]
    if not new:
        return []
    pattern = wheel_name("*")
    older = sorted(p for p in (directory / WORKFLOW.parent).glob(pattern) if p not in new and p.is_file())
    for path in older:
        path.unlink()
    return [
        FileChange(path, "Removed", f"an older wheel of init's; the workflow installs {new[0].name} now")
        for path in older
    ]
