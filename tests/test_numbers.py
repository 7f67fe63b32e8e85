from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qes_cli.model.numbers import DocNumber, parse_doc_ref


def test_parse() -> None:
    n = DocNumber.parse("QES-007-2025")
    assert (n.prefix, n.serial, n.year, n.short) == ("QES", 7, 2025, "QES-007")
    assert str(DocNumber.parse("QES-1234-2026")) == "QES-1234-2026"


@pytest.mark.parametrize(
    "bad",
    [
        "QES-07-2025",
        "QES-007-25",
        "qes-007-2025",
        "ABC-007-2025",
        "QES-000-2025",
        "QES-0007-2025",
        "N/A",
        "",
    ],
)
def test_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        DocNumber.parse(bad)


@given(st.integers(1, 99_999), st.integers(1000, 9999))
def test_roundtrip(serial: int, year: int) -> None:
    text = f"QES-{serial:03d}-{year}"
    parsed = DocNumber.parse(text)
    assert str(parsed) == text
    assert parse_doc_ref(parsed.short, "QES") == serial
    assert parse_doc_ref(text, "QES") == serial


def test_doc_ref_other_forms() -> None:
    assert parse_doc_ref("quality-roles", "QES") is None
    assert parse_doc_ref("QES-007-20255", "QES") is None
