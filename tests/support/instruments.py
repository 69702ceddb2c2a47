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

# A valid COWS answer set (Wesson & Ling 2003 item ids; pulse given in bpm).
COWS_ANSWERS = {
    "pulse_bpm": 104,  # 101-120 -> 2
    "sweating": 1,
    "restlessness": 3,
    "pupils": 1,
    "bone_joint_aches": 2,
    "runny_nose_tearing": 1,
    "gi_upset": 2,
    "tremor": 1,
    "yawning": 1,
    "anxiety_irritability": 2,
    "gooseflesh": 0,
}  # total 16 -> moderate


def sows(total: int) -> dict[str, int]:
    """Item scores adding up to `total` (each item 0-4)."""
    answers = dict.fromkeys(SOWS_ITEMS, 0)
    for item in SOWS_ITEMS:
        answers[item] = min(4, total)
        total -= answers[item]
    return answers
