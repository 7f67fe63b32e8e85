"""Judge the targets against the records' sums (SPEC §4, §4.1). Pure: the reader
(`targets/reader.py`) streams the rows into `Totals`; this judges them, per calendar year (or
quarter), for the whole organisation or one branch.

Every target is a rule (`config.Rule`): a `record` kind, a `filter` on its columns, a `measure`:

- `count`: the rows that match. Incident rows are kept one by one (they are few), so a count
  names its rows (`FILE:LINE`, date, domain, level, branch). A year with any row is judged for
  incidents (no incident rows is a count of 0); other records with no rows are `no-data`.
- `ratio`: 100 × Σchecked / Σtotal of the matching inspection rows; `no-data` when Σtotal is 0.
- `monthly-min`: a (month, per) score is the mean of its rows; the figure is the lowest score,
  and the details list every score below the threshold.
- `annual-mean`: per `per` group the mean of its monthly scores, overall the mean of those.
  In a quarter it is the same over the quarter's months.

Major incident = redline or level 1; general = level 2 and below (the built-in filters). A
percentage is rounded to 2 decimals and judged as shown. With branches in the data, every
target's details break the figure down by branch (`by_branch`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from qes_cli.targets.config import Rule, Target
from qes_cli.targets.vocab import BUSINESS_ORDER

Status = Literal["met", "missed", "no-data"]


@dataclass
class Totals:
    """Running sums of valid records: all the engine needs, bounded by years × months ×
    branches × kinds whatever the number of rows, plus one small tuple per incident."""

    #: (year, month, domain, level, branch, where "FILE:LINE", date as written in ISO form)
    incidents: list[tuple[int, int, str, str, str, str, str]] = field(default_factory=list)
    #: (year, month, business, branch) → [sum of values, rows]
    satisfaction: dict[tuple[int, int, str, str], list[float]] = field(default_factory=dict)
    #: (year, month, role, branch) → [Σchecked, Σtotal, rows]
    inspection: dict[tuple[int, int, str, str], list[int]] = field(default_factory=dict)
    rows: int = 0
    #: branch names in the order first seen ("" for rows without one); empty: no branch column
    branches: dict[str, None] = field(default_factory=dict)
    #: totals rows left out: (file, line, first cell)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def years(self) -> set[int]:
        """Calendar years that have any valid row."""
        found = {r[0] for r in self.incidents}
        found.update(k[0] for k in self.satisfaction)
        found.update(k[0] for k in self.inspection)
        return found

    def months(self, year: int) -> set[int]:
        found = {r[1] for r in self.incidents if r[0] == year}
        found.update(k[1] for k in self.satisfaction if k[0] == year)
        found.update(k[1] for k in self.inspection if k[0] == year)
        return found

    def keep_year(self, year: int) -> None:
        """Drop the sums of every other year."""
        self.incidents = [r for r in self.incidents if r[0] == year]
        self.satisfaction = {k: v for k, v in self.satisfaction.items() if k[0] == year}
        self.inspection = {k: v for k, v in self.inspection.items() if k[0] == year}


QUARTER_MONTHS = {q: frozenset(range(3 * q - 2, 3 * q + 1)) for q in range(1, 5)}


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


@dataclass(frozen=True)
class Scope:
    """What is judged: a year, optionally a quarter of it, optionally one branch."""

    year: int
    quarter: int | None = None
    branch: str | None = None

    def has(self, year: int, month: int, branch: str) -> bool:
        return (
            year == self.year
            and (self.quarter is None or month in QUARTER_MONTHS[self.quarter])
            and (self.branch is None or branch == self.branch)
        )

    def label(self) -> str:
        """`2025`, `2025-Q2`: where a month-less label is needed."""
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"


@dataclass(frozen=True)
class TargetResult:
    id: str
    name: str
    actual: float | int | None
    threshold: float | int
    op: str
    status: Status
    details: dict[str, Any]
    percent: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "actual": self.actual, "threshold": self.threshold,
                "op": self.op, "status": self.status, "details": self.details}  # fmt: skip


def _all_met(targets: list[TargetResult]) -> bool:
    """Met only when every target is met (no-data is never met)."""
    return all(t.status == "met" for t in targets)


@dataclass(frozen=True)
class BranchResult:
    branch: str
    targets: list[TargetResult]

    @property
    def met(self) -> bool:
        return _all_met(self.targets)

    def to_json(self) -> dict[str, Any]:
        return {"branch": self.branch, "met": self.met,
                "targets": [t.to_json() for t in self.targets]}  # fmt: skip


@dataclass(frozen=True)
class YearResult:
    year: int
    targets: list[TargetResult]
    quarter: int | None = None
    branches: list[BranchResult] | None = None  # judged on their own (--by branch)

    @property
    def met(self) -> bool:
        """A year is met only when every target is met (no-data is never met), in every
        branch too when branches are judged on their own."""
        return _all_met(self.targets) and all(b.met for b in self.branches or [])

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"year": self.year, "met": self.met,
                               "targets": [t.to_json() for t in self.targets]}  # fmt: skip
        if self.quarter is not None:
            out["quarter"] = self.quarter
        if self.branches is not None:
            out["branches"] = [b.to_json() for b in self.branches]
        return out


@dataclass(frozen=True)
class ComplianceReport:
    years: list[YearResult]
    records: int = 0
    skipped: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.years) and all(y.met for y in self.years)

    @property
    def missed(self) -> list[tuple[int, TargetResult]]:
        found = [(y.year, t) for y in self.years for t in y.targets if t.status == "missed"]
        for y in self.years:
            for b in y.branches or []:
                found += [(y.year, t) for t in b.targets if t.status == "missed"]
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "years": [y.to_json() for y in self.years],
            "skipped": [{"file": f, "line": n, "cell": c} for f, n, c in self.skipped],
        }


def _r2(x: float) -> float:
    return round(x + 0.0, 2)


def _judge(t: Target, actual: float | int | None, details: dict[str, Any]) -> TargetResult:
    if actual is None:
        status: Status = "no-data"
    else:
        status = "met" if t.passes(actual) else "missed"
    return TargetResult(t.id, t.name, actual, t.threshold, t.op, status, details, t.percent)


def _allows(rule: Rule, column: str, value: str) -> bool:
    allowed = rule.filter.get(column)
    return allowed is None or value in allowed


@dataclass
class _Index:
    """The sums by (year, branch), built once per Totals: a scope reads only its own part."""

    incidents: dict[tuple[int, str], dict[tuple[int, str, str], list[Any]]]
    satisfaction: dict[tuple[int, str], dict[tuple[int, str], list[float]]]
    inspection: dict[tuple[int, str], dict[tuple[int, str], list[int]]]
    branches: dict[int, list[str]]

    @classmethod
    def of(cls, totals: Totals) -> _Index:
        inc: dict[tuple[int, str], dict[tuple[int, str, str], list[Any]]] = {}
        for r in totals.incidents:
            inc.setdefault((r[0], r[4]), {}).setdefault((r[1], r[2], r[3]), []).append(r)
        sat: dict[tuple[int, str], dict[tuple[int, str], list[float]]] = {}
        for (year, month, business, branch), acc in totals.satisfaction.items():
            sat.setdefault((year, branch), {})[(month, business)] = acc
        insp: dict[tuple[int, str], dict[tuple[int, str], list[int]]] = {}
        for (year, month, role, branch), acc2 in totals.inspection.items():
            insp.setdefault((year, branch), {})[(month, role)] = acc2
        branches: dict[int, list[str]] = defaultdict(list)
        for year, branch in {*inc, *sat, *insp}:
            branches[year].append(branch)
        return cls(inc, sat, insp, branches)


def _row_order(row: tuple[Any, ...]) -> tuple[str, str, int]:
    """Date, then file, then line as a number (FILE:LINE)."""
    file, _, line = str(row[5]).rpartition(":")
    return str(row[6]), file, int(line) if line.isdigit() else 0


class _Facts:
    """The sums of one scope, narrowed to one rule's rows."""

    def __init__(self, totals: Totals, index: _Index, scope: Scope) -> None:
        self.totals, self.index, self.scope = totals, index, scope
        months = QUARTER_MONTHS[scope.quarter] if scope.quarter else None
        self.months = months
        year = scope.year
        names = [scope.branch] if scope.branch is not None else index.branches.get(year, [])
        self.parts = [(year, b) for b in names]

    def incidents(self, rule: Rule) -> list[Any]:
        rows: list[Any] = []
        for part in self.parts:
            for (month, domain, level), found in self.index.incidents.get(part, {}).items():
                if (
                    (self.months is None or month in self.months)
                    and _allows(rule, "domain", domain)
                    and _allows(rule, "level", level)
                    and _allows(rule, "branch", part[1])
                ):
                    rows += found
        rows.sort(key=_row_order)
        return rows

    def satisfaction(self, rule: Rule) -> Iterable[tuple[int, str, str, list[float]]]:
        """(month, business, branch, [sum, n]) of the matching cells."""
        for part in self.parts:
            if not _allows(rule, "branch", part[1]):
                continue
            for (month, business), acc in self.index.satisfaction.get(part, {}).items():
                if (self.months is None or month in self.months) and _allows(
                    rule, "business", business
                ):
                    yield month, business, part[1], acc

    def inspection(self, rule: Rule) -> Iterable[tuple[int, str, str, list[int]]]:
        for part in self.parts:
            if not _allows(rule, "branch", part[1]):
                continue
            for (month, role), acc in self.index.inspection.get(part, {}).items():
                if (self.months is None or month in self.months) and _allows(rule, "role", role):
                    yield month, role, part[1], acc


def _monthly_scores(facts: _Facts, rule: Rule) -> dict[tuple[int, str], float]:
    """(month, per-group) → mean of its rows; the group is '' when the rule has no `per`."""
    sums: dict[tuple[int, str], list[float]] = {}
    for month, business, branch, (s, n) in facts.satisfaction(rule):
        group = business if rule.per == "business" else branch if rule.per == "branch" else ""
        acc = sums.setdefault((month, group), [0.0, 0.0])
        acc[0] += s
        acc[1] += n
    return {key: s / n for key, (s, n) in sums.items()}


def _group_order(groups: Iterable[str], rule: Rule, totals: Totals) -> list[str]:
    found = set(groups)
    if rule.per == "business":
        return [b for b in BUSINESS_ORDER if b in found]
    if rule.per == "branch":
        return [b for b in totals.branches if b in found]
    return sorted(found)


def figure(
    rule: Rule, t: Target, facts: _Facts, *, details: bool = True
) -> tuple[float | int | None, dict[str, Any]]:
    """The figure of `rule` in `facts`' scope and (unless `details` is False, as for the
    breakdown by branch) what lies behind it."""
    year = facts.scope.year
    if rule.measure == "count":
        if rule.record == "incident":
            rows = facts.incidents(rule)
            if not details:
                return len(rows), {}
            return len(rows), {"rows": [
                {"at": r[5], "date": r[6], "domain": r[2], "level": r[3], **({"branch": r[4]} if r[4] else {})}
                for r in rows]}  # fmt: skip
        cells = (
            facts.satisfaction(rule) if rule.record == "satisfaction" else facts.inspection(rule)
        )
        n = sum(acc[-1] for *_, acc in cells)
        return (int(n) if n else None), {}
    if rule.measure == "ratio":
        checked = total = 0
        for *_, acc in facts.inspection(rule):
            checked += acc[0]
            total += acc[1]
        if total == 0:
            return None, {}
        return _r2(100.0 * checked / total), {"checked": checked, "total": total}
    scores = _monthly_scores(facts, rule)
    if not scores:
        return None, {}
    name = rule.per or ""
    if rule.measure == "monthly-min":
        below = [
            {"month": f"{year}-{month:02d}", **({name: group} if name else {}), "score": _r2(score)}
            for (month, group), score in sorted(scores.items())
            if not t.passes(_r2(score))
        ]
        return _r2(min(scores.values())), {"scores": len(scores), "below": below}
    per: dict[str, list[float]] = defaultdict(list)
    for (_month, group), score in scores.items():
        per[group].append(score)
    annual = {g: sum(v) / len(v) for g, v in per.items()}
    overall = sum(annual.values()) / len(annual)
    if not name:
        return _r2(overall), {"months": len(per[""])}
    ordered = _group_order(annual, rule, facts.totals)
    return _r2(overall), {f"per_{name}": {g: _r2(annual[g]) for g in ordered},
                          "months": {g: len(per[g]) for g in ordered}}  # fmt: skip


def _judge_target(
    t: Target, totals: Totals, index: _Index, scope: Scope, breakdown: bool
) -> TargetResult:
    rule = t.rule
    actual, details = figure(rule, t, _Facts(totals, index, scope))
    if breakdown and totals.branches:
        details["by_branch"] = {
            b: figure(
                rule, t, _Facts(totals, index, Scope(scope.year, scope.quarter, b)), details=False
            )[0]
            for b in totals.branches
        }
    return _judge(t, actual, details)


def judge(
    totals: Totals,
    targets: list[Target],
    year: int,
    *,
    quarter: int | None = None,
    by_branch: bool = False,
    index: _Index | None = None,
) -> YearResult:
    """One year (or quarter): every target for the whole organisation — broken down by branch
    when the data has branches — and, with `by_branch`, every branch judged on its own."""
    index = index or _Index.of(totals)
    scope = Scope(year, quarter)
    results = [_judge_target(t, totals, index, scope, True) for t in targets]
    branches = None
    if by_branch:
        branches = [
            BranchResult(
                b,
                [_judge_target(t, totals, index, Scope(year, quarter, b), False) for t in targets],
            )
            for b in totals.branches
        ]
    return YearResult(year, results, quarter, branches)


def judge_all(
    totals: Totals,
    targets: list[Target],
    years: list[int],
    *,
    quarter: int | None = None,
    by_branch: bool = False,
) -> ComplianceReport:
    index = _Index.of(totals)
    return ComplianceReport(
        [
            judge(totals, targets, y, quarter=quarter, by_branch=by_branch, index=index)
            for y in years
        ],
        totals.rows,
        list(totals.skipped),
    )
