"""Issue 16, the clinician's side, through the web pages on SQLite and PostgreSQL: check-in notes
on the person page, timeline and report; the dashboard's search and filters, counts by severity,
a silence that stays visible after its alert is acknowledged, several alerts acknowledged with
one note (all or none); the COWS form's assessment time, back-dating reason and flowsheet; the
report window starting at the first record; field codes in words."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind, Severity
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.reports.dashboard import CaseloadFilter
from speciosa.services.withdrawal.checkins import NewCheckIn
from tests.conftest import NOW, make_user, web_sign_in
from tests.integration.test_reports_web_api import counted_queries, raise_alert
from tests.support.database import unit_of_work
from tests.support.report_world import (
    OTHER_NAME,
    PERSON_NAME,
    ReportWorld,
    build_report_world,
    cows_answers,
    sows_answers,
)


@pytest.fixture
def world(services: Services, clock: FixedClock) -> ReportWorld:
    return build_report_world(services, clock)


def test_a_checkin_note_reaches_the_person_page_timeline_and_report(
    world: ReportWorld, client: TestClient
) -> None:
    web_sign_in(client, world.clinician)
    base = f"/clinic/persons/{world.person.id}"
    for path in (base, f"{base}/timeline", f"{base}/report"):
        html = client.get(path).text
        assert "felt shaky" in html, path
    assert "Notes written with check-ins" in client.get(f"{base}/report").text
    assert "self-report; note: “felt shaky”" in client.get(f"{base}/timeline").text


def test_the_dashboard_marks_a_recent_note_counts_by_severity_and_searches(
    world: ReportWorld, client: TestClient
) -> None:
    services = world.services
    raise_alert(services, world.other.id, AlertKind.RED_FLAG, "Red flag reported: chest pain")
    clinician = world.actor(world.clinician)
    with counted_queries(services) as statements:
        loaded = services.dashboard.load(clinician)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 4  # ranked in SQL; no query per row (docs/benchmarks.md)
    rows = {r.person.name: r for r in loaded.rows}
    latest = rows[PERSON_NAME].latest_note
    assert latest is not None
    assert latest.note == "felt shaky"
    assert rows[OTHER_NAME].person.counts[Severity.HIGH] >= 1
    web_sign_in(client, world.clinician)
    html = client.get("/clinic").text
    assert "“felt shaky”" in html
    assert re.search(r'class="count severity-high">\d+ high<', html)
    # Search by part of a name, in any case; filter by the lead alert's severity.
    only = client.get("/clinic", params={"q": OTHER_NAME.split()[-1].upper()}).text
    assert OTHER_NAME in only
    assert PERSON_NAME not in only.split('id="bulk-ack"')[1]
    high = services.dashboard.load(clinician, wanted=CaseloadFilter(severity=Severity.HIGH))
    assert {r.person.name for r in high.rows} >= {OTHER_NAME}
    assert all(r.person.rank <= 1 for r in high.rows)
    low = services.dashboard.load(clinician, wanted=CaseloadFilter(severity=Severity.LOW))
    assert OTHER_NAME not in {r.person.name for r in low.rows}
    nobody = client.get("/clinic", params={"q": "zz-no-such-name"}).text
    assert "No one matches." in nobody
    bad = client.get("/clinic", params={"severity": "purple"})
    assert bad.status_code == 422
    assert "Severity must be one of high, medium, low" in bad.text


def test_several_alerts_are_acknowledged_with_one_note_all_or_none(
    world: ReportWorld, client: TestClient
) -> None:
    services = world.services
    first = raise_alert(services, world.person.id, AlertKind.TAPER_HOLD, "Held 1")
    second = raise_alert(services, world.other.id, AlertKind.DARKENING, "Darker 2")
    outsider = make_user(services, Role.PERSON, "Not Shared")
    hidden = raise_alert(services, outsider.id, AlertKind.RED_FLAG, "Not yours")
    csrf = web_sign_in(client, world.clinician)
    refused = client.post(
        "/clinic/alerts/acknowledge",
        data={"csrf_token": csrf, "alert_id": [first, hidden], "note": "Batch"},
    )
    assert refused.status_code == 404
    with unit_of_work(services, read_only=True) as uow:
        still = uow.alerts.get(first)
    assert still is not None
    assert still.open
    done = client.post(
        "/clinic/alerts/acknowledge",
        data={"csrf_token": csrf, "alert_id": [first, second], "note": "Both reviewed at huddle"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/clinic?notice=alerts-acknowledged"
    with unit_of_work(services, read_only=True) as uow:
        acked = [uow.alerts.get(a) for a in (first, second)]
    assert all(a is not None and a.acknowledgement_note == "Both reviewed at huddle" for a in acked)
    empty = client.post("/clinic/alerts/acknowledge", data={"csrf_token": csrf, "note": "x"})
    assert empty.status_code == 422
    assert "Tick at least one alert" in empty.text


def test_a_silence_stays_on_the_dashboard_after_its_alert_is_acknowledged(
    world: ReportWorld, clock: FixedClock
) -> None:
    services = world.services
    clinician = world.actor(world.clinician)
    clock.set(NOW + timedelta(days=services.withdrawal.rules.missed.days + 6))
    loaded = services.dashboard.load(clinician)
    row = next(r for r in loaded.rows if r.person.person_id == world.person.id)
    missed = [a for a in row.person.alerts if a.kind is AlertKind.MISSED_CHECKIN]
    assert len(missed) == 1
    services.alerts.acknowledge_many(clinician, [a.id for a in row.person.alerts], "Called")
    again = services.dashboard.load(clinician)
    row = next(r for r in again.rows if r.person.person_id == world.person.id)
    assert row.person.alerts == ()
    assert row.person.silent_since is not None
    assert row.person.rank == 6  # still ranked as a missed check-in
    assert row.person.reason.startswith("Missed check-ins: still no check-in since")
    # The database ranks it too: it counts as needing attention, matches the "low" filter,
    # and is not among those with open alerts.
    low = services.dashboard.load(clinician, wanted=CaseloadFilter(severity=Severity.LOW))
    assert world.person.id in {r.person.person_id for r in low.rows}
    opened = services.dashboard.load(clinician, wanted=CaseloadFilter(open_only=True))
    assert world.person.id not in {r.person.person_id for r in opened.rows}
    others = sum(1 for r in again.rows if r.person.alerts or r.person.silent_since)
    assert again.needing_attention == others
    # It resolves with the next check-in.
    services.checkins.record(
        world.actor(world.person),
        NewCheckIn(id=str(uuid.uuid4()), instrument="sows", answers=sows_answers(3, services)),
    )
    resolved = services.dashboard.load(clinician)
    row = next(r for r in resolved.rows if r.person.person_id == world.person.id)
    assert row.person.silent_since is None
    assert row.person.reason == "No open alerts."


def cows_form(fields: dict[str, object], csrf: str, **extra: str) -> dict[str, str]:
    data = {k: str(v) for k, v in fields.items()}
    return data | {"csrf_token": csrf, "id": str(uuid.uuid4())} | extra


def test_cows_time_backdating_reason_and_flowsheet(world: ReportWorld, client: TestClient) -> None:
    services = world.services
    csrf = web_sign_in(client, world.clinician)
    path = f"/clinic/persons/{world.person.id}/checkin/cows"
    form = client.get(path)
    assert 'name="taken_at"' in form.text
    assert 'name="backdate_reason"' in form.text
    assert "data-live-total" in form.text
    # The report world's COWS (yesterday, with its reason) is the flowsheet's first column.
    assert "Scored on paper at the visit" in form.text
    earlier = (NOW - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(path, data=cows_form(cows_answers(services), csrf, taken_at=earlier))
    assert refused.status_code == 422
    assert "reason for the earlier time" in refused.text
    assert "backdate_reason" not in refused.text.split('id="form-error"')[1].split("</p>")[0]
    saved = client.post(
        path,
        data=cows_form(
            cows_answers(services), csrf, taken_at=earlier, backdate_reason="Night round on paper"
        ),
    )
    assert saved.status_code == 200  # followed to the person page
    stored = [
        c
        for c in services.checkins.page(world.actor(world.clinician), world.person.id).items
        if c.instrument == "cows"
    ]
    assert stored[0].backdate_reason == "Night round on paper"
    assert stored[0].taken_at == (NOW - timedelta(hours=3)).replace(second=0, microsecond=0)
    sheet = client.get(path).text.split('id="flowsheet"')[1]
    assert sheet.count("<time ") == 2
    assert "Night round on paper" in sheet
    # Now, without a reason: fine.
    now_form = cows_form(cows_answers(services), csrf)
    assert client.post(path, data=now_form, follow_redirects=False).status_code == 303


def test_the_report_window_starts_at_the_first_record(world: ReportWorld) -> None:
    report = world.services.reports.build(world.actor(world.clinician), world.person.id, 90)
    first = min(c.taken_at for c in report.checkins).astimezone(report.tz).date()
    assert report.period.start == first
    assert report.period.days < 90


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("taken_at cannot be in the future.", "Time taken cannot be in the future."),
        ("reduction_pct must be more than 0.", "Reduction (%) must be more than 0."),
        (
            "pulse_bpm (Resting pulse rate) must be whole beats per minute.",
            "Pulse rate (beats per minute) must be whole beats per minute.",
        ),
        (
            "Give either pulse or pulse_bpm, not both.",
            "Give either pulse or pulse rate (beats per minute), not both.",
        ),
        ("every_days must be a whole number.", "Days between reductions must be a whole number."),
        ("other_code stays.", "other_code stays."),
    ],
)
def test_error_messages_name_fields_in_words(message: str, words: str) -> None:
    assert InvalidInput(message, field="x").detail == words


def test_a_clinician_rated_assessment_backdated_over_an_hour_needs_a_reason(
    services: Services,
) -> None:
    person = make_user(services, Role.PERSON, "Pat")
    clinician = make_user(services, Role.CLINICIAN, "Dr C")
    services.consent.grant(Actor(person.id, Role.PERSON), clinician.id)
    doctor = Actor(clinician.id, Role.CLINICIAN, "Dr C")
    new = NewCheckIn(
        id=str(uuid.uuid4()),
        instrument="cows",
        answers=cows_answers(services),
        person_id=person.id,
        taken_at=NOW - timedelta(hours=2),
    )
    with pytest.raises(InvalidInput) as caught:
        services.checkins.record(doctor, new)
    assert caught.value.field == "backdate_reason"
    assert "backdate_reason" not in caught.value.detail
    # Within the hour: no reason needed, none stored.
    recent = services.checkins.record(
        doctor, NewCheckIn(**(vars(new) | {"id": str(uuid.uuid4()), "taken_at": NOW}))
    )
    assert recent.checkin.backdate_reason == ""
