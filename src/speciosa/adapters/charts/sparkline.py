"""A 14-day sparkline for a dashboard row: each instrument's daily totals as a share of its
maximum, one small line per instrument, a gap where a day has no check-in.

Pure: domain data in, an SVG string out; presentation attributes only (strict CSP, PDF-ready).
Small on purpose: a thousand of them must render in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from speciosa.domain.withdrawal.checkins import DailyTotal

WIDTH, HEIGHT, PAD = 112, 28, 3
STROKES = {"sows": "#2f6b4f", "cows": "#8a3b12", "oows": "#3d4f8c"}
DASHES = {"sows": "", "cows": ' stroke-dasharray="3 2"', "oows": ' stroke-dasharray="1 2"'}


def _xy(d: DailyTotal, start: date, span: int, max_total: int) -> tuple[float, float]:
    x = PAD + (WIDTH - 2 * PAD) * ((d.day - start).days + 0.5) / span
    y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * min(d.total, max_total) / max(max_total, 1)
    return x, y


def render_sparkline(
    days: Sequence[DailyTotal], start: date, end: date, max_totals: Mapping[str, int]
) -> str:
    """`max_totals` maps each instrument to its maximum (the line is drawn as a share of it)."""
    span = (end - start).days + 1
    parts = [
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#c9d1cc" stroke-width="1"/>'
    ]
    described = []
    for instrument in sorted({d.instrument for d in days}):
        mine = sorted((d for d in days if d.instrument == instrument), key=lambda d: d.day)
        top = max_totals.get(instrument, max((d.total for d in mine), default=1))
        stroke = STROKES.get(instrument, "#444")
        runs: list[list[tuple[float, float]]] = []
        previous: date | None = None
        for d in mine:
            if previous is None or (d.day - previous).days > 1:
                runs.append([])  # a missed day breaks the line
            runs[-1].append(_xy(d, start, span, top))
            previous = d.day
        for run in runs:
            if len(run) == 1:
                x, y = run[0]
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{stroke}"/>')
            else:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{stroke}" '
                    f'stroke-width="1.5"{DASHES.get(instrument, "")}/>'
                )
        totals = ", ".join(str(d.total) for d in mine)
        described.append(f"{instrument.upper()} {totals}")
    label = (
        f"Daily totals {start:%d %b}–{end:%d %b}: " + "; ".join(described)
        if described
        else f"No check-ins {start:%d %b}–{end:%d %b}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>" + "".join(parts) + "</svg>"
    )
