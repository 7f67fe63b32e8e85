"""The one error handler: a QesError becomes its message on stderr and its exit code; anything
unexpected becomes a one-line message too (exit 2), with the traceback only under --debug."""

import sys
import traceback

from qes_cli.errors import ExitCode, MultiInputError, QesError


def handle(error: BaseException, *, lang: str, debug: bool) -> int:
    """Print `error` for the user; return the exit code."""
    from qes_cli.text import localize, tr

    if isinstance(error, BrokenPipeError):  # `qes list | head -1`: the reader had enough
        import os

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return int(ExitCode.OK)
    label = localize(tr("error"), lang)
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    if isinstance(error, MultiInputError):
        for sub in error.errors:
            sys.stderr.write(f"{label}: {sub.render(lang)}\n")
        if not error.errors:
            sys.stderr.write(f"{label}: {localize(error.message, lang)}\n")
        return int(error.exit_code)
    if isinstance(error, QesError):
        sys.stderr.write(f"{label}: {error.render(lang)}\n")
        return int(error.exit_code)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        message = tr("{where}{problem}", where=where, problem=error.strerror or str(error))
        sys.stderr.write(f"{label}: {localize(message, lang)}\n")
        return int(ExitCode.BAD_INPUT)
    message = tr(
        "unexpected {kind}: {detail} (this is a bug in qes; run with --debug for the traceback)",
        kind=type(error).__name__,
        detail=str(error),
    )
    sys.stderr.write(f"{label}: {localize(message, lang)}\n")
    return int(ExitCode.BAD_INPUT)
