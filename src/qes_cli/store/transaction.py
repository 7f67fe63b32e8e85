"""Write a set of files and record them in one git commit (and tag) — or leave no trace.

Every command that changes the manual goes through here (SPEC §9):

- **one writer**: `writing(root)` holds the manual's OS lock for the whole command, so what a
  command plans (the TOC it renders, the serial it picks) is computed from the files as they
  are under the lock;
- **checked first**: `preflight` refuses a dirty tree, untracked documents, an uncommitted
  manual, an existing tag — before anything is written (and `--dry-run` runs it too);
- **write-ahead**: the change is recorded in a journal before the first write; after a kill
  the next writer finishes it (the commit exists: make the missing tag) or undoes it (restore
  the files it wrote, unstage them), and readers refuse to answer meanwhile;
- **undo that destroys nothing**: refs move back only by compare-and-swap, files are restored
  only while they still hold what this command wrote, reflogs are never rewritten.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qes_cli.errors import (
    ConcurrentChangeError,
    DirtyTreeError,
    GitError,
    InputError,
    InterruptedChangeError,
    QesError,
    UsageError,
)
from qes_cli.store.atomic import write_bytes_atomic
from qes_cli.store.journal import (
    ABSENT,
    FileChange,
    Journal,
    digest,
    read_journal,
    remove_journal,
    write_journal,
)
from qes_cli.store.lock import manual_lock
from qes_cli.store.paths import inside
from qes_cli.text import tr

if TYPE_CHECKING:
    from qes_cli.gitrepo import GitRepo

Checkpoint = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Committed:
    commit: str | None
    tag: str | None


@contextlib.contextmanager
def writing(root: Path) -> Iterator[list[str]]:
    """Hold the manual's write lock; first finish or undo any interrupted change (the notes
    say what was done)."""
    with manual_lock(root):
        notes = recover(root)
        RECOVERED.extend(notes)
        _remove_stale_temps(root)
        yield notes


#: what recovery did in this process, for the CLI to tell the user (notes are tr() messages)
RECOVERED: list[str] = []


def _remove_stale_temps(root: Path) -> None:
    """Temp files of an atomic write (`.NAME.xxxx.tmp`) left by a killed writer. Only a qes
    writer makes them, and we hold the only writer's lock: any found now is stale."""
    for folder in (root, root / "documents", root / "retired", root / "records"):
        if not folder.is_dir():
            continue
        for path in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    path.unlink()


def preflight(
    root: Path,
    paths: list[Path],
    *,
    tag: str | None,
    allow_dirty: bool,
    own: set[Path] | None = None,
    tags: list[str] | None = None,
) -> GitRepo:
    """Everything that would make the commit refuse or carry the wrong files, checked before
    anything is written. `own` are files whose uncommitted edits belong to this change."""
    from qes_cli.gitrepo import GitRepo

    repo = GitRepo(root)
    if not repo.is_tracked(root / "manual.yaml") or repo.head() is None:
        raise GitError(
            tr(
                "the manual in {root} is not committed yet: commit it first (git add {root} && "
                "git commit), so a release tags a commit that holds the manual",
                root=str(root),
            )
        )
    stray = repo.untracked(root / "documents")
    if stray:  # a file this change itself writes or removes is no stray
        changing = set()
        for p in paths:
            with contextlib.suppress(ValueError):  # outside the work tree: refused later
                changing.add(repo.relpath(p))
        stray = [f for f in stray if f not in changing]
    if stray:
        raise DirtyTreeError(
            tr(
                "untracked document(s) {files} would enter the table of contents without being "
                "committed: `git add` them (or move them away) first",
                files=", ".join(stray[:5]) + (" …" if len(stray) > 5 else ""),
            )
        )
    if not allow_dirty:
        mine = {repo.relpath(p) for p in (own or set())}
        dirty = [f for f in repo.dirty_files() if f not in mine]
        if dirty:
            shown = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
            raise DirtyTreeError(
                tr(
                    "working tree has uncommitted changes ({files}); commit them or pass --allow-dirty",
                    files=shown,
                )
            )
    for name in [*([tag] if tag is not None else []), *(tags or [])]:
        repo.check_tag_name(name)
        if repo.tag_exists(name):
            raise GitError(
                tr("tag {tag} already exists: was this version released before?", tag=name)
            )
    return repo


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def apply_changes(
    root: Path,
    changes: dict[Path, bytes | None],
    *,
    message: str,
    tag: str | None,
    commit: bool = True,
    allow_dirty: bool = False,
    own: set[Path] | None = None,
    checkpoint: Checkpoint | None = None,
    based_on: dict[Path, bytes | None] | None = None,
    signed: bool = False,
    more_tags: dict[str, str] | None = None,
) -> Committed:
    """Write `changes` (path → new bytes, or None to remove the file), commit exactly those
    files and tag (a signed tag when `signed`); call inside `writing(root)`. `based_on` holds
    the bytes the change was computed from: if a file no longer holds them (an editor wrote
    meanwhile), nothing is written. `more_tags` (name → message) are made on the same commit:
    one tag per document of a bulk release."""
    extra_tags = dict(more_tags or {})
    repo = (
        preflight(
            root, list(changes), tag=tag, allow_dirty=allow_dirty, own=own, tags=list(extra_tags)
        )
        if commit
        else None
    )

    def step(name: str) -> None:
        if checkpoint is not None:
            checkpoint(name)
        if os.environ.get("QES_FAULT_AT") == name:  # fault injection for tests/reliability
            os.kill(os.getpid(), 9)

    for path in changes:  # every write lands inside the manual, whatever links say
        try:
            inside(root, path.parent)
            if path.is_symlink():
                inside(root, path)
        except UsageError as e:
            raise InputError(
                tr("{path} leads outside the manual folder: nothing was written",
                   path=str(path)),
                file=str(path),
            ) from e  # fmt: skip
    step("planned")
    originals = {p: read_bytes(p) for p in changes}
    if based_on is not None and any(originals.get(p) != data for p, data in based_on.items()):
        raise ConcurrentChangeError(
            tr(
                "the manual changed while this command was preparing its change (another qes "
                "or an editor wrote to it); nothing was written — run the command again"
            )
        )
    journal = Journal(
        files=[
            FileChange(_rel(root, p), originals[p], ABSENT if data is None else digest(data))
            for p, data in changes.items()
        ],
        message=message,
        tag=tag,
        repo=repo is not None,
        branch=repo.head_ref() if repo else None,
        head_before=repo.head() if repo else None,
        extra={"signed": signed, "tags": extra_tags},
    )
    write_journal(root, journal)
    try:
        step("start")
        for path, data in changes.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(path, data)
            step(f"wrote {path.name}")
        if repo is None:
            remove_journal(root)
            return Committed(None, None)
        # a removed file that git never tracked (a stray file `qes import` replaced) has
        # nothing to commit
        sha = repo.commit(
            [p for p, data in changes.items() if data is not None or repo.is_tracked(p)], message
        )
        journal.commit = sha
        write_journal(root, journal)
        step("committed")
        if tag is not None:
            repo.tag(tag, message, sha, signed=signed)
            step("tagged")
        for name, text in extra_tags.items():
            repo.tag(name, text, sha, signed=signed)
        remove_journal(root)
        return Committed(sha, tag)
    except BaseException:
        undo(root, journal, repo)
        remove_journal(root)
        raise


def undo(root: Path, journal: Journal, repo: GitRepo | None) -> list[str]:
    """Take back what `journal` says this change did, and only that."""
    notes: list[str] = []
    paths = [root / f.path for f in journal.files]
    if repo is not None:
        for name in _all_tags(journal):
            if journal.commit and repo.tag_commit(name) == journal.commit:
                obj = repo.tag_object(name)
                if obj:
                    repo.delete_tag(name, obj)
        moved_back = True
        if journal.commit and journal.branch and journal.head_before:
            moved_back = repo.move_ref(journal.branch, journal.head_before, journal.commit)
            if not moved_back:
                notes.append(
                    tr(
                        "{branch} moved on since this change was committed: the commit "
                        "{commit} stays (its tag removed); revert it with `git revert` if "
                        "it must go",
                        branch=journal.branch,
                        commit=journal.commit[:10],
                    )
                )
        if not moved_back:
            return notes  # the commit stays under someone else's: so do its files
        with contextlib.suppress(GitError):
            repo.unstage(paths)
    for f in journal.files:
        path = root / f.path
        current = read_bytes(path)
        ours = digest(current) if current is not None else ABSENT
        if ours != f.after_sha256:
            if current != f.before:
                notes.append(tr("{path} was changed by someone else: left as it is", path=f.path))
            continue
        if f.before is None:
            path.unlink(missing_ok=True)
        else:
            write_bytes_atomic(path, f.before)
    return notes


def recover(root: Path) -> list[str]:
    """Finish or undo a change a killed process left half-done (see the module docstring).
    If that cannot be done, say so and how to clear it by hand — never leave every later
    command failing with a bug message."""
    journal = read_journal(root)
    if journal is None:
        return []
    try:
        return _recover(root, journal)
    except QesError:
        raise
    except Exception as e:
        raise InterruptedChangeError(
            tr(
                "an interrupted change in {root} could not be finished or undone ({problem}); "
                "check the manual with `git status`, restore what is wrong, then remove {journal}",
                root=str(root),
                problem=str(e) or type(e).__name__,
                journal=str(root / ".qes-journal.json"),
            )
        ) from e


def _recover(root: Path, journal: Journal) -> list[str]:
    notes: list[str] = []
    repo = None
    if journal.repo:
        from qes_cli.gitrepo import GitRepo

        repo = GitRepo(root)
        lock = repo.index_lock()
        if lock.exists():  # left by the git process that died with us
            lock.unlink(missing_ok=True)
            notes.append(tr("removed git's index.lock left by the interrupted change"))
        commit = journal.commit or _find_commit(repo, journal)
        moved_on = commit is None and journal.head_before is not None and (
            repo.head() != journal.head_before
        )  # fmt: skip
        if moved_on:
            # someone committed after the kill (perhaps these very files): their commit is
            # theirs to keep, and so are the files in the work tree
            remove_journal(root)
            notes.append(
                tr(
                    "an interrupted change ({message}) was found, but the branch has moved on "
                    "since: left the files as they are — check them with `git status`",
                    message=journal.message.splitlines()[0],
                )
            )
            return notes
        if commit is not None:
            journal.commit = commit
            more = journal.extra.get("tags") or {}
            for name in _all_tags(journal):
                if not repo.tag_exists(name):
                    repo.tag(name, more.get(name, journal.message), commit,
                             signed=bool(journal.extra.get("signed")))  # fmt: skip
            with contextlib.suppress(GitError):
                repo.unstage([root / f.path for f in journal.files])
            remove_journal(root)
            notes.append(
                tr(
                    "finished an interrupted change: commit {commit}{tag}",
                    commit=commit[:10],
                    tag=f", tag {journal.tag}" if journal.tag else "",
                )
            )
            return notes
    notes += undo(root, journal, repo)
    remove_journal(root)
    notes.append(
        tr("undid an interrupted change: {message}", message=journal.message.splitlines()[0])
    )
    return notes


def _all_tags(journal: Journal) -> list[str]:
    return [*([journal.tag] if journal.tag else []), *(journal.extra.get("tags") or {})]


def _find_commit(repo: GitRepo, journal: Journal) -> str | None:
    """The commit a killed change made, if it made one: the commit on the branch since the
    start whose only parent is where the change started and whose message is the change's
    (someone may have committed on top of it since)."""
    if not journal.branch or not journal.head_before:
        return None
    tip = repo.head()
    if tip is None or tip == journal.head_before:
        return None
    for sha in repo.commits_between(journal.head_before, tip):
        parents, message = repo.commit_parents_and_message(sha)
        if parents == [journal.head_before] and message.strip() == journal.message.strip():
            return sha
    return None


def _rel(root: Path, path: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError as e:  # pragma: no cover - another drive on Windows
        raise UsageError(
            tr("{path} is outside the manual folder {root}", path=str(path), root=str(root))
        ) from e
