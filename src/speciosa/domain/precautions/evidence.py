"""The evidence registry: every claim of the source article with a grade, a one-paragraph
summary and its citations. Features link to the claims they touch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from speciosa.domain.foundation.errors import NotFound, ReferenceDataError
from speciosa.domain.foundation.reference import ReferenceTable, as_date
from speciosa.domain.precautions import rows as r


class Grade(StrEnum):
    SUPPORTED = "supported"
    MIXED = "mixed"
    LOW = "low"
    VERY_LOW = "very low"
    CASE_REPORTS_ONLY = "case reports only"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"

    @property
    def meaning(self) -> str:
        return GRADE_MEANINGS[self]


GRADE_MEANINGS = {
    Grade.SUPPORTED: "Consistent evidence from controlled studies or many independent sources.",
    Grade.MIXED: "Some evidence for it, with important gaps or evidence against.",
    Grade.LOW: "Low certainty (GRADE): some human evidence, but uncontrolled or indirect.",
    Grade.VERY_LOW: (
        "Very low certainty (GRADE): no controlled human trial; only surveys, case reports "
        "and animal work."
    ),
    Grade.CASE_REPORTS_ONLY: "Individual case reports only; no systematic study.",
    Grade.UNSUPPORTED: "No evidence beyond anecdote, self-report or marketing.",
    Grade.CONTRADICTED: "The evidence points the other way.",
}


@dataclass(frozen=True)
class Claim:
    id: str
    topic: str
    claim: str
    grade: Grade
    summary: str
    source: str
    citations: tuple[str, ...]
    as_of: date
    features: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class EvidenceRegistry:
    claims: tuple[Claim, ...]

    def get(self, claim_id: str) -> Claim:
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise NotFound(f"There is no evidence entry '{claim_id}'.", field="claim")

    def for_feature(self, feature: str) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if feature in c.features)


def parse_evidence(table: ReferenceTable) -> EvidenceRegistry:
    claims = []
    for i, row in enumerate(table.rows):
        at = r.where(table.name, i)
        citations = r.texts(row, "citations", at)
        if not citations:
            raise ReferenceDataError(f"{at}: a claim needs at least one citation.")
        claims.append(
            Claim(
                id=r.text(row, "id", at),
                topic=r.text(row, "topic", at),
                claim=r.text(row, "claim", at),
                grade=Grade(r.choice(row, "grade", at, tuple(g.value for g in Grade))),
                summary=r.text(row, "summary", at),
                source=r.text(row, "source", at),
                citations=citations,
                as_of=as_date(row.get("as_of"), at),
                features=r.texts(row, "features", at),
                note=r.text(row, "note", at, required=False),
            )
        )
    if len({c.id for c in claims}) != len(claims):
        raise ReferenceDataError(f"{table.name}: claim ids must be unique.")
    return EvidenceRegistry(tuple(claims))
