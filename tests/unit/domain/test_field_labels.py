"""Issue 16: no field code (taken_at, reduction_pct, pulse_bpm) in a message a person reads.
Every message a DomainError is raised with in the source is scanned: each snake_case word in it
must have its words in `domain.foundation.field_labels` (which DomainError applies), or be one of
the few
codes only an API client or a developer ever sees."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import speciosa
from speciosa.domain.foundation.errors import InvalidInput, ReferenceDataError
from speciosa.domain.foundation.field_labels import FIELD_LABELS, label_for, name_fields_in_words

SOURCE = Path(speciosa.__file__).parent
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ERRORS = {
    "DomainError",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "AccessDenied",
    "NotAuthenticated",
    "TooManyAttempts",
    "PayloadTooLarge",
    "UnsupportedMediaType",
}
# Named only to API clients (a JSON field they sent) — the web never sends it.
API_ONLY = {"person_id"}


def literal_text(node: ast.expr) -> list[str]:
    """The words written in a message: string literals and the literal parts of f-strings (not
    the expressions inside them), through implicit and explicit concatenation."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        ]
    if isinstance(node, ast.BinOp):
        return literal_text(node.left) + literal_text(node.right)
    return []


def raised_messages() -> list[tuple[str, str]]:
    found = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ERRORS:
                continue
            text = " ".join(literal_text(node.args[0]))
            found.append((f"{path.relative_to(SOURCE)}:{node.lineno}", text))
    return found


def test_the_scan_sees_the_messages() -> None:
    messages = raised_messages()
    assert len(messages) > 200
    assert any("taken_at" in text for _, text in messages)  # ...and they are all labelled


def test_every_field_code_in_a_raised_message_has_words() -> None:
    missing = {
        f"{where}: {code}"
        for where, text in raised_messages()
        for code in CODE.findall(text)
        if code not in FIELD_LABELS and code not in API_ONLY
    }
    assert not missing, sorted(missing)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("taken_at", "time taken"),
        ("answers.pulse_bpm", "pulse rate (beats per minute)"),
        ("reduction_pct", "reduction (%)"),
        ("some_new_code", "some new code"),
    ],
)
def test_label_for(code: str, words: str) -> None:
    assert label_for(code) == words


def test_a_sentence_starting_with_a_code_starts_with_a_capital() -> None:
    assert name_fields_in_words("x. unit_step is 0") == "x. Smallest dose step is 0"
    assert name_fields_in_words("Give the unit_step") == "Give the smallest dose step"
    assert name_fields_in_words("the taken_atx field") == "the taken_atx field"


def test_reference_data_errors_name_their_keys_for_developers() -> None:
    # A malformed YAML row is a developer's problem: its keys are kept as written.
    assert "onset_hours" in ReferenceDataError("row 3: onset_hours must be a number").detail
    assert InvalidInput("taken_at is wrong").detail == "Time taken is wrong"
