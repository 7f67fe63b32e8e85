"""`qes init`."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, context, parse_date, today


class Language(StrEnum):
    zh = "zh"
    en = "en"


def register(app: typer.Typer) -> None:
    @app.command("init", cls=QesCommand)
    def init_cmd(
        ctx: typer.Context,
        directory: Annotated[
            Path, typer.Argument(help="Folder to create the manual in (new or empty).")
        ] = Path("manual"),
        title: Annotated[
            str | None,
            typer.Option(
                "--title",
                help="Title of the manual (default: Quality Manual, in the label language).",
            ),
        ] = None,
        company: Annotated[str | None, typer.Option("--company", help="Organisation name.")] = None,
        prefix: Annotated[str, typer.Option("--prefix", help="Document number prefix.")] = "QES",
        lang: Annotated[
            Language,
            typer.Option(
                "--lang",
                help="Label language of the generated files: zh (Chinese labels, the default) or en (Contents, p. N).",
            ),
        ] = Language.zh,
        category: Annotated[
            list[str] | None,
            typer.Option(
                "--category",
                help="A category, in table-of-contents order; repeat it for each (default: a generic set of four).",
            ),
        ] = None,
        reviewer: Annotated[
            str | None,
            typer.Option(
                "--reviewer",
                help="Role that reviews every version (default: Quality Manager, in the label language).",
            ),
        ] = None,
        approver: Annotated[
            str | None,
            typer.Option(
                "--approver",
                help="Role that approves every version (default: General Manager, in the label language).",
            ),
        ] = None,
        number: Annotated[
            str | None,
            typer.Option("--number", help="The manual's own number (default PREFIX-001-YEAR)."),
        ] = None,
        date: Annotated[
            str | None, typer.Option("--date", help="Effective date YYYY-MM-DD (default: today).")
        ] = None,
    ) -> None:
        """Scaffold a new, valid manual: manual.yaml, targets.yaml, one document and toc.md.

        Asks for nothing: every value has a generic default, and every field is explained by
        a comment. Refuses a folder that is not empty.

        Examples:

          qes init

          qes init docs/manual --company "Example Co." --prefix QM

          qes init handbook --lang en --company "Example Ltd" --category Policy --category Procedures --reviewer "Quality Manager" --approver "Managing Director"
        """
        from qes_cli.commands.init import InitRequest, init_manual, next_step
        from qes_cli.text import tr

        request = InitRequest(
            title=title,
            company=company,
            prefix=prefix,
            number=number,
            date=parse_date(date, "--date"),
            language=lang.value,
            categories=tuple(category or ()),
            reviewer=reviewer,
            approver=approver,
        )
        files = init_manual(directory, request, today=today())
        rc = context(ctx)
        out = rc.output()
        for f in files:
            out.out(rc.say(tr("created {path}", path=str(f))))
        out.err(rc.say(next_step(directory)))
