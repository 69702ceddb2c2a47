"""Field codes in words: the one place where a form or API field's code (`taken_at`,
`reduction_pct`, `pulse_bpm`) gets the label a person reads in an error message.

`DomainError` passes every message through `name_fields_in_words`, so a rule may name a field by
its code (which the API's problem+json still carries in `field`) and every reader — web page,
API `detail`, command line — sees the words. A code followed by a parenthesis that restates it
(`pulse_bpm (Resting pulse rate)`) keeps only the label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FIELD_LABELS: Mapping[str, str] = {
    # Check-ins, doses, withdrawal
    "taken_at": "time taken",
    "last_use_at": "time of last use",
    "pulse_bpm": "pulse rate (beats per minute)",
    "backdate_reason": "reason for the earlier time",
    # Taper plans
    "start_date": "start date",
    "unit_step": "smallest dose step",
    "reduction_pct": "reduction (%)",
    "every_days": "days between reductions",
    "hold_instrument": "scale that holds a reduction",
    "hold_min_rise": "rise that holds a reduction",
    "hold_window_days": "days the rise is measured over",
    "hold_days": "days a reduction is held",
    # Products and lab certificates
    "typical_doses_per_day": "typical doses per day",
    "grams_per_unit": "grams per unit",
    "grams_per_ml": "grams per mL",
    "mitragynine_pct": "mitragynine (%)",
    "hydroxymitragynine_pct": "7-hydroxymitragynine (%)",
    "daily_grams": "grams per day",
    "max_daily_grams": "most grams per day",
    "dose_mg": "dose (mg)",
    "doses_per_day": "doses per day",
    "mcg_per_hour": "micrograms per hour",
    "sample_grams": "sample weight (grams)",
    "tested_on": "test date",
    "batch_id": "batch",
    "purchase_id": "purchase",
    "checkin_id": "check-in",
    # Accounts
    "current_password": "current password",
    "new_password": "new password",
}

# A code as a whole word (not part of a longer code or a dotted path like answers.pulse_bpm's
# "answers." prefix, which is dropped with it), optionally followed by a restating parenthesis.
_CODE = re.compile(
    r"(?<![\w-])(?:answers\.)?(" + "|".join(map(re.escape, FIELD_LABELS)) + r")(?![\w-])"
    r"(?P<aside> \([^()]*\))?"
)
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)$")


def label_for(code: str) -> str:
    """The words for a field code (`answers.pulse_bpm` too); the code itself when unknown."""
    key = code.removeprefix("answers.")
    return FIELD_LABELS.get(key, key.replace("_", " "))


def name_fields_in_words(message: str) -> str:
    """Every known field code in `message` replaced by its label; capitalised where a sentence
    starts with it."""

    def words(match: re.Match[str]) -> str:
        label = FIELD_LABELS[match.group(1)]
        if _SENTENCE_START.search(message[: match.start()]):
            return label[:1].upper() + label[1:]
        return label

    return _CODE.sub(words, message)
