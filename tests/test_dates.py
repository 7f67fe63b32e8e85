"""Strict YYYY-MM-DD dates from the command line (model/dates.py, cli/common.parse_date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from qes_cli.cli.common import parse_date
from qes_cli.errors import UsageError
from qes_cli.model.dates import parse_iso_date
from tests.helpers import qes

# zero of each non-ASCII decimal digit set a user may type by accident
_OTHER_ZEROS = {
    "full-width": 0xFF10,
    "Arabic-Indic": 0x0660,
    "Extended Arabic-Indic": 0x06F0,
    "Devanagari": 0x0966,
}


def _digits(text: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2026-03-02", dt.date(2026, 3, 2)), ("2024-02-29", dt.date(2024, 2, 29))],
)
def test_accepts_yyyy_mm_dd(text: str, day: dt.date) -> None:
    assert parse_iso_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "20260302",  # basic format: date.fromisoformat takes it since Python 3.11
        "2026-W10-1",  # ISO week date: likewise
        "2026W101",
        "２０２６-03-02",  # full-width digits
        "٢٠٢٦-٠٣-٠٢",  # Arabic-Indic digits
        "2026-02-30",  # no such day
        "2025-02-29",  # not a leap year
        "2026-13-01",
        "0000-01-01",  # year 0 does not exist
        "2026-3-2",
        "26-03-02",
        "12026-03-02",
        "2026/03/02",
        " 2026-03-02",
        "2026-03-02 ",
        "2026-03-02\n",
        "2026-03-02T00:00",
        "+2026-03-02",
        "",
    ],
)
def test_refuses_everything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_date(text)


@given(st.dates())
def test_valid_dates_round_trip(day: dt.date) -> None:
    assert parse_iso_date(day.isoformat()) == day


@given(st.dates(), st.sampled_from(sorted(_OTHER_ZEROS)))
def test_other_digit_sets_are_refused(day: dt.date, digits: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_date(_digits(day.isoformat(), _OTHER_ZEROS[digits]))


@given(st.text(alphabet=st.sampled_from("0123456789-W:T +２٠\n"), max_size=12))
@example("20260302")
@example("2026-W10-1")
def test_only_the_canonical_spelling_is_a_date(text: str) -> None:
    """Whatever parses is exactly the ISO spelling of the date it gives."""
    try:
        day = parse_iso_date(text)
    except ValueError:
        return
    assert day.isoformat() == text


@pytest.mark.parametrize("text", ["20260302", "2026-W10-1", "２０２６-03-02", "2026-02-30"])
def test_option_message_unchanged(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_date(text, "--date")
    assert str(info.value) == f"--date: {text!r} is not a date (expected YYYY-MM-DD)"


def test_option_value_and_absence() -> None:
    assert parse_date("2026-03-02", "--as-of") == dt.date(2026, 3, 2)
    assert parse_date(None, "--as-of") is None


def test_review_due_refuses_a_basic_format_date(workdir: Path, runner: CliRunner) -> None:
    result = qes(runner, "review-due", "--as-of", "20260302")
    assert result.exit_code == 2
    assert "'20260302' is not a date (expected YYYY-MM-DD)" in result.stderr
