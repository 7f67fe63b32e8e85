"""What every command shares: the run context, option types, and the help that follows --lang."""

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click  # typer ≥ 0.29 ships its own click
from typer.core import TyperCommand, TyperGroup

from qes_cli.errors import ExitCode

# options every writing command shares (bump, new)
NoCommitOption = Annotated[
    bool, typer.Option("--no-commit", help="Write the files but make no commit or tag.")
]
AllowDirtyOption = Annotated[
    bool,
    typer.Option("--allow-dirty", help="Proceed although the work tree has uncommitted changes."),
]


def complete_documents(incomplete: str) -> list[str]:
    """Shell completion for DOC: the numbers and file stems of the manual found from here.
    Never fails: a completion that cannot read the manual offers nothing."""
    try:
        from qes_cli.store.loader import load_manual, locate_manual

        manual, _ = load_manual(locate_manual(None, os.environ, Path.cwd()))
    except Exception:
        return []
    names = []
    for entry in manual.documents:
        number = entry.doc.number
        names.append(number if number and number != "N/A" else entry.stem)
    return [n for n in names if n.lower().startswith(incomplete.lower())]


def complete_categories(incomplete: str) -> list[str]:
    """Shell completion for --category: manual.yaml's categories."""
    try:
        from qes_cli.store.loader import load_meta, locate_manual

        meta, _ = load_meta(locate_manual(None, os.environ, Path.cwd()))
    except Exception:
        return []
    return [c for c in meta.categories if c.startswith(incomplete)]


# the document a command acts on (show, history, diff, bump, …)
DocArgument = Annotated[
    str,
    typer.Argument(
        help="QES-007, QES-007-2025 or a file stem.",
        show_default=False,
        autocompletion=complete_documents,
    ),
]
CategoryOption = Annotated[
    str | None,
    typer.Option("--category", help="Only this 类别.", autocompletion=complete_categories),
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Effective date YYYY-MM-DD (default: today).")
]

LANG_KEY = "qes.lang"


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
    debug: bool = False

    def root(self) -> Path:
        from qes_cli.store.loader import locate_manual

        return locate_manual(self.manual, os.environ, Path.cwd())

    def output(self) -> Any:
        from qes_cli.cli.output import Output

        return Output(self.lang)

    def say(self, message: str) -> str:
        """A tr() message in the user's language."""
        from qes_cli.text import localize

        return str(localize(message, self.lang))

    def word(self, english: str) -> str:
        """A fixed word qes says (a kind, a meeting, a status) in the user's language."""
        from qes_cli.text import translate

        return translate(english, self.lang)


def context(ctx: click.Context) -> RunContext:
    obj = ctx.find_root().obj
    if isinstance(obj, RunContext):
        return obj
    from qes_cli.text import detect_lang

    return RunContext(None, detect_lang(None, os.environ))


def help_lang(ctx: click.Context) -> str:
    """The language help is shown in: --lang (an eager option, so it is read before --help),
    else the locale."""
    lang = ctx.meta.get(LANG_KEY)
    if isinstance(lang, str):
        return lang
    from qes_cli.text import detect_lang

    return detect_lang(None, os.environ)


def _localized_help(ctx: click.Context, commands: list[click.Command]) -> list[tuple[Any, str]]:
    """Swap every help text of `commands` (and their parameters) for its twin; returns what to
    put back."""
    from qes_cli.text import translate

    lang = help_lang(ctx)
    saved: list[tuple[Any, str]] = []
    if lang == "en":
        return saved
    for cmd in commands:
        if cmd.help:
            saved.append((cmd, cmd.help))
            cmd.help = translate(cmd.help, lang)
        if cmd.short_help:
            saved.append((cmd, "short_help:" + cmd.short_help))
            cmd.short_help = translate(cmd.short_help, lang)
        for param in cmd.params:
            text = getattr(param, "help", None)
            if text:
                saved.append((param, text))
                param.help = translate(text, lang)  # type: ignore[attr-defined]
    return saved


def _restore(saved: list[tuple[Any, str]]) -> None:
    for obj, text in saved:
        if text.startswith("short_help:") and isinstance(obj, click.Command):
            obj.short_help = text.removeprefix("short_help:")
        elif isinstance(obj, click.Command):
            obj.help = text
        else:
            obj.help = text


class QesCommand(TyperCommand):
    """A command whose help follows --lang."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        saved = _localized_help(ctx, [self])
        try:
            super().format_help(ctx, formatter)
        finally:
            _restore(saved)


class QesGroup(TyperGroup):
    """The `qes` group: help that follows --lang, and the one place errors become exit codes."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        saved = _localized_help(ctx, [self, *self.commands.values()])
        try:
            super().format_help(ctx, formatter)
        finally:
            _restore(saved)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._globals_first(ctx, list(args)))

    def _globals_first(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`qes list --manual m` means `qes --manual m list`: global options given after the
        command name are moved before it (a value of the command's own options is never
        mistaken for one)."""
        valued = {"--manual", "--lang"}
        i = 0
        while i < len(args) and args[i].startswith("-"):
            i += 2 if args[i] in valued else 1
        if i >= len(args) or args[i] not in self.commands:
            return args
        command = self.commands[args[i]]
        takes_value = {
            opt
            for p in command.params
            if getattr(p, "is_flag", True) is False and getattr(p, "count", False) is False
            for opt in getattr(p, "opts", [])
        }
        front, rest = args[:i], [args[i]]
        j = i + 1
        while j < len(args):
            token = args[j]
            if token == "--":
                rest += args[j:]
                break
            name = token.split("=", 1)[0]
            if name in valued and name not in takes_value:
                if "=" in token:
                    front.append(token)
                    j += 1
                elif j + 1 < len(args):
                    front += [token, args[j + 1]]
                    j += 2
                else:
                    rest.append(token)
                    j += 1
                continue
            if token == "--debug" and token not in takes_value:
                front.append(token)
                j += 1
                continue
            rest.append(token)
            if token in takes_value and "=" not in token and j + 1 < len(args):
                rest.append(args[j + 1])
                j += 1
            j += 1
        return front + rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke(ctx)
        finally:
            _tell_recovery(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        from qes_cli.cli.errors import handle

        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.ClickException):
            raise
        except BaseException as e:  # every failure is a message (SPEC §9)
            if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            rc = context(ctx)
            code = handle(e, lang=rc.lang, debug=rc.debug)
            raise typer.Exit(code) from None


def today() -> dt.date:
    """Today's date — the day of `QES_NOW` when set (reproducible tests, demos and examples)."""
    fixed = os.environ.get("QES_NOW")
    if fixed:
        try:
            return dt.datetime.fromisoformat(fixed).date()
        except ValueError:
            pass
    return dt.date.today()


def _tell_recovery(ctx: click.Context) -> None:
    """What the write path's recovery did before this command (SPEC §9): say it on stderr."""
    import sys

    transaction = sys.modules.get("qes_cli.store.transaction")  # loaded only by writers
    if transaction is None or not transaction.RECOVERED:
        return
    lang = context(ctx).lang
    from qes_cli.text import localize, tr

    for note in transaction.RECOVERED:
        sys.stderr.write(f"{localize(tr('note'), lang)}: {localize(note, lang)}\n")
    transaction.RECOVERED.clear()


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    from qes_cli.errors import UsageError
    from qes_cli.model.dates import parse_iso_date
    from qes_cli.text import tr

    try:
        return parse_iso_date(value)
    except ValueError:
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


def labels(lang: str, *english: str) -> list[str]:
    """Column headings in the manual's label language (the catalog's WORDS)."""
    from qes_cli.text import translate

    return [translate(e, lang) for e in english]
