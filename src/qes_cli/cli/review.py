"""`qes review`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, QesCommand, context


def register(app: typer.Typer) -> None:
    @app.command("review", cls=QesCommand)
    def review_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        reject: Annotated[
            bool, typer.Option("--reject", help="Send the draft back for rework (needs --reason).")
        ] = False,
        reason: Annotated[
            str | None,
            typer.Option("--reason", help="What must be reworked (with --reject), or a remark."),
        ] = None,
    ) -> None:
        """Sign the open draft of a document as its reviewer (审核), or send it back.

        The acting person is git's author identity (GIT_AUTHOR_EMAIL, else user.email),
        matched in manual/people.yaml, and must hold the manual's reviewer role. The record
        holds name, role, time and the SHA-256 of the body reviewed; one commit.

        Examples: qes review QES-007;  qes review QES-007 --reject --reason '流程图未更新'
        """
        from qes_cli.commands.review import review
        from qes_cli.text import tr

        rc = context(ctx)
        result = review(rc.root(), doc, reject=reject, reason=reason)
        s = result.signature
        if result.rejected:
            message = tr(
                "{number} {version} sent back by {name} ({role}): {reason}",
                number=result.number, version=result.version, name=s.name, role=s.role,
                reason=s.reason or "",
            )  # fmt: skip
        else:
            message = tr(
                "{number} {version} reviewed by {name} ({role}) at {at}, body sha256 {sha}",
                number=result.number, version=result.version, name=s.name, role=s.role, at=s.at,
                sha=s.sha256[:12],
            )  # fmt: skip
        out = rc.output()
        out.out(rc.say(message))
        if result.commit:
            out.out(rc.say(tr("commit {sha}", sha=result.commit[:10])))
