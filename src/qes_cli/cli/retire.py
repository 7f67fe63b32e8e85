"""`qes retire`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DateOption, DocArgument, QesCommand, context, parse_date, today


def register(app: typer.Typer) -> None:
    @app.command("retire", cls=QesCommand)
    def retire_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        reason: Annotated[str, typer.Option("--reason", help="Why the document is withdrawn.")],
        date: DateOption = None,
    ) -> None:
        """Retire (作废) a document: it leaves the table of contents, keeps its history.

        With approval required this opens the retirement for review and approval (qes review,
        qes approve); otherwise it takes effect at once. The file moves to manual/retired/,
        later seq values close up, and its number is never given again.

        Example: qes retire QES-012 --reason '并入 QES-004'
        """
        from qes_cli.commands.retire import retire
        from qes_cli.text import tr

        rc = context(ctx)
        result = retire(rc.root(), doc, reason=reason, today=today(),
                        date=parse_date(date, "--date"))  # fmt: skip
        out = rc.output()
        if result.draft:
            out.out(rc.say(tr("{number}: retirement opened for review (qes review, qes approve)",
                              number=result.number)))  # fmt: skip
        else:
            out.out(rc.say(tr("{number} retired (作废)", number=result.number)))
        if result.commit:
            out.out(rc.say(tr("commit {sha}", sha=result.commit[:10])))
