"""Password strength with zxcvbn (Dropbox's estimator, Python port `zxcvbn` on PyPI).

zxcvbn estimates how many guesses a password takes from dictionaries of common passwords, names
and words, keyboard patterns, dates, repeats and sequences — a well-kept library instead of a
hand-made list. Score 3 ("safely unguessable: moderate protection from an offline slow-hash
scenario", the library's own README) is the least we accept: Argon2 hashes are slow, but a stolen
database must not give up passwords that are merely common.
"""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn

MIN_SCORE = 3
# zxcvbn refuses longer input (its cost grows with length); a longer password is judged by its
# first 72 characters, which can only understate its strength.
MAX_CHECKED_LENGTH = 72


class ZxcvbnPasswordStrength:
    """Implements `services.ports.outside.PasswordStrength`."""

    def __init__(self, min_score: int = MIN_SCORE) -> None:
        self._min_score = min_score

    def problem(self, password: str, user_inputs: Sequence[str] = ()) -> str | None:
        inputs = [value for value in user_inputs if value][:10]
        result = zxcvbn(password[:MAX_CHECKED_LENGTH], user_inputs=inputs)
        if int(result["score"]) >= self._min_score:
            return None
        feedback = result.get("feedback") or {}
        hints = [str(feedback.get("warning") or "").strip()]
        hints += [str(s).strip() for s in feedback.get("suggestions") or []]
        advice = " ".join(h if h.endswith(".") else f"{h}." for h in hints if h)
        return (
            "This password is too easy to guess. "
            + (advice + " " if advice else "")
            + "A few unrelated words (e.g. four words with spaces) are strong and easy to remember."
        )
