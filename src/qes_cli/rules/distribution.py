"""Distribution and learning (SPEC §6; seed: 更新内容全员通知，区域组织学习), pure.

The change notice lists what came into force (and what was retired) since a day; the training
status lists, per region, the versions in force its quality manager has not yet acknowledged.
Learning is owed for versions that came into force on or after `controlled_since` (earlier
ones were learned before qes kept records); with no `controlled_since`, for every version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.people import QUALITY_MANAGER, People
from qes_cli.model.records import DocumentRecords
from qes_cli.model.versions import VersionCode


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the notice: a version that came into force, or a retirement."""

    date: dt.date
    number: str
    title: str
    action: str  # new / minor / major / retired
    old: str | None
    new: str | None
    reason: str
    processes: int | None
    meeting: str | None
    reviewer: str
    approver: str

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(), "number": self.number, "title": self.title,
            "action": self.action, "old": self.old, "old_vform": _vform(self.old),
            "new": self.new, "new_vform": _vform(self.new), "reason": self.reason,
            "processes": self.processes, "meeting": self.meeting,
            "reviewed_by": self.reviewer, "approved_by": self.approver,
        }  # fmt: skip


def _vform(code: str | None) -> str | None:
    return None if code is None else VersionCode.parse(code).vform


def changes_since(
    manual: Manual, since: dt.date | None, *, until: dt.date | None = None
) -> list[Change]:
    """Oldest first: versions whose history date is on/after `since` (all when None) and not
    after `until`, and retirements likewise."""
    out: list[Change] = []

    def wanted(day: dt.date) -> bool:
        return (since is None or day >= since) and (until is None or day <= until)

    for entry in [*manual.documents, *manual.retired]:
        d = entry.doc
        number = entry.label
        history = d.history or []
        for i, h in enumerate(history):
            if not wanted(h.date):
                continue
            out.append(Change(
                h.date, number, d.title, "new" if h.kind == "initial" else h.kind,
                history[i - 1].version if i else None, h.version, h.reason, h.processes,
                h.meeting, h.reviewed_by, h.approved_by,
            ))  # fmt: skip
        r = d.retired
        if r is not None and wanted(r.date):
            out.append(Change(
                r.date, number, d.title, "retired", r.version, None, r.reason, None, None,
                r.review.name if r.review else manual.meta.reviewer,
                r.approval.name if r.approval else manual.meta.approver,
            ))  # fmt: skip
    out.sort(key=lambda c: (c.date, c.number))
    return out


def regions(people: People | None) -> dict[str, list[str]]:
    """Region → its quality managers' e-mails (a region may have several)."""
    out: dict[str, list[str]] = {}
    for p in people.people if people else []:
        if p.holds(QUALITY_MANAGER) and p.region:
            out.setdefault(p.region, []).append(p.email)
    return out


@dataclass(frozen=True, slots=True)
class Outstanding:
    region: str
    number: str
    title: str
    version: str
    effective: dt.date
    days: int

    def to_json(self) -> dict[str, Any]:
        return {"region": self.region, "number": self.number, "title": self.title,
                "version": self.version, "vform": _vform(self.version),
                "effective": self.effective.isoformat(), "days": self.days}  # fmt: skip


def owed(manual: Manual, entry: DocumentFile, today: dt.date) -> bool:
    """Whether the version in force of `entry` is one regions must learn (and acknowledge)."""
    d = entry.doc
    if not d.is_versioned or d.version is None or d.effective is None or d.status == "obsolete":
        return False
    if d.effective > today:
        return False  # not in force yet
    since = manual.meta.controlled_since
    return since is None or d.effective >= since


def outstanding(
    manual: Manual,
    people: People | None,
    records: dict[str, DocumentRecords],
    today: dt.date,
    *,
    region: str | None = None,
    number: str | None = None,
) -> list[Outstanding]:
    """Per region, the versions in force not yet learned, oldest first."""
    out: list[Outstanding] = []
    for reg in sorted(regions(people)):
        if region is not None and reg != region:
            continue
        for entry in manual.documents:
            d = entry.doc
            if number is not None and d.number != number:
                continue
            if not owed(manual, entry, today):
                continue
            assert d.number is not None and d.version is not None and d.effective is not None
            rec = records.get(d.number)
            if rec is not None and rec.learned(d.version, reg) is not None:
                continue
            out.append(Outstanding(reg, d.number, d.title, d.version, d.effective,
                                   (today - d.effective).days))  # fmt: skip
    out.sort(key=lambda o: (o.region, o.effective, o.number))
    return out


def learned_by(records: DocumentRecords | None, version: str) -> dict[str, dt.date]:
    """Region → the day it learned `version` (for the document's site page)."""
    if records is None:
        return {}
    return {a.region: a.date for a in records.acknowledgements if a.version == version}
