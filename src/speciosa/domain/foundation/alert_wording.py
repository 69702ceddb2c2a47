"""Alert texts in clinical words: the names of Speciosa's reference tables ("instrument_sows",
"withdrawal_course") mean nothing to a clinician, so every alert text is shown through
`in_clinical_words`, which names the scale or the expected course instead.

Applied where an alert is drawn (dashboard, person page, report, PDF) as well as where the rules
write it, so alerts stored before the wording changed read the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Longest first, so "withdrawal_course table" wins over "withdrawal_course".
TABLE_WORDS: Mapping[str, str] = {
    "the withdrawal_course table": "the expected withdrawal course",
    "withdrawal_course table": "expected withdrawal course",
    "withdrawal_course": "expected withdrawal course",
    "withdrawal_alert_rules": "Speciosa's withdrawal alert rules",
    "instrument_sows": "SOWS",
    "instrument_cows": "COWS",
    "instrument_oows": "OOWS",
    "interaction_rules": "Speciosa's interaction table",
    "coa_limits": "the published contaminant limits",
    "pigmentation_rules": "Speciosa's skin rules",
    "taper_guidance": "Speciosa's taper guidance",
    "red_flags": "the red-flag list",
}
_TABLE = re.compile("|".join(re.escape(k) for k in sorted(TABLE_WORDS, key=len, reverse=True)))
# Alerts stored before the reference rows cited their primary sources may name a notes file that
# was never part of the repository ("shared/reference/<notes>.md"); it reads as words instead.
_OUTSIDE_NOTES = re.compile(r"(?:\.\./)?shared/reference/[A-Za-z_-]+\.md")
OUTSIDE_NOTES_WORDS = "Speciosa's reference notes"
# "(see SOWS)" after the replacement says nothing: dropped.
_EMPTY_ASIDE = re.compile(r" \(see (?:SOWS|COWS|OOWS)\)")


def in_clinical_words(text: str, course_label: str | None = None) -> str:
    """`text` with every internal reference named in words; the expected course names the opioid
    when `course_label` is given ("expected withdrawal course for short-acting opioids")."""

    def words(match: re.Match[str]) -> str:
        found = TABLE_WORDS[match.group(0)]
        if course_label and found.endswith("expected withdrawal course"):
            return f"{found} for {course_label}"
        return found

    text = _OUTSIDE_NOTES.sub(OUTSIDE_NOTES_WORDS, text)
    return _EMPTY_ASIDE.sub("", _TABLE.sub(words, text))
