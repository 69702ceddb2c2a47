"""SQLAlchemy row classes, one module per feature. Importing this package registers them all
on `Base.metadata`, which Alembic's autogenerate and the tests compare against the migrations."""

from speciosa.adapters.db.rows import (
    dosing,
    foundation,
    person_experience,
    pigmentation,
    precautions,
    reports,
    security,
    sources,
    withdrawal,
)
from speciosa.adapters.db.rows.base import Base

__all__ = [
    "Base",
    "dosing",
    "foundation",
    "person_experience",
    "pigmentation",
    "precautions",
    "reports",
    "security",
    "sources",
    "withdrawal",
]
