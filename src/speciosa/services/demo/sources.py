"""Demo sources: three fictional vendors, powder and capsule products, batches with lab
certificates (mostly passing; the `failed_coa` story's batch fails on lead), and a current
purchase for every demo person — all through the same services the web, API and CLI use.

Vendor names are invented and marked "(demo)"; none matches a real firm or a recall.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

from speciosa.services.demo.clinic import DemoContext
from speciosa.services.sources.catalogue import NewProduct
from speciosa.services.sources.certificates import CertificateService, CoaUpload
from speciosa.services.sources.products import NewPurchase, ProductService

PASSING_METALS = {"Lead": "0.18", "Arsenic": "0.35", "Cadmium": "0.04", "Mercury": "<0.01"}
FAILED_LEAD_PPM = "3.1"  # above Utah/Rhode Island's 1.2 ppm and USP's 5 µg/day at 2 g/day


@dataclass(frozen=True)
class DemoBatch:
    vendor: str
    product: str
    form: str
    colour: str
    lot: str
    grams_per_unit: str | None = None
    lead_ppm: str = PASSING_METALS["Lead"]
    with_microbial: bool = True


BATCHES = (
    DemoBatch("Green Leaf Botanicals (demo)", "Red Bali", "powder", "red", "GLB-RB-2609"),
    DemoBatch("Green Leaf Botanicals (demo)", "Green Malay", "powder", "green", "GLB-GM-2610"),
    DemoBatch(
        "Green Leaf Botanicals (demo)", "White Borneo", "capsule", "white", "GLB-WB-2610", "0.5"
    ),
    DemoBatch("Riverbend Kratom Co. (demo)", "Green Maeng Da", "powder", "green", "RKC-2608-14"),
    DemoBatch("Riverbend Kratom Co. (demo)", "Red Vein", "capsule", "red", "RKC-2610-02", "0.5"),
    DemoBatch(
        "Riverbend Kratom Co. (demo)",
        "Yellow Vein",
        "powder",
        "yellow",
        "RKC-2611-07",
        with_microbial=False,
    ),
    DemoBatch(
        "Sunrise Herbal Supply (demo)",
        "Red Maeng Da",
        "powder",
        "red",
        "SHS-RMD-2611",
        lead_ppm=FAILED_LEAD_PPM,
    ),
    DemoBatch("Sunrise Herbal Supply (demo)", "White Vein", "powder", "white", "SHS-WV-2610"),
)
FAILING_LOT = "SHS-RMD-2611"


def certificate_json(batch: DemoBatch, tested_on: str, mitragynine: str, hydroxy: str) -> bytes:
    metals = dict(PASSING_METALS, Lead=batch.lead_ppm)
    results = [{"analyte": k, "value": v, "unit": "ppm"} for k, v in metals.items()]
    if batch.with_microbial:
        results += [
            {"analyte": "Total aerobic count", "value": "2.4e4", "unit": "CFU/g"},
            {"analyte": "Yeast & mould", "value": "<100", "unit": "CFU/g"},
            {"analyte": "Salmonella", "value": "absent", "unit": "per 25 g"},
            {"analyte": "E. coli", "value": "absent", "unit": "per 25 g"},
        ]
    results += [
        {"analyte": "Mitragynine", "value": mitragynine, "unit": "%"},
        {"analyte": "7-OH", "value": hydroxy, "unit": "%"},
    ]
    document = {
        "lab": "Example Analytical Labs (demo)",
        "product": f"{batch.vendor} {batch.product}",
        "batch": batch.lot,
        "tested_on": tested_on,
        "results": results,
    }
    return json.dumps(document, indent=2).encode()


class SourcesDemo:
    def __init__(self, products: ProductService, certificates: CertificateService) -> None:
        self._products = products
        self._certificates = certificates
        self._batch_ids: dict[str, str] = {}

    def _id(self, ctx: DemoContext) -> str:
        return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))

    def setup(self, ctx: DemoContext) -> None:
        staff = ctx.clinician.actor
        for index, batch in enumerate(BATCHES):
            label = self._products.add_batch(
                staff,
                NewProduct(
                    vendor=batch.vendor,
                    name=batch.product,
                    form=batch.form,
                    colour=batch.colour,
                    grams_per_unit=batch.grams_per_unit,
                ),
                batch.lot,
            )
            self._batch_ids[batch.lot] = label.batch.id
            tested = (ctx.start - timedelta(days=20 + 9 * index)).date().isoformat()
            mitragynine = f"{1.2 + 0.05 * (index % 5):.2f}"
            content = certificate_json(batch, tested, mitragynine, "0.02")
            self._certificates.import_coa(
                staff,
                CoaUpload(self._id(ctx), f"coa-{batch.lot}.json", content, label.batch.id),
            )

    def on_day(self, ctx: DemoContext, day: int) -> None:
        if day != 0:
            return
        passing = [b.lot for b in BATCHES if b.lead_ppm != FAILED_LEAD_PPM and b.with_microbial]
        for person in ctx.persons:
            lot = (
                FAILING_LOT
                if person.story == "failed_coa"
                else passing[person.index % len(passing)]
            )
            self._products.record_purchase(
                person.account.actor,
                NewPurchase(
                    id=self._id(ctx),
                    batch_id=self._batch_ids[lot],
                    bought_on=ctx.at(0, 9).date(),
                    max_daily_grams=str(ctx.rng.choice((4, 6, 8, 10))),
                ),
            )
