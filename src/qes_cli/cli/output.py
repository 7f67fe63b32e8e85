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

    #: above this many characters JSON is printed on one line: CPython's indenting encoder is
    #: pure Python (about 0.2 s for the incident rows of a million-row check-targets run),
    #: the compact one is C; scripts read both the same
    INDENT_LIMIT = 1 << 20

    def json(self, data: Any) -> None:
        compact = json.dumps(data, ensure_ascii=False, default=str)
        if len(compact) <= self.INDENT_LIMIT:
            compact = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write(compact + "\n")

    def table(
        self,
        title: str | None,
        columns: list[str],
        rows: list[list[str]],
        *,
        styles: dict[int, str] | None = None,
        optional: list[int] | None = None,
    ) -> None:
        """A rich table. At a narrow width (CI logs, pipes, 80 columns) the `optional` columns
        are left out, last first, until the rest fits with room for the titles."""
        from rich.cells import cell_len
        from rich.console import Console
        from rich.table import Table

        console = Console(soft_wrap=False)
        keep = list(range(len(columns)))
        for drop in reversed(optional or []):
            if _needed(columns, rows, keep) <= console.width:
                break
            keep.remove(drop)
        columns = [columns[i] for i in keep]
        rows = [[r[i] for i in keep] for r in rows]
        t = Table(title=title, show_lines=False, header_style="bold")
        for i, c in enumerate(columns):
            cells = [r[i] for r in rows if i < len(r)]
            if cells and all(_code_like(x) for x in cells):
                # numbers, codes and dates stay whole (QES-007-2025, A/3, 2025-01-24, 第198页)
                width = max([cell_len(c), *(cell_len(x) for x in cells)])
                t.add_column(c, style=(styles or {}).get(i), no_wrap=True, min_width=width)
            else:  # titles and reasons take the width that is left, wrapping at words
                t.add_column(c, style=(styles or {}).get(i), overflow="fold", ratio=1)
        for r in rows:
            t.add_row(*r)
        console.print(t)

    def csv_table(self, columns: list[str], rows: list[list[str]]) -> None:
        """UTF-8 CSV with a BOM (so Excel reads the Chinese right), formula cells neutralised."""
        import csv

        from qes_cli.render import neutralise

        sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([neutralise(c) for c in columns])
        writer.writerows([neutralise("" if c is None else str(c)) for c in r] for r in rows)

    def tabular(
        self,
        fmt: str,
        title: str | None,
        columns: list[str],
        rows: list[list[str]],
        *,
        optional: list[int] | None = None,
    ) -> None:
        """A report table as the user asked: rich table, Markdown or CSV (all columns)."""
        if fmt == "md":
            self.markdown_table(columns, rows)
        elif fmt == "csv":
            self.csv_table(columns, rows)
        else:
            self.table(title, columns, rows, optional=optional)

    def markdown_table(self, columns: list[str], rows: list[list[str]]) -> None:
        from qes_cli.render import report_cell

        self.out("| " + " | ".join(report_cell(c) for c in columns) + " |")
        self.out("|" + "---|" * len(columns))
        for r in rows:
            self.out("| " + " | ".join(report_cell(c) for c in r) + " |")


def _code_like(text: str) -> bool:
    """A cell that must not be broken: short, without spaces (a number, code, date, count)."""
    import re

    plain = re.sub(r"\[/?[a-z ]+\]", "", text)  # rich markup such as [green]met[/]
    return bool(re.fullmatch(r"[\x21-\x7e—]{0,16}|第[0-9]+页", plain.strip()))


def _needed(columns: list[str], rows: list[list[str]], keep: list[int]) -> int:
    """Width the kept columns need: code-like ones whole, others at least 12 cells."""
    from rich.cells import cell_len

    total = 1
    for i in keep:
        cells = [r[i] for r in rows]
        if cells and all(_code_like(x) for x in cells):
            total += max([cell_len(columns[i]), *(cell_len(x) for x in cells)]) + 3
        else:
            total += 12 + 3
    return total
