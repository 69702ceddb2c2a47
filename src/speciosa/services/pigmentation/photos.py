"""Skin photos: measure an upload with the person's boxes, store photo and result once per
client id, and follow the affected-minus-reference trend to the darkening alert (issue 7)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from speciosa.domain.foundation.access import Purpose
from speciosa.domain.foundation.accounts import Actor
from speciosa.domain.foundation.audit import AuditAction
from speciosa.domain.foundation.errors import Conflict, InvalidInput, NotFound
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id
from speciosa.domain.pigmentation.ita import ItaCategory, parse_ita_categories
from speciosa.domain.pigmentation.records import (
    DEFAULT_REFERENCE_SITE,
    DEFAULT_SITE,
    MAX_SITE_LENGTH,
    SkinPhotoRecord,
)
from speciosa.domain.pigmentation.regions import Box
from speciosa.domain.pigmentation.rules import (
    ChartReference,
    PigmentationRules,
    parse_chart_reference,
    parse_pigmentation_rules,
)
from speciosa.domain.pigmentation.trend import (
    SiteTrend,
    assess_trend,
    darkening_alert,
    site_pair_key,
)
from speciosa.services.foundation.access import AccessGuard
from speciosa.services.foundation.alerts import AlertService
from speciosa.services.foundation.audit import AuditTrail
from speciosa.services.foundation.reference import ReferenceCatalogue
from speciosa.services.ports.outside import Clock, PhotoStore, SkinPhotoAnalyser
from speciosa.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

RECORD = "skin measurement"


@dataclass(frozen=True)
class PigmentationReference:
    chart: ChartReference
    rules: PigmentationRules
    categories: tuple[ItaCategory, ...]


def load_pigmentation_reference(catalogue: ReferenceCatalogue) -> PigmentationReference:
    """Parsed once at start-up: a malformed row fails start-up, not a request."""
    return PigmentationReference(
        chart=parse_chart_reference(catalogue.table("colorchecker_classic").rows),
        rules=parse_pigmentation_rules(catalogue.table("pigmentation_rules").rows),
        categories=parse_ita_categories(catalogue.table("ita_categories").rows),
    )


@dataclass(frozen=True)
class NewSkinPhoto:
    id: str
    photo: bytes
    roi: Box
    reference_roi: Box | None = None
    site: str = DEFAULT_SITE
    reference_site: str = DEFAULT_REFERENCE_SITE
    uncalibrated: bool = False


@dataclass(frozen=True)
class SuggestedBoxes:
    roi: Box
    reference_roi: Box | None
    site: str
    reference_site: str
    photo_width: int
    photo_height: int


def _site(text: str, default: str, field: str) -> str:
    cleaned = " ".join(text.split()) or default
    if len(cleaned) > MAX_SITE_LENGTH:
        raise InvalidInput(
            f"Name the site in at most {MAX_SITE_LENGTH} characters (e.g. 'back of left hand').",
            field=field,
        )
    return cleaned


class PigmentationService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        guard: AccessGuard,
        audit: AuditTrail,
        alerts: AlertService,
        analyser: SkinPhotoAnalyser,
        photos: PhotoStore,
        reference: PigmentationReference,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._guard = guard
        self._audit = audit
        self._alerts = alerts
        self._analyser = analyser
        self._photos = photos
        self.reference = reference

    # ------------------------------------------------------------------ writes

    def record(
        self, actor: Actor, person_id: str | None, new: NewSkinPhoto
    ) -> tuple[SkinPhotoRecord, bool]:
        """Measure and store; (record, created). A retry with the same id and the same upload
        returns the first record; the same id with anything different is a Conflict."""
        subject = self._guard.subject_of(actor, person_id)
        measurement_id = parse_client_id(new.id)
        site = _site(new.site, DEFAULT_SITE, "site")
        reference_site = _site(new.reference_site, DEFAULT_REFERENCE_SITE, "reference_site")
        sent = fingerprint(
            {
                "photo_sha256": hashlib.sha256(new.photo).hexdigest(),
                "roi": new.roi.as_text(),
                "reference_roi": None if new.reference_roi is None else new.reference_roi.as_text(),
                "site": site,
                "reference_site": reference_site,
                "uncalibrated": new.uncalibrated,
            }
        )
        with self._uow_factory(read_only=True) as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            existing = uow.skin_measurements.get(measurement_id)
        if existing is not None:
            return self._replayed(existing, subject, sent), False

        measured = self._analyser.measure(
            new.photo, new.roi, new.reference_roi, calibrated=not new.uncalibrated
        )
        digest = self._photos.put(measured.clean_jpeg())
        record = SkinPhotoRecord(
            id=measurement_id,
            person_id=subject,
            taken_at=self._clock.now(),
            photo_sha256=digest,
            photo_width=measured.width,
            photo_height=measured.height,
            site=site,
            reference_site=reference_site,
            roi=new.roi,
            reference_roi=new.reference_roi,
            measurement=measured.measurement,
            fingerprint=sent,
            created_by=actor.user_id,
        )
        with self._uow_factory() as uow:
            self._guard.require(uow, actor, subject, Purpose.WRITE)
            if not uow.skin_measurements.add(record):
                stored = uow.skin_measurements.get(measurement_id)
                if stored is None:  # pragma: no cover - the constraint said it exists
                    raise Conflict(f"The {RECORD} {measurement_id} could not be stored.")
                return self._replayed(stored, subject, sent), False
            self._audit.add(
                uow,
                actor,
                AuditAction.CREATE,
                "skin_measurement",
                resource_id=measurement_id,
                person_id=subject,
            )
            self._raise_alerts(uow, record)
            uow.commit()
        return record, True

    def _replayed(self, stored: SkinPhotoRecord, subject: str, sent: str) -> SkinPhotoRecord:
        if stored.person_id != subject:
            raise Conflict(
                f"A {RECORD} with id {stored.id} already exists. Generate a new id for a new "
                "record."
            )
        check_replay(stored.fingerprint, sent, RECORD, stored.id)
        return stored

    def _raise_alerts(self, uow: UnitOfWork, record: SkinPhotoRecord) -> None:
        if record.trend_photo() is None:
            return
        history = uow.skin_measurements.for_person(record.person_id)
        key = site_pair_key(record.site, record.reference_site)
        trend = self._trend_of(
            [r for r in history if site_pair_key(r.site, r.reference_site) == key]
        )
        draft = darkening_alert(record.person_id, trend) if trend else None
        if draft is not None:
            self._alerts.raise_drafts(uow, [draft])

    def _trend_of(self, records: list[SkinPhotoRecord]) -> SiteTrend | None:
        photos = [p for p in (r.trend_photo() for r in records) if p is not None]
        if not records or not photos:
            return None
        return assess_trend(
            records[-1].site, records[-1].reference_site, photos, self.reference.rules
        )

    # ------------------------------------------------------------------ reads

    def for_person(self, actor: Actor, person_id: str) -> list[SkinPhotoRecord]:
        return self._guard.read(
            actor,
            person_id,
            "skin_measurements",
            lambda uow: uow.skin_measurements.for_person(person_id),
        )

    def _read_one(self, actor: Actor, measurement_id: str, resource: str) -> SkinPhotoRecord:
        """One measurement after the access check (audited as `resource`). A refusal reads like
        a measurement that does not exist: it never names whose record it is."""
        hidden = NotFound(f"There is no skin measurement {measurement_id} you can see.")
        with self._uow_factory(read_only=True) as uow:
            stored = uow.skin_measurements.get(measurement_id)
        if stored is None:
            raise hidden
        try:
            found = self._guard.read(
                actor,
                stored.person_id,
                resource,
                lambda uow: uow.skin_measurements.get(measurement_id),
                resource_id=measurement_id,
            )
        except NotFound:
            raise hidden from None
        if found is None:
            raise hidden
        return found

    def get(self, actor: Actor, measurement_id: str) -> SkinPhotoRecord:
        return self._read_one(actor, measurement_id, "skin_measurement")

    def photo(self, actor: Actor, measurement_id: str) -> bytes:
        """The stored (metadata-free) photo, after the same access check as the record."""
        record = self._read_one(actor, measurement_id, "skin_photo")
        return self._photos.get(record.photo_sha256)

    def trends(self, actor: Actor, person_id: str) -> list[SiteTrend]:
        """One trend per site pair (calibrated photos with a reference site), newest pair first."""
        records = self.for_person(actor, person_id)
        groups: dict[str, list[SkinPhotoRecord]] = {}
        for record in records:
            groups.setdefault(site_pair_key(record.site, record.reference_site), []).append(record)
        trends = [t for t in (self._trend_of(g) for g in groups.values()) if t is not None]
        return sorted(trends, key=lambda t: t.sessions[-1].day, reverse=True)

    def suggested_boxes(self, actor: Actor, person_id: str) -> SuggestedBoxes | None:
        """The boxes and site names of the person's last photo, to suggest again."""
        latest = self._guard.read(
            actor,
            person_id,
            "skin_measurements",
            lambda uow: uow.skin_measurements.latest_for_person(person_id),
        )
        if latest is None:
            return None
        return SuggestedBoxes(
            latest.roi,
            latest.reference_roi,
            latest.site,
            latest.reference_site,
            latest.photo_width,
            latest.photo_height,
        )

    def records_in(self, uow: UnitOfWork, person_id: str) -> list[SkinPhotoRecord]:
        """Inside the caller's transaction (the caller has checked access and audits)."""
        return uow.skin_measurements.for_person(person_id)
