"""Storing, listing and acknowledging the alerts that feature rules raise."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.alerts import Alert, AlertDraft
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, InvalidInput, NotFound
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

MAX_NOTE_LENGTH = 2000
MAX_AT_ONCE = 200  # alerts acknowledged with one note (the dashboard shows at most 50 persons)


class AlertService:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, guard: AccessGuard, audit: AuditTrail
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit

    def raise_drafts(self, uow: UnitOfWork, drafts: Iterable[AlertDraft]) -> list[Alert]:
        """Store new alerts inside the caller's transaction; an existing dedupe_key is skipped."""
        raised = []
        for draft in drafts:
            alert = Alert(
                id=str(uuid.uuid4()),
                person_id=draft.person_id,
                kind=draft.kind,
                title=draft.title,
                explanation=draft.explanation,
                facts=dict(draft.facts),
                raised_at=self._clock.now(),
                dedupe_key=draft.dedupe_key,
                source_type=draft.source_type,
                source_id=draft.source_id,
            )
            if uow.alerts.add(alert):
                raised.append(alert)
        return raised

    def for_person(self, actor: Actor, person_id: str, open_only: bool = False) -> list[Alert]:
        return self._guard.read(
            actor, person_id, "alerts", lambda uow: uow.alerts.for_person(person_id, open_only)
        )

    def acknowledge(self, actor: Actor, alert_id: str, note: str = "") -> Alert:
        """A clinician with access marks an alert as seen, with an optional note (audited)."""
        if not actor.is_clinician:
            raise AccessDenied("Only a clinician acknowledges alerts.")
        note = _clean_note(note)
        with self._uow_factory() as uow:
            # A refusal reads like an alert that does not exist: it never names whose it is.
            alert = self._visible(uow, actor, alert_id)
            if alert.open:
                alert = self._acknowledge_within(uow, actor, alert, note, self._clock.now())
                uow.commit()
        return alert

    def close_stale_within(
        self, uow: UnitOfWork, actor: Actor, stale: Iterable[Alert], why: str
    ) -> list[Alert]:
        """Close open alerts whose source was corrected or entered in error, inside the
        caller's transaction, saying why (audited). The alert stays in the history."""
        closed = []
        for alert in stale:
            if not alert.open:
                continue
            note = why[:MAX_NOTE_LENGTH]
            done = self._acknowledge_within(
                uow, actor, alert, note, self._clock.now(), "closed: its source was corrected"
            )
            closed.append(done)
        return closed

    def acknowledge_many(self, actor: Actor, alert_ids: Sequence[str], note: str = "") -> int:
        """Several alerts acknowledged with one note, all or none (one transaction, one audit
        row each). Returns how many were open and are now acknowledged."""
        if not actor.is_clinician:
            raise AccessDenied("Only a clinician acknowledges alerts.")
        wanted = list(dict.fromkeys(a.strip() for a in alert_ids if a.strip()))
        if not wanted:
            raise InvalidInput("Tick at least one alert to acknowledge.", field="alert_id")
        if len(wanted) > MAX_AT_ONCE:
            raise InvalidInput(
                f"Acknowledge at most {MAX_AT_ONCE} alerts at once.", field="alert_id"
            )
        note = _clean_note(note)
        done = 0
        with self._uow_factory() as uow:
            now = self._clock.now()
            for alert_id in wanted:
                alert = self._visible(uow, actor, alert_id)
                if not alert.open:
                    continue
                self._acknowledge_within(uow, actor, alert, note, now)
                done += 1
            uow.commit()
        return done

    def _acknowledge_within(
        self,
        uow: UnitOfWork,
        actor: Actor,
        alert: Alert,
        note: str,
        now: datetime,
        detail: str = "acknowledged",
    ) -> Alert:
        """Mark an open alert seen by `actor`, with the note, in the caller's transaction;
        `detail` is what the audit row says was done."""
        acknowledged = replace(
            alert, acknowledged_at=now, acknowledged_by=actor.user_id, acknowledgement_note=note
        )
        uow.alerts.save(acknowledged)
        self._audit.add(
            uow,
            actor,
            AuditAction.UPDATE,
            "alert",
            resource_id=alert.id,
            person_id=alert.person_id,
            detail=detail,
        )
        return acknowledged

    def _visible(self, uow: UnitOfWork, actor: Actor, alert_id: str) -> Alert:
        """The alert if the clinician may write for its person; otherwise it reads as absent."""
        hidden = NotFound(f"There is no alert {alert_id} that you can see.")
        alert = uow.alerts.get(alert_id)
        if alert is None:
            raise hidden
        try:
            self._guard.require(uow, actor, alert.person_id, Purpose.WRITE)
        except NotFound:
            raise hidden from None
        return alert


def _clean_note(note: str) -> str:
    """An acknowledgement note as stored: trimmed, and not over the length."""
    cleaned = note.strip()
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"The note must be at most {MAX_NOTE_LENGTH} characters.", field="note")
    return cleaned
