"""Alembic migration scripts (run with `speciosa db upgrade`)."""
