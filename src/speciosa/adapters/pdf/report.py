"""The report model as a PDF: HTML from a template of our own, laid out by WeasyPrint, charts as
inline SVG (vector, with selectable labels), text as real text."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from speciosa.adapters.charts.report import ReportCharts, render_report_charts
from speciosa.domain.reports import DoseKind, PersonReport, daily_doses, week_grid

TEMPLATES = Path(__file__).parent / "templates"
_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _safe(charts: ReportCharts) -> dict[str, object]:
    # The SVGs are built by our chart adapters, which escape every text they draw.
    return {
        "withdrawal": [(name, Markup(svg)) for name, svg in charts.withdrawal],  # noqa: S704
        "skin": [Markup(svg) for svg in charts.skin],  # noqa: S704
        "timeline": Markup(charts.timeline),  # noqa: S704
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
        r=report, charts=_safe(charts), grids=report_grids(report)
    )


def render_report_pdf(report: PersonReport) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is made

    pdf: bytes | None = HTML(string=render_report_html(report), base_url=str(TEMPLATES)).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
