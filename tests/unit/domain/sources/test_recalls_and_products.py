"""Recall matching (cited recalls in kratom_recalls.yaml), product grams, the vendor scorecard,
the profile's start-up checks, and alkaloid milligrams (grams × percent × 10)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.sources.alkaloids import alkaloid_mg
from speciosa.domain.sources.findings import VerdictKind, check_daily_grams
from speciosa.domain.sources.products import (
    BatchRecord,
    Product,
    ProductForm,
    Vendor,
    check_product_amounts,
    grams_for,
    score_vendor,
)
from speciosa.domain.sources.profile_rows import parse_standards_profile
from speciosa.domain.sources.recalls import MatchLevel, RecallKind, match_recalls, parse_recalls
from speciosa.services.foundation.reference import ReferenceCatalogue

NOW = datetime(2026, 11, 25, tzinfo=UTC)


@pytest.fixture(scope="module")
def recalls(reference: ReferenceCatalogue):  # type: ignore[no-untyped-def]
    return parse_recalls(reference.table("kratom_recalls").rows)


def test_every_recall_is_dated_and_sourced(recalls) -> None:  # type: ignore[no-untyped-def]
    assert len(recalls) >= 10
    assert all(r.source and r.announced_on.year >= 2018 for r in recalls)
    assert recalls == tuple(sorted(recalls, key=lambda r: r.announced_on, reverse=True))


def test_a_listed_lot_is_a_batch_recall_and_another_lot_a_vendor_warning(recalls) -> None:  # type: ignore[no-untyped-def]
    # Club 13 recall (FDA, April 2018) lists lot MRMD012618
    [listed] = match_recalls(recalls, vendor="Club 13", product="Maeng Da Red", lot="mrmd012618")
    assert listed.level is MatchLevel.BATCH
    assert listed.alerts
    [other] = match_recalls(recalls, vendor="Club 13", lot="NEW-LOT")
    assert other.level is MatchLevel.VENDOR
    assert not other.alerts


def test_an_all_products_recall_covers_every_lot_of_a_brand(recalls) -> None:  # type: ignore[no-untyped-def]
    # FDA mandatory recall order, 3 Apr 2018: all powdered kratom of Triangle Pharmanaturals
    [match] = match_recalls(recalls, vendor="Raw Form Organics", lot="ANY")
    assert match.recall.kind is RecallKind.MANDATORY_RECALL
    assert match.level is MatchLevel.BATCH


def test_a_7oh_warning_letter_alerts_at_vendor_level(recalls) -> None:  # type: ignore[no-untyped-def]
    # FDA warning letters announced 15 Jul 2025
    [match] = match_recalls(recalls, vendor="Hydroxie, LLC", lot="X1")
    assert match.recall.kind is RecallKind.WARNING_LETTER
    assert match.level is MatchLevel.VENDOR
    assert match.alerts


def test_unrelated_vendors_and_outbreak_notices_match_nothing(recalls) -> None:  # type: ignore[no-untyped-def]
    assert match_recalls(recalls, vendor="Green Leaf Botanicals (demo)", lot="GLB-1") == []
    assert match_recalls(recalls, vendor="", lot="") == []


def test_a_recall_without_a_date_fails_start_up() -> None:
    with pytest.raises(ReferenceDataError):
        parse_recalls([{"id": "x", "kind": "recall", "announced_on": "spring"}])


def product(form: ProductForm, per_unit: str | None = None, per_ml: str | None = None) -> Product:
    return Product(
        "p", "v", "Red Bali", form, "", None,
        Decimal(per_unit) if per_unit else None, Decimal(per_ml) if per_ml else None, NOW,
    )  # fmt: skip


def test_grams_for_each_form() -> None:
    assert grams_for(product(ProductForm.POWDER), Decimal("3.5"), "g") == Decimal("3.5")
    assert grams_for(product(ProductForm.CAPSULE, "0.5"), Decimal(6), "unit") == Decimal(3)
    assert grams_for(product(ProductForm.TEA, per_ml="0.02"), Decimal(250), "ml") == Decimal(5)
    with pytest.raises(InvalidInput):
        grams_for(product(ProductForm.POWDER), Decimal(2), "unit")


def test_capsules_need_grams_per_capsule() -> None:
    with pytest.raises(InvalidInput, match="one capsule"):
        check_product_amounts(ProductForm.CAPSULE, None, None)


def test_scorecard_counts_newest_certificates_and_age() -> None:
    vendor = Vendor("v", "Example", "", NOW)
    records = [
        BatchRecord("b1", VerdictKind.PASS, date(2026, 11, 1)),
        BatchRecord("b2", VerdictKind.FAIL, date(2026, 10, 1)),
        BatchRecord("b3", VerdictKind.INCOMPLETE, date(2026, 9, 1)),
        BatchRecord("b4", None, None),
    ]
    score = score_vendor(vendor, records, date(2026, 11, 25), ())
    assert (score.batches, score.passing, score.failing, score.incomplete, score.without_coa) == (
        4, 1, 1, 1, 1,
    )  # fmt: skip
    assert score.share_passing == Decimal("0.25")
    assert score.newest_coa_age_days == 24


def test_alkaloid_milligrams_are_grams_times_percent_times_ten() -> None:
    assert alkaloid_mg(Decimal(4), Decimal("1.5")) == Decimal(60)
    assert alkaloid_mg(Decimal(4), Decimal("0.02")) == Decimal("0.8")


@pytest.mark.parametrize("grams", [-1, 0, 501])
def test_daily_grams_must_be_positive_and_plausible(grams: int) -> None:
    with pytest.raises(InvalidInput, match="daily amount"):
        check_daily_grams(grams)


def test_a_limit_without_a_name_fails_start_up(reference: ReferenceCatalogue) -> None:
    rows = [dict(r) for r in reference.table("coa_limits").rows]
    del rows[0]["name"]
    with pytest.raises(ReferenceDataError, match="name"):
        parse_standards_profile(rows)
