"""The dose journal: one kratom or opioid dose at one moment, and one summary per local day.

A kratom dose is logged as grams, capsules or tablets (× the product's grams per unit) or
millilitres of a tea or extract (× its stated grams per mL); it is stored with the grams it
comes to and, when its batch has a passing lab certificate, the milligrams of mitragynine and
7-hydroxymitragynine in it. An opioid dose is a drug, milligrams and a route; its MME comes
from the CDC 2022 factors (`mme.py`) where the CDC gives one and the route is one they apply to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from speciosa.domain.dosing.mme import PATCH_UNIT, MmeTable, normalise_drug
from speciosa.domain.foundation.corrections import RecordStatus
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.foundation.taken_times import check_taken_time

MAX_NOTE_LENGTH = 500
MAX_DRUG_NAME = 60
# Input sanity, not clinical limits: they catch a mistyped extra zero, nothing more.
MAX_KRATOM_GRAMS = Decimal(100)
MAX_KRATOM_AMOUNT = Decimal(1000)  # capsules, tablets or millilitres in one dose
MAX_OPIOID_MG = Decimal(5000)
KRATOM = "kratom"
# Units a kratom dose may be entered in; `unit` = capsules or tablets (see
# domain/sources/products.py).
KRATOM_UNITS = ("g", "unit", "ml")


class DoseKind(StrEnum):
    KRATOM = "kratom"
    OPIOID = "opioid"


class Route(StrEnum):
    ORAL = "oral"
    SUBLINGUAL = "sublingual"
    INTRANASAL = "intranasal"
    INJECTED = "injected"
    SMOKED = "smoked"
    OTHER = "other"


# The CDC 2022 table converts oral doses (and the fentanyl patch, which the journal does not
# log as a dose). A conservative design choice: no MME is shown for other routes, because an
# oral factor applied to an injected or sniffed dose would understate it.
MME_ROUTES = (Route.ORAL,)


@dataclass(frozen=True)
class Dose:
    id: str
    person_id: str
    kind: DoseKind
    taken_at: datetime
    amount: Decimal  # as entered: grams, capsules/tablets, mL, or opioid mg
    unit: str  # "g", "unit", "ml" (kratom) or "mg" (opioid)
    grams: Decimal | None  # kratom only: what the amount comes to
    purchase_id: str | None
    product_label: str  # the product as it was named when logged ("" when none was chosen)
    mitragynine_mg: Decimal | None
    hydroxymitragynine_mg: Decimal | None
    drug: str  # opioid only, canonical name where the MME table knows it
    route: Route | None
    mme: Decimal | None  # MME of this one dose (opioids with a CDC factor)
    mme_note: str  # why there is no MME, when there is none
    note: str
    recorded_at: datetime
    recorded_by: str
    fingerprint: str
    status: RecordStatus = RecordStatus.CURRENT
    supersedes: str | None = None  # the dose this one corrects
    superseded_by: str | None = None  # the correction that replaced this one
    status_reason: str = ""

    @property
    def current(self) -> bool:
        return self.status is RecordStatus.CURRENT

    @property
    def is_kratom(self) -> bool:
        return self.kind is DoseKind.KRATOM

    @property
    def what(self) -> str:
        """A short label for lists: the product, or the opioid and route."""
        if self.is_kratom:
            return self.product_label or "Kratom"
        return f"{self.drug} ({self.route.value if self.route else 'route not given'})"


@dataclass(frozen=True)
class OpioidMme:
    drug: str
    mme: Decimal | None
    note: str


@dataclass(frozen=True)
class DoseDay:
    """One local calendar day of the journal."""

    day: date
    kratom_grams: Decimal
    kratom_doses: int
    mitragynine_mg: Decimal | None  # the sum over doses whose batch has a passing certificate
    opioid_doses: int
    mme: Decimal | None  # the sum over opioid doses with an MME
    opioid_doses_without_mme: int


def parse_decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or value is None or value == "":
        raise InvalidInput(f"Give the {field} as a number.", field=field)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(f"'{value}' is not a number.", field=field) from None
    if not number.is_finite():
        raise InvalidInput(f"The {field} must be a finite number.", field=field)
    return number


def check_amount(value: object, field: str, maximum: Decimal) -> Decimal:
    amount = parse_decimal(value, field)
    if amount <= 0 or amount > maximum:
        raise InvalidInput(
            f"The {field} must be more than 0 and at most {maximum}.",
            field=field,
        )
    # 2.50 and 2.5 are the same dose: store one spelling (10 stays 10, never 1E+1).
    return (
        amount.to_integral_value() if amount == amount.to_integral_value() else amount.normalize()
    )


def parse_kind(value: object) -> DoseKind:
    try:
        return DoseKind(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(
            f"Unknown dose kind {value!r}. Allowed: kratom, opioid.", field="kind"
        ) from None


def parse_route(value: object) -> Route:
    if value is None or value == "":
        return Route.ORAL
    try:
        return Route(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Route)
        raise InvalidInput(f"Unknown route {value!r}. Allowed: {allowed}.", field="route") from None


def clean_note(value: str | None) -> str:
    note = (value or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"The note must be at most {MAX_NOTE_LENGTH} characters.", field="note")
    return note


def opioid_mme(drug: object, mg: Decimal, route: Route, table: MmeTable) -> OpioidMme:
    """The MME of one dose, or the reason there is none. Any name is accepted (street opioids
    have no factor); names the CDC table knows are stored in its spelling."""
    if not isinstance(drug, str) or not normalise_drug(drug):
        raise InvalidInput("Name the opioid (e.g. oxycodone).", field="drug")
    name = normalise_drug(drug)
    if len(name) > MAX_DRUG_NAME:
        raise InvalidInput(
            f"The opioid's name must be at most {MAX_DRUG_NAME} characters.", field="drug"
        )
    factor = table.find(name)
    if factor is None:
        return OpioidMme(name, None, "The CDC 2022 table gives no conversion factor for it.")
    if factor.dose_unit == PATCH_UNIT:
        raise InvalidInput(
            "A fentanyl patch is worn, not taken as a dose: ask your clinician to record it "
            f"(its MME/day is the mcg/h × {factor.factor}, CDC 2022).",
            field="drug",
        )
    if factor.factor is None:
        return OpioidMme(factor.drug, None, f"No MME: {factor.reason}")
    if route not in MME_ROUTES:
        return OpioidMme(
            factor.drug,
            None,
            f"No MME: the CDC factors are for oral doses, and this dose was {route.value}.",
        )
    mme = (mg * Decimal(str(factor.factor))).quantize(Decimal("0.01"))
    return OpioidMme(factor.drug, mme, "")


def local_day(at: datetime, tz: tzinfo) -> date:
    return at.astimezone(tz).date()


def summarise_kratom_days(amounts: Iterable[tuple[datetime, Decimal]], tz: tzinfo) -> list[DoseDay]:
    """Daily kratom grams and dose counts from (taken_at, grams) pairs (for escalation)."""
    grams: dict[date, Decimal] = {}
    counts: dict[date, int] = {}
    for at, amount in amounts:
        day = local_day(at, tz)
        grams[day] = grams.get(day, Decimal(0)) + amount
        counts[day] = counts.get(day, 0) + 1
    return [DoseDay(d, grams[d], counts[d], None, 0, None, 0) for d in sorted(grams)]


def summarise_dose_days(doses: Iterable[Dose], tz: tzinfo) -> list[DoseDay]:
    """One summary per local day with any dose, oldest first."""
    by_day: dict[date, list[Dose]] = {}
    for dose in doses:
        by_day.setdefault(local_day(dose.taken_at, tz), []).append(dose)
    days = []
    for day in sorted(by_day):
        kratom = [d for d in by_day[day] if d.is_kratom]
        opioids = [d for d in by_day[day] if not d.is_kratom]
        mitragynine = [d.mitragynine_mg for d in kratom if d.mitragynine_mg is not None]
        mmes = [d.mme for d in opioids if d.mme is not None]
        days.append(
            DoseDay(
                day=day,
                kratom_grams=sum((d.grams or Decimal(0) for d in kratom), Decimal(0)),
                kratom_doses=len(kratom),
                mitragynine_mg=sum(mitragynine, Decimal(0)) if mitragynine else None,
                opioid_doses=len(opioids),
                mme=sum(mmes, Decimal(0)) if mmes else None,
                opioid_doses_without_mme=len(opioids) - len(mmes),
            )
        )
    return days


# A data-entry guard, not a clinical rule: "same as last time" again this soon after the last
# dose is more often a double tap or a reload than a second dose, so the web asks first.
REPEAT_CONFIRM_WINDOW = timedelta(minutes=10)
# A data-entry guard, not a clinical rule: a dose backdated more than a year is a typo.
MAX_BACKDATE = timedelta(days=366)


def check_taken_at(given: datetime | None, now: datetime) -> datetime:
    """When a dose was taken: with a time zone, not in the future, not more than a year ago; None
    is now."""
    return check_taken_time(given, now, MAX_BACKDATE, "a year")
