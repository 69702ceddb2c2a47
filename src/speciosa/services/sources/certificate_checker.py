"""Reading and judging a certificate file without storing it: `speciosa coa check` needs nothing
more, and `CertificateService` imports through the same checker."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from speciosa.domain.foundation.errors import PayloadTooLarge
from speciosa.domain.sources.alkaloids import AlkaloidContent, alkaloid_content
from speciosa.domain.sources.analytes import AnalyteCatalogue, parse_analyte_catalogue
from speciosa.domain.sources.certificate import Certificate, measure_all
from speciosa.domain.sources.findings import Verdict
from speciosa.domain.sources.profile import MicrobialCategory, StandardsProfile
from speciosa.domain.sources.profile_rows import parse_standards_profile
from speciosa.domain.sources.verdict import judge_certificate
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.ports.outside import CertificateReader

MAX_FILENAME = 200


@dataclass(frozen=True)
class CoaCheck:
    certificate: Certificate
    verdict: Verdict
    alkaloids: AlkaloidContent


class CertificateChecker:
    """Reads and judges certificates without storage: `speciosa coa check` needs nothing more."""

    def __init__(
        self, reader: CertificateReader, reference: ReferenceCatalogue, max_bytes: int
    ) -> None:
        self._reader = reader
        self._max_bytes = max_bytes
        # Parsed once at start-up: a malformed reference row fails bootstrap, not a request.
        self.analytes: AnalyteCatalogue = parse_analyte_catalogue(
            reference.table("analyte_synonyms").rows
        )
        self.profile: StandardsProfile = parse_standards_profile(reference.table("coa_limits").rows)

    def read(self, filename: str, content: bytes) -> Certificate:
        if len(content) > self._max_bytes:
            mb = self._max_bytes / (1024 * 1024)
            raise PayloadTooLarge(
                f"The file is larger than the {mb:g} MB a certificate may be.", field="file"
            )
        return self._reader.read(filename[:MAX_FILENAME], content)

    def judge(
        self,
        certificate: Certificate,
        daily_grams: Decimal | None = None,
        category: MicrobialCategory = MicrobialCategory.DRIED_BOTANICAL,
        serving_grams: Decimal | None = None,
    ) -> Verdict:
        return judge_certificate(
            certificate,
            self.analytes,
            self.profile,
            daily_grams=daily_grams,
            category=category,
            serving_grams=serving_grams,
        )

    def alkaloids_of(self, certificate: Certificate) -> AlkaloidContent:
        return alkaloid_content(measure_all(certificate, self.analytes))

    def check(
        self,
        filename: str,
        content: bytes,
        daily_grams: Decimal | None = None,
        category: MicrobialCategory = MicrobialCategory.DRIED_BOTANICAL,
        serving_grams: Decimal | None = None,
    ) -> CoaCheck:
        """Read and judge a file without storing anything."""
        certificate = self.read(filename, content)
        return CoaCheck(
            certificate,
            self.judge(certificate, daily_grams, category, serving_grams),
            self.alkaloids_of(certificate),
        )
