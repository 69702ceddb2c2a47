"""The README, cut into its `##` sections, for the tests that hold it to the code."""

from __future__ import annotations

import re
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
README = REPOSITORY / "README.md"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def readme_section(title: str) -> str:
    """The text under `## title`, up to the next `## ` heading (or the end of the file)."""
    text = README.read_text("utf-8")
    heading = re.search(rf"^## {re.escape(title)}\n", text, re.MULTILINE)
    assert heading is not None, f"README.md has no '## {title}' section"
    rest = text[heading.end() :]
    following = re.search(r"^## ", rest, re.MULTILINE)
    return rest[: following.start()] if following else rest


def code_blocks(text: str) -> list[str]:
    """The contents of every fenced block in `text`."""
    return [match.group(1) for match in FENCE.finditer(text)]


def code_spans(text: str) -> list[str]:
    """Every `inline code` span outside fenced blocks, in order."""
    return [match.group(1) for match in CODE_SPAN.finditer(FENCE.sub("", text))]
