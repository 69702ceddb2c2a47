"""Code systems and URLs used in Speciosa's FHIR R4 (4.0.1) output.

Standard codes are used only where they mean exactly what is recorded:
- SNOMED CT 763699005 "Clinical Opiate Withdrawal Scale score (observable entity)" for the COWS
  total (SNOMED CT International Edition concept 763699005).
- LOINC 8867-4 "Heart rate" for the COWS resting pulse in beats per minute — the code the R4 vital
  signs heart-rate profile fixes (hl7.org/fhir/R4/heartrate.html), with UCUM "/min".
No LOINC code was found for the COWS, SOWS or OOWS totals or items, so none is borrowed: the SOWS
and OOWS totals and every instrument answer use Speciosa's own code systems, which are included
in each Bundle as CodeSystem resources that say so.
"""

from __future__ import annotations

# Canonical base of Speciosa's own definitions. The ".example" name is reserved (RFC 2606): the
# URLs identify; they are not meant to resolve. An installation that publishes its definitions
# replaces this base.
FHIR_BASE = "http://speciosa.example/fhir"
OBSERVATION_CODES = f"{FHIR_BASE}/CodeSystem/withdrawal-scores"
ANSWER_CODES = f"{FHIR_BASE}/CodeSystem/instrument-answers"
QUESTIONNAIRE_BASE = f"{FHIR_BASE}/Questionnaire"
PERSON_IDENTIFIER = f"{FHIR_BASE}/sid/person"
CODE_SYSTEM_VERSION = "1"

SNOMED = "http://snomed.info/sct"
COWS_TOTAL_SNOMED = "763699005"
COWS_TOTAL_DISPLAY = "Clinical Opiate Withdrawal Scale score"
LOINC = "http://loinc.org"
HEART_RATE_LOINC = "8867-4"
UCUM = "http://unitsofmeasure.org"

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
NO_STANDARD_CODE = (
    "Speciosa's own codes, used because no standard code was found for these concepts: no "
    "LOINC code exists for the COWS, SOWS (Handelsman 1987) or OOWS totals or items, and none is "
    "borrowed. The COWS total is coded with SNOMED CT 763699005 where it is reported; this code "
    "system adds codes for what has none."
)
