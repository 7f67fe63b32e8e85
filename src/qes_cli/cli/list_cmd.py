"""`qes list`."""

from typing import Annotated

import typer

from qes_cli.cli.common import TableFormat, context, reports_errors


def register(app: typer.Typer) -> None:
    @app.command("list")
    @reports_errors
    def list_cmd(
        ctx: typer.Context,
        category: Annotated[str | None, typer.Option("--category", help="Only this 类别.")] = None,
        fmt: Annotated[
            TableFormat, typer.Option("--format", help="table, json, md or csv (Excel).")
        ] = TableFormat.table,
    ) -> None:
        """The document register (受控文件清单): every table-of-contents entry.

        Columns: seq, number, version and its V-form, title, category, effective date, pages,
        start page and last change.

        Examples: qes list;  qes list --category 预案机制及制度 --format json
        """
        from qes_cli.errors import UsageError
        from qes_cli.register import register
        from qes_cli.store.loader import load_valid_manual

        rc = context(ctx)
        manual = load_valid_manual(rc.root())
        if category is not None and category not in manual.meta.categories:
            raise UsageError(
                f"unknown category {category!r} (known: {', '.join(manual.meta.categories)})"
            )
        rows = register(manual, category)
        out = rc.output()
        if fmt is TableFormat.json:
            out.json([r.to_json() for r in rows])
            return
        cols = [
            "序号",
            "文档编号",
            "版本/次",
            "版本",
            "文档名称",
            "类别",
            "实施日期",
            "页数",
            "开始页",
            "最近修订",
        ]
        cells = [
            [str(r.seq), r.number, r.version, r.vform, r.title, r.category,
             str(r.effective or ""), str(r.pages), f"第{r.start_page}页", str(r.last_change or "")]
            for r in rows
        ]  # fmt: skip
        out.tabular(fmt, f"受控文件清单 · {manual.meta.title} {manual.meta.number}", cols, cells)
