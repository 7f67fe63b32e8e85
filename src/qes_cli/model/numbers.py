"""Document numbers `PREFIX-NNN-YYYY` (e.g. QES-007-2025) and the DOC references commands take."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qes_cli.text import tr

NOT_APPLICABLE = "N/A"
_PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]*$")


def _number_re(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^({re.escape(prefix)})-([0-9]{{3,}})-([0-9]{{4}})$")


def valid_prefix(prefix: str) -> bool:
    return bool(_PREFIX_RE.match(prefix))


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A parsed number; the serial is what identifies the document, whatever the year."""

    prefix: str
    serial: int
    year: int
    width: int = 3

    @classmethod
    def parse(cls, text: str, prefix: str = "QES") -> DocNumber:
        m = _number_re(prefix).match(text) if isinstance(text, str) else None
        if not m:
            raise ValueError(
                tr(
                    "invalid number {text!r}: expected {prefix}-NNN-YYYY (serial of at least "
                    "3 digits, 4-digit year), or N/A",
                    text=text,
                    prefix=prefix,
                )
            )
        serial_text = m.group(2)
        if len(serial_text) > 3 and serial_text.startswith("0"):
            raise ValueError(
                tr("invalid number {text!r}: serial has superfluous leading zeros", text=text)
            )
        if int(serial_text) == 0:
            raise ValueError(tr("invalid number {text!r}: serial must be ≥ 1", text=text))
        return cls(m.group(1), int(serial_text), int(m.group(3)), len(serial_text))

    @property
    def short(self) -> str:
        """`QES-007`: the serial-only form commands accept."""
        return f"{self.prefix}-{self.serial:03d}"

    def __str__(self) -> str:
        return f"{self.prefix}-{self.serial:03d}-{self.year:04d}"


def format_number(prefix: str, serial: int, year: int) -> str:
    return str(DocNumber(prefix, serial, year))


def parse_doc_ref(text: str, prefix: str) -> int | None:
    """The serial named by `QES-007` or `QES-007-2025`, or None if `text` is not a number form."""
    m = re.match(rf"^{re.escape(prefix)}-([0-9]{{3,}})(?:-([0-9]{{4}}))?$", text.strip(), re.I)
    if not m:
        return None
    return int(m.group(1))
