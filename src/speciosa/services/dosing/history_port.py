"""The read port through which reports, the timeline and the cohort export see the dose journal
and taper plans (issue 4), without depending on how that feature stores them.

The dosing feature implements `DoseHistorySource` (e.g. a method on its service) and bootstrap
passes it to `ReportService` and `CohortService`. Until then `NoDoseJournal` stands in: reports
say that no dose journal is connected instead of showing an empty list as if nothing was taken.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from speciosa.domain.reports.dosing import DoseHistory
from speciosa.services.ports.unit_of_work import UnitOfWork


class DoseHistorySource(Protocol):
    def history_in(
        self, uow: UnitOfWork, person_id: str, start: datetime, end: datetime
    ) -> DoseHistory:
        """Doses with start <= taken_at < end, the steps of the person's approved plan dated in
        that span (with their status) and the holds in it — read inside the caller's
        transaction; the caller has checked access and writes the audit row."""
        ...


class NoDoseJournal:
    """Stands in while no dose journal is wired: `available=False`, nothing listed."""

    def history_in(
        self, uow: UnitOfWork, person_id: str, start: datetime, end: datetime
    ) -> DoseHistory:
        return DoseHistory(available=False)
