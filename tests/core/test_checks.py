"""rules/checks.py on manuals built in memory: each rule fires on its case and only there."""

from __future__ import annotations

import datetime as dt

from qes_cli.rules.checks import check_documents, check_toc
from tests.core.factory import DAY, doc, manual


def codes(m: object) -> list[str]:
    return sorted(f.code for f in check_documents(m))  # type: ignore[arg-type]


def test_clean_manual_has_no_findings() -> None:
    m = manual(doc(1, "QES-001-2025"), doc(2, parent="QES-001-2025"), doc(3, "N/A", version="/"))
    assert codes(m) == []


def test_duplicate_serial_across_years_and_with_the_manual() -> None:
    assert codes(manual(doc(1, "QES-001-2025"), doc(2, "QES-001-2026"))) == ["QES104"]
    assert codes(manual(doc(1, "QES-015-2024"))) == ["QES104"]


def test_seq_gap_duplicate_and_category_order() -> None:
    assert codes(manual(doc(1, "QES-001-2025"), doc(3, "QES-002-2025"))) == ["QES112"]
    assert codes(manual(doc(1, "QES-001-2025"), doc(1, "QES-002-2025"))) == ["QES111"]
    m = manual(doc(1, "QES-001-2025", category="制度"), doc(2, "QES-002-2025"))
    assert codes(m) == ["QES113"]


def test_history_rules() -> None:
    later = DAY + dt.timedelta(days=1)
    h1 = {"version": "A/1", "date": later, "kind": "initial", "reason": "r",
          "reviewed_by": "x", "approved_by": "y"}  # fmt: skip
    jump = dict(h1, version="A/3", kind="minor", date=DAY)
    m = manual(doc(1, "QES-001-2025", version="A/3", history=[h1, jump]))
    # A/1 → A/3 is no legal step, and its date goes backwards
    assert codes(m) == ["QES142", "QES145"]
    wrong_meeting = dict(h1, version="A/2", kind="minor", meeting="onsite")
    m = manual(doc(1, "QES-001-2025", version="A/2", effective=later, history=[h1, wrong_meeting]))
    assert codes(m) == ["QES146"]
    m = manual(doc(1, "QES-001-2025", version="A/2"))
    assert codes(m) == ["QES144"]


def test_sections_and_na_entries() -> None:
    assert codes(manual(doc(1, parent="QES-404-2025"))) == ["QES130"]
    assert codes(manual(doc(1, "N/A", version="A/1"))) == ["QES121"]


def test_toc_judged_from_the_text_passed_in() -> None:
    m = manual(doc(1, "QES-001-2025"))
    assert [f.code for f in check_toc(m, "a\nb\n", None)] == ["QES151"]
    assert check_toc(m, "a\nb\n", "a\nb\n") == []
    stale = check_toc(m, "a\nb\n", "a\nc\n")
    assert [(f.code, f.line, f.file) for f in stale] == [("QES150", 2, "toc.md")]


def test_duplicate_titles() -> None:
    m = manual(doc(1, "QES-001-2025", title="规定"), doc(2, "QES-002-2025", title=" 规定 "))
    assert codes(m) == ["QES114"]
