"""The one place qes talks to git (via gitpython, which runs git without a shell)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import GitError, NotAGitRepoError
from qes_cli.text import tr

_TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]*$")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What must be restored if a release fails half-way: HEAD, and the bytes of the index,
    the reflogs and the other small files a commit rewrites. (New objects a failed commit
    leaves are unreachable; `git gc` drops them.)"""

    head: str | None
    files: dict[Path, bytes | None]


class GitRepo:
    """A work tree holding the manual."""

    def __init__(self, path: Path) -> None:
        import git

        try:
            self._repo: Any = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as e:
            raise NotAGitRepoError(
                tr(
                    "{path} is not inside a git work tree: run `git init` there, or pass --no-commit",
                    path=str(path),
                )
            ) from e
        if self._repo.bare:
            raise NotAGitRepoError(tr("{path} is in a bare repository", path=str(path)))
        self.root = Path(str(self._repo.working_tree_dir))

    def _git(self, *args: str) -> str:
        import git

        try:
            return str(self._repo.git.execute(["git", *args]))
        except git.GitCommandError as e:
            stderr = (e.stderr or "").strip().removeprefix("stderr:").strip().strip("'")
            raise GitError(
                tr("git {command} failed: {detail}", command=args[0], detail=stderr or str(e))
            ) from e

    def head(self) -> str | None:
        try:
            return self._git("rev-parse", "--verify", "-q", "HEAD").strip() or None
        except GitError:
            return None

    def dirty_files(self) -> list[str]:
        """Tracked files with staged or unstaged changes (untracked files do not count)."""
        out = self._git("status", "--porcelain", "--untracked-files=no")
        return [line[3:] for line in out.splitlines() if line.strip()]

    def tag_exists(self, name: str) -> bool:
        try:
            self._git("rev-parse", "--verify", "-q", f"refs/tags/{name}")
        except GitError:
            return False
        return True

    @staticmethod
    def check_tag_name(name: str) -> None:
        """The subset of git's ref-name rules qes tags use, checked without a subprocess."""
        if (
            not _TAG_RE.match(name)
            or ".." in name
            or "//" in name
            or name.endswith((".lock", "/", "."))
            or "/." in name
        ):
            raise GitError(tr("{name!r} is not a valid tag name", name=name))

    def _state_files(self) -> list[Path]:
        git_dir = Path(self._repo.git_dir)
        common = Path(self._repo.common_dir)
        names = [
            git_dir / "index",
            git_dir / "COMMIT_EDITMSG",
            git_dir / "ORIG_HEAD",
            git_dir / "logs" / "HEAD",
            common / "packed-refs",
        ]
        try:
            ref = self._git("symbolic-ref", "-q", "HEAD").strip()
        except GitError:
            ref = ""
        if ref:
            names.append(common / "logs" / ref)
        return names

    def snapshot(self) -> Snapshot:
        files = {p: (p.read_bytes() if p.exists() else None) for p in self._state_files()}
        return Snapshot(self.head(), files)

    def commit(self, paths: list[Path], message: str) -> str:
        """Commit exactly `paths` (other staged changes stay staged, uncommitted)."""
        rel = [self.relpath(p) for p in paths]
        self._git("add", "--", *rel)
        self._git("commit", "-q", "-m", message, "--", *rel)
        head = self.head()
        assert head is not None
        return head

    def tag(self, name: str, message: str) -> None:
        self._git("tag", "-a", name, "-m", message)

    def restore(self, snap: Snapshot, *, tag: str | None = None) -> None:
        """Undo a half-done release: drop the tag, move HEAD back, put the index back."""
        if tag and self.tag_exists(tag):
            with contextlib.suppress(GitError):
                self._git("tag", "-d", tag)
        if self.head() != snap.head:
            if snap.head is None:
                self._git("update-ref", "-d", "HEAD")
            else:
                self._git("update-ref", "HEAD", snap.head)
        for path, data in snap.files.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)

    def relpath(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def file_commits(self, path: Path) -> list[tuple[str, str]]:
        """(sha, ISO author date) of the commits that touched `path`, oldest first."""
        out = self._git("log", "--reverse", "--format=%H%x1f%aI", "--", self.relpath(path))
        return [tuple(line.split("\x1f", 1)) for line in out.splitlines() if line]  # type: ignore[misc]

    def read_at(self, sha: str, path: Path) -> str | None:
        """Text of `path` at commit `sha` (None if absent), via git's persistent cat-file."""
        try:
            blob = self._repo.commit(sha).tree / self.relpath(path)
        except KeyError:
            return None
        return bytes(blob.data_stream.read()).decode("utf-8", errors="replace")

    def tag_commit(self, name: str) -> str | None:
        try:
            return (
                self._git("rev-parse", "--verify", "-q", f"refs/tags/{name}^{{commit}}").strip()
                or None
            )
        except GitError:
            return None

    def commit_date(self, sha: str) -> str:
        return self._git("show", "-s", "--format=%aI", sha).strip()
