"""How paths are shown to users, and the guard that keeps qes inside the manual folder."""

from __future__ import annotations

import os
from pathlib import Path

from qes_cli.errors import UsageError
from qes_cli.text import tr


def display_path(path: Path) -> str:
    """Relative to the working directory when the path lies inside it, else absolute — the
    same answer whatever the depth of the folders around it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return os.path.abspath(path)
    return rel


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, refused unless it lies within `root` (no `..`, no absolute escape)."""
    resolved = path.resolve()
    base = root.resolve()
    if resolved != base and base not in resolved.parents:
        raise UsageError(
            tr("{path} is outside the manual folder {root}", path=str(path), root=str(root))
        )
    return resolved
