"""Imports run one way: cli → commands → store/gitrepo/render/pdfengine → rules → model → errors/text.

Read from the source (every `import` and `from … import`, including those inside functions),
so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "qes_cli"

# layer of each part of the package; a module may import its own layer or any lower one
LAYERS: dict[str, int] = {
    "errors": 0, "text": 0, "catalog_zh": 0,
    "model": 1,
    "rules": 2,
    "store": 3, "gitrepo": 3, "render": 3, "targets": 3, "pdfengine": 3,
    "commands": 4,
    "cli": 5,
}  # fmt: skip
CORE = ("model", "rules")
UI = ("typer", "rich", "click", "qes_cli.cli")


def _part(module: str) -> str:
    return module.split(".")[1] if module.startswith("qes_cli.") else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return out


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        name = "qes_cli." + ".".join(rel.parts)
        if rel.parts[0] in ("__init__", "__main__"):
            continue
        found.append((name, path))
    return found


def test_every_module_has_a_layer() -> None:
    missing = {_part(name) for name, _ in _modules()} - LAYERS.keys()
    assert not missing


@pytest.mark.parametrize(("name", "path"), _modules(), ids=[n for n, _ in _modules()])
def test_no_upward_import(name: str, path: Path) -> None:
    mine = LAYERS[_part(name)]
    bad = []
    for line, target in _imports(path):
        part = _part(target)
        if part and LAYERS.get(part, 0) > mine:
            bad.append(f"{path.name}:{line} imports {target}")
        if not name.startswith("qes_cli.cli") and target.startswith(UI):
            bad.append(f"{path.name}:{line} imports {target} (the core never imports the UI)")
    assert not bad


@pytest.mark.parametrize("part", [*CORE, "targets/engine.py"])
def test_core_does_no_io(part: str) -> None:
    """model/, rules/ and the targets engine touch no files and no git: no open(), read_text(),
    os, subprocess, and no import of the store or the reader."""
    where = SRC / part
    for path in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
        assert not [
            t
            for _, t in _imports(path)
            if t.startswith(("qes_cli.store", "qes_cli.targets.reader", "qes_cli.gitrepo"))
        ], path.name
        text = path.read_text(encoding="utf-8")
        for forbidden in ("open(", ".read_text(", ".write_text(", "import os", "subprocess"):
            assert forbidden not in text, f"{path.name}: {forbidden}"


def test_no_import_cycle_between_modules() -> None:
    graph = {
        name: {t for _, t in _imports(path) if t.startswith("qes_cli.")}
        for name, path in _modules()
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                raise AssertionError(" → ".join([*trail, node, nxt]))
            if nxt in graph and not state.get(nxt):
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node, [])
