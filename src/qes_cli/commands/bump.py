"""`qes bump`: write a new version of one document, regenerate toc.md, commit and tag — all or
nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import UsageError
from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.naming import release_message, tag_name
from qes_cli.render import render_toc
from qes_cli.rules.bump import BumpPlan, plan_bump
from qes_cli.rules.lookup import resolve_document
from qes_cli.rules.toc import toc_diff
from qes_cli.store.frontmatter import edit_front_matter, flow_map
from qes_cli.store.loader import load_valid_manual, validate_text
from qes_cli.store.transaction import Checkpoint, apply_changes
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class BumpRequest:
    ref: str
    reason: str
    minor: bool = False
    major: bool = False
    processes: int | None = None
    date: dt.date | None = None
    dry_run: bool = False
    commit: bool = True
    allow_dirty: bool = False
    force: bool = False


@dataclass(frozen=True, slots=True)
class BumpResult:
    number: str
    plan: BumpPlan
    date: dt.date
    files: list[Path]
    diff: str
    commit: str | None = None
    tag: str | None = None


def replace_document(manual: Manual, old: DocumentFile, doc: Document) -> Manual:
    docs = [dataclasses.replace(e, doc=doc) if e is old else e for e in manual.documents]
    return dataclasses.replace(manual, documents=docs)


def bump(
    root: Path, request: BumpRequest, *, today: dt.date, checkpoint: Checkpoint | None = None
) -> BumpResult:
    """Plan, write, commit and tag one release; on any failure restore files and git exactly."""
    if not request.reason.strip():
        raise UsageError(tr("--reason must say why the document changes"))
    manual = load_valid_manual(root)
    entry = resolve_document(manual, request.ref)
    doc = entry.doc
    plan = plan_bump(
        doc,
        minor=request.minor,
        major=request.major,
        processes=request.processes,
        force=request.force,
    )
    date = request.date or today
    assert doc.number is not None
    last = doc.last_change
    if last is not None and date < last:
        raise UsageError(
            tr(
                "--date {date} is before {number}'s last change {last}: dates cannot go backwards",
                date=str(date),
                number=doc.number,
                last=str(last),
            )
        )

    history_item: dict[str, Any] = {
        "version": str(plan.new),
        "date": date,
        "kind": plan.kind,
        "reason": request.reason.strip(),
    }
    if plan.processes is not None:
        history_item["processes"] = plan.processes
    history_item |= {
        "reviewed_by": manual.meta.reviewer,
        "approved_by": manual.meta.approver,
        "meeting": plan.meeting,
    }

    def mutate(data: Any) -> None:
        data["version"] = str(plan.new)
        data["effective"] = date
        data["history"].append(flow_map(history_item))

    old_text = entry.path.read_text(encoding="utf-8")
    new_text = edit_front_matter(old_text, mutate, file=entry.rel)

    new_doc = doc.model_copy(
        update={
            "version": str(plan.new),
            "effective": date,
            "history": [*(doc.history or []), *_history_model(history_item)],
        }
    )
    new_manual = replace_document(manual, entry, new_doc)
    toc_path = manual.toc_path
    old_toc = toc_path.read_text(encoding="utf-8") if toc_path.exists() else None
    new_toc = render_toc(new_manual)
    diff = toc_diff(old_text, new_text, name=_rel(root, entry.path)) + toc_diff(
        old_toc, new_toc, name=_rel(root, toc_path)
    )
    files = [entry.path, toc_path]
    tag = tag_name(doc.number, str(plan.new))
    result = BumpResult(doc.number, plan, date, files, diff)
    if request.dry_run:
        return result

    validate_text(new_text, file=entry.rel)
    message = release_message(
        doc.number,
        doc.title,
        old=plan.old,
        new=plan.new,
        kind=plan.kind,
        reason=request.reason.strip(),
        processes=plan.processes,
        reviewer=manual.meta.reviewer,
        approver=manual.meta.approver,
        meeting=plan.meeting,
    )
    done = apply_changes(
        root,
        {entry.path: new_text, toc_path: new_toc},
        message=message,
        tag=tag,
        commit=request.commit,
        allow_dirty=request.allow_dirty,
        checkpoint=checkpoint,
        based_on={entry.path: old_text, toc_path: old_toc},
    )
    return dataclasses.replace(result, commit=done.commit, tag=done.tag)


def _history_model(item: dict[str, Any]) -> list[Any]:
    from qes_cli.model.document import HistoryEntry

    return [HistoryEntry.model_validate(item)]


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return path.name
