"""Ports: the Protocols through which services reach the clock, files and other adapters.

Adapters implement them (`speciosa.adapters`); tests use the fakes in `tests/fakes/outside.py`.
Storage is reached through the repository Protocols (`repository_ports`,
`clinical_repository_ports`) gathered on `unit_of_work_port.UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from speciosa.domain.foundation.backup import Manifest, TableCount
from speciosa.domain.foundation.reference import ReferenceTable
from speciosa.domain.pigmentation.measurement import SkinMeasurement
from speciosa.domain.pigmentation.regions import Box
from speciosa.domain.sources.certificate import Certificate


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class BackupStore(Protocol):
    """Backup archives of the whole clinic: database (in its own format), photos, manifest."""

    @property
    def backend(self) -> str: ...

    def write(self, out: Path, created_at: datetime) -> Manifest:
        """A consistent archive of the live database and the photos, written atomically."""
        ...

    def read_manifest(self, archive: Path) -> Manifest: ...

    def target_problems(self) -> list[str]:
        """Why the configured database / photo folder is not an empty restore target."""
        ...

    def restore(self, archive: Path, manifest: Manifest) -> None:
        """Verify every file against the manifest, then put database and photos in place."""
        ...

    def current_tables(self) -> dict[str, TableCount]: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class PasswordStrength(Protocol):
    def problem(self, password: str, user_inputs: Sequence[str] = ()) -> str | None:
        """Why a password is too weak (a message for the person), or None when it will do.
        `user_inputs` (e-mail, name) count as known words."""
        ...


class CertificateReader(Protocol):
    """Reads a lab certificate file (JSON, CSV or text PDF); InvalidInput when it cannot."""

    def read(self, filename: str, content: bytes) -> Certificate: ...


class CertificatePageImages(Protocol):
    """Pictures of a stored PDF certificate's pages, to show a value beside where it was read."""

    def region_png(
        self, pdf: bytes, page: int, bbox: tuple[float, float, float, float] | None
    ) -> bytes:
        """A PNG of `page` (1-based) around `bbox` (x0, top, x1, bottom in PDF points, the
        region marked), or the whole page when None. NotFound when there is no such page."""
        ...

    def compare_png(
        self,
        pdf: bytes,
        page: int,
        analyte: tuple[float, float, float, float],
        value: tuple[float, float, float, float],
    ) -> bytes:
        """A PNG of just the analyte's and the result's print of one row, side by side (or
        stacked), legible on a phone without the row's full width."""
        ...


class MeasuredSkinPhoto(Protocol):
    """What the skin-photo pipeline returns: the measurement and the photo, cleaned."""

    @property
    def measurement(self) -> SkinMeasurement: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...

    def clean_jpeg(self) -> bytes:
        """The upright photo re-encoded without any metadata (EXIF, GPS, XMP, ICC)."""
        ...


class SkinPhotoAnalyser(Protocol):
    """Decodes a photo, finds the colour chart and measures the boxes (issue 7)."""

    def measure(
        self,
        photo: bytes,
        roi: Box,
        reference_roi: Box | None = None,
        *,
        calibrated: bool = True,
        roi_field: str = "roi",
        reference_field: str = "reference_roi",
    ) -> MeasuredSkinPhoto: ...


class PhotoStore(Protocol):
    """Photos outside the database, addressed by the SHA-256 of their bytes."""

    def put(self, data: bytes) -> str:
        """Store the bytes (once); returns their hex SHA-256."""
        ...

    def get(self, sha256: str) -> bytes:
        """The bytes; NotFound when no such photo is stored."""
        ...


class SkinDemoPhoto(Protocol):
    @property
    def jpeg(self) -> bytes: ...
    @property
    def roi(self) -> Box: ...
    @property
    def reference_roi(self) -> Box: ...


class SkinDemoPhotoRenderer(Protocol):
    """Makes synthetic chart photos for the demo clinic (no photos ship with Speciosa)."""

    def render(
        self,
        affected_lab: tuple[float, float, float],
        reference_lab: tuple[float, float, float],
        seed: int,
    ) -> SkinDemoPhoto: ...


class ReferenceSource(Protocol):
    """Where reference tables come from (YAML files shipped in the package)."""

    def load_tables(self) -> Sequence[ReferenceTable]: ...


class PseudonymKeySource(Protocol):
    """The secret behind research exports' pseudonymous person keys (never exported)."""

    def secret(self) -> bytes: ...
