"""Pydantic models of a document's front matter (SPEC §1). Cross-field rules live in rules/."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from qes_cli.model.control import Draft, Retirement, Signature, no_control
from qes_cli.model.dates import StrictDate
from qes_cli.model.numbers import NOT_APPLICABLE
from qes_cli.model.versions import VersionCode

Kind = Literal["initial", "minor", "major"]
Meeting = Literal["onsite", "remote"]
NA_VERSION = "/"

#: front-matter fields in the order qes writes them (and the contract's names)
DOCUMENT_FIELDS = (
    "number",
    "parent",
    "title",
    "category",
    "seq",
    "version",
    "effective",
    "pages",
    "prepared_by",
    "reviewed_by",
    "approved_by",
    "history",
    "draft",
    "status",
    "retired",
)
MEETING_LABELS = {"onsite": "现场", "remote": "远程"}


def _version_or_na(value: str) -> str:
    if value != NA_VERSION:
        VersionCode.parse(value)
    return value


class HistoryEntry(BaseModel):
    """One released version: when, why, and who reviewed and approved it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: StrictStr
    date: StrictDate
    kind: Kind
    reason: StrictStr = Field(min_length=1)
    processes: StrictInt | None = Field(default=None, ge=0)
    reviewed_by: StrictStr = Field(min_length=1)
    approved_by: StrictStr = Field(min_length=1)
    meeting: Meeting | None = None
    review: Signature | None = None  # the reviewer's record (SPEC §5), when signed in qes
    approval: Signature | None = None  # the approver's record

    @field_validator("version")
    @classmethod
    def _check_version(cls, value: str) -> str:
        VersionCode.parse(value)
        return value

    @field_validator("reason", "reviewed_by", "approved_by", mode="before")
    @classmethod
    def _printable(cls, value: object) -> object:
        return no_control(value)

    @property
    def code(self) -> VersionCode:
        return VersionCode.parse(self.version)


class Document(BaseModel):
    """A table-of-contents entry: a numbered document, an N/A document, or a section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: StrictStr | None = None
    parent: StrictStr | None = None
    title: StrictStr = Field(min_length=1)
    category: StrictStr
    seq: StrictInt = Field(ge=1)
    version: StrictStr | None = None
    effective: StrictDate | None = None
    pages: StrictInt = Field(ge=1)
    prepared_by: StrictStr | None = None
    reviewed_by: StrictStr | None = None
    approved_by: StrictStr | None = None
    history: list[HistoryEntry] | None = None
    draft: Draft | None = None  # the next version (or retirement) under review
    status: Literal["obsolete"] | None = None  # 作废: retired, kept for its history
    retired: Retirement | None = None

    @field_validator("version")
    @classmethod
    def _check_version(cls, value: str | None) -> str | None:
        return None if value is None else _version_or_na(value)

    @field_validator(
        "number",
        "parent",
        "title",
        "category",
        "prepared_by",
        "reviewed_by",
        "approved_by",
        mode="before",
    )
    @classmethod
    def _printable(cls, value: object) -> object:
        return no_control(value)

    @property
    def is_section(self) -> bool:
        """A section belongs to a numbered document and carries no number of its own."""
        return self.number is None

    @property
    def is_not_applicable(self) -> bool:
        return self.number == NOT_APPLICABLE

    @property
    def is_versioned(self) -> bool:
        return not self.is_section and not self.is_not_applicable

    @property
    def code(self) -> VersionCode | None:
        if self.version is None or self.version == NA_VERSION:
            return None
        return VersionCode.parse(self.version)

    @property
    def last_change(self) -> dt.date | None:
        """Date of the newest history entry, or the effective date."""
        if self.history:
            return self.history[-1].date
        return self.effective
