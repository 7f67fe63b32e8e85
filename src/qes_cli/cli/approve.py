"""`qes approve`."""

import typer

from qes_cli.cli.common import DocArgument, QesCommand, context


def register(app: typer.Typer) -> None:
    @app.command("approve", cls=QesCommand)
    def approve_cmd(ctx: typer.Context, doc: DocArgument) -> None:
        """Approve (批准) the reviewed draft of a document: this is the release.

        The version comes into force (or, for a retirement, the document leaves the table of
        contents), toc.md is regenerated, one commit and one annotated tag NUMBER/VERSION
        (signed when manual.yaml says signing: required). Refused unless the draft is reviewed,
        its body is exactly what the reviewer signed, and the approver is someone else who
        holds the approver role in people.yaml.

        Example: qes approve QES-007
        """
        from qes_cli.commands.approve import approve
        from qes_cli.text import tr

        rc = context(ctx)
        result = approve(rc.root(), doc)
        a = result.approver
        out = rc.output()
        if result.retired:
            out.out(rc.say(tr("{number} retired (作废), approved by {name}", number=result.number,
                              name=a.name if a else "")))  # fmt: skip
        else:
            out.out(rc.say(tr(
                "{number} {version} approved by {name} ({role}): in force from {date}",
                number=result.number, version=result.version, name=a.name if a else "",
                role=a.role if a else "", date=result.effective)))  # fmt: skip
        if result.commit:
            out.out(rc.say(tr("commit {sha}, tag {tag}", sha=result.commit[:10], tag=result.tag)))
