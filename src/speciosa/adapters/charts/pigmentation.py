"""The skin trend of one site pair as a server-rendered SVG: the change in affected-minus-
reference ΔL* per photo session against the first session, with the smallest detectable change
shaded as a band around zero. Below the band = the affected site darkened relative to the
reference beyond what repeat photos can explain.

Pure: domain data in, an SVG string out; presentation attributes only (strict CSP, PDF-ready).
"""

from __future__ import annotations

from html import escape

from speciosa.domain.pigmentation.trend import SiteTrend

LINE = "#6b4a2f"
BAND = "#e8efe9"
INK = "#1d2521"
MUTED = "#5b655f"
DANGER = "#a3261d"
WIDTH, HEIGHT = 640, 260
BASE_LEFT, RIGHT, BASE_TOP, BASE_BOTTOM = 44, 14, 24, 34


def _nice_limit(value: float) -> float:
    for step in (1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0):
        if value <= step:
            return step
    return float(int(value) + 1)


def render_skin_trend_chart(trend: SiteTrend, text: int = 11) -> str:
    """`text` is the labels' font size in viewBox units (the web draws them larger, so that the
    chart shrunk into a phone's width still has 11 px text); the gutters grow with it."""
    k = text / 11
    LEFT, TOP, BOTTOM = round(BASE_LEFT * k), round(BASE_TOP * k), round(BASE_BOTTOM * k)  # noqa: N806
    sessions = trend.sessions
    sdc = trend.sdc.delta_l
    changes = [s.change_delta_l for s in sessions]
    limit = _nice_limit(max([abs(c) for c in changes] + [sdc * 1.5, 1.0]))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = sessions[0].day, sessions[-1].day
    span = max((last - first).days, 1)

    def x_of(index: int) -> float:
        days = (sessions[index].day - first).days
        return LEFT + plot_w * (days / span if len(sessions) > 1 else 0.5)

    def y_of(value: float) -> float:
        return TOP + plot_h * (limit - value) / (2 * limit)

    title = f"Change in ΔL* (affected − reference), {trend.site} against {trend.reference_site}"
    parts = [
        f'<svg class="chart skin-trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="skin-trend-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="skin-trend-title">{escape(title)}</title>',
        f'<rect x="{LEFT}" y="{y_of(sdc):.1f}" width="{plot_w}" '
        f'height="{y_of(-sdc) - y_of(sdc):.1f}" fill="{BAND}"/>',
    ]
    for tick in (-limit, -limit / 2, 0.0, limit / 2, limit):
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{"#b9c2bc" if tick else MUTED}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 0.35 * text:.1f}" text-anchor="end" font-size="{text}" '
            f'fill="{MUTED}">{tick:+.1f}</text>'
        )
    parts.append(
        f'<text x="4" y="{TOP - 8 * k:.1f}" font-size="{text + 1}" fill="{INK}">'
        f"ΔL* change; band ±{sdc:.2f} = smallest detectable</text>"
    )
    points = [(x_of(i), y_of(c)) for i, c in enumerate(changes)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
    for (x, y), session in zip(points, sessions, strict=True):
        beyond = session.change_delta_l < -sdc
        label = (
            f"{session.day.isoformat()}: ΔL* {session.mean_delta_l:+.2f}, change "
            f"{session.change_delta_l:+.2f}, ΔE00 {session.mean_delta_e:.2f} "
            f"({len(session.photos)} photo{'s' if len(session.photos) != 1 else ''})"
        )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{DANGER if beyond else LINE}">'
            f"<title>{escape(label)}</title></circle>"
        )
    for index in sorted({0, len(sessions) - 1}):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{HEIGHT - 10 * k:.1f}" text-anchor="middle" '
            f'font-size="{text}" fill="{MUTED}">{sessions[index].day.strftime("%d %b")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_swatch(colour: str, label: str, size: int = 64) -> str:
    """A square of the corrected colour (an SVG, since inline styles are not allowed)."""
    safe = colour if len(colour) == 7 and colour.startswith("#") else "#808080"
    return (
        f'<svg class="swatch" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{size}" height="{size}" rx="8" fill="{escape(safe)}" stroke="#5b655f"/>'
        "</svg>"
    )
