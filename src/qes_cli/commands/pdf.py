"""`qes build --pdf`: print-ready controlled copies (SPEC §7).

`manual.pdf` holds the cover (the manual's number, version and date), the seed's version rules
(质量文件版本更新管理规定), the table of contents and then every document in force; beside it
one PDF per table-of-contents entry, `<stem>.pdf`. Every page carries the seed's header block
(文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准 — reviewer and approver by name once a
version was signed in qes) and the footer 第 N 页 共 M 页; each document ends with its revision
history.

Decisions where the SPEC is silent (README, "Controlled copies as PDF"):

- **Page numbers.** In manual.pdf N and M count the whole file, so the 开始页 in its table of
  contents is the page number printed at the foot of that page; each `<stem>.pdf` counts its
  own pages from 1. Every document starts on a new page, so a document has the same page count
  in both.
- **Start pages** in the table of contents are laid out by the engine (`target-counter` of each
  document's anchor), and `PdfResult` reads them back from the rendered pages — never from the
  hand-kept `pages` figures. `update_pages` writes those figures (and `front_pages`, the pages
  before the first document) from the PDF, and regenerates toc.md, so `qes toc --check` agrees
  with the PDF.
- **Which text.** A document with an open draft prints the version in force, read from its
  release tag `NUMBER/VERSION` (or, for a version released before qes, the last commit that
  holds it without a draft); `drafts=True` prints the draft instead, marked 草稿 on every page.
  Retired documents (作废) are not in force: they leave manual.pdf and get a `<stem>.pdf`
  marked 作废 only when asked (`retired=True`). A version approved with a future effective date
  is printed (so it can be learned before it applies) and marked 待生效.
- **Sections** print under their parent document's header block, as in the seed; their history
  is the parent's. N/A documents are not versioned and say so where the history would be.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qes_cli.commands.build import date_label, markdown_to_html
from qes_cli.errors import ConcurrentChangeError, GitError, QesError, UsageError
from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual, ManualMeta
from qes_cli.model.naming import tag_name
from qes_cli.model.numbers import NOT_APPLICABLE, parse_doc_ref
from qes_cli.model.versions import VersionCode
from qes_cli.rules.control import in_force_state
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.loader import load_valid_manual, read_body, validate_text
from qes_cli.text import tr

if TYPE_CHECKING:
    from qes_cli.gitrepo import GitRepo

MANUAL_PDF = "manual.pdf"
KIND_LABELS = {"initial": "首次发布", "minor": "小版本更新", "major": "大版本更新"}
#: the word each mark prints in the header block (and, for 作废 and 草稿, across the page)
STAMPS = {"obsolete": "作废", "draft": "草稿", "pending": "待生效"}


@dataclass(frozen=True, slots=True)
class PdfHeader:
    """The seed's header block: 文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准."""

    title: str
    number: str
    version: str
    effective: str
    prepared_by: str
    reviewed_by: str
    approved_by: str


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One row of the revision history table: 版本/次, 日期, 类型, 原因, 审核, 批准."""

    version: str
    date: str
    kind: str
    reason: str
    reviewed_by: str
    approved_by: str
    row_class: str = ""


@dataclass(frozen=True)
class Printed:
    """One table-of-contents entry as it is printed: which model and text, under which header,
    with which mark ('', 'obsolete', 'draft', 'pending')."""

    entry: DocumentFile
    doc: Document
    body: str
    header: PdfHeader
    history: list[HistoryRow]
    mark: str
    note: str
    source: str  # where the text came from: "file", "tag NUMBER/VERSION", "commit SHA"

    @property
    def stem(self) -> str:
        return self.entry.stem

    @property
    def bookmark(self) -> str:
        """The document's entry in the PDF's outline: number (if any) and title."""
        number = self.doc.number if self.doc.is_versioned else ""
        return f"{number} {self.doc.title}".strip()

    @property
    def body_html(self) -> Any:
        from markupsafe import Markup

        return Markup(markdown_to_html(self.body))


@dataclass(frozen=True, slots=True)
class PdfRow:
    """A row of manual.pdf's table of contents; the start page is laid out by the engine."""

    category: str
    seq: int
    number: str
    version: str
    title: str
    anchor: str


@dataclass(frozen=True, slots=True)
class PdfDocument:
    """One printed document: where it starts in manual.pdf and its own PDF."""

    stem: str
    number: str
    title: str
    version: str
    mark: str
    source: str
    start_page: int | None  # in manual.pdf; None for a retired document (not in manual.pdf)
    pages: int | None  # its pages in manual.pdf
    file: Path
    file_pages: int

    def to_json(self) -> dict[str, Any]:
        return {"stem": self.stem, "number": self.number, "title": self.title,
                "version": self.version, "mark": self.mark, "source": self.source,
                "start_page": self.start_page, "pages": self.pages, "file": str(self.file),
                "file_pages": self.file_pages}  # fmt: skip


@dataclass(frozen=True)
class PdfResult:
    out: Path
    manual_pdf: Path
    total_pages: int
    front_pages: int  # pages before the first document in manual.pdf
    documents: list[PdfDocument]
    drafts: bool = False

    @property
    def files(self) -> list[Path]:
        return [self.manual_pdf, *(d.file for d in self.documents)]

    def to_json(self) -> dict[str, Any]:
        return {"out": str(self.out), "manual": str(self.manual_pdf),
                "total_pages": self.total_pages, "front_pages": self.front_pages,
                "drafts": self.drafts,
                "documents": [d.to_json() for d in self.documents]}  # fmt: skip


@dataclass(frozen=True)
class PagesUpdate:
    """What `update_pages` changed: document → (old, new) pages, front_pages, toc.md."""

    pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    front_pages: tuple[int, int] | None = None
    toc: bool = False
    written: list[Path] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"pages": {k: list(v) for k, v in self.pages.items()},
                "front_pages": list(self.front_pages) if self.front_pages else None,
                "toc": self.toc, "written": [str(p) for p in self.written]}  # fmt: skip


# ---- the use case


def pdf(
    root: Path,
    out: Path | None,
    *,
    drafts: bool = False,
    retired: bool = False,
    update: bool = False,
    today: dt.date | None = None,
) -> tuple[PdfResult, PagesUpdate | None]:
    """`qes build --pdf [--out DIR] [--drafts] [--update-pages]`: the PDFs of the manual at
    `root` in `out` (default: pdf/ beside the manual), then, if asked, `pages` from them."""
    if update and drafts:
        raise UsageError(
            tr(
                "--update-pages takes the page counts of the versions in force: build without "
                "--drafts to update them"
            )
        )
    manual = load_valid_manual(root)
    folder = out if out is not None else root.resolve().parent / "pdf"
    result = build_pdf(manual, folder, drafts=drafts, retired=retired, today=today)
    return result, (update_pages(manual, result) if update else None)


def build_pdf(
    manual: Manual,
    out: Path,
    *,
    drafts: bool = False,
    retired: bool = False,
    today: dt.date | None = None,
) -> PdfResult:
    """Write manual.pdf and one `<stem>.pdf` per entry (and per retired document when
    `retired`) into `out`; the start pages and page counts are read from the rendered PDF."""
    from qes_cli.pdfengine import Job, cjk_font, engine, render_all
    from qes_cli.render import environment, render

    engine()  # what the system lacks is said before anything is written
    font = cjk_font()
    day = today or dt.date.today()
    if any(e.stem == Path(MANUAL_PDF).stem for e in (*manual.documents, *manual.retired)):
        raise UsageError(
            tr("a document file named manual.md would overwrite manual.pdf: rename it"),
            file=MANUAL_PDF,
        )
    repo = _repo(manual.root)
    printed = prepare(manual, repo, drafts=drafts, today=day)
    rows = _rows(printed)
    env = environment(manual.root, html=True)
    common: dict[str, Any] = {"font": font, "stamps": STAMPS, "meta": manual.meta}
    out.mkdir(parents=True, exist_ok=True)
    html = render(
        env,
        "pdf/manual.html.j2",
        rows=rows,
        documents=printed,
        manual_header=manual_header(manual.meta),
        vform=VersionCode.parse(manual.meta.version).vform,
        effective=date_label(manual.meta.effective),
        printed=day.isoformat(),
        drafts=drafts,
        **common,
    )
    extra = prepare_retired(manual) if retired else []
    every = [*printed, *extra]
    jobs = [
        Job(render(env, "pdf/document.html.j2", p=p, **common), out / f"{p.stem}.pdf",
            p.entry.path.parent)
        for p in every
    ]  # fmt: skip
    whole, owns = render_all(Job(html, out / MANUAL_PDF, manual.documents_dir), jobs,
                             root=manual.root)  # fmt: skip
    starts = [whole.anchors.get(r.anchor) for r in rows]
    if any(s is None for s in starts):  # pragma: no cover - the engine always places them
        raise UsageError(tr("the PDF engine did not place every document"), file=MANUAL_PDF)
    start_pages = [s for s in starts if s is not None]
    ends = [*start_pages[1:], whole.pages + 1]
    front = (start_pages[0] - 1) if start_pages else whole.pages
    documents = []
    for i, (p, own) in enumerate(zip(every, owns, strict=True)):
        in_manual = i < len(printed)
        documents.append(
            PdfDocument(
                stem=p.stem,
                number=p.doc.number or "",
                title=p.doc.title,
                version=p.header.version,
                mark=p.mark,
                source=p.source,
                start_page=start_pages[i] if in_manual else None,
                pages=ends[i] - start_pages[i] if in_manual else None,
                file=own.path,
                file_pages=own.pages,
            )
        )
    return PdfResult(out, whole.path, whole.pages, front, documents, drafts)


# ---- what is printed


def prepare(manual: Manual, repo: GitRepo | None, *, drafts: bool, today: dt.date) -> list[Printed]:
    """Every entry of the table of contents as it is printed, in seq order."""
    out: list[Printed] = []
    owners: dict[int, Printed] = {}
    prefix = manual.meta.prefix
    for entry in manual.documents:
        d = entry.doc
        if d.is_section:
            owner = owners.get(_serial(d.parent, prefix)) if d.parent else None
            p = _printed_section(manual, entry, owner)
        else:
            p = _printed_document(manual, entry, repo, drafts=drafts, today=today)
            if d.is_versioned and d.number:
                owners[_serial(d.number, prefix)] = p
        out.append(p)
    return out


def prepare_retired(manual: Manual) -> list[Printed]:
    """Retired documents (作废), each marked on every page, with its retirement as the last
    row of its history."""
    out = []
    for entry in manual.retired:
        d = entry.doc
        history = history_rows(d)
        r = d.retired
        if r is not None:
            history.append(
                HistoryRow(
                    version=r.version or d.version or "",
                    date=r.date.isoformat(),
                    kind="作废",
                    reason=r.reason,
                    reviewed_by=r.review.name if r.review else "",
                    approved_by=r.approval.name if r.approval else "",
                    row_class="retired-row",
                )
            )
        header = document_header(manual.meta, d)
        out.append(Printed(entry, d, read_body(entry), header, history, "obsolete", "", "file"))
    return out


def _printed_document(
    manual: Manual, entry: DocumentFile, repo: GitRepo | None, *, drafts: bool, today: dt.date
) -> Printed:
    d = entry.doc
    draft = d.draft
    if draft is not None and draft.action == "revise" and drafts:
        history = history_rows(d)
        history.append(
            HistoryRow(
                version=draft.version or "",
                date=draft.date.isoformat(),
                kind=KIND_LABELS.get(draft.kind or "minor", ""),
                reason=draft.reason,
                reviewed_by=draft.review.name if draft.review else "（待审核）",
                approved_by="（待批准）",
                row_class="pending-row",
            )
        )
        header = dataclasses.replace(
            document_header(manual.meta, d),
            version=draft.version or "",
            effective=date_label(draft.date),
            reviewed_by=draft.review.name if draft.review else "",
            approved_by="",
        )
        return Printed(entry, d, read_body(entry), header, history, "draft", "", "file")
    if draft is not None:
        doc, body, source = in_force_text(manual, entry, repo)
    else:
        doc, body, source = d, read_body(entry), "file"
    mark = "pending" if in_force_state(doc, today) == "approved" else ""
    note = ""
    if d.is_not_applicable:
        note = "本文件编号为 N/A，不受版本控制，无修订记录。"
    return Printed(
        entry, doc, body, document_header(manual.meta, doc), history_rows(doc), mark, note, source
    )


def _printed_section(manual: Manual, entry: DocumentFile, owner: Printed | None) -> Printed:
    """A section prints under its parent's header block (the parent as printed)."""
    d = entry.doc
    if owner is None:  # pragma: no cover - qes check (QES130) refuses such a manual
        header = PdfHeader(d.title, "", "", date_label(manual.meta.effective),
                           d.prepared_by or manual.meta.prepared_by or "", "", "")  # fmt: skip
        return Printed(entry, d, read_body(entry), header, [], "", "", "file")
    note = f"本节属于 {owner.header.number}《{owner.header.title}》，修订记录见该文件。"
    return Printed(entry, d, read_body(entry), owner.header, [], owner.mark, note, "file")


def document_header(meta: ManualMeta, doc: Document) -> PdfHeader:
    """The header block of a version: reviewer and approver by the names their records carry
    (the last history entry's `review` / `approval`), else `reviewed_by` / `approved_by`."""
    last = doc.history[-1] if doc.history else None
    reviewer = last.review.name if last is not None and last.review else doc.reviewed_by
    approver = last.approval.name if last is not None and last.approval else doc.approved_by
    return PdfHeader(
        title=doc.title,
        number=doc.number or "",
        version=doc.version or "",
        effective=date_label(doc.effective or meta.effective),
        prepared_by=doc.prepared_by or meta.prepared_by or "",
        reviewed_by=reviewer or "",
        approved_by=approver or "",
    )


def manual_header(meta: ManualMeta) -> PdfHeader:
    """The manual's own header block (cover, version rules, table of contents): manual.yaml
    records no signer names, so 审核 / 批准 are the roles of its version rules."""
    return PdfHeader(
        title=meta.title,
        number=meta.number,
        version=meta.version,
        effective=date_label(meta.effective),
        prepared_by=meta.prepared_by or "",
        reviewed_by=meta.reviewer,
        approved_by=meta.approver,
    )


def history_rows(doc: Document) -> list[HistoryRow]:
    """版本/次, 日期, 类型, 原因, 审核, 批准 — the signers by name."""
    return [
        HistoryRow(
            version=h.version,
            date=h.date.isoformat(),
            kind=KIND_LABELS.get(h.kind, h.kind),
            reason=h.reason,
            reviewed_by=h.review.name if h.review else h.reviewed_by,
            approved_by=h.approval.name if h.approval else h.approved_by,
        )
        for h in doc.history or []
    ]


def in_force_text(
    manual: Manual, entry: DocumentFile, repo: GitRepo | None
) -> tuple[Document, str, str]:
    """The front matter and body of the version in force of a document whose file holds an
    open draft: from its release tag, else from the last commit that holds that version with
    no draft open (a version released before qes)."""
    d = entry.doc
    number = d.number or entry.stem
    version = d.version or ""
    tag = tag_name(number, version)
    if repo is not None:
        if repo.tag_exists(tag):
            text = repo.read_at(tag, entry.path)
            if text is not None:
                doc, body = _parse_at(text, entry, tag)
                return doc, body, f"tag {tag}"
        for sha, _ in reversed(repo.file_commits(entry.path)):
            text = repo.read_at(sha, entry.path)
            if text is None:
                continue
            try:
                doc, body = _parse_at(text, entry, sha[:10])
            except QesError:  # an old form qes no longer reads: not the version in force
                continue
            if doc.version == version and doc.draft is None:
                return doc, body, f"commit {sha[:10]}"
    raise UsageError(
        tr(
            "{number} has an open draft, and the text of {version} in force cannot be read from "
            "git (no tag {tag}, no commit of it): print the draft with --drafts, or build in "
            "the repository that released it",
            number=number,
            version=version,
            tag=tag,
        ),
        file=entry.rel,
    )


def _parse_at(text: str, entry: DocumentFile, where: str) -> tuple[Document, str]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    file = f"{entry.rel}@{where}"
    doc = validate_text(text, file=file)
    return doc, split_front_matter(text, file=file).body


def _rows(printed: list[Printed]) -> list[PdfRow]:
    rows = []
    previous = None
    for i, p in enumerate(printed, 1):
        d = p.doc
        category = p.entry.doc.category
        if d.is_section:
            number, version = "", ""
        elif d.is_not_applicable:
            number, version = NOT_APPLICABLE, "/"
        else:
            number, version = d.number or "", p.header.version
        rows.append(
            PdfRow(
                category=category if category != previous else "",
                seq=p.entry.doc.seq,
                number=number,
                version=version,
                title=d.title,
                anchor=f"doc-{i}",
            )
        )
        previous = category
    return rows


def _serial(ref: str, prefix: str) -> int:
    serial = parse_doc_ref(ref, prefix)
    return -1 if serial is None else serial


def _repo(root: Path) -> GitRepo | None:
    from qes_cli.gitrepo import GitRepo

    try:
        return GitRepo(root)
    except GitError:
        return None


# ---- --update-pages


def update_pages(manual: Manual, result: PdfResult) -> PagesUpdate:
    """Write each document's `pages` (and manual.yaml's `front_pages`) from the rendered PDF,
    and the regenerated toc.md: one ordinary change through the shared write path (lock,
    journal, bytes kept), left uncommitted for the user to review and commit."""
    from qes_cli.render import render_toc
    from qes_cli.store.loader import check_writable
    from qes_cli.store.textfile import read_text_file
    from qes_cli.store.transaction import apply_changes, read_bytes, writing

    if result.drafts:
        raise UsageError(
            tr(
                "--update-pages takes the page counts of the versions in force: build without "
                "--drafts to update them"
            )
        )
    printed = {d.stem: d for d in result.documents if d.pages is not None}
    update = PagesUpdate()
    with writing(manual.root):
        fresh = load_valid_manual(manual.root)
        if [e.stem for e in fresh.documents] != [d.stem for d in result.documents if d.pages]:
            raise ConcurrentChangeError(
                tr(
                    "the manual's documents changed since the PDF was built: build it again "
                    "before --update-pages"
                )
            )
        changes: dict[Path, bytes | None] = {}
        based: dict[Path, bytes | None] = {}
        docs = []
        for e in fresh.documents:
            pages = printed[e.stem].pages
            assert pages is not None
            if e.doc.pages != pages:
                f = read_text_file(e.path, file=e.rel)

                def set_pages(data: Any, n: int = pages) -> None:
                    data["pages"] = n

                from qes_cli.store.frontmatter import edit_front_matter

                text = edit_front_matter(f.text, set_pages, file=e.rel)
                data = f.encode(text)
                check_writable(data, file=e.rel)
                validate_text(text, file=e.rel)
                changes[e.path], based[e.path] = data, f.raw
                update.pages[e.stem] = (e.doc.pages, pages)
                e = dataclasses.replace(e, doc=e.doc.model_copy(update={"pages": pages}))
            docs.append(e)
        meta = fresh.meta
        if meta.front_pages != result.front_pages:
            path = fresh.root / "manual.yaml"
            f = read_text_file(path, file=fresh.meta_file)
            text = _edit_yaml(f.text, "front_pages", result.front_pages, file=fresh.meta_file)
            changes[path], based[path] = f.encode(text), f.raw
            update = dataclasses.replace(update, front_pages=(meta.front_pages, result.front_pages))
            meta = meta.model_copy(update={"front_pages": result.front_pages})
        new = dataclasses.replace(fresh, meta=meta, documents=docs)
        toc = render_toc(new).encode("utf-8")
        current = read_bytes(fresh.toc_path)
        if toc != current:
            changes[fresh.toc_path], based[fresh.toc_path] = toc, current
            update = dataclasses.replace(update, toc=True)
        if changes:
            apply_changes(
                fresh.root,
                changes,
                message="qes build --pdf --update-pages",
                tag=None,
                commit=False,
                based_on=based,
            )
    return dataclasses.replace(update, written=list(changes))


def _edit_yaml(text: str, key: str, value: int, *, file: str) -> str:
    """manual.yaml with one top-level key changed, through the same round-trip edit as front
    matter (comments, order and every other byte kept); refused if it would not read back."""
    from qes_cli.rules.validation import validate
    from qes_cli.store.frontmatter import edit_front_matter
    from qes_cli.store.yamlread import load_yaml

    newline = text.endswith("\n")
    wrapped = "---\n" + text + ("" if newline else "\n") + "---\n"

    def mutate(data: Any) -> None:
        data[key] = value

    edited = split_front_matter(edit_front_matter(wrapped, mutate, file=file), file=file).yaml
    edited = edited if newline else edited.removesuffix("\n")
    data, lines = load_yaml(edited, file=file)
    _, findings = validate(ManualMeta, data, file, lines)
    if findings:  # pragma: no cover - a page count is always a valid front_pages
        raise UsageError(tr("manual.yaml would be invalid: {problem}", problem=findings[0].message),
                         file=file)  # fmt: skip
    return edited
