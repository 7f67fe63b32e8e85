"""Find the manual, read manual.yaml and every document, and validate them into models.

Read-only: uses the safe event-stream parser of `yamlread`. Validation problems become findings
(which `qes check` reports with exit 1); unreadable files raise InputError (exit 2).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qes_cli.errors import (
    InputError,
    ManualNotFoundError,
    MissingFrontMatterError,
    MultiInputError,
    UsageError,
)
from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual, ManualMeta
from qes_cli.rules.findings import Finding
from qes_cli.rules.validation import validate
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.paths import display_path, inside
from qes_cli.store.yamlread import Lines, load_yaml
from qes_cli.text import tr

if TYPE_CHECKING:
    from qes_cli.model.people import People
    from qes_cli.model.records import DocumentRecords

MANUAL_FILE = "manual.yaml"
MAX_FILE_BYTES = 5 * 1024 * 1024


def locate_manual(explicit: Path | None, env: Mapping[str, str], cwd: Path) -> Path:
    """`--manual`, else $QES_MANUAL, else ./manual, else the nearest parent with manual/manual.yaml."""
    if explicit is not None or env.get("QES_MANUAL"):
        root = explicit if explicit is not None else Path(env["QES_MANUAL"])
        if not (root / MANUAL_FILE).is_file():
            raise ManualNotFoundError(
                tr("no {file} in {root}", file=MANUAL_FILE, root=str(root)), file=str(root)
            )
        return root
    for folder in (cwd, *cwd.parents):
        if folder == cwd and (folder / MANUAL_FILE).is_file():
            return folder
        if (folder / "manual" / MANUAL_FILE).is_file():
            return folder / "manual"
    raise ManualNotFoundError(
        tr(
            "no manual found: give --manual DIR, set QES_MANUAL, or run inside a folder holding "
            "manual/{file} (create one with `qes init`)",
            file=MANUAL_FILE,
        )
    )


def read_raw(
    path: Path, *, file: str, root: Path | None = None, limit: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of a manual file, bounded by the size limit (`limit`, for a Word document
    being imported). Only a regular file is read (a folder, FIFO or device is refused, never
    waited on); with `root`, a symbolic link must lead to a file inside it."""
    try:
        if root is not None:
            try:
                inside(root, path)
            except UsageError as e:
                raise InputError(
                    tr("symbolic link points outside the manual folder"), file=file
                ) from e
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(tr("not a regular file (a folder, FIFO or device?)"), file=file)
            chunks, total = [], 0
            while total <= limit and (chunk := os.read(fd, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as e:
        raise InputError(tr("cannot read: {reason}", reason=e.strerror), file=file) from e
    if len(raw) > limit:
        raise InputError(tr("file too large (more than {limit} bytes)", limit=limit), file=file)
    return raw


def read_text(path: Path, *, file: str, root: Path | None = None) -> str:
    """UTF-8 text of a manual file (BOM dropped); size and encoding problems are input errors."""
    raw = read_raw(path, file=file, root=root)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(tr("not valid UTF-8 text"), file=file, line=line) from e
    return text.removeprefix("\ufeff")


def load_meta(root: Path) -> tuple[ManualMeta, Lines]:
    """manual.yaml validated; any problem is an input error (nothing can be judged without it)."""
    path = root / MANUAL_FILE
    file = display_path(path)
    data, lines = load_yaml(read_text(path, file=file, root=root), file=file)
    meta, findings = validate(ManualMeta, data, file, lines)
    if findings:
        errors = [
            InputError(
                tr("{code} {message}", code=f.code, message=f.message), file=f.file, line=f.line
            )
            for f in findings
        ]
        raise MultiInputError(tr("{file}: invalid manual.yaml", file=file), errors)
    assert isinstance(meta, ManualMeta)
    return meta, lines


@dataclass(frozen=True, slots=True)
class RawDocument:
    path: Path
    file: str
    data: Any
    lines: Lines


def read_document(path: Path, file: str | None = None) -> RawDocument:
    """Parse one document file's front matter (fast path); InputError if unreadable."""
    file = file or display_path(path)
    parts = split_front_matter(read_text(path, file=file), file=file)
    data, lines = load_yaml(parts.yaml, file=file, line_offset=parts.yaml_first_line - 1)
    lines.setdefault((), 1)
    return RawDocument(path, file, data, lines)


Loaded = DocumentFile | list[Finding] | InputError


def load_one(path: Path, file: str) -> Loaded:
    """Read, parse and validate one document: the model, its findings, or why it is unreadable."""
    try:
        raw = read_document(path, file)
    except InputError as e:
        return e
    doc, problems = validate(Document, raw.data, raw.file, raw.lines)
    if doc is None:
        return problems
    return DocumentFile(raw.path, raw.file, doc, raw.lines)


def read_body(entry: DocumentFile) -> str:
    """The Markdown body of a document (loading keeps only the front matter)."""
    return split_front_matter(read_text(entry.path, file=entry.rel), file=entry.rel).body


def document_paths(root: Path) -> list[Path]:
    """documents/*.md in name order (one scandir, names sorted as strings: fast at scale).

    A symbolic link that leads outside the manual folder is refused: input never makes qes
    read outside the manual; so is the documents folder itself when it is such a link."""
    folder = root / "documents"
    if folder.is_symlink():
        try:
            inside(root, folder)
        except UsageError as e:
            raise InputError(
                tr("symbolic link points outside the manual folder"), file=display_path(folder)
            ) from e
        except (OSError, RuntimeError) as e:  # a loop of links
            reason = getattr(e, "strerror", None) or str(e)
            raise InputError(
                tr("cannot read: {reason}", reason=reason), file=display_path(folder)
            ) from e
    try:
        entries = [
            (e.name, e.path, e.is_symlink())
            for e in os.scandir(folder)
            if e.name.endswith(".md") and e.is_file()
        ]
    except (FileNotFoundError, NotADirectoryError):
        return []
    entries.sort()
    for _, path, link in entries:
        if link:
            try:
                inside(root, Path(path))
            except UsageError as e:
                raise InputError(
                    tr("symbolic link points outside the manual folder"),
                    file=display_path(Path(path)),
                ) from e
    return [Path(p) for _, p, _ in entries]


#: files in documents/ that are documents, but not yet the manual's: `qes import` brings them in
FOREIGN_SUFFIXES = (".docx", ".doc", ".docm")


def foreign_documents(root: Path) -> list[Path]:
    """Word files in documents/ (not Word's own `~$` lock files), in name order."""
    folder = root / "documents"
    try:
        return sorted(
            Path(e.path)
            for e in os.scandir(folder)
            if e.name.lower().endswith(FOREIGN_SUFFIXES) and not e.name.startswith("~$")
        )
    except (FileNotFoundError, NotADirectoryError):
        return []


def _not_yet_imported(path: Path, file: str) -> InputError:
    """A file in documents/ that is a document but not one of the manual's: say how to bring
    it in."""
    if path.suffix.lower() == ".md":
        return InputError(
            tr(
                "no YAML front matter: a manual document starts with a '---' line; to bring an "
                "existing Markdown document in, run `qes import {file}`",
                file=file,
            ),
            file=file,
            line=1,
        )
    return InputError(
        tr(
            "a Word document is not read by qes: bring it in with `qes import {file}` (it is "
            "converted to Markdown with front matter and replaces the Word file)",
            file=file,
        ),
        file=file,
    )


RETIRED_DIR = "retired"
DRAFTS_DIR = "drafts"


def retired_paths(root: Path, name: str = RETIRED_DIR) -> list[Path]:
    """retired/*.md (documents withdrawn by `qes retire`) or drafts/*.md (new documents not
    yet approved), in name order; regular files inside the manual only, like documents/."""
    folder = root / name
    if not folder.is_dir():
        return []
    try:
        inside(root, folder)
    except UsageError as e:
        raise InputError(
            tr("symbolic link points outside the manual folder"), file=display_path(folder)
        ) from e
    paths = sorted(p for p in folder.iterdir() if p.name.endswith(".md"))
    for p in paths:
        if p.is_symlink():
            try:
                inside(root, p)
            except UsageError as e:
                raise InputError(
                    tr("symbolic link points outside the manual folder"), file=display_path(p)
                ) from e
    return paths


def load_manual(
    root: Path, *, exclude: frozenset[Path] = frozenset()
) -> tuple[Manual, list[Finding]]:
    """Load everything; documents that fail validation are left out and reported as findings.

    Unreadable files are collected and raised together as one MultiInputError; so are Word
    files and Markdown files without front matter in documents/, with the `qes import` that
    brings them in. `exclude` are files of documents/ left out (the ones being imported).
    """
    from qes_cli.store.journal import refuse_if_pending

    refuse_if_pending(root)
    meta, meta_lines = load_meta(root)
    docs: list[DocumentFile] = []
    findings: list[Finding] = []
    errors: list[InputError] = []
    shown = display_path(root / "documents")
    paths = [p for p in document_paths(root) if p not in exclude]
    for loaded in (load_one(path, shown + os.sep + path.name) for path in paths):
        if isinstance(loaded, MissingFrontMatterError):
            errors.append(_not_yet_imported(Path(str(loaded.file)), str(loaded.file)))
        elif isinstance(loaded, InputError):
            errors.append(loaded)
        elif isinstance(loaded, list):
            findings.extend(loaded)
        else:
            docs.append(loaded)
    retired: list[DocumentFile] = []
    drafts: list[DocumentFile] = []
    for name, into in ((RETIRED_DIR, retired), (DRAFTS_DIR, drafts)):
        shown_other = display_path(root / name)
        for path in retired_paths(root, name):
            loaded = load_one(path, shown_other + os.sep + path.name)
            if isinstance(loaded, InputError):
                errors.append(loaded)
            elif isinstance(loaded, list):
                findings.extend(loaded)
            else:
                into.append(loaded)
    for path in foreign_documents(root):
        if path not in exclude:
            errors.append(_not_yet_imported(path, shown + os.sep + path.name))
    if errors:
        raise MultiInputError(tr("unreadable manual files"), errors)
    docs.sort(key=lambda d: (d.doc.seq, d.stem))
    manual = Manual(
        root=root,
        meta=meta,
        documents=docs,
        meta_lines=meta_lines,
        file_count=len(paths),
        meta_file=display_path(root / MANUAL_FILE),
        toc_file=display_path(root / "toc.md"),
        retired=retired,
        drafts=drafts,
    )
    return manual, findings


def load_valid_manual(root: Path, *, exclude: frozenset[Path] = frozenset()) -> Manual:
    """For commands other than check: a manual whose documents all validate, else exit 2."""
    manual, findings = load_manual(root, exclude=exclude)
    if findings:
        errors = [
            InputError(
                tr("{code} {message}", code=f.code, message=f.message), file=f.file, line=f.line
            )
            for f in findings
        ]
        raise MultiInputError(tr("invalid documents (run `qes check`)"), errors)
    return manual


def validate_text(text: str, *, file: str) -> Document:
    """A document's full text, as it is about to be written, must read back as a valid model."""
    parts = split_front_matter(text, file=file)
    data, lines = load_yaml(parts.yaml, file=file, line_offset=parts.yaml_first_line - 1)
    doc, findings = validate(Document, data, file, lines)
    if findings:
        raise MultiInputError(
            tr("the document would be invalid"),
            [InputError(f.message, file=f.file, line=f.line) for f in findings],
        )
    assert isinstance(doc, Document)
    return doc


def read_optional(path: Path, *, file: str, root: Path | None = None) -> str | None:
    """A manual file's text, or None when it does not exist (toc.md before the first `qes toc`)."""
    if not path.exists() and not path.is_symlink():
        return None
    return read_text(path, file=file, root=root)


def check_writable(data: bytes, *, file: str) -> None:
    """A write that would produce a file qes could not read back is refused (SPEC §9)."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            tr(
                "the change would make the file larger than the limit ({limit} bytes), which qes "
                "could not read back: nothing was written",
                limit=MAX_FILE_BYTES,
            ),
            file=file,
        )


PEOPLE_FILE = "people.yaml"


def load_people(root: Path) -> tuple[People | None, list[Finding]]:
    """people.yaml validated (QES165 for every problem), or None when the manual has none."""
    from qes_cli.model.people import People

    path = root / PEOPLE_FILE
    if not path.exists() and not path.is_symlink():
        return None, []
    file = display_path(path)
    data, lines = load_yaml(read_text(path, file=file, root=root), file=file)
    people, findings = validate(People, data, file, lines, default_code="QES165")
    findings = [Finding(f.file, f.line, "QES165", f.message) for f in findings]
    if people is None:
        return None, findings
    seen: dict[str, int] = {}
    for i, p in enumerate(people.people):
        if p.email in seen:
            findings.append(
                Finding(
                    file,
                    lines.get(("people", i, "email"), lines.get(("people", i), 1)),
                    "QES165",
                    tr(
                        "{email} is listed twice (entries {first} and {second})",
                        email=p.email,
                        first=seen[p.email] + 1,
                        second=i + 1,
                    ),
                )
            )
        seen.setdefault(p.email, i)
    names: dict[str, int] = {}
    for i, p in enumerate(people.people):
        key = "".join(p.name.split()).casefold()
        if key in names:
            findings.append(
                Finding(
                    file,
                    lines.get(("people", i, "name"), lines.get(("people", i), 1)),
                    "QES165",
                    tr(
                        "{name!r} is listed twice (entries {first} and {second}): one person has "
                        "one entry; two people need names that tell them apart",
                        name=p.name,
                        first=names[key] + 1,
                        second=i + 1,
                    ),
                )
            )
        names.setdefault(key, i)
    return people, findings


def load_valid_people(root: Path) -> People | None:
    """For the commands that act on people: people.yaml must be valid (else exit 2)."""
    people, findings = load_people(root)
    refuse_findings(tr("people.yaml is invalid (run `qes check`)"), findings)
    return people


RECORDS_DIR = "records"


def load_records(root: Path) -> tuple[dict[str, DocumentRecords], list[Finding]]:
    """records/*.yaml by document number; problems are findings (QES170)."""
    from qes_cli.model.records import DocumentRecords

    folder = root / RECORDS_DIR
    out: dict[str, DocumentRecords] = {}
    findings: list[Finding] = []
    if not folder.is_dir():
        return out, findings
    for path in sorted(folder.glob("*.yaml")):
        file = display_path(path)
        data, lines = load_yaml(read_text(path, file=file, root=root), file=file)
        records, problems = validate(DocumentRecords, data, file, lines, default_code="QES170")
        findings += [Finding(f.file, f.line, "QES170", f.message) for f in problems]
        if records is not None:
            out[records.document] = records
    return out, findings


def load_valid_records(root: Path) -> dict[str, DocumentRecords]:
    records, findings = load_records(root)
    refuse_findings(tr("records are invalid (run `qes check`)"), findings)
    return records


def refuse_findings(message: str, findings: list[Finding]) -> None:
    """For commands that need valid input: any finding stops them (exit 2), every one shown
    with its file and line."""
    if findings:
        raise MultiInputError(
            message,
            [InputError(tr("{code} {message}", code=f.code, message=f.message), file=f.file,
                        line=f.line) for f in findings],
        )  # fmt: skip
