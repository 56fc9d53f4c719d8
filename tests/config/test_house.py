"""The house: `notifications` <- `events` <- `outreach`. Imports only go down, and no two
modules import each other, directly or round a longer loop (../shared/STYLE.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {"notifications": 0, "events": 1, "outreach": 2}


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in FLOORS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(path: Path, name: str, modules: dict) -> set[str]:
    """The project modules `path` imports, anywhere in it (functions included)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(f"{target}."):
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, name, modules) for name, path in modules.items()}


def floor(module: str) -> int:
    return FLOORS[module.split(".")[0]]


def cycle_from(graph, start) -> list[str] | None:
    """A path of imports that leads from `start` back to it, or None."""
    stack, seen = [(start, [start])], set()
    while stack:
        module, path = stack.pop()
        for target in graph.get(module, ()):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_the_walk_sees_the_imports_it_guards():
    graph = import_graph()

    assert "notifications.outbox" in graph["events.emails"]
    assert "events.services.rsvps" in graph["events.services"]


def test_no_import_runs_up_the_house():
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if floor(target) > floor(module)
    )

    assert upward == []


def test_no_two_modules_import_each_other_even_round_a_loop():
    graph = import_graph()

    cycles = [cycle for module in sorted(graph) if (cycle := cycle_from(graph, module))]

    assert cycles == []


def test_addresses_are_normalised_by_one_function_only():
    """`.strip().lower()` written out again is the bug that crashed the outbox once."""
    copies = sorted(
        str(path.relative_to(ROOT))
        for path in project_modules().values()
        if ".strip().lower()" in path.read_text() and path.name != "addresses.py"
    )

    assert copies == []
