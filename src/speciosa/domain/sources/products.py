"""Vendors, products, batches and the person's purchases; the vendor scorecard.

A product is what a vendor sells (strain, vein colour, form); a batch is one lot of it, which a
certificate belongs to; a purchase is a person's batch, marked `current` while they are taking it.
Doses (a later feature) are logged against a purchase and converted to grams here:
capsules and tablets × grams per unit, tea and extract millilitres × grams per millilitre.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.analytes import name_key
from speciosa.domain.sources.findings import VerdictKind
from speciosa.domain.sources.profile import MicrobialCategory
from speciosa.domain.sources.recalls import Recall, RecallMatch, match_recalls

MAX_NAME = 120
MAX_LOT = 64
# Input sanity, not clinical limits: a capsule or tablet holds well under 5 g of powder, and a
# stated concentration above 10 g of leaf per millilitre is a typo.
MAX_GRAMS_PER_UNIT = Decimal(5)
MAX_GRAMS_PER_ML = Decimal(10)


class ProductForm(StrEnum):
    POWDER = "powder"
    CAPSULE = "capsule"
    TABLET = "tablet"
    TEA = "tea"
    EXTRACT = "extract"

    @property
    def per_unit(self) -> bool:
        return self in (ProductForm.CAPSULE, ProductForm.TABLET)

    @property
    def per_ml(self) -> bool:
        return self in (ProductForm.TEA, ProductForm.EXTRACT)


class VeinColour(StrEnum):
    RED = "red"
    GREEN = "green"
    WHITE = "white"
    YELLOW = "yellow"
    GOLD = "gold"
    MIXED = "mixed"


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    website: str
    created_at: datetime

    @property
    def key(self) -> str:
        return name_key(self.name)


@dataclass(frozen=True)
class Product:
    id: str
    vendor_id: str
    name: str
    form: ProductForm
    strain: str
    colour: VeinColour | None
    grams_per_unit: Decimal | None
    grams_per_ml: Decimal | None
    created_at: datetime

    @property
    def microbial_category(self) -> MicrobialCategory:
        if self.form is ProductForm.EXTRACT:
            return MicrobialCategory.BOTANICAL_EXTRACT
        return MicrobialCategory.DRIED_BOTANICAL

    @property
    def label(self) -> str:
        colour = f"{self.colour.value} " if self.colour else ""
        strain = f" ({self.strain})" if self.strain and self.strain not in self.name else ""
        return f"{self.name}{strain} — {colour}{self.form.value}"


@dataclass(frozen=True)
class Batch:
    id: str
    product_id: str
    lot: str
    created_at: datetime


@dataclass(frozen=True)
class Purchase:
    id: str
    person_id: str
    batch_id: str
    bought_on: date | None
    max_daily_grams: Decimal | None
    current: bool
    created_at: datetime
    fingerprint: str = ""
    stopped_at: datetime | None = None


def clean_name(value: str, field: str, *, required: bool = True, limit: int = MAX_NAME) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise InvalidInput(f"Give the {field}.", field=field)
    if len(text) > limit:
        raise InvalidInput(f"The {field} must be at most {limit} characters.", field=field)
    return text


def clean_web_address(value: str, field: str = "website", *, limit: int = 200) -> str:
    """An optional http(s) address. Anything else (javascript:, data:, file:, a bare word) is
    refused: the address is shown as a link, and a link must not run script when clicked."""
    text = value.strip()
    if not text:
        return ""
    lowered = text.lower()
    scheme = next((s for s in ("https://", "http://") if lowered.startswith(s)), None)
    host = text[len(scheme) :].split("/", 1)[0] if scheme else ""
    if (
        scheme is None
        or len(text) > limit
        or not host
        or host.startswith(("@", ":", "."))
        or any(ch.isspace() or ord(ch) < 32 or ch in "<>\"'\\" for ch in text)
    ):
        raise InvalidInput(
            f"The {field} must be a web address starting with https:// or http:// "
            f"(at most {limit} characters), e.g. https://example.com.",
            field=field,
        )
    return text


def parse_form(value: str) -> ProductForm:
    try:
        return ProductForm(value.strip().lower())
    except ValueError:
        allowed = ", ".join(f.value for f in ProductForm)
        raise InvalidInput(f"Unknown form '{value}'. Allowed: {allowed}.", field="form") from None


def parse_colour(value: str | None) -> VeinColour | None:
    if value is None or not value.strip():
        return None
    try:
        return VeinColour(value.strip().lower())
    except ValueError:
        allowed = ", ".join(c.value for c in VeinColour)
        raise InvalidInput(
            f"Unknown colour '{value}'. Allowed: {allowed}.", field="colour"
        ) from None


def parse_amount(value: object, field: str, maximum: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(f"'{value}' is not a number.", field=field) from None
    if not amount.is_finite() or amount <= 0 or amount > maximum:
        raise InvalidInput(f"The {field} must be more than 0 and at most {maximum}.", field=field)
    return amount


def check_product_amounts(
    form: ProductForm, grams_per_unit: Decimal | None, grams_per_ml: Decimal | None
) -> None:
    """A capsule or tablet needs its grams per unit; a tea or extract its grams per mL."""
    if form.per_unit and grams_per_unit is None:
        raise InvalidInput(
            f"A {form.value} needs the grams of kratom in one {form.value} (from the label).",
            field="grams_per_unit",
        )
    if form.per_ml and grams_per_ml is None:
        raise InvalidInput(
            f"A {form.value} needs its stated concentration in grams of leaf per mL.",
            field="grams_per_ml",
        )


def grams_for(product: Product, amount: Decimal, unit: str) -> Decimal:
    """Grams of kratom in `amount` of `unit` ("g", "unit" = capsules/tablets, "ml")."""
    if amount < 0:
        raise InvalidInput("The amount cannot be negative.", field="amount")
    if unit == "g":
        return amount
    if unit == "unit" and product.form.per_unit and product.grams_per_unit is not None:
        return amount * product.grams_per_unit
    if unit == "ml" and product.form.per_ml and product.grams_per_ml is not None:
        return amount * product.grams_per_ml
    raise InvalidInput(
        f"A {product.form.value} is measured in grams"
        + (" or units" if product.form.per_unit else " or mL" if product.form.per_ml else "")
        + ".",
        field="unit",
    )


# ------------------------------------------------------------------------------ scorecard


@dataclass(frozen=True)
class BatchRecord:
    """A batch with the verdict of its newest certificate (None: no certificate)."""

    batch_id: str
    verdict: VerdictKind | None
    newest_coa_on: date | None


@dataclass(frozen=True)
class VendorScore:
    vendor: Vendor
    batches: int
    passing: int
    failing: int
    incomplete: int
    without_coa: int
    newest_coa_age_days: int | None
    recalls: tuple[RecallMatch, ...]

    @property
    def share_passing(self) -> Decimal | None:
        """Share of batches whose newest certificate is complete and passes (0–1)."""
        if not self.batches:
            return None
        return Decimal(self.passing) / Decimal(self.batches)

    @property
    def percent_passing(self) -> int | None:
        share = self.share_passing
        return None if share is None else int((share * 100).to_integral_value())


def score_vendor(
    vendor: Vendor, records: Sequence[BatchRecord], today: date, recalls: Iterable[Recall]
) -> VendorScore:
    dates = [r.newest_coa_on for r in records if r.newest_coa_on is not None]
    newest = max(dates) if dates else None
    return VendorScore(
        vendor=vendor,
        batches=len(records),
        passing=sum(1 for r in records if r.verdict is VerdictKind.PASS),
        failing=sum(1 for r in records if r.verdict is VerdictKind.FAIL),
        incomplete=sum(1 for r in records if r.verdict is VerdictKind.INCOMPLETE),
        without_coa=sum(1 for r in records if r.verdict is None),
        newest_coa_age_days=(today - newest).days if newest else None,
        recalls=tuple(m for m in match_recalls(recalls, vendor=vendor.name)),
    )
