"""Who may sign what (SPEC §5), the state of a document, and the integrity findings of check.

Pure: the caller reads people.yaml, the bodies and the texts at release tags; this judges.
The seed's rule: every new version is reviewed by the 服务中心总经理助理 and approved by the
服务中心总经理 (审核人 / 审批人), and the reviewer and the approver are two people.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal

from qes_cli.errors import ControlError
from qes_cli.model.control import Signature
from qes_cli.model.document import Document, HistoryEntry
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.people import People, Person
from qes_cli.rules.findings import Finding
from qes_cli.text import tr

State = Literal["draft", "reviewed", "approved", "effective", "obsolete"]

RULE = tr(
    "every new version is reviewed by the reviewer and approved by the approver of manual.yaml, "
    "two different people — 版本命名规则：审核人：服务中心总经理助理，审批人：服务中心总经理"
)


def body_sha256(body: str) -> str:
    """The hash a signature records: of the Markdown body, UTF-8, line ends as LF (a CRLF
    checkout of the same text signs the same)."""
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def acting_person(people: People | None, email: str | None, role: str, *, act: str) -> Person:
    """The person git says is acting, if people.yaml lets them `act` in `role`; else refused."""
    if people is None:
        raise ControlError(
            tr("{act} needs manual/people.yaml: who may review and approve", act=act)
        )
    if not email:
        raise ControlError(
            tr(
                "{act}: git has no author e-mail (set user.email or GIT_AUTHOR_EMAIL) to match "
                "in people.yaml",
                act=act,
            )
        )
    person = people.by_email(email)
    if person is None:
        raise ControlError(
            tr(
                "{act} refused: {email} is not in people.yaml. Rule: {rule}",
                act=act,
                email=email,
                rule=RULE,
            )
        )
    if not person.holds(role):
        raise ControlError(
            tr(
                "{act} refused: {name} ({email}) does not hold the role {role} in people.yaml. "
                "Rule: {rule}",
                act=act,
                name=person.name,
                email=person.email,
                role=role,
                rule=RULE,
            )
        )
    return person


def same_name(a: str, b: str) -> bool:
    """Two records name one person when their names match, spaces and case aside."""
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def sign(
    person: Person, role: str, body: str, at: dt.datetime, reason: str | None = None
) -> Signature:
    return Signature(
        name=person.name,
        email=person.email,
        role=role,
        at=at.isoformat(timespec="seconds"),
        sha256=body_sha256(body),
        reason=reason,
    )


def state(doc: Document, today: dt.date) -> State:
    """The state a register shows: the open draft's, else the version in force's."""
    if doc.status == "obsolete":
        return "obsolete"
    if doc.draft is not None:
        return doc.draft.state
    if doc.effective is not None and doc.effective > today:
        return "approved"
    return "effective"


def check_reviewer(people: People | None, review: Signature, role: str) -> None:
    """A review record an approver relies on must be by someone people.yaml gives the role."""
    person = people.by_email(review.email) if people is not None else None
    if person is None or not same_name(person.name, review.name) or not person.holds(role):
        raise ControlError(
            tr(
                "approve refused: the review record names {name} ({email}), who does not hold "
                "the role {role} in people.yaml. Rule: {rule}",
                name=review.name,
                email=review.email,
                role=role,
                rule=RULE,
            )
        )


def in_force_state(doc: Document, today: dt.date) -> State:
    """The state of the version in force itself (待生效 or 现行), whatever draft is open."""
    if doc.status == "obsolete":
        return "obsolete"
    if doc.effective is not None and doc.effective > today:
        return "approved"
    return "effective"


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the caller read for one document: its body now, and the body at each release tag
    (version → body, only for versions that have a tag)."""

    body: str
    tagged: dict[str, str]
    tags: set[str] | None = None  # versions that have a release tag; None: git not available


def control_findings(
    manual: Manual, people: People | None, evidence: dict[str, Evidence]
) -> list[Finding]:
    """QES160–QES164 for every document (QES165 is people.yaml's own validation)."""
    meta = manual.meta
    if meta.approval != "required":
        return []
    out: list[Finding] = []
    for entry in manual.documents:
        d = entry.doc
        if not d.is_versioned or not d.history:
            continue
        ev = evidence.get(entry.rel)
        out += _signed_versions(manual, entry, people)
        if ev is None:
            continue
        last = d.history[-1]
        approved = last.approval
        if d.draft is None and approved is not None and body_sha256(ev.body) != approved.sha256:
            out.append(_f(entry, "QES160", tr(
                "the body differs from the text approved for {version} and no draft is "
                "open: a change made outside review and approval (open one with `qes bump`)",
                version=last.version), "history", len(d.history) - 1))  # fmt: skip
        since = meta.controlled_since
        for i, h in enumerate(d.history):
            signed = h.review is not None or h.approval is not None
            if signed and ev.tags is not None and h.version not in ev.tags and (
                since is None or h.date >= since
            ):  # fmt: skip
                out.append(_f(entry, "QES164", tr(
                    "{version} carries review and approval records but has no release tag "
                    "{number}/{version}: it was not released by `qes approve`",
                    version=h.version, number=d.number or entry.stem), "history", i))  # fmt: skip
                continue
            tagged = ev.tagged.get(h.version)
            if tagged is None:
                continue
            for sig in (h.review, h.approval):
                if sig is not None and sig.sha256 != body_sha256(tagged):
                    out.append(_f(entry, "QES164", tr(
                        "{version}: the {role} record's hash does not match the text at its "
                        "release tag", version=h.version, role=sig.role), "history", i))  # fmt: skip
                    break
    return out


def _f(entry: DocumentFile, code: str, message: str, *loc: str | int) -> Finding:
    return Finding(entry.rel, entry.line_of(*loc), code, message)


def _signed_versions(manual: Manual, entry: DocumentFile, people: People | None) -> list[Finding]:
    meta = manual.meta
    since = meta.controlled_since
    out: list[Finding] = []
    for i, h in enumerate(entry.doc.history or []):
        if since is not None and h.date < since:
            continue  # approved on paper, before qes controlled the manual
        if h.review is None or h.approval is None:
            missing = "review" if h.review is None else "approval"
            out.append(_f(entry, "QES161", tr(
                "{version} ({date}) is after controlled_since but has no {missing} record",
                version=h.version, date=str(h.date), missing=missing), "history", i))  # fmt: skip
            continue
        out += _signers(entry, i, h, people, meta.reviewer, meta.approver)
    return out


def _signers(
    entry: DocumentFile,
    i: int,
    h: HistoryEntry,
    people: People | None,
    reviewer: str,
    approver: str,
) -> list[Finding]:
    out: list[Finding] = []
    assert h.review is not None and h.approval is not None
    for sig, role in ((h.review, reviewer), (h.approval, approver)):
        person = people.by_email(sig.email) if people is not None else None
        if person is None or person.name != sig.name or sig.role != role or not person.holds(role):
            out.append(_f(entry, "QES162", tr(
                "{version}: {name} ({email}) signed as {signed} but people.yaml does not give "
                "them the role {role}", version=h.version, name=sig.name, email=sig.email,
                signed=sig.role, role=role), "history", i))  # fmt: skip
    if h.review.email == h.approval.email or same_name(h.review.name, h.approval.name):
        out.append(_f(entry, "QES163", tr(
            "{version}: {name} both reviewed and approved it. Rule: {rule}",
            version=h.version, name=h.review.name, rule=RULE), "history", i))  # fmt: skip
    return out
