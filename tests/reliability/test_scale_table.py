"""The scale benchmark's table (issue 17): each figure at both sizes, then its ratio large/small,
with the goals (p95 ≤ 100 ms and ratio ≤ 1.5 for requests, ≤ 500 MB for the export) judged on
the large size only. Synthetic figures: no database, no timing."""

from __future__ import annotations

from datetime import UTC, datetime

from benchmarks.bench_scale import Measured, figures_of
from benchmarks.run import render

SMALL = Measured(
    "PostgreSQL 2,000×365 d",
    {"seeding time": 100.0, "GET /clinic": 40.0, "export cohort peak RSS": 280.0},
    {"seeding time": "s", "export cohort peak RSS": "MB"},
)
LARGE = Measured(
    "PostgreSQL 20,000×365 d",
    {"seeding time": 1000.0, "GET /clinic": 80.0, "export cohort peak RSS": 290.0},
    SMALL.units,
)


def test_each_figure_comes_at_both_sizes_with_its_ratio() -> None:
    figures = figures_of("PostgreSQL", SMALL, LARGE)
    by_name = {f.name: f for f in figures}
    assert len(figures) == 9
    ratio = by_name["GET /clinic, PostgreSQL ratio large/small"]
    assert (ratio.value, ratio.ok) == (2.0, False)  # 80 / 40 breaks the ≤ 1.5 goal
    assert by_name["GET /clinic, PostgreSQL 20,000×365 d"].ok is True  # 80 ms ≤ 100 ms
    assert by_name["GET /clinic, PostgreSQL 2,000×365 d"].ok is None  # goals: large size only
    assert by_name["export cohort peak RSS, PostgreSQL 20,000×365 d"].ok is True
    assert by_name["seeding time, PostgreSQL ratio large/small"].ok is None  # reported, no goal
    assert by_name["seeding time, PostgreSQL ratio large/small"].value == 10.0


def test_a_small_size_alone_has_no_ratios_and_renders() -> None:
    figures = figures_of("SQLite", SMALL, None)
    assert [f.name for f in figures] == [f"{m}, {SMALL.label}" for m in SMALL.values]
    text = render(figures_of("PostgreSQL", SMALL, LARGE), datetime.now(UTC))
    assert "| scale | GET /clinic, PostgreSQL ratio large/small | 2 × | ≤ 1.5 | **no** |" in text
