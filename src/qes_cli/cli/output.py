"""All printing: data to stdout, diagnostics to stderr, JSON alone on stdout."""

from __future__ import annotations

import json
import sys
from typing import Any


class Output:
    """Consoles for one command run; rich is imported only when a table is printed."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang

    def out(self, text: str = "") -> None:
        sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))

    def err(self, text: str) -> None:
        sys.stderr.write(text + ("\n" if not text.endswith("\n") else ""))

    def json(self, data: Any) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

    def table(
        self,
        title: str | None,
        columns: list[str],
        rows: list[list[str]],
        *,
        styles: dict[int, str] | None = None,
    ) -> None:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=title, show_lines=False, header_style="bold")
        for i, c in enumerate(columns):
            t.add_column(c, style=(styles or {}).get(i), overflow="fold")
        for r in rows:
            t.add_row(*r)
        Console(soft_wrap=False).print(t)

    def csv_table(self, columns: list[str], rows: list[list[str]]) -> None:
        """UTF-8 CSV with a BOM (so Excel reads the Chinese right), formula cells neutralised."""
        import csv

        from qes_cli.render import neutralise

        sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([neutralise(c) for c in columns])
        writer.writerows([neutralise("" if c is None else str(c)) for c in r] for r in rows)

    def tabular(
        self, fmt: str, title: str | None, columns: list[str], rows: list[list[str]]
    ) -> None:
        """A report table as the user asked: rich table, Markdown or CSV."""
        if fmt == "md":
            self.markdown_table(columns, rows)
        elif fmt == "csv":
            self.csv_table(columns, rows)
        else:
            self.table(title, columns, rows)

    def markdown_table(self, columns: list[str], rows: list[list[str]]) -> None:
        from qes_cli.render import report_cell

        self.out("| " + " | ".join(report_cell(c) for c in columns) + " |")
        self.out("|" + "---|" * len(columns))
        for r in rows:
            self.out("| " + " | ".join(report_cell(c) for c in r) + " |")
