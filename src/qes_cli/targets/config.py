"""targets.yaml: which targets, their wording, operator and threshold, and the rule each judges.

A target is a rule over the records (SPEC §4.1): which `record`, a `filter` on its columns, a
`measure` — `count` of rows, `ratio` of two sums (100 × Σchecked / Σtotal), `monthly-min` or
`annual-mean` of `value` — an `op` and a `threshold`. The eleven built-in ids of SPEC §4 carry
their rule in `BUILTIN_RULES` below, written exactly as a custom target would be, so their
entries in targets.yaml need only wording, op and threshold; a custom id spells its rule out.
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from qes_cli.errors import InputError, MultiInputError
from qes_cli.targets.vocab import RECORD_COLUMNS, VALUES, canonical
from qes_cli.text import tr

Op = Literal["==", "<=", "<", ">=", ">"]
OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq,
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}
Measure = Literal["count", "ratio", "monthly-min", "annual-mean"]
RecordKind = Literal["incident", "satisfaction", "inspection"]
#: the record kind each measure reads (count reads any)
MEASURE_RECORD = {
    "ratio": "inspection",
    "monthly-min": "satisfaction",
    "annual-mean": "satisfaction",
}
PERCENT_MEASURES = frozenset({"ratio", "monthly-min", "annual-mean"})
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class Rule(BaseModel):
    """What a target measures. `filter` maps a column to one value or a list of values (English
    or Chinese, as in the data); `per` (monthly-min, annual-mean) is the column the monthly
    scores are kept apart by — the seed's scores are per business line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record: RecordKind
    measure: Measure
    filter: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    per: Literal["business", "branch"] | None = None

    @field_validator("filter", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v,) if isinstance(v, str | int) else v for k, v in value.items()}
        return value

    @field_validator("filter", mode="after")
    @classmethod
    def _as_text(cls, value: dict[str, tuple[Any, ...]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(str(x) for x in v) for k, v in value.items()}


def _rule(record: RecordKind, measure: Measure, per: str | None = None, **filter: Any) -> Rule:
    return Rule.model_validate({"record": record, "measure": measure, "per": per, "filter": filter})


MAJOR, GENERAL = ["redline", "1"], ["2", "3", "4"]
#: SPEC §4's eleven targets, as rules (major = redline or level 1, general = level 2–4)
BUILTIN_RULES: dict[str, Rule] = {
    "no-major-quality-accident": _rule("incident", "count", domain="quality", level=MAJOR),
    "no-major-network-security": _rule("incident", "count", domain="network_security", level=MAJOR),
    "network-security-general": _rule("incident", "count", domain="network_security", level=GENERAL),
    "no-major-information-security": _rule("incident", "count", domain="information_security", level=MAJOR),
    "information-security-general": _rule("incident", "count", domain="information_security", level=GENERAL),
    "no-major-ehs": _rule("incident", "count", domain="ehs", level=MAJOR),
    "ehs-general": _rule("incident", "count", domain="ehs", level=GENERAL),
    "satisfaction-monthly": _rule("satisfaction", "monthly-min", per="business"),
    "satisfaction-annual": _rule("satisfaction", "annual-mean", per="business"),
    "qa-spot-check": _rule("inspection", "ratio", role="qa"),
    "qc-delivery-check": _rule("inspection", "ratio", role="qc"),
}  # fmt: skip
TARGET_IDS: tuple[str, ...] = tuple(BUILTIN_RULES)


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: StrictStr
    name: StrictStr = Field(min_length=1)
    op: Op
    threshold: StrictInt | StrictFloat
    record: RecordKind | None = None
    measure: Measure | None = None
    filter: dict[str, Any] | None = None
    per: Literal["business", "branch"] | None = None

    @property
    def rule(self) -> Rule:
        """The rule this target judges: the built-in one for SPEC §4's ids, else its own."""
        builtin = BUILTIN_RULES.get(self.id)
        if builtin is not None:
            return builtin
        return _rule(self.record or "incident", self.measure or "count", self.per,
                     **canonical_filter(self.record or "incident", self.filter or {}))  # fmt: skip

    @property
    def percent(self) -> bool:
        """Whether the figure is a percentage (shown with %)."""
        return self.rule.measure in PERCENT_MEASURES

    def passes(self, actual: float) -> bool:
        return OPS[self.op](actual, self.threshold)


class TargetSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    targets: list[Target] = Field(min_length=1)


def canonical_filter(record: str, raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """`raw` with every value in the contract's English (`网络安全` → network_security)."""
    out: dict[str, tuple[str, ...]] = {}
    for column, values in raw.items():
        items = values if isinstance(values, list | tuple) else [values]
        out[column] = tuple(canonical(column, str(v)) or str(v) for v in items)
    return out


def rule_problems(t: Target) -> list[tuple[str, Any]]:
    """What is wrong with `t`'s rule, each with the key (for the line) it concerns."""
    problems: list[tuple[str, Any]] = []
    given = {
        k: getattr(t, k)
        for k in ("record", "measure", "filter", "per")
        if getattr(t, k) is not None
    }
    builtin = BUILTIN_RULES.get(t.id)
    if builtin is not None:
        if given:
            record = t.record or builtin.record
            spelled = Rule(record=record, measure=t.measure or builtin.measure,
                           filter=canonical_filter(record, t.filter or {}), per=t.per)  # fmt: skip
            if spelled != builtin:
                problems.append((next(iter(given)), tr(
                    "{id!r} is a built-in target with a fixed rule; give a different rule a new id",
                    id=t.id)))  # fmt: skip
        return problems
    if not _ID_RE.match(t.id):
        problems.append(
            (
                "id",
                tr("a target id is lower-case letters, digits, '-' or '_' (got {id!r})", id=t.id),
            )
        )
        return problems
    if t.record is None or t.measure is None:
        near = difflib.get_close_matches(t.id, TARGET_IDS, n=1)
        hint = tr(" (did you mean {id!r}?)", id=near[0]) if near else ""
        problems.append(("id", tr(
            "{id!r} is not a built-in target{hint}: give its rule (record, measure, and optionally filter and per)",
            id=t.id, hint=hint)))  # fmt: skip
        return problems
    needs = MEASURE_RECORD.get(t.measure)
    if needs is not None and needs != t.record:
        problems.append(("measure", tr("measure {measure!r} reads {needs} records, not {record}",
                                       measure=t.measure, needs=needs, record=t.record)))  # fmt: skip
    columns = RECORD_COLUMNS[t.record]
    for column, values in (t.filter or {}).items():
        if column not in columns:
            problems.append(("filter", tr("filter column {column!r} is not a column of {record} records ({known})",
                                          column=column, record=t.record, known=", ".join(columns))))  # fmt: skip
            continue
        items = values if isinstance(values, list) else [values]
        if not items or not all(isinstance(v, str | int) and str(v).strip() for v in items):
            problems.append(
                ("filter", tr("filter {column!r}: give a value or a list of values", column=column))
            )
            continue
        if column in VALUES:
            unknown = [str(v) for v in items if canonical(column, str(v)) is None]
            if unknown:
                problems.append(("filter", tr("filter {column!r}: unknown value(s) {values}",
                                              column=column, values=", ".join(unknown))))  # fmt: skip
    if t.per is not None and (
        t.measure not in ("monthly-min", "annual-mean") or t.per not in columns
    ):
        problems.append(
            ("per", tr("'per' is for monthly-min and annual-mean, by a column of the record"))
        )
    return problems


def load_targets(path: Path) -> list[Target]:
    """Validated targets; any problem is an input error naming file and line (exit 2)."""
    from qes_cli.rules.validation import pydantic_findings
    from qes_cli.store.loader import read_text
    from qes_cli.store.paths import display_path
    from qes_cli.store.yamlread import load_yaml

    file = display_path(path)
    if not path.is_file():
        raise InputError(tr("targets file not found"), file=file)
    data, lines = load_yaml(read_text(path, file=file), file=file)
    try:
        parsed = TargetSet.model_validate(data)
    except ValidationError as e:
        errors = [
            InputError(f.message, file=f.file, line=f.line)
            for f in pydantic_findings(e, file, lines)
        ]
        raise MultiInputError(tr("{file}: invalid targets", file=file), errors) from e
    seen: dict[str, int] = {}
    errors = []
    for i, t in enumerate(parsed.targets):
        if t.id in seen:
            errors.append(
                InputError(
                    tr("target {id!r} listed twice", id=t.id),
                    file=file,
                    line=lines.get(("targets", i, "id")),
                )
            )
        seen[t.id] = i
        for key, message in rule_problems(t):
            line = lines.get(("targets", i, key)) or lines.get(("targets", i, "id"))
            errors.append(InputError(message, file=file, line=line))
    if errors:
        raise MultiInputError(tr("{file}: invalid targets", file=file), errors)
    return parsed.targets
