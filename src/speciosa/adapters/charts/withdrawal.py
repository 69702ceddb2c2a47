"""The withdrawal trend as a server-rendered SVG: daily totals over the instrument's bands, with
the expected course (onset, usual peak, usual resolution) shaded behind.

Pure: domain data in, an SVG string out. Colours are presentation attributes (no CSS needed), so
the same string works inline on any phone, under a strict CSP, and in the PDF report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from html import escape

from speciosa.domain.withdrawal.checkins import DailyTotal
from speciosa.domain.withdrawal.course import ExpectedCourse, HourWindow
from speciosa.domain.withdrawal.instruments.definitions import Band

BAND_FILLS = {
    "none": "#eef3ef",
    "mild": "#f6f0d6",
    "moderate": "#f9e1c7",
    "moderately severe": "#f5cdbd",
    "severe": "#efb6b6",
}
COURSE_FILLS = {"onset": "#d9e6f5", "peak": "#b7cdea", "resolution": "#e3efe6"}
LINE = "#2f6b4f"
INK = "#1d2521"
MUTED = "#5b655f"


@dataclass(frozen=True)
class ChartSeries:
    instrument: str
    title: str
    max_total: int
    bands: Sequence[Band]
    days: Sequence[DailyTotal]


@dataclass(frozen=True)
class Frame:
    start: date
    end: date
    width: int = 420
    height: int = 260
    left: int = 30
    right: int = 12
    top: int = 38  # title, then the expected-course strip, then the plot
    bottom: int = 30
    y_max: int = 0  # the top of the plotted scale (set from the series)
    text: int = 11  # the font size of every label, in viewBox units

    @property
    def scale(self) -> float:
        """Gutters and strips grow with the text (11 units = the original layout)."""
        return self.text / 11

    @property
    def strip_top(self) -> int:
        return round(STRIP_TOP * self.scale)

    @property
    def strip_height(self) -> int:
        return round(STRIP_HEIGHT * self.scale)

    @property
    def span_days(self) -> int:
        return (self.end - self.start).days + 1

    def x_of_day(self, value: float) -> float:
        """x of a position in days since `start` 00:00 (the middle of day 0 is 0.5)."""
        plot = self.width - self.left - self.right
        return self.left + plot * value / self.span_days

    def y_of(self, total: float, max_total: int) -> float:
        """`max_total` is the instrument's; the plot stops at `y_max` when that is lower."""
        top = min(self.y_max or max_total, max_total)
        plot = self.height - self.top - self.bottom
        return self.top + plot * (1 - min(total, top) / max(top, 1))


STRIP_TOP, STRIP_HEIGHT = 18, 14
MIN_TICK_GAP = 0.9  # y-axis labels at least this many font sizes apart
CHAR_WIDTH = 0.56  # approximate width of a system-font character, in font sizes
# The web draws its charts with text this large: a 420-unit chart is about 320 px wide in a phone
# card, and 15 units at that scale is 11.5 px (issue 16: chart text at least 11 px).
WEB_TEXT = 15


def plotted_top(series: ChartSeries) -> int:
    """How high the scale is drawn: 10 points into the highest band (or the highest total plus a
    margin), never past the maximum. Most daily totals sit far below the maximum (64 for SOWS),
    and a full-height scale would flatten the line that matters."""
    highest = max((d.total for d in series.days), default=0)
    top_band = series.bands[-1].min if series.bands else series.max_total
    return min(series.max_total, max(top_band + 10, highest + 4))


def _days_since_start(at: datetime, frame: Frame, tz: tzinfo) -> float:
    origin = datetime.combine(frame.start, time(0), tzinfo=tz)
    return (at.astimezone(tz) - origin).total_seconds() / 86400


def _course_rects(course: ExpectedCourse, frame: Frame, tz: tzinfo, max_total: int) -> list[str]:
    """Each window twice: a faint band behind the points and a labelled strip above them."""
    parts = []
    windows: list[tuple[str, HourWindow, str]] = [("onset", course.onset, "onset")]
    if course.peak is not None:
        windows.append(("peak", course.peak, "usual peak"))
    windows.append(("resolution", course.resolution, "usually resolves"))
    top, bottom = frame.y_of(max_total, max_total), frame.y_of(0, max_total)
    for kind, window, label in windows:
        a = _days_since_start(course.at(window.start), frame, tz)
        b = _days_since_start(course.at(window.end), frame, tz)
        a, b = max(a, 0.0), min(b, float(frame.span_days))
        if b <= a:
            continue
        x1, x2 = frame.x_of_day(a), frame.x_of_day(b)
        tip = f"<title>{escape(label)} for {escape(course.label)}</title>"
        parts.append(
            f'<rect class="course course-{kind}" x="{x1:.1f}" y="{top:.1f}" '
            f'width="{x2 - x1:.1f}" height="{bottom - top:.1f}" fill="{COURSE_FILLS[kind]}" '
            f'fill-opacity="0.45">{tip}</rect>'
        )
        parts.append(
            f'<rect class="course-strip" x="{x1:.1f}" y="{frame.strip_top}" '
            f'width="{x2 - x1:.1f}" height="{frame.strip_height}" '
            f'fill="{COURSE_FILLS[kind]}">{tip}</rect>'
        )
        if x2 - x1 >= len(label) * CHAR_WIDTH * frame.text + 4:
            baseline = frame.strip_top + frame.strip_height - 3 * frame.scale
            parts.append(
                f'<text x="{x1 + 3:.1f}" y="{baseline:.1f}" font-size="{frame.text}" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    return parts


def _band_rects(series: ChartSeries, frame: Frame) -> list[str]:
    parts = []
    x1, x2 = frame.left, frame.width - frame.right
    for band in series.bands:
        if band.min > frame.y_max:
            continue
        y_top = frame.y_of(
            band.max + 1 if band.max < series.max_total else band.max, series.max_total
        )
        y_bottom = frame.y_of(band.min, series.max_total)
        fill = BAND_FILLS.get(band.label, "#eee")
        parts.append(
            f'<rect class="band" x="{x1}" y="{y_top:.1f}" width="{x2 - x1}" '
            f'height="{max(y_bottom - y_top, 0.5):.1f}" fill="{fill}">'
            f"<title>{escape(band.described)}: {band.min}–{band.max}</title></rect>"
        )
    return parts


def _axes(series: ChartSeries, frame: Frame) -> list[str]:
    parts = []
    top = plotted_top(series)
    ticks = sorted({0, top, *(b.min for b in series.bands if 0 < b.min <= top)})
    last_y: float | None = None
    for tick in ticks:
        y = frame.y_of(tick, series.max_total)
        if last_y is not None and last_y - y < MIN_TICK_GAP * frame.text:
            continue  # e.g. the SOWS "mild" band starts at 1, a hair above 0
        last_y = y
        parts.append(
            f'<text x="{frame.left - 4}" y="{y + 0.35 * frame.text:.1f}" '
            f'font-size="{frame.text}" text-anchor="end" fill="{MUTED}">{tick}</text>'
        )
    step = 7 if frame.span_days > 10 else 1
    for offset in range(0, frame.span_days, step):
        day = frame.start + timedelta(days=offset)
        x = frame.x_of_day(offset + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{frame.height - 10 * frame.scale:.1f}" '
            f'font-size="{frame.text}" text-anchor="middle" fill="{MUTED}">{day:%d %b}</text>'
        )
    y0 = frame.y_of(0, series.max_total)
    parts.append(
        f'<line x1="{frame.left}" y1="{y0:.1f}" x2="{frame.width - frame.right}" y2="{y0:.1f}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    return parts


def _line(series: ChartSeries, frame: Frame) -> list[str]:
    parts = []
    points = [d for d in series.days if frame.start <= d.day <= frame.end]
    runs: list[list[tuple[float, float]]] = []
    previous: date | None = None
    for d in points:
        xy = (
            frame.x_of_day((d.day - frame.start).days + 0.5),
            frame.y_of(d.total, series.max_total),
        )
        # A missed day breaks the line: a straight segment would invent the days in between.
        if previous is None or (d.day - previous).days > 1:
            runs.append([])
        runs[-1].append(xy)
        previous = d.day
    for run in runs:
        if len(run) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2" '
                'stroke-linejoin="round"/>'
            )
    for d in points:
        x = frame.x_of_day((d.day - frame.start).days + 0.5)
        y = frame.y_of(d.total, series.max_total)
        band = f" ({escape(d.band)})" if d.band else ""
        parts.append(
            f'<circle class="point" data-day="{d.day.isoformat()}" data-total="{d.total}" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}" stroke="#fff" stroke-width="1.5">'
            f"<title>{d.day:%d %b %Y}: {escape(series.title)} {d.total}{band}</title></circle>"
        )
    return parts


def render_withdrawal_chart(
    series: ChartSeries,
    start: date,
    end: date,
    course: ExpectedCourse | None = None,
    tz: tzinfo = UTC,
    width: int = 420,
    height: int = 260,
    text: int = 11,
) -> str:
    """An accessible SVG (role img, title and description) that scales to its container;
    `text` is the font size of its labels in viewBox units (WEB_TEXT on web pages)."""
    grow = text / 11
    frame = Frame(
        start,
        end,
        width,
        round(height * (1 + (grow - 1) / 3)),
        left=round(30 * grow),
        top=round(38 * grow),
        bottom=round(30 * grow),
        y_max=plotted_top(series),
        text=text,
    )
    height = frame.height
    shown = [d for d in series.days if start <= d.day <= end]
    latest = shown[-1] if shown else None
    summary = (
        f"{len(shown)} days with a {series.instrument.upper()} check-in between {start:%d %b} and "
        f"{end:%d %b %Y}"
        + (f"; latest {latest.total} on {latest.day:%d %b}" if latest else "")
        + (f"; expected course for {course.label} shaded" if course else "")
        + "."
    )
    body = [
        *_band_rects(series, frame),
        *(_course_rects(course, frame, tz, series.max_total) if course else []),
        *_axes(series, frame),
        *_line(series, frame),
    ]
    title = f"{series.title}: daily totals"
    drawn_to = f", drawn to {frame.y_max}" if frame.y_max < series.max_total else ""
    ids = f"wc-{escape(series.instrument)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart withdrawal-chart" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ids}-title {ids}-desc" '
        f'data-instrument="{escape(series.instrument)}" font-family="system-ui, sans-serif">'
        f'<title id="{ids}-title">{escape(title)}</title>'
        f'<desc id="{ids}-desc">{escape(summary)}</desc>'
        f'<text x="{frame.left}" y="{13 * frame.scale:.1f}" font-size="{frame.text}" '
        f'fill="{INK}">'
        f"{escape(series.instrument.upper())} daily totals (0–{series.max_total}{drawn_to})</text>"
        + "".join(body)
        + "</svg>"
    )
