"""The Jinja2 environment for reports: sandboxed, autoescaped for HTML, with Markdown escaping."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from alignment_cli.errors import TemplateError
from alignment_cli.model.result import side_name
from alignment_cli.numbers import number
from alignment_cli.resources import data_dir
from alignment_cli.text import clean_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
# what GitHub turns into a link without any markup: www.x, http://, https://, ftp://, mailto:
_BARE_LINK = re.compile(r"(?i)(www|https?|ftp|mailto)(?=[.:])")


def md_escape(value: Any) -> str:
    """Text that GitHub renders exactly as written, also inside a table cell."""
    if value is None:
        return ""
    text = clean_text(str(value), multiline=True)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _BARE_LINK.sub("\\1\u2060", text)  # a word joiner: shown as written, links nowhere
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = text.replace("@", "@\u2060")  # a word joiner: shown as @, but notifies nobody
    return re.sub(r"\s*\n\s*", " ", text).strip()


def md_line(value: Any) -> str:
    """md_escape for text that starts a line, where '-', '+', '=' or '1.' would start a block."""
    text = md_escape(value)
    if text[:1] in {"-", "+", "="} or re.match(r"^\d+[.)]", text):
        text = "\\" + text
    return text


def fence(text: Any, info: str = "") -> str:
    """A fenced code block around `text` whose fence is longer than any run of backticks
    inside it, so no title can close the block and start Markdown of its own."""
    body = str(text).strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{info}\n{body}\n{marks}\n"


def css_string(value: Any) -> Any:
    """Text as a quoted CSS string inside a <style> element, where HTML escaping does not
    apply: quotes, backslashes, line breaks and '<' (which could close the element) become CSS
    escapes, so any organization name prints literally in the page footer."""
    from markupsafe import Markup

    text = "" if value is None else str(value)
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')  # noqa: S704 - every special character escaped above


def tidy_markdown(text: str) -> str:
    """One blank line between blocks and one newline at the end: the same input, the same bytes."""
    out: list[str] = []
    for line in (line.rstrip() for line in text.splitlines()):
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).rstrip() + "\n"


def sentence(value: Any) -> str:
    """Text with its first letter raised, the rest as written (Jinja's capitalize lowers it)."""
    text = "" if value is None else str(value)
    return text[:1].upper() + text[1:]


_CLOSING = "\"'”’»)]"  # quotes and brackets a sentence's own stop may sit inside


def full_stop(value: Any) -> Any:
    """Text ended with one full stop: none added when it ends with its own '.', '?' or '!',
    inside closing quotes or not, as a finding title quoting a statement does."""
    from markupsafe import Markup

    text = value if isinstance(value, str) else str(value)
    plain = text.unescape() if isinstance(text, Markup) else text
    if plain.rstrip().rstrip(_CLOSING).endswith((".", "?", "!", "…")):
        return text
    return text + "."  # Markup stays Markup


def bar(value: float | None, width: int = 20) -> str:
    """A text bar for 0-100, in eighths of a character."""
    if value is None:
        return " " * width
    eighths = round(max(0.0, min(100.0, value)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + ("" if part == 0 else "▏▎▍▌▋▊▉"[part - 1])
    return text.ljust(width)


def _bytecode_cache() -> Any:
    """Compiled templates kept between runs: compiling the HTML template costs more than
    scoring a thousand respondents. Jinja keeps them in a private per-user temporary folder
    and checks each one against its template's source; where that folder cannot be had, none."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def environment(template_dir: Path | None = None) -> Any:
    """Built-in templates, with a user's folder in front of them when given."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape

    from alignment_cli.render.sandbox import check_folder, folder_loader, sandbox_class

    loaders = []
    if template_dir is not None:
        loaders.append(folder_loader(check_folder(template_dir)))
    loaders.append(FileSystemLoader(str(data_dir("report_templates"))))
    env = sandbox_class()(
        loader=ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "html.j2"), default_for_string=False, default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printable,
    )
    env.filters.update(
        md=md_escape,
        mdline=md_line,
        num=number,
        signed=partial(number, sign=True),
        side=side_name,
        bar=bar,
        sentence=sentence,
        full_stop=full_stop,
        css_string=css_string,
        fence=fence,
    )
    env.bound_filters()
    return env


def frozen(value: Any) -> Any:
    """A deep read-only copy: models rebuilt from frozen parts, lists as tuples, dictionaries as
    read-only mappings. A template sees only this, so nothing it does (`r.dimensions.clear()`)
    can reach the result that later formats, such as the JSON kept as a baseline, are drawn
    from; the lists a template builds for itself stay its own to change."""
    from types import MappingProxyType

    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        fields = {name: frozen(getattr(value, name)) for name in type(value).model_fields}
        if value.model_config.get("frozen") and all(
            item is getattr(value, name) for name, item in fields.items()
        ):
            return value  # a frozen model holding nothing changeable is read-only as it is
        return type(value).model_construct(_fields_set=set(value.model_fields_set), **fields)
    if isinstance(value, dict | MappingProxyType):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(frozen(item) for item in value)
    return value


def _printable(value: Any) -> Any:
    """Every value a template prints, without controls or bidi overrides, whatever its source;
    HTML the code built (charts) stays HTML."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        # HTML the chart code built, not user text: only cleaned of controls here
        return Markup(clean_text(str(value), multiline=True))  # noqa: S704
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    return value


def _isolated(context: dict[str, Any]) -> dict[str, Any]:
    return {key: value if callable(value) else frozen(value) for key, value in context.items()}


def render(name: str, context: dict[str, Any], *, template_dir: Path | None = None) -> str:
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    from alignment_cli.render.sandbox import RENDER_SECONDS, Limit, bounded_output, time_limit

    env = environment(template_dir)
    try:
        template = env.get_template(name)
        with time_limit(RENDER_SECONDS if template_dir is not None else None):
            return bounded_output(template.generate(**_isolated(context)))
    except TemplateNotFound as exc:
        raise TemplateError(_not_found(name, exc, template_dir)) from None
    except TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise TemplateError(f"{where}: template syntax error: {exc.message}") from None
    except SecurityError as exc:
        raise TemplateError(f"template {name}: not allowed in a report template: {exc}") from None
    except Limit as exc:
        raise TemplateError(f"template {name}: {_where(exc)}stopped: {exc}") from None
    except JinjaError as exc:
        raise TemplateError(f"template {name}: {exc}") from None
    except TemplateError:
        raise
    except Exception as exc:
        if template_dir is None:
            raise  # the built-in templates failing is a bug, not the user's input
        raise TemplateError(
            f"template {name} in {template_dir}: {_where(exc)}{type(exc).__name__}: {exc}"
        ) from None


def _not_found(name: str, exc: Any, template_dir: Path | None) -> str:
    """A template asked for (the report itself, or one it includes) that no folder holds."""
    where = "among the built-in templates"
    if template_dir is not None:
        where = f"in {template_dir} or {where}"
    if len(exc.templates) > 1:  # {% include [a, b] %}
        return f"template {name}: {exc}; none is {where}"
    missing = "" if exc.name == name else f"{exc.name}: "
    return f"template {name}: {missing}no such template {where}"


def _where(exc: BaseException) -> str:
    """The template line an error came from, when Jinja's traceback names one."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".j2", ".html", ".md", ".txt")):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"line {line}: " if line else ""
