"""`qes new`: a new controlled document with the next free serial, version A/1, in its category."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.commands.bump import refuse_invalid
from qes_cli.errors import UsageError
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.naming import new_document_message, split_tag, tag_name
from qes_cli.model.numbers import NOT_APPLICABLE, DocNumber, format_number
from qes_cli.model.versions import INITIAL
from qes_cli.render import environment, render, render_toc
from qes_cli.rules.text import option_text
from qes_cli.store.frontmatter import edit_front_matter
from qes_cli.store.loader import load_valid_manual, validate_text
from qes_cli.store.textfile import read_text_file
from qes_cli.store.transaction import Checkpoint, apply_changes, preflight, read_bytes, writing
from qes_cli.text import tr, translate


@dataclass(frozen=True, slots=True)
class NewRequest:
    title: str
    category: str
    pages: int = 1
    date: dt.date | None = None
    commit: bool = True
    allow_dirty: bool = False
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class NewResult:
    number: str
    seq: int
    path: Path
    shifted: list[str]
    commit: str | None
    tag: str | None
    draft: bool = False  # approval required: a draft in drafts/, not yet in force
    diff: str = ""  # --dry-run: what would be written


def next_serial(manual: Manual, used: set[int] | None = None) -> int:
    """One above the highest serial in use — the manual's own number and every serial a
    release tag names count, so a retired number is never given again."""
    prefix = manual.meta.prefix
    serials = (
        [DocNumber.parse(manual.meta.number, prefix).serial]
        if _valid(manual.meta.number, prefix)
        else []
    )
    for e in [*manual.documents, *manual.retired, *manual.drafts]:
        n = e.doc.number
        if n and n != NOT_APPLICABLE and _valid(n, prefix):
            serials.append(DocNumber.parse(n, prefix).serial)
    return max([*serials, *(used or ())], default=0) + 1


def _valid(number: str, prefix: str) -> bool:
    try:
        DocNumber.parse(number, prefix)
    except ValueError:
        return False
    return True


def insertion_seq(manual: Manual, category: str) -> int:
    """Right after the last entry of `category`, or after the entries of the categories before it."""
    order = {c: i for i, c in enumerate(manual.meta.categories)}
    rank = order[category]
    seq = 0
    for e in manual.documents:
        if order.get(e.doc.category, -1) <= rank:
            seq = max(seq, e.doc.seq)
    return seq + 1


DEFAULT_PREPARED_BY = "质量与安全管理部"


def default_prepared_by(language: str) -> str:
    """编制 when manual.yaml names no `prepared_by`."""
    return DEFAULT_PREPARED_BY if language == "zh" else "Quality department"


def initial_reason(language: str) -> str:
    """The reason of a first version, in the manual's label language: 首次发布 / First issue."""
    return translate("First issue", language)


def document_text(
    root: Path | None,
    *,
    number: str,
    title: str,
    category: str,
    seq: int,
    date: dt.date,
    pages: int,
    prepared_by: str,
    reviewer: str,
    approver: str,
    body: str = "",
    comments: bool = False,
    version: str = str(INITIAL),
    reason: str | None = None,
    language: str = "zh",
    heading: bool = True,
) -> str:
    """A new document's file, from the one template that writes front matter (`new`, `init`,
    `import`). `heading` writes `# title` above the body; an N/A number writes no history."""
    return str(
        render(
            environment(root), "document.md.j2",
            number=number, title=title, category=category, seq=seq, version=version,
            date=date.isoformat(), pages=pages, prepared_by=prepared_by, reviewer=reviewer,
            approver=approver, reason=reason or initial_reason(language), body=body,
            comments=comments, zh=language == "zh", versioned=number != NOT_APPLICABLE,
            heading=heading,
        )
    )  # fmt: skip


def new_document(
    root: Path, request: NewRequest, *, today: dt.date, checkpoint: Checkpoint | None = None
) -> NewResult:
    """Write the new document, shift later seq values, regenerate toc.md, commit and tag —
    all under the manual's lock, all or nothing."""
    title = option_text(request.title, "--title")
    if request.pages < 1:
        raise UsageError(tr("--pages must be 1 or more"))
    if request.dry_run:
        from qes_cli.store.journal import refuse_if_pending

        refuse_if_pending(root)
        return _new(root, request, title, today=today, checkpoint=checkpoint)
    with writing(root):
        return _new(root, request, title, today=today, checkpoint=checkpoint)


def _new(
    root: Path, request: NewRequest, title: str, *, today: dt.date, checkpoint: Checkpoint | None
) -> NewResult:
    manual = load_valid_manual(root)
    if request.category not in manual.meta.categories:
        raise UsageError(
            tr(
                "unknown category {category!r} (known: {known})",
                category=request.category,
                known=", ".join(manual.meta.categories),
            )
        )
    refuse_invalid(manual)
    key = " ".join(title.split()).casefold()
    for e in [*manual.documents, *manual.drafts]:
        if " ".join(e.doc.title.split()).casefold() == key:
            raise UsageError(
                tr("{title!r} is already the title of {other}: choose another title",
                   title=title, other=e.rel)
            )  # fmt: skip
    date = request.date or today
    used: set[int] = set()
    if request.commit:
        repo = preflight(root, [], tag=None, allow_dirty=request.allow_dirty)
        used = released_serials(repo.tags(f"{manual.meta.prefix}-*"), manual.meta.prefix)
    number = format_number(manual.meta.prefix, next_serial(manual, used), date.year)
    seq = insertion_seq(manual, request.category)
    path = manual.documents_dir / f"{number}.md"
    if path.exists() or path.is_symlink():
        raise UsageError(tr("{path} already exists", path=str(path)))
    meta = manual.meta
    text = document_text(
        root, number=number, title=title, category=request.category, seq=seq, date=date,
        pages=request.pages, prepared_by=meta.prepared_by or default_prepared_by(meta.language),
        reviewer=meta.reviewer, approver=meta.approver, language=meta.language,
    )  # fmt: skip
    doc = validate_text(text, file=str(path))
    if meta.approval == "required" and not request.dry_run:
        return _open_new_draft(root, manual, request, number, seq, date, text, checkpoint)
    changes: dict[Path, bytes | None] = {path: text.encode("utf-8")}
    based_on: dict[Path, bytes | None] = {path: None}
    shifted: list[str] = []
    docs: list[DocumentFile] = []
    for e in manual.documents:
        if e.doc.seq >= seq:
            current = read_text_file(e.path, file=e.rel)
            based_on[e.path] = current.raw
            changes[e.path] = current.encode(_shift_seq(e, current.text))
            shifted.append(e.rel)
            docs.append(dataclasses.replace(e, doc=e.doc.model_copy(update={"seq": e.doc.seq + 1})))
        else:
            docs.append(e)
    docs.append(DocumentFile(path, str(path), doc))
    docs.sort(key=lambda e: e.doc.seq)
    changes[manual.toc_path] = render_toc(dataclasses.replace(manual, documents=docs)).encode()
    based_on[manual.toc_path] = read_bytes(manual.toc_path)
    if request.dry_run:
        from qes_cli.rules.toc import toc_diff

        diff = toc_diff(None, text, name=f"{manual.documents_dir.name}/{path.name}")
        for p_, data in changes.items():
            if p_ != path and data is not None:
                before = based_on.get(p_)
                diff += toc_diff(None if before is None else before.decode("utf-8", "replace"),
                                 data.decode("utf-8", "replace"), name=p_.name)  # fmt: skip
        where = "drafts" if meta.approval == "required" else "documents"
        return NewResult(number, seq, manual.root / where / path.name, shifted, None, None,
                         draft=meta.approval == "required", diff=diff)  # fmt: skip
    tag = tag_name(number, INITIAL)
    message = new_document_message(
        number, title, version=INITIAL, category=request.category, seq=seq,
        effective=date.isoformat(), shifted=len(shifted), reviewer=meta.reviewer,
        approver=meta.approver,
    )  # fmt: skip
    done = apply_changes(
        root, changes, message=message, tag=tag, commit=request.commit, allow_dirty=request.allow_dirty,
        checkpoint=checkpoint, based_on=based_on,
    )  # fmt: skip
    return NewResult(number, seq, path, shifted, done.commit, done.tag)


def _open_new_draft(
    root: Path,
    manual: Manual,
    request: NewRequest,
    number: str,
    seq: int,
    date: dt.date,
    text: str,
    checkpoint: Checkpoint | None,
) -> NewResult:
    """With `approval: required` a new document is a draft of A/1 in `drafts/` until it is
    reviewed and approved (then it enters documents/ and the table of contents)."""
    from ruamel.yaml.comments import CommentedMap

    from qes_cli.commands.bump import yaml_text
    from qes_cli.store.loader import DRAFTS_DIR, load_valid_people

    path = manual.root / DRAFTS_DIR / f"{number}.md"
    if path.exists() or path.is_symlink():
        raise UsageError(tr("{path} already exists", path=str(path)))
    email = None
    if request.commit:
        from qes_cli.gitrepo import GitRepo

        email = GitRepo(root).author_email()
    people = load_valid_people(root)
    opener = people.by_email(email) if people is not None and email else None
    block = CommentedMap()
    block["version"] = str(INITIAL)
    block["kind"] = "initial"
    block["date"] = date
    block["reason"] = yaml_text(initial_reason(manual.meta.language))
    block["opened_by"] = yaml_text(opener.name if opener else (email or "unknown"))

    def mutate(data: Any) -> None:
        data["draft"] = block

    draft_text = edit_front_matter(text, mutate, file=str(path))
    validate_text(draft_text, file=str(path))
    message = f"{number} draft A/1 (new): {request.title.strip()}\n\nOpened for review; not in force until approved.\n"
    done = apply_changes(
        root, {path: draft_text.encode("utf-8")}, message=message, tag=None,
        commit=request.commit, allow_dirty=request.allow_dirty, checkpoint=checkpoint,
        based_on={path: None},
    )  # fmt: skip
    return NewResult(number, seq, path, [], done.commit, None, draft=True)


def released_serials(tags: list[str], prefix: str) -> set[int]:
    """Serials named by release tags (`QES-016-2026/A/1`): a number once released is used for
    good, even after its document is gone."""
    used = set()
    for tag in tags:
        named = split_tag(tag)
        if named is None:
            continue
        try:
            used.add(DocNumber.parse(named[0], prefix).serial)
        except ValueError:
            continue
    return used


def _shift_seq(entry: DocumentFile, text: str) -> str:
    return set_seq(entry, text, entry.doc.seq + 1)


def set_seq(entry: DocumentFile, text: str, seq: int) -> str:
    """`text` (the file of `entry`) with `seq` changed and every other byte kept."""

    def mutate(data: Any) -> None:
        data["seq"] = seq

    return edit_front_matter(text, mutate, file=entry.rel)
