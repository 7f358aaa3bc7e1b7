"""`alignment questionnaire export`: the questionnaire as a sheet to build a form from, or as a
printable handout.

The sheet has one row per field the form needs, with the column header `alignment import`
matches (the question id; or its exact text), so a form built from it imports as it is.
"""

from __future__ import annotations

import io
from typing import assert_never

from alignment_cli.model.questionnaire import AnyQuestion, ChooseOne, Questionnaire, TypeNumber
from alignment_cli.model.result import side_name

SHEET_COLUMNS = [
    "id",
    "dimension",
    "dimension_title",
    "text",
    "kind",
    "answers",
    "asked_of",
    "required",
    "help",
]
DONT_KNOW = "Don't know"


def comment_question(title: str) -> str:
    """The form's question for a dimension's comment; `alignment import` matches it."""
    return f"Anything to add about {title.lower()}?"


def answers_text(q: Questionnaire, question: AnyQuestion) -> str:
    """The allowed answers as `value=label` pairs, one a line (a label may hold any
    punctuation, never a line break), then "don't know"."""
    widget = question.widget(q.scale)
    match widget:
        case ChooseOne():
            parts = [f"{value}={words}" if words else str(value) for value, words in widget.options]
        case TypeNumber():
            parts = [question.describe_allowed(q.scale)]
        case _:
            assert_never(widget)
    parts.append(f"?={DONT_KNOW}")
    if question.allow_na:
        parts.append("n/a=Not applicable")
    return "\n".join(parts)


def asked_of(q: Questionnaire, question: AnyQuestion) -> str:
    roles = q.roles_of(question)
    return "all" if len(roles) == len(q.roles) else ", ".join(roles)


def export_csv(q: Questionnaire) -> str:
    """One row per form field: who answers, each question, a comment per dimension."""
    buffer = io.StringIO()
    from alignment_cli.text import SafeCsvWriter

    writer = SafeCsvWriter(buffer, lineterminator="\r\n")
    writer.writerow(SHEET_COLUMNS)
    sides = "\n".join(f"{r}={side_name(r)}" for r in q.roles)
    writer.writerow(["side", "", "", "Which side are you on?", "choice", sides, "all", "yes", ""])
    writer.writerow(
        ["name", "", "", "Your name", "text", "", "all", "no", "Leave out for an anonymous survey."]
    )
    writer.writerow(["team", "", "", "Your team", "text", "", "all", "no", "e.g. a region"])
    writer.writerow(["head", "", "", "Do you lead your side?", "yes_no", "yes=Yes\nno=No", "all", "no", ""])
    for dimension in q.dimensions:
        for question in dimension.questions:
            writer.writerow(
                [
                    question.id,
                    dimension.id,
                    dimension.title,
                    question.text,
                    question.kind,
                    answers_text(q, question),
                    asked_of(q, question),
                    "yes",
                    question.help or "",
                ]
            )
        writer.writerow(
            [
                f"comment:{dimension.id}",
                dimension.id,
                dimension.title,
                comment_question(dimension.title),
                "text",
                "",
                "all",
                "no",
                "",
            ]
        )
    return buffer.getvalue()


def _md(text: str) -> str:
    """Text safe in Markdown: no markup, no HTML, no mentions."""
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]#|":
        out = out.replace(ch, "\\" + ch)
    return out.replace("<", "&lt;").replace(">", "&gt;").replace("@", "@\u200b")


def export_markdown(q: Questionnaire) -> str:
    """A handout to print or send before a workshop: every question with boxes to tick."""
    lines = [f"# {_md(q.title)}", ""]
    if q.description:
        lines += [_md(q.description), ""]
    lines += [
        "Tick one box per question, or *Don't know*. Questions marked with a side are for that side only.",
        "",
        "**Your side:** "
        + "  ".join(f"☐ {side_name(r)}" for r in q.roles)
        + "  ·  **Do you lead it?** ☐ Yes  ☐ No",
        "",
        "**Name** (optional): ______________________  **Team** (optional): ______________________",
        "",
    ]
    number = 0
    for k, dimension in enumerate(q.dimensions, start=1):
        lines += [f"## {k}. {_md(dimension.title)}", ""]
        if dimension.description:
            lines += [f"*{_md(dimension.description)}*", ""]
        for question in dimension.questions:
            number += 1
            who = asked_of(q, question)
            tag = "" if who == "all" else f" *({', '.join(side_name(r) for r in q.roles_of(question))} only)*"
            lines += [f"**{number}. {_md(question.text)}**{tag}", ""]
            if question.help:
                lines += [f"> {_md(question.help)}", ""]
            lines += [_boxes(q, question), ""]
        lines += [f"Anything to add about {_md(dimension.title.lower())}?", "", "_" * 60, "", "_" * 60, ""]
    lines.append(f"<sub>{_md(q.id)} {_md(q.version)}</sub>")
    return "\n".join(lines) + "\n"


def _boxes(q: Questionnaire, question: AnyQuestion) -> str:
    widget = question.widget(q.scale)
    match widget:
        case ChooseOne():
            options = [widget.label(value, words, " ") for value, words in widget.options]
        case TypeNumber():
            unit = f" {widget.unit}" if widget.unit else ""
            return f"Answer: ________{unit} ({widget.minimum:g} to {widget.maximum:g})  ·  ☐ {DONT_KNOW}"
        case _:
            assert_never(widget)
    options.append(DONT_KNOW)
    if question.allow_na:
        options.append("Not applicable")
    return "\n".join(f"- ☐ {_md(option)}" for option in options)
