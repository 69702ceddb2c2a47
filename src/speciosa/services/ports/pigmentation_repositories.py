"""Repository port of the pigmentation feature: skin photos and their measurements."""

from __future__ import annotations

from typing import Protocol

from speciosa.domain.pigmentation.records import SkinPhotoRecord


class SkinMeasurementRepository(Protocol):
    """Skin-photo measurements; the client-generated id is the primary key."""

    def add(self, record: SkinPhotoRecord) -> bool:
        """Store it; False (nothing stored) when a measurement with this id exists already."""
        ...

    def get(self, measurement_id: str) -> SkinPhotoRecord | None: ...

    def for_person(self, person_id: str) -> list[SkinPhotoRecord]:
        """Oldest first."""
        ...

    def latest_for_person(self, person_id: str) -> SkinPhotoRecord | None: ...
