"""Parse a PDF in a child process with CPU, memory and wall-clock limits.

PDF parsers can be made to spin or to balloon (a grid of thousands of lines, one compressed
stream shared by every page, nesting without end). The server never parses a PDF itself: the
worker (`pdf_worker`) does, limited to a few CPU seconds and a bounded address space, and is
killed when the wall clock runs out. A refusal says what was wrong and what to do instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from speciosa.domain.foundation.errors import InvalidInput

FIELD = "file"


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int
    megabytes: int
    wall_seconds: float


# A text certificate parses in well under a second; these bounds leave room on a busy machine
# and still answer a hostile file within five seconds.
TEXT_LIMITS = Limits(cpu_seconds=3, megabytes=1024, wall_seconds=3.5)
# OCR renders pages and runs Tesseract (a child of the worker, under the same memory bound).
OCR_LIMITS = Limits(cpu_seconds=60, megabytes=1536, wall_seconds=90.0)


def run_worker(content: bytes, mode: str, limits: Limits) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "speciosa.adapters.coa.pdf_worker",
        mode,
        str(limits.cpu_seconds),
        str(limits.megabytes),
    ]
    try:
        done = subprocess.run(  # noqa: S603 — this interpreter and our own module
            command, input=content, capture_output=True, timeout=limits.wall_seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise InvalidInput(
            f"Reading this PDF took longer than {limits.wall_seconds:g} seconds, far longer than "
            "a lab certificate takes, so it was stopped. If it is a real certificate, export it "
            "again from the lab's site (or print it to PDF) and upload that file.",
            field=FIELD,
        ) from None
    answer = _answer(done.stdout)
    if answer is None or answer.get("refused") == "memory":
        raise InvalidInput(_crash_reason(done.returncode, limits), field=FIELD)
    if "refused" in answer:
        raise InvalidInput(str(answer["refused"]), field=FIELD)
    return answer


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
