"""Review of PDF certificates and the trust rules over HTTP, on SQLite and PostgreSQL.

A person's upload decides only their own purchase; a clinician's verification makes it speak for
the batch; a failing verdict is replaced only by a clinician's review; GET /coas lists only what
the caller may see. A PDF never passes until each of its values is confirmed; a correction keeps
the original reading; confirmations and corrections are audited.
"""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image

from speciosa.adapters.clock import FixedClock
from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor, Role
from speciosa.domain.foundation.alerts import AlertKind
from tests.conftest import api_token, csrf_from, make_user, web_sign_in
from tests.support.coa_pdf import PASSING_PANEL, make_coa_pdf
from tests.support.database import unit_of_work

DATA = Path(__file__).parent.parent / "data" / "coa"
FAILING = (DATA / "failing_lead.csv").read_bytes()
PDF = make_coa_pdf(PASSING_PANEL)


def new_id() -> str:
    return str(uuid.uuid4())


class Clinic:
    """Two persons taking one batch at 6 g a day, and a clinician both consented to."""

    def __init__(self, client: TestClient, services: Services) -> None:
        self.client, self.services = client, services
        self.pat = make_user(services, Role.PERSON, "Pat Person")
        self.olive = make_user(services, Role.PERSON, "Olive Other")
        self.cleo = make_user(services, Role.CLINICIAN, "Cleo Clinician")
        self.headers = {u.id: api_token(client, u) for u in (self.pat, self.olive, self.cleo)}
        for person in (self.pat, self.olive):
            services.consent.grant(Actor(person.id, person.role, person.name), self.cleo.id)
        batch = client.post(
            "/api/v1/batches",
            headers=self.headers[self.cleo.id],
            json={"vendor": "Leafy Co", "name": "White Borneo", "form": "powder", "lot": "WB-9"},
        )
        assert batch.status_code == 201, batch.text
        self.batch_id = batch.json()["id"]
        for person in (self.pat, self.olive):
            bought = client.post(
                "/api/v1/purchases",
                headers=self.headers[person.id],
                json={"id": new_id(), "batch_id": self.batch_id, "max_daily_grams": 6},
            )
            assert bought.status_code == 201, bought.text

    def upload(self, who: str, name: str, content: bytes) -> dict[str, Any]:
        response = self.client.post(
            "/api/v1/coas",
            headers=self.headers[who],
            data={"id": new_id(), "batch_id": self.batch_id},
            files={"file": (name, content)},
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    def verdict_of(self, who: str) -> str | None:
        [item] = self.client.get("/api/v1/purchases", headers=self.headers[who]).json()["items"]
        verdict = item.get("verdict")
        return str(verdict) if verdict is not None else None

    def coa_failed(self, person_id: str) -> int:
        with unit_of_work(self.services, read_only=True) as uow:
            alerts = uow.alerts.for_person(person_id, False)
        return sum(1 for a in alerts if a.kind is AlertKind.COA_FAILED)


def confirm_all(clinic: Clinic, who: str, coa_id: str) -> dict[str, Any]:
    review: dict[str, Any] = {}
    for n in range(1, len(PASSING_PANEL) + 1):
        response = clinic.client.post(
            f"/api/v1/coas/{coa_id}/rows/{n}/confirm", headers=clinic.headers[who]
        )
        assert response.status_code == 200, response.text
        review = response.json()
    return review


def test_a_pdf_is_reviewed_row_by_row_before_it_can_pass(
    client: TestClient, services: Services
) -> None:
    clinic = Clinic(client, services)
    pat = clinic.pat.id
    body = clinic.upload(pat, "coa.pdf", PDF)
    coa_id = body["id"]
    assert body["verdict"] == "incomplete"
    assert body["unconfirmed_rows"] == len(PASSING_PANEL)
    lead = next(f for f in body["findings"] if f["analyte"] == "Lead" and "USP" in f["rule"])
    assert (lead["page"], lead["confirmed"], lead["status"]) == (1, False, "pass")
    assert any("review needed" in f["rule"] for f in body["findings"])

    review = client.get(f"/api/v1/coas/{coa_id}/review", headers=clinic.headers[pat]).json()
    assert [r["analyte"] for r in review["rows"]] == [a for a, _, _ in PASSING_PANEL]
    first = review["rows"][0]
    assert (first["page"], first["confirmed"], len(first["bbox"])) == (1, False, 4)
    image = client.get(first["image"], headers=clinic.headers[pat])
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")

    # A correction keeps the original reading beside it.
    corrected = client.post(
        f"/api/v1/coas/{coa_id}/rows/2/correct",
        headers=clinic.headers[pat],
        json={"value": "0.25", "unit": "ppm"},
    ).json()
    row = corrected["rows"][1]
    assert (row["value"], row["action"], row["original"]) == (
        "0.25", "correct", {"value": "0.3", "unit": "ppm"},
    )  # fmt: skip
    assert corrected["certificate"]["verdict"] == "incomplete"
    empty = client.post(
        f"/api/v1/coas/{coa_id}/rows/2/correct", headers=clinic.headers[pat], json={"value": " "}
    )
    assert empty.status_code == 422
    assert client.post(
        f"/api/v1/coas/{coa_id}/rows/99/confirm", headers=clinic.headers[pat]
    ).status_code in (404, 422)

    done = confirm_all(clinic, pat, coa_id)
    assert done["unconfirmed"] == 0
    assert done["certificate"]["verdict"] == "pass"
    assert all(f["confirmed"] for f in done["certificate"]["findings"])
    assert done["rows"][1]["original"] == {"value": "0.3", "unit": "ppm"}  # kept after confirm
    with unit_of_work(services, read_only=True) as uow:
        details = [
            e.detail for e in uow.audit.for_person(pat, 500) if e.resource == "lab-certificate"
        ]
    assert any("row 2 corrected: 0.25 ppm (read as 0.3 ppm)" in d for d in details)
    assert sum("confirmed" in d for d in details) >= len(PASSING_PANEL)


def test_a_persons_certificate_decides_only_their_purchase_until_a_clinician_verifies(
    client: TestClient, services: Services, clock: FixedClock
) -> None:
    clinic = Clinic(client, services)
    pat, olive, cleo = clinic.pat.id, clinic.olive.id, clinic.cleo.id
    failing = clinic.upload(pat, "failing.csv", FAILING)
    assert failing["verified_for_batch"] is False
    assert (clinic.verdict_of(pat), clinic.verdict_of(olive)) == ("fail", None)
    assert (clinic.coa_failed(pat), clinic.coa_failed(olive)) == (1, 0)
    # Olive does not see Pat's certificate; the clinician does.
    for who, expected in ((olive, 404), (cleo, 200)):
        got = client.get(f"/api/v1/coas/{failing['id']}", headers=clinic.headers[who])
        assert got.status_code == expected
    listed = {
        c["id"] for c in client.get("/api/v1/coas", headers=clinic.headers[olive]).json()["items"]
    }
    assert failing["id"] not in listed
    listed = {
        c["id"] for c in client.get("/api/v1/coas", headers=clinic.headers[cleo]).json()["items"]
    }
    assert failing["id"] in listed

    # A newer passing upload by Pat does not replace the failing verdict …
    clock.set(clock.now() + timedelta(hours=1))
    passing = clinic.upload(pat, "coa.pdf", PDF)
    confirm_all(clinic, pat, passing["id"])
    assert clinic.verdict_of(pat) == "fail"
    # … a clinician's verification of it does, and from then it is everyone's.
    person_verify = client.post(f"/api/v1/coas/{passing['id']}/verify", headers=clinic.headers[pat])
    assert person_verify.status_code == 403
    clock.set(clock.now() + timedelta(hours=1))
    verified = client.post(f"/api/v1/coas/{passing['id']}/verify", headers=clinic.headers[cleo])
    assert verified.status_code == 200, verified.text
    assert verified.json()["certificate"]["verified_for_batch"] is True
    assert (clinic.verdict_of(pat), clinic.verdict_of(olive)) == ("pass", "pass")
    # Verified, Pat can no longer change its values; the clinician can.
    locked = client.post(
        f"/api/v1/coas/{passing['id']}/rows/1/confirm", headers=clinic.headers[pat]
    )
    assert locked.status_code == 403


def test_verifying_needs_every_row_confirmed_and_a_failing_verification_alerts_every_taker(
    client: TestClient, services: Services, clock: FixedClock
) -> None:
    clinic = Clinic(client, services)
    pat, olive, cleo = clinic.pat.id, clinic.olive.id, clinic.cleo.id
    pdf = clinic.upload(pat, "coa.pdf", PDF)
    early = client.post(f"/api/v1/coas/{pdf['id']}/verify", headers=clinic.headers[cleo])
    assert early.status_code == 422
    assert "Confirm or correct every value" in early.json()["detail"]

    failing = clinic.upload(pat, "failing.csv", FAILING)
    assert clinic.coa_failed(olive) == 0
    clock.set(clock.now() + timedelta(minutes=5))
    client.post(f"/api/v1/coas/{failing['id']}/verify", headers=clinic.headers[cleo])
    assert (clinic.verdict_of(olive), clinic.coa_failed(olive)) == ("fail", 1)
    again = client.post(f"/api/v1/coas/{failing['id']}/verify", headers=clinic.headers[cleo])
    assert again.status_code == 200  # idempotent
    assert clinic.coa_failed(olive) == 1


def test_the_json_route_takes_the_test_date_as_text(client: TestClient, services: Services) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    headers = api_token(client, person)
    document: dict[str, Any] = {
        "lab": "Example",
        "tested_on": "2026-09-14",
        "results": [{"analyte": "Lead", "value": 0.1, "unit": "ppm"}],
    }
    body = {"id": new_id(), "certificate": document}
    response = client.post("/api/v1/coas/json", headers=headers, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["tested_on"] == "2026-09-14"
    assert all(f["confirmed"] for f in response.json()["findings"])
    body = {"id": new_id(), "certificate": {**document, "tested_on": "14/09"}}
    refused = client.post("/api/v1/coas/json", headers=headers, json=body)
    assert refused.status_code == 422
    assert "YYYY-MM-DD" in refused.json()["detail"]


def test_the_review_pages_upload_review_and_refuse_an_empty_correction(
    client: TestClient, services: Services
) -> None:
    person = make_user(services, Role.PERSON, "Pat Person")
    token = web_sign_in(client, person)
    uploaded = client.post(
        "/coas/upload",
        data={"csrf_token": token, "upload_id": new_id()},
        files={"file": ("coa.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    review_path = uploaded.headers["location"]
    assert review_path.endswith("/review")  # a PDF goes to its review first
    page = client.get(review_path)
    assert page.status_code == 200
    assert "0 of 10 values" in page.text
    coa = review_path.removesuffix("/review")
    image = client.get(f"{coa}/rows/1/image.png")
    assert (image.status_code, image.headers["content-type"]) == (200, "image/png")
    # For a phone: just the row's name and result, one row high and narrower than the region.
    compare = client.get(f"{coa}/rows/1/image.png?part=compare")
    assert (compare.status_code, compare.headers["content-type"]) == (200, "image/png")
    region_size, compare_size = (Image.open(io.BytesIO(i.content)).size for i in (image, compare))
    assert compare_size[0] < region_size[0]
    assert compare_size[1] < region_size[1] / 2
    assert f'src="{coa}/rows/1/image.png?part=compare"' in page.text
    assert client.get(f"{coa}/rows/1/image.png?part=everything").status_code == 422
    empty = client.post(
        f"{coa}/rows/1",
        data={"csrf_token": csrf_from(page.text), "action": "correct", "value": " "},
        follow_redirects=False,
    )
    assert empty.status_code == 422
    assert "Write the value as the certificate shows it" in empty.text
    confirmed = client.post(
        f"{coa}/rows/1",
        data={"csrf_token": csrf_from(page.text), "action": "confirm"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    assert confirmed.headers["location"].endswith("#row-2")
    assert "1 of 10 values" in client.get(review_path).text


def test_what_the_lab_printed_beside_a_result_is_kept_and_shown_never_judged(
    client: TestClient, services: Services
) -> None:
    """LOQ, LOD, the lab's own limit and its pass/fail travel from the PDF through storage to
    the review (API and page) and the findings; the result alone is judged."""
    from tests.integration.test_sources_coa_pdf_layouts import _elemental_page
    from tests.support import raw_pdf

    clinic = Clinic(client, services)
    pat = clinic.pat.id
    content = raw_pdf.one_page(raw_pdf.text_ops(_elemental_page()))
    coa_id = clinic.upload(pat, "elemental.pdf", content)["id"]
    review = client.get(f"/api/v1/coas/{coa_id}/review", headers=clinic.headers[pat]).json()
    lead = next(r for r in review["rows"] if r["analyte"] == "Lead (Pb)")
    assert (lead["value"], lead["unit"]) == ("0.35", "ppm")
    printed = {"loq": "0.02", "lod": "0.005", "limit": "1.0", "status": "Complies"}
    assert lead["printed"] == printed
    finding = next(
        f for f in review["certificate"]["findings"] if f["analyte"] == "Lead" and f["value"]
    )
    assert finding["value"] == 0.35  # the result, not the LOQ, LOD or the lab's limit
    assert finding["printed"] == printed
    web_sign_in(client, clinic.pat)
    page = client.get(f"/coas/{coa_id}/review").text
    assert "LOQ 0.02 · LOD 0.005 · the lab&#39;s limit 1.0 · the lab says Complies" in page
