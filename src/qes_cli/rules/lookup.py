"""Resolve the DOC argument commands take: `QES-007`, `QES-007-2025`, or a document file stem."""

from __future__ import annotations

import re

from qes_cli.errors import UnknownDocumentError, UsageError
from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.numbers import NOT_APPLICABLE, DocNumber, parse_doc_ref
from qes_cli.text import tr

_STEM_RE = re.compile(r"^[\w][\w.\-]*$")


def resolve_document(manual: Manual, ref: str, *, retired: bool = False) -> DocumentFile:
    """The document `ref` names; a path, `..` or an unknown name is an error (exit 2)."""
    ref = ref.strip()
    if not ref or "/" in ref or "\\" in ref or ".." in ref or not _STEM_RE.match(ref):
        raise UsageError(
            tr(
                "{ref!r} is not a document reference: give QES-007, QES-007-2025 or a file stem",
                ref=ref,
            )
        )
    serial = parse_doc_ref(ref, manual.meta.prefix)
    entries = [*manual.documents, *(manual.retired + manual.drafts if retired else [])]
    if serial is not None:
        year_given = ref.count("-") == 2
        for entry in entries:
            number = entry.doc.number
            if number is None or number == NOT_APPLICABLE:
                continue
            try:
                parsed = DocNumber.parse(number, manual.meta.prefix)
            except ValueError:
                continue
            if parsed.serial == serial:
                if year_given and str(parsed).upper() != ref.upper():
                    raise UnknownDocumentError(
                        tr(
                            "no document {ref}; serial {short} is {number}",
                            ref=ref,
                            short=parsed.short,
                            number=str(parsed),
                        )
                    )
                return entry
    for entry in entries:
        if entry.stem == ref:
            return entry
    if not retired:
        for entry in manual.retired:
            if entry.stem == ref or (serial is not None and entry.doc.number
                                     and parse_doc_ref(entry.doc.number, manual.meta.prefix) == serial):  # fmt: skip
                raise UnknownDocumentError(
                    tr("{ref} is retired (作废): see `qes show {ref}` or `qes list --all`", ref=ref)
                )
    raise UnknownDocumentError(
        tr("no document {ref!r} in {root} (see `qes list`)", ref=ref, root=str(manual.root))
    )
