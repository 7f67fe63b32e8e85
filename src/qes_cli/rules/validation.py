"""Validated models from plain YAML data, with pydantic's errors turned into findings.

One module for every file qes validates (documents, manual.yaml, targets.yaml, people.yaml):
each error becomes a `Finding` at the line of the offending key, with a message keyed by
pydantic's error *type* and context — never by its English wording, which changes between
pydantic releases — so it reads the same in every release and has a Chinese twin.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from qes_cli.rules.findings import Finding
from qes_cli.text import Text, reason, tr

Lines = dict[tuple[str | int, ...], int]
M = TypeVar("M", bound=BaseModel)


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


def describe(err: Any) -> Text:
    """What is wrong with one value, in our words, from pydantic's error type and context."""
    typ: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if typ == "value_error" and isinstance(ctx.get("error"), ValueError):
        first = reason(ctx["error"])  # one of our validators said it (a tr() message)
        return first if isinstance(first, Text) else Text(first, {})
    if typ in ("string_type", "string_sub_type"):
        return tr("should be text")
    if typ in ("int_type", "int_parsing", "int_from_float"):
        return tr("should be a whole number")
    if typ in ("float_type", "float_parsing"):
        return tr("should be a number")
    if typ in ("bool_type", "bool_parsing"):
        return tr("should be true or false")
    if typ in ("list_type", "tuple_type"):
        return tr("should be a list")
    if typ in ("dict_type", "model_type", "model_attributes_type"):
        return tr("should be a mapping (key: value)")
    if typ.startswith(("date_", "datetime_")):
        return tr("should be a date YYYY-MM-DD")
    if typ == "greater_than_equal":
        return tr("should be {limit} or more", limit=ctx.get("ge"))
    if typ == "greater_than":
        return tr("should be more than {limit}", limit=ctx.get("gt"))
    if typ == "less_than_equal":
        return tr("should be {limit} or less", limit=ctx.get("le"))
    if typ == "string_too_short":
        return tr("must not be empty")
    if typ == "string_too_long":
        return tr("should be at most {limit} characters", limit=ctx.get("max_length"))
    if typ == "too_short":
        return tr("needs at least {limit} item(s)", limit=ctx.get("min_length"))
    if typ == "literal_error":
        return tr("should be one of {expected}", expected=_expected(ctx))
    if typ == "string_pattern_mismatch":
        return tr("has the wrong form")
    if typ == "url_parsing" or typ.endswith("_parsing"):
        return tr("cannot be read as the expected kind of value")
    return Text(str(err.get("msg", typ)), {})  # a kind we have not met: pydantic's words


def pydantic_findings(
    error: ValidationError, file: str, lines: Lines, *, default_code: str = "QES105"
) -> list[Finding]:
    """Every error of `error` as a finding at the line of its key (or nearest parent key)."""
    out = []
    for err in error.errors():
        loc = tuple(err["loc"])
        key = loc
        while key and key not in lines:
            key = key[:-1]
        line = lines.get(key, lines.get((), 1))
        name = ".".join(str(p) for p in loc) or "(document)"
        typ = err["type"]
        if typ == "missing":
            code, msg = "QES101", tr("required field '{name}' is missing", name=name)
        elif typ == "extra_forbidden":
            code, msg = "QES102", tr("unknown field '{name}'", name=name)
        else:
            versionish = loc and loc[-1] == "version" and typ == "value_error"
            code = "QES120" if versionish else default_code
            detail = describe(err)
            if typ != "value_error" and "input" in err and not isinstance(err["input"], dict):
                msg = tr(
                    "{name}: {detail} (got {value!r})", name=name, detail=detail, value=err["input"]
                )
            else:
                msg = tr("{name}: {detail}", name=name, detail=detail)
        out.append(Finding(file, line, code, msg))
    return out


def validate(
    model: type[M], data: Any, file: str, lines: Lines, *, default_code: str = "QES105"
) -> tuple[M | None, list[Finding]]:
    """`data` as `model`, or None and the findings that say why not."""
    if not isinstance(data, dict):
        return None, [
            Finding(file, lines.get((), 1), default_code, tr("must be a mapping (key: value)"))
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        return None, pydantic_findings(e, file, lines, default_code=default_code)
