"""The version policy of SPEC §2 (seed: 质量文件版本更新管理规定), pure: no files, no git."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qes_cli.errors import VersionPolicyError
from qes_cli.model.document import Document
from qes_cli.model.versions import VersionCode
from qes_cli.text import tr

MAJOR_PROCESS_THRESHOLD = 5
RULE_TEXT = tr(
    "a change to 5 or more processes' performance norms, an overall process change, or adding/"
    "removing a business process is a MAJOR version (all regional quality managers on site at "
    "headquarters); 1 to 4 processes, or the annual review, is a MINOR version (remote meeting) — "
    "质量文件版本更新管理规定：大于等于 5 个流程的履行规范变动为大版本更新，小于或等于四个流程为小版本更新"
)


@dataclass(frozen=True, slots=True)
class BumpPlan:
    old: VersionCode
    new: VersionCode
    kind: Literal["minor", "major"]
    meeting: Literal["onsite", "remote"]
    processes: int | None


def choose_kind(
    *, minor: bool, major: bool, processes: int | None, force: bool
) -> Literal["minor", "major"]:
    """minor/major from the flags; `--processes N` alone decides by the 5-process rule."""
    if minor and major:
        raise VersionPolicyError(tr("give only one of --minor and --major"))
    if processes is not None and processes < 0:
        raise VersionPolicyError(tr("--processes must be 0 (annual review) or more"))
    if major:
        return "major"
    if minor:
        if processes is not None and processes >= MAJOR_PROCESS_THRESHOLD and not force:
            raise VersionPolicyError(
                tr(
                    "--minor refused: {processes} processes changed. Rule: {rule}. "
                    "Use --major, or --force to override.",
                    processes=processes,
                    rule=RULE_TEXT,
                )
            )
        return "minor"
    if processes is None:
        raise VersionPolicyError(tr("say what changed: --minor, --major or --processes N"))
    return "major" if processes >= MAJOR_PROCESS_THRESHOLD else "minor"


def plan_bump(
    doc: Document,
    *,
    minor: bool = False,
    major: bool = False,
    processes: int | None = None,
    force: bool = False,
) -> BumpPlan:
    """Next version of `doc`; refuses sections and N/A documents, which are not versioned."""
    if doc.is_section:
        raise VersionPolicyError(
            tr(
                "{title!r} is a section of {parent}: it is not versioned; bump its parent",
                title=doc.title,
                parent=doc.parent,
            )
        )
    if doc.is_not_applicable or doc.code is None:
        raise VersionPolicyError(
            tr(
                "{title!r} is numbered N/A and has version '/': it is not versioned",
                title=doc.title,
            )
        )
    kind = choose_kind(minor=minor, major=major, processes=processes, force=force)
    old = doc.code
    new = old.next_major() if kind == "major" else old.next_minor()
    return BumpPlan(old, new, kind, "onsite" if kind == "major" else "remote", processes)
