"""The affected-minus-reference trend of one site pair, its smallest detectable change, and the
progressive-darkening rule.

Within one photo the affected and reference sites share light, camera and correction, so their
difference (ΔL*, ΔE00) is far more stable than either absolute colour
(docs/skin-photo-measurements.md). Photos are grouped into sessions (calendar days). The smallest
detectable change (SDC) of the session mean ΔL* comes from the person's own same-day repeat photos:
SDC = z · √2 · SEM with SEM the pooled within-session SD (de Vet et al. 2006); until there are
repeats, a default SD from simulation is used and the trend says so. Darkening is reported when ΔL*
has fallen below the baseline (the first session) by more than the SDC in each of the last N
successive sessions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from speciosa.domain.foundation.alerts import AlertDraft, AlertKind
from speciosa.domain.pigmentation.rules import PigmentationRules


@dataclass(frozen=True)
class TrendPhoto:
    measurement_id: str
    taken_at: datetime
    delta_l: float
    delta_e: float


@dataclass(frozen=True)
class TrendSession:
    day: date
    photos: tuple[TrendPhoto, ...]
    mean_delta_l: float
    mean_delta_e: float
    change_delta_l: float  # against the baseline session; negative = affected site darker


@dataclass(frozen=True)
class SmallestDetectableChange:
    delta_l: float
    from_repeats: bool
    repeat_sessions: int
    within_session_sd: float

    @property
    def explanation(self) -> str:
        if self.from_repeats:
            return (
                f"±{self.delta_l:.2f} L*, from {self.repeat_sessions} session(s) with repeat "
                f"photos (within-session SD {self.within_session_sd:.2f})"
            )
        return (
            f"±{self.delta_l:.2f} L*, a default until two photos are taken in one session "
            f"(assumed SD {self.within_session_sd:.2f})"
        )


@dataclass(frozen=True)
class DarkeningFinding:
    run_start: date
    sessions: tuple[TrendSession, ...]  # the successive sessions beyond the SDC
    baseline: TrendSession
    sdc: SmallestDetectableChange

    @property
    def latest(self) -> TrendSession:
        return self.sessions[-1]


@dataclass(frozen=True)
class SiteTrend:
    site: str
    reference_site: str
    sessions: tuple[TrendSession, ...]
    sdc: SmallestDetectableChange
    darkening: DarkeningFinding | None

    @property
    def pair_key(self) -> str:
        return site_pair_key(self.site, self.reference_site)


def site_pair_key(site: str, reference_site: str) -> str:
    return f"{' '.join(site.lower().split())}|{' '.join(reference_site.lower().split())}"


def smallest_detectable_change(
    sessions: Sequence[Sequence[float]], rules: PigmentationRules
) -> SmallestDetectableChange:
    """SDC of a session's ΔL* from the pooled within-session SD of same-day repeats."""
    squares, degrees, repeat_sessions = 0.0, 0, 0
    for values in sessions:
        if len(values) < 2:
            continue
        mean = sum(values) / len(values)
        squares += sum((v - mean) ** 2 for v in values)
        degrees += len(values) - 1
        repeat_sessions += 1
    from_repeats = degrees > 0
    sd = math.sqrt(squares / degrees) if from_repeats else rules.default_repeat_sd_delta_l
    sdc = max(rules.sdc_z * math.sqrt(2.0) * sd, rules.sdc_floor_delta_l)
    return SmallestDetectableChange(sdc, from_repeats, repeat_sessions, sd)


def assess_trend(
    site: str, reference_site: str, photos: Sequence[TrendPhoto], rules: PigmentationRules
) -> SiteTrend:
    by_day: dict[date, list[TrendPhoto]] = {}
    for photo in sorted(photos, key=lambda p: p.taken_at):
        by_day.setdefault(photo.taken_at.date(), []).append(photo)
    sdc = smallest_detectable_change(
        [[p.delta_l for p in group] for group in by_day.values()], rules
    )
    sessions: list[TrendSession] = []
    baseline_l: float | None = None
    for day, group in by_day.items():
        mean_l = sum(p.delta_l for p in group) / len(group)
        mean_e = sum(p.delta_e for p in group) / len(group)
        baseline_l = mean_l if baseline_l is None else baseline_l
        sessions.append(TrendSession(day, tuple(group), mean_l, mean_e, mean_l - baseline_l))
    return SiteTrend(site, reference_site, tuple(sessions), sdc, _darkening(sessions, sdc, rules))


def _darkening(
    sessions: Sequence[TrendSession], sdc: SmallestDetectableChange, rules: PigmentationRules
) -> DarkeningFinding | None:
    needed = rules.darkening_consecutive_sessions
    if len(sessions) < needed + 1:
        return None
    run: list[TrendSession] = []
    for session in reversed(sessions[1:]):
        if session.change_delta_l < -sdc.delta_l:
            run.append(session)
        else:
            break
    if len(run) < needed:
        return None
    run.reverse()
    return DarkeningFinding(
        run_start=run[0].day, sessions=tuple(run), baseline=sessions[0], sdc=sdc
    )


def darkening_alert(person_id: str, trend: SiteTrend) -> AlertDraft | None:
    """The clinician's alert for a darkening finding, with the numbers behind it."""
    finding = trend.darkening
    if finding is None:
        return None
    latest = finding.latest
    baseline = finding.baseline
    first_photo = baseline.photos[0]
    latest_photo = latest.photos[-1]
    return AlertDraft(
        person_id=person_id,
        kind=AlertKind.DARKENING,
        title=f"Progressive darkening of {trend.site} against {trend.reference_site}",
        explanation=(
            f"In {len(finding.sessions)} successive photo sessions since "
            f"{finding.run_start.isoformat()}, the affected site was darker relative to the "
            f"reference site than at baseline ({baseline.day.isoformat()}) by more than the "
            f"smallest detectable change ({finding.sdc.explanation}). Affected-minus-reference "
            f"ΔL* went from {baseline.mean_delta_l:+.2f} to {latest.mean_delta_l:+.2f} "
            f"(change {latest.change_delta_l:+.2f}); ΔE00 from {baseline.mean_delta_e:.2f} to "
            f"{latest.mean_delta_e:.2f}. Kratom-associated hyperpigmentation is reported in case "
            "reports after long, heavy use; compare the photos side by side and examine the skin."
        ),
        dedupe_key=f"darkening:{trend.pair_key}:{finding.run_start.isoformat()}",
        facts={
            "site": trend.site,
            "reference_site": trend.reference_site,
            "baseline_day": baseline.day.isoformat(),
            "baseline_delta_L": round(baseline.mean_delta_l, 2),
            "latest_day": latest.day.isoformat(),
            "latest_delta_L": round(latest.mean_delta_l, 2),
            "change_delta_L": round(latest.change_delta_l, 2),
            "baseline_delta_e_2000": round(baseline.mean_delta_e, 2),
            "latest_delta_e_2000": round(latest.mean_delta_e, 2),
            "smallest_detectable_change_L": round(finding.sdc.delta_l, 2),
            "sdc_from_repeat_photos": finding.sdc.from_repeats,
            "sessions_beyond_sdc": len(finding.sessions),
            "baseline_measurement_id": first_photo.measurement_id,
            "latest_measurement_id": latest_photo.measurement_id,
        },
        source_type="skin_measurement",
        source_id=latest_photo.measurement_id,
    )
