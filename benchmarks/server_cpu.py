"""Where a loaded server's time goes, read from the kernel: the CPU seconds of every process in
the server's process group (the uvicorn supervisor and its workers), and the load generator's
own CPU, each divided by the requests served. With both, a benchmark can say what limits its
throughput on this machine — cores spent per request — instead of guessing.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(group: int) -> float:
    """User + system CPU seconds of the live processes in process group `group`."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended meanwhile
        # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


@dataclass(frozen=True)
class CpuShare:
    server_ms: float  # server CPU per request, all its processes
    generator_ms: float  # the load generator's CPU per request (this process)

    def ceiling(self, cores: int) -> float:
        """Requests per second this machine could serve if the CPU alone limited them."""
        spent = self.server_ms + self.generator_ms
        return cores * 1000 / spent if spent else 0.0


class CpuMeter:
    """Started before a load and stopped after it, while the server still runs; the CPU is
    then shared over the requests the caller counts (the rows the load stored, warm-up
    included, as the CPU is)."""

    def __init__(self, group: int) -> None:
        self._group = group
        self._server = group_cpu_seconds(group)
        self._generator = time.process_time()

    def stop(self) -> None:
        self._server = group_cpu_seconds(self._group) - self._server
        self._generator = time.process_time() - self._generator

    def share(self, requests: int) -> CpuShare:
        if requests <= 0:
            return CpuShare(0.0, 0.0)
        return CpuShare(self._server * 1000 / requests, self._generator * 1000 / requests)
