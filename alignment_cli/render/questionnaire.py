"""`alignment questionnaire show`: a questionnaire as a consultant reads it, with its sources."""

from __future__ import annotations

from typing import Any

from alignment_cli.model.questionnaire import Questionnaire


def show(q: Questionnaire, console: Any) -> None:  # noqa: C901 - one branch per question kind
    from rich.text import Text

    console.print(Text(f"{q.title}", style="bold"))
    console.print(Text(f"{q.id} {q.version} · asked of {', '.join(q.roles)} · "
                       f"{len(q.dimensions)} dimensions · {len(q.questions)} items", style="dim"))
    if q.description:
        console.print(Text(q.description))
    scale = ", ".join(f"{k} {v}" for k, v in sorted(q.scale.labels.items()))
    console.print(Text(f"Scale {q.scale.min}-{q.scale.max}: {scale}", style="dim"))
    for dim in q.dimensions:
        console.print()
        line = Text(dim.title, style="bold cyan")
        line.append(f"  [{dim.id}]", style="dim")
        if dim.weight != 1:
            line.append(f"  weight {dim.weight:g}", style="dim")
        if dim.gap_expected:
            line.append("  differences expected", style="dim")
        console.print(line)
        if dim.description:
            console.print(Text(dim.description, style="italic"))
        for question in dim.questions:
            roles = q.roles_of(question)
            tags = [question.kind, "both" if len(roles) == len(q.roles) else roles[0]]
            if question.fact:
                tags.append("fact")
            if question.reverse:
                tags.append("reversed")
            if question.gap_expected:
                tags.append("difference expected")
            if question.mirror:
                tags.append(f"mirrors {question.mirror}")
            item = Text(f"  {question.id}", style="green")
            item.append(f"  ({', '.join(tags)})", style="dim")
            console.print(item)
            console.print(Text(f"    {question.text}"))
            for answer in question.show_answers(q.scale):
                console.print(Text(f"      {answer}", style="dim"))
            if question.help:
                console.print(Text(f"    Help: {question.help}", style="dim"))
            if question.source:
                console.print(Text(f"    Source: {question.source}", style="dim"))
    if q.recommendations:
        console.print()
        console.print(Text("Recommendations", style="bold"))
        for rec in q.recommendations:
            conditions = rec.when.model_dump(exclude_none=True, by_alias=True)
            line = Text(f"  {rec.id}", style="green")
            line.append(f"  ({rec.dimension}; when {conditions}; source: {rec.source or '-'})",
                        style="dim")
            console.print(line)
            console.print(Text(f"    {rec.title}"))
    console.print()
    console.print(Text("Stages: " + ", ".join(f"{s.name} from {s.from_:g}" for s in q.stages),
                       style="dim"))
    rules = q.rules.model_dump()
    weights = rules.pop("evidence")
    console.print(Text("Rules: " + ", ".join(
        f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in rules.items()),
        style="dim"))
    console.print(Text("Evidence weights: " + ", ".join(f"{k} {v:g}" for k, v in weights.items()),
                       style="dim"))
    if q.sources:
        console.print(Text("Sources:", style="bold"))
        for source in q.sources:
            console.print(Text(f"  {source.id}: {source.title}"
                               + (f", {source.author}" if source.author else "")))
