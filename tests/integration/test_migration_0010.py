"""Migration 0010_i14w on SQLite and PostgreSQL: certificates a clinician uploaded or the command
line imported keep speaking for their batch (verified when uploaded); a person's upload becomes
their own until a clinician verifies it."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.settings import Settings

AT = datetime(2026, 11, 1, 9, tzinfo=UTC)


def test_existing_certificates_are_verified_when_a_clinician_or_the_cli_uploaded_them(
    db_settings: Settings,
) -> None:
    engine = create_db_engine(db_settings.database_url)
    try:
        migrate.upgrade(engine, "0009_merge_wave2")
        with engine.begin() as connection:
            for user, role in (("u-person", "person"), ("u-doc", "clinician")):
                connection.execute(
                    sa.text(
                        "INSERT INTO users (id, email, role, name, password_hash, created_at, "
                        "disabled) VALUES (:id, :email, :role, 'N', 'x', :at, :off)"
                    ),
                    {
                        "id": user,
                        "email": f"{user}@example.org",
                        "role": role,
                        "at": AT,
                        "off": False,
                    },
                )
            for coa, by in (("c-person", "u-person"), ("c-doc", "u-doc"), ("c-cli", None)):
                connection.execute(
                    sa.text(
                        "INSERT INTO lab_certificates (id, fingerprint, lab, product, "
                        "batch_label, source_format, filename, sha256, results, unreadable, "
                        "uploaded_by, uploaded_at) VALUES (:id, 'f', '', '', '', 'csv', 'f.csv', "
                        "'s', '[]', '[]', :by, :at)"
                    ),
                    {"id": coa, "by": by, "at": AT},
                )
        migrate.upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT id, verified_by, verified_at FROM lab_certificates ORDER BY id")
            ).all()
        verified = {r[0]: (r[1], r[2] is not None) for r in rows}
        assert verified == {
            "c-cli": (None, True),
            "c-doc": ("u-doc", True),
            "c-person": (None, False),
        }
    finally:
        engine.dispose()
