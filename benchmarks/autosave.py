"""Autosave cost: `alignment survey` rewrites the whole response file after every answer
(temporary file, fsync, rename), so one save must stay under 10 ms.

Times the survey's own save step over a realistic, fully answered response (every item of one side
of the built-in questionnaire, a comment on each dimension; the small test fixture when the
built-in one is absent), changing one answer before each save as a respondent would, and prints
the median, the 95th percentile and the verdict. The files go to a temporary folder in the current
directory, the disk where `responses/` would be; `--dir` picks another.
Run: `python benchmarks/autosave.py [--saves 200] [--dir DIR]`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from alignment_cli.interactive.survey import Survey, start_response
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    ChoiceQuestion,
    NumberQuestion,
    Questionnaire,
    YesNoQuestion,
    builtin_paths,
    load_questionnaire,
)
from alignment_cli.model.response import Respondent, Response

BUDGET_MS = 10.0
FALLBACK = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini.yaml"


def answer_for(question: AnyQuestion, questionnaire: Questionnaire, rng: random.Random) -> Any:
    """A plausible answer; now and then "don't know"."""
    if rng.random() < 0.05:
        return None
    if isinstance(question, ChoiceQuestion):
        return rng.choice(question.options).value
    if isinstance(question, YesNoQuestion):
        return rng.choice(["yes", "no"])
    if isinstance(question, NumberQuestion):
        value = rng.uniform(question.min, question.max)
        return round(value) if question.max - question.min >= 10 else round(value, 1)
    return rng.randint(questionnaire.scale.min, questionnaire.scale.max)


def full_response(seed: int = 11) -> tuple[Questionnaire, Response]:
    """A finished-looking response for the first side: every answer and comment filled in."""
    builtin = builtin_paths().get("sales-marketing-alignment")
    questionnaire = load_questionnaire(builtin if builtin is not None else FALLBACK)
    rng = random.Random(seed)
    role = questionnaire.roles[0]
    response = start_response(
        questionnaire, Respondent(role=role, name="Jana Carpenter", team="EMEA", head=True), "Acme Corp"
    )
    for _, question in questionnaire.questions_for(role):
        response.answers[question.id] = answer_for(question, questionnaire, rng)
    for dimension in questionnaire.dimensions:
        response.comments[dimension.id] = (
            f"On {dimension.title.lower()}: we agreed on this last spring, but the targets "
            "changed twice since, and nobody wrote the new ones down. Needs a proper review."
        )
    return questionnaire, response


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=200, help="how many saves to time")
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to write (default: a temporary folder here)"
    )
    options = parser.parse_args()

    questionnaire, response = full_response()
    folder = Path(tempfile.mkdtemp(prefix=".autosave-benchmark-", dir=options.dir or Path.cwd()))
    try:
        path = folder / "sales-jana-carpenter.yaml"
        flow = Survey(questionnaire, response, path, asker=None)  # type: ignore[arg-type]
        ids = list(response.answers)
        rng = random.Random(3)
        flow.save()  # the first write creates the file
        timings: list[float] = []
        for i in range(options.saves):
            # as in the survey: one answer changes, then the whole file is written again
            question = questionnaire.questions[ids[i % len(ids)]]
            flow.response.answers[question.id] = answer_for(question, questionnaire, rng)
            start = time.perf_counter()
            flow.save()
            timings.append((time.perf_counter() - start) * 1000)
        size = path.stat().st_size
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    timings.sort()
    median = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))]
    verdict = "PASS" if p95 < BUDGET_MS else "FAIL"
    print(
        f"questionnaire  {questionnaire.id} {questionnaire.version}: {len(response.answers)} "
        f"answers, {len(response.comments)} comments, {size:,} bytes per file"
    )
    print(f"saves          {len(timings)} (temporary file, fsync, rename) in {folder.parent}")
    print(f"median         {median:.2f} ms")
    print(f"p95            {p95:.2f} ms")
    print(f"max            {timings[-1]:.2f} ms")
    print(f"budget         {BUDGET_MS:.0f} ms (p95): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
