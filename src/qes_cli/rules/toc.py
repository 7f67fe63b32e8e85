"""The table of contents (服务质量体系手册目录): rows with start pages, and the diff `toc --check`
prints. Pure: rendering to toc.md is `render.render_toc`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from qes_cli.model.document import NA_VERSION
from qes_cli.model.manual import Manual
from qes_cli.model.numbers import NOT_APPLICABLE
from qes_cli.text import translate


@dataclass(frozen=True, slots=True)
class TocRow:
    category: str  # empty except on the first row of its group
    seq: int
    number: str
    version: str
    title: str
    start_page: int
    stem: str
    lang: str = "zh"  # the manual's label language

    @property
    def start_label(self) -> str:
        return page_label(self.start_page, self.lang)


def page_label(page: int, lang: str) -> str:
    """开始页 as the TOC writes it: 第198页, or p. 198 in an English manual."""
    return translate("p. {page}", lang).format(page=page)


@dataclass(frozen=True, slots=True)
class TocLabels:
    """The headings of toc.md (and the site's index) in the manual's label language."""

    heading: str
    contents: str
    category: str
    seq: str
    number: str
    version: str
    title: str
    start_page: str


def toc_labels(title: str, lang: str) -> TocLabels:
    """The seed's 服务质量体系手册目录 | 类别 | 序号 | 文档编号 | 版本/次 | 文档名称 | 开始页, or
    their English twins (`language: en` in manual.yaml)."""
    return TocLabels(
        heading=translate("{title} — Contents", lang).format(title=title),
        contents=translate("Contents", lang),
        category=translate("Category", lang),
        seq=translate("No.", lang),
        number=translate("Document number", lang),
        version=translate("Version", lang),
        title=translate("Title", lang),
        start_page=translate("Start page", lang),
    )


def toc_rows(manual: Manual) -> list[TocRow]:
    """Rows in seq order; the first entry starts at front_pages + 1, each next after its pages."""
    rows = []
    page = manual.meta.front_pages + 1
    previous_category = None
    for entry in manual.documents:
        d = entry.doc
        number = "" if d.number is None else d.number
        version = (
            ""
            if d.number is None
            else (NA_VERSION if d.number == NOT_APPLICABLE else d.version or "")
        )
        rows.append(
            TocRow(
                category=d.category if d.category != previous_category else "",
                seq=d.seq,
                number=number,
                version=version,
                title=d.title,
                start_page=page,
                stem=entry.stem,
                lang=manual.meta.language,
            )
        )
        previous_category = d.category
        page += d.pages
    return rows


def toc_diff(current: str | None, expected: str, *, name: str) -> str:
    """Unified diff from the toc.md on disk to the one `qes toc` would write."""
    old = [] if current is None else current.splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(old, expected.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    )
