"""`qes bump`."""

from typing import Annotated

import typer

from qes_cli.cli.common import (
    AllowDirtyOption,
    DateOption,
    NoCommitOption,
    QesCommand,
    complete_documents,
    context,
    parse_date,
    today,
)


def register(app: typer.Typer) -> None:
    @app.command("bump", cls=QesCommand)
    def bump_cmd(
        ctx: typer.Context,
        reason: Annotated[
            str,
            typer.Option(
                "--reason", help="Why the document changes (goes into history and the commit)."
            ),
        ],
        minor: Annotated[
            bool,
            typer.Option(
                "--minor", help="Minor version: X/n → X/(n+1) (1–4 processes, annual review)."
            ),
        ] = False,
        major: Annotated[
            bool,
            typer.Option(
                "--major", help="Major version: X/n → next(X)/1 (≥5 processes, overall change)."
            ),
        ] = False,
        processes: Annotated[
            int | None,
            typer.Option(
                "--processes", help="Processes whose norms change; ≥5 means major.", min=0
            ),
        ] = None,
        date: DateOption = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Print the diff; write nothing.")
        ] = False,
        no_commit: NoCommitOption = False,
        allow_dirty: AllowDirtyOption = False,
        force: Annotated[
            bool, typer.Option("--force", help="Allow --minor although --processes is 5 or more.")
        ] = False,
        all_: Annotated[
            bool,
            typer.Option(
                "--all", help="Every versioned document at once (the annual review): one commit."
            ),
        ] = False,
        doc: Annotated[
            str | None,
            typer.Argument(
                help="QES-007, QES-007-2025 or a document file stem.",
                show_default=False,
                autocompletion=complete_documents,
            ),
        ] = None,
    ) -> None:
        """Release a new version of one document: history entry, toc.md, one commit and a tag.

        The tag is DOCUMENT-NUMBER/VERSION, e.g. QES-007-2025/A/4.

        Examples:

          qes bump QES-007 --minor --reason '备件出库流程调整'

          qes bump QES-007 --processes 6 --reason '华为 IT 系统切换' --date 2026-03-01

          qes bump QES-007 --major --reason '整体流程变动' --dry-run

          qes bump --all --processes 0 --reason '2026 年度审视'
        """
        from qes_cli.commands.bump import BumpRequest, bump, bump_all
        from qes_cli.errors import UsageError
        from qes_cli.text import tr, word

        rc = context(ctx)
        out = rc.output()
        if (doc is None) == (not all_):
            raise UsageError(tr("give one document, or --all for every versioned document"))
        request = BumpRequest(
            ref=doc or "",
            reason=reason,
            minor=minor,
            major=major,
            processes=processes,
            date=parse_date(date, "--date"),
            dry_run=dry_run,
            commit=not no_commit,
            allow_dirty=allow_dirty,
            force=force,
        )
        if all_:
            bulk = bump_all(rc.root(), request, today=today())
            if dry_run:
                out.out(bulk.diff)
            for r in bulk.results:
                out.out(
                    f"{r.number} {r.plan.old} ({r.plan.old.vform}) → {r.plan.new} ({r.plan.new.vform})"
                )
            n = len(bulk.results)
            if dry_run:
                out.err(rc.say(tr("dry run: nothing written")))
            elif bulk.draft:
                out.out(rc.say(tr("{n} drafts opened for review in one commit {sha}", n=n,
                                  sha=(bulk.commit or "")[:10])))  # fmt: skip
            elif bulk.commit:
                out.out(rc.say(tr("{n} documents released in one commit {sha}, one tag each",
                                  n=n, sha=bulk.commit[:10])))  # fmt: skip
            return
        result = bump(rc.root(), request, today=today())
        p = result.plan
        summary = rc.say(
            tr(
                "{number} {old} ({oldv}) → {new} ({newv}), {kind} version, {meeting} meeting, "
                "effective {date}",
                number=result.number,
                old=str(p.old),
                oldv=p.old.vform,
                new=str(p.new),
                newv=p.new.vform,
                kind=word(p.kind),
                meeting=word(p.meeting),
                date=str(result.date),
            )
        )
        if dry_run:
            out.out(result.diff)
            out.err(summary)
            out.err(rc.say(tr("dry run: nothing written")))
            return
        if result.draft:
            out.out(rc.say(tr(
                "{number}: draft {new} ({newv}) opened for review — in force stays {old}; next: "
                "qes review {number}, then qes approve {number}",
                number=result.number, new=str(p.new), newv=p.new.vform, old=str(p.old))))  # fmt: skip
            if result.commit:
                out.out(rc.say(tr("commit {sha}", sha=result.commit[:10])))
            return
        out.out(summary)
        if result.commit:
            out.out(rc.say(tr("commit {sha}, tag {tag}", sha=result.commit[:10], tag=result.tag)))
        else:
            out.out(rc.say(tr("files written; not committed (--no-commit)")))
