"""rules/lookup.py: what a DOC argument names."""

from __future__ import annotations

import pytest

from qes_cli.errors import UnknownDocumentError, UsageError
from qes_cli.rules.lookup import resolve_document
from tests.core.factory import doc, manual

M = manual(doc(1, "QES-007-2025"), doc(2, parent="QES-007-2025"), doc(3, "N/A", version="/"))


@pytest.mark.parametrize("ref", ["QES-007", "QES-007-2025", "qes-007", " QES-007 "])
def test_number_forms_name_the_document(ref: str) -> None:
    assert resolve_document(M, ref).doc.number == "QES-007-2025"


def test_stem_names_any_entry() -> None:
    assert resolve_document(M, "entry-2").doc.seq == 2


def test_wrong_year_names_the_right_number() -> None:
    with pytest.raises(UnknownDocumentError, match="QES-007-2025"):
        resolve_document(M, "QES-007-2024")


@pytest.mark.parametrize("ref", ["../x", "a/b", "..", "", "a\\b", "-x"])
def test_paths_are_refused(ref: str) -> None:
    with pytest.raises(UsageError, match="not a document reference"):
        resolve_document(M, ref)


def test_unknown_is_refused() -> None:
    with pytest.raises(UnknownDocumentError):
        resolve_document(M, "QES-999")
