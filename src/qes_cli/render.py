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


MAX_TEMPLATE_TEXT = 50 * 1024 * 1024  # characters one template operation may build


def _sandbox() -> Any:
    """jinja2's sandbox, also bounded in memory: `'x' * 10**9` and friends are refused."""
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 1000:
                raise OverflowError("exponent too large")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and (
                        len(seq) * n > MAX_TEMPLATE_TEXT
                    ):  # fmt: skip
                        raise OverflowError("repetition too large")
            return super().call_binop(context, operator, left, right)

    return Bounded


def _manual_loader(root: Path) -> Any:
    """The manual's own templates/: read only when a regular file inside the manual, of at
    most the size limit — a link to /proc/self/environ, a FIFO or a device is refused before
    anything reads it (the manual is untrusted input)."""
    import os
    import stat

    import jinja2

    from qes_cli.errors import InputError, UsageError
    from qes_cli.store.loader import MAX_FILE_BYTES
    from qes_cli.store.paths import display_path, inside
    from qes_cli.text import tr

    folder = root / "templates"

    def refuse(path: Path) -> None:
        file = display_path(path)
        try:
            inside(root, path)
            info = os.stat(path)
        except UsageError as e:
            raise InputError(tr("symbolic link points outside the manual folder"), file=file) from e
        except (OSError, RuntimeError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            raise InputError(tr("cannot read: {reason}", reason=reason), file=file) from e
        if not stat.S_ISREG(info.st_mode) and path != folder:
            raise InputError(tr("not a regular file (a folder, FIFO or device?)"), file=file)
        if path != folder and info.st_size > MAX_FILE_BYTES:
            raise InputError(
                tr("file too large (more than {limit} bytes)", limit=MAX_FILE_BYTES), file=file
            )

    class ManualTemplates(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            from jinja2.loaders import split_template_path

            refuse(folder)
            path = folder.joinpath(*split_template_path(template))
            if os.path.lexists(path):
                refuse(path)
            return super().get_source(environment, template)

    return ManualTemplates(str(folder))


def environment(manual_root: Path | None, *, html: bool = False) -> Any:
    """A sandboxed jinja2 Environment; HTML templates autoescape, Markdown ones do not."""
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if manual_root is not None and (manual_root / "templates").is_dir():
        loaders.append(_manual_loader(manual_root))
    loaders.append(jinja2.PackageLoader("qes_cli", "templates"))
    env = _sandbox()(
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
    except (OverflowError, MemoryError) as e:
        raise InputError(
            tr("template {name} tried something not allowed: {problem}", name=name,
               problem=str(e) or type(e).__name__),
            file=name,
        ) from e  # fmt: skip
    except RecursionError as e:
        raise InputError(
            tr("template {name} includes or extends itself without end", name=name), file=name
        ) from e
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
    from qes_cli.rules.toc import toc_labels, toc_rows

    env = environment(manual.root)
    labels = toc_labels(manual.meta.title, manual.meta.language)
    return render(env, TOC_TEMPLATE, meta=manual.meta, rows=toc_rows(manual), labels=labels)
