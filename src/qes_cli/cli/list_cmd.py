"""`qes list`."""

from typing import Annotated

import typer

from qes_cli.cli.common import CategoryOption, QesCommand, TableFormat, context, labels


def register(app: typer.Typer) -> None:
    @app.command("list", cls=QesCommand)
    def list_cmd(
        ctx: typer.Context,
        category: CategoryOption = None,
        all_: Annotated[
            bool,
            typer.Option("--all", help="Also the retired documents (作废), with their history."),
        ] = False,
        fmt: Annotated[
            TableFormat, typer.Option("--format", help="table, json, md or csv (Excel).")
        ] = TableFormat.table,
    ) -> None:
        """The document register (受控文件清单): every table-of-contents entry.

        Columns: seq, number, version in force and its V-form, title, category, effective date,
        pages, start page, last change and status (draft, reviewed, approved = 待生效,
        effective = 现行, obsolete = 作废).

        Examples: qes list;  qes list --category 预案机制及制度 --format json
        """
        from qes_cli.commands.listing import list_documents
        from qes_cli.text import translate

        rc = context(ctx)
        reg = list_documents(rc.root(), category, all_=all_)
        out = rc.output()
        if fmt is TableFormat.json:
            out.json([r.to_json() for r in reg.rows])
            return
        lang = reg.language
        cols = labels(lang, "seq", "number", "version", "V-form", "title", "category",
                      "effective", "pages", "start page", "last change", "status")  # fmt: skip
        cells = [
            [str(r.seq), r.number, r.version, r.vform, r.title, r.category,
             str(r.effective or ""), str(r.pages), page_label(r.start_page, lang) if r.start_page else "",
             str(r.last_change or ""), status_label(r.status, r.draft, lang)]
            for r in reg.rows
        ]  # fmt: skip
        title = f"{translate('Document register', lang)} · {reg.title} {reg.number}"
        # at a narrow width: last change, pages, category, V-form and effective go first
        out.tabular(fmt, title, cols, cells, optional=[6, 3, 5, 7, 9])


def page_label(page: int, lang: str) -> str:
    """开始页 as the TOC writes it: 第198页, or p. 198."""
    from qes_cli.rules.toc import page_label as label

    return label(page, lang)


def status_label(status: str, draft: str | None, lang: str) -> str:
    """现行, 待生效, 作废, or the draft's state with its version (草稿 A/4)."""
    from qes_cli.text import translate

    word = translate(f"status:{status}", lang).removeprefix("status:")
    return f"{word} {draft}" if draft and status in ("draft", "reviewed") else word
