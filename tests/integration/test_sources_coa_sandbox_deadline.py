"""The sandbox's deadline tells an expensive PDF from a busy machine (issue 14, stop 13).

On a loaded machine the low-priority worker reading a real certificate (0.2 s of CPU) took up to
24 s of wall time, and the 3.5 s wall limit refused certificates it reads correctly when quiet.
Past the wall limit a worker is now stopped only when it has itself computed for a while; a
starved worker waits up to the patience limit. Here a tiny wall limit stands in for a machine
slower than any real one, so the behaviour is checked without loading the machine.
"""

from __future__ import annotations

import os

import pytest

from speciosa.adapters.coa.sandbox import (
    TEXT_LIMITS,
    Limits,
    cpu_seconds_of,
    run_worker,
    stop_reason,
)
from speciosa.domain.foundation.errors import InvalidInput
from tests.support.coa_pdf import PASSING_PANEL, make_coa_pdf

L = Limits(
    cpu_seconds=3, megabytes=1024, wall_seconds=3.5, busy_cpu_seconds=1.0, patience_seconds=20.0
)


@pytest.mark.parametrize(
    ("elapsed", "cpu", "expected"),
    [
        (1.0, 0.9, None),  # within the wall limit, whatever it computed
        (3.4, 3.0, None),
        (3.5, 1.0, "expensive file"),  # past it, and it has computed: the file is the cost
        (4.0, 2.9, "expensive file"),
        (4.0, 0.3, None),  # past it, but starved: a busy machine, not a hostile file
        (19.9, 0.99, None),
        (20.0, 0.2, "busy machine"),  # patience ends whatever it computed
        (3.5, None, "expensive file"),  # CPU unknown (not Linux): the wall limit as before
    ],
)
def test_a_worker_is_stopped_for_its_cost_not_for_the_machine_being_busy(
    elapsed: float, cpu: float | None, expected: str | None
) -> None:
    assert stop_reason(elapsed, cpu, L) == expected


def test_the_production_limits_leave_headroom_for_a_real_certificate() -> None:
    # The corpus's costliest certificate needed 0.37 s of CPU on a loaded machine.
    assert TEXT_LIMITS.busy_cpu_seconds >= 2.5 * 0.37
    assert TEXT_LIMITS.wall_seconds < 5.0 <= TEXT_LIMITS.patience_seconds


def test_the_cpu_of_a_running_process_is_read() -> None:
    used = cpu_seconds_of(os.getpid())
    assert used is not None
    assert used > 0


def test_a_certificate_on_a_machine_slower_than_the_wall_limit_is_still_read() -> None:
    slow = Limits(3, 1024, wall_seconds=0.01, busy_cpu_seconds=2.0, patience_seconds=60.0)
    answer = run_worker(make_coa_pdf(PASSING_PANEL), "text", slow)
    assert len(answer["results"]) == len(PASSING_PANEL)


def test_a_worker_that_computes_past_the_wall_limit_is_stopped_as_expensive() -> None:
    expensive = Limits(3, 1024, wall_seconds=0.01, busy_cpu_seconds=0.0, patience_seconds=60.0)
    with pytest.raises(InvalidInput, match=r"took longer than 0\.01 seconds"):
        run_worker(make_coa_pdf(PASSING_PANEL), "text", expensive)


def test_a_starved_worker_is_stopped_at_the_patience_limit_with_the_machine_blamed() -> None:
    starved = Limits(3, 1024, wall_seconds=0.01, busy_cpu_seconds=60.0, patience_seconds=0.01)
    with pytest.raises(InvalidInput, match="server is too busy"):
        run_worker(make_coa_pdf(PASSING_PANEL), "text", starved)
