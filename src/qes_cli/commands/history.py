"""`qes history` and `qes diff`: released versions as git records them.

A version's release commit is the commit its tag (`NUMBER/VERSION`) points at; for versions
released before qes (no tag), the first commit in which the file's front matter carries that
version.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.errors import InputError, UsageError
from qes_cli.gitrepo import GitRepo
from qes_cli.model.manual import DocumentFile
from qes_cli.model.naming import tag_name
from qes_cli.model.versions import VersionCode
from qes_cli.rules.lookup import resolve_document
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.loader import load_valid_manual
from qes_cli.store.yamlread import load_yaml
from qes_cli.text import reason, tr


@dataclass(frozen=True, slots=True)
class Release:
    version: str
    commit: str | None
    tag: str | None
    committed: str | None  # ISO date of the commit


def _parse(text: str, file: str) -> tuple[dict[str, Any], str] | None:
    try:
        parts = split_front_matter(text, file=file)
        data, _ = load_yaml(parts.yaml, file=file)
    except InputError:
        return None
    return (data, parts.body) if isinstance(data, dict) else None


def releases(repo: GitRepo, entry: DocumentFile) -> dict[str, Release]:
    """Version → its release in git, for every version of the document's history.

    A shallow clone lacks the commits that released older versions, and matching by file
    content would credit a version to whatever commit is oldest there: refused instead."""
    if repo.is_shallow():
        raise UsageError(
            tr(
                "this is a shallow clone: a document's history needs the repository's full "
                "history — run `git fetch --unshallow` (in CI: fetch-depth 0)"
            )
        )
    d = entry.doc
    versions = [h.version for h in d.history or []]
    found: dict[str, Release] = {}
    for v in versions:
        tag = tag_name(d.number or "", v)
        sha = repo.tag_commit(tag)
        if sha:
            found[v] = Release(v, sha, tag, repo.commit_date(sha))
    missing = [v for v in versions if v not in found]
    if missing:
        for sha, when in repo.file_commits(entry.path):
            text = repo.read_at(sha, entry.path)
            parsed = _parse(text, entry.rel) if text is not None else None
            if parsed is None:
                continue
            at = parsed[0].get("version")
            if isinstance(at, str) and at in missing and at not in found:
                found[at] = Release(at, sha, None, when)
    return {v: found.get(v, Release(v, None, None, None)) for v in versions}


@dataclass(frozen=True, slots=True)
class History:
    document: str
    title: str
    rows: list[dict[str, Any]]
    language: str

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "history": self.rows}


def history(root: Path, ref: str) -> History:
    """`qes history`: each history entry of `ref` joined with the commit and tag that released it."""
    manual = load_valid_manual(root)
    entry = resolve_document(manual, ref, retired=True)
    if not entry.doc.history:
        raise UsageError(tr("{title!r} is not versioned: it has no history", title=entry.doc.title))
    rel = releases(GitRepo(root), entry)
    rows = []
    for h in entry.doc.history:
        r = rel[h.version]
        rows.append({
            "version": h.version, "vform": h.code.vform, "date": h.date.isoformat(), "kind": h.kind,
            "reason": h.reason, "reviewed_by": h.reviewed_by, "approved_by": h.approved_by,
            "meeting": h.meeting, "commit": r.commit, "tag": r.tag, "committed": r.committed,
        })  # fmt: skip
    return History(entry.doc.number or entry.stem, entry.doc.title, rows, manual.meta.language)


def diff(root: Path, ref: str, old: str, new: str) -> VersionDiff:
    """`qes diff`: what changed in `ref` between two released versions."""
    manual = load_valid_manual(root)
    result = version_diff(GitRepo(root), resolve_document(manual, ref, retired=True), old, new)
    return dataclasses.replace(result, language=manual.meta.language)


@dataclass(frozen=True, slots=True)
class VersionDiff:
    number: str
    old: Release
    new: Release
    metadata: dict[str, tuple[Any, Any]]
    history_added: list[dict[str, Any]]
    body_diff: str
    language: str = "zh"

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.number,
            "old": {"version": self.old.version, "commit": self.old.commit, "tag": self.old.tag},
            "new": {"version": self.new.version, "commit": self.new.commit, "tag": self.new.tag},
            "metadata": {
                k: {"old": _plain(a), "new": _plain(b)} for k, (a, b) in self.metadata.items()
            },
            "history_added": [{k: _plain(v) for k, v in h.items()} for h in self.history_added],
            "body_diff": self.body_diff,
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def version_diff(repo: GitRepo, entry: DocumentFile, old: str, new: str) -> VersionDiff:
    """Metadata and body change between two released versions (A/2 or V1.1 forms)."""
    codes = []
    for text in (old, new):
        try:
            codes.append(str(VersionCode.parse_any(text)))
        except ValueError as e:
            raise UsageError(reason(e)) from None
    rel = releases(repo, entry)
    texts = []
    for v in codes:
        r = rel.get(v)
        if r is None or r.commit is None:
            known = ", ".join(k for k, x in rel.items() if x.commit) or "none"
            raise UsageError(
                tr(
                    "{doc} {version} was never released in this repository "
                    "(released: {known}; see `qes history`)",
                    doc=entry.doc.number or entry.stem,
                    version=v,
                    known=known,
                )
            )
        content = repo.read_at(r.commit, entry.path)
        parsed = _parse(content or "", entry.rel)
        if parsed is None:
            raise InputError(
                tr("cannot read {file} at {commit}", file=entry.rel, commit=r.commit[:10]),
                file=entry.rel,
            )
        texts.append(parsed)
    (a, body_a), (b, body_b) = texts
    keys = [k for k in dict.fromkeys([*a, *b]) if k != "history"]
    metadata = {k: (a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)}
    old_versions = {h.get("version") for h in a.get("history") or [] if isinstance(h, dict)}
    added = [
        h
        for h in b.get("history") or []
        if isinstance(h, dict) and h.get("version") not in old_versions
    ]
    name = entry.rel
    body = "".join(
        difflib.unified_diff(
            body_a.splitlines(keepends=True), body_b.splitlines(keepends=True),
            f"{name}@{codes[0]}", f"{name}@{codes[1]}",
        )
    )  # fmt: skip
    return VersionDiff(
        entry.doc.number or entry.stem, rel[codes[0]], rel[codes[1]], metadata, added, body
    )
