"""`speciosa report pdf --days 90` (issue 8): a person with 90 days of history — a SOWS check-in
every day, a weekly COWS, three kratom doses a day, alerts and notes, all recorded through the
services — rendered to PDF. Measured two ways: the report model plus WeasyPrint in a warm
process (what the web download costs), and the command itself end to end in a fresh process
(interpreter start, imports, bootstrap, the audited export, the PDF, the file). Goal: under 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.harness import BenchContext, Figure
from speciosa.adapters.clock import FixedClock
from speciosa.adapters.pdf.report import render_report_pdf
from speciosa.bootstrap import Services, bootstrap
from speciosa.domain.accounts import Actor, Role
from speciosa.services.accounts import NewUser
from speciosa.services.checkins import NewCheckIn
from speciosa.services.doses import NewDose
from speciosa.settings import Settings

NAME = "report PDF"
GOAL_S = 2.0
PASSWORD = "benchmark password 1"


def seed(services: Services, clock: FixedClock, days: int) -> str:
    now = clock.now()
    person = services.accounts.create_user(
        NewUser(
            email="report.person@example.org",
            role=Role.PERSON,
            password=PASSWORD,
            name="Bench Reportee",
        )
    )
    clinician = services.accounts.create_user(
        NewUser(email="report.clinician@example.org", role=Role.CLINICIAN, password=PASSWORD)
    )
    me = Actor(person.id, Role.PERSON, person.name, "bench")
    doctor = Actor(clinician.id, Role.CLINICIAN, clinician.name, "bench")
    services.consent.grant(me, clinician.id)
    services.withdrawal.set_profile(
        me, None, ["short_acting", "kratom"], now - timedelta(days=days + 2)
    )
    sows = services.checkins.instruments.get("sows")
    cows = services.checkins.instruments.get("cows")
    for day in range(days):
        at = now - timedelta(days=days - day, hours=-9)
        clock.set(at)
        total = max(0, round(24 * 0.97**day))
        answers, left = {}, total
        for item in sows.items:
            answers[item.id] = min(4, left)
            left -= answers[item.id]
        services.checkins.record(
            me, NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=answers, taken_at=at)
        )
        for dose in range(3):
            services.doses.record(
                me,
                NewDose(
                    id=str(uuid.uuid4()),
                    kind="kratom",
                    amount="2",
                    unit="g",
                    taken_at=at - timedelta(hours=dose * 4),
                ),
            )
        if day % 7 == 0:
            cows_answers: dict[str, object] = {i.id: 0 for i in cows.items if i.id != "pulse"}
            cows_answers["pulse_bpm"] = 92
            services.checkins.record(
                doctor,
                NewCheckIn(
                    id=str(uuid.uuid4()),
                    instrument="cows",
                    answers=cows_answers,
                    taken_at=at,
                    person_id=person.id,
                ),
            )
            services.reports.add_note(
                doctor, person.id, str(uuid.uuid4()), f"Week {day // 7} review."
            )
    clock.set(now)
    return person.id


def run(ctx: BenchContext) -> list[Figure]:
    days = 30 if ctx.quick else 90
    data_dir = ctx.work_dir / "data"
    settings = replace(Settings.from_env({}).with_data_dir(data_dir), fast_password_hashing=True)
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
    services = bootstrap(settings, clock=clock)
    try:
        person_id = seed(services, clock, days)
        render_report_pdf(services.reports.export(None, person_id, "pdf", days))  # warm up
        warm = []
        for _ in range(3 if ctx.quick else 7):
            started = time.perf_counter()
            report = services.reports.export(None, person_id, "pdf", days)
            pdf = render_report_pdf(report)
            warm.append(time.perf_counter() - started)
    finally:
        services.close()
    env = os.environ | {"SPECIOSA_DATA_DIR": str(data_dir), "SPECIOSA_DATABASE_URL": ""}
    command = Path(sys.executable).parent / "speciosa"
    cold = []
    for run_number in range(3):
        out = ctx.work_dir / f"report-{run_number}.pdf"
        started = time.perf_counter()
        subprocess.run(
            [
                str(command),
                "report",
                "pdf",
                "--person",
                person_id,
                "--out",
                str(out),
                "--days",
                str(days),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        cold.append(time.perf_counter() - started)
    checkins = len(report.checkins)
    doses = len(report.dosing.doses)
    size = f"{days} days: {checkins} check-ins, {doses} doses, {len(pdf) // 1024} KB"
    return [
        Figure(
            NAME,
            f"report model + PDF, warm process, {days} days (median)",
            statistics.median(warm),
            "s",
            f"< {GOAL_S:g} s",
            statistics.median(warm) < GOAL_S,
            f"{size}; worst of {len(warm)}: {max(warm):.2f} s",
        ),
        Figure(
            NAME,
            f"`speciosa report pdf --days {days}` end to end (median)",
            statistics.median(cold),
            "s",
            f"< {GOAL_S:g} s",
            statistics.median(cold) < GOAL_S,
            f"a fresh process each time (interpreter, imports, bootstrap, audited export, PDF); "
            f"runs: {', '.join(f'{c:.2f}' for c in cold)} s",
        ),
    ]
