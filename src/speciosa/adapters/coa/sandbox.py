"""Parse a PDF in a child process with CPU, memory and wall-clock limits.

PDF parsers can be made to spin or to balloon (a grid of thousands of lines, one compressed
stream shared by every page, nesting without end). The server never parses a PDF itself: the
worker (`pdf_worker`) does, limited to a few CPU seconds and a bounded address space, and is
killed when the wall clock runs out. A refusal says what was wrong and what to do instead.

The wall clock alone cannot tell a hostile file from a busy machine: the worker runs at a lower
priority, so on a loaded machine a real certificate that needs 0.2 s of CPU took 16–24 s of wall
time (measured; docs/coa-reading.md). So when `wall_seconds` have passed the worker is stopped
only if it has itself computed for `busy_cpu_seconds` — a PDF that is expensive, not a machine
that is busy. A worker starved of CPU waits up to `patience_seconds`, then is stopped with a
"server busy" reason rather than blaming the file. RLIMIT_CPU stops any worker at `cpu_seconds`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speciosa.domain.foundation.errors import InvalidInput

FIELD = "file"


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int
    megabytes: int
    wall_seconds: float
    busy_cpu_seconds: float  # past wall_seconds, stopped once it has computed this long
    patience_seconds: float  # stopped whatever it computed: the machine is too busy


# A text certificate of the corpus needs at most 0.37 s of CPU (interpreter start included,
# measured on a loaded machine) and the hostile files are refused by their caps within 1.3 s; so a
# worker still running after 3.5 s with 1 s of CPU behind it is a hostile file, and one with less
# is a starved one. A hostile file is answered within five seconds on a machine that is not
# overloaded.
TEXT_LIMITS = Limits(
    cpu_seconds=3, megabytes=1024, wall_seconds=3.5, busy_cpu_seconds=1.0, patience_seconds=30.0
)
# OCR renders pages and runs Tesseract (a child of the worker, under the same memory bound).
OCR_LIMITS = Limits(
    cpu_seconds=60,
    megabytes=1536,
    wall_seconds=90.0,
    busy_cpu_seconds=30.0,
    patience_seconds=180.0,
)
POLL_SECONDS = 0.1
_TICKS = 100.0  # clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on Linux)


class _Stopped(Exception):
    def __init__(self, busy_machine: bool) -> None:
        self.busy_machine = busy_machine


def run_worker(content: bytes, mode: str, limits: Limits) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "speciosa.adapters.coa.pdf_worker",
        mode,
        str(limits.cpu_seconds),
        str(limits.megabytes),
    ]
    with subprocess.Popen(  # noqa: S603 — this interpreter and our own module
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as child:  # on leaving: its pipes closed and the process reaped
        try:
            stdout = _output_within(child, content, limits)
        except _Stopped as stopped:
            reason = _stopped_reason(stopped.busy_machine, limits)
            raise InvalidInput(reason, field=FIELD) from None
        finally:
            if child.returncode is None:  # stopped, or an error while waiting: never left running
                child.kill()
    answer = _answer(stdout)
    if answer is None or answer.get("refused") == "memory":
        raise InvalidInput(_crash_reason(child.returncode, limits), field=FIELD)
    if "refused" in answer:
        raise InvalidInput(str(answer["refused"]), field=FIELD)
    return answer


def _output_within(child: subprocess.Popen[bytes], content: bytes, limits: Limits) -> bytes:
    """The worker's output; _Stopped (the worker killed) when `stop_reason` says so."""
    started = time.monotonic()
    timeout = limits.wall_seconds
    sent: bytes | None = content
    for _ in range(int(limits.patience_seconds / POLL_SECONDS) + 2):  # bounded by patience
        try:
            stdout, _ = child.communicate(sent, timeout=timeout)
            return stdout
        except subprocess.TimeoutExpired:
            sent, timeout = None, POLL_SECONDS  # the input is sent once; retrying loses nothing
        reason = stop_reason(time.monotonic() - started, cpu_seconds_of(child.pid), limits)
        if reason is not None:
            raise _Stopped(busy_machine=reason == "busy machine")
    raise _Stopped(busy_machine=True)


def stop_reason(elapsed: float, cpu: float | None, limits: Limits) -> str | None:
    """Why a worker still running is stopped now, or None to let it go on: "expensive file"
    past `wall_seconds` with `busy_cpu_seconds` computed (or its CPU unknown), "busy machine"
    past `patience_seconds` whatever it computed."""
    if elapsed >= limits.patience_seconds:
        return "busy machine"
    if elapsed >= limits.wall_seconds and (cpu is None or cpu >= limits.busy_cpu_seconds):
        return "expensive file"
    return None


def cpu_seconds_of(pid: int) -> float | None:
    """CPU seconds the worker and its reaped children (Tesseract) used; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / _TICKS  # utime, stime, cutime, cstime
    except (OSError, IndexError, ValueError):
        return None


def _stopped_reason(busy_machine: bool, limits: Limits) -> str:
    if busy_machine:
        return (
            "The server is too busy to read this PDF now, so it was stopped after "
            f"{limits.patience_seconds:g} seconds. Try again in a few minutes."
        )
    return (
        f"Reading this PDF took longer than {limits.wall_seconds:g} seconds, far longer than "
        "a lab certificate takes, so it was stopped. If it is a real certificate, export it "
        "again from the lab's site (or print it to PDF) and upload that file."
    )


def _answer(stdout: bytes) -> dict[str, Any] | None:
    try:
        answer = json.loads(stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return answer if isinstance(answer, dict) else None


def _crash_reason(returncode: int, limits: Limits) -> str:
    if returncode in (-24, -9, 152, 137):  # SIGXCPU, SIGKILL (from the CPU limit)
        what = f"more than {limits.cpu_seconds} seconds of computing"
    else:
        what = f"more than {limits.megabytes} MB of memory, or it broke the PDF reader"
    return (
        f"Reading this PDF needed {what}; a lab certificate needs a fraction of that, so it was "
        "stopped. If it is a real certificate, export it again from the lab's site (or print it "
        "to PDF) and upload that file."
    )
