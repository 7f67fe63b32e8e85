"""Charts of the 服务质量简报 as inline SVG, drawn here (no chart library, no script).

The briefing needs four kinds of chart — lines over twelve months, bars per month or quarter
(grouped or stacked), a cumulative line, and horizontal bars per branch — each with dashed
target lines. That is a few hundred lines of plain SVG, which renders the same in any
browser, prints sharp, and needs nothing at run time; a chart library (matplotlib: ~40 MB and
half a second to import, CJK fonts to configure; pygal/leather: another dependency for the same
four shapes) would not earn its weight. Every text that comes from data is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

PALETTE = ("#1f6fb2", "#e07b00", "#2e9b4f", "#8e44ad", "#c0392b", "#7f8c8d")
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif\""


@dataclass
class Series:
    name: str
    values: Sequence[float | None]
    color: str = ""


@dataclass
class Line:
    """A dashed horizontal target line."""

    value: float
    label: str
    color: str = "#c0392b"


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[Series]
    lines: list[Line] = field(default_factory=list)
    kind: str = "line"  # line | bars | stacked | hbars
    unit: str = ""
    overlay: Series | None = None  # a line drawn over bars (a running total)
    y_min: float | None = None
    y_max: float | None = None


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _nice_range(
    values: list[float], lo: float | None, hi: float | None
) -> tuple[float, float, float]:
    """(low, high, step) covering `values` with round gridlines."""
    vmin = min(values) if lo is None else lo
    vmax = max(values) if hi is None else hi
    if vmax <= vmin:
        vmax = vmin + 1
    span = vmax - vmin
    for step in (0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if span / step <= 6:
            break
    low = step * (vmin // step) if lo is None else lo
    high = step * -(-vmax // step) if hi is None else hi
    return low, high, step


def render(chart: Chart, width: int = 560, height: int = 260) -> str:
    """One chart as an <svg> element."""
    if chart.kind == "hbars":
        return _hbars(chart, width)
    left, right, top, bottom = 46, 84 if chart.lines else 12, 34, 52
    pw, ph = width - left - right, height - top - bottom
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.kind == "stacked":
        values = [sum(s.values[i] or 0 for s in chart.series) for i in range(len(chart.labels))]
    if chart.overlay is not None:
        values += [v for v in chart.overlay.values if v is not None]
    values += [ln.value for ln in chart.lines]
    if chart.kind in ("bars", "stacked"):
        values.append(0)
    low, high, step = _nice_range(values or [0, 1], chart.y_min, chart.y_max)

    def y(v: float) -> float:
        return top + ph - (min(max(v, low), high) - low) / (high - low) * ph

    n = max(len(chart.labels), 1)
    slot = pw / n
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(chart.title)}" {FONT} font-size="11">',
           f'<text x="{left}" y="16" font-size="13" font-weight="bold" fill="#222">{escape(chart.title)}</text>']  # fmt: skip
    g = low
    while g <= high + 1e-9:
        yy = y(g)
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e3e3e3"/>'
        )
        out.append(
            f'<text x="{left - 5}" y="{yy + 4:.1f}" text-anchor="end" fill="#555">{_fmt(g)}{escape(chart.unit)}</text>'
        )
        g += step
    for i, label in enumerate(chart.labels):
        out.append(
            f'<text x="{left + slot * (i + 0.5):.1f}" y="{top + ph + 15}" text-anchor="middle" fill="#555">{escape(label)}</text>'
        )
    if chart.kind in ("bars", "stacked"):
        k = 1 if chart.kind == "stacked" else max(len(chart.series), 1)
        bw = slot * 0.7 / k
        for i in range(len(chart.labels)):
            base = 0.0
            for j, s in enumerate(chart.series):
                v = s.values[i]
                if v is None:
                    continue
                x = left + slot * i + slot * 0.15 + (0 if chart.kind == "stacked" else j * bw)
                y0, y1 = (
                    (y(base), y(base + v)) if chart.kind == "stacked" else (y(max(low, 0)), y(v))
                )
                out.append(
                    f'<rect x="{x:.1f}" y="{min(y0, y1):.1f}" width="{bw:.1f}" height="{abs(y0 - y1):.1f}" fill="{s.color}"><title>{escape(s.name)} {escape(chart.labels[i])}: {_fmt(v)}{escape(chart.unit)}</title></rect>'
                )
                if chart.kind == "stacked":
                    base += v
                elif v:
                    out.append(
                        f'<text x="{x + bw / 2:.1f}" y="{y(v) - 3:.1f}" text-anchor="middle" font-size="9" fill="#333">{_fmt(v)}</text>'
                    )
    lines = [s for s in chart.series if chart.kind == "line"]
    if chart.overlay is not None:
        lines.append(chart.overlay)
    for s in lines:
        points = [(left + slot * (i + 0.5), y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{s.color}" stroke-width="2"/>'
            )
        for (px, py), v in zip(points, [v for v in s.values if v is not None], strict=True):
            out.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.8" fill="{s.color}"><title>{escape(s.name)}: {_fmt(v)}{escape(chart.unit)}</title></circle>'
            )
    for ln in chart.lines:
        yy = y(ln.value)
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="{ln.color}" stroke-width="1.4" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{left + pw + 4}" y="{yy + 3:.1f}" font-size="10" fill="{ln.color}">{escape(ln.label)}</text>'
        )
    legend = [*chart.series, *([chart.overlay] if chart.overlay else [])]
    lx = left
    for s in legend:
        out.append(f'<rect x="{lx}" y="{height - 16}" width="10" height="10" fill="{s.color}"/>')
        out.append(f'<text x="{lx + 14}" y="{height - 7}" fill="#333">{escape(s.name)}</text>')
        lx += 24 + 12 * len(s.name)
    out.append("</svg>")
    return "\n".join(out)


def _hbars(chart: Chart, width: int) -> str:
    """One horizontal bar per label (a branch), first series; target lines across."""
    row, top, left, right = 18, 34, 96, 46
    height = top + row * len(chart.labels) + 26
    pw = width - left - right
    values = [v for s in chart.series for v in s.values if v is not None] + [
        ln.value for ln in chart.lines
    ]
    low, high, _ = _nice_range([*values, 0] if values else [0, 1], chart.y_min, chart.y_max)

    def x(v: float) -> float:
        return left + (min(max(v, low), high) - low) / (high - low) * pw

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(chart.title)}" {FONT} font-size="11">',
           f'<text x="8" y="16" font-size="13" font-weight="bold" fill="#222">{escape(chart.title)}</text>']  # fmt: skip
    s = chart.series[0]
    for i, label in enumerate(chart.labels):
        yy = top + i * row
        out.append(
            f'<text x="{left - 6}" y="{yy + 12}" text-anchor="end" fill="#333">{escape(label)}</text>'
        )
        v = s.values[i]
        if v is None:
            out.append(f'<text x="{left + 4}" y="{yy + 12}" fill="#999">—</text>')
            continue
        out.append(
            f'<rect x="{left}" y="{yy + 3}" width="{x(v) - left:.1f}" height="{row - 6}" fill="{s.color}"/>'
        )
        out.append(
            f'<text x="{x(v) + 4:.1f}" y="{yy + 12}" fill="#333">{_fmt(v)}{escape(chart.unit)}</text>'
        )
    bottom = top + row * len(chart.labels)
    for ln in chart.lines:
        xx = x(ln.value)
        out.append(
            f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{top}" y2="{bottom}" stroke="{ln.color}" stroke-width="1.4" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{xx:.1f}" y="{bottom + 14}" text-anchor="middle" font-size="10" fill="{ln.color}">{escape(ln.label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
