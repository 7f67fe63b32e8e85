"""`qes check`: load, apply every rule, judge the TOC and the records of control, sort the
findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qes_cli.model.manual import Manual
from qes_cli.model.naming import tag_name
from qes_cli.model.people import People
from qes_cli.render import render_toc
from qes_cli.rules.checks import check_documents, check_toc
from qes_cli.rules.control import Evidence, control_findings
from qes_cli.rules.findings import Finding
from qes_cli.store.loader import (
    load_manual,
    load_people,
    load_records,
    read_body,
    read_optional,
)


@dataclass(frozen=True, slots=True)
class CheckReport:
    documents: int
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings


def check_manual(root: Path) -> CheckReport:
    """All problems of the manual in one pass (unreadable files raise InputError instead)."""
    manual, findings = load_manual(root)
    findings = list(findings)
    people, people_findings = load_people(root)
    findings += people_findings
    findings += load_records(root)[1]
    cross = check_documents(manual)
    if findings:
        # a document that failed validation is missing from the set: seq gaps and a stale
        # TOC would only echo that, so those two rules wait until it is fixed
        cross = [f for f in cross if f.code != "QES112"]
    else:
        current = read_optional(manual.toc_path, file=manual.toc_file, root=manual.root)
        cross += check_toc(manual, render_toc(manual), current)
    findings += cross
    if manual.meta.approval == "required":
        findings += control_findings(manual, people, _evidence(manual))
    if manual.meta.signing == "required":
        findings += signature_findings(manual, people)
    return CheckReport(manual.file_count, sorted(set(findings)))


def _evidence(manual: Manual) -> dict[str, Evidence]:
    """Each versioned document's body now, and its body at every release tag git has."""
    from qes_cli.errors import GitError
    from qes_cli.gitrepo import GitRepo
    from qes_cli.store.frontmatter import split_front_matter

    try:
        repo: GitRepo | None = GitRepo(manual.root)
    except GitError:
        repo = None
    out: dict[str, Evidence] = {}
    for entry in manual.documents:
        d = entry.doc
        if not d.is_versioned or not d.history or d.number is None:
            continue
        tagged: dict[str, str] = {}
        tags: set[str] | None = None
        if repo is not None:
            tags = set()
            for h in d.history:
                if h.review is None and h.approval is None:
                    continue
                exists = repo.tag_exists(tag_name(d.number, h.version))
                if exists:
                    tags.add(h.version)
                text = repo.read_at(tag_name(d.number, h.version), entry.path) if exists else None
                if text is not None:
                    try:
                        tagged[h.version] = split_front_matter(
                            text.replace("\r\n", "\n").removeprefix("\ufeff"), file=entry.rel
                        ).body
                    except Exception:
                        tagged[h.version] = ""
        out[entry.rel] = Evidence(read_body(entry).replace("\r\n", "\n"), tagged, tags)
    return out


def signature_findings(manual: Manual, people: People | None) -> list[Finding]:
    """QES166: every signed release tag verifies against people.yaml's keys, by its approver."""
    from qes_cli.errors import GitError
    from qes_cli.gitrepo import GitRepo
    from qes_cli.text import tr

    try:
        repo = GitRepo(manual.root)
    except GitError:
        return []
    keys = {p.email: p.signing_key for p in (people.people if people else []) if p.signing_key}
    out: list[Finding] = []
    since = manual.meta.controlled_since
    for entry in manual.documents:
        d = entry.doc
        if not d.is_versioned or d.number is None:
            continue
        for i, h in enumerate(d.history or []):
            if since is not None and h.date < since:
                continue
            tag = tag_name(d.number, h.version)
            if not repo.tag_exists(tag):
                continue
            signer = repo.verify_tag(tag, keys)
            expected = h.approval.email if h.approval else None
            if signer is None or signer != expected:
                out.append(Finding(entry.rel, entry.line_of("history", i), "QES166", tr(
                    "tag {tag}: {problem}", tag=tag,
                    problem=tr("no valid signature by a key in people.yaml") if signer is None
                    else tr("signed by {signer}, but the recorded approver is {approver}",
                            signer=signer, approver=expected or "—"))))  # fmt: skip
    return out
