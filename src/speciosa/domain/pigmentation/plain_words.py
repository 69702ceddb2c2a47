"""Skin results in plain words, before any number a person cannot read (ΔL*, ΔE2000, ITA°).

L* is lightness on a 0–100 scale (CIE 1976), so "darker by 4 points" is the affected site's L*
minus the reference site's. Whether a difference could be seen uses the reference table's
perceptibility threshold (`perceptible_delta_e`, pigmentation_rules.yaml); whether a change over
time is real uses the trend's smallest detectable change.
"""

from __future__ import annotations

from speciosa.domain.pigmentation.trend import SiteTrend

SAME = 0.05  # below this the two sites are reported as equally light (display rounding: 0.1)


def difference_words(
    delta_l: float, delta_e: float, perceptible_delta_e: float, site: str, reference_site: str
) -> str:
    """ "The back of the left hand is darker than the back of the right hand by 4.2 points of
    lightness (0–100 scale) — a difference you could see."""
    seen = (
        "a difference you could see"
        if delta_e >= perceptible_delta_e
        else "too small to see by eye"
    )
    if abs(delta_l) < SAME:
        return f"The {site} is as light as the {reference_site} ({seen})."
    direction = "darker" if delta_l < 0 else "lighter"
    return (
        f"The {site} is {direction} than the {reference_site} by {abs(delta_l):.1f} points of "
        f"lightness (on a 0–100 scale) — {seen}."
    )


def change_words(trend: SiteTrend) -> str:
    """ "Since 03 Nov 2026 it became 2.1 points darker — more than repeat photos vary by." """
    if len(trend.sessions) < 2:
        return "This is the first measurement of this pair of sites; the next ones show a change."
    baseline, latest = trend.sessions[0], trend.sessions[-1]
    change = latest.change_delta_l
    since = f"Since {baseline.day:%d %b %Y}"
    beyond = abs(change) > trend.sdc.delta_l
    verdict = (
        "more than repeat photos of the same skin vary by"
        if beyond
        else f"within what repeat photos of the same skin vary by (±{trend.sdc.delta_l:.1f})"
    )
    if abs(change) < SAME:
        return f"{since} it has not changed ({verdict})."
    direction = "darker" if change < 0 else "lighter"
    return (
        f"{since} it became {abs(change):.1f} points {direction} compared with the reference "
        f"site — {verdict}."
    )
