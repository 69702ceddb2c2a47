"""Words into lines, and each line into cells: the geometry a table is read from.

A line is every word whose vertical middle lies within half a word's height of the line's; a
cell is a run of words on a line with gaps no wider than about one letter height. Two tables
side by side share lines but not cells, so the columns are found from the cells' x-positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from speciosa.adapters.coa.pdf_words import Word

# Words farther apart than this many letter heights are in different cells (table columns).
CELL_GAP_EM = 0.9
STACK_CHECK_WORDS = 120  # a table row holds a few dozen words; a longer "row" is not a table's


@dataclass(frozen=True)
class Cell:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    cells: tuple[Cell, ...]

    @property
    def text(self) -> str:
        return "  ".join(c.text for c in self.cells)

    @property
    def top(self) -> float:
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.cells)

    @property
    def height(self) -> float:
        return max(min(w.height for c in self.cells for w in c.words), 1.0)

    def within(self, x0: float, x1: float) -> Line | None:
        """The part of the line whose cells start inside [x0, x1), or None if nothing is."""
        cells = tuple(c for c in self.cells if x0 <= c.centre < x1 or x0 <= c.x0 < x1)
        return Line(self.page, cells) if cells else None


def words_to_lines(words: Iterable[Word], page: int) -> list[Line]:
    """Lines of a page from top to bottom, each with its cells from left to right."""
    rows: list[list[Word]] = []
    middles: list[float] = []
    smallest: list[float] = []  # a tall word (a tile's big print) must not join two rows
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        near = rows and abs(word.middle - middles[-1]) < min(word.height, smallest[-1]) * 0.45
        if near and not _stacked(word, rows[-1]):
            rows[-1].append(word)
            row = rows[-1]
            middles[-1] = sum(w.middle for w in row) / len(row)
            smallest[-1] = min(smallest[-1], word.height)
        else:
            rows.append([word])
            middles.append(word.middle)
            smallest.append(word.height)
    return [Line(page, tuple(split_cells(row))) for row in rows]


def _stacked(word: Word, row: Sequence[Word]) -> bool:
    """The word sits under (or over) a word of the row, sharing most of its width: it is on the
    next line, however close the lines (tight rows whose loose boxes overlap). A word drawn
    twice in place (fake bold) is not stacked. A row of more words than a table row holds is
    not checked (bounded work on a hostile page)."""
    if len(row) > STACK_CHECK_WORDS:
        return False
    for other in row:
        shared = min(word.x1, other.x1) - max(word.x0, other.x0)
        narrower = min(word.x1 - word.x0, other.x1 - other.x0)
        if shared > 0.5 * narrower and abs(word.middle - other.middle) > 0.25 * word.height:
            return True
    return False


def split_cells(words: Sequence[Word]) -> list[Cell]:
    cells: list[Cell] = []
    current: list[Word] = []
    for word in sorted(words, key=lambda w: w.x0):
        if current:
            gap = word.x0 - current[-1].x1
            if gap > CELL_GAP_EM * min(word.height, current[-1].height):
                cells.append(Cell(tuple(current)))
                current = []
        current.append(word)
    if current:
        cells.append(Cell(tuple(current)))
    return cells


def region_box(lines: Sequence[Line]) -> tuple[float, float, float, float]:
    """x0, top, x1, bottom around the lines' words, in the frame of the page as rendered."""
    box = words_box(w for ln in lines for c in ln.cells for w in c.words)
    assert box is not None  # a line has at least one word
    return box


def words_box(words: Iterable[Word]) -> tuple[float, float, float, float] | None:
    """x0, top, x1, bottom around the words as rendered; None when there are none."""
    boxes = [w.shown or (w.x0, w.top, w.x1, w.bottom) for w in words]
    if not boxes:
        return None
    return (
        round(min(b[0] for b in boxes), 1),
        round(min(b[1] for b in boxes), 1),
        round(max(b[2] for b in boxes), 1),
        round(max(b[3] for b in boxes), 1),
    )


def name_and_value_boxes(
    lines: Sequence[Line], name: str, value_from: float, value_to: float
) -> tuple[tuple[float, float, float, float] | None, tuple[float, float, float, float] | None]:
    """(box of the analyte's words, box of the result's cells) in a table row: the two things a
    person compares with the reading. A result cell is one whose middle is in the result
    column's span (as the row reading places it); the name is its words outside those cells."""
    value_cells = [c for ln in lines for c in ln.cells if value_from <= c.centre < value_to]
    in_value = {id(w) for c in value_cells for w in c.words}
    tokens = set(name.split())
    name_words = [
        w
        for ln in lines
        for c in ln.cells
        for w in c.words
        if w.text in tokens and id(w) not in in_value
    ]
    return words_box(name_words), words_box(w for c in value_cells for w in c.words)
