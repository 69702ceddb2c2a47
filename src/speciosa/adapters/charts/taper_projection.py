"""Where an approved taper goes from today: its remaining steps (after holds) drawn down to zero
as a dashed step line, with today marked, as a server-rendered SVG beside the intake chart.

Pure: schedule in, SVG string out; `text` is the label size in viewBox units (web pages pass
the larger WEB_TEXT so labels stay at least 11 px where the chart is drawn narrower).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from speciosa.domain.dosing.holds import ScheduledStep
from speciosa.domain.dosing.taper import amount_number

LINE = "#2f6b4f"
TODAY = "#a61b1b"
MUTED = "#5b655f"
FONT = 12
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 34
DAY = timedelta(days=1)


def render_projection_chart(
    schedule: Sequence[ScheduledStep],
    today: date,
    unit: str,
    width: int = 420,
    height: int = 200,
    text: int = FONT,
) -> str:
    """The steps from the one in force today to the last; the last one's day ends the line (a
    plan whose last step is not zero says so in its description)."""
    current = [s for s in schedule if s.date <= today]
    steps = ([current[-1]] if current else []) + [s for s in schedule if s.date > today]
    title = f"The rest of the plan, step by step ({unit}/day)"
    if not steps:
        return ""
    start = min(today, steps[0].date)
    end = max(steps[-1].date + 7 * DAY, today + DAY)
    span = (end - start).days
    top = float(max(s.amount for s in steps)) or 1.0
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x_of(day: date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    points: list[str] = []
    for index, step in enumerate(steps):
        following = steps[index + 1].date if index + 1 < len(steps) else end
        y = y_of(float(step.amount))
        points.append(f"{x_of(max(step.date, start)):.1f},{y:.1f} {x_of(following):.1f},{y:.1f}")
    parts = [
        f'<polyline class="projection" points="{" ".join(points)}" fill="none" stroke="{LINE}" '
        'stroke-width="2.5" stroke-dasharray="6 4"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{width - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="{MUTED}" stroke-width="1"/>',
        f'<line class="today" x1="{x_of(today):.1f}" y1="{TOP}" x2="{x_of(today):.1f}" '
        f'y2="{TOP + plot_h}" stroke="{TODAY}" stroke-width="1.5"/>',
        f'<text x="{x_of(today) + 4:.1f}" y="{TOP + text}" font-size="{text}" fill="{TODAY}">'
        "today</text>",
    ]
    for value in (Decimal(0), max(s.amount for s in steps)):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y_of(float(value)) + 4:.1f}" font-size="{text}" '
            f'text-anchor="end" fill="{MUTED}">{amount_number(value)}</text>'
        )
    for day, anchor in ((start, "start"), (steps[-1].date, "end")):
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{height - 12}" font-size="{text}" '
            f'text-anchor="{anchor}" fill="{MUTED}">{day:%d %b}</text>'
        )
    last = steps[-1]
    ending = (
        f"reaches 0 {unit}/day on {last.date:%d %b %Y}"
        if last.amount == 0
        else f"ends at {amount_number(last.amount)} {unit}/day on {last.date:%d %b %Y}"
    )
    summary = f"{len(steps)} steps from today; the plan {ending}."
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart projection-chart" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="pc-title pc-desc" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="pc-title">{escape(title)}</title><desc id="pc-desc">{escape(summary)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
