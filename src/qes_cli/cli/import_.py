"""`qes import`."""

from pathlib import Path
from typing import Annotated

import typer

from qes_cli.cli.common import (
    AllowDirtyOption,
    NoCommitOption,
    QesCommand,
    context,
    parse_date,
    today,
)


def register(app: typer.Typer) -> None:
    @app.command("import", cls=QesCommand)
    def import_cmd(
        ctx: typer.Context,
        paths: Annotated[
            list[Path],
            typer.Argument(
                help="Markdown (.md) or Word (.docx) files, or folders of them.",
                show_default=False,
            ),
        ],
        category: Annotated[
            str | None,
            typer.Option(
                "--category",
                help="类别 of the imported documents (else each one's front matter says it).",
            ),
        ] = None,
        number: Annotated[
            str | None,
            typer.Option(
                "--number",
                help="Keep this legacy number (one file; default: the next free serial).",
            ),
        ] = None,
        version: Annotated[
            str | None,
            typer.Option("--version", help="Keep this legacy version (one file; default A/1)."),
        ] = None,
        date: Annotated[
            str | None,
            typer.Option(
                "--date",
                help="In force since YYYY-MM-DD, approved on paper (default: front matter's effective, else today).",
            ),
        ] = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Say what would be created; write nothing.")
        ] = False,
        no_commit: NoCommitOption = False,
        allow_dirty: AllowDirtyOption = False,
    ) -> None:
        """Bring existing Markdown or Word (.docx) documents into the manual.

        Word documents are converted to Markdown (headings, lists, tables, bold/italic;
        images saved in documents/NUMBER/). The title comes from the front matter, else the
        first heading, else the Word title property, else the file name. A legacy number and
        version (option or front matter) are kept; otherwise the next free serial and A/1.
        Each document goes last in its category; toc.md is regenerated; everything is one
        commit with one tag NUMBER/VERSION per document. Nothing is written if any file has
        a problem: all of them are listed.

        Examples:

          qes import 旧文件/客户投诉处理规范.docx --category 预案机制及制度

          qes import old/ --category Procedures --date 2024-05-01 --dry-run

          qes import QP-07.md --number QES-007-2019 --version B/2 --date 2023-09-01
        """
        from qes_cli.commands.import_ import ImportRequest, import_documents
        from qes_cli.store.paths import display_path
        from qes_cli.text import entries, tr

        rc = context(ctx)
        request = ImportRequest(
            paths=tuple(paths),
            category=category,
            number=number,
            version=version,
            date=parse_date(date, "--date"),
            dry_run=dry_run,
            commit=not no_commit,
            allow_dirty=allow_dirty,
        )
        result = import_documents(rc.root(), request, today=today())
        out = rc.output()
        for d in result.documents:
            values = {
                "file": display_path(d.path), "source": d.source, "number": d.number,
                "version": d.version, "title": d.title, "title_from": rc.word(d.title_from),
                "category": d.category, "seq": d.seq, "date": d.effective.isoformat(),
            }  # fmt: skip
            if dry_run:
                line = tr(
                    "would create {file} from {source}: {number} {version} {title} (title from "
                    "{title_from}), {category}, seq {seq}, in force from {date}",
                    **values,
                )
            else:
                line = tr(
                    "created {file} from {source}: {number} {version} {title} (title from "
                    "{title_from}), {category}, seq {seq}, in force from {date}",
                    **values,
                )
            out.out(rc.say(line))
            if d.images:
                n = len(d.images)
                folder = display_path(d.images[0].parent)
                out.out(rc.say(tr("  {n} image(s) in {folder}", n=n, folder=folder)))
        for source in result.replaced:
            out.out(rc.say(tr("{source} is replaced by its import", source=source)))
        if result.shifted:
            n = len(result.shifted)
            out.out(rc.say(tr("seq shifted in {n} later {entries}", n=n, entries=entries(n))))
        if dry_run:
            out.out(rc.say(tr("dry run: nothing written")))
        elif result.commit:
            out.out(
                rc.say(
                    tr(
                        "commit {sha}, {n} tag(s): {tags}",
                        sha=result.commit[:10],
                        n=len(result.tags),
                        tags=", ".join(result.tags) or "—",
                    )
                )
            )
        else:
            out.out(rc.say(tr("files written; not committed (--no-commit)")))
