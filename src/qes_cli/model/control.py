"""Records of control (SPEC §5): who signed what, when, over which text.

A signature is `{name, email, role, at, sha256}`: the person as people.yaml knows them, the role
they signed in (审核 reviewer / 批准 approver), an ISO timestamp with its UTC offset, and the
SHA-256 of the document body they saw. An open draft lives in the document's front matter
(`draft:`) until it is approved; the version in force stays in `version` meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from qes_cli.model.dates import StrictDate
from qes_cli.model.versions import VersionCode
from qes_cli.text import tr

_SHA256 = re.compile(r"[0-9a-f]{64}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


_CONTROL = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]")


def no_control(value: object) -> object:
    """Text fields are one line of printable text: control characters break the TOC, the
    HTML, the terminal and commit messages."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValueError(tr("control characters (NUL, tab, newline, …) are not allowed here"))
    return value


def _timestamp(value: object) -> object:
    """ISO 8601 with a UTC offset; YAML may hand over a datetime (an unquoted timestamp)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(tr("timestamp needs its UTC offset, e.g. 2026-03-02T10:00:00+08:00"))
        return value.isoformat()
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None or not value[:4].isascii():
            raise ValueError(tr("timestamp needs its UTC offset, e.g. 2026-03-02T10:00:00+08:00"))
        return value
    raise ValueError(tr("timestamp needs its UTC offset, e.g. 2026-03-02T10:00:00+08:00"))


class Signature(BaseModel):
    """One person's act on one text: a review, an approval, a rejection."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: StrictStr = Field(min_length=1)
    email: StrictStr
    role: StrictStr = Field(min_length=1)
    at: StrictStr
    sha256: StrictStr
    reason: StrictStr | None = None  # a rejection says why

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: object) -> object:
        return _timestamp(value)

    @field_validator("name", "email", "role", "reason", mode="before")
    @classmethod
    def _printable(cls, value: object) -> object:
        return no_control(value)

    @field_validator("sha256")
    @classmethod
    def _sha(cls, value: str) -> str:
        if not _SHA256.fullmatch(value):
            raise ValueError(tr("sha256 must be 64 lower-case hex digits"))
        return value

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


DraftAction = Literal["revise", "retire"]


class Draft(BaseModel):
    """A change under review: the next version (or the retirement) and its signatures so far."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: DraftAction = "revise"
    version: StrictStr | None = None
    kind: Literal["initial", "minor", "major"] | None = None
    date: StrictDate
    reason: StrictStr = Field(min_length=1)
    processes: StrictInt | None = Field(default=None, ge=0)
    meeting: Literal["onsite", "remote"] | None = None
    opened_by: StrictStr | None = None
    review: Signature | None = None
    rejections: list[Signature] = Field(default_factory=list)

    @field_validator("version")
    @classmethod
    def _version(cls, value: str | None) -> str | None:
        if value is not None:
            VersionCode.parse(value)
        return value

    @property
    def state(self) -> Literal["draft", "reviewed"]:
        return "reviewed" if self.review is not None else "draft"


class Retirement(BaseModel):
    """Why and when a document went out of force (作废), and who signed it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: StrictDate
    reason: StrictStr = Field(min_length=1)
    version: StrictStr | None = None  # the version in force when it was retired
    review: Signature | None = None
    approval: Signature | None = None


def valid_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text))
