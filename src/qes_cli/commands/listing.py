"""`qes list`, `qes show`, `qes review-due`: the document register (受控文件清单), one
document's details, and the annual review list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import UsageError
from qes_cli.model.control import Signature
from qes_cli.model.document import MEETING_LABELS
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.rules.control import in_force_state, state
from qes_cli.rules.lookup import resolve_document
from qes_cli.rules.toc import toc_rows
from qes_cli.store.loader import load_valid_manual
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class RegisterRow:
    seq: int
    number: str
    version: str
    vform: str
    title: str
    category: str
    effective: dt.date | None
    pages: int
    start_page: int
    last_change: dt.date | None
    stem: str
    status: str = "effective"  # draft / reviewed / approved / effective / obsolete (SPEC §5)
    draft: str | None = None  # the version under review, when a draft is open

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "number": self.number, "version": self.version, "vform": self.vform,
            "title": self.title, "category": self.category,
            "effective": self.effective.isoformat() if self.effective else None,
            "pages": self.pages, "start_page": self.start_page,
            "last_change": self.last_change.isoformat() if self.last_change else None, "file": self.stem,
            "status": self.status, "draft": self.draft,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Register:
    title: str
    number: str
    rows: list[RegisterRow]
    language: str


def list_documents(
    root: Path, category: str | None = None, *, today: dt.date | None = None, all_: bool = False
) -> Register:
    """`qes list`: the register of the manual at `root`, optionally one category's entries."""
    manual = load_valid_manual(root)
    if category is not None and category not in manual.meta.categories:
        raise UsageError(
            tr(
                "unknown category {category!r} (known: {known})",
                category=category,
                known=", ".join(manual.meta.categories),
            )
        )
    rows = document_register(manual, category, today=today or dt.date.today(), all_=all_)
    return Register(manual.meta.title, manual.meta.number, rows, manual.meta.language)


def show_document(root: Path, ref: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """`qes show`: everything about the document `ref` names (retired ones too), as plain data."""
    manual = load_valid_manual(root)
    details = document_details(manual, resolve_document(manual, ref, retired=True),
                               today=today or dt.date.today())  # fmt: skip
    details["language"] = manual.meta.language
    return details


def document_register(
    manual: Manual,
    category: str | None = None,
    *,
    today: dt.date | None = None,
    all_: bool = False,
) -> list[RegisterRow]:
    """Every TOC entry with both version forms, its state and last change, in seq order; with
    `all_`, the retired documents (作废) after them."""
    starts = {r.stem: r.start_page for r in toc_rows(manual)}
    day = today or dt.date.today()
    rows = []
    for entry in [*manual.documents, *(manual.retired if all_ else [])]:
        d = entry.doc
        if category is not None and d.category != category:
            continue
        code = d.code
        rows.append(
            RegisterRow(
                seq=d.seq,
                number=d.number or "",
                version=d.version or "",
                vform=code.vform if code else "",
                title=d.title,
                category=d.category,
                effective=d.effective,
                pages=d.pages,
                start_page=starts.get(entry.stem, 0),
                last_change=d.last_change,
                stem=entry.stem,
                status=state(d, day),
                draft=d.draft.version or "retirement" if d.draft else None,
            )
        )
    return rows


def _signature(sig: Signature | None) -> dict[str, Any] | None:
    return None if sig is None else sig.model_dump()


def document_details(
    manual: Manual, entry: DocumentFile, *, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything `qes show` prints, as plain data (also its JSON)."""
    d = entry.doc
    day = today or dt.date.today()
    draft = d.draft
    code = d.code
    kind = "section" if d.is_section else "not-applicable" if d.is_not_applicable else "document"
    starts = {r.stem: r.start_page for r in toc_rows(manual)}
    return {
        "file": entry.rel,
        "kind": kind,
        "number": d.number,
        "parent": d.parent,
        "title": d.title,
        "category": d.category,
        "seq": d.seq,
        "version": d.version,
        "vform": code.vform if code else None,
        "effective": d.effective.isoformat() if d.effective else None,
        "pages": d.pages,
        "start_page": starts.get(entry.stem, 0),
        "status": state(d, day),
        "in_force": in_force_state(d, day),
        "draft": None
        if draft is None
        else {
            "action": draft.action,
            "version": draft.version,
            "kind": draft.kind,
            "date": draft.date.isoformat(),
            "reason": draft.reason,
            "state": draft.state,
            "opened_by": draft.opened_by,
            "review": _signature(draft.review),
            "rejections": [_signature(r) for r in draft.rejections],
        },
        "retired": None
        if d.retired is None
        else {
            "date": d.retired.date.isoformat(),
            "reason": d.retired.reason,
            "version": d.retired.version,
            "review": _signature(d.retired.review),
            "approval": _signature(d.retired.approval),
        },
        "prepared_by": d.prepared_by,
        "reviewed_by": d.reviewed_by,
        "approved_by": d.approved_by,
        "history": [
            {
                "version": h.version,
                "vform": h.code.vform,
                "date": h.date.isoformat(),
                "kind": h.kind,
                "reason": h.reason,
                "processes": h.processes,
                "reviewed_by": h.reviewed_by,
                "approved_by": h.approved_by,
                "meeting": h.meeting,
                "meeting_label": MEETING_LABELS.get(h.meeting or "", ""),
                "review": _signature(h.review),
                "approval": _signature(h.approval),
            }
            for h in d.history or []
        ],
    }


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (Jan 31 + 1 month → Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:  # a release dated 9999-06-30 is due after the end of the calendar
        return dt.date.max
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class ReviewDue:
    number: str
    title: str
    version: str
    last_change: dt.date
    due: dt.date
    overdue_days: int
    stem: str

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "version": self.version,
                "last_change": self.last_change.isoformat(), "due": self.due.isoformat(),
                "overdue_days": self.overdue_days, "file": self.stem}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReviewDueList:
    due: list[ReviewDue]
    language: str


def review_due_list(root: Path, as_of: dt.date, months: int = 12) -> ReviewDueList:
    """`qes review-due` on the manual at `root`."""
    manual = load_valid_manual(root)
    return ReviewDueList(review_due(manual, as_of, months), manual.meta.language)


def review_due(manual: Manual, as_of: dt.date, months: int = 12) -> list[ReviewDue]:
    """Versioned documents whose last revision is `months` or more before `as_of`, oldest first.

    Sections and N/A documents are not versioned, so they are reviewed with their parent or
    not at all. A document is due on the day its review period ends.
    """
    out = []
    for entry in manual.documents:
        d = entry.doc
        last = d.last_change
        if not d.is_versioned or last is None:
            continue
        due = add_months(last, months)
        if due <= as_of:
            out.append(
                ReviewDue(
                    d.number or "",
                    d.title,
                    d.version or "",
                    last,
                    due,
                    (as_of - due).days,
                    entry.stem,
                )
            )
    out.sort(key=lambda r: (r.last_change, r.number))
    return out
