"""Alembic environment: always called programmatically with a live connection (see migrate.py)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from speciosa.adapters.db.rows import Base
from speciosa.adapters.db.rows.base import UtcDateTime


def _render_item(kind: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import application types: write our UTC wrapper as its plain column type.
    if kind == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
