"""Sign-in throttling that an attacker cannot turn against the account's owner.

OWASP's Authentication Cheat Sheet warns that a hard account lockout lets anyone deny service to
any account, and the OWASP "Blocking Brute Force Attacks" page proposes device cookies instead.
So there is no lock on an account as such:

- Per (account, where): "where" is the known-device token when the browser or app carries a valid
  one for this account, otherwise the network address. The first `pair_free` failures in the
  window cost nothing; each further attempt must wait a delay that doubles with every failure, up
  to `pair_cap`. Failures from one address never delay the account from another address or from
  a known device.
- Per address (any account, no known device): beyond `address_free` failures in the window the
  address gets a delay that doubles up to `address_cap`, so password spraying is slowed. A
  browser or app that has signed in to the account before (known-device cookie) is exempt, so
  people behind the same network address as an attacker still sign in.
- A throttled attempt is answered 429 with Retry-After before the password is checked, and is not
  counted as a failure (waiting out the delay is all that is asked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    window: timedelta = timedelta(minutes=15)
    pair_free: int = 5
    pair_first_delay: timedelta = timedelta(seconds=1)
    pair_cap: timedelta = timedelta(minutes=15)
    address_free: int = 50
    address_first_delay: timedelta = timedelta(seconds=1)
    address_cap: timedelta = timedelta(minutes=1)


def progressive_wait(
    failures: Iterable[datetime],
    now: datetime,
    *,
    window: timedelta,
    free: int,
    first_delay: timedelta,
    cap: timedelta,
) -> int | None:
    """Whole seconds to wait before the next attempt, or None when one may be made now.

    After `free` failures in `window`, the next attempt may come `first_delay` after the latest
    failure; every further failure doubles that, up to `cap`.
    """
    recent = sorted(t for t in failures if timedelta(0) <= now - t < window)
    extra = len(recent) - free
    if extra < 0:
        return None
    # 2**extra grows without bound; the cap is reached long before it matters (bounded exponent).
    delay = min(cap, first_delay * (2 ** min(extra, 40)))
    release = recent[-1] + delay
    if now >= release:
        return None
    return max(1, int((release - now).total_seconds() + 0.999))


def wait_words(seconds: int) -> str:
    """How long to wait, as a person reads it: "1 second", "40 seconds", "3 minutes"."""
    if seconds == 1:
        return "1 second"
    return f"{seconds} seconds" if seconds < 120 else f"{seconds // 60 + 1} minutes"


def throttle_message(seconds: int) -> str:
    wait = wait_words(seconds)
    return (
        f"Too many failed sign-ins from here. Wait {wait} and try again. "
        "A browser or app you have signed in with before, or another network, is not held up."
    )


def password_change_message(seconds: int) -> str:
    return f"Too many wrong current passwords. Wait {wait_words(seconds)} and try again."
