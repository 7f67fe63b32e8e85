"""`qes show`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, Format, QesCommand, context, labels

_FIELDS = [
    ("number", "number"), ("title", "title"), ("category", "category"), ("seq", "seq"),
    ("version", "version"), ("vform", "V-form"), ("effective", "effective"), ("pages", "pages"),
    ("start_page", "start page"), ("prepared_by", "prepared by"), ("reviewed_by", "reviewed by"),
    ("approved_by", "approved by"), ("parent", "part of"), ("file", "file"),
]  # fmt: skip


def register(app: typer.Typer) -> None:
    @app.command("show", cls=QesCommand)
    def show_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        fmt: Annotated[Format, typer.Option("--format", help="table, json or md.")] = Format.table,
    ) -> None:
        """One document: metadata, both version forms (A/3 = V1.2) and its full history.

        Examples: qes show QES-007;  qes show quality-roles --format json
        """
        from qes_cli.cli.list_cmd import page_label
        from qes_cli.commands.listing import show_document
        from qes_cli.text import translate

        rc = context(ctx)
        details = show_document(rc.root(), doc)
        lang = details.pop("language")
        out = rc.output()
        if fmt is Format.json:
            out.json(details)
            return
        shown = dict(details, start_page=page_label(details["start_page"], lang))
        meta_rows = [
            [translate(label, lang), str(shown[key])]
            for key, label in _FIELDS
            if shown.get(key) not in (None, "")
        ]
        hist_cols = labels(lang, "version", "V-form", "date", "kind", "reason", "processes",
                           "reviewed by", "approved by", "meeting")  # fmt: skip
        hist_rows = [
            [h["version"], h["vform"], h["date"], rc.word(h["kind"]), h["reason"],
             "" if h["processes"] is None else str(h["processes"]),
             h["reviewed_by"], h["approved_by"], rc.word(h["meeting"]) if h["meeting"] else ""]
            for h in details["history"]
        ]  # fmt: skip
        field_cols = labels(lang, "field", "value")
        if fmt is Format.md:
            out.markdown_table(field_cols, meta_rows)
            if hist_rows:
                out.out("")
                out.markdown_table(hist_cols, hist_rows)
            return
        out.table(details["title"], field_cols, meta_rows)
        if hist_rows:
            out.table(translate("Revision history", lang), hist_cols, hist_rows)
