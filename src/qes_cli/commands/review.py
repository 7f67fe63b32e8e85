"""`qes review DOC [--reject --reason TEXT]`: the reviewer (审核) signs the open draft — the
hash of the body they saw — or sends it back for rework (SPEC §5 step 2). One commit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.commands.bump import refuse_invalid
from qes_cli.commands.control import edited, load_context, now, signature_map
from qes_cli.errors import UsageError
from qes_cli.model.control import Signature
from qes_cli.rules.control import acting_person, sign
from qes_cli.rules.text import option_text
from qes_cli.store.transaction import Checkpoint, apply_changes, writing
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class ReviewResult:
    number: str
    version: str
    signature: Signature
    rejected: bool
    commit: str | None


def review(
    root: Path,
    ref: str,
    *,
    reject: bool = False,
    reason: str | None = None,
    checkpoint: Checkpoint | None = None,
) -> ReviewResult:
    """Sign (or reject) the draft of `ref` as the person git says is acting."""
    if reject and reason is None:
        raise UsageError(tr("--reject needs --reason: say what must be reworked"))
    why = option_text(reason, "--reason") if reason is not None else None
    with writing(root):
        ctx = load_context(root, ref)
        draft = ctx.draft
        refuse_invalid(ctx.manual)
        role = ctx.manual.meta.reviewer
        person = acting_person(ctx.people, ctx.email, role, act="review")
        sig = sign(person, role, ctx.body, now(), reason=why)
        number = ctx.entry.label
        what = draft.version or "retirement"

        def mutate(data: Any) -> None:
            block = data["draft"]
            if reject:
                if "rejections" not in block:
                    block["rejections"] = []
                block["rejections"].append(signature_map(sig))
                if "review" in block:
                    del block["review"]
            else:
                block["review"] = signature_map(sig)

        data, _ = edited(ctx, mutate)
        verb = "rejected" if reject else "reviewed"
        message = f"{number} {what} {verb} by {person.name} ({role})" + (
            f": {why}\n" if why else "\n"
        )
        done = apply_changes(
            root, {ctx.entry.path: data}, message=message, tag=None, own={ctx.entry.path},
            checkpoint=checkpoint, based_on={ctx.entry.path: ctx.file.raw},
        )  # fmt: skip
        return ReviewResult(number, what, sig, reject, done.commit)
