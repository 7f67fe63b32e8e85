"""What every command shares: the run context, error → exit-code mapping, option parsing."""

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from qes_cli.errors import ExitCode, MultiInputError, QesError, UsageError

P = ParamSpec("P")
R = TypeVar("R")


# options every writing command shares (bump, new)
NoCommitOption = Annotated[
    bool, typer.Option("--no-commit", help="Write the files but make no commit or tag.")
]
AllowDirtyOption = Annotated[
    bool,
    typer.Option("--allow-dirty", help="Proceed although the work tree has uncommitted changes."),
]
# the document a command acts on (show, history, diff)
DocArgument = Annotated[
    str, typer.Argument(help="QES-007, QES-007-2025 or a file stem.", show_default=False)
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Effective date YYYY-MM-DD (default: today).")
]


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class TableFormat(StrEnum):
    """Reports that are one table also export CSV (for Excel)."""

    table = "table"
    json = "json"
    md = "md"
    csv = "csv"


@dataclass
class RunContext:
    """Global options, given before the command name."""

    manual: Path | None
    lang: str

    def root(self) -> Path:
        from qes_cli.store.loader import locate_manual

        return locate_manual(self.manual, os.environ, Path.cwd())

    def output(self) -> Any:
        from qes_cli.output import Output

        return Output(self.lang)

    def msg(self, key: str, **kwargs: object) -> str:
        from qes_cli.i18n import message

        return message(self.lang, key, **kwargs)


def context(ctx: typer.Context) -> RunContext:
    obj = ctx.find_root().obj
    if isinstance(obj, RunContext):
        return obj
    from qes_cli.i18n import detect_lang

    return RunContext(None, detect_lang(None, os.environ))


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn QesError into a message on stderr and its exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except QesError as e:
            import sys

            from qes_cli.i18n import detect_lang, message
            from qes_cli.text import localize

            lang = detect_lang(None, os.environ)
            for a in (*args, *kwargs.values()):
                # typer passes its (click) context by keyword, not as a typer.Context instance
                root = a.find_root() if hasattr(a, "find_root") else None
                if root is not None and isinstance(root.obj, RunContext):
                    lang = root.obj.lang
            label = message(lang, "error")
            if isinstance(e, MultiInputError):
                for sub in e.errors:
                    sys.stderr.write(f"{label}: {sub.render(lang)}\n")
                if not e.errors:
                    sys.stderr.write(f"{label}: {localize(e.message, lang)}\n")
            else:
                sys.stderr.write(f"{label}: {e.render(lang)}\n")
            raise typer.Exit(int(e.exit_code)) from None

    return wrapper


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from qes_cli.text import tr

        raise UsageError(
            tr(
                "{option}: {value!r} is not a date (expected YYYY-MM-DD)",
                option=option,
                value=value,
            )
        ) from None


def exit_with(code: ExitCode) -> None:
    if code != ExitCode.OK:
        raise typer.Exit(int(code))
