"""What a report template may do: read only its own folder, see the result without changing it,
and use bounded time and memory.

A template folder comes from the user (`--template DIR`) and may come from anyone: a shared
drive, a repository, a colleague. Jinja's immutable sandbox already refuses attribute tricks
and changes to lists and dictionaries; this module adds what it leaves open: symbolic links
and special files in the folder, and operations that grow a string or a number without limit.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from alignment_cli.errors import TemplateError
from alignment_cli.io.files import describe_mode

MAX_TEMPLATE_BYTES = 1024 * 1024  # one template file
MAX_STRING = 5_000_000  # characters in any one value a template builds
MAX_OUTPUT = 50_000_000  # characters in a whole rendered report
MAX_WIDTH = 10_000  # a width, count or indent given to a filter or a string method
MAX_POWER_BITS = 4_096  # the size of the result of `**`
MAX_LIPSUM = 20  # paragraphs of placeholder text
RENDER_SECONDS = 10.0  # a user template's rendering time

_WIDTH_IN_FORMAT = re.compile(r"(\d+)")


class Limit(Exception):
    """A template went past one of the bounds above; the message says which."""


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so that no template code path can swallow it."""


# --- the folder ------------------------------------------------------------------------------


def check_folder(folder: Path) -> Path:
    """A template folder holding no symbolic link and nothing but folders and regular files.

    Links are refused wherever they are, used or not: one pointing at /proc/self/environ or a
    CI secret would put it in the report. Returns the folder's real path.
    """
    try:
        info = os.stat(folder)
    except OSError:
        raise TemplateError(f"{folder}: template folder not found") from None
    if not stat.S_ISDIR(info.st_mode):
        raise TemplateError(f"{folder}: not a folder; --template needs a folder of templates")
    root = Path(os.path.realpath(folder))
    problems: list[str] = []

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot read: {exc.strerror}")

    for current, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        for name in [*dirs, *files]:
            path = os.path.join(current, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                problems.append(f"{path}: is a symbolic link; a template folder may hold only its own files")
            elif not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                problems.append(f"{path}: is {describe_mode(info.st_mode)}, not a template file")
    if problems:
        raise TemplateError("unsafe template folder:\n  " + "\n  ".join(problems[:10]))
    return root


def read_inside(root: Path, name: str) -> str:
    """A template's text, opened one path part at a time without following any link, so no
    name and no link swapped in after the check can reach a file outside `root`."""
    from jinja2.loaders import split_template_path

    parts = split_template_path(name)  # refuses '..'
    if not parts:
        raise FileNotFoundError(name)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(root, flags | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, flags | os.O_DIRECTORY, dir_fd=fd)
            except OSError as exc:
                raise _refused(exc, root, name) from None
            os.close(fd)
            fd = inner
        try:
            handle = os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=fd)
        except OSError as exc:
            raise _refused(exc, root, name) from None
    finally:
        os.close(fd)
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(f"{root / name}: is {describe_mode(info.st_mode)}, not a template file")
        raw = file.read(MAX_TEMPLATE_BYTES + 1)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{root / name}: a template may be at most {MAX_TEMPLATE_BYTES // 1024} KB")
    return raw.decode("utf-8")


def _refused(exc: OSError, root: Path, name: str) -> Exception:
    if exc.errno in {errno.ELOOP, errno.ENOTDIR, errno.EMLINK}:
        return TemplateError(
            f"{root / name}: goes through a symbolic link or a file that is "
            "not a folder; a template folder may hold only its own files"
        )
    if exc.errno == errno.ENOENT:
        return FileNotFoundError(name)  # not in this folder: the built-in templates are asked next
    return TemplateError(f"{root / name}: cannot read: {exc.strerror}")


def _outside(template: str, root: Path) -> TemplateError:
    return TemplateError(
        f"{template!r}: is outside the template folder {root}; a template may include or "
        "extend only the files in its own folder and the built-in templates"
    )


def folder_loader(root: Path) -> Any:
    """A Jinja loader for a checked folder that reads through `read_inside` only.

    A template the folder does not hold is not found here, so the loader after it (the
    built-in templates) is asked; a name reaching outside the folder is refused outright.
    """
    from jinja2 import BaseLoader, TemplateNotFound

    class _FolderLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            if template.startswith("/"):  # an absolute path: outside the folder by name
                raise _outside(template, root)
            try:
                text = read_inside(root, template)
            except FileNotFoundError:
                raise TemplateNotFound(template) from None
            except TemplateNotFound:  # '..': outside the folder by name
                raise _outside(template, root) from None
            return text, str(root / template), lambda: True

    return _FolderLoader()


# --- bounded operations ----------------------------------------------------------------------


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _check_size(value: Any, what: str) -> Any:
    if _length(value) > MAX_STRING:
        raise Limit(f"{what} would make a value of more than {MAX_STRING:,} characters or items")
    return value


def _check_width(number: Any, what: str) -> None:
    if isinstance(number, int) and not isinstance(number, bool) and abs(number) > MAX_WIDTH:
        raise Limit(f"{what} {number} is over the limit of {MAX_WIDTH:,}")


def _check_format_string(text: Any, what: str) -> None:
    if isinstance(text, str):
        for digits in _WIDTH_IN_FORMAT.findall(text):
            if len(digits) > 5 or int(digits) > MAX_WIDTH:
                raise Limit(f"{what}: a width or precision of {digits} is over the limit of {MAX_WIDTH:,}")


def _check_join(separator: Any, items: Any, what: str) -> None:
    if isinstance(items, list | tuple):
        total = _length(separator) * max(len(items) - 1, 0) + sum(_length(i) for i in items)
        if total > MAX_STRING:
            raise Limit(f"{what} would make more than {MAX_STRING:,} characters")


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        places = len(text) + 1 if old == "" else text.count(old)
        if isinstance(count, int) and count >= 0:
            places = min(places, count)
        if len(text) + places * max(len(new) - len(old), 0) > MAX_STRING:
            raise Limit(f"replace would make more than {MAX_STRING:,} characters")


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose numeric arguments (widths, counts, indents) and result are bounded."""
    if getattr(func, "bounded", False):
        return func
    passes_first = getattr(func, "jinja_pass_arg", None) is not None

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user_args = args[1:] if passes_first else args
        if name == "format":
            _check_format_string(user_args[0] if user_args else None, "format")
        else:
            for value in [*user_args[1:], *kwargs.values()]:
                _check_width(value, f"|{name}:")
        if name == "replace" and len(user_args) >= 3:
            _check_replace(*user_args[:4])
        if name == "join" and user_args:
            items = list(user_args[0]) if not isinstance(user_args[0], str) else user_args[0]
            _check_join(user_args[1] if len(user_args) > 1 else kwargs.get("d", ""), items, "|join")
            args = (*args[: len(args) - len(user_args)], items, *user_args[1:])
        return _check_size(func(*args, **kwargs), f"|{name}")

    wrapper.bounded = True  # type: ignore[attr-defined]
    return wrapper


_STRING_METHODS_WITH_WIDTH = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    target = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    if isinstance(owner, str):
        if name in _STRING_METHODS_WITH_WIDTH:
            for value in [*args, *kwargs.values()]:
                _check_width(value, f".{name}():")
        elif name in {"format", "format_map"}:
            _check_format_string(owner, f".{name}()")
        elif name == "join" and args:
            _check_join(owner, args[0], ".join()")
        elif name == "replace" and len(args) >= 2:
            _check_replace(owner, *args[:3])


def _power(left: Any, right: Any) -> Any:
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and right > 0
        and abs(left) > 1
        and right * abs(left).bit_length() > MAX_POWER_BITS
    ):
        raise Limit(f"{left} ** {right} is too large a number")
    return left**right


def _times(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        if (
            isinstance(seq, str | list | tuple)
            and isinstance(count, int)
            and len(seq) * max(count, 0) > MAX_STRING
        ):
            raise Limit(
                f"repeating a value {count:,} times would make more than {MAX_STRING:,} characters or items"
            )
    return left * right


def _plus(left: Any, right: Any) -> Any:
    if _length(left) + _length(right) > MAX_STRING:
        raise Limit(f"joining these would make more than {MAX_STRING:,} characters or items")
    return left + right


def _modulo(left: Any, right: Any) -> Any:
    _check_format_string(left, "%")
    return _check_size(left % right, "%")


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
    from jinja2.utils import generate_lorem_ipsum

    if not 0 <= n <= MAX_LIPSUM or not 0 <= min <= max <= 1000:
        raise Limit(f"lipsum: at most {MAX_LIPSUM} paragraphs of at most 1000 words")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def _namespace_class() -> type:
    from jinja2.utils import Namespace

    class BoundedNamespace(Namespace):
        """A namespace whose values stay within MAX_STRING, so a loop cannot double a string
        until memory runs out."""

        def __setitem__(self, name: str, value: Any) -> None:
            super().__setitem__(name, _check_size(value, f"namespace value {name}"))

    return BoundedNamespace


def sandbox_class() -> type:
    """Jinja's sandbox with the bounds above on calls, operators and `~`.

    The data a template sees is a deep read-only copy (`templates.frozen`): tuples and read-only
    mappings, which have no method that changes them. So the lists a template builds for itself
    may change (the built-in templates collect rows that way), and nothing else can.
    """
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import SandboxedEnvironment

    class _Generator(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.bounded_concat(")
            super().visit_Concat(node, frame)
            self.write(")")

    class BoundedSandbox(SandboxedEnvironment):
        code_generator_class = _Generator
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.binop_table = {**self.binop_table, "*": _times, "**": _power, "+": _plus, "%": _modulo}
            self.bound_filters()
            self.globals["lipsum"] = _lipsum
            self.globals["namespace"] = _namespace_class()

        def bound_filters(self) -> None:
            """Bound the filters added since: ours take widths too (`bar`)."""
            self.filters = {name: _bounded_filter(name, func) for name, func in self.filters.items()}

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            _check_call(__obj, args, kwargs)
            result = super().call(__context, __obj, *args, **kwargs)
            return _check_size(result, "a call")

        def bounded_concat(self, value: Any) -> Any:
            return _check_size(value, "~")

    return BoundedSandbox


# --- rendering within bounds -----------------------------------------------------------------


def bounded_output(chunks: Iterator[str]) -> str:
    """The rendered text, stopping once it passes MAX_OUTPUT."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise Limit(f"the report would be over {MAX_OUTPUT:,} characters")
        out.append(chunk)
    return "".join(out)


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Stop rendering after `seconds` (main thread only, where the timer signal arrives)."""
    if (
        seconds is None
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        raise Limit(f"rendering took longer than {seconds:g} seconds") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
