"""Small questionnaires built in memory, for the scoring tests that pin exact figures and words.

Number items run from 0 to 100, so an answer is its own score and every figure can be checked
by hand; the stages are Low (0), Mid (50) and Top (75)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from alignment_cli.model.questionnaire import Questionnaire, parse_questionnaire
from alignment_cli.model.response import Response
from alignment_cli.model.result import Result
from alignment_cli.scoring.compute import compute
from alignment_cli.scoring.pipeline import score
from alignment_cli.scoring.types import Scored
from tests.helpers import make_response

STAGES = [
    {"name": "Low", "from": 0, "summary": "Apart."},
    {"name": "Mid", "from": 50, "summary": "Closer."},
    {"name": "Top", "from": 75, "summary": "Together."},
]


class _Dumper(yaml.SafeDumper):
    """Writes a value used twice out in full: questionnaire files refuse YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def number(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "kind": "number", "min": 0, "max": 100, "text": f"Share {qid}."} | extra


def yes_no(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "kind": "yes_no", "fact": True, "text": f"Is there {qid}?"} | extra


def dimension(dim_id: str, *questions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": dim_id, "title": dim_id.upper(), "questions": list(questions)} | extra


def build(
    dimensions: Sequence[dict[str, Any]],
    *,
    recommendations: Sequence[dict[str, Any]] = (),
    rules: dict[str, Any] | None = None,
    **extra: Any,
) -> Questionnaire:
    doc: dict[str, Any] = {
        "id": "t",
        "version": "1",
        "title": "T",
        "roles": ["sales", "marketing"],
        "dimensions": list(dimensions),
        "recommendations": list(recommendations),
        "stages": STAGES,
    } | extra
    if rules is not None:
        doc["rules"] = rules
    return parse_questionnaire(yaml.dump(doc, Dumper=_Dumper), path="t.yaml")


def respondent(role: str, answers: dict[str, Any], **kw: Any) -> Response:
    kw.setdefault("head", False)
    return make_response(role, answers, questionnaire=("t", "1"), **kw)


def heads(sales: dict[str, Any], marketing: dict[str, Any]) -> list[Response]:
    return [respondent("sales", sales, head=True), respondent("marketing", marketing, head=True)]


def pair(q: Questionnaire, sales: dict[str, Any], marketing: dict[str, Any], **kw: Any) -> Result:
    return score(q, heads(sales, marketing), **kw)


def scored_pair(q: Questionnaire, sales: dict[str, Any], marketing: dict[str, Any]) -> Scored:
    return compute(q, heads(sales, marketing))
