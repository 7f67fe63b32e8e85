"""`qes notice`."""

from enum import StrEnum
from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, context, today


class NoticeFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("notice", cls=QesCommand)
    def notice_cmd(
        ctx: typer.Context,
        since: Annotated[
            str | None,
            typer.Option("--since", help="A date YYYY-MM-DD or a tag (default: the last notice)."),
        ] = None,
        fmt: Annotated[
            NoticeFormat,
            typer.Option(
                "--format", help="md (for a mail), html (one self-contained page) or json."
            ),
        ] = NoticeFormat.md,
        mark: Annotated[
            bool,
            typer.Option(
                "--mark", help="Tag today's notice (notice/DATE): the next one starts after it."
            ),
        ] = False,
    ) -> None:
        """The change notice to all staff (更新内容全员通知): what came into force since the last one.

        Every version that came into force and every retirement since --since (by default the
        day after the last notice/DATE tag, else everything), oldest first: number, title, old
        → new version in both forms, kind, reason, processes, meeting, effective date, reviewer
        and approver.

        Examples: qes notice;  qes notice --since 2026-01-01 --format html > 通知.html;  qes notice --mark
        """
        from qes_cli.commands.notice import notice, render_notice
        from qes_cli.text import tr

        rc = context(ctx)
        result = notice(rc.root(), since=since, today=today(), mark=mark)
        out = rc.output()
        if fmt is NoticeFormat.json:
            out.json(result.to_json())
        else:
            out.out(render_notice(result, fmt.value))
        out.err(rc.say(tr("{n} change(s) in the notice", n=len(result.changes))))
        if result.marked:
            out.err(rc.say(tr("marked: tag {tag}", tag=result.marked)))
