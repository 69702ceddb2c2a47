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
    days: Sequence[PlanDay], unit: str, width: int = 420, height: int = 240, text: int = 10
) -> str:
    """An accessible SVG (role img, title and description) that scales to its container;
    `text` is the labels' font size in viewBox units (the gutters and legend grow with it)."""
    k = text / 10
    left, top_gutter, bottom = round(LEFT * k), round(TOP * k), round(BOTTOM * k)
    height = round(height * (1 + (k - 1) / 3))
    title = f"Planned and logged amount per day ({unit}/day)"
    if not days:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart intake-chart" '
            f'viewBox="0 0 {width} 40" role="img" aria-label="{escape(title)}: no days yet">'
            f'<text x="4" y="24" font-size="{max(12, text)}" fill="{MUTED}">'
            "No days of the plan yet.</text>"
            "</svg>"
        )
    first, last = days[0].day, days[-1].day
    span = (last - first).days + 1
    values = [d.planned for d in days if d.planned is not None]
    values += [d.actual for d in days if d.actual is not None]
    top = max([*values, Decimal(1)])
    plot_w, plot_h = width - left - RIGHT, height - top_gutter - bottom

    def x_of(offset: float) -> float:
        return left + plot_w * offset / span

    def y_of(value: Decimal) -> float:
        return top_gutter + plot_h * (1 - float(value) / float(top))

    parts: list[str] = []
    for d in days:  # hold shading first, behind everything
        if d.held:
            offset = (d.day - first).days
            parts.append(
                f'<rect class="hold" x="{x_of(offset):.1f}" y="{top_gutter}" '
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
            f'x="{x:.1f}" y="{y:.1f}" width="{max(w, 1):.1f}" '
            f'height="{top_gutter + plot_h - y:.1f}" '
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
            f'<text x="{left - 4}" y="{y_of(tick) + 0.35 * text:.1f}" font-size="{text}" '
            f'text-anchor="end" fill="{MUTED}">{_fmt(tick)}</text>'
        )
    step = 7 if span > 10 else 1
    for offset in range(0, span, step):
        day = first + timedelta(days=offset)
        parts.append(
            f'<text x="{x_of(offset + 0.5):.1f}" y="{height - 10 * k:.1f}" font-size="{text}" '
            f'text-anchor="middle" fill="{MUTED}">{day:%d %b}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top_gutter + plot_h}" x2="{width - RIGHT}" '
        f'y2="{top_gutter + plot_h}" '
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
        f'<rect x="{left}" y="{6 * k:.1f}" width="{10 * k:.1f}" height="{10 * k:.1f}" '
        f'fill="{BAR}"/>'
        f'<text x="{left + 14 * k:.1f}" y="{15 * k:.1f}" font-size="{text}" '
        f'fill="{INK}">logged</text>'
        f'<line x1="{left + 64 * k:.1f}" y1="{11 * k:.1f}" x2="{left + 80 * k:.1f}" '
        f'y2="{11 * k:.1f}" stroke="{PLAN_LINE}" stroke-width="2.5"/>'
        f'<text x="{left + 84 * k:.1f}" y="{15 * k:.1f}" font-size="{text}" '
        f'fill="{INK}">plan</text>'
        f'<rect x="{left + 120 * k:.1f}" y="{6 * k:.1f}" width="{10 * k:.1f}" '
        f'height="{10 * k:.1f}" fill="{HOLD_FILL}"/>'
        f'<text x="{left + 134 * k:.1f}" y="{15 * k:.1f}" font-size="{text}" '
        f'fill="{INK}">held</text>'
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
