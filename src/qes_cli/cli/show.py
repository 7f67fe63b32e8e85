"""`qes show`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, Format, context, reports_errors

_FIELDS = [
    ("number", "文档编号"), ("title", "文档名称"), ("category", "类别"), ("seq", "序号"),
    ("version", "版本/次"), ("vform", "版本"), ("effective", "实施日期"), ("pages", "页数"),
    ("start_page", "开始页"), ("prepared_by", "编制"), ("reviewed_by", "审核"), ("approved_by", "批准"),
    ("parent", "所属文件"), ("file", "文件"),
]  # fmt: skip


def register(app: typer.Typer) -> None:
    @app.command("show")
    @reports_errors
    def show_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        fmt: Annotated[Format, typer.Option("--format", help="table, json or md.")] = Format.table,
    ) -> None:
        """One document: metadata, both version forms (A/3 = V1.2) and its full history.

        Examples: qes show QES-007;  qes show quality-roles --format json
        """
        from qes_cli.lookup import resolve_document
        from qes_cli.register import document_details
        from qes_cli.store.loader import load_valid_manual

        rc = context(ctx)
        manual = load_valid_manual(rc.root())
        details = document_details(manual, resolve_document(manual, doc))
        out = rc.output()
        if fmt is Format.json:
            out.json(details)
            return
        meta_rows = [
            [label, str(details[key])]
            for key, label in _FIELDS
            if details.get(key) not in (None, "")
        ]
        hist_cols = ["版本/次", "版本", "日期", "类型", "原因", "流程数", "审核", "批准", "会议"]
        hist_rows = [
            [h["version"], h["vform"], h["date"], h["kind"], h["reason"], "" if h["processes"] is None else str(h["processes"]),
             h["reviewed_by"], h["approved_by"], h["meeting_label"]]
            for h in details["history"]
        ]  # fmt: skip
        if fmt is Format.md:
            out.markdown_table(["字段", "值"], meta_rows)
            if hist_rows:
                out.out("")
                out.markdown_table(hist_cols, hist_rows)
            return
        out.table(details["title"], ["字段", "值"], meta_rows)
        if hist_rows:
            out.table("修订历史", hist_cols, hist_rows)
