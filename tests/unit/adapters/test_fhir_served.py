"""The FHIR API's search and paging on served resources (`adapters.fhir.served`), as properties:
following `next` links visits every match exactly once, whatever `_count`; a date splits the
Observations into `lt` and `ge` halves; `eq` a day is `ge` the day and `le` the day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.adapters.fhir.served import search, searchset, served_resources
from speciosa.domain.foundation.errors import InvalidInput

START = datetime(2026, 1, 1, tzinfo=UTC)


def observations(minutes: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "resourceType": "Observation",
            "id": f"o{i}",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
            "effectiveDateTime": (START + timedelta(minutes=m)).isoformat().replace("+00:00", "Z"),
        }
        for i, m in enumerate(minutes)
    ]


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(min_value=0, max_value=40),
    count=st.integers(min_value=1, max_value=15),
)
def test_next_links_visit_every_match_once(total: int, count: int) -> None:
    matches = observations(list(range(total)))
    seen: list[str] = []
    offset, pages = 0, 0
    while True:
        page = searchset(matches, f"/fhir/r4/Observation?_count={count}", count, offset)
        assert page["total"] == total
        seen += [e["resource"]["id"] for e in page.get("entry", [])]
        following = [link["url"] for link in page["link"] if link["relation"] == "next"]
        pages += 1
        assert pages <= total + 1  # bounded
        if not following:
            break
        offset = int(parse_qs(urlparse(following[0]).query)["_offset"][0])
    assert seen == [m["id"] for m in matches]


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.lists(st.integers(min_value=0, max_value=60 * 24 * 20), max_size=30),
    day=st.integers(min_value=0, max_value=20),
)
def test_a_date_splits_observations_into_lt_and_ge(minutes: list[int], day: int) -> None:
    served = observations(minutes)
    when = (START + timedelta(days=day)).date().isoformat()
    before = search(served, "Observation", [], [f"lt{when}"])
    after = search(served, "Observation", [], [f"ge{when}"])
    assert sorted(o["id"] for o in before + after) == sorted(o["id"] for o in served)
    on_day = search(served, "Observation", [], [when])
    both = search(served, "Observation", [], [f"ge{when}", f"le{when}"])
    assert on_day == both


def test_code_search_and_references_made_relative() -> None:
    patient = {"resourceType": "Patient", "id": "11111111-1111-4111-8111-111111111111"}
    from speciosa.adapters.fhir.questionnaires import resource_id

    person = "p-1"
    patient["id"] = resource_id("patient", person)
    observation = observations([5])[0] | {"subject": {"reference": f"urn:uuid:{patient['id']}"}}
    served = served_resources([patient, observation], person)
    assert served[0]["id"] == person
    assert served[1]["subject"] == {"reference": f"Patient/{person}"}
    assert observation["subject"]["reference"].startswith("urn:uuid:")  # input unchanged
    assert search(served, "Observation", ["http://loinc.org|8867-4"], []) == [served[1]]
    assert search(served, "Observation", ["8867-4"], []) == [served[1]]
    assert search(served, "Observation", ["http://snomed.info/sct|8867-4"], []) == []
    with pytest.raises(InvalidInput, match="date must be"):
        search(served, "Observation", [], ["last tuesday"])
