"""`qes diff`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, Format, QesCommand, context, labels


def register(app: typer.Typer) -> None:
    @app.command("diff", cls=QesCommand)
    def diff_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        old: Annotated[
            str, typer.Argument(help="Older released version: A/2 or V1.1.", show_default=False)
        ],
        new: Annotated[
            str, typer.Argument(help="Newer released version: A/3 or V1.2.", show_default=False)
        ],
        fmt: Annotated[
            Format, typer.Option("--format", help="table (text), json or md.")
        ] = Format.table,
    ) -> None:
        """What changed in a document between two released versions, read from git.

        Prints the changed metadata fields, the history entries added, and a unified diff
        of the Markdown body. A version that was never committed is an error (exit 2).

        Examples: qes diff QES-007 A/3 A/4;  qes diff QES-007 V1.2 V2.0 --format json
        """
        from qes_cli.commands.history import diff
        from qes_cli.text import tr

        rc = context(ctx)
        result = diff(rc.root(), doc, old, new)
        out = rc.output()
        if fmt is Format.json:
            out.json(result.to_json())
            return
        o, n = result.old, result.new
        head = f"{result.number} {o.version} ({(o.commit or '')[:10]}) → {n.version} ({(n.commit or '')[:10]})"
        unchanged = rc.say(tr("(body unchanged)"))
        if fmt is Format.md:
            out.out(f"### {head}\n")
            if result.metadata:
                out.markdown_table(
                    [*labels(result.language, "field"), o.version, n.version],
                    [[k, str(a), str(b)] for k, (a, b) in result.metadata.items()],
                )
            out.out("\n```diff\n" + (result.body_diff or unchanged + "\n") + "```")
            return
        out.out(head)
        for key, (a, b) in result.metadata.items():
            out.out(f"  {key}: {a} → {b}")
        for h in result.history_added:
            out.out(
                f"  + history {h.get('version')} {h.get('date')} {h.get('kind')}: {h.get('reason')}"
            )
        out.out(result.body_diff if result.body_diff else unchanged)
