"""Manuals built in memory for core tests: no files, no git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qes_cli.model.document import Document
from qes_cli.model.manual import DocumentFile, Manual, ManualMeta

DAY = dt.date(2025, 1, 24)


def meta(**over: Any) -> ManualMeta:
    data: dict[str, Any] = {
        "number": "QES-015-2025", "title": "手册", "version": "A/1", "effective": DAY,
        "categories": ["总纲", "制度"], "front_pages": 5, "reviewer": "审核人", "approver": "批准人",
    }  # fmt: skip
    return ManualMeta.model_validate(data | over)


def doc(seq: int, number: str | None = None, **over: Any) -> DocumentFile:
    data: dict[str, Any] = {
        "title": f"文档{number or seq}",
        "category": "总纲",
        "seq": seq,
        "pages": 2,
    }
    if number == "N/A":
        data |= {"number": number, "version": "/"}
    elif number is not None:
        data |= {
            "number": number, "version": "A/1", "effective": DAY, "prepared_by": "质量部",
            "reviewed_by": "审核人", "approved_by": "批准人",
            "history": [{"version": "A/1", "date": DAY, "kind": "initial", "reason": "首次发布",
                         "reviewed_by": "审核人", "approved_by": "批准人"}],
        }  # fmt: skip
    data |= over
    name = number or f"entry-{seq}"
    path = Path("/nonexistent/manual/documents") / f"{name}.md"
    return DocumentFile(path, f"documents/{name}.md", Document.model_validate(data), {(): 1})


def manual(*docs: DocumentFile, **meta_over: Any) -> Manual:
    return Manual(Path("/nonexistent/manual"), meta(**meta_over), list(docs))
