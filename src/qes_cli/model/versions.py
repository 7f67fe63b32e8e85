"""Version codes `EDITION/REVISION` (seed: 质量文件版本更新管理规定) and their arithmetic.

`A/1` is V1.0, `A/2` is V1.1, `B/1` is V2.0. Editions run A..Z, then AA, AB, … (bijective
base 26, like spreadsheet columns), so the order never runs out and never wraps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

from qes_cli.text import tr

_CODE_RE = re.compile(r"^([A-Z]+)/([1-9][0-9]*)$")
_VFORM_RE = re.compile(r"^[Vv]([1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def edition_to_index(edition: str) -> int:
    """`A` → 1, `Z` → 26, `AA` → 27."""
    if not edition or not edition.isascii() or not edition.isalpha() or not edition.isupper():
        raise ValueError(
            tr("invalid edition {edition!r}: expected letters A..Z, AA, AB, …", edition=edition)
        )
    n = 0
    for ch in edition:
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n


def index_to_edition(index: int) -> str:
    """1 → `A`, 26 → `Z`, 27 → `AA`."""
    if index < 1:
        raise ValueError(tr("edition index must be ≥ 1"))
    letters = []
    while index:
        index, rem = divmod(index - 1, 26)
        letters.append(chr(ord("A") + rem))
    return "".join(reversed(letters))


@total_ordering
@dataclass(frozen=True, slots=True)
class VersionCode:
    """A released version such as `A/3`; ordered by edition, then revision."""

    edition: str
    revision: int

    def __post_init__(self) -> None:
        edition_to_index(self.edition)
        if self.revision < 1:
            raise ValueError(tr("revision must be ≥ 1"))

    @classmethod
    def parse(cls, text: str) -> VersionCode:
        """Parse `A/1`; raises ValueError with the expected form."""
        if not isinstance(text, str):
            raise ValueError(
                tr("invalid version {text!r}: expected EDITION/REVISION such as A/1", text=text)
            )
        return _parse_code(text)

    @classmethod
    def parse_any(cls, text: str) -> VersionCode:
        """Parse either `A/2` or its V-form `V1.1`."""
        m = _VFORM_RE.match(text.strip())
        if m:
            return cls(index_to_edition(int(m.group(1))), int(m.group(2)) + 1)
        return cls.parse(text)

    @property
    def edition_index(self) -> int:
        return edition_to_index(self.edition)

    @property
    def vform(self) -> str:
        """The seed's V-form: `A/1` → `V1.0`, `C/2` → `V3.1`."""
        return f"V{self.edition_index}.{self.revision - 1}"

    def next_minor(self) -> VersionCode:
        return VersionCode(self.edition, self.revision + 1)

    def next_major(self) -> VersionCode:
        return VersionCode(index_to_edition(self.edition_index + 1), 1)

    def is_minor_step_to(self, other: VersionCode) -> bool:
        return other == self.next_minor()

    def is_major_step_to(self, other: VersionCode) -> bool:
        return other == self.next_major()

    def _key(self) -> tuple[int, int]:
        return (self.edition_index, self.revision)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, VersionCode):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return f"{self.edition}/{self.revision}"


@lru_cache(maxsize=8192)
def _parse_code(text: str) -> VersionCode:
    """Codes are immutable, and a manual repeats the same few thousands: parse each once."""
    m = _CODE_RE.match(text.strip())
    if not m:
        raise ValueError(
            tr("invalid version {text!r}: expected EDITION/REVISION such as A/1", text=text)
        )
    return VersionCode(m.group(1), int(m.group(2)))


INITIAL = VersionCode("A", 1)
