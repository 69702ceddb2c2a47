"""The rows of the benchmark dataset, person by person, as plain dicts keyed by column name.

A regional programme's shape (issue 17): one clinician per 50 persons (consent granted), one SOWS
check-in and two kratom doses a day per person, one current purchase of a batch with a lab
certificate, a few alerts, and the audit rows the app would have written for each check-in and
dose. Deterministic for a seed, so two runs of one size hold the same data.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

PERSONS_PER_CLINICIAN = 50
PERSONS_PER_BATCH = 100  # one vendor, product, batch and certificate per 100 persons
DOSES_PER_DAY = 2
SILENT_EVERY = 20  # one person in twenty stopped checking in five days ago
SILENT_DAYS = 5
BANDS = ((0, "none"), (10, "mild"), (20, "moderate"), (64, "severe"))
ALERT_KINDS = ("withdrawal_severe", "withdrawal_rising", "escalation")
TIMEZONES = ("UTC", "America/New_York", "Europe/Berlin")
# The SOWS items (src/speciosa/reference/instrument_sows.yaml): the API re-reads every answer.
SOWS_ITEMS = (
    "anxious", "yawning", "perspiring", "teary_eyes", "runny_nose", "goosebumps", "shaking",
    "hot_flushes", "cold_flushes", "aching", "restless", "nauseous", "vomiting_urge",
    "muscle_twitch", "stomach_cramps", "urge_to_use",
)  # fmt: skip
SOWS_ITEM_MAX = 4

Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class DatasetShape:
    persons: int
    days: int
    now: datetime
    seed: int = 17

    @property
    def clinicians(self) -> int:
        return max(1, -(-self.persons // PERSONS_PER_CLINICIAN))

    @property
    def batches(self) -> int:
        return max(1, -(-self.persons // PERSONS_PER_BATCH))

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=self.days)


def clinician_email(index: int) -> str:
    return f"bench.clinician{index}@example.org"


def person_email(index: int) -> str:
    return f"bench.person{index}@example.org"


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def sows_answers(total: int) -> dict[str, int]:
    """Whole answers 0-4 over the 16 items that add up to `total` (0-64)."""
    full, rest = divmod(total, SOWS_ITEM_MAX)
    return {
        item: SOWS_ITEM_MAX if n < full else (rest if n == full else 0)
        for n, item in enumerate(SOWS_ITEMS)
    }


def _band(total: int) -> str:
    return next(label for upper, label in BANDS if total <= upper)


def _audit(at: datetime, actor: str, role: str, action: str, resource: str, rid: str | None,
           person: str) -> dict[str, Any]:  # fmt: skip
    return {"at": at, "actor_id": actor, "actor_role": role, "action": action,
            "resource": resource, "resource_id": rid, "person_id": person,
            "address": "127.0.0.1", "detail": ""}  # fmt: skip


def catalogue_rows(shape: DatasetShape, clinician_ids: list[str]) -> tuple[Rows, list[str]]:
    """Vendors, products, batches and certificates; returns them and the batch ids."""
    rng = random.Random(shape.seed)
    rows: Rows = {"vendors": [], "products": [], "batches": [], "lab_certificates": []}
    batch_ids = []
    for n in range(shape.batches):
        vendor, product, batch = _id(rng), _id(rng), _id(rng)
        at = shape.start
        rows["vendors"].append({"id": vendor, "name": f"Vendor {n}", "name_key": f"vendor {n}",
                                "website": "", "created_at": at})  # fmt: skip
        rows["products"].append({"id": product, "vendor_id": vendor, "name": "Green Maeng Da",
                                 "name_key": "green maeng da", "form": "powder", "strain": "",
                                 "colour": "green", "grams_per_unit": None, "grams_per_ml": None,
                                 "created_at": at})  # fmt: skip
        rows["batches"].append({"id": batch, "product_id": product, "lot": f"L{n:05d}",
                                "lot_key": f"l{n:05d}", "created_at": at})  # fmt: skip
        mg = f"{rng.uniform(10, 20):.2f}"
        rows["lab_certificates"].append({
            "id": _id(rng), "batch_id": batch, "fingerprint": f"{n:064d}", "lab": "Bench Lab",
            "product": "Green Maeng Da", "batch_label": f"L{n:05d}", "tested_on": at.date(),
            "source_format": "json", "filename": f"coa-{n}.json", "sha256": f"{n:064x}",
            "results": [{"analyte": "mitragynine", "value": mg, "unit": "mg/g", "line": 1}],
            "unreadable": [], "uploaded_by": clinician_ids[n % len(clinician_ids)],
            "uploaded_at": at})  # fmt: skip
        batch_ids.append(batch)
    return rows, batch_ids


def clinician_rows(shape: DatasetShape, password_hash: str) -> tuple[Rows, list[str]]:
    rng = random.Random(shape.seed + 1)
    ids = [_id(rng) for _ in range(shape.clinicians)]
    users = [
        {"id": cid, "email": clinician_email(n), "role": "clinician", "name": f"Clinician {n}",
         "password_hash": password_hash, "created_at": shape.start, "disabled": False}
        for n, cid in enumerate(ids)
    ]  # fmt: skip
    return {"users": users}, ids


def person_rows(
    shape: DatasetShape, index: int, clinician_ids: list[str], batch_ids: list[str], hashed: str
) -> Rows:
    """Every row of person `index`: account, profile, consent, history, alerts, audit."""
    rng = random.Random(shape.seed * 1_000_003 + index)
    pid, start = _id(rng), shape.start
    clinician = clinician_ids[index // PERSONS_PER_CLINICIAN]
    purchase = _id(rng)
    rows: Rows = {
        "users": [{"id": pid, "email": person_email(index), "role": "person",
                   "name": f"Bench Person {index:05d}", "password_hash": hashed,
                   "created_at": start, "disabled": False}],
        "persons": [{"person_id": pid, "programme_start": start.date(),
                     "timezone": TIMEZONES[index % len(TIMEZONES)], "jurisdiction": "US-OR",
                     "research_consent_at": start if index % 2 == 0 else None}],
        "consents": [{"person_id": pid, "clinician_id": clinician, "granted_at": start,
                      "revoked_at": None}],
        "withdrawal_profiles": [{"person_id": pid, "opioids": ["short_acting"],
                                 "last_use_at": start - timedelta(days=1), "updated_at": start,
                                 "updated_by": pid}],
        "purchases": [{"id": purchase, "person_id": pid,
                       "batch_id": batch_ids[index // PERSONS_PER_BATCH], "bought_on": start.date(),
                       "max_daily_grams": None, "current": True, "created_at": start,
                       "stopped_at": None, "fingerprint": purchase.replace("-", "")}],
        "checkins": [], "doses": [], "alerts": [], "audit_events": [],
    }  # fmt: skip
    silent = SILENT_DAYS if index % SILENT_EVERY == 0 else 0
    level = rng.uniform(4, 30)
    grams = rng.uniform(3, 12)
    for day in range(shape.days - silent):
        total = max(0, min(64, round(level * (0.985**day) + rng.uniform(-3, 3))))
        at = start + timedelta(days=day, hours=8, minutes=rng.randint(0, 240))
        cid = _id(rng)
        rows["checkins"].append({
            "id": cid, "person_id": pid, "instrument": "sows",
            "answers": sows_answers(total), "measurements": {}, "total": total,
            "band": _band(total), "taken_at": at, "recorded_at": at, "recorded_by": pid,
            "note": "", "fingerprint": cid[:32]})  # fmt: skip
        rows["audit_events"].append(_audit(at, pid, "person", "create", "checkin", cid, pid))
        dose_grams = max(0.5, grams * (0.99**day))
        for n in range(DOSES_PER_DAY):
            taken = at + timedelta(hours=1 + 8 * n)
            did = _id(rng)
            rows["doses"].append({
                "id": did, "person_id": pid, "kind": "kratom", "taken_at": taken,
                "amount": f"{dose_grams:.1f}", "unit": "g", "grams": f"{dose_grams:.1f}",
                "purchase_id": purchase, "product_label": "Green Maeng Da",
                "mitragynine_mg": f"{dose_grams * 15:.1f}", "hydroxymitragynine_mg": None,
                "drug": "", "route": "oral", "mme": None, "mme_note": "", "note": "",
                "recorded_at": taken, "recorded_by": pid, "fingerprint": did[:32]})  # fmt: skip
            rows["audit_events"].append(_audit(taken, pid, "person", "create", "dose", did, pid))
    for number in range(rng.choice([0, 0, 1, 2, 3])):
        acknowledged = rng.random() < 0.4
        raised = shape.now - timedelta(hours=rng.randint(1, 24 * shape.days))
        kind = ALERT_KINDS[number % len(ALERT_KINDS)]
        rows["alerts"].append({
            "id": _id(rng), "person_id": pid, "kind": kind, "title": f"{kind} {number}",
            "explanation": "Benchmark alert.", "facts": {}, "raised_at": raised,
            "dedupe_key": f"bench:{pid}:{number}", "source_type": None, "source_id": None,
            "acknowledged_at": raised + timedelta(hours=1) if acknowledged else None,
            "acknowledged_by": clinician if acknowledged else None,
            "acknowledgement_note": ""})  # fmt: skip
    return rows


def person_blocks(
    shape: DatasetShape, clinician_ids: list[str], batch_ids: list[str], hashed: str, block: int
) -> Iterator[Rows]:
    """The persons' rows `block` persons at a time, so memory stays bounded at any size."""
    for first in range(0, shape.persons, block):
        merged: Rows = {}
        for index in range(first, min(shape.persons, first + block)):
            for table, rows in person_rows(shape, index, clinician_ids, batch_ids, hashed).items():
                merged.setdefault(table, []).extend(rows)
        yield merged
