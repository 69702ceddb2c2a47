"""The domain takes the time as an argument: no module may read the clock itself.

import-linter keeps frameworks, I/O and the environment out (pyproject.toml); reading the clock
is a call, not an import, so it is checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import speciosa.domain

CLOCK_READS = re.compile(
    r"\b(datetime\.now|datetime\.utcnow|date\.today|time\.time|"
    r"time\.monotonic|perf_counter|random\.)\b|(?<!def )(?<![\w.])open\("
)


def test_domain_never_reads_the_clock_or_files() -> None:
    root = Path(speciosa.domain.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if CLOCK_READS.search(code):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
