"""Every chart of one report, drawn once from the report model, for the web page and the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.adapters.charts.pigmentation import render_skin_trend_chart
from speciosa.adapters.charts.timeline import render_timeline_chart
from speciosa.adapters.charts.withdrawal import ChartSeries, render_withdrawal_chart
from speciosa.domain.reports.period import PersonReport
from speciosa.domain.reports.timeline import timeline_events


@dataclass(frozen=True)
class ReportCharts:
    withdrawal: tuple[tuple[str, str], ...]  # (instrument, SVG), one per instrument with data
    skin: tuple[str, ...]  # one SVG per site pair
    timeline: str


def render_report_charts(
    report: PersonReport, width: int = 640, *, tooltips: bool = True
) -> ReportCharts:
    period = report.period
    withdrawal = tuple(
        (
            trend.instrument,
            render_withdrawal_chart(
                ChartSeries(
                    trend.instrument, trend.title, trend.max_total, trend.bands, trend.days
                ),
                period.start,
                period.end,
                report.course,
                report.tz,
                width=width,
                height=260,
            ),
        )
        for trend in report.trends
    )
    return ReportCharts(
        withdrawal=withdrawal,
        skin=tuple(render_skin_trend_chart(t) for t in report.skin),
        timeline=render_timeline_chart(
            timeline_events(report),
            period.start,
            period.end,
            report.tz,
            width=width,
            tooltips=tooltips,
        ),
    )
