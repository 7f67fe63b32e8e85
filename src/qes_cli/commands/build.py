"""`qes build`: the manual as a static HTML site — the TOC as index, one page per entry under
the seed's header block (文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qes_cli.model.manual import DocumentFile, Manual
from qes_cli.model.numbers import NOT_APPLICABLE, parse_doc_ref
from qes_cli.rules.toc import toc_rows
from qes_cli.store.atomic import write_atomic
from qes_cli.store.loader import load_valid_manual, read_body

Progress = Callable[[int, int], None]


def date_label(day: dt.date | None) -> str:
    """The seed's form: 2025 年 01 月 24 日."""
    return "" if day is None else f"{day.year} 年 {day.month:02d} 月 {day.day:02d} 日"


@dataclass(frozen=True, slots=True)
class HeaderBlock:
    title: str
    number: str
    version: str
    effective: str
    prepared_by: str
    reviewed_by: str
    approved_by: str


def header_block(manual: Manual, entry: DocumentFile) -> HeaderBlock:
    """A section prints under its parent document's block, as in the seed."""
    d = entry.doc
    owner = entry
    if d.is_section and d.parent:
        serial = parse_doc_ref(d.parent, manual.meta.prefix)
        for e in manual.documents:
            if (
                e.doc.number
                and e.doc.number != NOT_APPLICABLE
                and parse_doc_ref(e.doc.number, manual.meta.prefix) == serial
            ):
                owner = e
                break
    o = owner.doc
    return HeaderBlock(
        title=o.title,
        number=o.number or "",
        version=o.version or "",
        effective=date_label(o.effective or manual.meta.effective),
        prepared_by=o.prepared_by or manual.meta.prepared_by or "",
        reviewed_by=o.reviewed_by or "",
        approved_by=o.approved_by or "",
    )


def markdown_to_html(text: str) -> str:
    """CommonMark + tables; raw HTML in a body is shown as text, never executed."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return str(md.render(text))


def page_name(entry: DocumentFile) -> str:
    return f"{entry.stem}.html"


def build(
    root: Path, out: Path | None, *, progress: Progress | None = None
) -> tuple[Path, list[Path]]:
    """`qes build`: the site of the manual at `root` in `out` (default: site/ beside the
    manual); returns the folder and the files written."""
    manual = load_valid_manual(root)
    folder = out if out is not None else root.resolve().parent / "site"
    return folder, build_site(manual, folder, progress=progress)


def build_site(manual: Manual, out: Path, *, progress: Progress | None = None) -> list[Path]:
    """Render every page into `out` (created if needed); returns the files written."""
    from markupsafe import Markup

    from qes_cli.render import environment

    env = environment(manual.root, html=True)
    out.mkdir(parents=True, exist_ok=True)
    rows = toc_rows(manual)
    pages = {r.stem: page_name(e) for r, e in zip(rows, manual.documents, strict=True)}
    common: dict[str, Any] = {"meta": manual.meta, "effective": date_label(manual.meta.effective)}
    written = []
    css = out / "style.css"
    write_atomic(css, env.get_template("html/style.css").render())
    written.append(css)
    index = out / "index.html"
    write_atomic(
        index, env.get_template("html/index.html.j2").render(rows=rows, pages=pages, **common)
    )
    written.append(index)
    total = len(manual.documents)
    for i, (row, entry) in enumerate(zip(rows, manual.documents, strict=True), 1):
        previous = manual.documents[i - 2] if i > 1 else None
        following = manual.documents[i] if i < total else None
        html = env.get_template("html/document.html.j2").render(
            doc=entry.doc,
            row=row,
            header=header_block(manual, entry),
            body=Markup(markdown_to_html(read_body(entry))),
            previous=(previous.doc.title, page_name(previous)) if previous else None,
            following=(following.doc.title, page_name(following)) if following else None,
            **common,
        )
        path = out / page_name(entry)
        write_atomic(path, html)
        written.append(path)
        if progress is not None:
            progress(i, total)
    return written
