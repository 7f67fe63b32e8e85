"""Dates as users type them: `YYYY-MM-DD` with ASCII digits, nothing else."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator

from qes_cli.text import tr

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(text: str) -> dt.date:
    """`2026-03-02`; `20260302`, `2026-W10-1` and other scripts' digits raise ValueError."""
    if not isinstance(text, str) or not _ISO.fullmatch(text):
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    return dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))


def _strict(value: object) -> object:
    """A front-matter date is a YAML date (`2025-01-24` unquoted) or the same text quoted —
    never a number (pydantic would read `effective: 0` as 1970-01-01) nor a datetime."""
    if isinstance(value, dt.datetime):
        raise ValueError(tr("should be a date YYYY-MM-DD, without a time"))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_iso_date(value)
        except ValueError:
            pass
    raise ValueError(tr("should be a date YYYY-MM-DD"))


#: the date type of every model field
StrictDate = Annotated[dt.date, BeforeValidator(_strict)]
