"""The benchmark interface: every `benchmarks/bench_*.py` module exposes

    def run(ctx: BenchContext) -> list[Figure]

and `python -m benchmarks.run` discovers them, runs each in one process on this machine, and
writes docs/benchmarks.md. Ratios are measured within one run (the machines are noisy), so a
module that compares against a baseline measures both itself.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured number beside its goal. `ok` is None where there is no goal."""

    benchmark: str
    name: str
    value: float
    unit: str
    goal: str = ""
    ok: bool | None = None
    note: str = ""


@dataclass
class BenchContext:
    work_dir: Path
    quick: bool = False  # smaller sizes, for a smoke run in the test suite
    machine: str = field(default_factory=lambda: f"{platform.machine()}, {platform.processor()}")
