"""Lab certificates: check a file, import it (web upload, API and CLI share this), read verdicts.

A certificate is read by the `CertificateReader` port, judged by the domain against the
standards profile, and stored in one transaction (with the PDF itself, for review) with its audit
row and any `coa_failed` alerts for the persons whose verdict it decides — or not at all. A
person's upload decides their own purchase; a clinician's upload (or the local CLI's) speaks for
the batch (`domain.sources.trust`); each caller sees only what it may. Imports are idempotent by
the client's id: the same id and file return the first record; another file is a conflict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, InvalidInput, NotFound
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.sources.alert_rules import coa_failed_draft
from speciosa.domain.sources.alkaloids import AlkaloidContent
from speciosa.domain.sources.certificate import (
    CertificateFormat,
    StoredCertificate,
)
from speciosa.domain.sources.findings import Verdict, VerdictKind
from speciosa.domain.sources.products import Batch, Product, Vendor
from speciosa.domain.sources.profile import (
    MicrobialCategory,
)
from speciosa.domain.sources.trust import counts_for, may_see
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.sources.batch_verdicts import decide_for
from speciosa.services.sources.certificate_checker import MAX_FILENAME, CertificateChecker

MAX_LIST = 200


@dataclass(frozen=True)
class CoaUpload:
    id: str
    filename: str
    content: bytes
    batch_id: str | None = None


@dataclass(frozen=True)
class BatchLabel:
    batch: Batch
    product: Product
    vendor: Vendor

    @property
    def text(self) -> str:
        return f"{self.vendor.name} {self.product.name}, lot {self.batch.lot}"


@dataclass(frozen=True)
class CoaRecord:
    """A certificate with its verdict at a stated (or the reference) daily amount."""

    stored: StoredCertificate
    verdict: Verdict
    alkaloids: AlkaloidContent
    batch: BatchLabel | None


class CertificateService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        checker: CertificateChecker,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self.checker = checker
        self.read = checker.read
        self.judge = checker.judge
        self.alkaloids_of = checker.alkaloids_of
        self.check = checker.check

    # ------------------------------------------------------------------ import

    def import_coa(self, actor: Actor | None, upload: CoaUpload) -> tuple[CoaRecord, bool]:
        """Store a certificate (for a batch, when named). Returns the record and whether it was
        created now (False: a retry of the same upload). `actor` None is the local CLI."""
        if actor is not None and actor.is_admin:
            raise AccessDenied("Persons and clinicians add lab certificates; admins do not.")
        certificate_id = parse_client_id(upload.id)
        certificate = self.read(upload.filename, upload.content)
        sha256 = hashlib.sha256(upload.content).hexdigest()
        sent = fingerprint({"sha256": sha256, "batch_id": upload.batch_id or ""})
        with self._uow_factory() as uow:
            existing = uow.certificates.get(certificate_id)
            if existing is not None:
                check_replay(existing.fingerprint, sent, "lab certificate", certificate_id)
                return self.record(uow, existing), False
            label = self.batch_label(uow, upload.batch_id) if upload.batch_id else None
            if upload.batch_id and label is None:
                raise NotFound(f"There is no batch {upload.batch_id}.", field="batch_id")
            # A clinician's upload, or the local CLI's, speaks for the batch at once.
            trusted = actor is None or actor.is_clinician
            now = self._clock.now()
            stored = StoredCertificate(
                id=certificate_id,
                batch_id=upload.batch_id or None,
                certificate=certificate,
                filename=" ".join(upload.filename.split())[:MAX_FILENAME],
                sha256=sha256,
                fingerprint=sent,
                uploaded_by=actor.user_id if actor else None,
                uploaded_at=now,
                verified_by=actor.user_id if actor and trusted else None,
                verified_at=now if trusted else None,
            )
            if not uow.certificates.add(stored):
                # A concurrent request with the same id won the insert: answer as a replay.
                again = uow.certificates.get(certificate_id)
                if again is None:
                    raise NotFound(f"There is no lab certificate {certificate_id}.")
                check_replay(again.fingerprint, sent, "lab certificate", certificate_id)
                return self.record(uow, again), False
            if certificate.source_format is CertificateFormat.PDF:
                uow.certificates.add_file(certificate_id, upload.content)
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "lab-certificate",
                resource_id=certificate_id,
                person_id=actor.user_id if actor and actor.is_person else None,
                detail=f"batch {upload.batch_id}" if upload.batch_id else "",
            )
            if label is not None:
                self.alert_takers(uow, stored, label)
            record = self.record(uow, stored)
            uow.commit()
        return record, True

    def alert_takers(self, uow: UnitOfWork, stored: StoredCertificate, label: BatchLabel) -> None:
        """Raise coa_failed for each person taking this batch whose verdict this certificate
        decides (their own upload, or a batch-wide one) and fails at their daily amount."""
        drafts = []
        certificates = uow.certificates.for_batches([label.batch.id])  # once for every taker
        for purchase in uow.purchases.current_for_batch(label.batch.id):
            if not counts_for(stored, purchase.person_id):
                continue
            decided = decide_for(
                certificates,
                purchase.person_id,
                self.judge,
                purchase.max_daily_grams,
                label.product.microbial_category,
            )
            verdict = decided.verdict
            chosen = decided.certificate
            if chosen and chosen.id == stored.id and verdict and verdict.kind is VerdictKind.FAIL:
                drafts.append(coa_failed_draft(purchase.person_id, stored.id, label.text, verdict))
        self._alerts.raise_drafts(uow, drafts)

    def visible(self, uow: UnitOfWork, actor: Actor, certificate_id: str) -> StoredCertificate:
        """The certificate if `actor` may see it; otherwise "not found", never "forbidden"."""
        stored = uow.certificates.get(certificate_id)
        in_care = self._guard.readable_person_ids(uow, actor) if actor.is_clinician else []
        if stored is None or not may_see(stored, actor, in_care):
            raise NotFound(f"There is no lab certificate {certificate_id} that you can see.")
        return stored

    # ------------------------------------------------------------------ reading

    def batch_label(self, uow: UnitOfWork, batch_id: str | None) -> BatchLabel | None:
        batch = uow.catalogue.batch(batch_id) if batch_id else None
        product = uow.catalogue.product(batch.product_id) if batch else None
        vendor = uow.catalogue.vendor(product.vendor_id) if product else None
        if batch is None or product is None or vendor is None:
            return None
        return BatchLabel(batch, product, vendor)

    def record(
        self, uow: UnitOfWork, stored: StoredCertificate, daily_grams: Decimal | None = None
    ) -> CoaRecord:
        label = self.batch_label(uow, stored.batch_id)
        category = label.product.microbial_category if label else MicrobialCategory.DRIED_BOTANICAL
        return CoaRecord(
            stored,
            self.judge(stored.certificate, daily_grams, category),
            self.alkaloids_of(stored.certificate),
            label,
        )

    def get(
        self, actor: Actor, certificate_id: str, daily_grams: Decimal | None = None
    ) -> CoaRecord:
        """A certificate the caller may see, judged at `daily_grams` (reference amount if None)."""
        with self._uow_factory(read_only=True) as uow:
            return self.record(uow, self.visible(uow, actor, certificate_id), daily_grams)

    def for_person(self, actor: Actor, person_id: str, certificate_id: str) -> CoaRecord:
        """The verdict at the person's stated maximum daily grams for that batch (audited)."""

        def read(uow: UnitOfWork) -> CoaRecord:
            stored = self.visible(uow, actor, certificate_id)
            grams = None
            for purchase in uow.purchases.for_person(person_id):
                if purchase.batch_id == stored.batch_id and purchase.max_daily_grams:
                    grams = purchase.max_daily_grams
                    break
            return self.record(uow, stored, grams)

        return self._guard.read(
            actor, person_id, "lab-certificate", read, resource_id=certificate_id
        )

    def list(self, actor: Actor, batch_id: str | None = None, limit: int = 50) -> list[CoaRecord]:
        if limit < 1 or limit > MAX_LIST:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIST}.", field="limit")
        with self._uow_factory(read_only=True) as uow:
            # `may_see`, asked of the database: batch-wide, own, and (clinicians) their persons'.
            uploaders = [actor.user_id, *self._guard.readable_person_ids(uow, actor)]
            found = uow.certificates.visible(
                uploaders, limit, batch_id=batch_id, unattributed=actor.is_clinician
            )
            return [self.record(uow, s) for s in found]

    def certificate_in(self, uow: UnitOfWork, certificate_id: str) -> StoredCertificate | None:
        """Inside the caller's transaction (the caller has checked access and audits)."""
        return uow.certificates.get(certificate_id)
