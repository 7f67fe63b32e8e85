"""Aggregate records per calendar year and judge each target (SPEC §4). Pure: the reader
(`targets/reader.py`) streams the rows into `Totals`; this judges them.

Major incident = redline or level 1; general = level 2 and below. Satisfaction: a (month,
business) score is the mean of its rows; monthly target: every score meets the threshold;
annual: per business the mean of its monthly scores, overall the mean of those. Inspection
ratio = Σchecked / Σtotal per role. A figure is rounded to 2 decimals and judged as shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from qes_cli.targets.config import Target

Status = Literal["met", "missed", "no-data"]

INCIDENT_TARGETS: dict[str, tuple[str, bool]] = {
    "no-major-quality-accident": ("quality", True),
    "no-major-network-security": ("network_security", True),
    "network-security-general": ("network_security", False),
    "no-major-information-security": ("information_security", True),
    "information-security-general": ("information_security", False),
    "no-major-ehs": ("ehs", True),
    "ehs-general": ("ehs", False),
}
INSPECTION_TARGETS = {"qa-spot-check": "qa", "qc-delivery-check": "qc"}
BUSINESS_ORDER = ("huawei_asp", "self_developed", "operations", "overseas")


@dataclass
class Totals:
    """Running sums of valid records: all the engine needs, bounded by years × months × kinds
    whatever the number of rows."""

    incidents: dict[tuple[int, str, bool], int] = field(default_factory=dict)
    satisfaction: dict[tuple[int, int, str], list[float]] = field(
        default_factory=dict
    )  # → [sum, n]
    inspection: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # → [checked, total]
    years: set[int] = field(default_factory=set)
    rows: int = 0


@dataclass
class YearData:
    """One calendar year's sums, cut from the reader's Totals."""

    incidents: Counter[tuple[str, bool]] = field(default_factory=Counter)
    satisfaction: dict[tuple[int, str], list[float]] = field(
        default_factory=dict
    )  # (month, business) → [sum, n]
    inspection: dict[str, list[int]] = field(default_factory=dict)  # role → [checked, total]


def by_year(totals: Totals) -> dict[int, YearData]:
    years: dict[int, YearData] = {y: YearData() for y in totals.years}
    for (year, domain, major), n in totals.incidents.items():
        years[year].incidents[(domain, major)] += n
    for (year, month, business), acc in totals.satisfaction.items():
        years[year].satisfaction[(month, business)] = acc
    for (year, role), acc2 in totals.inspection.items():
        years[year].inspection[role] = acc2
    return years


@dataclass(frozen=True)
class TargetResult:
    id: str
    name: str
    actual: float | int | None
    threshold: float | int
    op: str
    status: Status
    details: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "actual": self.actual, "threshold": self.threshold,
                "op": self.op, "status": self.status, "details": self.details}  # fmt: skip


@dataclass(frozen=True)
class YearResult:
    year: int
    targets: list[TargetResult]

    @property
    def met(self) -> bool:
        """A year is met only when every target is met (no-data is never met)."""
        return all(t.status == "met" for t in self.targets)

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "met": self.met, "targets": [t.to_json() for t in self.targets]}


@dataclass(frozen=True)
class ComplianceReport:
    years: list[YearResult]
    records: int = 0

    @property
    def met(self) -> bool:
        return bool(self.years) and all(y.met for y in self.years)

    @property
    def missed(self) -> list[tuple[int, TargetResult]]:
        return [(y.year, t) for y in self.years for t in y.targets if t.status == "missed"]

    def to_json(self) -> dict[str, Any]:
        return {"met": self.met, "years": [y.to_json() for y in self.years]}


def _r2(x: float) -> float:
    return round(x + 0.0, 2)


def _judge(t: Target, actual: float | int | None, details: dict[str, Any]) -> TargetResult:
    if actual is None:
        return TargetResult(t.id, t.name, None, t.threshold, t.op, "no-data", details)
    return TargetResult(
        t.id, t.name, actual, t.threshold, t.op, "met" if t.passes(actual) else "missed", details
    )


def judge_year(year: int, data: YearData | None, targets: list[Target]) -> YearResult:
    """Judge one year; `data` None means the year has no rows at all (everything no-data)."""
    if data is None:
        return YearResult(year, [_judge(t, None, {}) for t in targets])
    scores = {key: s / n for key, (s, n) in data.satisfaction.items()}
    results = []
    for t in targets:
        if t.id in INCIDENT_TARGETS:
            domain, major = INCIDENT_TARGETS[t.id]
            results.append(_judge(t, data.incidents[(domain, major)], {}))
        elif t.id == "satisfaction-monthly":
            if not scores:
                results.append(_judge(t, None, {}))
                continue
            below = [
                {"month": f"{year}-{month:02d}", "business": business, "score": _r2(score)}
                for (month, business), score in sorted(scores.items())
                if not t.passes(_r2(score))
            ]
            results.append(
                _judge(t, _r2(min(scores.values())), {"scores": len(scores), "below": below})
            )
        elif t.id == "satisfaction-annual":
            if not scores:
                results.append(_judge(t, None, {}))
                continue
            per: dict[str, list[float]] = defaultdict(list)
            for (_month, business), score in scores.items():
                per[business].append(score)
            annual = {b: sum(v) / len(v) for b, v in per.items()}
            ordered = {b: _r2(annual[b]) for b in BUSINESS_ORDER if b in annual}
            overall = sum(annual.values()) / len(annual)
            results.append(_judge(t, _r2(overall), {"per_business": ordered,
                                                    "months": {b: len(per[b]) for b in ordered}}))  # fmt: skip
        elif t.id in INSPECTION_TARGETS:
            checked, total = data.inspection.get(INSPECTION_TARGETS[t.id], (0, 0))
            if total == 0:
                results.append(_judge(t, None, {}))
            else:
                results.append(
                    _judge(t, _r2(100.0 * checked / total), {"checked": checked, "total": total})
                )
    return YearResult(year, results)
