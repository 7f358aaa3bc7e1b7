"""CRM import speed: summarising 100,000 leads must take at most 5 times a plain `csv.reader`
pass over the same file.

Writes a synthetic lead export in the generic layout (ISO timestamps in local time, as CRM
exports write them, some empty cells, a few duplicated ids), then times, best of `--runs`, a bare
`csv.reader` pass (reading the file and every row) against `alignment crm import`'s own work
from file to summary (`summarise_export`: decoding, layout, every date parsed, business hours,
the figures), the two runs taking turns and timed in CPU time (process_time) so a busy machine
slows both alike, with the cycle
collector set as the program sets it (cli.main). Prints both times, the ratio and the verdict;
exits 1 over budget.
Run: `python benchmarks/crm_import.py [--leads 100000] [--runs 3] [--timezone Europe/Berlin]`.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from alignment_cli.commands.crm import summarise_export

BUDGET = 5.0
HEADER = [
    "lead_id",
    "created_at",
    "mql_at",
    "first_contact_at",
    "accepted_at",
    "rejected_at",
    "sql_at",
    "closed_won_at",
    "outcome",
]


def write_export(path: Path, leads: int, seed: int = 26) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, 8, 0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)

    def stamp(moment: datetime | None) -> str:
        if moment is None:
            return ""
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    for i in range(leads):
        created = start + timedelta(minutes=rng.randint(0, 180 * 24 * 60))
        mql = created + timedelta(minutes=rng.randint(5, 600)) if rng.random() < 0.9 else None
        contact = (mql or created) + timedelta(minutes=rng.randint(10, 9000)) if rng.random() < 0.9 else None
        accepted = rejected = sql = won = None
        outcome = ""
        if contact is not None and rng.random() < 0.8:
            if rng.random() < 0.7:
                accepted = contact + timedelta(hours=rng.randint(1, 48))
                outcome = "accepted"
                if rng.random() < 0.4:
                    sql = accepted + timedelta(days=rng.randint(1, 20))
                    outcome = "sql"
                    if rng.random() < 0.3:
                        won = sql + timedelta(days=rng.randint(5, 60))
                        outcome = "won"
            else:
                rejected = contact + timedelta(hours=rng.randint(1, 48))
                outcome = rng.choice(["rejected", "recycled"])
        lead = f"L{i if rng.random() > 0.001 else max(i - 1, 0):07d}"
        writer.writerow(
            [
                lead,
                stamp(created),
                stamp(mql),
                stamp(contact),
                stamp(accepted),
                stamp(rejected),
                stamp(sql),
                stamp(won),
                outcome,
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")


def plain_pass(path: Path) -> float:
    begin = time.process_time()
    with path.open(newline="", encoding="utf-8") as handle:
        for _row in csv.reader(handle):
            pass
    return time.process_time() - begin


def summary_pass(path: Path, timezone: str) -> float:
    begin = time.process_time()
    summarise_export(path, timezone=timezone)
    return time.process_time() - begin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timezone", default="Europe/Berlin")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "leads.csv"
        write_export(path, args.leads)
        size = path.stat().st_size / 1_048_576
        gc.set_threshold(100_000, 50, 100)  # as cli.main sets it
        plain = summary = float("inf")
        for _ in range(args.runs):
            plain = min(plain, plain_pass(path))
            summary = min(summary, summary_pass(path, args.timezone))
    ratio = summary / plain
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(
        f"crm import, {args.leads:,} leads ({size:.1f} MB), best of {args.runs}: "
        f"csv.reader {plain * 1000:.0f} ms, summary {summary * 1000:.0f} ms, "
        f"{ratio:.2f} x ({verdict} the budget of {BUDGET:g} x)"
    )
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
