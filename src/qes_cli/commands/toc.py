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


@dataclass(frozen=True, slots=True)
class Renumbered:
    changed: list[tuple[str, int, int]]  # (file, old seq, new seq)
    toc: TocResult


def renumber(root: Path) -> Renumbered:
    """`qes toc --renumber`: close the gaps (and duplicates) a removed or hand-added file left in
    `seq` — entries keep their order, numbered 1..n — then regenerate toc.md. Writes the files
    (each changes by its `seq` line only); like `qes toc`, it commits nothing."""
    import dataclasses

    from qes_cli.store.frontmatter import edit_front_matter
    from qes_cli.store.textfile import read_text_file
    from qes_cli.store.transaction import apply_changes, read_bytes, writing

    with writing(root):
        manual = load_valid_manual(root)
        changes: dict[Path, bytes | None] = {}
        based: dict[Path, bytes | None] = {}
        changed: list[tuple[str, int, int]] = []
        docs = []
        for new_seq, entry in enumerate(manual.documents, 1):
            if entry.doc.seq != new_seq:
                f = read_text_file(entry.path, file=entry.rel)

                def mutate(data: Any, value: int = new_seq) -> None:
                    data["seq"] = value

                changes[entry.path] = f.encode(edit_front_matter(f.text, mutate, file=entry.rel))
                based[entry.path] = f.raw
                changed.append((entry.rel, entry.doc.seq, new_seq))
                entry = dataclasses.replace(
                    entry, doc=entry.doc.model_copy(update={"seq": new_seq})
                )
            docs.append(entry)
        renumbered = dataclasses.replace(manual, documents=docs)
        expected = render_toc(renumbered)
        current = read_optional(manual.toc_path, file=manual.toc_file, root=manual.root)
        if current != expected:
            changes[manual.toc_path] = expected.encode("utf-8")
            based[manual.toc_path] = read_bytes(manual.toc_path)
        if changes:
            apply_changes(root, changes, message="qes toc --renumber", tag=None, commit=False,
                          based_on=based)  # fmt: skip
        diff = toc_diff(current, expected, name="toc.md") if current != expected else ""
        toc = TocResult(len(docs), current != expected, current != expected, manual.toc_file, diff)
        return Renumbered(changed, toc)
