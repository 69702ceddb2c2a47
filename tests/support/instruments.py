"""Instrument item ids as the issue #3 contract names them, shared by the tests.

`tests/unit/domain/test_instruments.py` checks these against the reference tables, so a test
that posts answers with these ids cannot drift from what the instruments accept.
"""

from __future__ import annotations

SOWS_ITEMS: tuple[str, ...] = (
    "anxious",
    "yawning",
    "perspiring",
    "teary_eyes",
    "runny_nose",
    "goosebumps",
    "shaking",
    "hot_flushes",
    "cold_flushes",
    "aching",
    "restless",
    "nauseous",
    "vomiting_urge",
    "muscle_twitch",
    "stomach_cramps",
    "urge_to_use",
)
