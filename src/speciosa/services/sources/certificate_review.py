"""Review of a PDF certificate's values, row by row, and a clinician's verification for the batch.

Each value read from a PDF is shown to the uploader (or a clinician caring for them) beside the
region of the page it came from, to confirm or correct. Until every row is confirmed the
certificate cannot pass (`domain.sources.verdict`). A correction keeps the original reading beside
it; every confirmation, correction and verification is audited in the same transaction. A
clinician verifying a certificate makes it speak for the batch: from then on it decides every
purchaser's verdict and raises their alerts (`domain.sources.trust`).
"""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import AccessDenied, InvalidInput, NotFound
from speciosa.domain.sources.certificate import RawResult, StoredCertificate
from speciosa.domain.sources.review import RowReview, latest_reviews, result_row, review_of
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.ports.outside import CertificatePageImages, Clock
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from speciosa.services.sources.certificates import CertificateService, CoaRecord

RESOURCE = "lab-certificate"


@dataclass(frozen=True)
class ReviewRow:
    number: int  # 1-based, in the order the reader found the rows
    result: RawResult  # as it counts now (the correction, when corrected)
    confirmed: bool
    review: RowReview | None  # the review that counts, with the original reading


@dataclass(frozen=True)
class CoaReview:
    record: CoaRecord
    rows: tuple[ReviewRow, ...]
    history: tuple[RowReview, ...]
    has_pages: bool  # the PDF is stored, so each row's page region can be shown
    may_change: bool  # the caller may confirm and correct rows
    may_verify: bool  # a clinician, every row confirmed, for a batch, not yet verified

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.rows if not row.confirmed)


class CertificateReviewService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        audit: AuditTrail,
        certificates: CertificateService,
        pages: CertificatePageImages,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._audit = audit
        self._certificates = certificates
        self._pages = pages

    # ------------------------------------------------------------------ reading

    def review(self, actor: Actor, certificate_id: str) -> CoaReview:
        with self._uow_factory(read_only=True) as uow:
            stored = self._visible(uow, actor, certificate_id)
            found = self._review(uow, actor, stored)
            person = self._person_of(uow, stored)
        self._audit.record_read(actor, RESOURCE, person_id=person, resource_id=certificate_id)
        return found

    def row_image(
        self, actor: Actor, certificate_id: str, row: int, compare: bool = False
    ) -> bytes:
        """The PNG of the page region the row's value was read from; with `compare`, of just
        the row's analyte and result side by side (the region when the reader did not mark
        them, as for certificates read before it did)."""
        with self._uow_factory(read_only=True) as uow:
            stored = self._visible(uow, actor, certificate_id)
            raw = result_row(stored.certificate, row)
            pdf = uow.certificates.file(certificate_id)
            person = self._person_of(uow, stored)
        if pdf is None or raw.page is None:
            raise NotFound("This value was not read from a page of a stored PDF.")
        if compare and raw.analyte_bbox and raw.value_bbox:
            image = self._pages.compare_png(pdf, raw.page, raw.analyte_bbox, raw.value_bbox)
        else:
            image = self._pages.region_png(pdf, raw.page, raw.bbox)
        self._audit.record_read(
            actor, RESOURCE, person_id=person, resource_id=certificate_id, detail=f"row {row}"
        )
        return image

    # ------------------------------------------------------------------ writing

    def confirm(self, actor: Actor, certificate_id: str, row: int) -> CoaReview:
        return self._write_review(actor, certificate_id, row, None)

    def correct(
        self, actor: Actor, certificate_id: str, row: int, value: str, unit: str
    ) -> CoaReview:
        return self._write_review(actor, certificate_id, row, (value, unit))

    def verify(self, actor: Actor, certificate_id: str) -> CoaReview:
        """A clinician verifies the certificate for its batch (idempotent)."""
        if not actor.is_clinician:
            raise AccessDenied("Only a clinician verifies a certificate for the whole batch.")
        with self._uow_factory() as uow:
            stored = self._visible(uow, actor, certificate_id)
            if not stored.batch_wide:
                self._check_verifiable(stored)
                uow.certificates.verify(certificate_id, actor.user_id, self._clock.now())
                detail = f"verified for batch {stored.batch_id}"
                stored = self._changed(uow, actor, stored, detail)
            found = self._review(uow, actor, stored)
            uow.commit()
        return found

    def _write_review(
        self,
        actor: Actor,
        certificate_id: str,
        row: int,
        correction: tuple[str, str] | None,
    ) -> CoaReview:
        with self._uow_factory() as uow:
            stored = self._visible(uow, actor, certificate_id)
            self._check_may_change(actor, stored)
            current = result_row(stored.certificate, row)
            earlier = latest_reviews(uow.certificates.reviews(certificate_id)).get(row)
            review = review_of(
                certificate_id,
                row,
                current,
                earlier,
                by=actor.user_id,
                at=self._clock.now(),
                correction=correction,
            )
            uow.certificates.add_review(review)
            was = f"{review.original_value} {review.original_unit}".strip()
            now = f"{review.value} {review.unit}".strip()
            detail = f"row {row} {review.action.value}ed: {now} (read as {was})"[:500]
            stored = self._changed(uow, actor, stored, detail)
            found = self._review(uow, actor, stored)
            uow.commit()
        return found

    def _changed(
        self, uow: UnitOfWork, actor: Actor, stored: StoredCertificate, detail: str
    ) -> StoredCertificate:
        """After a review or a verification: audit it, and alert the batch's takers from the
        certificate as it now reads. The certificate as it now reads."""
        self._audit.add(
            uow,
            actor,
            AuditAction.UPDATE,
            RESOURCE,
            resource_id=stored.id,
            person_id=self._person_of(uow, stored),
            detail=detail,
        )
        changed = self._reload(uow, stored.id)
        label = self._certificates.batch_label(uow, changed.batch_id)
        if label is not None:
            self._certificates.alert_takers(uow, changed, label)
        return changed

    # ------------------------------------------------------------------ rules

    def _visible(self, uow: UnitOfWork, actor: Actor, certificate_id: str) -> StoredCertificate:
        if actor.is_admin:
            raise NotFound(f"There is no lab certificate {certificate_id} that you can see.")
        return self._certificates.visible(uow, actor, certificate_id)

    @staticmethod
    def _may_change(actor: Actor, stored: StoredCertificate) -> bool:
        if actor.is_clinician:
            return True  # `_visible` has checked the clinician may see it
        return stored.uploaded_by == actor.user_id and not stored.batch_wide

    def _check_may_change(self, actor: Actor, stored: StoredCertificate) -> None:
        if self._may_change(actor, stored):
            return
        if stored.batch_wide and stored.uploaded_by == actor.user_id:
            raise AccessDenied(
                "A clinician has verified this certificate for the batch; ask them to change "
                "a value."
            )
        raise AccessDenied("Only its uploader, or a clinician, reviews a certificate.")

    @staticmethod
    def _check_verifiable(stored: StoredCertificate) -> None:
        if stored.batch_id is None:
            raise InvalidInput(
                "This certificate is not linked to a batch, so it cannot be verified for one.",
                field="batch_id",
            )
        waiting = stored.certificate.unconfirmed_rows
        if waiting:
            rows = ", ".join(str(n) for n in waiting[:10])
            raise InvalidInput(
                f"Confirm or correct every value read from the PDF first ({len(waiting)} not "
                f"confirmed yet: row {rows}).",
                field="rows",
            )

    def _review(self, uow: UnitOfWork, actor: Actor, stored: StoredCertificate) -> CoaReview:
        history = uow.certificates.reviews(stored.id)
        latest = latest_reviews(history)
        certificate = stored.certificate
        rows = tuple(
            ReviewRow(n, raw, certificate.is_confirmed(n), latest.get(n))
            for n, raw in enumerate(certificate.results, start=1)
        )
        grams = None
        if stored.uploaded_by is not None:
            for purchase in uow.purchases.for_person(stored.uploaded_by):
                if purchase.batch_id == stored.batch_id and purchase.max_daily_grams:
                    grams = purchase.max_daily_grams
                    break
        may_verify = (
            actor.is_clinician
            and not stored.batch_wide
            and stored.batch_id is not None
            and not certificate.unconfirmed_rows
        )
        return CoaReview(
            record=self._certificates.record(uow, stored, grams),
            rows=rows,
            history=tuple(history),
            has_pages=uow.certificates.file(stored.id) is not None,
            may_change=self._may_change(actor, stored),
            may_verify=may_verify,
        )

    @staticmethod
    def _reload(uow: UnitOfWork, certificate_id: str) -> StoredCertificate:
        stored = uow.certificates.get(certificate_id)
        if stored is None:
            raise NotFound(f"There is no lab certificate {certificate_id}.")
        return stored

    @staticmethod
    def _person_of(uow: UnitOfWork, stored: StoredCertificate) -> str | None:
        """Whose record the certificate belongs to while it is theirs: a person uploader."""
        uploader = stored.uploaded_by
        return uploader if uploader and uow.persons.get(uploader) is not None else None
