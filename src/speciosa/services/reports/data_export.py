"""A person downloads their own data ("download my data"): every check-in, dose and
cravings-and-sleep answer, as JSON or as spreadsheet-safe CSV (domain/reports/data_export.py).

Only the person themselves can export; the export is one audit row (action "export"), so it shows
in "who looked at my data" like any other use of the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Protocol, TypeVar

from speciosa.domain.dosing.doses import Dose
from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, NotFound
from speciosa.domain.reports.data_export import Cell, csv_text
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.wellbeing import Wellbeing
from speciosa.services.dosing.journal import DoseService
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWorkFactory
from speciosa.services.withdrawal.checkins import CheckInService
from speciosa.services.withdrawal.wellbeing import WellbeingService

BATCH = 500
# A bound on one export (about 27 years of four check-ins and ten doses a day).
MAX_RECORDS = 100_000
WELLBEING_LIMIT = 100_000
KINDS = ("checkins", "doses", "wellbeing")


@dataclass(frozen=True)
class PersonData:
    exported_at: datetime
    checkins: list[CheckIn]
    doses: list[Dose]
    wellbeing: list[Wellbeing]


class _Timed(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def taken_at(self) -> datetime: ...


R = TypeVar("R", bound=_Timed)
# (person_id, limit, after the last (taken_at, id) seen) -> the next page, newest first
PageReader = Callable[[str, int, tuple[datetime, str] | None], list[R]]


def _every_page(read_page: PageReader[R], person_id: str) -> list[R]:
    """Every record of the person, page by page (bounded by MAX_RECORDS)."""
    found: list[R] = []
    after: tuple[datetime, str] | None = None
    while len(found) < MAX_RECORDS:
        batch = read_page(person_id, BATCH, after)
        found += batch
        if len(batch) < BATCH:
            break
        after = (batch[-1].taken_at, batch[-1].id)
    return found


class DataExportService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        checkins: CheckInService,
        doses: DoseService,
        wellbeing: WellbeingService,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._checkins = checkins
        self._doses = doses
        self._wellbeing = wellbeing

    def collect(self, actor: Actor, what: str) -> PersonData:
        if not actor.is_person:
            raise AccessDenied("Only a person can download their own data.")
        if what not in (*KINDS, "all"):
            raise NotFound(f"There is no {what!r} to download; choose one of {', '.join(KINDS)}.")
        person_id = actor.user_id
        with self._uow_factory(read_only=True) as uow:
            self._guard.require(uow, actor, person_id, Purpose.READ)
            data = PersonData(
                exported_at=self._clock.now(),
                checkins=_every_page(partial(self._checkins.page_in, uow), person_id)
                if what in ("checkins", "all")
                else [],
                doses=_every_page(partial(self._doses.page_in, uow), person_id)
                if what in ("doses", "all")
                else [],
                wellbeing=(
                    self._wellbeing.for_person_in(uow, person_id, WELLBEING_LIMIT)
                    if what in ("wellbeing", "all")
                    else []
                ),
            )
        with self._uow_factory() as uow:
            self._audit.add(
                uow, actor, AuditAction.EXPORT, "data_export", person_id=person_id, detail=what
            )
            uow.commit()
        return data


def as_json(data: PersonData) -> dict[str, Any]:
    return {
        "exported_at": data.exported_at.isoformat(),
        "checkins": [
            {
                "id": c.id,
                "instrument": c.instrument,
                "taken_at": c.taken_at.isoformat(),
                "total": c.total,
                "band": c.band,
                "answers": dict(c.answers),
                "measurements": dict(c.measurements),
                "note": c.note,
            }
            for c in data.checkins
        ],
        "doses": [
            {
                "id": d.id,
                "kind": d.kind.value,
                "taken_at": d.taken_at.isoformat(),
                "amount": str(d.amount),
                "unit": d.unit,
                "grams": None if d.grams is None else str(d.grams),
                "product": d.product_label,
                "drug": d.drug,
                "route": d.route.value if d.route else None,
                "note": d.note,
            }
            for d in data.doses
        ],
        "wellbeing": [
            {
                "checkin_id": w.checkin_id,
                "recorded_at": w.recorded_at.isoformat(),
                "cravings_0_to_10": w.cravings,
                "sleep_last_night": w.sleep_words or None,
            }
            for w in data.wellbeing
        ],
    }


def as_csv(data: PersonData, what: str) -> str:
    rows: list[list[Cell]]
    if what == "checkins":
        header = ["id", "instrument", "taken_at", "total", "band", "note"]
        items = sorted({k for c in data.checkins for k in c.answers})
        rows = []
        for c in data.checkins:
            answers: list[Cell] = [c.answers.get(k) for k in items]
            rows.append([c.id, c.instrument, c.taken_at, c.total, c.band, c.note, *answers])
        return csv_text(header + items, rows)
    if what == "doses":
        header = ["id", "kind", "taken_at", "amount", "unit", "grams", "product", "drug", "note"]
        rows = [
            [
                d.id,
                d.kind.value,
                d.taken_at,
                d.amount,
                d.unit,
                d.grams,
                d.product_label,
                d.drug,
                d.note,
            ]
            for d in data.doses
        ]
        return csv_text(header, rows)
    header = ["checkin_id", "recorded_at", "cravings_0_to_10", "sleep_last_night"]
    rows = [[w.checkin_id, w.recorded_at, w.cravings, w.sleep_words] for w in data.wellbeing]
    return csv_text(header, rows)
