"""Review of values read from a PDF, and which certificate decides whose verdict.

A PDF certificate is never `pass` while a value is unconfirmed (it may still fail); a correction
keeps the original reading; a person's upload decides only their own purchase; a failing verdict
stands until a certificate verified by a clinician after it replaces it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.domain.sources.certificate import CertificateFormat, StoredCertificate
from speciosa.domain.sources.findings import FindingStatus, VerdictKind
from speciosa.domain.sources.review import ReviewAction, apply_reviews, result_row, review_of
from speciosa.domain.sources.trust import counts_for, deciding_certificate, may_see
from tests.unit.domain.sources.conftest import COMPLETE, certificate, replacing

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def pdf(rows: list[tuple[str, str, str]] | tuple[tuple[str, str, str], ...] = COMPLETE):  # type: ignore[no-untyped-def]
    return replace(certificate(rows), source_format=CertificateFormat.PDF)


def test_an_unconfirmed_pdf_is_at_best_incomplete_with_a_review_finding(judge_pdf) -> None:  # type: ignore[no-untyped-def]
    verdict = judge_pdf(pdf())
    assert verdict.kind is VerdictKind.INCOMPLETE
    [review] = [f for f in verdict.findings if "review needed" in f.rule]
    assert review.status is FindingStatus.INCOMPLETE
    assert review.value == f"{len(COMPLETE)} of {len(COMPLETE)} not confirmed"
    assert all(not f.confirmed for f in verdict.findings if f.analyte == "Lead")


def test_an_unconfirmed_pdf_may_still_fail(judge_pdf) -> None:  # type: ignore[no-untyped-def]
    verdict = judge_pdf(pdf(replacing(Lead=("9", "ppm"))))
    assert verdict.kind is VerdictKind.FAIL


def test_confirming_every_row_lets_it_pass_and_a_csv_needs_no_review(judge_pdf) -> None:  # type: ignore[no-untyped-def]
    c = pdf()
    reviews = [review_of("c1", n, result_row(c, n), None, by="u1", at=T0) for n in range(1, 11)]
    assert judge_pdf(apply_reviews(c, reviews[:-1])).kind is VerdictKind.INCOMPLETE
    assert judge_pdf(apply_reviews(c, reviews)).kind is VerdictKind.PASS
    assert judge_pdf(certificate(COMPLETE)).kind is VerdictKind.PASS


def test_a_correction_counts_and_keeps_the_original_through_later_reviews() -> None:
    c = pdf()
    first = review_of("c1", 1, result_row(c, 1), None, by="u1", at=T0, correction=("9", "ppm"))
    assert (first.action, first.value, first.original_value) == (ReviewAction.CORRECT, "9", "0.1")
    corrected = apply_reviews(c, [first])
    assert corrected.results[0].value == "9"
    assert corrected.is_confirmed(1)
    assert not corrected.is_confirmed(2)
    later = review_of("c1", 1, corrected.results[0], first, by="u2", at=T0 + timedelta(minutes=1))
    assert (later.action, later.value, later.original_value, later.changed) == (
        ReviewAction.CONFIRM, "9", "0.1", True,
    )  # fmt: skip
    assert apply_reviews(c, [first, later]).results[0].value == "9"


@pytest.mark.parametrize("value", ["", "   ", "x" * 101, "0.1\x00"])
def test_a_correction_must_be_plain_short_text(value: str) -> None:
    c = pdf()
    with pytest.raises(InvalidInput):
        review_of("c1", 1, result_row(c, 1), None, by="u", at=T0, correction=(value, "ppm"))


def test_a_row_that_does_not_exist_is_not_found() -> None:
    with pytest.raises(NotFound):
        result_row(pdf(), 11)


# ------------------------------------------------------------------ trust


def stored(
    id: str, by: str | None, at: datetime, verified_at: datetime | None = None
) -> StoredCertificate:
    return StoredCertificate(
        id, "b1", certificate(COMPLETE), "f", "s", "p", by, at,
        verified_by="doc" if verified_at else None, verified_at=verified_at,
    )  # fmt: skip


def test_a_persons_upload_counts_for_them_only_until_verified() -> None:
    mine = stored("a", "pat", T0)
    assert counts_for(mine, "pat")
    assert not counts_for(mine, "olive")
    assert not counts_for(mine, None)
    verified = replace(mine, verified_at=T0, verified_by="doc")
    assert counts_for(verified, "olive")
    assert counts_for(verified, None)


@pytest.mark.parametrize(
    ("role", "user", "in_care", "seen"),
    [
        (Role.PERSON, "pat", [], True),
        (Role.PERSON, "olive", [], False),
        (Role.CLINICIAN, "doc", ["pat"], True),
        (Role.CLINICIAN, "stranger", [], False),
        (Role.ADMIN, "admin", [], False),
    ],
)
def test_who_may_see_a_persons_own_certificate(
    role: Role, user: str, in_care: list[str], seen: bool
) -> None:
    assert may_see(stored("a", "pat", T0), Actor(user, role, user), in_care) is seen


def test_a_failure_stands_until_a_clinician_reviews_after_it() -> None:
    failing = stored("fail", "pat", T0)
    newer = stored("new", "pat", T0 + timedelta(hours=1))
    fails = {"fail"}.__contains__

    def decide(*certs: StoredCertificate) -> str | None:
        found = deciding_certificate(list(certs), lambda c: fails(c.id))
        return found.id if found else None

    assert decide(newer, failing) == "fail"
    reviewed = replace(newer, verified_at=T0 + timedelta(hours=2), verified_by="doc")
    assert decide(reviewed, failing) == "new"
    # A verification from before the failure arrived does not review it.
    stale = replace(newer, verified_at=T0 - timedelta(hours=1), verified_by="doc")
    assert decide(stale, failing) == "fail"
    # A clinician-reviewed certificate between them clears the failure for newer ones too.
    newest = stored("newest", "pat", T0 + timedelta(hours=3))
    assert decide(newest, reviewed, failing) == "newest"
    assert decide() is None


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=8))
def test_a_newer_unverified_certificate_never_hides_a_failure(
    flags: list[tuple[bool, bool]],
) -> None:
    """Whatever the mix, if any certificate fails and none is verified, the decision fails."""
    certs = [
        stored(str(i), "pat", T0 - timedelta(hours=i)) for i, _ in enumerate(flags)
    ]  # newest first
    failing = {str(i) for i, (fails, _) in enumerate(flags) if fails}
    chosen = deciding_certificate(certs, lambda c: c.id in failing)
    assert chosen is not None
    assert (chosen.id in failing) == bool(failing)
