"""Which certificate decides a purchase's verdict, under the trust rule of `domain.sources.trust`.

The products page, the person's report, the dose journal's alkaloid content, alerts and the
vendor scorecard all ask here, so they agree: a person's own upload decides their own purchase;
only certificates a clinician uploaded or verified speak for everyone who takes the batch; a
failing verdict stands until a clinician's review replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from speciosa.domain.sources.certificate import Certificate, StoredCertificate
from speciosa.domain.sources.findings import Verdict, VerdictKind
from speciosa.domain.sources.profile import MicrobialCategory
from speciosa.domain.sources.trust import counts_for, deciding_certificate
from speciosa.services.ports.unit_of_work import UnitOfWork

Judge = Callable[[Certificate, Decimal | None, MicrobialCategory], Verdict]


def newest_first(certificates: Sequence[StoredCertificate]) -> list[StoredCertificate]:
    return sorted(
        certificates,
        key=lambda c: (c.certificate.tested_on or c.uploaded_at.date(), c.uploaded_at),
        reverse=True,
    )


@dataclass(frozen=True)
class Decided:
    """The certificates that count for one purchaser (newest first) and the one that decides."""

    counted: tuple[StoredCertificate, ...]
    certificate: StoredCertificate | None
    verdict: Verdict | None


def decide_for(
    certificates: Sequence[StoredCertificate],
    person_id: str | None,
    judge: Judge,
    daily_grams: Decimal | None,
    category: MicrobialCategory,
) -> Decided:
    """`certificates` of one batch; `person_id` None asks for the batch as a whole."""
    counted = newest_first([c for c in certificates if counts_for(c, person_id)])
    verdicts: dict[str, Verdict] = {}

    def verdict_of(stored: StoredCertificate) -> Verdict:
        if stored.id not in verdicts:
            verdicts[stored.id] = judge(stored.certificate, daily_grams, category)
        return verdicts[stored.id]

    chosen = deciding_certificate(counted, lambda c: verdict_of(c).kind is VerdictKind.FAIL)
    return Decided(tuple(counted), chosen, verdict_of(chosen) if chosen else None)


def decide_purchase(
    uow: UnitOfWork,
    batch_id: str,
    person_id: str | None,
    judge: Judge,
    daily_grams: Decimal | None,
    category: MicrobialCategory,
) -> Decided:
    certificates = uow.certificates.for_batches([batch_id])
    return decide_for(certificates, person_id, judge, daily_grams, category)
