"""`qes toc [--check]`: regenerate toc.md from the documents, or say how it differs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.render import render_toc
from qes_cli.rules.toc import toc_diff
from qes_cli.store.atomic import write_atomic
from qes_cli.store.loader import load_valid_manual, read_optional


@dataclass(frozen=True, slots=True)
class TocResult:
    entries: int
    stale: bool
    written: bool
    path: str
    diff: str

    @property
    def ok(self) -> bool:
        return not self.stale or self.written

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "stale": self.stale, "written": self.written,
                "entries": self.entries, "path": self.path, "diff": self.diff}  # fmt: skip


def toc(root: Path, *, check: bool) -> TocResult:
    """Compare toc.md with what the documents give; unless `check`, write it when stale —
    under the manual's lock, after finishing or undoing any interrupted change."""
    if check:
        return _toc(root, check=True)
    from qes_cli.store.transaction import writing

    with writing(root):
        return _toc(root, check=False)


def _toc(root: Path, *, check: bool) -> TocResult:
    manual = load_valid_manual(root)
    expected = render_toc(manual)
    current = read_optional(manual.toc_path, file=manual.toc_file, root=manual.root)
    stale = current != expected
    diff = toc_diff(current, expected, name="toc.md") if stale else ""
    written = stale and not check
    if written:
        write_atomic(manual.toc_path, expected)
    return TocResult(len(manual.documents), stale, written, manual.toc_file, diff)
