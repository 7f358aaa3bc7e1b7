"""A Google Forms CSV and a Microsoft Forms .xlsx, built from `questionnaire export`'s sheet, give
the same report as the same answers typed in.

The forms are built as a consultant would: one form field per row of the exported sheet, the
field's text as the question, its options (one a line) as the choices. The platforms then export
what they always add (a timestamp; Microsoft Forms' ID, times, e-mail and account name) and
every field under its question's text, comments included. One respondent is anonymous.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire
from tests.helpers import typical_answer, write_response

REPO = Path(__file__).resolve().parent.parent
QID = "sales-marketing-alignment"


def alignment(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alignment_cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(REPO), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )


def sheet_rows(tmp_path: Path) -> list[dict[str, str]]:
    done = alignment("questionnaire", "export", QID, "-o", "questions.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "questions.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def options(row: dict[str, str]) -> dict[str, str]:
    """value -> label, from the sheet's answers cell (one option a line)."""
    pairs = [line.split("=", 1) for line in row["answers"].splitlines() if "=" in line]
    return {value: label for value, label in pairs}


PEOPLE = [  # (side, form name, account name, head, completed)
    ("sales", "Jana Carpenter", "Jana C. (jana@acme.example)", "yes", "2026-11-25 10:02:11"),
    ("marketing", "", "Anonymous", "yes", "2026-11-25 10:05:40"),
    ("marketing", "Mo Reyes", "Anonymous", "no", "2026-11-26 09:00:00"),
]


def answers_for(q: Any, side: str, k: int) -> dict[str, Any]:
    """Different answers per person, some "don't know"."""
    given: dict[str, Any] = {}
    for n, (_, question) in enumerate(q.questions_for(side)):
        if (n + k) % 11 == 0:
            given[question.id] = None
        elif question.kind == "likert":
            given[question.id] = 1 + (n * 3 + k) % 5
        else:
            given[question.id] = typical_answer(question)
    return given


def cell(q: Any, row: dict[str, str], value: Any) -> Any:
    """What the form platform exports for an answer: the option's label, a number, or blank."""
    if value is None:
        return "Don't know"
    labels = options(row)
    return labels.get(str(value), value)


def build(tmp_path: Path) -> tuple[list[str], list[list[Any]], Any, list[dict[str, Any]]]:
    q = load_questionnaire(builtin_paths()[QID])
    rows = sheet_rows(tmp_path)
    headers = [row["text"] for row in rows]
    people: list[dict[str, Any]] = []
    records: list[list[Any]] = []
    for k, (side, name, account, head, when) in enumerate(PEOPLE):
        given = answers_for(q, side, k)
        comments = {
            d.id: f'{side} {k} on {d.title}, with a comma; and a quote "x"' for d in q.dimensions[k::4]
        }
        record: list[Any] = []
        for row in rows:
            field = row["id"]
            if field == "side":
                record.append(options(row)[side])
            elif field == "name":
                record.append(name)
            elif field == "team":
                record.append("")
            elif field == "head":
                record.append(options(row)[head])
            elif field.startswith("comment:"):
                record.append(comments.get(field.split(":", 1)[1], ""))
            elif field in given:
                record.append(cell(q, row, given[field]))
            else:
                record.append("")  # not asked of this side
        records.append(record)
        people.append(
            {
                "side": side,
                "name": name or None,
                "account": account,
                "head": head == "yes",
                "answers": given,
                "comments": comments,
                "completed": datetime.fromisoformat(when).replace(tzinfo=UTC),
            }
        )
    return headers, records, q, people


def typed_in(tmp_path: Path, q: Any, people: list[dict[str, Any]]) -> Path:
    from alignment_cli.model.response import Response

    folder = tmp_path / "typed"
    for k, person in enumerate(people):
        response = Response.model_validate(
            {
                "questionnaire": {"id": q.id, "version": q.version},
                "organization": "Acme Corp",
                "respondent": {"role": person["side"], "name": person["name"], "head": person["head"]},
                "completed_at": person["completed"],
                "answers": person["answers"],
                "comments": person["comments"],
            }
        )
        write_response(folder, f"{person['side']}-{k}.yaml", response)
    return folder


def report(folder: Path, cwd: Path) -> dict[str, Any]:
    done = alignment("report", folder, "-f", "json", cwd=cwd)
    assert done.returncode == 0, done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    for key in ("respondent_files", "skipped_files"):
        doc.pop(key, None)
    return doc


def check_import(tmp_path: Path, export: Path, q: Any, people: list[dict[str, Any]]) -> None:
    out = tmp_path / f"imported-{export.suffix[1:]}"
    done = alignment("import", export, "--out", out, "--organization", "Acme Corp", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 3
    from alignment_cli.model.response import load_response

    loaded = [load_response(p, q) for p in files]
    names = sorted(str(r.respondent.name) for r in loaded)
    assert names == ["Jana Carpenter", "Mo Reyes", "None"]  # "Anonymous" is no name
    assert all(r.comments for r in loaded)  # every comment kept
    assert sorted(r.completed_at.isoformat() for r in loaded if r.completed_at) == sorted(
        p["completed"].isoformat() for p in people
    )
    assert report(out, tmp_path) == report(typed_in(tmp_path, q, people), tmp_path)


def test_google_forms_csv_from_the_exported_sheet(tmp_path: Path) -> None:
    headers, records, q, people = build(tmp_path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Timestamp", *headers])
    for person, record in zip(people, records, strict=True):
        stamp = person["completed"].strftime("%Y/%m/%d %I:%M:%S %p") + " GMT"
        writer.writerow([stamp, *record])
    export = tmp_path / "Alignment (Responses).csv"
    export.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    check_import(tmp_path, export, q, people)


def test_microsoft_forms_xlsx_from_the_exported_sheet(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    headers, records, q, people = build(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *headers])
    for n, (person, record) in enumerate(zip(people, records, strict=True), start=1):
        done = person["completed"].replace(tzinfo=None)
        sheet.append(
            [
                n,
                done.replace(minute=0),
                done,
                "anonymous" if person["account"] == "Anonymous" else "jana@acme.example",
                person["account"],
                *[float(c) if isinstance(c, int) else c for c in record],
            ]
        )
    export = tmp_path / "Alignment(1-3).xlsx"
    book.save(export)
    check_import(tmp_path, export, q, people)
