"""Jinja2 rendering: the package's templates, overridable by the manual's own `templates/`.

Templates load through `ChoiceLoader([FileSystemLoader(manual/templates), PackageLoader])`, so
a manual can restyle any page. The manual is untrusted input (it arrives by merge request and
is checked in CI), so every template runs in jinja2's `SandboxedEnvironment`: no attribute
access to Python internals, no imports, no file access.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qes_cli.model.manual import Manual

TOC_TEMPLATE = "toc.md.j2"


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
    """A sandboxed jinja2 Environment; HTML templates autoescape, Markdown ones do not."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[jinja2.BaseLoader] = []
    if manual_root is not None and (manual_root / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(manual_root / "templates")))
    loaders.append(jinja2.PackageLoader("qes_cli", "templates"))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
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


def render(env: Any, name: str, **values: Any) -> str:
    """Render template `name`; a broken or forbidden template (the manual's own overrides are
    untrusted) is an input error naming the template and line, never a traceback."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from qes_cli.errors import InputError
    from qes_cli.text import tr

    try:
        return str(env.get_template(name).render(**values))
    except SecurityError as e:
        raise InputError(
            tr("template {name} tried something not allowed: {problem}", name=name, problem=str(e)),
            file=name,
        ) from e
    except jinja2.TemplateSyntaxError as e:
        raise InputError(
            tr("template error: {problem}", problem=str(e.message)),
            file=e.filename or name,
            line=e.lineno,
        ) from e
    except jinja2.TemplateError as e:
        raise InputError(tr("template error: {problem}", problem=str(e)), file=name) from e


def render_toc(manual: Manual) -> str:
    """toc.md as `qes toc` writes it."""
    from qes_cli.rules.toc import toc_rows

    env = environment(manual.root)
    return render(env, TOC_TEMPLATE, meta=manual.meta, rows=toc_rows(manual))
