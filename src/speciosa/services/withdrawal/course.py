"""Withdrawal over time: the person's profile (what they are stopping, when they last used it),
the expected course, the trend for charts and the alert rules.

The missed-check-in sweep is in `missed_checkins` (a base class of `WithdrawalService`).

Read model for other features (dose tapers, reports): `scored_checkins` / `daily_totals` check
access and audit; `scored_in` / `daily_totals_in` run inside a caller's transaction for a service
that has already checked access.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import AlertDraft
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.withdrawal.alert_rules import (
    AlertRules,
    check_past_peak,
    check_rising,
    check_severe,
    parse_alert_rules,
)
from speciosa.domain.withdrawal.checkins import (
    CheckIn,
    DailyTotal,
    ScoredCheckIn,
    local_day,
    summarise_days,
)
from speciosa.domain.withdrawal.course import (
    CourseWindow,
    ExpectedCourse,
    OpioidClass,
    expected_course,
    parse_course_table,
)
from speciosa.domain.withdrawal.profile import WithdrawalProfile, make_profile
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.person_time import day_bounds, person_timezone
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# How far back the rules look when a check-in arrives: enough for every rule's window.
RULE_LOOKBACK = timedelta(days=14)
DEFAULT_TREND_DAYS = 30
MAX_TREND_DAYS = 366


@dataclass(frozen=True)
class WithdrawalOverview:
    """Everything the chart page and the feature cards show, read in one audited transaction."""

    person_id: str
    now: datetime
    tz: tzinfo
    start: date
    end: date
    profile: WithdrawalProfile | None
    course: ExpectedCourse | None
    points: list[ScoredCheckIn]
    days: list[DailyTotal]
    last_checkin_at: datetime | None

    def days_for(self, instrument: str) -> list[DailyTotal]:
        return [d for d in self.days if d.instrument == instrument]

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def checked_in_today(self) -> bool:
        return any(d.day == self.today for d in self.days)

    @property
    def describe_now(self) -> str | None:
        return self.course.describe(self.now) if self.course else None


class WithdrawalService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        course_table: ReferenceTable,
        rules_table: ReferenceTable,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        # Parsed once at start-up: a malformed row fails start-up, not a request.
        self.windows: dict[OpioidClass, CourseWindow] = parse_course_table(course_table)
        self.rules: AlertRules = parse_alert_rules(rules_table)

    # ------------------------------------------------------------------ profile and course

    def get_profile(self, actor: Actor, person_id: str) -> WithdrawalProfile | None:
        return self._guard.read(
            actor,
            person_id,
            "withdrawal_profile",
            lambda uow: uow.withdrawal_profiles.get(person_id),
        )

    def set_profile(
        self,
        actor: Actor,
        person_id: str | None,
        opioids: Iterable[object],
        last_use_at: datetime | None,
    ) -> WithdrawalProfile:
        """A last-use time without a time zone (a form's datetime-local) is read in the person's
        own time zone."""
        subject = self._guard.subject_of(actor, person_id)
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            if last_use_at is not None and last_use_at.tzinfo is None:
                last_use_at = last_use_at.replace(tzinfo=person_timezone(uow, subject))
            profile = make_profile(
                subject, opioids, last_use_at, now=self._clock.now(), updated_by=actor.user_id
            )
            existed = uow.withdrawal_profiles.get(subject) is not None
            uow.withdrawal_profiles.save(profile)
            self._audit.add(
                uow,
                actor,
                AuditAction.UPDATE if existed else AuditAction.CREATE,
                "withdrawal_profile",
                resource_id=subject,
                person_id=subject,
            )
            uow.commit()
        return profile

    def course_for(self, profile: WithdrawalProfile | None) -> ExpectedCourse | None:
        if profile is None:
            return None
        return expected_course(profile.opioids, profile.last_use_at, self.windows)

    # ------------------------------------------------------------------ trend and read model

    def overview(
        self, actor: Actor, person_id: str, days: int = DEFAULT_TREND_DAYS
    ) -> WithdrawalOverview:
        days = max(1, min(days, MAX_TREND_DAYS))
        now = self._clock.now()

        def read(uow: UnitOfWork) -> WithdrawalOverview:
            tz = person_timezone(uow, person_id)
            end = now.astimezone(tz).date()
            start = end - timedelta(days=days - 1)
            first, last = day_bounds(start, end, tz)
            points = uow.checkins.scored_between(person_id, first, last)
            profile = uow.withdrawal_profiles.get(person_id)
            latest = uow.checkins.latest_taken_at([person_id]).get(person_id)
            return WithdrawalOverview(
                person_id=person_id,
                now=now,
                tz=tz,
                start=start,
                end=end,
                profile=profile,
                course=self.course_for(profile),
                points=points,
                days=summarise_days(points, tz),
                last_checkin_at=latest,
            )

        return self._guard.read(actor, person_id, "withdrawal_trend", read)

    def scored_in(
        self,
        uow: UnitOfWork,
        person_id: str,
        start: datetime,
        end: datetime,
        instrument: str | None = None,
    ) -> list[ScoredCheckIn]:
        """Inside the caller's transaction (the caller has checked access)."""
        return uow.checkins.scored_between(person_id, start, end, instrument)

    def daily_totals_in(
        self,
        uow: UnitOfWork,
        person_id: str,
        start: date,
        end: date,
        instrument: str | None,
        unsaved: CheckIn | None = None,
    ) -> list[DailyTotal]:
        """Daily totals (highest total per local day) from start to end inclusive, inside the
        caller's transaction (the caller has checked access). `unsaved` is a check-in about to
        be written (read before the write transaction): counted with the stored ones."""
        tz = person_timezone(uow, person_id)
        first, last = day_bounds(start, end, tz)
        points = uow.checkins.scored_between(person_id, first, last, instrument)
        if (
            unsaved is not None
            and instrument in (None, unsaved.instrument)
            and first <= unsaved.taken_at < last
        ):
            points = _counting_unsaved(points, unsaved)
        return summarise_days(points, tz)

    def scored_checkins(
        self,
        actor: Actor,
        person_id: str,
        start: datetime,
        end: datetime,
        instrument: str | None = None,
    ) -> list[ScoredCheckIn]:
        return self._guard.read(
            actor,
            person_id,
            "checkins",
            lambda uow: self.scored_in(uow, person_id, start, end, instrument),
        )

    def daily_totals(
        self, actor: Actor, person_id: str, start: date, end: date, instrument: str | None = None
    ) -> list[DailyTotal]:
        return self._guard.read(
            actor,
            person_id,
            "withdrawal_trend",
            lambda uow: self.daily_totals_in(uow, person_id, start, end, instrument),
        )

    # ------------------------------------------------------------------ alert rules

    def evaluate_checkin(
        self, uow: UnitOfWork, checkin: CheckIn, band: str, *, stored: bool = True
    ) -> list[AlertDraft]:
        """The rules a new check-in can fire. `stored=False` evaluates a check-in that is about
        to be written (read before the write transaction): it is counted with the stored ones."""
        tz = person_timezone(uow, checkin.person_id)
        day = local_day(checkin.taken_at, tz)
        _, day_end = day_bounds(day, day, tz)
        points = uow.checkins.scored_between(
            checkin.person_id, checkin.taken_at - RULE_LOOKBACK, day_end, checkin.instrument
        )
        if not stored:
            points = _counting_unsaved(points, checkin)
        days = summarise_days(points, tz)
        course = self.course_for(uow.withdrawal_profiles.get(checkin.person_id))
        peak_end_day = local_day(course.at(course.peak.end), tz) if course and course.peak else None
        return [
            *check_severe(self.rules, checkin, band, day),
            *check_rising(self.rules, checkin, days, day),
            *check_past_peak(self.rules, checkin, days, day, course, peak_end_day),
        ]

    def profile_in(self, uow: UnitOfWork, person_id: str) -> WithdrawalProfile | None:
        """Inside the caller's transaction (the caller has checked access and audits)."""
        return uow.withdrawal_profiles.get(person_id)


def _counting_unsaved(points: list[ScoredCheckIn], checkin: CheckIn) -> list[ScoredCheckIn]:
    """The stored check-ins with one about to be written, in time order (once: a retry's
    check-in may be stored already)."""
    if any(p.id == checkin.id for p in points):
        return points
    unsaved = ScoredCheckIn(
        checkin.id,
        checkin.person_id,
        checkin.instrument,
        checkin.total,
        checkin.band,
        checkin.taken_at,
    )
    return sorted([*points, unsaved], key=lambda p: (p.taken_at, p.id))
