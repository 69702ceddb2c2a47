"""In-memory fakes of the outside ports: the clock, password hashing and strength, backups,
certificate files and page pictures, skin photos and their store, demo photos, reference tables
and the pseudonym key. Each does the least that keeps a service's flow honest; the adapters
have their own tests."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from speciosa.domain.foundation.backup import Manifest, TableCount
from speciosa.domain.foundation.errors import InvalidInput, NotFound
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.pigmentation.measurement import SkinMeasurement
from speciosa.domain.pigmentation.regions import Box
from speciosa.domain.sources.certificate import Certificate
from speciosa.services.ports.outside import (
    BackupStore,
    CertificatePageImages,
    CertificateReader,
    Clock,
    MeasuredSkinPhoto,
    PasswordHasher,
    PasswordStrength,
    PhotoStore,
    PseudonymKeySource,
    ReferenceSource,
    SkinDemoPhoto,
    SkinDemoPhotoRenderer,
    SkinPhotoAnalyser,
)


class FakeClock:
    """Stands still until moved."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, by: timedelta) -> None:
        self.at += by


class LengthOnlyStrength:
    """Service tests check flows; the zxcvbn adapter has its own tests. Refuses "weak" words."""

    def problem(self, password: str, user_inputs: Sequence[str] = ()) -> str | None:
        return "This password is too easy to guess." if "weak" in password else None


class PlainHasher:
    """Not a hash at all: service tests check flows, the Argon2 adapter has its own tests."""

    def hash(self, password: str) -> str:
        return f"plain:{password}"

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == f"plain:{password}"


@dataclass
class FakeBackupStore:
    """Archives are manifests kept in a dict by path; `restored` lists what was put back."""

    tables: dict[str, TableCount] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    archives: dict[Path, Manifest] = field(default_factory=dict)
    restored: list[Path] = field(default_factory=list)

    @property
    def backend(self) -> str:
        return "memory"

    def write(self, out: Path, created_at: datetime) -> Manifest:
        manifest = Manifest(
            created_at=created_at,
            speciosa_version="test",
            backend=self.backend,
            revisions=(),
            tables=dict(self.tables),
            files={},
            database_file="memory",
        )
        self.archives[out] = manifest
        return manifest

    def read_manifest(self, archive: Path) -> Manifest:
        if archive not in self.archives:
            raise InvalidInput(f"{archive.name} is not a Speciosa backup.")
        return self.archives[archive]

    def target_problems(self) -> list[str]:
        return list(self.problems)

    def restore(self, archive: Path, manifest: Manifest) -> None:
        if self.archives.get(archive) != manifest:
            raise InvalidInput(f"{archive.name} does not match its manifest.")
        self.tables = dict(manifest.tables)
        self.restored.append(archive)

    def current_tables(self) -> dict[str, TableCount]:
        return dict(self.tables)


@dataclass
class FakeCertificateReader:
    """Knows the certificates it was given, by file name; any other file is unreadable."""

    known: Mapping[str, Certificate] = field(default_factory=dict)

    def read(self, filename: str, content: bytes) -> Certificate:
        if filename not in self.known:
            raise InvalidInput(f"{filename} could not be read as a lab certificate.")
        return self.known[filename]


@dataclass
class FakeCertificatePageImages:
    """A 'picture' naming the page and region asked for; pages beyond `pages` are NotFound."""

    pages: int = 1

    def region_png(
        self, pdf: bytes, page: int, bbox: tuple[float, float, float, float] | None
    ) -> bytes:
        if not 1 <= page <= self.pages:
            raise NotFound(f"The certificate has no page {page}.")
        return b"\x89PNG fake " + f"{page} {bbox}".encode()

    def compare_png(
        self,
        pdf: bytes,
        page: int,
        analyte: tuple[float, float, float, float],
        value: tuple[float, float, float, float],
    ) -> bytes:
        if not 1 <= page <= self.pages:
            raise NotFound(f"The certificate has no page {page}.")
        return b"\x89PNG fake strip " + f"{page} {analyte} {value}".encode()


@dataclass(frozen=True)
class FakeMeasuredSkinPhoto:
    measurement: SkinMeasurement
    width: int = 640
    height: int = 480
    jpeg: bytes = b"\xff\xd8 cleaned \xff\xd9"

    def clean_jpeg(self) -> bytes:
        return self.jpeg


@dataclass
class FakeSkinPhotoAnalyser:
    """Gives the measurement it was built with for any photo and boxes; remembers the calls."""

    measurement: SkinMeasurement
    calls: list[tuple[Box, Box | None, bool]] = field(default_factory=list)

    def measure(
        self,
        photo: bytes,
        roi: Box,
        reference_roi: Box | None = None,
        *,
        calibrated: bool = True,
        roi_field: str = "roi",
        reference_field: str = "reference_roi",
    ) -> MeasuredSkinPhoto:
        if not photo:
            raise InvalidInput("The photo is empty.", field="photo")
        self.calls.append((roi, reference_roi, calibrated))
        return FakeMeasuredSkinPhoto(self.measurement)


@dataclass
class InMemoryPhotoStore:
    photos: dict[str, bytes] = field(default_factory=dict)

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        self.photos[sha256] = data
        return sha256

    def get(self, sha256: str) -> bytes:
        if sha256 not in self.photos:
            raise NotFound("No such photo.")
        return self.photos[sha256]


@dataclass(frozen=True)
class FakeSkinDemoPhoto:
    jpeg: bytes
    roi: Box
    reference_roi: Box


class FakeSkinDemoPhotoRenderer:
    """Different bytes for different colours and seeds, the same for the same."""

    def render(
        self,
        affected_lab: tuple[float, float, float],
        reference_lab: tuple[float, float, float],
        seed: int,
    ) -> SkinDemoPhoto:
        jpeg = f"\xff\xd8 {affected_lab} {reference_lab} {seed}".encode()
        return FakeSkinDemoPhoto(jpeg, Box(10, 10, 40, 40), Box(60, 10, 40, 40))


@dataclass
class FakeReferenceSource:
    tables: Sequence[ReferenceTable] = ()

    def load_tables(self) -> Sequence[ReferenceTable]:
        return self.tables


@dataclass
class FakePseudonymKeySource:
    key: bytes = b"test pseudonym key, never a real secret"

    def secret(self) -> bytes:
        return self.key


# mypy checks each fake against its port here: a port change the fake does not follow fails lint.
_clock: Clock = FakeClock(datetime(2026, 1, 1).astimezone())
_hasher: PasswordHasher = PlainHasher()
_strength: PasswordStrength = LengthOnlyStrength()
_backups: BackupStore = FakeBackupStore()
_certificate_reader: CertificateReader = FakeCertificateReader()
_page_images: CertificatePageImages = FakeCertificatePageImages()
_photos: PhotoStore = InMemoryPhotoStore()
_demo_photo: SkinDemoPhoto = FakeSkinDemoPhoto(b"", Box(0, 0, 1, 1), Box(1, 1, 1, 1))
_demo_photos: SkinDemoPhotoRenderer = FakeSkinDemoPhotoRenderer()
_reference: ReferenceSource = FakeReferenceSource()
_pseudonym_key: PseudonymKeySource = FakePseudonymKeySource()


def _measured(measurement: SkinMeasurement) -> MeasuredSkinPhoto:
    return FakeMeasuredSkinPhoto(measurement)


def _analyser(measurement: SkinMeasurement) -> SkinPhotoAnalyser:
    return FakeSkinPhotoAnalyser(measurement)
