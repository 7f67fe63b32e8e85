"""The write-ahead record of a change (SPEC §9: all or nothing, even when killed).

Before a writing command touches anything it records, in `manual/.qes-journal.json`, what it
is about to do: each file's bytes before (or that it did not exist), a hash of the bytes it
will write, the branch and commit it starts from, the commit message and the tag. The record
is removed when the change is complete. If the process dies part-way (`kill -9`, power loss),
the record survives, and the next writing command finishes or undoes the change before doing
anything else (`transaction.recover`); read commands refuse to answer from a half state.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qes_cli.errors import InterruptedChangeError
from qes_cli.store.atomic import write_atomic
from qes_cli.text import tr

JOURNAL_NAME = ".qes-journal.json"
ABSENT = "absent"  # the after-hash of a file the change removes


def journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class FileChange:
    path: str  # relative to the manual folder
    before: bytes | None  # None: the file did not exist
    after_sha256: str


@dataclass
class Journal:
    files: list[FileChange]
    message: str
    tag: str | None
    repo: bool
    branch: str | None = None  # refs/heads/…, None when detached or no git
    head_before: str | None = None
    commit: str | None = None  # set once the commit exists
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "files": [
                {
                    "path": f.path,
                    "before": None if f.before is None else base64.b64encode(f.before).decode(),
                    "after_sha256": f.after_sha256,
                }
                for f in self.files
            ],
            "message": self.message,
            "tag": self.tag,
            "repo": self.repo,
            "branch": self.branch,
            "head_before": self.head_before,
            "commit": self.commit,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Journal:
        return cls(
            files=[
                FileChange(
                    f["path"],
                    None if f["before"] is None else base64.b64decode(f["before"]),
                    f["after_sha256"],
                )
                for f in data["files"]
            ],
            message=data["message"],
            tag=data.get("tag"),
            repo=bool(data.get("repo")),
            branch=data.get("branch"),
            head_before=data.get("head_before"),
            commit=data.get("commit"),
            extra=data.get("extra") or {},
        )


def write_journal(root: Path, journal: Journal) -> None:
    write_atomic(journal_path(root), json.dumps(journal.to_json(), ensure_ascii=False))
    _sync_dir(root)


def read_journal(root: Path) -> Journal | None:
    path = journal_path(root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return Journal.from_json(json.loads(raw))
    except (ValueError, KeyError, TypeError) as e:
        raise InterruptedChangeError(
            tr(
                "{path} records an interrupted change but cannot be read ({problem}); "
                "compare the manual with `git status`, then remove the file",
                path=str(path),
                problem=str(e),
            )
        ) from e


def remove_journal(root: Path) -> None:
    journal_path(root).unlink(missing_ok=True)
    _sync_dir(root)


def refuse_if_pending(root: Path) -> None:
    """Read commands do not answer from a half-done change."""
    if journal_path(root).exists():
        raise InterruptedChangeError(
            tr(
                "an interrupted change is pending in {root} (a qes command that writes was "
                "stopped part-way); run any writing command, e.g. `qes toc`, to finish or undo "
                "it first",
                root=str(root),
            )
        )


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
