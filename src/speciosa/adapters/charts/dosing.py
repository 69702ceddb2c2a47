"""Planned against actual daily intake as a server-rendered SVG: the approved plan as a step
line, what was logged as bars, and the days a hold kept the amount where it was, shaded.

Pure: domain data in, an SVG string out, colours as presentation attributes (strict CSP, PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from speciosa.domain.dosing.holds import PlanDay
from speciosa.domain.dosing.taper import amount_number

PLAN_LINE = "#2f6b4f"
BAR = "#8fb3d9"
HOLD_FILL = "#f6e3b4"
INK = "#1d2521"
MUTED = "#5b655f"
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 26, 30


def _fmt(value: Decimal) -> str:
    return str(amount_number(value))


def render_intake_chart(
    days: Sequence[PlanDay], unit: str, width: int = 420, height: int = 240
) -> str:
    """An accessible SVG (role img, title and description) that scales to its container."""
    title = f"Planned and logged amount per day ({unit}/day)"
    if not days:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart intake-chart" '
            f'viewBox="0 0 {width} 40" role="img" aria-label="{escape(title)}: no days yet">'
            f'<text x="4" y="24" font-size="12" fill="{MUTED}">No days of the plan yet.</text>'
            "</svg>"
        )
    first, last = days[0].day, days[-1].day
    span = (last - first).days + 1
    values = [d.planned for d in days if d.planned is not None]
    values += [d.actual for d in days if d.actual is not None]
    top = max([*values, Decimal(1)])
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x_of(offset: float) -> float:
        return LEFT + plot_w * offset / span

    def y_of(value: Decimal) -> float:
        return TOP + plot_h * (1 - float(value) / float(top))

    parts: list[str] = []
    for d in days:  # hold shading first, behind everything
        if d.held:
            offset = (d.day - first).days
            parts.append(
                f'<rect class="hold" x="{x_of(offset):.1f}" y="{TOP}" '
                f'width="{x_of(offset + 1) - x_of(offset):.1f}" height="{plot_h}" '
                f'fill="{HOLD_FILL}"><title>{d.day:%d %b}: reduction held</title></rect>'
            )
    for d in days:
        if d.actual is None:
            continue
        offset = (d.day - first).days
        x = x_of(offset + 0.15)
        w = x_of(offset + 0.85) - x
        y = y_of(d.actual)
        parts.append(
            f'<rect class="actual" data-day="{d.day.isoformat()}" data-amount="{_fmt(d.actual)}" '
            f'x="{x:.1f}" y="{y:.1f}" width="{max(w, 1):.1f}" height="{TOP + plot_h - y:.1f}" '
            f'fill="{BAR}"><title>{d.day:%d %b}: logged {_fmt(d.actual)} {escape(unit)}'
            "</title></rect>"
        )
    points = []
    for d in days:
        if d.planned is None:
            continue
        offset = (d.day - first).days
        y = y_of(d.planned)
        points.append(f"{x_of(offset):.1f},{y:.1f} {x_of(offset + 1):.1f},{y:.1f}")
    if points:
        parts.append(
            f'<polyline class="planned" points="{" ".join(points)}" fill="none" '
            f'stroke="{PLAN_LINE}" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for tick in (Decimal(0), top):
        parts.append(
            f'<text x="{LEFT - 4}" y="{y_of(tick) + 3:.1f}" font-size="10" text-anchor="end" '
            f'fill="{MUTED}">{_fmt(tick)}</text>'
        )
    step = 7 if span > 10 else 1
    for offset in range(0, span, step):
        day = first + timedelta(days=offset)
        parts.append(
            f'<text x="{x_of(offset + 0.5):.1f}" y="{height - 10}" font-size="10" '
            f'text-anchor="middle" fill="{MUTED}">{day:%d %b}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{width - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    logged = [d for d in days if d.actual is not None]
    held = sum(1 for d in days if d.held)
    summary = (
        f"{span} days from {first:%d %b} to {last:%d %b %Y}; {len(logged)} with doses logged"
        + (f"; {held} days with a held reduction" if held else "")
        + "."
    )
    legend = (
        f'<rect x="{LEFT}" y="6" width="10" height="10" fill="{BAR}"/>'
        f'<text x="{LEFT + 14}" y="15" font-size="10" fill="{INK}">logged</text>'
        f'<line x1="{LEFT + 64}" y1="11" x2="{LEFT + 80}" y2="11" stroke="{PLAN_LINE}" '
        'stroke-width="2.5"/>'
        f'<text x="{LEFT + 84}" y="15" font-size="10" fill="{INK}">plan</text>'
        f'<rect x="{LEFT + 120}" y="6" width="10" height="10" fill="{HOLD_FILL}"/>'
        f'<text x="{LEFT + 134}" y="15" font-size="10" fill="{INK}">held</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart intake-chart" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="ic-title ic-desc" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="ic-title">{escape(title)}</title><desc id="ic-desc">{escape(summary)}</desc>'
        + legend
        + "".join(parts)
        + "</svg>"
    )


def chart_window(days: Sequence[PlanDay], last: date, length: int = 42) -> list[PlanDay]:
    """The last `length` days up to `last` (a phone screen holds about six weeks)."""
    return [d for d in days if last - timedelta(days=length - 1) <= d.day <= last]
