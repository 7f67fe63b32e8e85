"""`qes init`."""

from pathlib import Path
from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, context, parse_date, today


def register(app: typer.Typer) -> None:
    @app.command("init", cls=QesCommand)
    def init_cmd(
        ctx: typer.Context,
        directory: Annotated[
            Path, typer.Argument(help="Folder to create the manual in (new or empty).")
        ] = Path("manual"),
        title: Annotated[str, typer.Option("--title", help="手册名称.")] = "服务质量体系手册",
        company: Annotated[str, typer.Option("--company", help="Organisation name.")] = "本公司",
        prefix: Annotated[str, typer.Option("--prefix", help="Document number prefix.")] = "QES",
        number: Annotated[
            str | None,
            typer.Option("--number", help="The manual's own number (default PREFIX-001-YEAR)."),
        ] = None,
        date: Annotated[
            str | None, typer.Option("--date", help="Effective date YYYY-MM-DD (default: today).")
        ] = None,
    ) -> None:
        """Scaffold a new, valid manual: manual.yaml, targets.yaml, one document and toc.md.

        Every field is explained by a comment. Refuses a folder that is not empty.

        Examples: qes init;  qes init docs/manual --company 示例科技有限公司 --number QES-015-2026
        """
        from qes_cli.commands.init import InitRequest, init_manual
        from qes_cli.text import tr

        request = InitRequest(
            title=title,
            company=company,
            prefix=prefix,
            number=number,
            date=parse_date(date, "--date"),
        )
        files = init_manual(directory, request, today=today())
        rc = context(ctx)
        out = rc.output()
        for f in files:
            out.out(rc.say(tr("created {path}", path=str(f))))
        from qes_cli.commands.init import next_step

        out.err(rc.say(next_step(directory)))
