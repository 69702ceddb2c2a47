"""Lab certificates: the rows as read, the uploaded PDF, clinician verification and row reviews.

A certificate is loaded *as reviewed*: each row's newest confirmation or correction is applied
(`domain.sources.review.apply_reviews`), so every reader of a verdict sees the corrected values and
which rows a person confirmed. The reviews themselves (with the original readings) are read with
`reviews`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from speciosa.adapters.db.rows.sources import (
    CertificateFileRow,
    CertificateReviewRow,
    CertificateRow,
)
from speciosa.adapters.db.savepoints import add_unless_exists
from speciosa.domain.sources.certificate import (
    Certificate,
    CertificateFormat,
    RawResult,
    StoredCertificate,
    UnreadableRow,
)
from speciosa.domain.sources.review import ReviewAction, RowReview, apply_reviews


def _bbox(value: Any) -> tuple[float, float, float, float] | None:
    if not isinstance(value, list) or len(value) != 4:
        return None
    x0, top, x1, bottom = (float(v) for v in value)
    return (x0, top, x1, bottom)


def _raw(r: dict[str, Any]) -> RawResult:
    return RawResult(
        str(r["analyte"]),
        str(r["value"]),
        str(r["unit"]),
        r.get("line"),
        page=r.get("page"),
        bbox=_bbox(r.get("bbox")),
        review_reason=r.get("review_reason"),
        loq=r.get("loq"),
        lod=r.get("lod"),
        printed_limit=r.get("printed_limit"),
        printed_status=r.get("printed_status"),
        analyte_bbox=_bbox(r.get("analyte_bbox")),
        value_bbox=_bbox(r.get("value_bbox")),
    )


def _stored(row: CertificateRow, reviews: Sequence[RowReview]) -> StoredCertificate:
    results: list[Any] = row.results or []
    unreadable: list[Any] = row.unreadable or []
    certificate = Certificate(
        lab=row.lab,
        product=row.product,
        batch=row.batch_label,
        tested_on=row.tested_on,
        results=tuple(_raw(r) for r in results),
        unreadable=tuple(
            UnreadableRow(u.get("line"), str(u["text"]), str(u["reason"])) for u in unreadable
        ),
        source_format=CertificateFormat(row.source_format),
    )
    return StoredCertificate(
        id=row.id,
        batch_id=row.batch_id,
        certificate=apply_reviews(certificate, reviews),
        filename=row.filename,
        sha256=row.sha256,
        fingerprint=row.fingerprint,
        uploaded_by=row.uploaded_by,
        uploaded_at=row.uploaded_at,
        verified_by=row.verified_by,
        verified_at=row.verified_at,
    )


def _review(row: CertificateReviewRow) -> RowReview:
    return RowReview(
        certificate_id=row.certificate_id,
        row=row.row,
        action=ReviewAction(row.action),
        value=row.value,
        unit=row.unit,
        original_value=row.original_value,
        original_unit=row.original_unit,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
    )


def _result_json(r: RawResult) -> dict[str, Any]:
    return {
        "analyte": r.analyte,
        "value": r.value,
        "unit": r.unit,
        "line": r.line,
        "page": r.page,
        "bbox": list(r.bbox) if r.bbox else None,
        "review_reason": r.review_reason,
        "loq": r.loq,
        "lod": r.lod,
        "printed_limit": r.printed_limit,
        "printed_status": r.printed_status,
        "analyte_bbox": list(r.analyte_bbox) if r.analyte_bbox else None,
        "value_bbox": list(r.value_bbox) if r.value_bbox else None,
    }


class SqlCertificateRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, stored: StoredCertificate) -> bool:
        c = stored.certificate
        row = CertificateRow(
            id=stored.id,
            batch_id=stored.batch_id,
            fingerprint=stored.fingerprint,
            lab=c.lab,
            product=c.product,
            batch_label=c.batch,
            tested_on=c.tested_on,
            source_format=c.source_format.value,
            filename=stored.filename,
            sha256=stored.sha256,
            results=[_result_json(r) for r in c.results],
            unreadable=[{"line": u.line, "text": u.text, "reason": u.reason} for u in c.unreadable],
            uploaded_by=stored.uploaded_by,
            uploaded_at=stored.uploaded_at,
            verified_by=stored.verified_by,
            verified_at=stored.verified_at,
        )
        return add_unless_exists(self._s, row)

    def _load(self, rows: Sequence[CertificateRow]) -> list[StoredCertificate]:
        """Certificates with their reviews, in one query for all of them."""
        if not rows:
            return []
        query = (
            select(CertificateReviewRow)
            .where(CertificateReviewRow.certificate_id.in_([r.id for r in rows]))
            .order_by(CertificateReviewRow.id)
        )
        reviews: dict[str, list[RowReview]] = {}
        for review in self._s.scalars(query):
            reviews.setdefault(review.certificate_id, []).append(_review(review))
        return [_stored(r, reviews.get(r.id, [])) for r in rows]

    def get(self, certificate_id: str) -> StoredCertificate | None:
        row = self._s.get(CertificateRow, certificate_id)
        return self._load([row])[0] if row else None

    def for_batches(self, batch_ids: Sequence[str]) -> list[StoredCertificate]:
        if not batch_ids:
            return []
        query = (
            select(CertificateRow)
            .where(CertificateRow.batch_id.in_(list(batch_ids)))
            .order_by(CertificateRow.uploaded_at.desc(), CertificateRow.id)
        )
        return self._load(list(self._s.scalars(query)))

    def recent(self, limit: int) -> list[StoredCertificate]:
        query = (
            select(CertificateRow)
            .order_by(CertificateRow.uploaded_at.desc(), CertificateRow.id)
            .limit(limit)
        )
        return self._load(list(self._s.scalars(query)))

    def visible(
        self,
        uploaders: Sequence[str],
        limit: int,
        *,
        batch_id: str | None = None,
        unattributed: bool = False,
    ) -> list[StoredCertificate]:
        """Newest first: batch-wide certificates and those uploaded by `uploaders` (and by
        nobody — the command line — when `unattributed`)."""
        shown = [CertificateRow.verified_at.is_not(None)]
        if uploaders:
            shown.append(CertificateRow.uploaded_by.in_(list(uploaders)))
        if unattributed:
            shown.append(CertificateRow.uploaded_by.is_(None))
        query = select(CertificateRow).where(or_(*shown))
        if batch_id is not None:
            query = query.where(CertificateRow.batch_id == batch_id)
        query = query.order_by(CertificateRow.uploaded_at.desc(), CertificateRow.id).limit(limit)
        return self._load(list(self._s.scalars(query)))

    def all_with_batch(self) -> list[StoredCertificate]:
        query = select(CertificateRow).where(CertificateRow.batch_id.is_not(None))
        return self._load(list(self._s.scalars(query)))

    # ------------------------------------------------------------ file, review, verification

    def add_file(self, certificate_id: str, content: bytes) -> None:
        self._s.add(CertificateFileRow(certificate_id=certificate_id, content=content))
        self._s.flush()

    def file(self, certificate_id: str) -> bytes | None:
        row = self._s.get(CertificateFileRow, certificate_id)
        return bytes(row.content) if row else None

    def add_review(self, review: RowReview) -> None:
        self._s.add(
            CertificateReviewRow(
                certificate_id=review.certificate_id,
                row=review.row,
                action=review.action.value,
                value=review.value,
                unit=review.unit,
                original_value=review.original_value,
                original_unit=review.original_unit,
                reviewed_by=review.reviewed_by,
                reviewed_at=review.reviewed_at,
            )
        )
        self._s.flush()

    def reviews(self, certificate_id: str) -> list[RowReview]:
        query = (
            select(CertificateReviewRow)
            .where(CertificateReviewRow.certificate_id == certificate_id)
            .order_by(CertificateReviewRow.id)
        )
        return [_review(r) for r in self._s.scalars(query)]

    def verify(self, certificate_id: str, by: str | None, at: datetime) -> None:
        row = self._s.get(CertificateRow, certificate_id, with_for_update=True)
        if row is None:
            raise LookupError(certificate_id)
        row.verified_by = by
        row.verified_at = at
        self._s.flush()
