"""`alignment init`: a folder ready for scheduled re-assessments.

It writes a commented config, a responses folder that explains how to fill it, and an example CI
workflow. Nothing is written when any of those files already exists, unless --force is given, so
an existing setup is never half overwritten.
"""

from __future__ import annotations

from pathlib import Path

from alignment_cli.errors import OutputError

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
  alignment survey --role sales --name "<name>" --out responses/sales-<name>.yaml
  ```

Both sides must answer before the alignment index and the gaps can be computed. With several
respondents on a side, reports show only averages: names appear only where a side has a single
respondent.

When all files are in, run `alignment check alignment.yml` from that same folder.
"""

WORKFLOW_HEADER = """\
# A quarterly Sales & Marketing alignment check for GitHub Actions.
# To use it, copy this file to .github/workflows/alignment-check.yml in your repository.
# The job fails when a threshold in alignment.yml does not hold; the reports are kept as a
# build artifact either way, and the summary appears on the run's page.
"""

WORKFLOW_BODY = """\
name: Alignment check

on:
  schedule:
    - cron: "0 6 1 1,4,7,10 *"   # 06:00 UTC on the first day of each quarter
  workflow_dispatch:             # and whenever someone starts it by hand

permissions:
  contents: read

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
        run: pip install alignment-cli   # or `pip install .` in a checkout of alignment-cli
      - name: Check alignment
        run: {command}
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: alignment-reports
          path: {reports}
          if-no-files-found: ignore
"""


def workflow_text(folder: str = ".") -> str:
    """The workflow for a setup in `folder`, relative to the repository root."""
    folder = folder.strip("/") or "."
    reports = "reports/" if folder == "." else f"{folder}/reports/"
    return WORKFLOW_HEADER + "\n" + WORKFLOW_BODY.format(folder=folder, command=CHECK_COMMAND,
                                                         reports=reports)


def _repository_folder(directory: Path) -> str:
    """Where `directory` lies inside its git repository, so the workflow runs in the right place."""
    here = directory.resolve()
    for root in (here, *here.parents):
        if (root / ".git").exists():
            relative = here.relative_to(root).as_posix()
            return relative or "."
    return "."


def scaffold(directory: Path, *, force: bool) -> list[Path]:
    """Write the config, the responses README and the example workflow; return what was written."""
    from alignment_cli.io.yamlio import write_atomic

    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: is a file; expected a folder to set up in")
    files = {
        directory / CONFIG_NAME: CONFIG_TEXT,
        directory / RESPONSES_README: RESPONSES_README_TEXT,
        directory / WORKFLOW: workflow_text(_repository_folder(directory)),
    }
    existing = [path for path in files if path.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        raise OutputError(f"{names}: already exist{'s' if len(existing) == 1 else ''}; nothing "
                          "was written. Pass --force to overwrite, or choose another folder.")
    for path, text in files.items():
        write_atomic(path, text)
    return list(files)
