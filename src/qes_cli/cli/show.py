"""`qes show`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, Format, QesCommand, context, labels

_FIELDS = [
    ("number", "number"), ("title", "title"), ("category", "category"), ("seq", "seq"),
    ("version", "version"), ("vform", "V-form"), ("effective", "effective"), ("pages", "pages"),
    ("start_page", "start page"), ("status", "status"), ("prepared_by", "prepared by"), ("reviewed_by", "reviewed by"),
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
        from qes_cli.cli.list_cmd import status_label

        draft = details["draft"]
        shown = dict(
            details,
            start_page=page_label(details["start_page"], lang) if details["start_page"] else "",
            status=status_label(details["status"], draft["version"] if draft else None, lang),
        )
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
            if draft:
                out.out("")
                out.markdown_table(field_cols, _draft_rows(draft, lang))
            return
        out.table(details["title"], field_cols, meta_rows)
        if hist_rows:
            out.table(translate("Revision history", lang), hist_cols, hist_rows)
        if draft:
            out.table(translate("Open draft", lang), field_cols, _draft_rows(draft, lang))


def _draft_rows(draft: dict[str, object], lang: str) -> list[list[str]]:
    """The open draft: what it changes, why, who opened, reviewed or sent it back."""
    from qes_cli.text import translate

    rows = [[translate("version", lang), str(draft["version"] or translate("retirement", lang))],
            [translate("date", lang), str(draft["date"])],
            [translate("reason", lang), str(draft["reason"])],
            [translate("opened by", lang), str(draft["opened_by"] or "")]]  # fmt: skip
    review = draft["review"]
    if isinstance(review, dict):
        rows.append([translate("reviewed by", lang), f"{review['name']} {review['at']}"])
    for r in draft["rejections"] or []:  # type: ignore[attr-defined]
        rows.append(
            [translate("sent back by", lang), f"{r['name']} {r['at']}: {r.get('reason') or ''}"]
        )
    return rows
