"""Rules for issue 5's routes that address one stored record or upload one: a lab certificate
(by id, by file, as JSON), a person's purchase (read, change) and the web forms for both.

A certificate describes a product, not a person: every person and clinician may read and add
one (admins manage accounts only). Read for a person (`person_id`, or a person's own page) it is
judged at that person's daily amount, which is a read of their record: the caller must be the
person or a clinician they consented to. A purchase is the person's record.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CoaUpload
from speciosa.services.sources.products import NewPurchase
from tests.reliability.authorisation import (
    CLINICIANS,
    PERSONS,
    Call,
    Rule,
    Who,
    api_record,
    api_roles,
    web_roles,
)
from tests.reliability.authorisation.world import World

# A complete, passing certificate (the same file the sources API tests upload).
CERTIFICATE = (Path(__file__).parents[2] / "data" / "coa" / "passing_mixed_units.json").read_bytes()
VENDOR = "Matrix Botanicals"
# Persons and clinicians add and read certificates; admins manage accounts only.
MEMBERS = (*PERSONS, *CLINICIANS)
# A person's page about one of the owner's records: the other person is refused like a stranger.
OWNER_ONLY_PAGE = web_roles(303, Who.OWNER) | {Who.OTHER_PERSON: 404}


def certificate_file() -> dict[str, tuple[str, bytes, str]]:
    return {"file": ("certificate.json", CERTIFICATE, "application/json")}


def product(world: World) -> NewProduct:
    return NewProduct(vendor=VENDOR, name=f"Red Vein {world.serial()}", form="powder")


def owner_purchase(world: World) -> str:
    """A purchase the owner takes now, of a fresh batch; returns its id."""
    purchase_id = str(uuid.uuid4())
    world.services.products.record_purchase(
        world.actor_of(Who.OWNER),
        NewPurchase(id=purchase_id, product=product(world), lot="LOT-1", max_daily_grams="6"),
    )
    return purchase_id


def owner_certificate(world: World) -> str:
    """A certificate of a batch the owner takes now (judged at their 6 g a day)."""
    label = world.services.products.add_batch(
        world.actor_of(Who.CLINICIAN), product(world), f"LOT-{world.serial()}"
    )
    world.services.products.record_purchase(
        world.actor_of(Who.OWNER),
        NewPurchase(id=str(uuid.uuid4()), batch_id=label.batch.id, max_daily_grams="6"),
    )
    record, _ = world.services.certificates.import_coa(
        world.actor_of(Who.CLINICIAN),
        CoaUpload(str(uuid.uuid4()), "certificate.json", CERTIFICATE, label.batch.id),
    )
    return record.stored.id


def certificate_for_owner(world: World, _who: Who) -> Call:
    coa_id = world.kept("certificate", lambda: owner_certificate(world))
    return Call(path={"coa_id": coa_id}, query={"person_id": world.owner.id})


def upload_json(_world: World, _who: Who) -> Call:
    return Call(form={"id": str(uuid.uuid4())}, files=certificate_file())


def upload_form(_world: World, _who: Who) -> Call:
    return Call(form={"upload_id": str(uuid.uuid4())}, files=certificate_file())


def certificate_body(_world: World, _who: Who) -> Call:
    return Call(
        json={
            "id": str(uuid.uuid4()),
            "certificate": {
                "lab": "Example Analytical Labs",
                "batch": "B-1",
                "results": [{"analyte": "Lead", "value": 0.1, "unit": "µg/g"}],
            },
        }
    )


def purchase_path(world: World, _who: Who) -> Call:
    return Call(path={"purchase_id": world.kept("purchase", lambda: owner_purchase(world))})


def stop_purchase_json(world: World, _who: Who) -> Call:
    # A fresh purchase each time, so every allowed caller really changes one (and is audited).
    return Call(path={"purchase_id": owner_purchase(world)}, json={"current": False})


def stop_purchase_form(world: World, _who: Who) -> Call:
    return Call(path={"purchase_id": owner_purchase(world)}, form={"current": "0"})


def new_purchase_form(world: World, _who: Who) -> Call:
    return Call(
        form={
            "purchase_id": str(uuid.uuid4()),
            "vendor": VENDOR,
            "product": f"Green Vein {world.serial()}",
            "form": "powder",
            "lot": "LOT-2",
            "max_daily_grams": "4",
        }
    )


RULES = [
    # ------------------------------------------------------------------ API
    Rule("POST", "/api/v1/coas", api_roles(201, *MEMBERS), upload_json),
    Rule("POST", "/api/v1/coas/json", api_roles(201, *MEMBERS), certificate_body),
    Rule("GET", "/api/v1/coas/{coa_id}", api_record(200), certificate_for_owner, clinical=True),
    Rule("GET", "/api/v1/purchases/{purchase_id}", api_record(200), purchase_path, clinical=True),
    Rule(
        "PATCH",
        "/api/v1/purchases/{purchase_id}",
        api_record(200),
        stop_purchase_json,
        clinical=True,
    ),
    # ----------------------------------------------------------------- web
    Rule("POST", "/coas/upload", web_roles(303, *MEMBERS), upload_form),
    # Each person sees the verdict at their own daily amount; a clinician at the consenting
    # person's (`person_id`), which a clinician without consent may not read.
    Rule(
        "GET",
        "/coas/{coa_id}",
        web_roles(200, *PERSONS, Who.CLINICIAN) | {Who.STRANGER_CLINICIAN: 404},
        certificate_for_owner,
        clinical=True,
    ),
    Rule("POST", "/me/products", web_roles(303, *PERSONS), new_purchase_form, clinical=True),
    Rule("POST", "/me/purchases/{purchase_id}", OWNER_ONLY_PAGE, stop_purchase_form, clinical=True),
]
