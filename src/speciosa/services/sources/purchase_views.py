"""A person's purchase as they and their clinician see it (`PersonProduct`): the batch, the
certificate that decides for this person (`batch_verdicts`) judged at their daily amount,
alkaloid content from the newest certificate counted for them that passes, and any recall that
covers it; and the alerts such a purchase raises. Built inside the caller's transaction; the
caller has checked access.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from speciosa.domain.foundation.alerts import AlertDraft
from speciosa.domain.foundation.errors import NotFound
from speciosa.domain.sources.alert_rules import coa_failed_draft, recall_draft
from speciosa.domain.sources.alkaloids import AlkaloidContent
from speciosa.domain.sources.certificate import StoredCertificate
from speciosa.domain.sources.findings import Verdict, VerdictKind
from speciosa.domain.sources.products import Purchase
from speciosa.domain.sources.recalls import Recall, RecallMatch, match_recalls
from speciosa.services.ports.unit_of_work import UnitOfWork
from speciosa.services.sources.batch_verdicts import decide_purchase
from speciosa.services.sources.certificates import BatchLabel, CertificateService


@dataclass(frozen=True)
class PersonProduct:
    """One of the person's purchases with what is known about its batch."""

    purchase: Purchase
    label: BatchLabel
    certificate: StoredCertificate | None  # the certificate that decides (batch_verdicts)
    verdict: Verdict | None  # of that certificate, at the person's daily amount
    alkaloids: AlkaloidContent | None  # from the newest certificate that passes
    recalls: tuple[RecallMatch, ...]


def hidden_purchase(purchase_id: str) -> NotFound:
    """The answer both for a purchase that does not exist and for one the caller may not see:
    a refusal never tells that the purchase exists, nor whose it is."""
    return NotFound(f"There is no purchase {purchase_id} that you can see.")


def person_product(
    uow: UnitOfWork, certificates: CertificateService, recalls: Sequence[Recall], purchase: Purchase
) -> PersonProduct:
    label = certificates.batch_label(uow, purchase.batch_id)
    if label is None:
        raise NotFound(f"The batch of purchase {purchase.id} is missing.")
    category = label.product.microbial_category
    decided = decide_purchase(
        uow,
        label.batch.id,
        purchase.person_id,
        certificates.judge,
        purchase.max_daily_grams,
        category,
    )
    newest, verdict = decided.certificate, decided.verdict
    alkaloids = None
    for stored in decided.counted:
        judged = (
            verdict
            if stored is newest
            else certificates.judge(stored.certificate, purchase.max_daily_grams, category)
        )
        if judged is not None and judged.kind is VerdictKind.PASS:
            alkaloids = certificates.alkaloids_of(stored.certificate)
            break
    found = match_recalls(
        recalls, vendor=label.vendor.name, product=label.product.name, lot=label.batch.lot
    )
    return PersonProduct(purchase, label, newest, verdict, alkaloids, tuple(found))


def purchase_alerts(view: PersonProduct) -> list[AlertDraft]:
    """A recall that covers the batch, and a newest certificate that fails at the person's
    daily amount."""
    person = view.purchase.person_id
    drafts = [
        recall_draft(person, view.label.batch.id, view.label.text, m)
        for m in view.recalls
        if m.alerts
    ]
    if view.certificate and view.verdict and view.verdict.kind is VerdictKind.FAIL:
        drafts.append(coa_failed_draft(person, view.certificate.id, view.label.text, view.verdict))
    return drafts
