"""`qes approve DOC`: the approver (批准) signs the reviewed draft — this is the release (SPEC §5
step 3): the version comes into force, toc.md is regenerated, one commit and one annotated tag
`NUMBER/VERSION` (signed with git's SSH signing when `signing: required`). Approving a
retirement takes the document out of the table of contents instead."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.commands.bump import refuse_invalid
from qes_cli.commands.control import Context, edited, load_context, now, signature_map
from qes_cli.errors import ControlError, QesError
from qes_cli.model.control import Draft, Signature
from qes_cli.model.naming import RETIRED, release_message, retire_message, tag_name
from qes_cli.model.versions import VersionCode
from qes_cli.render import render_toc
from qes_cli.rules.control import (
    RULE,
    acting_person,
    body_sha256,
    check_reviewer,
    same_name,
    sign,
)
from qes_cli.store.frontmatter import edit_front_matter, flow_map
from qes_cli.store.loader import RETIRED_DIR
from qes_cli.store.transaction import Checkpoint, apply_changes, read_bytes, writing
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class ApproveResult:
    number: str
    version: str  # the version now in force, or the one retired
    retired: bool
    reviewer: Signature | None
    approver: Signature | None
    effective: str
    commit: str | None
    tag: str | None


def approve(root: Path, ref: str, *, checkpoint: Checkpoint | None = None) -> ApproveResult:
    """Release the reviewed draft of `ref` (or retire the document) as the acting approver."""
    with writing(root):
        ctx = load_context(root, ref)
        draft = ctx.draft
        review = draft.review
        number = ctx.entry.label
        what = draft.version or "retirement"
        if review is None:
            raise ControlError(
                tr(
                    "{number} {what} is not reviewed yet: `qes review {number}` comes first. "
                    "Rule: {rule}",
                    number=number,
                    what=what,
                    rule=RULE,
                )
            )
        if body_sha256(ctx.body) != review.sha256:
            raise ControlError(
                tr(
                    "{number}: the text changed after {name} reviewed it — the approver signs "
                    "exactly what the reviewer saw; review it again (`qes review {number}`)",
                    number=number,
                    name=review.name,
                )
            )
        check_reviewer(ctx.people, review, ctx.manual.meta.reviewer)
        committed_review(ctx)
        refuse_invalid(ctx.manual)
        role = ctx.manual.meta.approver
        person = acting_person(ctx.people, ctx.email, role, act="approve")
        if person.email == review.email or same_name(person.name, review.name):
            raise ControlError(
                tr(
                    "approve refused: {name} reviewed this version and may not approve it too. "
                    "Rule: {rule}",
                    name=person.name,
                    rule=RULE,
                )
            )
        sig = sign(person, role, ctx.body, now())
        today = sig.when.date()
        if draft.action == "retire":
            return retire_now(ctx, draft, review, sig, today, checkpoint)
        if draft.kind == "initial":
            return _release_new(ctx, review, sig, today, checkpoint)
        return _release(ctx, review, sig, today, checkpoint)


def committed_review(ctx: Context) -> None:
    """The review an approval relies on is the one `qes review` committed: a record written
    into the file by hand and not committed is refused."""
    from qes_cli.store.frontmatter import split_front_matter
    from qes_cli.store.yamlread import load_yaml

    text = ctx.repo.read_at("HEAD", ctx.entry.path)
    review = ctx.draft.review
    committed: object = None
    if text is not None:
        try:
            clean = text.replace("\r\n", "\n").removeprefix("\ufeff")
            if ctx.entry.path.name == "manual.yaml":
                data, _ = load_yaml(clean, file=ctx.entry.rel)
            else:
                parts = split_front_matter(clean, file=ctx.entry.rel)
                data, _ = load_yaml(parts.yaml, file=ctx.entry.rel)
            committed = ((data or {}).get("draft") or {}).get("review")
        except QesError:
            committed = None
    if not isinstance(committed, dict) or review is None or (
        committed.get("sha256"), committed.get("email"), str(committed.get("at"))
    ) != (review.sha256, review.email, review.at):  # fmt: skip
        raise ControlError(
            tr(
                "approve refused: the review record of {number} is not the one `qes review` "
                "committed (it was written or changed by hand); the reviewer reviews again",
                number=ctx.entry.label,
            )
        )


def _release(
    ctx: Context, review: Signature, sig: Signature, today: Any, checkpoint: Checkpoint | None
) -> ApproveResult:
    doc = ctx.entry.doc
    draft = ctx.draft
    assert doc.number is not None and draft.version is not None and doc.version is not None
    effective = max(draft.date, today)  # never in force before it was approved
    item: dict[str, Any] = {
        "version": draft.version,
        "date": effective,
        "kind": draft.kind or "minor",
        "reason": _text(draft.reason),
    }
    if draft.processes is not None:
        item["processes"] = draft.processes
    item |= {"reviewed_by": _text(review.name), "approved_by": _text(sig.name)}
    if draft.meeting is not None:
        item["meeting"] = draft.meeting
    item |= {"review": signature_map(review), "approval": signature_map(sig)}

    from qes_cli.commands.bump import is_manual, manual_history

    def mutate(data: Any) -> None:
        data["version"] = draft.version
        data["effective"] = effective
        if is_manual(ctx.entry):
            manual_history(ctx.entry, item)(data)
        else:
            data["reviewed_by"] = _text(review.name)
            data["approved_by"] = _text(sig.name)
            data["history"].append(flow_map(item))
        del data["draft"]

    data, text = edited(ctx, mutate)
    if is_manual(ctx.entry):
        toc = read_bytes(ctx.manual.toc_path) or b""
    else:
        from qes_cli.store.loader import validate_text

        new_doc = validate_text(text, file=ctx.entry.rel)
        docs = [
            dataclasses.replace(e, doc=new_doc) if e.path == ctx.entry.path else e
            for e in ctx.manual.documents
        ]
        toc = render_toc(dataclasses.replace(ctx.manual, documents=docs)).encode("utf-8")
    old, new = VersionCode.parse(doc.version), VersionCode.parse(draft.version)
    message = release_message(
        doc.number, doc.title, old=old, new=new, kind=draft.kind or "minor", reason=draft.reason,
        processes=draft.processes, reviewer=f"{review.name} <{review.email}> {review.at}",
        approver=f"{sig.name} <{sig.email}> {sig.at}", meeting=draft.meeting or "",
    )  # fmt: skip
    tag = tag_name(doc.number, draft.version)
    done = apply_changes(
        ctx.root, {ctx.entry.path: data, ctx.manual.toc_path: toc}, message=message, tag=tag,
        own={ctx.entry.path}, checkpoint=checkpoint, signed=ctx.manual.meta.signing == "required",
        based_on={ctx.entry.path: ctx.file.raw, ctx.manual.toc_path: read_bytes(ctx.manual.toc_path)},
    )  # fmt: skip
    return ApproveResult(doc.number, draft.version, False, review, sig, effective.isoformat(),
                         done.commit, done.tag)  # fmt: skip


def _release_new(
    ctx: Context, review: Signature, sig: Signature, today: Any, checkpoint: Checkpoint | None
) -> ApproveResult:
    """A new document's A/1, approved: it moves from drafts/ into documents/ at the end of its
    category (later seq shift), with both records on its first history entry; one commit, tag."""
    from qes_cli.commands.new import insertion_seq
    from qes_cli.store.textfile import read_text_file

    doc = ctx.entry.doc
    draft = ctx.draft
    assert doc.number is not None
    manual = ctx.manual
    effective = max(draft.date, today)
    seq = insertion_seq(manual, doc.category)

    def mutate(data: Any) -> None:
        data["seq"] = seq
        data["effective"] = effective
        data["reviewed_by"] = _text(review.name)
        data["approved_by"] = _text(sig.name)
        first = data["history"][0]
        first["date"] = effective
        first["reviewed_by"] = _text(review.name)
        first["approved_by"] = _text(sig.name)
        first["review"] = signature_map(review)
        first["approval"] = signature_map(sig)
        del data["draft"]

    data, text = edited(ctx, mutate)
    from qes_cli.store.loader import validate_text

    new_doc = validate_text(text, file=ctx.entry.rel)
    target = manual.documents_dir / ctx.entry.path.name
    if target.exists():
        raise ControlError(tr("{path} already exists", path=str(target)))
    changes: dict[Path, bytes | None] = {ctx.entry.path: None, target: data}
    based: dict[Path, bytes | None] = {ctx.entry.path: ctx.file.raw, target: None}
    docs = []
    for e in manual.documents:
        if e.doc.seq >= seq:
            f = read_text_file(e.path, file=e.rel)

            def shift(d: Any) -> None:
                d["seq"] = int(d["seq"]) + 1

            changes[e.path] = f.encode(edit_front_matter(f.text, shift, file=e.rel))
            based[e.path] = f.raw
            e = dataclasses.replace(e, doc=e.doc.model_copy(update={"seq": e.doc.seq + 1}))
        docs.append(e)
    docs.append(dataclasses.replace(ctx.entry, path=target, doc=new_doc))
    docs.sort(key=lambda e: e.doc.seq)
    changes[manual.toc_path] = render_toc(dataclasses.replace(manual, documents=docs)).encode()
    based[manual.toc_path] = read_bytes(manual.toc_path)
    from qes_cli.model.naming import new_document_message

    message = new_document_message(
        doc.number, doc.title, version=VersionCode.parse("A/1"), category=doc.category, seq=seq,
        effective=effective.isoformat(), shifted=len(changes) - 3,
        reviewer=f"{review.name} <{review.email}> {review.at}",
        approver=f"{sig.name} <{sig.email}> {sig.at}",
    )  # fmt: skip
    done = apply_changes(
        ctx.root, changes, message=message, tag=tag_name(doc.number, "A/1"), own={ctx.entry.path},
        checkpoint=checkpoint, signed=manual.meta.signing == "required", based_on=based,
    )  # fmt: skip
    return ApproveResult(doc.number, "A/1", False, review, sig, effective.isoformat(),
                         done.commit, done.tag)  # fmt: skip


def retire_now(
    ctx: Context,
    draft: Draft,
    review: Signature | None,
    sig: Signature | None,
    today: Any,
    checkpoint: Checkpoint | None,
    *,
    open_in_file: bool = True,
) -> ApproveResult:
    """The document leaves the TOC: its file moves to `retired/`, later entries' seq close up.
    Signed by `review` and `sig` when approval is required (None: `approval: none`)."""
    from ruamel.yaml.comments import CommentedMap

    from qes_cli.store.textfile import read_text_file

    doc = ctx.entry.doc
    number = ctx.entry.label
    block = CommentedMap()
    block["date"] = max(draft.date, today)
    block["reason"] = _text(draft.reason)
    if doc.version:
        block["version"] = doc.version
    if review is not None and sig is not None:
        block["review"] = signature_map(review)
        block["approval"] = signature_map(sig)

    def mutate(data: Any) -> None:
        data["status"] = "obsolete"
        data["retired"] = block
        if open_in_file:
            del data["draft"]

    data, _ = edited(ctx, mutate)
    target = ctx.manual.root / RETIRED_DIR / ctx.entry.path.name
    if target.exists():
        raise ControlError(tr("{path} already exists", path=str(target)))
    changes: dict[Path, bytes | None] = {ctx.entry.path: None, target: data}
    based: dict[Path, bytes | None] = {ctx.entry.path: ctx.file.raw, target: None}
    docs = []
    for e in ctx.manual.documents:
        if e.path == ctx.entry.path:
            continue
        if e.doc.seq > doc.seq:
            f = read_text_file(e.path, file=e.rel)

            def close_up(d: Any) -> None:
                d["seq"] = int(d["seq"]) - 1

            changes[e.path] = f.encode(edit_front_matter(f.text, close_up, file=e.rel))
            based[e.path] = f.raw
            e = dataclasses.replace(e, doc=e.doc.model_copy(update={"seq": e.doc.seq - 1}))
        docs.append(e)
    changes[ctx.manual.toc_path] = render_toc(
        dataclasses.replace(ctx.manual, documents=docs)
    ).encode()
    based[ctx.manual.toc_path] = read_bytes(ctx.manual.toc_path)
    message = retire_message(
        number, doc.title, reason=draft.reason,
        reviewer=f"{review.name} <{review.email}> {review.at}" if review else ctx.manual.meta.reviewer,
        approver=f"{sig.name} <{sig.email}> {sig.at}" if sig else ctx.manual.meta.approver,
    )  # fmt: skip
    tag = tag_name(ctx.entry.label, RETIRED)
    done = apply_changes(
        ctx.root, changes, message=message, tag=tag, own={ctx.entry.path}, checkpoint=checkpoint,
        signed=ctx.manual.meta.signing == "required", based_on=based,
    )  # fmt: skip
    return ApproveResult(number, doc.version or "", True, review, sig, str(block["date"]),
                         done.commit, done.tag)  # fmt: skip


def _text(value: str) -> Any:
    from qes_cli.commands.bump import yaml_text

    return yaml_text(value)
