"""Report throughput: N synthetic response files for the built-in questionnaire, then
`alignment report --format json --format html` timed as a whole process, with its peak memory.

Budgets on the reference machine (2 cores): 1,000 files under 1 s; 10,000 under 5 s and 250 MB;
cost growing linearly (each tenfold N about ten times the time).
Run: `.venv/bin/python benchmarks/report_scale.py [--sizes 100 1000 10000]`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = {1000: 1.0, 10000: 5.0}
BUDGET_MB = 250


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """Write `count` plausible response files, as `alignment survey` would."""
    from alignment_cli.model.questionnaire import (
        ChoiceQuestion,
        NumberQuestion,
        YesNoQuestion,
        builtin_paths,
        load_questionnaire,
    )
    from alignment_cli.model.response import Response, render_response

    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    teams = {"sales": ["EMEA", "Americas", "APAC"], "marketing": ["Demand", "Product", "Brand"]}
    for i in range(count):
        role = q.roles[i % 2]
        tendency = rng.uniform(-1.5, 1.5)
        answers: dict[str, object] = {}
        for _, question in q.questions_for(role):
            if rng.random() < 0.04:
                answers[question.id] = None
            elif isinstance(question, ChoiceQuestion):
                answers[question.id] = rng.choice(question.options).value
            elif isinstance(question, YesNoQuestion):
                answers[question.id] = rng.choice(["yes", "no"])
            elif isinstance(question, NumberQuestion):
                answers[question.id] = round(rng.uniform(question.min, question.max))
            else:
                answers[question.id] = max(1, min(5, round(3 + tendency + rng.gauss(0, 1))))
        response = Response.model_validate(
            {
                "questionnaire": {"id": q.id, "version": q.version},
                "organization": "Benchmark Corp",
                "respondent": {
                    "role": role,
                    "name": f"Person {i}",
                    "team": rng.choice(teams[role]),
                    "head": i < 2,
                },
                "started_at": "2026-11-25T09:00:00Z",
                "completed_at": "2026-11-25T09:12:00Z",
                "answers": answers,
                "comments": {"shared-goals": f"Comment number {i} | with <b>markup</b>"}
                if i % 10 == 0
                else {},
            }
        )
        (folder / f"{role}-{i:05d}.yaml").write_text(render_response(response), encoding="utf-8")


def run_report(folder: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one whole `alignment report` process."""
    script = Path(sys.executable).with_name("alignment")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "alignment_cli"]
    command = [*cli, "report", str(folder), "--format", "json", "--format", "html", "--output", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"report failed ({process.returncode}): {error}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    args = parser.parse_args()
    failed = False
    previous: float | None = None
    work = Path(tempfile.mkdtemp(prefix="alignment-bench-"))
    try:
        print(f"{'files':>7} {'seconds':>8} {'peak MB':>8} {'x previous':>10}  budget")
        for size in args.sizes:
            folder = work / f"n{size}"
            generate(folder, size)
            runs = [run_report(folder, work / f"out{size}") for _ in range(args.repeat)]
            seconds = min(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            growth = f"{seconds / previous:10.1f}" if previous else f"{'':>10}"
            budget = BUDGET_SECONDS.get(size)
            verdict = ""
            if budget is not None:
                ok = seconds < budget and (size < 10000 or peak < BUDGET_MB)
                failed |= not ok
                verdict = (
                    f"< {budget:g} s"
                    + (f", < {BUDGET_MB} MB" if size >= 10000 else "")
                    + (": PASS" if ok else ": FAIL")
                )
            print(f"{size:7d} {seconds:8.2f} {peak:8.0f} {growth}  {verdict}")
            previous = seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
