"""Consent grants (one row per person–clinician pair; revoking sets revoked_at)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.foundation import ConsentRow
from speciosa.domain.foundation.access import Consent


def _consent(row: ConsentRow) -> Consent:
    return Consent(row.person_id, row.clinician_id, row.granted_at, row.revoked_at)


class SqlConsentRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def _row(self, person_id: str, clinician_id: str) -> ConsentRow | None:
        return self._s.scalars(
            select(ConsentRow).where(
                ConsentRow.person_id == person_id, ConsentRow.clinician_id == clinician_id
            )
        ).one_or_none()

    def get(self, person_id: str, clinician_id: str) -> Consent | None:
        row = self._row(person_id, clinician_id)
        return _consent(row) if row else None

    def save(self, consent: Consent) -> None:
        row = self._row(consent.person_id, consent.clinician_id)
        if row is None:
            row = ConsentRow(
                person_id=consent.person_id,
                clinician_id=consent.clinician_id,
                granted_at=consent.granted_at,
            )
            self._s.add(row)
        row.granted_at = consent.granted_at
        row.revoked_at = consent.revoked_at
        self._s.flush()

    def for_person(self, person_id: str) -> list[Consent]:
        rows = self._s.scalars(
            select(ConsentRow)
            .where(ConsentRow.person_id == person_id)
            .order_by(ConsentRow.granted_at)
        )
        return [_consent(r) for r in rows]

    def person_ids_for_clinician(self, clinician_id: str) -> list[str]:
        return list(
            self._s.scalars(
                select(ConsentRow.person_id)
                .where(ConsentRow.clinician_id == clinician_id, ConsentRow.revoked_at.is_(None))
                .order_by(ConsentRow.person_id)
            )
        )
