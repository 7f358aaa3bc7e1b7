"""The shape of the package, checked: no import cycle, layers import only downward, and the core
knows nothing of the terminal.

Every import counts, including those inside functions (kept there so `--help` stays fast) and
those for type checking only: each is a dependency a reader has to follow.

The layers, top first (README, "Architecture"):

    cli                    the command line (the cli/ package): parses, prints, picks exit codes
    interactive            survey, workshop, asker: the people-facing flows
    commands               the work behind report, check, compare, init
    render                 terminal, templates, charts, report formats
    scoring                from answers to a result
    model                  questionnaire, response, result, config
    io                     reading YAML, writing files atomically
    base                   errors, formats (the table of report formats), numbers, resources,
                           text: used by everything

A module may import from its own layer and from the layers below it, never from above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "alignment_cli"
ROOT = "alignment_cli"

LAYERS: list[tuple[str, tuple[str, ...]]] = [  # top first
    ("cli", ("alignment_cli.cli", "alignment_cli.__main__")),
    ("interactive", ("alignment_cli.interactive",)),
    ("commands", ("alignment_cli.commands",)),
    ("render", ("alignment_cli.render",)),
    ("scoring", ("alignment_cli.scoring",)),
    ("model", ("alignment_cli.model",)),
    ("io", ("alignment_cli.io",)),
    (
        "base",
        (
            "alignment_cli.errors",
            "alignment_cli.formats",
            "alignment_cli.numbers",
            "alignment_cli.resources",
            "alignment_cli.text",
            "alignment_cli",
        ),
    ),
]
TERMINAL_LIBRARIES = ("typer", "rich", "questionary", "click", "prompt_toolkit")
COMMAND_LINE = ("alignment_cli.cli", "alignment_cli.__main__")
COMMAND_LINE_LIBRARIES = ("typer", "click")
# writes to standard output itself until the trend's text is handed back to the command line
WRITES_STDOUT_FOR_NOW: set[str] = set()  # none left
CORE = ("alignment_cli.model", "alignment_cli.scoring", "alignment_cli.io")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """Every module `name` imports anywhere in its source, resolved to a full dotted name."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from alignment_cli.render import reports` imports the module reports
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found


def internal_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for target in imports(name):
            # `import alignment_cli.model.result` also runs the package __init__ files above it
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that returns to its start, or None (depth-first search)."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def tangles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Every group of modules that import each other (the strongly connected components with
    more than one module), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(group) > 1:
                found.add(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(name: str) -> int:
    """The index of the layer holding `name` (the longest matching prefix wins)."""
    best: tuple[int, int] | None = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    if best is None:
        raise AssertionError(f"{name} is in no layer: add it to LAYERS in {__file__}")
    return best[0]


# --- the checks ----------------------------------------------------------------------------------


def test_there_is_no_import_cycle() -> None:
    cycle = find_cycle(internal_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
    assert tangles(internal_graph()) == set()  # every module in a loop, not just the first found


def test_layers_import_only_downward() -> None:
    upward = [
        f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for name, targets in internal_graph().items()
        for target in sorted(targets)
        if name != ROOT and target != ROOT and layer_of(target) < layer_of(name)
    ]
    assert upward == []


def test_the_core_knows_nothing_of_the_terminal() -> None:
    offending = [
        f"{name} imports {target}"
        for name in MODULES
        if name.startswith(CORE)
        for target in sorted(imports(name))
        if target.split(".")[0] in TERMINAL_LIBRARIES
    ]
    assert offending == []


def in_command_line(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in COMMAND_LINE)


def calls_and_names(name: str) -> list[str]:
    """Every dotted name `name` uses (`sys.exit`, `typer.Exit`, `print`), as written."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            found.append(f"{node.value.id}.{node.attr}")
        elif isinstance(node, ast.Name):
            found.append(node.id)
    return found


def typer_below_the_command_line() -> list[str]:
    return [
        f"{name} imports {target}"
        for name in MODULES
        if not in_command_line(name)
        for target in sorted(imports(name))
        if target.split(".")[0] in COMMAND_LINE_LIBRARIES
    ]


def exits_below_the_command_line() -> list[str]:
    exits = {"sys.exit", "os._exit", "SystemExit", "typer.Exit", "exit", "quit"}
    return [
        f"{name} uses {used}"
        for name in MODULES
        if not in_command_line(name)
        for used in calls_and_names(name)
        if used in exits
    ]


def prints_below_the_command_line() -> list[str]:
    writes = {"print", "sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__"}
    return [
        f"{name} uses {used}"
        for name in MODULES
        if not in_command_line(name) and name not in WRITES_STDOUT_FOR_NOW
        for used in calls_and_names(name)
        if used in writes
    ]


def test_only_the_command_line_knows_typer() -> None:
    assert typer_below_the_command_line() == []


def test_only_the_command_line_picks_exit_codes() -> None:
    """Below the command line an outcome is a value, or an AlignmentError that carries its
    code; only cli/ turns it into an exit."""
    assert exits_below_the_command_line() == []


def test_only_the_command_line_prints() -> None:
    """Below the command line text is returned, or drawn on a console the command line made;
    nothing writes to standard output or error on its own."""
    assert prints_below_the_command_line() == []


def test_one_use_case_assembles_a_report() -> None:
    """`report`, `check` and the workshop make their report through run_report, so what a report
    holds (CRM figures, baseline, commitments, trend) is decided once."""
    steps = {"write_reports", "review_commitments", "history_trend"}
    assembling = {name for name in MODULES for used in calls_and_names(name) if used in steps}
    assert assembling == {"alignment_cli.commands.report"}


def test_commands_draw_nothing() -> None:
    """commands/ computes values; render/ draws them. A command may name rich's Console in a
    type, but builds no table, text or markup of its own."""
    offending = [
        f"{name} imports {target}"
        for name in MODULES
        if name.startswith("alignment_cli.commands")
        for target in sorted(imports(name))
        if target.split(".")[0] == "rich" and target != "rich.console"
    ]
    assert offending == []


USE_CASE_LAYERS = ("alignment_cli.commands", "alignment_cli.interactive")


def _imported_names(body: ast.AST, package: str) -> dict[str, str]:
    """What each name imported in `body` stands for, as a full dotted name."""
    found: dict[str, str] = {}
    for node in ast.walk(body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found[alias.asname or alias.name] = f"{base}.{alias.name}"
    return found


def _called(body: ast.AST, names: dict[str, str]) -> list[str]:
    """The full dotted name of every call in `body` to something imported: `run_x(...)` and
    `module.run_x(...)` alike."""
    calls = []
    for node in ast.walk(body):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in names:
            calls.append(names[func.id])
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in names:
            calls.append(f"{names[func.value.id]}.{func.attr}")
    return calls


def _is_command(function: ast.FunctionDef) -> bool:
    """Decorated with `@app.command()`, `@group_app.command("name")` or `@app.command`."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "command":
            return True
    return False


def command_calls(name: str) -> dict[str, list[str]]:
    """Each command function in module `name`, with every call it makes to something imported,
    its own module's helpers followed (a command may hand its work to a private function)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    module_names = _imported_names(
        ast.Module(
            body=[n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)], type_ignores=[]
        ),
        package,
    )
    found: dict[str, list[str]] = {}
    for function in functions.values():
        if not _is_command(function):
            continue
        calls: list[str] = []
        seen: set[str] = set()
        todo = [function]
        while todo:
            current = todo.pop()
            seen.add(current.name)
            calls += _called(current, {**module_names, **_imported_names(current, package)})
            todo += [
                functions[node.func.id]
                for node in ast.walk(current)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in functions
                and node.func.id not in seen
            ]
        found[f"{name}.{function.name}"] = calls
    return found


def several_use_cases() -> dict[str, str]:
    """Every command that does not call exactly one use-case (a run_* function from commands/ or
    interactive/), or that calls another function of commands/ besides it; with what it calls."""
    offending = {}
    for name in MODULES:
        if not in_command_line(name):
            continue
        for command, calls in command_calls(name).items():
            use_cases = [
                c for c in calls if c.startswith(USE_CASE_LAYERS) and c.rpartition(".")[2].startswith("run_")
            ]
            others = [
                c
                for c in calls
                if c.startswith("alignment_cli.commands.")
                and c not in use_cases
                and c.rpartition(".")[2][:1].islower()  # a request is built by its class: not a step
            ]
            if len(use_cases) != 1 or others:
                offending[command] = (
                    ", ".join(sorted(c.rpartition(".")[2] for c in use_cases + others)) or "nothing"
                )
    return offending


def test_each_command_calls_one_use_case() -> None:
    """copier's shape: a command parses its options, calls one run_* use-case, and prints what
    comes back. The work itself (and what another entry point would call) is in the use-case,
    so nothing in cli/ strings two steps of commands/ together."""
    assert several_use_cases() == {}


# --- the checks themselves catch what they are for -----------------------------------------------


def fake_package(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    """A throwaway alignment_cli with the given modules, in place of the real one."""
    import sys

    package = root / "alignment_cli"
    for relative, source in {"__init__.py": "", **files}.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "PACKAGE", package)
    monkeypatch.setattr(this, "MODULES", {module_name(p): p for p in sorted(package.rglob("*.py"))})


def test_a_cycle_through_a_function_level_import_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(
        tmp_path,
        monkeypatch,
        {
            "scoring/compute.py": "from alignment_cli.scoring.findings import find\n",
            "scoring/findings.py": "def find():\n    from alignment_cli.scoring import compute\n",
        },
    )
    cycle = find_cycle(internal_graph())
    assert cycle is not None and cycle[0] == cycle[-1]
    assert set(cycle) == {"alignment_cli.scoring.compute", "alignment_cli.scoring.findings"}
    assert tangles(internal_graph()) == {frozenset(cycle)}


def test_an_upward_import_and_a_terminal_library_in_the_core_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(
        tmp_path,
        monkeypatch,
        {
            "render/terminal.py": "import rich\n",
            "model/result.py": "def f():\n    from ..render import terminal\n    import rich.text\n",
        },
    )
    assert internal_graph()["alignment_cli.model.result"] == {
        "alignment_cli.render",
        "alignment_cli.render.terminal",
    }
    with pytest.raises(
        AssertionError,
        match=r"alignment_cli\.model\.result \(model\) imports "
        r"alignment_cli\.render \(render\)",
    ):
        test_layers_import_only_downward()
    with pytest.raises(AssertionError, match=r"alignment_cli\.model\.result imports rich\.text"):
        test_the_core_knows_nothing_of_the_terminal()


def test_typer_an_exit_and_a_print_below_the_command_line_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(
        tmp_path,
        monkeypatch,
        {
            "cli/report.py": "import sys\nimport typer\nprint(1)\nsys.exit(2)\n",
            "commands/check.py": "import sys\ndef f():\n    import typer\n    print('x')\n"
            "    sys.stderr.write('y')\n    raise typer.Exit(1)\n",
        },
    )
    assert typer_below_the_command_line() == ["alignment_cli.commands.check imports typer"]
    assert exits_below_the_command_line() == ["alignment_cli.commands.check uses typer.Exit"]
    assert prints_below_the_command_line() == [
        "alignment_cli.commands.check uses print",
        "alignment_cli.commands.check uses sys.stderr",
    ]


def test_layer_order_is_top_first() -> None:
    assert (
        layer_of("alignment_cli.cli.report")
        < layer_of("alignment_cli.commands.check")
        < layer_of("alignment_cli.render.reports")
        < layer_of("alignment_cli.scoring.compute")
        < layer_of("alignment_cli.model.result")
        < layer_of("alignment_cli.io.yamlio")
        < layer_of("alignment_cli.errors")
    )


def test_a_command_calling_two_steps_or_none_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(
        tmp_path,
        monkeypatch,
        {
            "cli/report.py": (
                "import typer\n"
                "from alignment_cli.commands import trend\n"
                "app = typer.Typer()\n"
                "group_app = typer.Typer()\n"
                "@app.command()\n"
                "def report():\n"
                "    from alignment_cli.commands.report import ReportRequest, run_report\n"
                "    run_report(ReportRequest())\n"
                "@group_app.command('list')\n"
                "def listed():\n"
                "    trend.run_trend()\n"
                "@app.command\n"
                "def survey():\n"
                "    from alignment_cli.interactive.survey import run_survey\n"
                "    run_survey()\n"
                "@app.command('two')\n"
                "def two():\n"
                "    from alignment_cli.commands.check import run_check\n"
                "    from alignment_cli.commands.report import run_report\n"
                "    run_report()\n"
                "    run_check()\n"
                "@app.command()\n"
                "def steps():\n"
                "    _steps()\n"
                "def _steps():\n"
                "    from alignment_cli.commands.status import collect_status, run_status\n"
                "    run_status()\n"
                "    collect_status()\n"
                "@app.command()\n"
                "def core():\n"
                "    from alignment_cli.model.questionnaire import resolve_questionnaire\n"
                "    resolve_questionnaire('x')\n"
                "def not_a_command():\n"
                "    from alignment_cli.commands.check import evaluate\n"
                "    evaluate()\n"
            ),
        },
    )
    assert several_use_cases() == {
        "alignment_cli.cli.report.two": "run_check, run_report",
        "alignment_cli.cli.report.steps": "collect_status, run_status",
        "alignment_cli.cli.report.core": "nothing",
    }
    assert set(command_calls("alignment_cli.cli.report")) == {
        f"alignment_cli.cli.report.{name}" for name in ("report", "listed", "survey", "two", "steps", "core")
    }  # every way of declaring a command, and only those
    with pytest.raises(AssertionError, match=r"alignment_cli\.cli\.report\.two"):
        test_each_command_calls_one_use_case()
