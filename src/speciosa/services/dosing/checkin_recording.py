"""Recording a check-in and what it means for the taper: the one cross-feature use case that
writes. The withdrawal feature checks and stores the check-in; the dosing feature reviews the
person's taper plans and stores the holds a rising score calls for. Web, API and demo record
check-ins through this use case, so a check-in has the same consequences however it arrives.

One read transaction, then one write transaction (issue 17): everything that only reads (access,
a retry's first record, the alert rules, the taper plans and the daily totals the hold rule
reads, the new check-in counted with them) runs first; the write transaction holds only the
inserts — the check-in, its alerts, its audit row, the holds placed and the review's audit row
(`taper_hold_review`, "no hold placed" or the holds placed, attributed to whoever recorded the
check-in) — and one commit. So SQLite's single write lock is taken once per check-in, for the
inserts alone (measured: benchmarks/bench_checkins.py), and a check-in and the review it calls
for are on disk together or not at all: a failed review leaves nothing half-done for a retry to
skip. A retry of a stored check-in (same id, same body) reviews nothing; a new version of a
corrected check-in is reviewed like a new check-in.
"""

from __future__ import annotations

from speciosa.domain.foundation.accounts import Actor
from speciosa.services.dosing.taper_holds import TaperHoldReview
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrection, CorrectedCheckIn
from speciosa.services.withdrawal.checkins import CheckInService, NewCheckIn, RecordedCheckIn


class RecordCheckIn:
    """Record (or correct) a check-in and review the taper holds it may call for."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, checkins: CheckInService, holds: TaperHoldReview
    ) -> None:
        self._uow_factory = uow_factory
        self._checkins = checkins
        self._holds = holds

    def record(self, actor: Actor, new: NewCheckIn) -> RecordedCheckIn:
        draft = self._checkins.draft(actor, new)
        with self._uow_factory(read_only=True) as uow:
            # The write access checked here covers the review's read of the plans: the same
            # rule grants both (a person's own record, or a clinician's active grant).
            prepared = self._checkins.prepare_in(uow, actor, draft)
            if prepared.replayed is not None:
                return RecordedCheckIn(prepared.replayed, created=False, alerts=[])
            due = self._holds.holds_due_in(uow, prepared.checkin)
        with self._uow_factory() as uow:
            recorded = self._checkins.store_in(uow, actor, prepared)
            if recorded.created:
                self._holds.store_review_in(uow, actor, recorded.checkin, due)
            uow.commit()
        return recorded

    def correct(self, actor: Actor, checkin_id: str, change: CheckInCorrection) -> CorrectedCheckIn:
        """A new version of the check-in (the original stays, marked corrected), reviewed
        like a new check-in, in a transaction after the correction's own."""
        done = self._checkins.correct(actor, checkin_id, change)
        if done.created:
            self._holds.review_after_checkin(actor, done.record)
        return done
