"""Rules for the review of PDF certificates (issue 14): the review, each row's confirmation,
correction and page image, and a clinician's verification for the batch.

A certificate a person uploads stays theirs until a clinician verifies it: only the uploader and
the clinicians they consented to see it (others get 404, as if it did not exist); admins manage
accounts only (403 on pages, 404 through the API, where the record is hidden). Verifying is for
clinicians: persons and admins are refused (403), a clinician without consent cannot see it.
"""

from __future__ import annotations

import uuid

from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CoaUpload
from speciosa.services.sources.products import NewPurchase
from tests.reliability.authorisation import Call, Rule, Who, api_record
from tests.reliability.authorisation.world import World
from tests.support.coa_pdf import make_coa_pdf

PANEL = [("Lead", "0.15", "ppm"), ("Arsenic", "0.3", "ppm"), ("Mitragynine", "1.42", "%")]
PDF = make_coa_pdf(PANEL)

# The owner's own certificate: the owner and the consented clinician reach it.
OWNER_PAGE = {
    Who.ANONYMOUS: 303,
    Who.OTHER_PERSON: 404,
    Who.STRANGER_CLINICIAN: 404,
    Who.ADMIN: 403,
    Who.CLINICIAN: 200,
    Who.OWNER: 200,
}
OWNER_FORM = {**OWNER_PAGE, Who.CLINICIAN: 303, Who.OWNER: 303}
VERIFY_API = {
    Who.ANONYMOUS: 401,
    Who.OTHER_PERSON: 403,
    Who.STRANGER_CLINICIAN: 404,
    Who.ADMIN: 403,
    Who.CLINICIAN: 200,
    Who.OWNER: 403,
}
VERIFY_FORM = {**VERIFY_API, Who.ANONYMOUS: 303, Who.CLINICIAN: 303}


def owner_certificate(
    world: World, name: str, lot: str, filename: str, content: bytes, **purchase: str
) -> str:
    """A certificate the owner uploaded for a new batch they take (not verified); its id."""
    item, _ = world.services.products.record_purchase(
        world.actor_of(Who.OWNER),
        NewPurchase(
            id=str(uuid.uuid4()),
            product=NewProduct(
                vendor="Review Botanicals", name=f"{name} {world.serial()}", form="powder"
            ),
            lot=lot,
            **purchase,  # type: ignore[arg-type]
        ),
    )
    record, _ = world.services.certificates.import_coa(
        world.actor_of(Who.OWNER),
        CoaUpload(str(uuid.uuid4()), filename, content, item.label.batch.id),
    )
    return record.stored.id


def owner_pdf(world: World) -> str:
    """A PDF certificate the owner uploaded for a batch they take (not verified)."""
    return owner_certificate(world, "Red", "LOT-R", "certificate.pdf", PDF, max_daily_grams="6")


def kept_pdf(world: World) -> str:
    return world.kept("owner-pdf", lambda: owner_pdf(world))


def review_path(world: World, _who: Who) -> Call:
    return Call(path={"coa_id": kept_pdf(world)})


def row_path(world: World, _who: Who) -> Call:
    return Call(path={"coa_id": kept_pdf(world), "row": "1"})


def correction(world: World, _who: Who) -> Call:
    return Call(path={"coa_id": kept_pdf(world), "row": "2"}, json={"value": "0.25", "unit": "ppm"})


def correction_form(world: World, _who: Who) -> Call:
    return Call(
        path={"coa_id": kept_pdf(world), "row": "2"},
        form={"action": "correct", "value": "0.25", "unit": "ppm"},
    )


def fresh_json_certificate(world: World, _who: Who) -> Call:
    """Verification changes the certificate for good: a fresh one each time (JSON: its values
    are stated, so it can be verified without a review)."""
    content = b'{"results": [{"analyte": "Lead", "value": 0.1, "unit": "ppm"}]}'
    coa_id = owner_certificate(world, "Green", "LOT-V", "certificate.json", content)
    return Call(path={"coa_id": coa_id})


RULES = [
    # ------------------------------------------------------------------ API
    Rule("GET", "/api/v1/coas/{coa_id}/review", api_record(200), review_path, clinical=True),
    Rule(
        "POST",
        "/api/v1/coas/{coa_id}/rows/{row}/confirm",
        api_record(200),
        row_path,
        clinical=True,
    ),
    Rule(
        "POST",
        "/api/v1/coas/{coa_id}/rows/{row}/correct",
        api_record(200),
        correction,
        clinical=True,
    ),
    Rule("GET", "/api/v1/coas/{coa_id}/rows/{row}/image", api_record(200), row_path, clinical=True),
    Rule("POST", "/api/v1/coas/{coa_id}/verify", VERIFY_API, fresh_json_certificate, clinical=True),
    # ----------------------------------------------------------------- web
    Rule("GET", "/coas/{coa_id}/review", OWNER_PAGE, review_path, clinical=True),
    Rule("POST", "/coas/{coa_id}/rows/{row}", OWNER_FORM, correction_form, clinical=True),
    Rule("GET", "/coas/{coa_id}/rows/{row}/image.png", OWNER_PAGE, row_path, clinical=True),
    Rule("POST", "/coas/{coa_id}/verify", VERIFY_FORM, fresh_json_certificate, clinical=True),
]
