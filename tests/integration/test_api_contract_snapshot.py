"""The API and the route table are a contract other programs rely on (issue 13: "OpenAPI schema
and route table identical before and after"). Both are compared with a snapshot taken before the
move into feature packages; a change fails here until the snapshot is deliberately renewed with
`SPECIOSA_RENEW_API_SNAPSHOT=1 pytest tests/integration/test_api_contract_snapshot.py`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from speciosa.entrypoints.app import create_app
from speciosa.entrypoints.route_table import route_table
from speciosa.settings import Settings

SNAPSHOT = Path(__file__).parents[1] / "data" / "contract" / "api.json"


def current_contract(settings: Settings) -> dict[str, Any]:
    app = create_app(settings)
    return {"openapi": app.openapi(), "routes": [repr(entry) for entry in route_table(app)]}


def test_openapi_and_route_table_match_the_snapshot(settings: Settings) -> None:
    contract = current_contract(settings)
    text = json.dumps(contract, indent=1, sort_keys=True) + "\n"
    if os.environ.get("SPECIOSA_RENEW_API_SNAPSHOT") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert contract["routes"] == snapshot["routes"], "the route table changed"
    paths = set(contract["openapi"]["paths"]) ^ set(snapshot["openapi"]["paths"])
    assert not paths, f"API paths added or removed: {sorted(paths)}"
    schemas = set(contract["openapi"]["components"]["schemas"])
    assert schemas == set(snapshot["openapi"]["components"]["schemas"]), "schema names changed"
    assert contract["openapi"] == snapshot["openapi"], "the OpenAPI schema changed"
