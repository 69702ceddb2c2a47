"""Lab certificates and products through the services, on the in-memory fakes: idempotent
imports, nothing half-stored, alerts for takers, recalls, scorecard, the
read API the dose journal uses, and access."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from speciosa.domain.foundation.errors import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
)
from speciosa.domain.sources.findings import VerdictKind
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CoaUpload
from speciosa.services.sources.products import NewPurchase
from tests.conftest import make_user
from tests.services.clinic import FakeClinic

DATA = Path(__file__).parent.parent / "data" / "coa"
PASSING = (DATA / "passing_mixed_units.json").read_bytes()
FAILING = (DATA / "failing_lead.csv").read_bytes()


def actor(services: FakeClinic, role: Role, name: str) -> Actor:
    user = make_user(services, role, name)
    return Actor(user.id, user.role, user.name)


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def person(fake_clinic: FakeClinic) -> Actor:
    return actor(fake_clinic, Role.PERSON, "Pat Person")


def powder(vendor: str = "Leafy Co") -> NewProduct:
    return NewProduct(vendor=vendor, name="Red Bali", form="powder", colour="red")


def count_certificates(services: FakeClinic) -> int:
    with services.uow(read_only=True) as uow:
        return len(uow.certificates.recent(200))


def test_import_is_idempotent_by_client_id(fake_clinic: FakeClinic, person: Actor) -> None:
    s = fake_clinic
    batch = s.products.add_batch(person, powder(), "RB-1").batch.id
    upload = CoaUpload(new_id(), "coa.json", PASSING, batch)
    first, created = s.certificates.import_coa(person, upload)
    again, created_again = s.certificates.import_coa(person, upload)
    assert (created, created_again) == (True, False)
    assert again.stored.id == first.stored.id
    assert count_certificates(s) == 1
    with pytest.raises(Conflict):
        s.certificates.import_coa(person, CoaUpload(upload.id, "coa.csv", FAILING, batch))


@pytest.mark.parametrize("name", ["truncated.json", "empty.csv", "binary_junk.bin"])
def test_malformed_files_store_nothing(fake_clinic: FakeClinic, person: Actor, name: str) -> None:
    with pytest.raises(InvalidInput):
        fake_clinic.certificates.import_coa(
            person, CoaUpload(new_id(), name, (DATA / name).read_bytes())
        )
    assert count_certificates(fake_clinic) == 0


def test_an_oversized_file_is_refused_before_reading(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    big = b"a,b,c\n" * (fake_clinic.settings.max_upload_bytes // 6 + 1)
    with pytest.raises(PayloadTooLarge):
        fake_clinic.certificates.import_coa(person, CoaUpload(new_id(), "big.csv", big))
    assert count_certificates(fake_clinic) == 0


def test_an_unknown_batch_stores_nothing(fake_clinic: FakeClinic, person: Actor) -> None:
    with pytest.raises(NotFound):
        fake_clinic.certificates.import_coa(person, CoaUpload(new_id(), "c.json", PASSING, "nope"))
    assert count_certificates(fake_clinic) == 0


def test_a_failed_certificate_alerts_each_person_taking_the_batch(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    s = fake_clinic
    item, _ = s.products.record_purchase(
        person, NewPurchase(new_id(), product=powder(), lot="RMD-1", max_daily_grams="6")
    )
    assert item.verdict is None
    assert item.purchase.current
    s.certificates.import_coa(person, CoaUpload(new_id(), "f.csv", FAILING, item.label.batch.id))
    alerts = s.alerts.for_person(person, person.user_id)
    [alert] = [a for a in alerts if a.kind is AlertKind.COA_FAILED]
    assert "Lead" in alert.explanation
    assert "6 g a day" in alert.explanation
    failed = alert.facts["failed"]
    assert isinstance(failed, list)
    assert failed[0]["analyte"] == "Lead"
    [mine] = s.products.products_for(person, person.user_id)
    assert mine.verdict is not None
    assert mine.verdict.kind is VerdictKind.FAIL
    assert mine.alkaloids is None  # no passing certificate: no alkaloid milligrams


def test_buying_a_batch_with_a_failed_certificate_alerts(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    s = fake_clinic
    label = s.products.add_batch(person, powder(), "RMD-2")
    s.certificates.import_coa(person, CoaUpload(new_id(), "f.csv", FAILING, label.batch.id))
    s.products.record_purchase(person, NewPurchase(new_id(), batch_id=label.batch.id))
    kinds = [a.kind for a in s.alerts.for_person(person, person.user_id)]
    assert kinds == [AlertKind.COA_FAILED]


def test_a_recalled_lot_raises_a_recall_alert(fake_clinic: FakeClinic, person: Actor) -> None:
    s = fake_clinic
    product = NewProduct(vendor="Club 13", name="Maeng Da Red", form="powder")
    item, _ = s.products.record_purchase(
        person, NewPurchase(new_id(), product=product, lot="MRMD012618")
    )
    assert [m.level.value for m in item.recalls] == ["batch"]
    [alert] = s.alerts.for_person(person, person.user_id)
    assert alert.kind is AlertKind.RECALL
    assert "FDA" in alert.explanation


def test_purchase_replay_and_conflict(fake_clinic: FakeClinic, person: Actor) -> None:
    s = fake_clinic
    purchase = NewPurchase(new_id(), product=powder(), lot="RB-9", max_daily_grams="5")
    first, created = s.products.record_purchase(person, purchase)
    again, created_again = s.products.record_purchase(person, purchase)
    assert (created, created_again) == (True, False)
    assert again.purchase.id == first.purchase.id
    with pytest.raises(Conflict):
        s.products.record_purchase(person, NewPurchase(purchase.id, product=powder(), lot="RB-10"))


def test_alkaloid_content_comes_from_the_passing_certificate(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    s = fake_clinic
    item, _ = s.products.record_purchase(
        person, NewPurchase(new_id(), product=powder(), lot="GM-1", max_daily_grams="8")
    )
    s.certificates.import_coa(person, CoaUpload(new_id(), "p.json", PASSING, item.label.batch.id))
    content = s.products.alkaloid_content(person, person.user_id, item.label.batch.id)
    assert content is not None
    assert (content.mitragynine_pct, content.hydroxymitragynine_pct) == (
        Decimal("1.48"), Decimal("0.024"),
    )  # fmt: skip


def test_another_person_cannot_see_or_use_a_purchase(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    s = fake_clinic
    other = actor(s, Role.PERSON, "Olive Other")
    item, _ = s.products.record_purchase(person, NewPurchase(new_id(), product=powder(), lot="X1"))
    with pytest.raises(NotFound):
        s.products.products_for(other, person.user_id)
    with pytest.raises(NotFound):
        s.products.update_purchase(other, item.purchase.id, current=False)
    with pytest.raises(NotFound):
        s.products.record_purchase(other, NewPurchase(item.purchase.id, product=powder(), lot="X1"))


def test_admins_do_not_write_the_catalogue(fake_clinic: FakeClinic) -> None:
    admin = actor(fake_clinic, Role.ADMIN, "Ada Admin")
    with pytest.raises(AccessDenied):
        fake_clinic.products.add_batch(admin, powder(), "L1")


def test_scorecard_per_vendor(fake_clinic: FakeClinic, person: Actor) -> None:
    s = fake_clinic
    good = s.products.add_batch(person, powder("Good Co"), "G1")
    bad = s.products.add_batch(person, powder("Good Co"), "G2")
    quiet = s.products.add_batch(person, powder("Quiet Co"), "Q1")
    # Only certificates a clinician uploaded or verified speak for a batch on the scorecard.
    clinician = actor(s, Role.CLINICIAN, "Cleo Clinician")
    s.certificates.import_coa(clinician, CoaUpload(new_id(), "p.json", PASSING, good.batch.id))
    s.certificates.import_coa(clinician, CoaUpload(new_id(), "f.csv", FAILING, bad.batch.id))
    s.certificates.import_coa(person, CoaUpload(new_id(), "q.json", PASSING, quiet.batch.id))
    scores = {score.vendor.name: score for score in s.products.scorecard()}
    assert (scores["Good Co"].batches, scores["Good Co"].passing, scores["Good Co"].failing) == (
        2,
        1,
        1,
    )
    assert scores["Good Co"].percent_passing == 50
    assert scores["Quiet Co"].without_coa == 1
    assert scores["Quiet Co"].newest_coa_age_days is None


def test_stopping_and_the_daily_amount_change_the_verdict(
    fake_clinic: FakeClinic, person: Actor
) -> None:
    s = fake_clinic
    item, _ = s.products.record_purchase(
        person, NewPurchase(new_id(), product=powder(), lot="L-0.4", max_daily_grams="5")
    )
    s.certificates.import_coa(person, CoaUpload(new_id(), "p.json", PASSING, item.label.batch.id))
    changed = s.products.update_purchase(
        person, item.purchase.id, current=False, max_daily_grams="9"
    )
    assert not changed.purchase.current
    assert changed.purchase.stopped_at is not None
    assert changed.verdict is not None
    assert changed.verdict.daily_grams == Decimal(9)
    with pytest.raises(InvalidInput):
        s.products.update_purchase(person, item.purchase.id, max_daily_grams="-2")
