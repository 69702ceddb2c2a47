from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speciosa.domain.foundation.errors import Conflict, InvalidInput
from speciosa.domain.foundation.idempotency import check_replay, fingerprint, parse_client_id

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=5), json_values, max_size=6))
def test_fingerprint_ignores_key_order(payload: dict[str, object]) -> None:
    reordered = dict(reversed(list(payload.items())))
    assert fingerprint(payload) == fingerprint(reordered)


def test_fingerprint_sees_a_changed_value() -> None:
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_replay_with_a_different_body_is_a_conflict() -> None:
    check_replay("x", "x", "check-in", "id")
    with pytest.raises(Conflict, match="different content"):
        check_replay("x", "y", "check-in", "id")


def test_client_ids_must_be_uuids() -> None:
    assert (
        parse_client_id("6F9619FF-8B86-D011-B42D-00C04FC964FF")
        == "6f9619ff-8b86-d011-b42d-00c04fc964ff"
    )
    for bad in ["", "123", 5, None]:
        with pytest.raises(InvalidInput):
            parse_client_id(bad)
