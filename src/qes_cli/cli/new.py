"""`qes new`."""

from typing import Annotated

import typer

from qes_cli.cli.common import (
    AllowDirtyOption,
    DateOption,
    NoCommitOption,
    QesCommand,
    complete_categories,
    context,
    parse_date,
    today,
)


def register(app: typer.Typer) -> None:
    @app.command("new", cls=QesCommand)
    def new_cmd(
        ctx: typer.Context,
        title: Annotated[str, typer.Option("--title", help="文档名称.")],
        category: Annotated[
            str,
            typer.Option(
                "--category",
                help="类别: one of manual.yaml's categories.",
                autocompletion=complete_categories,
            ),
        ],
        pages: Annotated[
            int, typer.Option("--pages", help="Page count (sets later start pages).", min=1)
        ] = 1,
        date: DateOption = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Print what would be written; write nothing.")
        ] = False,
        no_commit: NoCommitOption = False,
        allow_dirty: AllowDirtyOption = False,
    ) -> None:
        """Create a document with the next free serial at version A/1, last in its category.

        The number's year is the year of --date. Later entries' seq values shift by one,
        toc.md is regenerated, and everything is one commit tagged NUMBER/A/1.

        Example: qes new --title 客户投诉处理规范 --category 预案机制及制度 --pages 6
        """
        from qes_cli.commands.new import NewRequest, new_document
        from qes_cli.text import entries, tr

        rc = context(ctx)
        request = NewRequest(title=title, category=category, pages=pages, date=parse_date(date, "--date"),
                             commit=not no_commit, allow_dirty=allow_dirty, dry_run=dry_run)  # fmt: skip
        result = new_document(rc.root(), request, today=today())
        out = rc.output()
        if dry_run:
            out.out(result.diff)
            out.err(rc.say(tr("{number} would be {file} (seq {seq}); dry run: nothing written",
                              number=result.number, file=str(result.path), seq=result.seq)))  # fmt: skip
            return
        out.out(
            rc.say(
                tr(
                    "{number} A/1 (V1.0) {title}: seq {seq}, {file}",
                    number=result.number,
                    title=title,
                    seq=result.seq,
                    file=result.path.name,
                )
            )
        )
        if result.draft:
            out.out(rc.say(tr(
                "{number}: draft A/1 opened for review in {file} — not in force until approved "
                "(qes review {number}, then qes approve {number})",
                number=result.number, file=str(result.path))))  # fmt: skip
            if result.commit:
                out.out(rc.say(tr("commit {sha}", sha=result.commit[:10])))
            return
        if result.shifted:
            n = len(result.shifted)
            out.out(rc.say(tr("seq shifted in {n} later {entries}", n=n, entries=entries(n))))
        if result.commit:
            out.out(rc.say(tr("commit {sha}, tag {tag}", sha=result.commit[:10], tag=result.tag)))
        else:
            out.out(rc.say(tr("files written; not committed (--no-commit)")))
