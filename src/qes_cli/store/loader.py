"""Find the manual, read manual.yaml and every document, and validate them into models.

Read-only: uses the fast safe parser of `yamlread`. Validation problems become findings
(which `qes check` reports with exit 1); unreadable files raise InputError (exit 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from qes_cli.errors import InputError, ManualNotFoundError, MultiInputError
from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual, ManualMeta
from qes_cli.rules.findings import Finding
from qes_cli.store.frontmatter import split_front_matter
from qes_cli.store.paths import display_path
from qes_cli.store.yamlread import Lines, load_yaml

MANUAL_FILE = "manual.yaml"
MAX_FILE_BYTES = 5 * 1024 * 1024


def locate_manual(explicit: Path | None, env: Mapping[str, str], cwd: Path) -> Path:
    """`--manual`, else $QES_MANUAL, else ./manual, else the nearest parent with manual/manual.yaml."""
    if explicit is not None or env.get("QES_MANUAL"):
        root = explicit if explicit is not None else Path(env["QES_MANUAL"])
        if not (root / MANUAL_FILE).is_file():
            raise ManualNotFoundError(f"no {MANUAL_FILE} in {root}", file=str(root))
        return root
    for folder in (cwd, *cwd.parents):
        if folder == cwd and (folder / MANUAL_FILE).is_file():
            return folder
        if (folder / "manual" / MANUAL_FILE).is_file():
            return folder / "manual"
    raise ManualNotFoundError(
        f"no manual found: give --manual DIR, set QES_MANUAL, or run inside a folder holding "
        f"manual/{MANUAL_FILE} (create one with `qes init`)"
    )


def read_text(path: Path, *, file: str) -> str:
    """UTF-8 text of a manual file; size and encoding problems are input errors."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file too large ({size} bytes; limit {MAX_FILE_BYTES})", file=file)
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", file=file) from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError("not valid UTF-8 text", file=file, line=line) from e
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
            code, msg = "QES101", f"required field '{name}' is missing"
        elif typ == "extra_forbidden":
            code, msg = "QES102", f"unknown field '{name}'"
        elif loc and loc[-1] == "version" and typ == "value_error":
            code, msg = "QES120", f"{name}: {err['msg'].removeprefix('Value error, ')}"
        else:
            code = default_code
            msg = f"{name}: {err['msg'].removeprefix('Value error, ')}"
            if typ not in ("value_error",) and "input" in err:
                msg += f" (got {err['input']!r})"
        out.append(Finding(file, line, code, msg))
    return out


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
        errors = [InputError(f"{f.code} {f.message}", file=f.file, line=f.line) for f in findings]
        raise MultiInputError(f"{file}: invalid manual.yaml", errors)
    assert isinstance(meta, ManualMeta)
    return meta, lines


@dataclass(frozen=True, slots=True)
class RawDocument:
    path: Path
    file: str
    data: Any
    lines: Lines
    body: str


def read_document(path: Path) -> RawDocument:
    """Parse one document file's front matter (fast path); InputError if unreadable."""
    file = display_path(path)
    parts = split_front_matter(read_text(path, file=file), file=file)
    data, lines = load_yaml(parts.yaml, file=file, line_offset=parts.yaml_first_line - 1)
    lines.setdefault((), 1)
    return RawDocument(path, file, data, lines, parts.body)


def document_paths(root: Path) -> list[Path]:
    folder = root / "documents"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file())


def load_manual(root: Path) -> tuple[Manual, list[Finding]]:
    """Load everything; documents that fail validation are left out and reported as findings.

    Unreadable files are collected and raised together as one MultiInputError.
    """
    meta, meta_lines = load_meta(root)
    docs: list[DocumentFile] = []
    findings: list[Finding] = []
    errors: list[InputError] = []
    for path in document_paths(root):
        try:
            raw = read_document(path)
        except InputError as e:
            errors.append(e)
            continue
        doc, problems = _validate(Document, raw.data, raw.file, raw.lines)
        findings.extend(problems)
        if doc is not None:
            docs.append(DocumentFile(raw.path, raw.file, doc, raw.lines, raw.body))
    if errors:
        raise MultiInputError("unreadable manual files", errors)
    docs.sort(key=lambda d: (d.doc.seq, d.stem))
    return Manual(root=root, meta=meta, documents=docs, meta_lines=meta_lines), findings


def load_valid_manual(root: Path) -> Manual:
    """For commands other than check: a manual whose documents all validate, else exit 2."""
    manual, findings = load_manual(root)
    if findings:
        errors = [InputError(f"{f.code} {f.message}", file=f.file, line=f.line) for f in findings]
        raise MultiInputError("invalid documents (run `qes check`)", errors)
    return manual


def validate_text(text: str, *, file: str) -> Document:
    """A document's full text, as it is about to be written, must read back as a valid model."""
    parts = split_front_matter(text, file=file)
    data, lines = load_yaml(parts.yaml, file=file, line_offset=parts.yaml_first_line - 1)
    doc, findings = _validate(Document, data, file, lines)
    if findings:
        raise MultiInputError(
            "the document would be invalid",
            [InputError(f.message, file=f.file, line=f.line) for f in findings],
        )
    assert isinstance(doc, Document)
    return doc
