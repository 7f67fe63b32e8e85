"""A manual file's text as commands edit it, and its bytes as they were (SPEC §9: bytes kept).

Editing works on text with `\\n` line ends and no BOM; `TextFile.encode` puts the file's own
line ends (LF or CRLF) and its BOM back, so a release changes exactly the lines it means to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qes_cli.errors import InputError
from qes_cli.text import tr

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class TextFile:
    raw: bytes
    text: str  # LF line ends, no BOM
    bom: bool
    crlf: bool

    def encode(self, text: str) -> bytes:
        """`text` (LF) back in this file's style."""
        if self.crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(raw: bytes, *, file: str) -> TextFile:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(tr("not valid UTF-8 text"), file=file, line=line) from e
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    return TextFile(raw, text, bom, crlf)


def read_text_file(path: Path, *, file: str) -> TextFile:
    from qes_cli.store.loader import read_raw

    return decode(read_raw(path, file=file), file=file)
