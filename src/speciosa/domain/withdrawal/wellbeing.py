"""Cravings and sleep, asked beside the daily check-in. Neither is part of SOWS: they are never
added to its total, never banded and never raise an alert; they are shown to the person and
their clinician as they were answered.

- Cravings: a single 0–10 self-rating (0 = no craving, 10 = the strongest imaginable), the
  numeric rating scale form used for single-item craving ratings; unscored here.
- Sleep quality: the four answers of the Pittsburgh Sleep Quality Index's overall sleep-quality
  item (Buysse DJ, Reynolds CF, Monk TH, Berman SR, Kupfer DJ. Psychiatry Res 1989;28(2):193–213,
  item 6), asked about last night instead of the past month — so it is not the PSQI either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from speciosa.domain.foundation.errors import InvalidInput

CRAVINGS_MIN = 0
CRAVINGS_MAX = 10
CRAVINGS_QUESTION = "How strong are your cravings right now?"
SLEEP_QUESTION = "How did you sleep last night?"
# The PSQI item-6 answers, best first (key, words).
SLEEP_QUALITY: tuple[tuple[str, str], ...] = (
    ("very_good", "Very good"),
    ("fairly_good", "Fairly good"),
    ("fairly_bad", "Fairly bad"),
    ("very_bad", "Very bad"),
)


@dataclass(frozen=True)
class Wellbeing:
    checkin_id: str
    person_id: str
    cravings: int | None
    sleep_quality: str | None
    recorded_at: datetime

    @property
    def sleep_words(self) -> str:
        return dict(SLEEP_QUALITY).get(self.sleep_quality or "", "")

    @property
    def empty(self) -> bool:
        return self.cravings is None and self.sleep_quality is None


def parse_cravings(raw: str) -> int | None:
    """Blank is "not answered"; anything else must be a whole number from 0 to 10."""
    text = raw.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not CRAVINGS_MIN <= int(text) <= CRAVINGS_MAX:
        raise InvalidInput(
            f"{CRAVINGS_QUESTION} Choose a number from {CRAVINGS_MIN} to {CRAVINGS_MAX}, or leave "
            "it blank.",
            field="cravings",
        )
    return int(text)


def parse_sleep_quality(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if text not in dict(SLEEP_QUALITY):
        words = ", ".join(w.lower() for _, w in SLEEP_QUALITY)
        raise InvalidInput(
            f"{SLEEP_QUESTION} Choose one of: {words}; or leave it blank.", field="sleep_quality"
        )
    return text
