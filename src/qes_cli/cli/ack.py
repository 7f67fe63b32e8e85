"""`qes ack`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DateOption, DocArgument, QesCommand, context, parse_date, today


def register(app: typer.Typer) -> None:
    @app.command("ack", cls=QesCommand)
    def ack_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        date: DateOption = None,
        attendees: Annotated[
            int | None, typer.Option("--attendees", help="How many took part.", min=0)
        ] = None,
    ) -> None:
        """Record that your region learned the version in force of a document (区域组织学习).

        You must be a region's quality manager (质量经理 with a region in people.yaml); git's
        author e-mail says who you are. One commit; the record goes to manual/records/.

        Example: qes ack QES-007 --date 2026-03-05 --attendees 12
        """
        from qes_cli.commands.ack import ack
        from qes_cli.text import tr

        rc = context(ctx)
        result = ack(rc.root(), doc, today=today(), date=parse_date(date, "--date"),
                     attendees=attendees)  # fmt: skip
        out = rc.output()
        out.out(rc.say(tr("{number} {version} learned in {region} on {date} (recorded by {name})",
                          number=result.number, version=result.version, region=result.region,
                          date=str(result.date), name=result.by)))  # fmt: skip
        if result.commit:
            out.out(rc.say(tr("commit {sha}", sha=result.commit[:10])))
