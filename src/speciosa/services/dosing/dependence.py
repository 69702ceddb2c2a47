"""The dependence screen: a person answers the eleven DSM-5 criteria as yes/no items about
kratom (a clinician may record them in a visit); the count and its DSM-5 severity band are
stored with the answers. Idempotent on the client's id, like every retried write.

Read API: `screens_for(actor, person_id)` -> newest first (access-checked and audited).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from speciosa.domain.dosing.dependence import (
    DependenceScreen,
    ScreenDefinition,
    check_doses_per_day,
    parse_screen,
    score_screen,
)
from speciosa.domain.dosing.doses import KRATOM
from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, Conflict
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class NewScreen:
    id: object
    answers: Mapping[str, object]
    medically_supervised: bool = False
    typical_doses_per_day: object = None
    person_id: str | None = None

    def fingerprint(self) -> str:
        return fingerprint(
            {
                "answers": dict(self.answers),
                "medically_supervised": self.medically_supervised,
                "typical_doses_per_day": self.typical_doses_per_day,
                "person_id": self.person_id,
            }
        )


class DependenceService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        reference: ReferenceCatalogue,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self.definition: ScreenDefinition = parse_screen(reference.table("dependence_screen"))

    def record(self, actor: Actor, new: NewScreen) -> tuple[DependenceScreen, bool]:
        screen_id = parse_client_id(new.id)
        if actor.is_admin:
            raise AccessDenied("Admins manage accounts and record no clinical data.")
        subject = self._guard.subject_of(actor, new.person_id)
        result = score_screen(self.definition, new.answers, new.medically_supervised)
        screen = DependenceScreen(
            id=screen_id,
            person_id=subject,
            substance=KRATOM,
            answers=result.answers,
            medically_supervised=new.medically_supervised,
            typical_doses_per_day=check_doses_per_day(new.typical_doses_per_day),
            count=result.count,
            severity=result.severity,
            taken_at=self._clock.now(),
            recorded_by=actor.user_id,
            fingerprint=new.fingerprint(),
        )
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            if not uow.dependence_screens.add(screen):
                stored = uow.dependence_screens.get(screen_id)
                if stored is None or stored.person_id != subject:
                    raise Conflict(
                        f"A screen with id {screen_id} already exists. Generate a new id."
                    )
                check_replay(stored.fingerprint, screen.fingerprint, "screen", screen_id)
                return stored, False
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "dependence_screen",
                resource_id=screen_id,
                person_id=subject,
                detail=f"{result.count} criteria ({result.severity})",
            )
            uow.commit()
        return screen, True

    def screens_for(self, actor: Actor, person_id: str, limit: int = 20) -> list[DependenceScreen]:
        return self._guard.read(
            actor,
            person_id,
            "dependence_screens",
            lambda uow: uow.dependence_screens.for_person(person_id, limit),
        )

    def not_counted(self, screen: DependenceScreen) -> list[str]:
        """Endorsed items left out of the count because of medical supervision."""
        if not screen.medically_supervised:
            return []
        return [i.id for i in self.definition.items if i.physiological and screen.answers.get(i.id)]
