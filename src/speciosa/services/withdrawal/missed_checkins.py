"""The missed-check-in sweep: its own service, wired in bootstrap next to `WithdrawalService`,
whose alert rules it applies.

Where the missed-check-in sweep runs: it is a rule about the absence of data, so nothing triggers
it by itself. It runs (1) when the person's home page or the clinician's page for that person
loads (`sweep_missed_for`), (2) for all of a clinician's persons when their dashboard loads
(`sweep_missed_for_clinician`), (3) from `speciosa withdrawal sweep`, for
cron or a systemd timer, and (4) at the end of each simulated demo day. Each gap raises one alert
(its dedupe key is the gap's start), so running it often is harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import Alert, AlertDraft
from speciosa.domain.withdrawal.alert_rules import AlertRules, check_missed
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class MissedCheckInSweep:
    """Raises one alert per silent gap."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        alerts: AlertService,
        rules: AlertRules,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._alerts = alerts
        self.rules = rules

    def _missed_drafts(
        self, uow: UnitOfWork, person_ids: Sequence[str], now: datetime
    ) -> list[AlertDraft]:
        """Drafts for silent gaps that have no alert yet (a read: most page loads stop here)."""
        latest = uow.checkins.latest_taken_at(person_ids)
        drafts: list[AlertDraft] = []
        for person_id in person_ids:
            user = uow.users.get(person_id)
            if user is None or user.disabled or user.role is not Role.PERSON:
                continue
            profile = uow.withdrawal_profiles.get(person_id)
            last = latest.get(person_id)
            # Only persons in withdrawal follow-up: a profile or at least one check-in.
            if profile is None and last is None:
                continue
            since = profile.updated_at if profile else now
            found = check_missed(self.rules, person_id, last, since, now)
            if found:
                raised = {a.dedupe_key for a in uow.alerts.for_person(person_id)}
                drafts.extend(d for d in found if d.dedupe_key not in raised)
        return drafts

    def _raise(self, drafts: list[AlertDraft]) -> list[Alert]:
        if not drafts:
            return []
        with self._uow_factory() as uow:
            raised = self._alerts.raise_drafts(uow, drafts)  # dedupe_key settles any race
            uow.commit()
        return raised

    def sweep_missed(self, person_ids: Sequence[str] | None = None) -> list[Alert]:
        """System sweep (CLI, timer, demo): every person, or those given."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            ids = (
                list(person_ids)
                if person_ids is not None
                else [u.id for u in uow.users.list(Role.PERSON)]
            )
            drafts = self._missed_drafts(uow, ids, now)
        return self._raise(drafts)

    def sweep_missed_for(self, actor: Actor, person_id: str) -> list[Alert]:
        """On a page load by someone who may see this person's record. Reads first, so a page
        load takes no write lock unless there is a new gap to flag."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            self._guard.require(uow, actor, person_id, Purpose.READ)
            drafts = self._missed_drafts(uow, [person_id], now)
        return self._raise(drafts)

    def sweep_missed_for_clinician(self, actor: Actor) -> list[Alert]:
        """Every person who granted this clinician access (call it when the dashboard loads)."""
        now = self._clock.now()
        with self._uow_factory(read_only=True) as uow:
            ids = self._guard.readable_person_ids(uow, actor)
            drafts = self._missed_drafts(uow, ids, now)
        return self._raise(drafts)
