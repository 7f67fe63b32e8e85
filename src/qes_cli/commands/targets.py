"""`qes check-targets`: judge the quality targets of targets.yaml against the records in DATA."""

from __future__ import annotations

from pathlib import Path

from qes_cli.errors import ManualNotFoundError
from qes_cli.store.paths import display_path
from qes_cli.targets.config import load_targets
from qes_cli.targets.engine import ComplianceReport, by_year, judge_year
from qes_cli.targets.reader import read_records
from qes_cli.text import tr


def check_targets(
    data: Path,
    *,
    manual_root: Path | None,
    targets_file: Path | None = None,
    year: int | None = None,
) -> ComplianceReport:
    """Targets from `targets_file` (default: the manual's targets.yaml), judged per year."""
    if targets_file is None:
        if manual_root is None:
            raise ManualNotFoundError(
                tr("no manual found for its targets.yaml: give --manual DIR or --targets FILE")
            )
        targets_file = manual_root / "targets.yaml"
    targets = load_targets(targets_file)
    totals = read_records(data, file=display_path(data), only_year=year)
    per_year = by_year(totals)
    years = sorted(per_year) if year is None else [year]
    return ComplianceReport([judge_year(y, per_year.get(y), targets) for y in years], totals.rows)
