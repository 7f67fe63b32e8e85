"""`qes bump`: write a new version of one document, regenerate toc.md, commit and tag — all or
nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import ControlError, InputError, MultiInputError, UsageError
from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.naming import draft_message, release_message, tag_name
from qes_cli.render import render_toc
from qes_cli.rules.bump import BumpPlan, plan_bump
from qes_cli.rules.checks import check_documents
from qes_cli.rules.lookup import resolve_document
from qes_cli.rules.text import option_text
from qes_cli.rules.toc import toc_diff
from qes_cli.store.frontmatter import edit_front_matter, flow_map
from qes_cli.store.journal import refuse_if_pending
from qes_cli.store.loader import (
    check_writable,
    load_valid_manual,
    load_valid_people,
    validate_text,
)
from qes_cli.store.textfile import read_text_file
from qes_cli.store.transaction import (
    Checkpoint,
    apply_changes,
    preflight,
    read_bytes,
    writing,
)
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
    draft: bool = False  # approval required: a draft was opened, nothing released yet


def replace_document(manual: Manual, old: DocumentFile, doc: Document) -> Manual:
    docs = [dataclasses.replace(e, doc=doc) if e is old else e for e in manual.documents]
    return dataclasses.replace(manual, documents=docs)


def bump(
    root: Path, request: BumpRequest, *, today: dt.date, checkpoint: Checkpoint | None = None
) -> BumpResult:
    """Plan, write, commit and tag one release under the manual's lock — all or nothing."""
    reason = option_text(request.reason, "--reason")
    if request.dry_run:
        refuse_if_pending(root)
        return _bump(root, request, reason, today=today, checkpoint=None)
    with writing(root):
        return _bump(root, request, reason, today=today, checkpoint=checkpoint)


def _bump(
    root: Path,
    request: BumpRequest,
    reason: str,
    *,
    today: dt.date,
    checkpoint: Checkpoint | None,
) -> BumpResult:
    manual = load_valid_manual(root)
    entry = manual_or_document(manual, request.ref)
    doc = entry.doc
    plan = plan_bump(
        doc,
        minor=request.minor,
        major=request.major,
        processes=request.processes,
        force=request.force,
    )
    refuse_invalid(manual)
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
    if manual.meta.approval == "required":
        return _open_draft(root, manual, entry, plan, request, reason, date, checkpoint)
    if is_manual(entry):
        return _release_manual(root, manual, entry, plan, request, reason, date, checkpoint)
    tag = tag_name(doc.number, str(plan.new))
    if request.commit:
        preflight(root, [entry.path, manual.toc_path], tag=tag, allow_dirty=request.allow_dirty,
                  own={entry.path})  # fmt: skip

    history_item: dict[str, Any] = {
        "version": str(plan.new),
        "date": date,
        "kind": plan.kind,
        "reason": yaml_text(reason),
    }
    if plan.processes is not None:
        history_item["processes"] = plan.processes
    history_item |= {
        "reviewed_by": yaml_text(manual.meta.reviewer),
        "approved_by": yaml_text(manual.meta.approver),
        "meeting": plan.meeting,
    }

    def mutate(data: Any) -> None:
        data["version"] = str(plan.new)
        data["effective"] = date
        data["history"].append(flow_map(history_item))

    old = read_text_file(entry.path, file=entry.rel)
    new_text = edit_front_matter(old.text, mutate, file=entry.rel)
    new_bytes = old.encode(new_text)
    check_writable(new_bytes, file=entry.rel)
    new_doc = validate_text(new_text, file=entry.rel)
    new_manual = replace_document(manual, entry, new_doc)
    toc_path = manual.toc_path
    old_toc = read_bytes(toc_path)
    new_toc = render_toc(new_manual).encode("utf-8")
    diff = toc_diff(old.text, new_text, name=_rel(root, entry.path)) + toc_diff(
        None if old_toc is None else old_toc.decode("utf-8", "replace"),
        new_toc.decode("utf-8"),
        name=_rel(root, toc_path),
    )
    files = [entry.path, toc_path]
    result = BumpResult(doc.number, plan, date, files, diff)
    if request.dry_run:
        return result

    message = release_message(
        doc.number,
        doc.title,
        old=plan.old,
        new=plan.new,
        kind=plan.kind,
        reason=reason,
        processes=plan.processes,
        reviewer=manual.meta.reviewer,
        approver=manual.meta.approver,
        meeting=plan.meeting,
    )
    done = apply_changes(
        root,
        {entry.path: new_bytes, toc_path: new_toc},
        message=message,
        tag=tag,
        commit=request.commit,
        allow_dirty=request.allow_dirty,
        own={entry.path},
        checkpoint=checkpoint,
        based_on={entry.path: old.raw, toc_path: old_toc},
    )
    return dataclasses.replace(result, commit=done.commit, tag=done.tag)


def _open_draft(
    root: Path,
    manual: Manual,
    entry: DocumentFile,
    plan: BumpPlan,
    request: BumpRequest,
    reason: str,
    date: dt.date,
    checkpoint: Checkpoint | None,
) -> BumpResult:
    """With `approval: required`, bump opens a draft of the next version (SPEC §5 step 1): the
    front matter gains a `draft:` block, the version in force stays, one commit, no tag."""
    from ruamel.yaml.comments import CommentedMap

    doc = entry.doc
    assert doc.number is not None
    if doc.draft is not None:
        raise ControlError(
            tr(
                "{number} already has an open draft ({what}, {state}): approve it, or reject it "
                "and rework it, before opening another",
                number=doc.number,
                what=doc.draft.version or "retirement",
                state=doc.draft.state,
            )
        )
    if request.commit:
        preflight(root, [entry.path], tag=None, allow_dirty=request.allow_dirty, own={entry.path})
    from qes_cli.gitrepo import GitRepo

    email = GitRepo(root).author_email() if request.commit else None
    people = load_valid_people(root)
    opener = people.by_email(email) if people is not None and email else None
    block = CommentedMap()
    block["version"] = str(plan.new)
    block["kind"] = plan.kind
    block["date"] = date
    block["reason"] = yaml_text(reason)
    if plan.processes is not None:
        block["processes"] = plan.processes
    block["meeting"] = plan.meeting
    block["opened_by"] = yaml_text(opener.name if opener else (email or "unknown"))

    def mutate(data: Any) -> None:
        data["draft"] = block

    old = read_text_file(entry.path, file=entry.rel)
    new_text = edit_entry(entry, old.text, mutate)
    new_bytes = old.encode(new_text)
    check_writable(new_bytes, file=entry.rel)
    validate_entry(entry, new_text)
    diff = toc_diff(old.text, new_text, name=_rel(root, entry.path))
    result = BumpResult(doc.number, plan, date, [entry.path], diff, draft=True)
    if request.dry_run:
        return result
    message = draft_message(doc.number, doc.title, old=plan.old, new=plan.new, kind=plan.kind,
                            reason=reason)  # fmt: skip
    done = apply_changes(
        root, {entry.path: new_bytes}, message=message, tag=None, commit=request.commit,
        allow_dirty=request.allow_dirty, own={entry.path}, checkpoint=checkpoint,
        based_on={entry.path: old.raw},
    )  # fmt: skip
    return dataclasses.replace(result, commit=done.commit)


def manual_or_document(manual: Manual, ref: str) -> DocumentFile:
    """DOC may name the manual itself (its own number, QES-015): it is versioned too."""
    from qes_cli.model.manual import manual_entry
    from qes_cli.model.numbers import parse_doc_ref

    own = parse_doc_ref(manual.meta.number, manual.meta.prefix)
    if own is not None and parse_doc_ref(ref.strip(), manual.meta.prefix) == own:
        return manual_entry(manual)
    return resolve_document(manual, ref)


def is_manual(entry: DocumentFile) -> bool:
    return entry.path.name == "manual.yaml"


def edit_entry(entry: DocumentFile, text: str, mutate: Callable[[Any], None]) -> str:
    """A document's front matter, or manual.yaml as a whole, edited byte for byte."""
    from qes_cli.store.frontmatter import edit_yaml_text

    if is_manual(entry):
        return edit_yaml_text(text, mutate, file=entry.rel)
    return edit_front_matter(text, mutate, file=entry.rel)


def validate_entry(entry: DocumentFile, text: str) -> None:
    """The edited text must read back valid: as a document, or as manual.yaml."""
    if not is_manual(entry):
        validate_text(text, file=entry.rel)
        return
    from qes_cli.model.manual import ManualMeta
    from qes_cli.rules.validation import validate
    from qes_cli.store.yamlread import load_yaml

    data, lines = load_yaml(text, file=entry.rel)
    meta, findings = validate(ManualMeta, data, entry.rel, lines)
    if meta is None:
        raise MultiInputError(
            tr("the document would be invalid"),
            [InputError(f.message, file=f.file, line=f.line) for f in findings],
        )


def manual_history(entry: DocumentFile, item: dict[str, Any]) -> Callable[[Any], None]:
    """Append `item` to manual.yaml's history, writing the first (initial) entry too when the
    manual had none (it was released before qes kept one)."""
    first = (entry.doc.history or [])[0]

    def mutate(data: Any) -> None:
        if "history" not in data or data["history"] is None:
            data["history"] = [flow_map({
                "version": first.version, "date": first.date, "kind": "initial",
                "reason": yaml_text(first.reason), "reviewed_by": yaml_text(first.reviewed_by),
                "approved_by": yaml_text(first.approved_by)})]  # fmt: skip
        data["history"].append(flow_map(item))

    return mutate


def _release_manual(
    root: Path,
    manual: Manual,
    entry: DocumentFile,
    plan: BumpPlan,
    request: BumpRequest,
    reason: str,
    date: dt.date,
    checkpoint: Checkpoint | None,
) -> BumpResult:
    """A new version of the manual itself (approval none): manual.yaml's version, effective
    date and history; one commit, one tag NUMBER/VERSION."""
    doc = entry.doc
    assert doc.number is not None
    tag = tag_name(doc.number, str(plan.new))
    if request.commit:
        preflight(root, [entry.path], tag=tag, allow_dirty=request.allow_dirty, own={entry.path})
    item: dict[str, Any] = {"version": str(plan.new), "date": date, "kind": plan.kind,
                            "reason": yaml_text(reason)}  # fmt: skip
    if plan.processes is not None:
        item["processes"] = plan.processes
    item |= {"reviewed_by": yaml_text(manual.meta.reviewer),
             "approved_by": yaml_text(manual.meta.approver), "meeting": plan.meeting}  # fmt: skip
    append = manual_history(entry, item)

    def mutate(data: Any) -> None:
        data["version"] = str(plan.new)
        data["effective"] = date
        append(data)

    old = read_text_file(entry.path, file=entry.rel)
    new_text = edit_entry(entry, old.text, mutate)
    new_bytes = old.encode(new_text)
    check_writable(new_bytes, file=entry.rel)
    validate_entry(entry, new_text)
    diff = toc_diff(old.text, new_text, name=_rel(root, entry.path))
    result = BumpResult(doc.number, plan, date, [entry.path], diff)
    if request.dry_run:
        return result
    message = release_message(
        doc.number, doc.title, old=plan.old, new=plan.new, kind=plan.kind, reason=reason,
        processes=plan.processes, reviewer=manual.meta.reviewer, approver=manual.meta.approver,
        meeting=plan.meeting,
    )  # fmt: skip
    done = apply_changes(
        root, {entry.path: new_bytes}, message=message, tag=tag, commit=request.commit,
        allow_dirty=request.allow_dirty, own={entry.path}, checkpoint=checkpoint,
        based_on={entry.path: old.raw},
    )  # fmt: skip
    return dataclasses.replace(result, commit=done.commit, tag=done.tag)


def yaml_text(value: str) -> Any:
    """A string ruamel would write plain but YAML 1.1 would read as something else (`yes`,
    `off`, `12:30`, `1e3`) is written double-quoted, so it reads back as the same text."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from qes_cli.render import yaml_scalar

    return value if yaml_scalar(value) == value else DoubleQuotedScalarString(value)


def refuse_invalid(manual: Manual) -> None:
    """A release is made only from a manual `qes check` accepts (a version ahead of its
    history, two documents with one serial … would otherwise be released as they are)."""
    findings = check_documents(manual)
    if findings:
        raise MultiInputError(
            tr("the manual has problems `qes check` reports: fix them before releasing"),
            [InputError(tr("{code} {message}", code=f.code, message=f.message), file=f.file,
                        line=f.line) for f in findings],
        )  # fmt: skip


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return path.name


@dataclass(frozen=True, slots=True)
class BulkResult:
    """`bump --all`: every versioned document in one commit (one tag each, or drafts)."""

    results: list[BumpResult]
    draft: bool
    commit: str | None
    diff: str


def bump_all(
    root: Path, request: BumpRequest, *, today: dt.date, checkpoint: Checkpoint | None = None
) -> BulkResult:
    """The annual review (SPEC §8): open — or, without approval, release — the next version of
    every versioned document at once: one commit, one tag per document."""
    reason = option_text(request.reason, "--reason")
    if request.dry_run:
        refuse_if_pending(root)
        return _bump_all(root, request, reason, today=today, checkpoint=None)
    with writing(root):
        return _bump_all(root, request, reason, today=today, checkpoint=checkpoint)


def _bump_all(
    root: Path, request: BumpRequest, reason: str, *, today: dt.date, checkpoint: Checkpoint | None
) -> BulkResult:
    from ruamel.yaml.comments import CommentedMap

    manual = load_valid_manual(root)
    refuse_invalid(manual)
    date = request.date or today
    required = manual.meta.approval == "required"
    entries = [e for e in manual.documents if e.doc.is_versioned and e.doc.code is not None]
    if not entries:
        raise UsageError(tr("no versioned document to review"))
    busy = [e.doc.number or e.stem for e in entries if e.doc.draft is not None]
    if required and busy:
        raise ControlError(
            tr("documents with an open draft: {docs} — approve or withdraw them first",
               docs=", ".join(busy))
        )  # fmt: skip
    changes: dict[Path, bytes | None] = {}
    based: dict[Path, bytes | None] = {}
    results: list[BumpResult] = []
    tags: dict[str, str] = {}
    docs = list(manual.documents)
    diff = ""
    for entry in entries:
        doc = entry.doc
        assert doc.number is not None
        plan = plan_bump(doc, minor=request.minor, major=request.major,
                         processes=request.processes, force=request.force)  # fmt: skip
        last = doc.last_change
        if last is not None and date < last:
            raise UsageError(
                tr("--date {date} is before {number}'s last change {last}: dates cannot go "
                   "backwards", date=str(date), number=doc.number, last=str(last))
            )  # fmt: skip
        old = read_text_file(entry.path, file=entry.rel)
        if required:
            block = CommentedMap()
            block["version"] = str(plan.new)
            block["kind"] = plan.kind
            block["date"] = date
            block["reason"] = yaml_text(reason)
            if plan.processes is not None:
                block["processes"] = plan.processes
            block["meeting"] = plan.meeting

            mutate = _setter({"draft": block})
        else:
            item: dict[str, Any] = {"version": str(plan.new), "date": date, "kind": plan.kind,
                                    "reason": yaml_text(reason)}  # fmt: skip
            if plan.processes is not None:
                item["processes"] = plan.processes
            item |= {"reviewed_by": yaml_text(manual.meta.reviewer),
                     "approved_by": yaml_text(manual.meta.approver), "meeting": plan.meeting}  # fmt: skip

            mutate = _setter({"version": str(plan.new), "effective": date}, append=flow_map(item))

            tag = tag_name(doc.number, str(plan.new))
            tags[tag] = release_message(
                doc.number, doc.title, old=plan.old, new=plan.new, kind=plan.kind, reason=reason,
                processes=plan.processes, reviewer=manual.meta.reviewer,
                approver=manual.meta.approver, meeting=plan.meeting,
            )  # fmt: skip
        new_text = edit_front_matter(old.text, mutate, file=entry.rel)
        data = old.encode(new_text)
        check_writable(data, file=entry.rel)
        new_doc = validate_text(new_text, file=entry.rel)
        docs = [dataclasses.replace(e, doc=new_doc) if e.path == entry.path else e for e in docs]
        changes[entry.path] = data
        based[entry.path] = old.raw
        diff += toc_diff(old.text, new_text, name=_rel(root, entry.path))
        results.append(BumpResult(doc.number, plan, date, [entry.path], "", draft=required))
    if not required:
        toc = render_toc(dataclasses.replace(manual, documents=docs)).encode("utf-8")
        old_toc = read_bytes(manual.toc_path)
        changes[manual.toc_path] = toc
        based[manual.toc_path] = old_toc
        diff += toc_diff(None if old_toc is None else old_toc.decode("utf-8", "replace"),
                         toc.decode("utf-8"), name=_rel(root, manual.toc_path))  # fmt: skip
    if request.dry_run:
        return BulkResult(results, required, None, diff)
    what = "drafts opened" if required else "released"
    message = f"Annual review, {len(results)} documents {what}: {reason}\n\n" + "".join(
        f"{r.number} {r.plan.old} → {r.plan.new}\n" for r in results
    )
    done = apply_changes(
        root, changes, message=message, tag=None, commit=request.commit,
        allow_dirty=request.allow_dirty, own=set(changes), checkpoint=checkpoint, based_on=based,
        more_tags=tags,
    )  # fmt: skip
    return BulkResult(results, required, done.commit, diff)


def _setter(values: dict[str, Any], *, append: Any = None) -> Callable[[Any], None]:
    """A front-matter edit: set `values`, and append `append` to the history when given."""

    def mutate(data: Any) -> None:
        for key, value in values.items():
            data[key] = value
        if append is not None:
            data["history"].append(append)

    return mutate
