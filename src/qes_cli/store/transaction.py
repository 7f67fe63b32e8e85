"""Write a set of files and record them in one git commit and tag — or leave no trace.

Used by every command that changes the manual (`bump`, `new`). Preconditions (git work
tree, clean tree, free tag) are checked before anything is written; the writes happen under
the manual's lock; on any failure the files and git (HEAD, index, reflogs, tag) are restored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qes_cli.errors import ConcurrentChangeError, DirtyTreeError, GitError
from qes_cli.store.atomic import write_atomic
from qes_cli.store.lock import manual_lock
from qes_cli.text import tr

Checkpoint = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Committed:
    commit: str | None
    tag: str | None


def apply_changes(
    root: Path,
    changes: dict[Path, str],
    *,
    message: str,
    tag: str,
    commit: bool = True,
    allow_dirty: bool = False,
    checkpoint: Checkpoint | None = None,
    based_on: dict[Path, str | None] | None = None,
) -> Committed:
    """Write `changes` (path → new text) atomically, then commit exactly those files and tag.

    `based_on` holds the contents the changes were computed from; if another process changed
    any of those files meanwhile, nothing is written (the caller's plan is stale)."""
    repo = None
    if commit:
        from qes_cli.gitrepo import GitRepo

        repo = GitRepo(root)
        if not allow_dirty:
            dirty = repo.dirty_files()
            if dirty:
                shown = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
                raise DirtyTreeError(
                    tr(
                        "working tree has uncommitted changes ({files}); commit them or pass --allow-dirty",
                        files=shown,
                    )
                )
        repo.check_tag_name(tag)
        if repo.tag_exists(tag):
            raise GitError(
                tr("tag {tag} already exists: was this version released before?", tag=tag)
            )

    def step(name: str) -> None:
        if checkpoint is not None:
            checkpoint(name)

    with manual_lock(root):
        originals = {p: (p.read_text(encoding="utf-8") if p.exists() else None) for p in changes}
        if based_on is not None and any(originals.get(p) != text for p, text in based_on.items()):
            raise ConcurrentChangeError(
                tr(
                    "the manual changed while this command was preparing its change (another qes "
                    "or an editor wrote to it); nothing was written — run the command again"
                )
            )
        snap = repo.snapshot() if repo else None
        try:
            step("start")
            for path, text in changes.items():
                write_atomic(path, text)
                step(f"wrote {path.name}")
            if repo is None:
                return Committed(None, None)
            sha = repo.commit(list(changes), message)
            step("committed")
            repo.tag(tag, message)
            step("tagged")
            return Committed(sha, tag)
        except BaseException:
            for path, old in originals.items():
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomic(path, old)
            if repo is not None and snap is not None:
                repo.restore(snap, tag=tag)
            raise
