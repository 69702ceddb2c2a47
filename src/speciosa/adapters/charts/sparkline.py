"""The 14-day sparkline of a dashboard row: one lane per instrument with check-ins, each drawn on
its own 0..maximum scale over its severity bands, with the scale's ends and the latest daily total
written beside it, so "SOWS 4 → 48" reads as a climb through the bands at a glance.

Pure: domain data in, an SVG string out; presentation attributes only (strict CSP, PDF-ready).
Drawn at its natural size (never scaled by CSS), so its text is the size written here (11 px
and up). Small on purpose: fifty of them must render in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from speciosa.adapters.charts.withdrawal import BAND_FILLS
from speciosa.domain.withdrawal.checkins import DailyTotal
from speciosa.domain.withdrawal.instruments.definitions import Band

WIDTH = 252
LANE = 44  # the height of one instrument's lane
PLOT_TOP, PLOT_BOTTOM = 5, 37  # inside a lane
LEFT, RIGHT = 26, 166  # the plot's x range; the scale is left of it, the latest value right
TEXT_PX = 11  # the smallest text drawn
STROKES = {"sows": "#2f6b4f", "cows": "#8a3b12", "oows": "#3d4f8c"}
MUTED, INK = "#4d5751", "#1d2521"


def _x(day: date, start: date, span: int) -> float:
    return LEFT + (RIGHT - LEFT) * ((day - start).days + 0.5) / span


def _y(total: float, top: int, lane_top: int) -> float:
    share = min(max(total, 0), top) / max(top, 1)
    return lane_top + PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * share


def _bands(bands: Sequence[Band], top: int, lane_top: int) -> list[str]:
    parts = []
    for band in bands:
        y_high = _y(min(band.max + 1, top), top, lane_top)
        y_low = _y(band.min, top, lane_top)
        fill = BAND_FILLS.get(band.label, "#eef3ef")
        parts.append(
            f'<rect x="{LEFT}" y="{y_high:.1f}" width="{RIGHT - LEFT}" '
            f'height="{max(y_low - y_high, 0.5):.1f}" fill="{fill}" fill-opacity="0.7"/>'
        )
    return parts


def drawn_to(mine: Sequence[DailyTotal], bands: Sequence[Band], maximum: int) -> int:
    """The top of a lane's scale: 10 points into the highest band, or the highest total plus a
    margin, never past the maximum (as the withdrawal chart draws it). Daily totals mostly sit
    far below a maximum of 64, and a full-height scale would flatten the line that matters."""
    highest = max((d.total for d in mine), default=0)
    top_band = bands[-1].min if bands else maximum
    return min(maximum, max(top_band + 10, highest + 4))


def _lane(
    instrument: str,
    mine: Sequence[DailyTotal],
    start: date,
    span: int,
    top: int,
    bands: Sequence[Band],
    lane_top: int,
) -> list[str]:
    stroke = STROKES.get(instrument, "#444")
    maximum = top
    top = drawn_to(mine, bands, maximum)
    parts = _bands(bands, top, lane_top)
    parts.append(
        f'<line x1="{LEFT}" y1="{lane_top + PLOT_BOTTOM}" x2="{RIGHT}" '
        f'y2="{lane_top + PLOT_BOTTOM}" stroke="#9aa59f" stroke-width="1"/>'
        f'<line x1="{LEFT}" y1="{lane_top + PLOT_TOP}" x2="{LEFT}" '
        f'y2="{lane_top + PLOT_BOTTOM}" stroke="#9aa59f" stroke-width="1"/>'
        f'<text x="{LEFT - 3}" y="{lane_top + PLOT_TOP + 8}" font-size="{TEXT_PX}" '
        f'text-anchor="end" fill="{MUTED}">{top}</text>'
        f'<text x="{LEFT - 3}" y="{lane_top + PLOT_BOTTOM}" font-size="{TEXT_PX}" '
        f'text-anchor="end" fill="{MUTED}">0</text>'
    )
    runs: list[list[tuple[float, float]]] = []
    previous: date | None = None
    for d in mine:
        if previous is None or (d.day - previous).days > 1:
            runs.append([])  # a missed day breaks the line
        runs[-1].append((_x(d.day, start, span), _y(d.total, top, lane_top)))
        previous = d.day
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{stroke}" stroke-width="2"/>'
            )
        for x, y in run:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{stroke}"/>')
    latest = mine[-1]
    parts.append(
        f'<text x="{RIGHT + 6}" y="{lane_top + 16}" font-size="{TEXT_PX}" fill="{MUTED}">'
        f"{escape(instrument.upper())} {latest.day:%d %b}</text>"
        f'<text x="{RIGHT + 6}" y="{lane_top + 34}" font-size="15" font-weight="700" '
        f'fill="{INK}">{latest.total}<tspan font-size="{TEXT_PX}" font-weight="400" '
        f'fill="{MUTED}">/{maximum}</tspan></text>'
    )
    return parts


def render_sparkline(
    days: Sequence[DailyTotal],
    start: date,
    end: date,
    max_totals: Mapping[str, int],
    bands: Mapping[str, Sequence[Band]] | None = None,
) -> str:
    """`max_totals` maps each instrument to its maximum (its lane's scale); `bands` to its
    severity bands, shaded behind the line."""
    span = (end - start).days + 1
    instruments = sorted({d.instrument for d in days})
    parts: list[str] = []
    described = []
    for index, instrument in enumerate(instruments):
        mine = sorted((d for d in days if d.instrument == instrument), key=lambda d: d.day)
        top = max_totals.get(instrument, max((d.total for d in mine), default=1))
        lane_bands = (bands or {}).get(instrument, ())
        parts += _lane(instrument, mine, start, span, top, lane_bands, index * LANE)
        totals = ", ".join(str(d.total) for d in mine)
        shown = drawn_to(mine, lane_bands, top)
        drawn = f", drawn to {shown}" if shown < top else ""
        described.append(f"{instrument.upper()} {totals} (scale 0–{top}{drawn})")
    height = LANE * max(len(instruments), 1)
    if not instruments:
        parts.append(
            f'<text x="4" y="26" font-size="{TEXT_PX + 1}" fill="{MUTED}">'
            f"No check-ins {start:%d %b}–{end:%d %b}</text>"
        )
    label = (
        f"Daily totals {start:%d %b}–{end:%d %b}: " + "; ".join(described)
        if described
        else f"No check-ins {start:%d %b}–{end:%d %b}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>" + "".join(parts) + "</svg>"
    )
