"""Start-up cost: `alignment --help` (and --version) against a bare `python -c "import typer"`.

Runs each command alternately, several times, and prints the medians and their ratio against the
budget of 1.3. Also times `alignment survey` with no terminal, which must fail (exit 2) within
NO_TTY_BUDGET seconds rather than wait for input.
Run it with the project's interpreter: `.venv/bin/python benchmarks/startup.py`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BUDGET = 1.3
NO_TTY_BUDGET = 1.0


def timed(command: list[str]) -> float:
    """Wall time of one run. Waited for with a blocking wait4: subprocess's wait with a timeout
    polls in sleeps of up to 50 ms, which rounded every figure to a 50 ms step."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    watchdog = threading.Timer(60, process.kill)  # a hung command ends the benchmark
    watchdog.start()
    try:
        _, status, _ = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    python = sys.executable
    script = Path(python).with_name("alignment")
    cli = [str(script)] if script.exists() else [python, "-m", "alignment_cli"]
    commands = {
        "import typer": [python, "-c", "import typer"],
        "alignment --help": [*cli, "--help"],
        "alignment --version": [*cli, "--version"],
        "alignment questionnaire list": [*cli, "questionnaire", "list"],
        "alignment survey (no terminal)": [*cli, "survey"],
    }
    for command in commands.values():  # warm the file cache and .pyc files
        timed(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    base = statistics.median(samples["import typer"])
    print(f"{'command':32} {'median':>9} {'min':>9}  ratio to import typer")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:32} {median * 1000:7.1f}ms {min(values) * 1000:7.1f}ms  {median / base:.2f}")
    ratio = statistics.median(samples["alignment --help"]) / base
    verdict = "PASS" if ratio <= BUDGET else "FAIL"
    print(f"\n--help / import typer = {ratio:.2f} (budget {BUDGET}): {verdict}")
    no_tty = statistics.median(samples["alignment survey (no terminal)"])
    no_tty_ok = no_tty < NO_TTY_BUDGET
    print(
        f"survey with no terminal fails in {no_tty:.2f} s (budget {NO_TTY_BUDGET} s): "
        f"{'PASS' if no_tty_ok else 'FAIL'}"
    )
    return 0 if ratio <= BUDGET and no_tty_ok else 1


if __name__ == "__main__":
    sys.exit(main())
