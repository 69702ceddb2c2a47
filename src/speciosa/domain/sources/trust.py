"""Whose certificate decides whose verdict: the batch is shared, the trust is not.

A certificate a person uploads decides that person's own purchase of the batch. It speaks for the
batch — every purchaser's verdict, the vendor scorecard, alerts on others' records — only once a
clinician has uploaded or verified it (`StoredCertificate.batch_wide`). Among the certificates
that count for a purchase the newest decides, except that a failing verdict stands until a newer
certificate verified by a clinician *after* the failing one arrived replaces it: a newer upload
never silently hides a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.sources.certificate import StoredCertificate


def counts_for(stored: StoredCertificate, person_id: str | None) -> bool:
    """Whether the certificate decides `person_id`'s purchase (None: the batch as a whole)."""
    return stored.batch_wide or (person_id is not None and stored.uploaded_by == person_id)


def may_see(stored: StoredCertificate, actor: Actor, persons_in_care: Collection[str]) -> bool:
    """Batch-wide certificates are product facts anyone signed in may read; one that is still a
    person's own is seen by that person and the clinicians they consented to."""
    if stored.batch_wide or stored.uploaded_by == actor.user_id:
        return True
    if actor.is_clinician:
        return stored.uploaded_by is None or stored.uploaded_by in persons_in_care
    return False


def reviewed_after(replacement: StoredCertificate, failing: StoredCertificate) -> bool:
    verified = replacement.verified_at
    return verified is not None and verified >= failing.uploaded_at


def deciding_certificate(
    newest_first: Sequence[StoredCertificate], fails: Callable[[StoredCertificate], bool]
) -> StoredCertificate | None:
    """The certificate whose verdict is the purchase's, of those that count for it (newest
    first). `fails` judges a certificate at the purchaser's daily amount."""
    if not newest_first:
        return None
    chosen = newest_first[0]
    if fails(chosen):
        return chosen
    for index, older in enumerate(newest_first[1:], start=1):
        newer = newest_first[:index]
        if fails(older) and not any(reviewed_after(n, older) for n in newer):
            return older  # the failure stands until a clinician's review replaces it
    return chosen
