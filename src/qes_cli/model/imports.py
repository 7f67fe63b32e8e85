"""The front matter `qes import` accepts on an existing Markdown document (SPEC §8).

A legacy document may say who it is (`number`, `version`, `title`), where it goes
(`category`), since when it is in force (`effective`) and who signed it on paper; everything
else about its place in the manual (`seq`, `history`, control records) is set by the import.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from qes_cli.model.control import no_control
from qes_cli.model.dates import StrictDate
from qes_cli.model.document import _version_or_na

#: front-matter keys of a manual document that the import itself writes: refused on input,
#: with the reason, rather than silently overwritten
SET_BY_IMPORT = ("seq", "history", "parent", "draft", "status", "retired")


class ImportedFrontMatter(BaseModel):
    """What an imported Markdown file's front matter may carry; all optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: StrictStr | None = None
    title: StrictStr | None = Field(default=None, min_length=1)
    category: StrictStr | None = None
    version: StrictStr | None = None
    effective: StrictDate | None = None
    pages: StrictInt | None = Field(default=None, ge=1)
    prepared_by: StrictStr | None = Field(default=None, min_length=1)
    reviewed_by: StrictStr | None = Field(default=None, min_length=1)
    approved_by: StrictStr | None = Field(default=None, min_length=1)

    @field_validator("version")
    @classmethod
    def _check_version(cls, value: str | None) -> str | None:
        return None if value is None else _version_or_na(value)

    @field_validator(
        "number", "title", "category", "prepared_by", "reviewed_by", "approved_by", mode="before"
    )
    @classmethod
    def _printable(cls, value: object) -> object:
        return no_control(value)
