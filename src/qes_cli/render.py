"""Jinja2 environment: the manual's own `templates/` folder overrides the bundled templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PKG = Path(__file__).resolve().parent


def bundled_templates_dir() -> Path:
    """`qes_cli/templates` in an installed wheel, the repository's `templates/` in a checkout."""
    inside = _PKG / "templates"
    if inside.is_dir():
        return inside
    return _PKG.parents[1] / "templates"


def md_cell(value: object) -> str:
    """A value made safe for one Markdown table cell."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `-1`, `@SUM`) gets a
    leading quote, so an exported report can be opened in Excel safely."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def report_cell(value: object) -> str:
    """A Markdown table cell for an exported report, neutralised like a CSV cell."""
    return neutralise(md_cell(value))


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it reads back as the same string, else double-quoted."""
    import json
    import re

    import yaml

    if re.fullmatch(r"[^\s:#\-?\[\]{},&*!|>'\"%@`][^:#\[\]{},\n]*", text) and text == text.strip():
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def environment(manual_root: Path | None, *, html: bool = False) -> Any:
    """A jinja2 Environment; HTML templates autoescape, Markdown ones do not."""
    import jinja2

    search = []
    if manual_root is not None and (manual_root / "templates").is_dir():
        search.append(str(manual_root / "templates"))
    search.append(str(bundled_templates_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default=html),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md_cell"] = md_cell
    env.filters["report_cell"] = report_cell
    env.filters["yaml"] = yaml_scalar
    return env
