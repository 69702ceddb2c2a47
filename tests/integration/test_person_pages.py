"""Issue 16 (person side) without JavaScript: every missing check-in answer listed at once in the
question's words; cravings and sleep stored once beside a re-sent check-in; a queued (back-dated)
check-in keeps its time; "who looked" in words with own reads hidden; download my data as
spreadsheet-safe CSV and as JSON; the reminder feed (regenerate, revoke); the share prompt; the
installable app's manifest and service worker at the site root."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta

import icalendar
from fastapi.testclient import TestClient

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from tests.conftest import NOW, make_user, web_sign_in
from tests.support.instruments import SOWS_ITEMS


def _checkin(client: TestClient, csrf: str, **extra: str) -> dict[str, str]:
    return dict.fromkeys(SOWS_ITEMS, "1") | {"csrf_token": csrf, "id": str(uuid.uuid4())} | extra


def test_six_gaps_are_listed_at_once_in_the_questions_words(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Gap Person")
    csrf = web_sign_in(client, person)
    sows = services.checkins.instruments.get("sows")
    skipped = list(sows.items[:6])
    data = _checkin(client, csrf)
    for item in skipped:
        del data[item.id]
    page = client.post("/me/checkin", data=data | {"cravings": "12"})
    assert page.status_code == 422
    listed = re.findall(r'<li><a href="#q-([a-z_]+)">([^<]+)</a></li>', page.text)
    assert listed == [(item.id, item.text) for item in skipped]
    assert "Please answer these 6 questions before saving:" in page.text
    assert "Choose a number from 0 to 10" in page.text  # the optional question's problem too
    assert page.text.count('class="item invalid"') == 6
    assert services.checkins.page(Actor(person.id, Role.PERSON), person.id).items == []


def test_cravings_and_sleep_are_stored_once_and_the_queued_time_is_kept(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Sleep Person")
    actor = Actor(person.id, Role.PERSON)
    csrf = web_sign_in(client, person)
    made = (NOW - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")  # queued three hours ago (UTC)
    data = _checkin(client, csrf, cravings="6", sleep_quality="fairly_bad", taken_at=made)
    for _ in range(3):  # the first send, a lost answer, a replay from the queue
        sent = client.post("/me/checkin", data=data, follow_redirects=False)
        assert sent.status_code == 303
    (checkin,) = services.checkins.page(actor, person.id).items
    assert checkin.taken_at == (NOW - timedelta(hours=3)).replace(second=0, microsecond=0)
    assert checkin.total == 16  # cravings and sleep never reach the SOWS total
    (answers,) = services.wellbeing.recent(actor, person.id)
    assert (answers.cravings, answers.sleep_words) == (6, "Fairly bad")
    assert "cravings 6/10; slept fairly bad" in client.get("/me").text
    clinician = make_user(services, Role.CLINICIAN, "Dr Sleep")
    services.consent.grant(actor, clinician.id)
    doctor = TestClient(client.app)
    web_sign_in(doctor, clinician)
    page = doctor.get(f"/clinic/persons/{person.id}").text
    assert "Cravings and sleep" in page
    assert "cravings 6/10; slept fairly bad" in page


def test_who_looked_reads_in_words_and_hides_own_reads(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Watched Person")
    clinician = make_user(services, Role.CLINICIAN, "Dr Rivera")
    services.consent.grant(Actor(person.id, Role.PERSON), clinician.id)
    doctor = Actor(clinician.id, Role.CLINICIAN, "Dr Rivera")
    for _ in range(3):
        services.checkins.page(doctor, person.id)
    csrf = web_sign_in(client, person)
    client.post("/me/checkin", data=_checkin(client, csrf))
    page = client.get("/me/audit").text
    assert f"Dr Rivera viewed your check-ins, 3 times on {NOW:%d %b %Y}." in page
    assert "You " not in page
    assert "checkins" not in page
    mine = client.get("/me/audit?mine=1").text
    assert f"You recorded a check-in, once on {NOW:%d %b %Y}." in mine


def test_download_my_data_is_spreadsheet_safe(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Export Person")
    csrf = web_sign_in(client, person)
    note = '=HYPERLINK("http://evil.example","click")'
    client.post("/me/checkin", data=_checkin(client, csrf, note=note, cravings="3"))
    download = client.get("/me/data/checkins.csv")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert rows[0]["note"] == "'" + note
    assert rows[0]["total"] == "16"
    whole = client.get("/me/data/export.json").json()
    assert whole["checkins"][0]["note"] == note  # JSON keeps the text exactly
    assert whole["wellbeing"][0]["cravings_0_to_10"] == 3
    assert client.get("/me/data/passwords.csv").status_code == 404
    assert client.get("/me/data/all.csv").status_code == 404  # everything is the JSON download
    assert "downloaded your data" in client.get("/me/audit?mine=1").text


def test_the_reminder_feed_is_private_regenerable_and_revocable(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Feed Person")
    csrf = web_sign_in(client, person)
    assert "Share your record with a clinician" in client.get("/me").text
    bad = client.post("/me/reminders", data={"csrf_token": csrf, "reminder_time": "25:00"})
    assert bad.status_code == 422
    assert "give a time of day as hours and minutes" in bad.text
    first = client.post("/me/reminders", data={"csrf_token": csrf, "reminder_time": "07:45"})
    address = re.search(r'value="(http[^"]+\.ics)"', first.text)
    assert address
    path = address.group(1).removeprefix("http://testserver")
    anonymous = TestClient(client.app)
    feed = anonymous.get(path)
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    (daily,) = [e for e in calendar.events if e.get("RRULE")]
    assert daily.rrules[0]["FREQ"] == ["DAILY"]
    assert daily.decoded("DTSTART").strftime("%H:%M") == "07:45"
    assert person.id not in feed.text.replace(f"daily-checkin-{person.id}", "")
    second = client.post("/me/reminders", data={"csrf_token": csrf, "reminder_time": "08:00"})
    new_path = re.search(r'value="http://testserver([^"]+\.ics)"', second.text)
    assert new_path
    assert anonymous.get(path).status_code == 404  # the old address stops at once
    assert anonymous.get(new_path.group(1)).status_code == 200
    client.post("/me/reminders/revoke", data={"csrf_token": csrf})
    assert anonymous.get(new_path.group(1)).status_code == 404
    assert anonymous.get("/calendar/not-a-secret.ics").status_code == 404


def test_the_app_installs_from_the_site_root(client: TestClient) -> None:
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    body = manifest.json()
    assert body["start_url"] == "/me"
    assert body["display"] == "standalone"
    for icon in body["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200
        assert image.content.startswith(b"\x89PNG")
    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["service-worker-allowed"] == "/"
    assert "/me/checkin" in worker.text
