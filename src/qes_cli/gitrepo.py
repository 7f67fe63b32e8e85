"""The one place qes talks to git (via gitpython, which runs git without a shell)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qes_cli.errors import GitError, NotAGitRepoError
from qes_cli.text import tr

_TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]*$")


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

    def _git(self, *args: str, env: dict[str, str] | None = None) -> str:
        import git

        try:
            return str(self._repo.git.execute(["git", *args], env=env))
        except git.GitCommandError as e:
            raise GitError(
                tr("git {command} failed: {detail}", command=args[0], detail=_words(e))
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

    def commit(self, paths: list[Path], message: str) -> str:
        """Commit exactly `paths` (other staged changes stay staged, uncommitted)."""
        rel = [self.relpath(p) for p in paths]
        self._git("add", "--", *rel)
        self._git("commit", "-q", "-m", message, "--", *rel)
        head = self.head()
        assert head is not None
        return head

    def tag(self, name: str, message: str, target: str = "HEAD", *, signed: bool = False) -> None:
        """An annotated tag; `signed` signs it with the acting person's key (git's own signing:
        `gpg.format ssh` and `user.signingkey` in their git config)."""
        try:
            self._git("tag", "-s" if signed else "-a", name, "-m", message, target)
        except GitError as e:
            if not signed:
                raise
            raise GitError(
                tr(
                    "the release tag must be signed (signing: required) and git could not sign "
                    "it: {problem} — set up SSH signing: git config gpg.format ssh; git config "
                    "user.signingkey ~/.ssh/id_ed25519 (the key people.yaml lists for you)",
                    problem=e.message,
                )
            ) from e

    def author_email(self) -> str | None:
        """The author e-mail git would record for a commit: GIT_AUTHOR_EMAIL, else user.email."""
        import os

        email = os.environ.get("GIT_AUTHOR_EMAIL")
        if email:
            return email.strip()
        try:  # what git itself would record: author.email, else user.email, …
            ident = self._git("var", "GIT_AUTHOR_IDENT")
        except GitError:
            return None
        start, end = ident.find("<"), ident.find(">")
        return ident[start + 1 : end].strip() or None if 0 <= start < end else None

    def verify_tag(self, name: str, keys: dict[str, str]) -> str | None:
        """The e-mail whose SSH key (from `keys`: e-mail → public key) made the tag's signature,
        or None when it is unsigned or signed by no key in `keys`."""
        import tempfile

        if not keys:
            return None
        with tempfile.NamedTemporaryFile("w", suffix=".allowed_signers", delete=False) as fh:
            for email, key in keys.items():
                fh.write(f"{email} {key.strip()}\n")
            allowed = fh.name
        try:
            out = self._repo.git.execute(
                ["git", "-c", f"gpg.ssh.allowedSignersFile={allowed}", "-c", "gpg.format=ssh",
                 "verify-tag", "--raw", name],
                with_extended_output=True, with_exceptions=False,
            )  # fmt: skip
        finally:
            import os

            os.unlink(allowed)
        status, stdout, stderr = out
        if status != 0:
            return None
        import re

        m = re.search(r'Good "git" signature for (\S+) with', f"{stdout}\n{stderr}")
        return m.group(1).lower() if m else None

    def texts_at(self, ref: str, folder: Path) -> dict[str, str]:
        """File name → text of the `.md` files of `folder` at commit/tag `ref`."""
        try:
            tree = self._repo.commit(ref).tree / self.relpath(folder)
        except (KeyError, ValueError):
            return {}
        out = {}
        for blob in tree.blobs:
            if blob.name.endswith(".md"):
                out[blob.name] = bytes(blob.data_stream.read()).decode("utf-8", errors="replace")
        return out

    def commits_between(self, base: str, tip: str) -> list[str]:
        """Commits reachable from `tip` but not from `base`, oldest first."""
        try:
            out = self._git("rev-list", "--reverse", f"{base}..{tip}")
        except GitError:
            return []
        return [line for line in out.splitlines() if line]

    def head_ref(self) -> str | None:
        """The branch HEAD is on (`refs/heads/main`), or None when detached."""
        try:
            return self._git("symbolic-ref", "-q", "HEAD").strip() or None
        except GitError:
            return None

    def move_ref(self, ref: str, new: str, expected: str) -> bool:
        """Compare-and-swap: point `ref` at `new` only if it still points at `expected`.
        False when someone else moved it meanwhile (their work is left alone)."""
        try:
            self._git("update-ref", "-m", "qes: undo an unfinished release", ref, new, expected)
        except GitError:
            return False
        return True

    def delete_tag(self, name: str, expected: str) -> bool:
        """Delete tag `name` only if it still points at `expected` (compare-and-swap)."""
        try:
            self._git("update-ref", "-d", f"refs/tags/{name}", expected)
        except GitError:
            return False
        return True

    def tag_object(self, name: str) -> str | None:
        """The object the tag ref names (the tag object for an annotated tag)."""
        try:
            return self._git("rev-parse", "--verify", "-q", f"refs/tags/{name}").strip() or None
        except GitError:
            return None

    def commit_parents_and_message(self, sha: str) -> tuple[list[str], str]:
        out = self._git("show", "-s", "--format=%P%x1f%B", sha)
        parents, _, message = out.partition("\x1f")
        return parents.split(), message

    def unstage(self, paths: list[Path]) -> None:
        """Index entries of `paths` back to HEAD's (other staged changes stay as they are)."""
        rel = [self.relpath(p) for p in paths]
        if self.head() is None:
            self._git("rm", "-q", "--cached", "--ignore-unmatch", "--", *rel)
        else:
            self._git("reset", "-q", "--", *rel)

    def index_lock(self) -> Path:
        return Path(self._repo.git_dir) / "index.lock"

    def is_shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository").strip() == "true"

    def is_tracked(self, path: Path) -> bool:
        return bool(self._git("ls-files", "--", self.relpath(path)).strip())

    def untracked(self, folder: Path, pattern: str = "*.md") -> list[str]:
        """Untracked (and not ignored) files matching `pattern` in `folder`."""
        rel = self.relpath(folder)
        out = self._git(
            "ls-files", "-z", "--others", "--exclude-standard", "--", f"{rel}/{pattern}"
        )  # -z: names as they are, not C-quoted (投诉.md, not "\346\212\225…")
        return [name for name in out.split("\0") if name]

    def tags(self, pattern: str) -> list[str]:
        return [t for t in self._git("tag", "-l", pattern).splitlines() if t]

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


def _words(error: Any) -> str:
    """What git said when it refused — its stderr (or stdout, where hooks often write), not
    gitpython's rendering of the whole command line."""

    def clean(text: object) -> str:
        t = str(text or "").strip()
        for prefix in ("stderr:", "stdout:"):
            t = t.removeprefix(prefix).strip()
        return t.strip("'").strip()

    words = clean(getattr(error, "stderr", "")) or clean(getattr(error, "stdout", ""))
    status = getattr(error, "status", None)
    return words or (f"exit status {status}" if status is not None else "failed")
