"""`qes build --pdf [--out DIR] [--drafts] [--update-pages]`: the option wiring, kept apart from
cli/build.py.

`qes build` calls `run_pdf(rc, out, drafts, update_pages)` when `--pdf` is given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qes_cli.cli.common import RunContext


def run_pdf(
    rc: RunContext,
    out: Path | None,
    drafts: bool,
    update_pages: bool,
    *,
    retired: bool = False,
    fmt: str = "table",
    today: dt.date | None = None,
) -> None:
    """Build the PDFs of the manual `rc` names into `out` (default: pdf/ beside the manual),
    then, with `update_pages`, write the page counts back; print what was done."""
    from qes_cli.commands.pdf import pdf
    from qes_cli.text import tr

    result, update = pdf(
        rc.root(), out, drafts=drafts, retired=retired, update=update_pages, today=today
    )
    output = rc.output()
    if fmt == "json":
        data: dict[str, Any] = result.to_json()
        data["update_pages"] = update.to_json() if update is not None else None
        output.json(data)
        return
    output.out(
        rc.say(
            tr(
                "{n} PDF files written to {out}: manual.pdf ({pages} pages, documents from page "
                "{first}) and one per document",
                n=len(result.files),
                out=str(result.out),
                pages=result.total_pages,
                first=result.front_pages + 1,
            )
        )
    )
    if update is None:
        return
    if not update.written:
        output.out(rc.say(tr("pages already match the PDF: nothing to update")))
        return
    for stem, (old, new) in update.pages.items():
        output.out(rc.say(tr("{stem}: pages {old} → {new}", stem=stem, old=old, new=new)))
    if update.front_pages is not None:
        old, new = update.front_pages
        output.out(rc.say(tr("manual.yaml: front_pages {old} → {new}", old=old, new=new)))
    output.out(
        rc.say(
            tr(
                "{n} file(s) updated from the PDF (not committed): review them with `git diff`, "
                "then commit",
                n=len(update.written),
            )
        )
    )
