"""The precautions reference tables (substances, interaction rules, red flags, legal status,
evidence, condition precautions), parsed once at start-up so a malformed row fails start-up.

The composition root hands the parsed tables to `PrecautionsService` and `RedFlagService`; the
`speciosa interactions` commands parse the same tables without opening a database, so a check at
the command line and one in the app apply exactly the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.precautions.conditions import ConditionTable, parse_conditions
from speciosa.domain.precautions.evidence import EvidenceRegistry, parse_evidence
from speciosa.domain.precautions.interactions import InteractionRule, parse_rules
from speciosa.domain.precautions.legal import LegalTable, parse_legal
from speciosa.domain.precautions.red_flags import RedFlagChecklist, parse_red_flags
from speciosa.domain.precautions.rxnorm import EMPTY_RXNORM, RxNormTable, parse_rxnorm_codes
from speciosa.domain.precautions.substances import SubstanceCatalogue, parse_substances
from speciosa.services.foundation.reference import ReferenceCatalogue


@dataclass(frozen=True)
class PrecautionsReference:
    """Every precautions table, parsed once at start-up (a malformed row fails start-up)."""

    substances: SubstanceCatalogue
    rules: tuple[InteractionRule, ...]
    checklist: RedFlagChecklist
    legal: LegalTable
    evidence: EvidenceRegistry
    conditions: ConditionTable
    # RxNorm codes of the substances (issue 18): a coded medicine is checked as its substance.
    rxnorm: RxNormTable = EMPTY_RXNORM


def parse_precautions_reference(reference: ReferenceCatalogue) -> PrecautionsReference:
    """All six tables, in an order where each table is parsed after the ones it refers to."""
    # The interaction rules name substances: an unknown name fails start-up, not a check.
    substances = parse_substances(reference.table("substances"))
    checklist = parse_red_flags(reference.table("red_flags"), reference.table("emergency_contacts"))
    evidence = parse_evidence(reference.table("evidence_claims"))
    return PrecautionsReference(
        substances=substances,
        rules=parse_rules(reference.table("interaction_rules"), substances),
        checklist=checklist,
        legal=parse_legal(reference.table("legal_status")),
        evidence=evidence,
        # Condition precautions point at red flags and evidence claims; a dangling code fails.
        conditions=parse_conditions(
            reference.table("condition_precautions"),
            checklist.codes,
            [c.id for c in evidence.claims],
        ),
        rxnorm=parse_rxnorm_codes(reference.table("rxnorm_codes"), substances),
    )
