"""`alignment questionnaire show`: a questionnaire as a consultant reads it, with its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alignment_cli.model.questionnaire import (
    PRACTICE,
    AnyQuestion,
    Dimension,
    Questionnaire,
    citation_kind,
)

if TYPE_CHECKING:
    from rich.console import Console

KIND_NAMES = {"article": "article", "hbr-instrument": "HBR instrument", "research": "research"}
PIPE_WIDTH = 100  # in a pipe or a file there is no terminal to fit: a comfortable line length


def _line(console: Console, text: Any, indent: int) -> None:
    """Print with every wrapped line indented as far as the first (and no trailing spaces)."""
    from rich.text import Text

    for part in text.wrap(console, max(20, console.width - indent)):
        part.rstrip()
        console.print(Text(" " * indent) + part, soft_wrap=True)


def show(q: Questionnaire, console: Console) -> None:
    """The whole questionnaire: its items with their tags and sources, the recommendations,
    coverage, stages, rules and sources."""
    _header(q, console)
    for dim in q.dimensions:
        _dimension(q, dim, console)
    _recommendations(q, console)
    coverage(q, console)
    _rules(q, console)
    _sources(q, console)


def _header(q: Questionnaire, console: Console) -> None:
    from rich.text import Text

    console.print(Text(f"{q.title}", style="bold"))
    console.print(
        Text(
            f"{q.id} {q.version} · asked of {', '.join(q.roles)} · "
            f"{len(q.dimensions)} dimensions · {len(q.questions)} items",
            style="dim",
        )
    )
    per_role = ", ".join(f"{q.question_count(role)} for {role}" for role in q.roles)
    console.print(
        Text(f"Questions per respondent: {per_role} · about {q.minutes_for()} minutes", style="dim")
    )
    if q.description:
        console.print(Text(q.description))
    scale = ", ".join(f"{k} {v}" for k, v in sorted(q.scale.labels.items()))
    console.print(Text(f"Scale {q.scale.min}-{q.scale.max}: {scale}", style="dim"))


def _dimension(q: Questionnaire, dim: Dimension, console: Console) -> None:
    from rich.text import Text

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
        _question(q, question, console)


# an item's yes/no fields as `show` tags them, in this order
_FLAGS = (("fact", "fact"), ("reverse", "reversed"), ("gap_expected", "difference expected"))


def tags(q: Questionnaire, question: AnyQuestion) -> list[str]:
    """What `show` says of an item in brackets: its kind, who is asked, and what is special."""
    roles = q.roles_of(question)
    found = [question.kind, "both" if len(roles) == len(q.roles) else roles[0]]
    found += [tag for field, tag in _FLAGS if getattr(question, field)]
    if question.mirror:
        found.append(f"mirrors {question.mirror}")
    if question.self_of:
        found.append(f"self-rating beside {question.self_of}")
    if question.allow_na:
        found.append("not applicable allowed")
    return found + question.show_tags()


def _question(q: Questionnaire, question: AnyQuestion, console: Console) -> None:
    from rich.text import Text

    item = Text(question.id, style="green")
    item.append(f"  ({', '.join(tags(q, question))})", style="dim")
    _line(console, item, 2)
    _line(console, Text(question.text), 4)
    for answer in question.show_answers(q.scale):
        _line(console, Text(answer, style="dim"), 6)
    if question.help:
        _line(console, Text(f"Help: {question.help}", style="dim"), 4)
    _line(console, Text(f"Source: {cited(q, question.source)}", style="dim"), 4)


def _recommendations(q: Questionnaire, console: Console) -> None:
    from rich.text import Text

    if not q.recommendations:
        return
    console.print()
    console.print(Text("Recommendations", style="bold"))
    for rec in q.recommendations:
        conditions = rec.when.model_dump(exclude_none=True, by_alias=True)
        line = Text(rec.id, style="green")
        line.append(f"  ({rec.dimension}; when {conditions})", style="dim")
        _line(console, line, 2)
        _line(console, Text(rec.title), 4)
        _line(console, Text(f"Source: {cited(q, rec.source)}", style="dim"), 4)


def _rules(q: Questionnaire, console: Console) -> None:
    from rich.text import Text

    console.print()
    console.print(Text("Stages: " + ", ".join(f"{s.name} from {s.from_:g}" for s in q.stages), style="dim"))
    rules = q.rules.model_dump()
    weights = rules.pop("evidence")
    console.print(
        Text(
            "Rules: "
            + ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in rules.items()),
            style="dim",
        )
    )
    console.print(
        Text("Evidence weights: " + ", ".join(f"{k} {v:g}" for k, v in weights.items()), style="dim")
    )


def _sources(q: Questionnaire, console: Console) -> None:
    from rich.text import Text

    if not q.sources:
        return
    console.print(Text("Sources:", style="bold"))
    for source in q.sources:
        _line(
            console,
            Text(
                f"{source.id}: {source.title}"
                + (f", {source.author}" if source.author else "")
                + (f" ({source.year})" if source.year is not None else "")
                + (f"; {KIND_NAMES[source.kind]}" if source.kind else "")
                + (f"; {source.url}" if source.url else "")
            ),
            2,
        )
    _line(console, Text(f"{PRACTICE}: sound practice that none of these sources states", style="dim"), 2)


def cited(q: Questionnaire, source: str | None) -> str:
    """A citation as `show` prints it: the source and what kind of support it is."""
    kind = citation_kind(q, source)
    if source is None or source == PRACTICE:
        return kind
    return f"{source} ({kind})"


def coverage(q: Questionnaire, console: Console) -> None:
    """Each theme of the questionnaire's `coverage:` groups, with the items that cover it."""
    from rich.text import Text

    for group in q.coverage:
        console.print()
        console.print(Text(f"Coverage: {group.group}", style="bold"))
        for number, theme in enumerate(group.themes, start=1):
            _line(console, Text(f"{number:>2}. {theme.theme}"), 2)
            _line(console, Text(", ".join(theme.items), style="green"), 6)
