"""`qes training-status [--region R] [--doc DOC]`: per region, the versions in force not yet
learned, with the days since they came into force (SPEC §6). The CLI exits 1 when anything is
outstanding, so a scheduled CI job can nag."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qes_cli.errors import UsageError
from qes_cli.rules.distribution import Outstanding, outstanding, regions
from qes_cli.rules.lookup import resolve_document
from qes_cli.store.loader import load_valid_manual, load_valid_people, load_valid_records
from qes_cli.text import tr


@dataclass(frozen=True, slots=True)
class TrainingStatus:
    today: dt.date
    regions: list[str]
    outstanding: list[Outstanding]
    language: str


def training_status(
    root: Path, *, today: dt.date, region: str | None = None, doc: str | None = None
) -> TrainingStatus:
    manual = load_valid_manual(root)
    people = load_valid_people(root)
    known = sorted(regions(people))
    if region is not None and region not in known:
        raise UsageError(
            tr("unknown region {region!r} (regions of people.yaml: {known})", region=region,
               known=", ".join(known) or "none")
        )  # fmt: skip
    number = resolve_document(manual, doc).doc.number if doc is not None else None
    found = outstanding(manual, people, load_valid_records(root), today, region=region,
                        number=number)  # fmt: skip
    return TrainingStatus(today, [region] if region else known, found, manual.meta.language)
