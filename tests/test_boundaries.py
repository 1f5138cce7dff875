"""The package's layering, read from the source: apps import each other without cycles and
the core imports neither Django nor any app. Imports inside functions count too: a lazy
import hides a cycle from Python, not from the design."""

from __future__ import annotations

import ast
from pathlib import Path

import innocounty

PACKAGE = Path(innocounty.__file__).parent

# App-level edges that still close a cycle. Each is a debt: remove it from the list when the
# edge goes (the test then fails until it is removed), never add one. None is left: the audit
# log names roles from the core's table (`core.roles`), supervision registers its reporting
# hooks (`reporting.hooks`) and hands the access rules its models.
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    result = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        result[".".join(parts)] = path
    return result


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules (or third-party roots) `name` imports, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            for alias in node.names:
                full = f"{module}.{alias.name}"
                found.add(full if full in known else module)
    return found


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "innocounty" and len(parts) > 2 else None


def app_graph() -> dict[str, set[str]]:
    """App → the apps it imports (`core` counts as one; top-level modules are left out)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        source = _app(name)
        if source is None:
            continue
        graph.setdefault(source, set())
        for target in map(_app, _imports(name, path, modules)):
            if target is not None and target != source:
                graph[source].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a path (first node repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_apps_import_each_other_without_a_cycle():
    graph = app_graph()
    for source, target in KNOWN_CYCLE_EDGES:
        graph[source].discard(target)
    assert _cycle(graph) is None


def test_every_known_cycle_edge_still_exists():
    graph = app_graph()
    gone = {(s, t) for s, t in KNOWN_CYCLE_EDGES if t not in graph.get(s, set())}
    assert not gone, f"remove {gone} from KNOWN_CYCLE_EDGES"


def test_the_core_imports_no_django_and_no_app():
    modules = _modules()
    offending = []
    for name, path in modules.items():
        if not name.startswith("innocounty.core"):
            continue
        for imported in _imports(name, path, modules):
            root = imported.split(".")[0]
            if root == "django" or (root == "innocounty" and _app(imported) not in ("core", None)):
                offending.append((name, imported))
            elif imported.startswith("innocounty.") and _app(imported) is None:
                offending.append((name, imported))  # settings, urls, cli …
    assert offending == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
