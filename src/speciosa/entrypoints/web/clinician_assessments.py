"""What the clinician's COWS and OOWS forms show besides the items: when the assessment was made
(in the person's time zone, back-dating with a reason) and a flowsheet of the person's earlier
assessments laid out like the paper form's columns — items as rows, one column per assessment
with its time, the total and band at the foot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.instruments.definitions import Instrument

FLOWSHEET_COLUMNS = 8  # the paper form has room for about this many assessments
LOOKBACK = 200  # the newest check-ins (any instrument) searched for this instrument's columns
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


@dataclass(frozen=True)
class FlowsheetRow:
    item_id: str
    label: str
    scores: tuple[str, ...]  # one cell per column: the score, with the pulse in bpm if given


@dataclass(frozen=True)
class Flowsheet:
    columns: tuple[CheckIn, ...]  # oldest first, as the paper form fills left to right
    rows: tuple[FlowsheetRow, ...]
    tz: tzinfo

    def heading(self, checkin: CheckIn) -> str:
        return checkin.taken_at.astimezone(self.tz).strftime("%d %b %H:%M")


def load_flowsheet(
    services: Services, actor: Actor, person_id: str, instrument: Instrument, tz: tzinfo
) -> Flowsheet:
    """The person's latest assessments with this instrument (an audited read of check-ins)."""
    recent = services.checkins.page(actor, person_id, limit=LOOKBACK).items
    mine = [c for c in recent if c.instrument == instrument.name][:FLOWSHEET_COLUMNS]
    columns = tuple(reversed(mine))
    rows = []
    for item in instrument.items:
        measurement = instrument.measurement_for_item(item.id)
        cells = []
        for c in columns:
            score = c.answers.get(item.id)
            cell = "" if score is None else str(score)
            if measurement is not None and measurement.id in c.measurements:
                cell += f" ({c.measurements[measurement.id]}/min)"
            cells.append(cell)
        rows.append(FlowsheetRow(item.id, item.text, tuple(cells)))
    return Flowsheet(columns, tuple(rows), tz)


def local_now(tz: tzinfo, now: datetime) -> str:
    return now.astimezone(tz).strftime(LOCAL_FORMAT)


def parse_assessment_time(raw: str, tz: tzinfo) -> datetime | None:
    """The form's local date and time in the person's zone; blank means now."""
    if not raw:
        return None
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            "Give the taken_at as a date and time, e.g. 2026-11-25T08:30.", field="taken_at"
        ) from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=tz)
    return local
