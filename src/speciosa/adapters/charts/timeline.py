"""The person's timeline as one SVG: a lane per kind of record (check-ins, doses, plan steps and
holds, lab certificates, skin photos, alerts, notes) on one shared time axis.

Pure: timeline events in, an SVG string out; presentation attributes only (strict CSP, PDF-ready).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape

from speciosa.domain.reports.timeline import LANE_LABELS, Lane, TimelineEvent

LEFT, RIGHT, TOP, LANE_HEIGHT, BOTTOM = 104, 10, 8, 22, 24
INK, MUTED, GRID = "#1d2521", "#5b655f", "#e3e8e5"
FILLS = {
    Lane.CHECKIN: "#2f6b4f",
    Lane.DOSE: "#6b4a2f",
    Lane.PLAN: "#3d4f8c",
    Lane.COA: "#7a5c00",
    Lane.PHOTO: "#5e3d7a",
    Lane.ALERT: "#a3261d",
    Lane.NOTE: "#44514a",
}
WARNING = "#c0392b"


def _tip(events: Sequence[TimelineEvent], tz: tzinfo) -> str:
    day = events[0].at.astimezone(tz)
    titles = "; ".join(e.title for e in sorted(events, key=lambda e: e.at))
    return f"{day:%d %b %Y}: {titles}"


def render_timeline_chart(
    events: Sequence[TimelineEvent],
    start: date,
    end: date,
    tz: tzinfo,
    width: int = 640,
    *,
    tooltips: bool = True,
) -> str:
    lanes = list(Lane)
    height = TOP + LANE_HEIGHT * len(lanes) + BOTTOM
    origin = datetime.combine(start, time(0), tzinfo=tz)
    span = ((end - start).days + 1) * 86400
    plot = width - LEFT - RIGHT

    def x_of(at: datetime) -> float:
        seconds = (at.astimezone(tz) - origin).total_seconds()
        return LEFT + plot * min(max(seconds / span, 0.0), 1.0)

    parts = []
    for index, lane in enumerate(lanes):
        top = TOP + LANE_HEIGHT * index
        parts.append(
            f'<text x="{LEFT - 6}" y="{top + 15}" font-size="11" text-anchor="end" '
            f'fill="{MUTED}">{escape(LANE_LABELS[lane])}</text>'
            f'<line x1="{LEFT}" y1="{top + LANE_HEIGHT - 0.5}" x2="{width - RIGHT}" '
            f'y2="{top + LANE_HEIGHT - 0.5}" stroke="{GRID}" stroke-width="1"/>'
        )
    days = (end - start).days + 1
    step = 7 if days > 21 else 1
    for offset in range(0, days, step):
        day = start + timedelta(days=offset)
        x = x_of(datetime.combine(day, time(0), tzinfo=tz))
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{height - BOTTOM}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x + 2:.1f}" y="{height - 8}" font-size="11" fill="{MUTED}">'
            f"{day:%d %b}</text>"
        )
    # One marker per lane and local day (a day of four doses is one mark, its tooltip lists
    # them): the chart stays light enough for a 90-day PDF.
    marks: dict[tuple[Lane, date], list[TimelineEvent]] = {}
    for event in events:
        marks.setdefault((event.lane, event.at.astimezone(tz).date()), []).append(event)
    for (lane, day), grouped in marks.items():
        y = TOP + LANE_HEIGHT * lanes.index(lane) + LANE_HEIGHT / 2
        warning = any(e.warning for e in grouped)
        fill = WARNING if warning else FILLS[lane]
        x = x_of(datetime.combine(day, time(12), tzinfo=tz))
        tip = f"<title>{escape(_tip(grouped, tz))}</title>" if tooltips else ""
        parts.append(
            f'<circle class="event lane-{lane.value}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{4 if warning else 3}" fill="{fill}" fill-opacity="0.85">{tip}</circle>'
        )
    summary = f"{len(events)} records between {start:%d %b} and {end:%d %b %Y}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline-chart" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="tl-title tl-desc" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="tl-title">Timeline</title><desc id="tl-desc">{escape(summary)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
