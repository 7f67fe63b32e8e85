"""targets.yaml: which targets, their seed wording, operator and threshold."""

from __future__ import annotations

import operator
from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from qes_cli.errors import InputError, MultiInputError
from qes_cli.text import tr

TargetId = Literal[
    "no-major-quality-accident",
    "no-major-network-security",
    "network-security-general",
    "no-major-information-security",
    "information-security-general",
    "no-major-ehs",
    "ehs-general",
    "satisfaction-monthly",
    "satisfaction-annual",
    "qa-spot-check",
    "qc-delivery-check",
]
TARGET_IDS: tuple[str, ...] = get_args(TargetId)
Op = Literal["==", "<=", "<", ">=", ">"]
OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq,
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: TargetId
    name: StrictStr = Field(min_length=1)
    op: Op
    threshold: StrictInt | StrictFloat

    def passes(self, actual: float) -> bool:
        return OPS[self.op](actual, self.threshold)


class TargetSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    targets: list[Target] = Field(min_length=1)


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
    if errors:
        raise MultiInputError(tr("{file}: invalid targets", file=file), errors)
    return parsed.targets
