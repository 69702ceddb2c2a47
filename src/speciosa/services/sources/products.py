"""Vendors, products, batches and purchases; the vendor scorecard; recall warnings.

The catalogue (vendors, products, batches) is shared: a vendor, a product of a vendor and a lot
of a product are each stored once, found again by their normalised name. A purchase is a
person's: which batch they bought and whether they are taking it now, with the most grams a day
they take of it (the amount its certificate is judged at). Recording a purchase of a batch
whose certificate fails at that amount, or that a recall covers, alerts the clinician.

Read API for the dose journal: `products_for(actor, person_id)` lists the person's products
(current first) with the batch's verdict and alkaloid content; `alkaloid_content(actor,
person_id, batch_id)` gives mitragynine and 7-OH % from the newest passing certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, NotFound
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.sources.alkaloids import AlkaloidContent
from speciosa.domain.sources.findings import check_daily_grams
from speciosa.domain.sources.products import Product, Purchase, Vendor, VendorScore, parse_amount
from speciosa.domain.sources.recalls import Recall, parse_recalls
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.sources.catalogue import (
    NewProduct,
    find_or_add_batch,
    find_or_add_product,
    vendor_scores,
)
from speciosa.services.sources.certificates import BatchLabel, CertificateService
from speciosa.services.sources.purchase_views import (
    PersonProduct,
    hidden_purchase,
    person_product,
    purchase_alerts,
)


@dataclass(frozen=True)
class NewPurchase:
    """A purchase of an existing batch (`batch_id`) or of a product and lot named here."""

    id: str
    person_id: str | None = None
    batch_id: str | None = None
    product: NewProduct | None = None
    lot: str = ""
    bought_on: date | None = None
    max_daily_grams: object = None
    current: bool = True


class ProductService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        certificates: CertificateService,
        reference: ReferenceCatalogue,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self._certificates = certificates
        self.recalls: tuple[Recall, ...] = parse_recalls(reference.table("kratom_recalls").rows)

    # ------------------------------------------------------------------ catalogue

    @staticmethod
    def _require_writer(actor: Actor | None) -> None:
        if actor is not None and actor.is_admin:
            raise AccessDenied("Persons and clinicians add products; admins manage accounts.")

    def add_product(self, actor: Actor | None, new: NewProduct) -> Product:
        """Find or create the vendor and the product (by name and form)."""
        self._require_writer(actor)
        with self._uow_factory() as uow:
            product = find_or_add_product(uow, self._clock.now(), new)
            uow.commit()
        return product

    def add_batch(self, actor: Actor | None, new: NewProduct, lot: str) -> BatchLabel:
        """Find or create the vendor, product and lot."""
        self._require_writer(actor)
        with self._uow_factory() as uow:
            now = self._clock.now()
            batch = find_or_add_batch(uow, now, find_or_add_product(uow, now, new), lot)
            label = self._certificates.batch_label(uow, batch.id)
            uow.commit()
        assert label is not None
        return label

    def vendors(self) -> list[Vendor]:
        with self._uow_factory(read_only=True) as uow:
            return uow.catalogue.vendors()

    def batches(self, vendor_id: str | None = None) -> list[BatchLabel]:
        with self._uow_factory(read_only=True) as uow:
            products = uow.catalogue.products(vendor_id)
            labels = [
                self._certificates.batch_label(uow, b.id)
                for b in uow.catalogue.batches([p.id for p in products])
            ]
        return [label for label in labels if label is not None]

    # ------------------------------------------------------------------ purchases

    def record_purchase(self, actor: Actor, new: NewPurchase) -> tuple[PersonProduct, bool]:
        """Record that the person bought a batch (idempotent by the client's id)."""
        person_id = self._guard.subject_of(actor, new.person_id)
        purchase_id = parse_client_id(new.id)
        grams = check_daily_grams(
            parse_amount(new.max_daily_grams, "max_daily_grams", Decimal(10**6)), "max_daily_grams"
        )
        sent = fingerprint(
            {
                "person_id": person_id,
                "batch_id": new.batch_id,
                "product": vars(new.product) if new.product else None,
                "lot": new.lot,
                "bought_on": new.bought_on,
                "max_daily_grams": str(grams) if grams is not None else None,
                "current": new.current,
            }
        )
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, person_id, Purpose.WRITE)
            existing = uow.purchases.get(purchase_id)
            if existing is not None:
                if existing.person_id != person_id:
                    raise NotFound(f"There is no purchase {purchase_id} in this record.")
                check_replay(existing.fingerprint, sent, "purchase", purchase_id)
                return self._view(uow, existing), False
            if new.batch_id:
                batch = uow.catalogue.batch(new.batch_id)
                if batch is None:
                    raise NotFound(f"There is no batch {new.batch_id}.", field="batch_id")
            elif new.product is not None:
                now = self._clock.now()
                product = find_or_add_product(uow, now, new.product)
                batch = find_or_add_batch(uow, now, product, new.lot)
            else:
                raise NotFound(
                    "Say which batch (batch_id) or which product and lot.", field="batch_id"
                )
            purchase = Purchase(
                id=purchase_id,
                person_id=person_id,
                batch_id=batch.id,
                bought_on=new.bought_on,
                max_daily_grams=grams,
                current=new.current,
                created_at=self._clock.now(),
                fingerprint=sent,
            )
            if not uow.purchases.add(purchase):
                again = uow.purchases.get(purchase_id)
                if again is None or again.person_id != person_id:
                    raise NotFound(f"There is no purchase {purchase_id} in this record.")
                check_replay(again.fingerprint, sent, "purchase", purchase_id)
                return self._view(uow, again), False
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "purchase",
                resource_id=purchase_id,
                person_id=person_id,
            )
            view = self._view(uow, purchase)
            if purchase.current:
                self._alerts.raise_drafts(uow, purchase_alerts(view))
            uow.commit()
        return view, True

    def update_purchase(
        self,
        actor: Actor,
        purchase_id: str,
        *,
        current: bool | None = None,
        max_daily_grams: object = None,
    ) -> PersonProduct:
        """Mark a purchase as taken now (or stopped), or change the daily amount."""
        hidden = hidden_purchase(purchase_id)
        with self._uow_factory() as uow:
            purchase = uow.purchases.get(purchase_id)
            if purchase is None:
                raise hidden
            try:
                self._guard.require(uow, actor, purchase.person_id, Purpose.WRITE)
            except NotFound:
                raise hidden from None
            changed = purchase
            if current is not None and current != purchase.current:
                changed = replace(
                    changed, current=current, stopped_at=None if current else self._clock.now()
                )
            if max_daily_grams not in (None, ""):
                grams = check_daily_grams(
                    parse_amount(max_daily_grams, "max_daily_grams", Decimal(10**6)),
                    "max_daily_grams",
                )
                changed = replace(changed, max_daily_grams=grams)
            if changed != purchase:
                uow.purchases.save(changed)
                self._audit.add(
                    uow,
                    actor,
                    AuditAction.UPDATE,
                    "purchase",
                    resource_id=purchase_id,
                    person_id=purchase.person_id,
                )
            view = self._view(uow, changed)
            if changed.current:
                self._alerts.raise_drafts(uow, purchase_alerts(view))
            uow.commit()
        return view

    def _view(self, uow: UnitOfWork, purchase: Purchase) -> PersonProduct:
        return person_product(uow, self._certificates, self.recalls, purchase)

    def products_for(self, actor: Actor, person_id: str) -> list[PersonProduct]:
        """The person's purchases, the ones taken now first (audited read)."""
        return self._guard.read(
            actor,
            person_id,
            "purchases",
            lambda uow: [self._view(uow, p) for p in uow.purchases.for_person(person_id)],
        )

    def purchase(self, actor: Actor, purchase_id: str) -> PersonProduct:
        hidden = hidden_purchase(purchase_id)
        with self._uow_factory(read_only=True) as uow:
            found = uow.purchases.get(purchase_id)
        if found is None:
            raise hidden
        try:
            return self._guard.read(
                actor,
                found.person_id,
                "purchase",
                lambda uow: self._view(uow, found),
                resource_id=purchase_id,
            )
        except NotFound:
            raise hidden from None

    def alkaloid_content(
        self, actor: Actor, person_id: str, batch_id: str
    ) -> AlkaloidContent | None:
        """Mitragynine and 7-OH (% w/w) of a batch the person bought, from its newest
        certificate that passes at their daily amount; None when there is none."""
        for item in self.products_for(actor, person_id):
            if item.label.batch.id == batch_id:
                return item.alkaloids
        raise NotFound(f"There is no batch {batch_id} among this person's products.")

    # ------------------------------------------------------------------ scorecard

    def scorecard(self, today: date | None = None) -> list[VendorScore]:
        """Every vendor: share of batches whose newest certificate is complete and passes (at
        the reference daily amount), age of the newest certificate, failures, recalls."""
        today = today or self._clock.now().date()
        with self._uow_factory(read_only=True) as uow:
            return vendor_scores(uow, self._certificates, self.recalls, today)

    def recall_list(self) -> tuple[Recall, ...]:
        return self.recalls

    def purchases_in(self, uow: UnitOfWork, person_id: str) -> list[Purchase]:
        """Inside the caller's transaction (the caller has checked access and audits)."""
        return uow.purchases.for_person(person_id)
