"""`qes check-targets`: judge the quality targets of targets.yaml against the records in DATA."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qes_cli.errors import ManualNotFoundError, UsageError
from qes_cli.targets.config import Target, load_targets
from qes_cli.targets.engine import ComplianceReport, Totals, judge_all, quarter_of
from qes_cli.targets.reader import read_sources
from qes_cli.text import tr


@dataclass(frozen=True)
class Judged:
    """What a report is made from: the targets, the data's sums, the years to show."""

    targets: list[Target]
    totals: Totals
    years: list[int]


def targets_path(manual_root: Path | None, targets_file: Path | None) -> Path:
    if targets_file is not None:
        return targets_file
    if manual_root is None:
        raise ManualNotFoundError(
            tr("no manual found for its targets.yaml: give --manual DIR or --targets FILE")
        )
    return manual_root / "targets.yaml"


def load(
    data: list[Path],
    *,
    manual_root: Path | None,
    targets_file: Path | None = None,
    year: int | None = None,
    quarter: int | None = None,
    sheet: str | None = None,
) -> Judged:
    """Targets and data read and checked; the years to judge (`year`, else every year)."""
    if quarter is not None and year is None:
        raise UsageError(tr("--quarter needs --year (the quarter of which year?)"))
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise UsageError(tr("--quarter is 1, 2, 3 or 4 (got {quarter})", quarter=quarter))
    targets = load_targets(targets_path(manual_root, targets_file))
    totals = read_sources(data, sheet=sheet)
    present = sorted(totals.years)
    if year is None:
        return Judged(targets, totals, present)
    if year not in present:
        raise UsageError(
            tr("no rows in {year}: the data holds {years}", year=year,
               years=", ".join(map(str, present)) or tr("no valid rows at all"))
        )  # fmt: skip
    if quarter is not None:
        quarters = sorted({quarter_of(m) for m in totals.months(year)})
        if quarter not in quarters:
            raise UsageError(
                tr("no rows in {year} Q{quarter}: the data holds {quarters} of {year}",
                   year=year, quarter=quarter, quarters=", ".join(f"Q{q}" for q in quarters))
            )  # fmt: skip
    totals.keep_year(year)
    return Judged(targets, totals, [year])


def check_targets(
    data: list[Path] | Path,
    *,
    manual_root: Path | None,
    targets_file: Path | None = None,
    year: int | None = None,
    quarter: int | None = None,
    by_branch: bool = False,
    sheet: str | None = None,
) -> ComplianceReport:
    """Targets from `targets_file` (default: the manual's targets.yaml), judged per year (or
    the quarter of `year`), broken down by branch; every branch on its own with `by_branch`."""
    paths = [data] if isinstance(data, Path) else data
    judged = load(paths, manual_root=manual_root, targets_file=targets_file, year=year,
                  quarter=quarter, sheet=sheet)  # fmt: skip
    return judge_all(
        judged.totals, judged.targets, judged.years, quarter=quarter, by_branch=by_branch
    )
