"""In-memory fake of the pigmentation port: skin photos' measurements."""

from __future__ import annotations

from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.services.ports.pigmentation_repositories import SkinMeasurementRepository
from tests.fakes.store import Store


class FakeSkinMeasurements:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, record: SkinPhotoRecord) -> bool:
        if record.id in self.s.skin_measurements:
            return False
        self.s.skin_measurements[record.id] = record
        return True

    def get(self, measurement_id: str) -> SkinPhotoRecord | None:
        return self.s.skin_measurements.get(measurement_id)

    def for_person(self, person_id: str) -> list[SkinPhotoRecord]:
        mine = [r for r in self.s.skin_measurements.values() if r.person_id == person_id]
        return sorted(mine, key=lambda r: (r.taken_at, r.id))

    def latest_for_person(self, person_id: str) -> SkinPhotoRecord | None:
        mine = self.for_person(person_id)
        return mine[-1] if mine else None


# mypy checks the fake against its port here: a port change the fake does not follow fails lint.
_skin_measurements: SkinMeasurementRepository = FakeSkinMeasurements(Store())
