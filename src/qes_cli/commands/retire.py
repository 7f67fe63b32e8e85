"""`qes retire DOC --reason TEXT`: open the retirement (作废) of a document. With approval
required it is reviewed and approved like a version (`qes review`, `qes approve`); without, it
takes effect at once. Either way the document then leaves the table of contents (later seq
close up), its file moves to `manual/retired/` with its history, and its number is never given
again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.commands.control import Context, edited, load_context
from qes_cli.errors import ControlError
from qes_cli.model.numbers import parse_doc_ref
from qes_cli.rules.text import option_text
from qes_cli.store.transaction import Checkpoint, apply_changes, writing
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class RetireResult:
    number: str
    draft: bool  # approval required: opened for review
    commit: str | None
    tag: str | None


def retire(
    root: Path,
    ref: str,
    *,
    reason: str,
    today: dt.date,
    date: dt.date | None = None,
    checkpoint: Checkpoint | None = None,
) -> RetireResult:
    why = option_text(reason, "--reason")
    with writing(root):
        ctx = load_context(root, ref)
        doc = ctx.entry.doc
        number = ctx.entry.label
        if doc.draft is not None:
            raise ControlError(
                tr(
                    "{number} already has an open draft ({what}, {state}): approve it, or reject "
                    "it and rework it, before opening another",
                    number=number,
                    what=doc.draft.version or "retirement",
                    state=doc.draft.state,
                )
            )
        serial = parse_doc_ref(doc.number or "", ctx.manual.meta.prefix)
        for e in ctx.manual.documents:
            parent = parse_doc_ref(e.doc.parent, ctx.manual.meta.prefix) if e.doc.parent else None
            if serial is not None and parent == serial:
                raise ControlError(
                    tr(
                        "{number} still has sections ({section}): retire them first "
                        "(`qes retire {stem}`), or give them another parent",
                        number=number,
                        section=e.rel,
                        stem=e.stem,
                    )
                )
        when = date or today
        if ctx.manual.meta.approval == "required":
            return _open(ctx, number, why, when, checkpoint)
        return _at_once(ctx, why, when, checkpoint)


def _open(
    ctx: Context, number: str, why: str, when: dt.date, checkpoint: Checkpoint | None
) -> RetireResult:
    from ruamel.yaml.comments import CommentedMap

    from qes_cli.commands.bump import yaml_text

    opener = ctx.people.by_email(ctx.email) if ctx.people and ctx.email else None
    block = CommentedMap()
    block["action"] = "retire"
    block["date"] = when
    block["reason"] = yaml_text(why)
    block["opened_by"] = yaml_text(opener.name if opener else (ctx.email or "unknown"))

    def mutate(data: Any) -> None:
        data["draft"] = block

    data, _ = edited(ctx, mutate)
    done = apply_changes(
        ctx.root, {ctx.entry.path: data}, message=f"{number} retirement opened: {why}\n",
        tag=None, own={ctx.entry.path}, checkpoint=checkpoint,
        based_on={ctx.entry.path: ctx.file.raw},
    )  # fmt: skip
    return RetireResult(number, True, done.commit, None)


def _at_once(ctx: Context, why: str, when: dt.date, checkpoint: Checkpoint | None) -> RetireResult:
    """approval: none — the retirement takes effect in one step, like a bump without approval."""
    import dataclasses

    from qes_cli.commands.approve import retire_now
    from qes_cli.model.control import Draft

    draft = Draft(action="retire", date=when, reason=why)
    ctx = dataclasses.replace(ctx, entry=dataclasses.replace(
        ctx.entry, doc=ctx.entry.doc.model_copy(update={"draft": draft})))  # fmt: skip
    result = retire_now(ctx, draft, None, None, when, checkpoint, open_in_file=False)
    return RetireResult(result.number, False, result.commit, result.tag)
