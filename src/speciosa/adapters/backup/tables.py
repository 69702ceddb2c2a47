"""Every table's rows, read generically by reflection, and a digest of each table's content.

Reflection (not the row classes) decides what is read, so a table a feature adds is covered the
day it is migrated. The digest does not depend on row order (each row is hashed on its own and the
hashes are added up modulo 2**256), so it does not depend on the collation a server sorts by.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from speciosa.domain.foundation.backup import TableCount

# Kept under this name for the tests that compare database states.
TableDigest = TableCount
_MODULUS = 2**256


def reflect(connection: Connection) -> sa.MetaData:
    metadata = sa.MetaData()
    metadata.reflect(bind=connection)
    return metadata


def canonical(value: Any) -> Any:
    """A JSON-able rendering of a column value that two equal values share."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def table_rows(connection: Connection, table: sa.Table) -> Iterator[tuple[Any, ...]]:
    for row in connection.execute(sa.select(table)):
        yield tuple(row)


def row_line(row: tuple[Any, ...]) -> str:
    return json.dumps([canonical(v) for v in row], default=str, ensure_ascii=False)


def table_digests(
    connection: Connection, metadata: sa.MetaData | None = None
) -> dict[str, TableCount]:
    """Row count and content digest of every table (of `metadata`, reflected when not given)."""
    digests: dict[str, TableCount] = {}
    metadata = metadata if metadata is not None else reflect(connection)
    for name in sorted(metadata.tables):
        table = metadata.tables[name]
        total = 0
        count = 0
        for row in table_rows(connection, table):
            digest = hashlib.sha256(row_line(row).encode("utf-8")).digest()
            total = (total + int.from_bytes(digest, "big")) % _MODULUS
            count += 1
        header = json.dumps([c.name for c in table.columns])
        combined = hashlib.sha256(f"{header}\n{count}\n{total:064x}".encode())
        digests[name] = TableCount(rows=count, sha256=combined.hexdigest())
    return digests


def table_names(connection: Connection) -> list[str]:
    return sorted(sa.inspect(connection).get_table_names())
