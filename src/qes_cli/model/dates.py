"""Dates as users type them: `YYYY-MM-DD` with ASCII digits, nothing else."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(text: str) -> dt.date:
    """`2026-03-02`; `20260302`, `2026-W10-1` and other scripts' digits raise ValueError."""
    if not isinstance(text, str) or not _ISO.fullmatch(text):
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    return dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
