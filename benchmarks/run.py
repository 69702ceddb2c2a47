"""`make bench`: run every `benchmarks/bench_*.py` module and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import BenchContext, Figure

HERE = Path(__file__).parent


def discover() -> list[str]:
    return sorted(f"benchmarks.{p.stem}" for p in HERE.glob("bench_*.py"))


def render(
    figures: list[Figure],
    started: datetime,
    finished: datetime | None = None,
    loads: tuple[float, float] = (0.0, 0.0),
) -> str:
    minutes = ((finished or started) - started).total_seconds() / 60
    lines = [
        "# Benchmarks",
        "",
        f"One `make bench` run, {started:%Y-%m-%d %H:%M} UTC ({minutes:.0f} min), on "
        f"{platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()}; "
        f"load average {loads[0]:.2f} when it started, {loads[1]:.2f} when it ended. Ratios "
        "compare figures measured in this same run. Figures measured apart from a whole run, "
        "and the changes behind them: docs/benchmark-history.md.",
        "",
        "| benchmark | measure | value | goal | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        met = "—" if f.ok is None else ("yes" if f.ok else "**no**")
        lines.append(f"| {f.benchmark} | {f.name} | {f.value:.3g} {f.unit} | {f.goal} | {met} |")
    notes = [f for f in figures if f.note]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- **{f.benchmark} / {f.name}**: {f.note}" for f in notes]
    missed = [f for f in figures if f.ok is False]
    if missed:
        lines += ["", "## Goals missed", ""]
        lines += [
            f"- {f.benchmark} / {f.name}: {f.value:.3g} {f.unit} against {f.goal}. {f.note}"
            for f in missed
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    parser.add_argument("--only", default="", help="run only modules whose name contains this")
    args = parser.parse_args()
    started = datetime.now(UTC)
    load_at_start = os.getloadavg()[0]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="speciosa-bench-") as work:
        for name in discover():
            if args.only and args.only not in name:
                continue
            module = importlib.import_module(name)
            ctx = BenchContext(work_dir=Path(work) / name, quick=args.quick)
            ctx.work_dir.mkdir(parents=True)
            figures.extend(module.run(ctx))
    text = render(figures, started, datetime.now(UTC), (load_at_start, os.getloadavg()[0]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
