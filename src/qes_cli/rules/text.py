"""Text given on the command line (`--reason`, `--title`) as it may enter a document."""

from __future__ import annotations

import re
import unicodedata

from qes_cli.errors import UsageError
from qes_cli.text import tr

# C0/C1 controls, DEL, and the characters YAML or Markdown read as line breaks (NEL, LS, PS)
_FORBIDDEN = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]")


def option_text(value: str, option: str) -> str:
    """`value` stripped; one line of printable text, not empty (else UsageError, exit 2)."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):  # bytes the shell passed undecoded
        raise UsageError(tr("{option} is not valid UTF-8 text", option=option))
    text = value.strip()
    if not text:
        raise UsageError(tr("{option} must not be empty", option=option))
    bad = _FORBIDDEN.search(text)
    if bad:
        name = unicodedata.name(bad.group(), f"U+{ord(bad.group()):04X}")
        raise UsageError(
            tr(
                "{option} must be one line of printable text: it contains {char}",
                option=option,
                char=name,
            )
        )
    return text
