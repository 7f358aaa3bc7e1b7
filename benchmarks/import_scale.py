"""Import throughput: a platform export of N rows for the built-in questionnaire (question text
as headers, option labels as cells, a comment column, a timestamp), then `alignment import` timed
as a whole process, against `alignment report --format json` on the N files it wrote.

Budget: the import takes at most twice as long as that report (10,000 rows).
Run: `.venv/bin/python benchmarks/import_scale.py [--rows 10000]`.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATIO_BUDGET = 2.0


def write_export(path: Path, rows: int, seed: int = 11) -> None:
    from alignment_cli.model.questionnaire import (
        ChoiceQuestion,
        LikertQuestion,
        NumberQuestion,
        builtin_paths,
        load_questionnaire,
    )
    from alignment_cli.render.export import comment_question

    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    rng = random.Random(seed)
    questions = list(q.questions.values())
    header = [
        "Timestamp",
        "Which side are you on?",
        "Your name",
        "Your team",
        *(question.text for question in questions),
        *(comment_question(d.title) for d in q.dimensions[:2]),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for i in range(rows):
        role = q.roles[i % 2]
        asked = {question.id for _, question in q.questions_for(role)}
        cells: list[str] = [f"2026/11/25 10:{i % 60:02d}:00 AM GMT", role.title(), f"Person {i}", ""]
        for question in questions:
            if question.id not in asked:
                cells.append("")
            elif rng.random() < 0.04:
                cells.append("Don't know")
            elif isinstance(question, LikertQuestion):
                point = rng.randint(q.scale.min, q.scale.max)
                cells.append(q.scale.labels.get(point, str(point)))
            elif isinstance(question, ChoiceQuestion):
                cells.append(rng.choice(question.options).label)
            elif isinstance(question, NumberQuestion):
                cells.append(str(round(rng.uniform(question.min, question.max))))
            else:
                cells.append(rng.choice(["Yes", "No"]))
        cells += ["a comment, with a comma" if rng.random() < 0.2 else "", ""]
        writer.writerow(cells)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "alignment_cli", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="alignment-import-bench-"))
    try:
        export = folder / "export.csv"
        write_export(export, args.rows)
        imported = timed(
            "import", str(export), "--out", str(folder / "responses"), "--organization", "Benchmark Corp"
        )
        report = timed("report", str(folder / "responses"), "-f", "json", "-o", str(folder / "report.json"))
        ratio = imported / report
        print(
            f"import of {args.rows} rows: {imported:.1f} s; report on the {args.rows} files "
            f"it wrote: {report:.1f} s; ratio {ratio:.2f} (budget {RATIO_BUDGET:.1f})"
        )
        return 0 if ratio <= RATIO_BUDGET else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
