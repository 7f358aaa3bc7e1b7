"""A blank response file a person can fill in by hand, with each question and its answers as
comments beside the key."""

from __future__ import annotations

from alignment_cli.errors import UsageError
from alignment_cli.io.yamlio import dump_yaml
from alignment_cli.model.questionnaire import AnyQuestion, Questionnaire
from alignment_cli.model.result import side_name


def _allowed(q: Questionnaire, question: AnyQuestion) -> str:
    return question.describe_allowed(q.scale)


def _count(number: int, noun: str) -> str:
    """1 question, 2 questions."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _comment(text: str, indent: str = "  ") -> list[str]:
    lines = []
    for raw in text.splitlines() or [""]:
        lines.append(f"{indent}# {raw}".rstrip())
    return lines


def blank_response(
    q: Questionnaire,
    *,
    role: str,
    organization: str | None = None,
    name: str | None = None,
    head: bool = False,
) -> str:
    if role not in q.roles:
        raise UsageError(f"--role {role!r}: expected one of {', '.join(q.roles)}")
    document = {
        "questionnaire": {"id": q.id, "version": q.version},
        "organization": organization,
        "respondent": {"role": role, "name": name, "team": None, "head": head},
        "started_at": None,
        "completed_at": None,
    }
    lines = [
        f"# {q.title}: response file for {role}.",
        '# Fill in each answer after its colon. Leave an answer blank for "don\'t know".',
        f"# {_count(q.question_count(role), 'question')}, about {_count(q.minutes_for(role), 'minute')}.",
        "# Then score it with: alignment report THIS-FILE [OTHER-FILES...]",
        "# respondent: name and team are optional; head is true only for the person who leads",
        f"# {side_name(role)} (head: {'true' if head else 'false'} was written"
        + (", as --head asked)." if head else "; set it to true, or pass --head, for the head)."),
        "",
        dump_yaml(document).rstrip(),
        "answers:",
    ]
    for dimension in q.dimensions:
        asked = [question for question in dimension.questions if role in q.roles_of(question)]
        if not asked:
            continue
        lines.append("")
        lines.extend(
            _comment(
                f"== {dimension.title} ==" + (f" {dimension.description}" if dimension.description else "")
            )
        )
        for question in asked:
            lines.extend(_comment(question.text))
            allowed = _allowed(q, question)
            if question.allow_na:
                allowed += "; or n/a if it does not apply (with a reason: {n/a: why})"
            lines.extend(_comment(f"Answer: {allowed}"))
            lines.append(f"  {question.id}:")
    lines.append("comments:")
    lines.extend(
        _comment("Optional, one per dimension id, e.g.  shared-goals: our targets changed twice this year")
    )
    lines.append("")
    return "\n".join(lines)
