"""commands/listing.py's pure parts: register rows, start pages, and the review-due rule."""

from __future__ import annotations

import datetime as dt

import pytest

from qes_cli.commands.listing import add_months, document_details, document_register, review_due
from tests.core.factory import DAY, doc, manual

M = manual(doc(1, "QES-001-2025"), doc(2, parent="QES-001-2025", pages=7), doc(3, "QES-002-2025"))


def test_register_start_pages_follow_front_pages_and_page_counts() -> None:
    rows = document_register(M)
    assert [(r.seq, r.start_page) for r in rows] == [(1, 6), (2, 8), (3, 15)]
    assert rows[0].vform == "V1.0" and rows[1].version == ""


def test_details_carry_both_version_forms() -> None:
    d = document_details(M, M.documents[0])
    assert (d["version"], d["vform"], d["start_page"], d["kind"]) == ("A/1", "V1.0", 6, "document")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 11, 15), 3, dt.date(2026, 2, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_review_due_on_the_anniversary_not_before() -> None:
    assert review_due(M, dt.date(2026, 1, 23)) == []
    due = review_due(M, dt.date(2026, 1, 24))
    assert [(d.number, d.overdue_days) for d in due] == [("QES-001-2025", 0), ("QES-002-2025", 0)]
    assert review_due(M, DAY + dt.timedelta(days=400), months=12)[0].overdue_days == 35
