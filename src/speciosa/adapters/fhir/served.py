"""The record as the read-only FHIR R4 API serves it: resources addressed as `Type/id` (the
Patient's id is the person's Speciosa id), searchset Bundles with `_count` paging, the search
parameters the API supports, and its CapabilityStatement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from speciosa.adapters.fhir.questionnaires import resource_id
from speciosa.adapters.fhir.r4_models import (
    FHIR_VERSION,
    Bundle,
    CapabilityStatement,
    OperationOutcome,
    to_json,
)
from speciosa.domain.foundation.errors import InvalidInput

BASE = "/fhir/r4"
SEARCHABLE = ("QuestionnaireResponse", "Observation", "MedicationStatement", "CarePlan")
DEFAULT_COUNT = 50
MAX_COUNT = 200
DATE_PREFIXES = ("eq", "ge", "le", "gt", "lt")
SEARCH_PARAMS: dict[str, tuple[str, ...]] = {
    "QuestionnaireResponse": ("patient",),
    "Observation": ("patient", "code", "date"),
    "MedicationStatement": ("patient",),
    "CarePlan": ("patient",),
}


def served_resources(data: Sequence[dict[str, Any]], person_id: str) -> list[dict[str, Any]]:
    """Every resource's JSON, with `urn:uuid:` references made `Type/id` and the Patient's id
    the person's own id (copies: the input is not changed)."""
    patient_id = resource_id("patient", person_id)
    kinds = {d["id"]: d["resourceType"] for d in data}
    targets = {
        f"urn:uuid:{i}": f"{k}/{person_id if i == patient_id else i}" for i, k in kinds.items()
    }

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: targets.get(v, v) if k == "reference" and isinstance(v, str) else rewrite(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    served = [rewrite(d) for d in data]
    for resource in served:
        if resource["resourceType"] == "Patient":
            resource["id"] = person_id
    return served


def _instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date_bounds(value: str) -> tuple[str, datetime, datetime]:
    prefix = value[:2] if value[:2] in DATE_PREFIXES else "eq"
    text = value[2:] if value[:2] in DATE_PREFIXES else value
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return prefix, start, start.replace(hour=23, minute=59, second=59)
        moment = _instant(text)
    except ValueError:
        raise InvalidInput(
            f"date must be YYYY-MM-DD or a dateTime with a zone, optionally after one of "
            f"{', '.join(DATE_PREFIXES)}; got {value!r}.",
            field="date",
        ) from None
    return prefix, moment, moment


def _date_matches(effective: datetime, condition: str) -> bool:
    prefix, low, high = _date_bounds(condition)
    return {
        "eq": low <= effective <= high,
        "ge": effective >= low,
        "gt": effective > high,
        "le": effective <= high,
        "lt": effective < low,
    }[prefix]


def _code_matches(resource: dict[str, Any], wanted: str) -> bool:
    system, _, code = wanted.rpartition("|")
    for coding in resource.get("code", {}).get("coding", []):
        if coding.get("code") == code and (not system or coding.get("system") == system):
            return True
    return False


def search(
    served: Sequence[dict[str, Any]], kind: str, codes: Sequence[str], dates: Sequence[str]
) -> list[dict[str, Any]]:
    """The resources of `kind` matching every code (any of a comma list) and date condition."""
    for condition in dates:
        _date_bounds(condition)  # a malformed date is refused even when nothing would match
    found = []
    for resource in served:
        if resource["resourceType"] != kind:
            continue
        if codes and not all(
            any(_code_matches(resource, c) for c in wanted.split(",")) for wanted in codes
        ):
            continue
        if dates:
            stamp = resource.get("effectiveDateTime")
            if not stamp or not all(_date_matches(_instant(stamp), d) for d in dates):
                continue
        found.append(resource)
    return found


def searchset(
    matches: Sequence[dict[str, Any]], self_url: str, count: int, offset: int
) -> dict[str, Any]:
    """A searchset Bundle of one page, with self and next (and previous) links."""
    page = matches[offset : offset + count]
    links = [{"relation": "self", "url": self_url_with(self_url, count, offset)}]
    if offset + count < len(matches):
        links.append({"relation": "next", "url": self_url_with(self_url, count, offset + count)})
    if offset > 0:
        before = max(0, offset - count)
        links.append({"relation": "previous", "url": self_url_with(self_url, count, before)})
    bundle = Bundle(
        type="searchset",
        total=len(matches),
        link=links,
        entry=[
            {
                "fullUrl": f"{BASE}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in page
        ]
        or None,
    )
    return to_json(bundle)


def self_url_with(url: str, count: int, offset: int) -> str:
    """The same search with another page: `_count` and `_offset` replaced."""
    path, _, query = url.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query) if k not in ("_count", "_offset")]
    return f"{path}?{urlencode([*kept, ('_count', str(count)), ('_offset', str(offset))])}"


def capability_statement(software_version: str, now: datetime) -> dict[str, Any]:
    resources: list[dict[str, Any]] = [
        {
            "type": "Patient",
            "interaction": [{"code": "read"}],
            "operation": [
                {
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                }
            ],
        }
    ]
    for kind in SEARCHABLE:
        resources.append(
            {
                "type": kind,
                "interaction": [{"code": "search-type"}],
                "searchParam": [
                    {
                        "name": name,
                        "type": "date"
                        if name == "date"
                        else "token"
                        if name == "code"
                        else "reference",
                    }
                    for name in SEARCH_PARAMS[kind]
                ]
                + [{"name": "_count", "type": "number"}],
            }
        )
    statement = CapabilityStatement(
        status="active",
        date=now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        kind="instance",
        software={"name": "Speciosa", "version": software_version},
        implementation={"description": "Speciosa read-only FHIR R4 API", "url": BASE},
        fhirVersion=FHIR_VERSION,
        format=["application/fhir+json"],
        rest=[
            {
                "mode": "server",
                "documentation": "Read-only. Every request but metadata needs a bearer token from "
                "POST /api/v1/auth/token; a person sees their own record, a clinician the records "
                "of the persons who granted them access; anything else reads as 404. The record "
                "served is the last 366 days.",
                "security": {
                    "description": "OAuth2 bearer tokens (Authorization: Bearer …), the same as "
                    "/api/v1."
                },
                "resource": resources,
            }
        ],
    )
    return to_json(statement)


ISSUE_CODES = {  # OperationOutcome.issue.code (R4 value set issue-type) per HTTP status
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
    429: "throttled",
}


def operation_outcome(status: int, detail: str, field: str | None = None) -> dict[str, Any]:
    """A FHIR error: the same words as /api/v1's problem JSON, as an OperationOutcome."""
    issue: dict[str, Any] = {
        "severity": "error" if status < 500 else "fatal",
        "code": ISSUE_CODES.get(status, "exception" if status >= 500 else "processing"),
        "diagnostics": detail,
    }
    if field:
        issue["expression"] = [field]
    return to_json(OperationOutcome(issue=[issue]))
