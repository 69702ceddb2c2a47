"""The FHIR R4 export (issue 18) of the report benchmark's person (90 days: a SOWS check-in a
day, a weekly COWS, three kratom doses a day, notes), in a warm process: the report-only Bundle
as before issue 18 (hand-built dicts) against the complete record built and serialised with the
fhir.resources models (medicine list, taper, flags, notes, Provenance for every resource).
Goal: the complete record under 2 s, as the PDF."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime

from benchmarks.bench_report import seed
from benchmarks.harness import BenchContext, Figure
from speciosa.adapters.clock import FixedClock
from speciosa.adapters.fhir.bundle import to_fhir_bundle
from speciosa.adapters.fhir.record import record_json
from speciosa.bootstrap import bootstrap
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.settings import Settings

NAME = "FHIR export"
GOAL_S = 2.0


def run(ctx: BenchContext) -> list[Figure]:
    days = 30 if ctx.quick else 90
    settings = replace(
        Settings.from_env({}).with_data_dir(ctx.work_dir / "data"), fast_password_hashing=True
    )
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
    services = bootstrap(settings, clock=clock)
    rounds = 3 if ctx.quick else 7
    try:
        person_id = seed(services, clock, days)
        person = Actor(person_id, Role.PERSON, "Bench Reportee", "bench")
        for name in ("Suboxone", "alprazolam", "gabapentin"):
            services.precautions.add_medication(person, None, name)
        json.dumps(record_json(services.clinical_record.export(None, person_id, days)))  # warm
        before, after = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            report = services.reports.export(None, person_id, "fhir", days)
            old = json.dumps(to_fhir_bundle(report), ensure_ascii=False)
            before.append(time.perf_counter() - started)
            started = time.perf_counter()
            record = services.clinical_record.export(None, person_id, days)
            new = json.dumps(record_json(record), ensure_ascii=False)
            after.append(time.perf_counter() - started)
    finally:
        services.close()
    entries = len(json.loads(new)["entry"])
    return [
        Figure(
            NAME,
            f"report-only Bundle as before issue 18, warm process, {days} days (median)",
            statistics.median(before),
            "s",
            note=f"{len(json.loads(old)['entry'])} resources, {len(old) // 1024} KB",
        ),
        Figure(
            NAME,
            f"complete record, fhir.resources models, warm process, {days} days (median)",
            statistics.median(after),
            "s",
            f"< {GOAL_S:g} s",
            statistics.median(after) < GOAL_S,
            f"{entries} resources , {len(new) // 1024} KB; worst of {rounds}: {max(after):.2f} s",
        ),
    ]
