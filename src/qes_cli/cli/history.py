"""`qes history`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, TableFormat, context, reports_errors


def register(app: typer.Typer) -> None:
    @app.command("history")
    @reports_errors
    def history_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        fmt: Annotated[
            TableFormat, typer.Option("--format", help="table, json, md or csv (Excel).")
        ] = TableFormat.table,
    ) -> None:
        """A document's revision history joined with the git commit and tag that released each version.

        A version released by `qes bump` has its tag; an older one is matched to the first
        commit whose front matter carries it; one never committed shows no commit.

        Example: qes history QES-007
        """
        from qes_cli.archive import releases
        from qes_cli.errors import UsageError
        from qes_cli.gitrepo import GitRepo
        from qes_cli.lookup import resolve_document
        from qes_cli.store.loader import load_valid_manual
        from qes_cli.text import tr

        rc = context(ctx)
        root = rc.root()
        manual = load_valid_manual(root)
        entry = resolve_document(manual, doc)
        if not entry.doc.history:
            raise UsageError(
                tr("{title!r} is not versioned: it has no history", title=entry.doc.title)
            )
        rel = releases(GitRepo(root), entry)
        rows = []
        for h in entry.doc.history:
            r = rel[h.version]
            rows.append({
                "version": h.version, "vform": h.code.vform, "date": h.date.isoformat(), "kind": h.kind,
                "reason": h.reason, "reviewed_by": h.reviewed_by, "approved_by": h.approved_by,
                "meeting": h.meeting, "commit": r.commit, "tag": r.tag, "committed": r.committed,
            })  # fmt: skip
        out = rc.output()
        if fmt is TableFormat.json:
            out.json({"document": entry.doc.number or entry.stem, "history": rows})
            return
        cols = ["版本/次", "版本", "日期", "类型", "原因", "会议", "commit", "tag"]
        cells = [
            [r["version"], r["vform"], r["date"], r["kind"], r["reason"],
             r["meeting"] or "", (r["commit"] or "—")[:10], r["tag"] or ""]
            for r in rows
        ]  # fmt: skip
        out.tabular(fmt, f"{entry.doc.number} {entry.doc.title}", cols, cells)
