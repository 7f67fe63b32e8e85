"""The manual itself (manual.yaml) and the loaded whole: metadata plus its documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from qes_cli.model.control import Draft
from qes_cli.model.dates import StrictDate
from qes_cli.model.document import Document, HistoryEntry
from qes_cli.model.numbers import valid_prefix
from qes_cli.model.versions import VersionCode
from qes_cli.text import tr


class ManualMeta(BaseModel):
    """manual.yaml: number, title, version, roles, ordered categories, front_pages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: StrictStr
    title: StrictStr = Field(min_length=1)
    version: StrictStr
    effective: StrictDate
    categories: list[StrictStr] = Field(min_length=1)
    front_pages: StrictInt = Field(ge=0)
    reviewer: StrictStr = Field(min_length=1)
    approver: StrictStr = Field(min_length=1)
    prefix: StrictStr = "QES"
    company: StrictStr | None = None
    prepared_by: StrictStr | None = None
    # the labels of generated documents and report headings (目录 / Contents, 第N页 / p. N)
    language: Literal["zh", "en"] = "zh"
    # SPEC §5: `required` — a version is in force only once reviewed and approved in qes;
    # history entries dated before `controlled_since` were signed on paper
    approval: Literal["required", "none"] = "none"
    controlled_since: StrictDate | None = None
    signing: Literal["required", "none"] = "none"
    # the manual's own versions (手册实施令): `qes bump QES-015` appends, like a document's
    history: list[HistoryEntry] | None = None
    draft: Draft | None = None

    @field_validator("version")
    @classmethod
    def _check_version(cls, value: str) -> str:
        VersionCode.parse(value)
        return value

    @field_validator("prefix")
    @classmethod
    def _check_prefix(cls, value: str) -> str:
        if not valid_prefix(value):
            raise ValueError(
                tr("prefix must be upper-case letters and digits, starting with a letter")
            )
        return value

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError(tr("categories must be unique"))
        return value


@dataclass(frozen=True)
class DocumentFile:
    """A document as found on disk: its model, its path, how it is shown, where each key sits."""

    path: Path
    rel: str
    doc: Document
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def label(self) -> str:
        """How messages and tags name the entry: its number, else (sections, N/A) its stem."""
        number = self.doc.number
        return number if number and number != "N/A" else self.path.stem

    def line_of(self, *loc: str | int) -> int:
        """Line of the deepest known prefix of `loc` (front matter line 1 is the `---`)."""
        key = tuple(loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


@dataclass(frozen=True)
class Manual:
    """A loaded manual: where it lives, its metadata and its documents in seq order."""

    root: Path
    meta: ManualMeta
    documents: list[DocumentFile]
    meta_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    file_count: int = 0  # document files found, valid or not (documents holds the valid ones)
    meta_file: str = "manual.yaml"  # manual.yaml as shown to the user (relative when short)
    toc_file: str = "toc.md"  # toc.md likewise
    retired: list[DocumentFile] = field(default_factory=list)  # retired/*.md: 作废, out of the TOC
    drafts: list[DocumentFile] = field(default_factory=list)  # drafts/*.md: new, not yet approved

    @property
    def toc_path(self) -> Path:
        return self.root / "toc.md"

    @property
    def documents_dir(self) -> Path:
        return self.root / "documents"


def manual_entry(manual: Manual) -> DocumentFile:
    """The manual itself (manual.yaml, its own number) as a versioned entry, so bump, review
    and approve release it like a document: its history, its draft."""
    meta = manual.meta
    history = meta.history or [
        HistoryEntry(version=meta.version, date=meta.effective, kind="initial",
                     reason="首次发布" if meta.language == "zh" else "First issue",
                     reviewed_by=meta.reviewer, approved_by=meta.approver)
    ]  # fmt: skip
    doc = Document(
        number=meta.number, title=meta.title, category=meta.categories[0], seq=1,
        version=meta.version, effective=meta.effective, pages=1,
        prepared_by=meta.prepared_by or meta.reviewer, reviewed_by=meta.reviewer,
        approved_by=meta.approver, history=history, draft=meta.draft,
    )  # fmt: skip
    return DocumentFile(manual.root / "manual.yaml", manual.meta_file, doc, manual.meta_lines)
