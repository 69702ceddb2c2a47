"""The report model as a PDF: HTML from a template of our own, laid out by WeasyPrint, charts as
inline SVG (vector, with selectable labels), text as real text."""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from speciosa.adapters.charts.report import ReportCharts, render_report_charts
from speciosa.domain.reports.dosing import DoseKind, daily_doses
from speciosa.domain.reports.period import PersonReport, WeekRow, week_grid
from speciosa.domain.reports.progress import progress_rows

TEMPLATES = Path(__file__).parent / "templates"
_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def week_lines(rows: Sequence[WeekRow]) -> str:
    """A week-by-day calendar as fixed-width text lines. WeasyPrint lays out a table cell by
    cell, which made these calendars half the time of a 90-day PDF; sixteen lines of text cost
    almost nothing and read the same on paper."""
    lines = ["Week of".ljust(13) + "".join(d.rjust(9) for d in WEEKDAYS)]
    for row in rows:
        cells = "".join((cell if cell is not None else "·").rjust(9) for cell in row.cells)
        lines.append(f"{row.monday:%d %b %Y}".ljust(13) + cells)
    return "\n".join(lines)


_environment.filters["week_lines"] = week_lines

SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'
TITLE = re.compile(r"<title[^>]*>([^<]*)</title>")


def svg_image(svg: str) -> Markup:
    """The chart as an <img> of an SVG data URI. WeasyPrint draws it the same (vector, its text
    still real text) but skips the HTML cascade for every circle and line of an inline SVG,
    which halved the layout of a 90-day report. The alt text is the chart's title."""
    if SVG_NAMESPACE not in svg.split(">", 1)[0]:
        svg = svg.replace("<svg", f"<svg {SVG_NAMESPACE}", 1)
    label = TITLE.search(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = label.group(1).replace('"', "&quot;") if label else ""  # text escaped by the adapter
    return Markup(f'<img class="chart-image" alt="{alt}" src="data:image/svg+xml;base64,{data}">')  # noqa: S704


def _safe(charts: ReportCharts) -> dict[str, object]:
    # The SVGs are built by our chart adapters, which escape every text they draw.
    return {
        "withdrawal": [(name, svg_image(svg)) for name, svg in charts.withdrawal],
        "skin": [svg_image(svg) for svg in charts.skin],
        "timeline": svg_image(charts.timeline),
    }


def report_grids(report: PersonReport) -> dict[str, object]:
    """Week-by-day calendars of the daily scores and doses: compact on paper."""
    scores = [
        (t.instrument, week_grid(report.period, {d.day: str(d.total) for d in t.days}))
        for t in report.trends
    ]
    per_day = daily_doses(report.dosing.doses, report.tz)
    doses = week_grid(
        report.period,
        {
            d.day: (
                f"{d.kratom_grams:g} g; {d.count}" if d.kratom_grams is not None else str(d.count)
            )
            for d in per_day
        },
    )
    opioid = sum(1 for d in report.dosing.doses if d.kind is DoseKind.OPIOID)
    return {"scores": scores, "doses": doses, "opioid_doses": opioid}


def render_report_html(report: PersonReport) -> str:
    charts = render_report_charts(report, width=640, tooltips=False)
    return _environment.get_template("report.html").render(
        r=report, charts=_safe(charts), grids=report_grids(report), progress=progress_rows(report)
    )


def warm_up_pdf_renderer() -> threading.Thread:
    """Import WeasyPrint and lay out one line in a background thread, so that the first PDF a
    server is asked for does not wait ~1-3 s for the import and font set-up (the "seconds of
    nothing" after a click)."""

    def warm() -> None:
        from weasyprint import HTML

        HTML(string="<p>Speciosa</p>").write_pdf()

    thread = threading.Thread(target=warm, name="pdf-warm-up", daemon=True)
    thread.start()
    return thread


def render_report_pdf(report: PersonReport) -> bytes:
    return pdf_from_html(render_report_html(report))


def pdf_from_html(html: str) -> bytes:
    """The report's HTML laid out as a PDF (also in `render_process`'s child process)."""
    from weasyprint import HTML  # heavy import: only when a PDF is made

    pdf: bytes | None = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
