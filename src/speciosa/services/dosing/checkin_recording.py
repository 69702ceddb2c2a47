"""Recording a check-in and what it means for the taper: the one cross-feature use case that
writes. The check-in is recorded by the withdrawal feature; then, in a transaction of its own,
the dosing feature reviews the person's taper plans and stores the holds a rising score calls
for. Web, API and demo record check-ins through this use case, so a check-in has the same
consequences however it arrives.

Semantics (as before the hop was made explicit): the check-in is committed first and stays
committed whatever the review does; a retry of a stored check-in (same id, same body) reviews
nothing; a new version of a corrected check-in is reviewed like a new check-in. The review
leaves an audit row (`taper_hold_review`, the check-in's id, "no hold placed" or the holds
placed), attributed to whoever recorded the check-in.
"""

from __future__ import annotations

from speciosa.domain.foundation.accounts import Actor
from speciosa.services.dosing.taper_holds import TaperHoldReview
from speciosa.services.withdrawal.checkin_corrections import CheckInCorrection, CorrectedCheckIn
from speciosa.services.withdrawal.checkins import CheckInService, NewCheckIn, RecordedCheckIn


class RecordCheckIn:
    """Record (or correct) a check-in, then review the taper holds it may call for."""

    def __init__(self, checkins: CheckInService, holds: TaperHoldReview) -> None:
        self._checkins = checkins
        self._holds = holds

    def record(self, actor: Actor, new: NewCheckIn) -> RecordedCheckIn:
        recorded = self._checkins.record(actor, new)
        if recorded.created:
            self._holds.review_after_checkin(actor, recorded.checkin)
        return recorded

    def correct(self, actor: Actor, checkin_id: str, change: CheckInCorrection) -> CorrectedCheckIn:
        """A new version of the check-in (the original stays, marked corrected), reviewed
        like a new check-in."""
        done = self._checkins.correct(actor, checkin_id, change)
        if done.created:
            self._holds.review_after_checkin(actor, done.record)
        return done
