"""`qes import`: existing Markdown and Word documents brought into the manual (SPEC §8).

Every source is read, converted and judged before anything is written; every problem of every
file is reported together (exit 2). Then, under the manual's lock and through the shared write
path: one file per document (documents/NUMBER.md, its images in documents/NUMBER/), the seq
values of later entries shifted, toc.md regenerated — one commit, one tag per document.

The imported versions were approved on paper: each document's history is one `initial` entry
dated `--date` (else its front matter's `effective`, else today), signed by manual.yaml's
reviewer and approver roles (or the front matter's `reviewed_by` / `approved_by`). With
`approval: required` that date must come before `controlled_since`: from then on a version is
in force only once signed in qes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from qes_cli.commands.bump import refuse_invalid
from qes_cli.commands.new import (
    default_prepared_by,
    document_text,
    next_serial,
    released_serials,
    set_seq,
)
from qes_cli.errors import InputError, MultiInputError, UsageError
from qes_cli.model.imports import SET_BY_IMPORT, ImportedFrontMatter
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.naming import import_message, new_document_message, tag_name
from qes_cli.model.numbers import NOT_APPLICABLE, DocNumber, format_number
from qes_cli.model.versions import INITIAL, VersionCode
from qes_cli.render import render_toc
from qes_cli.rules.validation import validate
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.loader import check_writable, load_valid_manual, read_raw, validate_text
from qes_cli.store.paths import display_path
from qes_cli.store.textfile import read_text_file
from qes_cli.store.transaction import (
    Checkpoint,
    apply_changes,
    preflight,
    read_bytes,
    writing,
)
from qes_cli.store.wordconvert import MAX_DOCX_BYTES, Converted, convert_docx
from qes_cli.store.yamlread import load_yaml
from qes_cli.text import reason, tr, translate

MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)
SUFFIXES = MARKDOWN_SUFFIXES + WORD_SUFFIXES
_STEM_RE = re.compile(r"^[\w][\w.\-]*$")


@dataclass(frozen=True, slots=True)
class ImportRequest:
    paths: tuple[Path, ...]
    category: str | None = None
    number: str | None = None
    version: str | None = None
    date: dt.date | None = None
    dry_run: bool = False
    commit: bool = True
    allow_dirty: bool = False


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """One document as the import writes it."""

    source: str  # the file it came from, as shown
    number: str
    version: str
    title: str
    title_from: str  # "front matter", "heading", "document title" or "file name"
    category: str
    seq: int
    path: Path
    images: list[Path]
    tag: str | None
    effective: dt.date


@dataclass(frozen=True, slots=True)
class ImportResult:
    documents: list[ImportedDocument]
    shifted: list[str]
    replaced: list[str]  # sources inside documents/ that their import replaces
    commit: str | None
    tags: list[str]


@dataclass
class Source:
    """One file to import, read and judged (not yet placed in the manual)."""

    path: Path
    file: str
    front: ImportedFrontMatter
    lines: dict[tuple[str | int, ...], int]
    body: str
    heading: str | None  # the text of the body's first heading
    starts_with_heading: bool  # the body's first block is that heading
    converted: Converted | None = None
    problems: list[InputError] = field(default_factory=list)


def import_documents(
    root: Path, request: ImportRequest, *, today: dt.date, checkpoint: Checkpoint | None = None
) -> ImportResult:
    """Read and judge every source, then write them all into the manual at `root` in one
    commit — or, with `dry_run`, say what would be written."""
    if not request.paths:
        raise UsageError(tr("give one or more Markdown or Word files (or folders) to import"))
    paths, problems = expand_paths(request.paths)
    if (request.number or request.version) and len(paths) > 1:
        raise UsageError(
            tr(
                "--number and --version name one document: import the {n} files one at a time, "
                "or give each its number in its front matter",
                n=len(paths),
            )
        )
    sources = [read_source(path) for path in paths]
    if request.dry_run:
        from qes_cli.store.journal import refuse_if_pending

        refuse_if_pending(root)
        return _import(root, request, sources, problems, today=today, checkpoint=None)
    with writing(root):
        return _import(root, request, sources, problems, today=today, checkpoint=checkpoint)


def expand_paths(paths: tuple[Path, ...]) -> tuple[list[Path], list[InputError]]:
    """Files to import, in order: each file as given, each folder's .md/.docx files in name
    order (hidden files and Word's `~$` lock files skipped); a file given twice counts once."""
    out: list[Path] = []
    problems: list[InputError] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)

    for path in paths:
        shown = display_path(path)
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if _importable(p.name) and p.is_file()),
                key=lambda p: p.name,
            )
            if not found:
                problems.append(
                    InputError(
                        tr("no Markdown (.md) or Word (.docx) file in this folder"), file=shown
                    )
                )
            for p in found:
                add(p)
        elif not path.exists() and not path.is_symlink():
            problems.append(InputError(tr("no such file or folder"), file=shown))
        elif path.suffix.lower() in (".doc", ".docm", ".rtf", ".odt", ".wps"):
            problems.append(
                InputError(
                    tr(
                        "{suffix} files are not read: save the document as Word .docx (or "
                        "Markdown) and import that",
                        suffix=path.suffix,
                    ),
                    file=shown,
                )
            )
        elif path.suffix.lower() not in SUFFIXES:
            problems.append(InputError(tr("not a Markdown (.md) or Word (.docx) file"), file=shown))
        else:
            add(path)
    return out, problems


def _importable(name: str) -> bool:
    return name.lower().endswith(SUFFIXES) and not name.startswith((".", "~$"))


def read_source(path: Path) -> Source:
    """Read one file: a Word document converted, a Markdown file split into its front matter
    and body. Problems are collected on the source, never raised."""
    file = display_path(path)
    empty = ImportedFrontMatter()
    try:
        if path.suffix.lower() in WORD_SUFFIXES:
            converted = convert_docx(read_raw(path, file=file, limit=MAX_DOCX_BYTES), file=file)
            heading, first = first_heading(converted.markdown)
            return Source(path, file, empty, {}, converted.markdown, heading, first, converted)
        text = _decode(read_raw(path, file=file), file)
    except InputError as e:
        return Source(path, file, empty, {}, "", None, False, problems=[e])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, lines, body, problems = _front_matter(text, file)
    body = body.strip("\n")
    heading, first = first_heading(body)
    return Source(path, file, front, lines, body, heading, first, problems=problems)


def _decode(raw: bytes, file: str) -> str:
    """UTF-8 (a BOM dropped), else GB18030 — what Windows editors in China save — else an
    error naming the line."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: e.start].count(b"\n") + 1
            raise InputError(
                tr("not valid UTF-8 (nor GBK) text: save the file as UTF-8"), file=file, line=line
            ) from None


def _front_matter(
    text: str, file: str
) -> tuple[ImportedFrontMatter, dict[tuple[str | int, ...], int], str, list[InputError]]:
    """The front matter (if the file has one) as import reads it, and the body."""
    if not re.match(r"---[ \t]*\n", text):
        return ImportedFrontMatter(), {}, text, []
    try:
        parts = split_front_matter(text, file=file)
        data, lines = load_yaml(parts.yaml, file=file, line_offset=parts.yaml_first_line - 1)
    except InputError as e:
        return ImportedFrontMatter(), {}, text, [e]
    lines.setdefault((), 1)
    if data is None:
        data = {}
    problems = []
    if isinstance(data, dict):
        for key in SET_BY_IMPORT:
            if key in data:
                problems.append(
                    InputError(
                        tr(
                            "'{name}' is set by qes import (the document goes last in its "
                            "category, with one history entry: approved on paper): remove it",
                            name=key,
                        ),
                        file=file,
                        line=lines.get((key,), 1),
                    )
                )
                del data[key]
    model, findings = validate(ImportedFrontMatter, data, file, lines)
    problems += [
        InputError(tr("{code} {message}", code=f.code, message=f.message), file=f.file, line=f.line)
        for f in findings
    ]
    return model or ImportedFrontMatter(), lines, parts.body, problems


def first_heading(markdown: str) -> tuple[str | None, bool]:
    """The plain text of the first heading of `markdown`, and whether it is the first block."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            text = "".join(
                child.content
                for child in inline.children or []
                if child.type in ("text", "code_inline")
            )
            text = " ".join(text.split())
            return (text or None), i == 0
    return None, False


def _import(
    root: Path,
    request: ImportRequest,
    sources: list[Source],
    problems: list[InputError],
    *,
    today: dt.date,
    checkpoint: Checkpoint | None,
) -> ImportResult:
    """Place every readable source (numbers, seq, names) and judge it; then write them all,
    or raise every problem found — those of reading the files and those of placing them."""
    documents_dir = (root / "documents").resolve()
    inside = {s.path for s in sources if s.path.resolve().parent == documents_dir}
    replaced_paths = {s.path: root / "documents" / s.path.name for s in sources if s.path in inside}
    manual = load_valid_manual(root, exclude=frozenset(replaced_paths.values()))
    refuse_invalid(manual)
    meta = manual.meta
    released: set[int] = set()
    if request.commit:
        repo = preflight(
            root, list(replaced_paths.values()), tag=None, allow_dirty=request.allow_dirty
        )
        released = released_serials(repo.tags(f"{meta.prefix}-*"), meta.prefix)
    owners = _serial_owners(manual, released)
    plans: list[_Plan] = []
    names: set[str] = {e.path.name for e in manual.documents}
    titles = {_title_key(e.doc.title): e.rel for e in manual.documents}
    for source in sources:
        if source.problems:  # unreadable: nothing more to say about it
            continue
        plan = _plan(manual, request, source, owners, names, titles, today=today)
        if plan is not None:
            plans.append(plan)
    # numbers for the documents that bring none: after every serial in use, legacy ones too
    used = released | set(owners)
    for plan in plans:
        if plan.number is None:
            serial = next_serial(manual, used)
            used.add(serial)
            plan.number = format_number(meta.prefix, serial, plan.effective.year)
            owners[serial] = plan.source.file
            _claim_name(plan, f"{plan.number}.md", names)
    problems = problems + [p for s in sources for p in s.problems]
    if problems:
        raise MultiInputError(tr("nothing imported: {n} problem(s)", n=len(problems)), problems)
    return _write(root, manual, request, plans, replaced_paths, checkpoint=checkpoint)


@dataclass
class _Plan:
    source: Source
    number: str | None
    version: str
    title: str
    title_from: str
    category: str
    effective: dt.date
    pages: int
    prepared_by: str
    reviewer: str
    approver: str
    name: str = ""


def _plan(
    manual: Manual,
    request: ImportRequest,
    source: Source,
    owners: dict[int, str],
    names: set[str],
    titles: dict[str, str],
    *,
    today: dt.date,
) -> _Plan | None:
    """Where one source goes and what it says; its problems go to `source.problems`."""
    meta = manual.meta
    front = source.front
    problems = source.problems
    before = len(problems)

    def problem(message: str, key: str | None = None) -> None:
        line = source.lines.get((key,)) if key else None
        problems.append(InputError(message, file=source.file, line=line))

    category = request.category or front.category
    if category is None:
        problem(
            tr(
                "no category: give --category (one of {known}) or `category:` in its front matter",
                known=", ".join(meta.categories),
            )
        )
    elif category not in meta.categories:
        problem(
            tr(
                "unknown category {category!r} (known: {known})",
                category=category,
                known=", ".join(meta.categories),
            ),
            None if request.category else "category",
        )
    number = request.number or front.number
    number_key = None if request.number else "number"
    version = request.version or front.version
    if number == NOT_APPLICABLE:
        if version not in (None, "/"):
            problem(
                tr("an N/A document has version '/' (got {version!r})", version=version), "version"
            )
        version = "/"
    elif number is not None:
        try:
            serial = DocNumber.parse(number, meta.prefix).serial
        except ValueError as e:
            problem(reason(e), number_key)
        else:
            if serial in owners:
                problem(
                    tr(
                        "serial {short} of {number} is already used by {owner}",
                        short=f"{meta.prefix}-{serial:03d}",
                        number=number,
                        owner=owners[serial],
                    ),
                    number_key,
                )
            else:
                owners[serial] = source.file
    if version is None:
        version = str(INITIAL)
    elif version != "/":
        try:
            VersionCode.parse(version)
        except ValueError as e:
            problem(reason(e), None if request.version else "version")
    elif number != NOT_APPLICABLE:
        problem(tr("version '/' is only for documents numbered N/A"), "version")
    effective = request.date or front.effective or today
    if (
        meta.approval == "required"
        and meta.controlled_since is not None
        and effective >= meta.controlled_since
        and number != NOT_APPLICABLE
    ):
        problem(
            tr(
                "in force from {date}, but manual.yaml has approval: required since {since}: an "
                "imported version was approved on paper, so its date comes before that — give "
                "--date (the day the paper version came into force), or release it with `qes new` "
                "and review and approval",
                date=effective.isoformat(),
                since=meta.controlled_since.isoformat(),
            ),
            None if request.date else ("effective" if front.effective else None),
        )
    title, title_from = _title(source)
    other = titles.setdefault(_title_key(title), source.file)
    if other != source.file:  # QES114: the TOC could not tell the two apart
        problem(
            tr("{title!r} is already the title of {other}: choose another title", title=title,
               other=other),
            "title" if front.title else None,
        )  # fmt: skip
    if len(problems) > before or category is None:
        return None
    plan = _Plan(
        source=source,
        number=number,
        version=version,
        title=title,
        title_from=title_from,
        category=category,
        effective=effective,
        pages=front.pages or (source.converted.pages if source.converted else None) or 1,
        prepared_by=front.prepared_by or meta.prepared_by or default_prepared_by(meta.language),
        reviewer=front.reviewed_by or meta.reviewer,
        approver=front.approved_by or meta.approver,
    )
    if number == NOT_APPLICABLE:
        stem = "-".join(source.path.stem.split())
        if not _STEM_RE.match(stem) or ".." in stem:
            problem(
                tr(
                    "an N/A entry is named after its file, and {name!r} cannot be a document "
                    "name: rename the file (letters, digits, '-', '_')",
                    name=source.path.stem,
                )
            )
            return None
        _claim_name(plan, f"{stem}.md", names)
    elif number is not None:
        _claim_name(plan, f"{number}.md", names)
    return plan


def _title_key(title: str) -> str:
    """Titles compare as `qes check` compares them (QES114): spacing and case aside."""
    return " ".join(title.split()).casefold()


def _claim_name(plan: _Plan, name: str, names: set[str]) -> None:
    if name in names:
        plan.source.problems.append(
            InputError(
                tr("documents/{name} already exists in the manual", name=name),
                file=plan.source.file,
            )
        )
    names.add(name)
    plan.name = name


def _title(source: Source) -> tuple[str, str]:
    """Front matter, else the first heading, else the Word title property, else the file name."""
    if source.front.title:
        return " ".join(source.front.title.split()), "front matter"
    if source.heading:
        return source.heading, "heading"
    if source.converted is not None and source.converted.title:
        return source.converted.title, "document title"
    return " ".join(source.path.stem.replace("_", " ").split()) or source.path.stem, "file name"


def _serial_owners(manual: Manual, released: set[int]) -> dict[int, str]:
    """Every serial in use and who uses it: the manual's own number, every document (retired
    too) and every release tag."""
    prefix = manual.meta.prefix
    owners: dict[int, str] = {}
    for serial in released:
        owners[serial] = tr("a release tag")
    entries: list[tuple[str, str]] = [(manual.meta.number, manual.meta_file)]
    entries += [(e.doc.number, e.rel) for e in [*manual.documents, *manual.retired] if e.doc.number]
    for number, owner in entries:
        try:
            owners[DocNumber.parse(number, prefix).serial] = owner
        except ValueError:
            continue
    return owners


def _write(
    root: Path,
    manual: Manual,
    request: ImportRequest,
    plans: list[_Plan],
    replaced: dict[Path, Path],
    *,
    checkpoint: Checkpoint | None,
) -> ImportResult:
    meta = manual.meta
    final = _placement(manual, plans)
    changes: dict[Path, bytes | None] = {}
    based_on: dict[Path, bytes | None] = {}
    imported: list[ImportedDocument] = []
    entries: list[DocumentFile] = []
    for plan in plans:
        path = manual.documents_dir / plan.name
        number = plan.number or NOT_APPLICABLE
        source = plan.source
        body = source.body
        images: list[Path] = []
        if source.converted is not None and source.converted.images:
            folder = manual.documents_dir / path.stem
            if folder.exists() or folder.is_symlink():
                raise UsageError(
                    tr(
                        "{folder} already exists: the images of {file} would go there",
                        folder=display_path(folder),
                        file=source.file,
                    )
                )
            body = source.converted.with_image_folder(path.stem)
            for name, data in source.converted.images:
                images.append(folder / name)
                changes[folder / name] = data
                based_on[folder / name] = None
        elif source.converted is not None:
            body = source.converted.markdown
        heading = not (source.starts_with_heading and source.heading == plan.title)
        text = document_text(
            root, number=number, title=plan.title, category=plan.category, seq=final[path],
            date=plan.effective, pages=plan.pages, prepared_by=plan.prepared_by,
            reviewer=plan.reviewer, approver=plan.approver, body=body, version=plan.version,
            reason=translate("imported (approved on paper)", meta.language),
            language=meta.language, heading=heading,
        )  # fmt: skip
        shown = display_path(path)
        data = text.encode("utf-8")
        check_writable(data, file=shown)
        entries.append(DocumentFile(path, shown, validate_text(text, file=shown)))
        changes[path] = data
        based_on[path] = None
        versioned = number != NOT_APPLICABLE
        imported.append(
            ImportedDocument(
                source=source.file, number=number, version=plan.version, title=plan.title,
                title_from=plan.title_from, category=plan.category, seq=final[path], path=path,
                images=images, tag=tag_name(number, plan.version) if versioned else None,
                effective=plan.effective,
            )
        )  # fmt: skip
    shifted: list[str] = []
    docs = list(entries)
    for e in manual.documents:
        seq = final[e.path]
        if seq != e.doc.seq:
            current = read_text_file(e.path, file=e.rel)
            based_on[e.path] = current.raw
            changes[e.path] = current.encode(set_seq(e, current.text, seq))
            shifted.append(e.rel)
            e = dataclasses.replace(e, doc=e.doc.model_copy(update={"seq": seq}))
        docs.append(e)
    for path in replaced.values():  # a stray file of documents/ goes (or is overwritten)
        changes.setdefault(path, None)
        based_on[path] = read_bytes(path)
    after = dataclasses.replace(manual, documents=sorted(docs, key=lambda e: e.doc.seq))
    refuse_invalid(after)
    changes[manual.toc_path] = render_toc(after).encode("utf-8")
    based_on[manual.toc_path] = read_bytes(manual.toc_path)
    tags = [i.tag for i in imported if i.tag is not None]
    replaced_shown = [display_path(p) for p in replaced]
    if request.dry_run:
        if request.commit:
            preflight(root, list(changes), tag=None, allow_dirty=request.allow_dirty, tags=tags)
        return ImportResult(imported, shifted, replaced_shown, None, tags)
    message = import_message(
        [(i.number, i.version, i.title, i.source) for i in imported],
        shifted=len(shifted), reviewer=meta.reviewer, approver=meta.approver,
    )  # fmt: skip
    more_tags = {
        i.tag: new_document_message(
            i.number, i.title, version=VersionCode.parse(i.version), category=i.category,
            seq=i.seq, effective=i.effective.isoformat(), shifted=0, reviewer=meta.reviewer,
            approver=meta.approver,
        )
        for i in imported[1:]
        if i.tag is not None
    }  # fmt: skip
    done = apply_changes(
        root, changes, message=message, tag=tags[0] if tags else None, commit=request.commit,
        allow_dirty=request.allow_dirty, checkpoint=checkpoint, based_on=based_on,
        more_tags={t: m for t, m in more_tags.items() if t != (tags[0] if tags else None)},
    )  # fmt: skip
    return ImportResult(imported, shifted, replaced_shown, done.commit, tags if done.commit else [])


def _placement(manual: Manual, plans: list[_Plan]) -> dict[Path, int]:
    """Final seq of every entry, old and imported: each imported document goes last in its
    category, in the order given (as `qes new` places one), later entries move down."""
    rank = {c: i for i, c in enumerate(manual.meta.categories)}
    order: list[tuple[int, Path]] = [
        (rank.get(e.doc.category, -1), e.path) for e in manual.documents
    ]
    for plan in plans:
        mine = rank[plan.category]
        at = max((i + 1 for i, (r, _) in enumerate(order) if r <= mine), default=0)
        order.insert(at, (mine, manual.documents_dir / plan.name))
    return {path: i for i, (_, path) in enumerate(order, 1)}
