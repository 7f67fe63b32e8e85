"""Find the manual, read manual.yaml and every document, and validate them into models.

Read-only: uses the fast safe parser of `yamlread`. Validation problems become findings
(which `qes check` reports with exit 1); unreadable files raise InputError (exit 2).
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from qes_cli.errors import InputError, ManualNotFoundError, MultiInputError, UsageError
from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual, ManualMeta
from qes_cli.rules.findings import Finding
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.paths import display_path, inside
from qes_cli.store.yamlread import Lines, load_yaml
from qes_cli.text import Text, reason, tr

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


def read_text(path: Path, *, file: str) -> str:
    """UTF-8 text of a manual file; size and encoding problems are input errors."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            chunks, total = [], 0
            while total <= MAX_FILE_BYTES and (chunk := os.read(fd, MAX_FILE_BYTES + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as e:
        raise InputError(tr("cannot read: {reason}", reason=e.strerror), file=file) from e
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            tr("file too large (more than {limit} bytes)", limit=MAX_FILE_BYTES), file=file
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(tr("not valid UTF-8 text"), file=file, line=line) from e
    return text.removeprefix("\ufeff")


def pydantic_findings(
    error: ValidationError, file: str, lines: Lines, *, default_code: str = "QES105"
) -> list[Finding]:
    """Turn pydantic's errors into findings with the line of the offending key."""
    out = []
    for err in error.errors():
        loc = tuple(err["loc"])
        key = loc
        while key and key not in lines:
            key = key[:-1]
        line = lines.get(key, lines.get((), 1))
        name = ".".join(str(p) for p in loc) or "(document)"
        typ = err["type"]
        if typ == "missing":
            code, msg = "QES101", tr("required field '{name}' is missing", name=name)
        elif typ == "extra_forbidden":
            code, msg = "QES102", tr("unknown field '{name}'", name=name)
        else:
            code = (
                "QES120" if loc and loc[-1] == "version" and typ == "value_error" else default_code
            )
            detail = _pydantic_detail(err)
            if typ != "value_error" and "input" in err:
                msg = tr(
                    "{name}: {detail} (got {value!r})", name=name, detail=detail, value=err["input"]
                )
            else:
                msg = tr("{name}: {detail}", name=name, detail=detail)
        out.append(Finding(file, line, code, msg))
    return out


def _pydantic_detail(err: Any) -> str:
    """pydantic's words for one error: our own message (a tr() Text, translatable) when one of
    our validators raised it, else pydantic's English, translated for the common kinds."""
    cause = (err.get("ctx") or {}).get("error")
    if err["type"] == "value_error" and isinstance(cause, ValueError) and cause.args:
        return reason(cause)
    text = str(err["msg"]).removeprefix("Value error, ")
    head, sep, rest = text.partition("Input should be a valid date or datetime, ")
    if sep and not head:
        return tr("Input should be a valid date or datetime, {problem}", problem=rest)
    return Text(text, {})  # pydantic's own words: ZH_PYDANTIC knows the common ones


def _validate(
    model: type[BaseModel], data: Any, file: str, lines: Lines
) -> tuple[Any, list[Finding]]:
    if not isinstance(data, dict):
        return None, [Finding(file, lines.get((), 1), "QES105", "front matter must be a mapping")]
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        return None, pydantic_findings(e, file, lines)


def load_meta(root: Path) -> tuple[ManualMeta, Lines]:
    """manual.yaml validated; any problem is an input error (nothing can be judged without it)."""
    path = root / MANUAL_FILE
    file = display_path(path)
    data, lines = load_yaml(read_text(path, file=file), file=file)
    meta, findings = _validate(ManualMeta, data, file, lines)
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


PARALLEL_FROM = 400  # documents; below this a second process costs more than it saves

Loaded = DocumentFile | list[Finding] | InputError


def _load_one(path: Path, file: str) -> Loaded:
    """Read, parse and validate one document: the model, its findings, or why it is unreadable."""
    try:
        raw = read_document(path, file)
    except InputError as e:
        return e
    doc, problems = _validate(Document, raw.data, raw.file, raw.lines)
    if doc is None:
        return problems
    return DocumentFile(raw.path, raw.file, doc, raw.lines)


def _load_all(items: list[tuple[Path, str]]) -> list[Loaded]:
    return [_load_one(path, file) for path, file in items]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading allocates only data that stays alive (models, dicts, lists): the cyclic garbage
    collector would walk it again and again and free nothing (~10 ms of a 2,000-document load).
    Reference counting still frees everything as usual; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_documents(items: list[tuple[Path, str]]) -> list[Loaded]:
    """Load many documents; at scale the second half is loaded in a forked child (reading,
    parsing and validating are pure CPU and the machine has cores to spare)."""
    with _collector_paused():
        return _load_documents(items)


def _load_documents(items: list[tuple[Path, str]]) -> list[Loaded]:
    from qes_cli.parallel import can_fork, split_run

    if len(items) < PARALLEL_FROM or not can_fork():
        return _load_all(items)
    half = len(items) * 11 // 20  # the child's share also pays pickling

    def second() -> list[DocumentFile | list[Finding] | tuple[str, str | None, int | None]]:
        # line maps stay behind (re-read on demand): they are most of the pickled bytes
        return [
            (x.message, x.file, x.line)
            if isinstance(x, InputError)
            else dataclasses.replace(x, lines=None)
            if isinstance(x, DocumentFile)
            else x
            for x in _load_all(items[half:])
        ]

    first, rest = split_run(lambda: _load_all(items[:half]), second)
    return first + [
        InputError(x[0], file=x[1], line=x[2]) if isinstance(x, tuple) else x for x in rest
    ]


def document_paths(root: Path) -> list[Path]:
    """documents/*.md in name order (one scandir, names sorted as strings: fast at scale).

    A symbolic link that leads outside the manual folder is refused: input never makes qes
    read outside the manual."""
    folder = root / "documents"
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


def load_manual(root: Path) -> tuple[Manual, list[Finding]]:
    """Load everything; documents that fail validation are left out and reported as findings.

    Unreadable files are collected and raised together as one MultiInputError.
    """
    meta, meta_lines = load_meta(root)
    docs: list[DocumentFile] = []
    findings: list[Finding] = []
    errors: list[InputError] = []
    shown = display_path(root / "documents")
    paths = document_paths(root)
    for loaded in load_documents([(path, shown + os.sep + path.name) for path in paths]):
        if isinstance(loaded, InputError):
            errors.append(loaded)
        elif isinstance(loaded, list):
            findings.extend(loaded)
        else:
            docs.append(loaded)
    if errors:
        raise MultiInputError(tr("unreadable manual files"), errors)
    docs.sort(key=lambda d: (d.doc.seq, d.stem))
    return Manual(
        root=root, meta=meta, documents=docs, meta_lines=meta_lines, file_count=len(paths)
    ), findings


def load_valid_manual(root: Path) -> Manual:
    """For commands other than check: a manual whose documents all validate, else exit 2."""
    manual, findings = load_manual(root)
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
    doc, findings = _validate(Document, data, file, lines)
    if findings:
        raise MultiInputError(
            tr("the document would be invalid"),
            [InputError(f.message, file=f.file, line=f.line) for f in findings],
        )
    assert isinstance(doc, Document)
    return doc
