"""One exception root and one exit-code table, so every command fails the same way."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the contract (SPEC §3)."""

    OK = 0
    PROBLEMS = 1
    BAD_INPUT = 2


class QesError(Exception):
    """Root of every error qes reports to the user; carries its exit code and location."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str) -> str:
        """FILE:LINE: message, the message in `lang` when it has a translation."""
        from qes_cli.text import localize

        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        return where + str(localize(self.message, lang))


class UsageError(QesError):
    """The command line asks for something impossible (unknown document, bad option mix)."""


class InputError(QesError):
    """A file qes reads is unreadable or malformed (broken YAML, bad CSV row)."""


class MissingFrontMatterError(InputError):
    """A document file does not start with YAML front matter (a plain Markdown file)."""


class MultiInputError(InputError):
    """Several malformed inputs found in one pass; all are reported together."""

    def __init__(self, message: str, errors: list[InputError]) -> None:
        super().__init__(message)
        self.errors = errors

    def render(self, lang: str) -> str:
        return "\n".join(e.render(lang) for e in self.errors)


class ManualNotFoundError(UsageError):
    """No manual directory could be located."""


class UnknownDocumentError(UsageError):
    """DOC names no document of the manual."""


class ControlError(UsageError):
    """Review, approval or retirement refused by the rules of control (SPEC §5)."""


class MissingToolError(UsageError):
    """Something qes needs from the system is not installed (a PDF engine, a CJK font); the
    message says what to install."""


class VersionPolicyError(UsageError):
    """A bump would break the version rules of SPEC §2."""


class GitError(QesError):
    """Git refused or failed; the message carries git's own words."""


class DirtyTreeError(GitError):
    """The working tree has uncommitted changes and --allow-dirty was not given."""


class NotAGitRepoError(GitError):
    """bump/new need the manual inside a git work tree."""


class LockedError(QesError):
    """Another qes process holds the manual's write lock."""


class ConcurrentChangeError(QesError):
    """Files changed between planning a write and taking the lock."""


class InterruptedChangeError(QesError):
    """A writing command was stopped part-way; its change must be finished or undone first."""
