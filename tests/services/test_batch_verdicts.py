"""`batch_verdicts.decide_for` with a fake judge: which certificate decides whose purchase, with
no database — the rule the products page, reports, dose journal, alerts and scorecard share."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from speciosa.domain.sources.certificate import Certificate, CertificateFormat, StoredCertificate
from speciosa.domain.sources.findings import Verdict, VerdictKind
from speciosa.domain.sources.profile import MicrobialCategory
from speciosa.services.sources.batch_verdicts import decide_for

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)
BOTANICAL = MicrobialCategory.DRIED_BOTANICAL


def stored(name: str, by: str | None, hours: int, verified: int | None = None) -> StoredCertificate:
    """A certificate whose lab name is its verdict-to-be (the fake judge reads it)."""
    certificate = Certificate(name, "", "", date(2026, 10, 1), (), (), CertificateFormat.CSV)
    at = T0 + timedelta(hours=hours)
    return StoredCertificate(
        f"{name}-{hours}", "b1", certificate, "f", "s", "p", by, at,
        verified_by="doc" if verified is not None else None,
        verified_at=T0 + timedelta(hours=verified) if verified is not None else None,
    )  # fmt: skip


class FakeJudge:
    """Judges by the lab name ("pass"/"fail"), counting calls: each certificate once."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self, certificate: Certificate, grams: Decimal | None, category: MicrobialCategory
    ) -> Verdict:
        self.calls += 1
        return Verdict(VerdictKind(certificate.lab), (), grams or Decimal(10), grams is None)


def test_each_person_is_decided_by_their_own_upload_and_batch_wide_ones() -> None:
    judge = FakeJudge()
    certificates = [
        stored("pass", "doc", 0, verified=0),  # a clinician's, for everyone
        stored("fail", "pat", 1),  # Pat's own, newer and failing
    ]
    pat = decide_for(certificates, "pat", judge, Decimal(6), BOTANICAL)
    olive = decide_for(certificates, "olive", judge, Decimal(6), BOTANICAL)
    batch = decide_for(certificates, None, judge, None, BOTANICAL)
    assert pat.verdict is not None
    assert pat.verdict.kind is VerdictKind.FAIL
    assert [c.uploaded_by for c in olive.counted] == ["doc"]
    assert olive.verdict is not None
    assert olive.verdict.kind is VerdictKind.PASS
    assert batch.certificate is certificates[0]
    assert judge.calls == 3  # Pat: the newest fails, so nothing older is judged


def test_a_failing_verdict_stands_until_a_clinician_verifies_a_newer_one_after_it() -> None:
    judge = FakeJudge()
    failing = stored("fail", "doc", 0, verified=0)
    newer = replace(stored("pass", "pat", 2), certificate=replace(failing.certificate, lab="pass"))
    decided = decide_for([failing, newer], "pat", judge, Decimal(6), BOTANICAL)
    assert decided.certificate is failing
    reviewed = replace(newer, verified_by="doc", verified_at=T0 + timedelta(hours=3))
    decided = decide_for([failing, reviewed], "olive", judge, Decimal(6), BOTANICAL)
    assert decided.certificate is reviewed


def test_no_certificate_that_counts_decides_nothing() -> None:
    decided = decide_for([stored("fail", "pat", 0)], "olive", FakeJudge(), None, BOTANICAL)
    assert (decided.certificate, decided.verdict, decided.counted) == (None, None, ())
