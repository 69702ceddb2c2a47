"""Alerts raised by the feature rules."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.foundation import AlertRow
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.foundation.alert_wording import in_clinical_words
from speciosa.domain.foundation.alerts import Alert, AlertKind


def _alert(row: AlertRow) -> Alert:
    return Alert(
        id=row.id,
        person_id=row.person_id,
        kind=AlertKind(row.kind),
        # Alerts stored before their wording named tables in words read the same as new ones.
        title=in_clinical_words(row.title),
        explanation=in_clinical_words(row.explanation),
        facts=dict(row.facts or {}),
        raised_at=row.raised_at,
        dedupe_key=row.dedupe_key,
        source_type=row.source_type,
        source_id=row.source_id,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        acknowledgement_note=row.acknowledgement_note,
    )


class SqlAlertRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, alert: Alert) -> bool:
        return add_unless_exists(
            self._s,
            AlertRow(
                id=alert.id,
                person_id=alert.person_id,
                kind=alert.kind.value,
                title=alert.title[:200],
                explanation=alert.explanation,
                facts=dict(alert.facts),
                raised_at=alert.raised_at,
                dedupe_key=alert.dedupe_key[:200],
                source_type=alert.source_type,
                source_id=alert.source_id,
                acknowledged_at=alert.acknowledged_at,
                acknowledged_by=alert.acknowledged_by,
                acknowledgement_note=alert.acknowledgement_note,
            ),
        )

    def get(self, alert_id: str) -> Alert | None:
        row = self._s.get(AlertRow, alert_id)
        return _alert(row) if row else None

    def for_person(self, person_id: str, open_only: bool = False) -> list[Alert]:
        query = select(AlertRow).where(AlertRow.person_id == person_id)
        if open_only:
            query = query.where(AlertRow.acknowledged_at.is_(None))
        return [_alert(r) for r in self._s.scalars(query.order_by(AlertRow.raised_at.desc()))]

    def open_for_persons(self, person_ids: Sequence[str]) -> list[Alert]:
        if not person_ids:
            return []
        query = select(AlertRow).where(
            AlertRow.person_id.in_(list(person_ids)), AlertRow.acknowledged_at.is_(None)
        )
        return [_alert(r) for r in self._s.scalars(query)]

    def save(self, alert: Alert) -> None:
        row = self._s.get(AlertRow, alert.id)
        if row is None:
            raise LookupError(alert.id)
        row.acknowledged_at = alert.acknowledged_at
        row.acknowledged_by = alert.acknowledged_by
        row.acknowledgement_note = alert.acknowledgement_note
        self._s.flush()
