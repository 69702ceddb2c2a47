"""The pseudonymous research cohort: one row per check-in of every person who consented to
research use (`persons.research_consent_at`), without names, e-mails, free text or dates.

The export is an operator's act at the command line (`speciosa export cohort`), not a clinician's
view of one record: it covers persons who consented to research, whoever their clinician is.
Each included person gets an EXPORT audit row (actor role "operator"), so they can see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from speciosa.domain.foundation.audit import AuditAction, AuditEvent
from speciosa.domain.reports.cohort import CohortCheckIn, CohortRow, cohort_rows, pseudonymous_key
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.services.dosing.history import DosingHistory
from speciosa.services.foundation.person_time import person_timezone
from speciosa.services.ports.outside import Clock, PseudonymKeySource
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory
from speciosa.services.reports.person_report import OPERATOR_ROLE
from speciosa.services.withdrawal.course import WithdrawalService

# Check-ins cannot be older than the product: every row since this instant is included.
BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)
# Persons per batch of a streamed export: ~36,500 rows at a year of daily check-ins, a few MB,
# so the writer's memory stays flat whatever the cohort's size (issue 17).
EXPORT_BATCH_PERSONS = 100


class CohortService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        instruments: InstrumentCatalogue,
        key: PseudonymKeySource,
        doses: DosingHistory,
        withdrawal: WithdrawalService,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._instruments = instruments
        self._key = key
        self._doses = doses
        self._withdrawal = withdrawal

    def export(self) -> list[CohortRow]:
        """Every research-consented person's check-ins, pseudonymised; audited per person."""
        return [row for batch in self.export_batches() for row in batch]

    def export_batches(
        self, persons_per_batch: int = EXPORT_BATCH_PERSONS
    ) -> Iterator[list[CohortRow]]:
        """The export as batches of rows, a few persons at a time, for a streaming writer.

        The audit rows are written once the last batch has been taken: a writer that fails half
        way (and so never exhausts this generator) leaves no claim that anyone was exported."""
        now = self._clock.now()
        secret = self._key.secret()
        until = now + timedelta(days=1)
        batch: list[CohortRow] = []
        in_batch = 0
        with self._uow_factory(read_only=True) as uow:
            person_ids = uow.reports.research_person_ids()
            for person_id in person_ids:
                profile = uow.persons.get(person_id)
                if profile is None:
                    continue
                tz = person_timezone(uow, person_id)
                checkins = []
                for c in self._withdrawal.scored_in(uow, person_id, BEGINNING, until):
                    instrument = self._instruments.get(c.instrument)
                    checkins.append(CohortCheckIn(c, instrument.max_total, instrument.rater.value))
                history = self._doses.history_in(uow, person_id, BEGINNING, until)
                withdrawal = self._withdrawal.profile_in(uow, person_id)
                batch += cohort_rows(
                    pseudonymous_key(secret, person_id),
                    profile.programme_start,
                    tz,
                    checkins,
                    history.doses if history.available else None,
                    [o.value for o in withdrawal.opioids] if withdrawal else [],
                )
                in_batch += 1
                if in_batch >= persons_per_batch:
                    yield batch
                    batch, in_batch = [], 0
            if batch:
                yield batch
        with self._uow_factory() as uow:
            for person_id in person_ids:
                uow.audit.add(
                    AuditEvent(
                        at=now,
                        actor_id=None,
                        actor_role=OPERATOR_ROLE,
                        action=AuditAction.EXPORT,
                        resource="research_cohort",
                        resource_id=None,
                        person_id=person_id,
                        address="command line",
                        detail="pseudonymous research export (research consent)",
                    )
                )
            uow.commit()
