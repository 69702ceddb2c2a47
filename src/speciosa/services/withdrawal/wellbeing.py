"""Cravings and sleep answered beside a check-in (not part of SOWS; see
domain/withdrawal/wellbeing.py).

Stored under the check-in's own client id, so re-sending the same check-in form (a double tap, an
offline queue replaying after a lost answer) stores the answers once.
"""

from __future__ import annotations

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.wellbeing import Wellbeing
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

RECENT = 60
MAX_RECENT = 400


class WellbeingService:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, guard: AccessGuard, audit: AuditTrail
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit

    def record(
        self, actor: Actor, checkin: CheckIn, cravings: int | None, sleep_quality: str | None
    ) -> Wellbeing | None:
        """Nothing is stored when both were left blank."""
        if cravings is None and sleep_quality is None:
            return None
        wellbeing = Wellbeing(
            checkin.id, checkin.person_id, cravings, sleep_quality, self._clock.now()
        )
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, checkin.person_id, Purpose.WRITE)
            if uow.wellbeing.add(wellbeing):
                self._audit.add(
                    uow,
                    actor,
                    AuditAction.CREATE,
                    "wellbeing",
                    resource_id=checkin.id,
                    person_id=checkin.person_id,
                )
                uow.commit()
        return wellbeing

    def recent(self, actor: Actor, person_id: str, limit: int = RECENT) -> list[Wellbeing]:
        """Newest first."""
        return self._guard.read(
            actor,
            person_id,
            "wellbeing",
            lambda uow: uow.wellbeing.for_person(person_id, min(limit, MAX_RECENT)),
        )

    def for_person_in(self, uow: UnitOfWork, person_id: str, limit: int) -> list[Wellbeing]:
        """Inside the caller's transaction (the caller has checked access and audits)."""
        return uow.wellbeing.for_person(person_id, limit)
