"""The project's size rule for source modules: none over 300 lines (modules of 50-300 lines,
named for what they contain). A module that grows past it is split along a real seam."""

from __future__ import annotations

from pathlib import Path

import speciosa

MAX_MODULE_LINES = 300
SOURCE_ROOT = Path(speciosa.__file__).resolve().parent


def module_lengths(root: Path) -> dict[str, int]:
    """Lines of every Python module under `root`, by path relative to it."""
    return {
        str(path.relative_to(root)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(root.rglob("*.py"))
    }


def test_the_source_tree_is_found() -> None:
    lengths = module_lengths(SOURCE_ROOT)
    assert "bootstrap.py" in lengths
    assert len(lengths) > 100  # the walk sees the whole package, not an empty directory


def test_no_source_module_exceeds_300_lines() -> None:
    too_long = {
        path: lines
        for path, lines in module_lengths(SOURCE_ROOT).items()
        if lines > MAX_MODULE_LINES
    }
    assert too_long == {}, f"split these modules along a real seam: {too_long}"


def test_the_rule_catches_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES, encoding="utf-8")
    assert module_lengths(tmp_path) == {"long.py": MAX_MODULE_LINES + 1, "short.py": 300}
