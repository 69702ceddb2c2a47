"""The features a person's report asks (`ReportSources`) and the sections built from their rules:
each check-in with its items' wording, each purchase's certificate verdict and recalls, and the
skin trends."""

from __future__ import annotations

from dataclasses import dataclass

from speciosa.domain.pigmentation.records import SkinPhotoRecord
from speciosa.domain.pigmentation.rules import PigmentationRules
from speciosa.domain.pigmentation.trend import SiteTrend, assess_trend, site_pair_key
from speciosa.domain.reports.period import ReportAnswer, ReportCheckIn, ReportCoa, ReportMeasurement
from speciosa.domain.sources.recalls import match_recalls
from speciosa.domain.withdrawal.checkins import CheckIn
from speciosa.domain.withdrawal.instruments.catalogue import InstrumentCatalogue
from speciosa.domain.withdrawal.instruments.definitions import Instrument
from speciosa.services.dosing.history import DosingHistory
from speciosa.services.dosing.tapers import TaperService
from speciosa.services.pigmentation.photos import PigmentationService
from speciosa.services.ports.unit_of_work import UnitOfWork
from speciosa.services.precautions.person_precautions import PrecautionsService
from speciosa.services.precautions.red_flags import RedFlagService
from speciosa.services.sources.batch_verdicts import decide_purchase
from speciosa.services.sources.certificates import CertificateService
from speciosa.services.sources.products import ProductService
from speciosa.services.withdrawal.course import WithdrawalService


@dataclass(frozen=True)
class ReportSources:
    """The features' services a report (and the clinical record built on it) asks: their
    query methods that run inside the report's one transaction, and their public rules."""

    instruments: InstrumentCatalogue
    withdrawal: WithdrawalService
    certificates: CertificateService
    products: ProductService
    precautions: PrecautionsService
    red_flags: RedFlagService
    pigmentation: PigmentationService
    doses: DosingHistory
    tapers: TaperService


def report_checkin(instrument: Instrument, checkin: CheckIn) -> ReportCheckIn:
    """A stored check-in with each scored item's wording; measurements kept apart."""
    answers = []
    for item in instrument.items:
        score = checkin.answers.get(item.id)
        if score is None:
            continue
        option = item.option_for(score)
        answers.append(ReportAnswer(item.id, item.text, score, option.text if option else ""))
    measurements = tuple(
        ReportMeasurement(m.id, checkin.measurements[m.id], m.unit)
        for m in instrument.measurements
        if m.id in checkin.measurements
    )
    band = instrument.band_for(checkin.total)
    return ReportCheckIn(
        id=checkin.id,
        instrument=instrument.name,
        taken_at=checkin.taken_at,
        total=checkin.total,
        max_total=instrument.max_total,
        band=band.described if band else (checkin.band or ""),
        answers=tuple(answers),
        measurements=measurements,
        note=checkin.note,
        rated_by_clinician=checkin.recorded_by != checkin.person_id,
    )


def report_coas(
    uow: UnitOfWork, certificates: CertificateService, products: ProductService, person_id: str
) -> list[ReportCoa]:
    """Each purchase's batch judged by its newest certificate at the person's daily amount
    (the rule the products page applies), with any recall that covers it."""
    result = []
    for purchase in products.purchases_in(uow, person_id):
        label = certificates.batch_label(uow, purchase.batch_id)
        if label is None:
            continue
        decided = decide_purchase(
            uow,
            label.batch.id,
            purchase.person_id,
            certificates.judge,
            purchase.max_daily_grams,
            label.product.microbial_category,
        )
        newest, verdict = decided.certificate, decided.verdict
        recalls = match_recalls(
            products.recalls,
            vendor=label.vendor.name,
            product=label.product.name,
            lot=label.batch.lot,
        )
        result.append(
            ReportCoa(
                product=label.text,
                current=purchase.current,
                verdict=verdict.kind.value if verdict else "none",
                tested_on=newest.certificate.tested_on if newest else None,
                uploaded_at=newest.uploaded_at if newest else None,
                certificate_id=newest.id if newest else None,
                reasons=tuple(f"{f.analyte}: {f.explanation}" for f in verdict.reasons)
                if verdict
                else (),
                recalls=tuple(m.sentence for m in recalls if m.alerts),
            )
        )
    return result


def skin_trends(records: list[SkinPhotoRecord], rules: PigmentationRules) -> list[SiteTrend]:
    """One trend per site pair of calibrated photos (the rule the skin pages apply)."""
    groups: dict[str, list[SkinPhotoRecord]] = {}
    for record in records:
        groups.setdefault(site_pair_key(record.site, record.reference_site), []).append(record)
    trends = []
    for group in groups.values():
        photos = [p for p in (r.trend_photo() for r in group) if p is not None]
        if photos:
            last = group[-1]
            trends.append(assess_trend(last.site, last.reference_site, photos, rules))
    return sorted(trends, key=lambda t: t.sessions[-1].day, reverse=True)
