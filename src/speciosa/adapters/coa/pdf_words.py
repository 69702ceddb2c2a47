"""Words with their positions from a PDF's text layer (PDFium through pypdfium2).

Each character's box is read in PDF user space and turned into the page as it is shown: the
page's /Rotate and the dominant writing direction of its text are both undone, so a landscape
table printed on a rotated page reads left to right like any other. Characters written at another
angle (diagonal watermarks, sideways margin notes) are left out. Text is cleaned, not refused:
NUL and other control characters are dropped, ligatures (ﬁ, ﬂ) and compatibility forms are
spelled out with NFKC, and "µ"/"μ" are one letter.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# Characters closer than this share a word; farther apart than the cell gap they are two cells.
WORD_GAP_EM = 0.28


@dataclass(frozen=True)
class Word:
    """A word on a page, in points from the top-left corner of the page as shown."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR confidence 0–100; None for a text layer
    # The box on the page as rendered, when the text reads in another direction than the page
    # is shown (a sideways table): layout works in reading order, review images need this box.
    shown: tuple[float, float, float, float] | None = None

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def middle_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def clean_text(text: str) -> str:
    """NFKC (ligatures, full-width forms), µ for both micro signs, no control characters."""
    folded = unicodedata.normalize("NFKC", text).replace("μ", "µ")
    return "".join(c for c in folded if c.isprintable() or c == " ")


def _quarter_turns(angle_radians: float) -> int:
    """The nearest multiple of 90° (0–3), or -1 for a slanted character."""
    degrees = -math.degrees(angle_radians) % 360  # PDFium measures clockwise
    turns = round(degrees / 90) % 4
    off = abs(degrees - turns * 90)
    return turns if min(off, 360 - off) < 10 else -1


def _upright(
    box: tuple[float, float, float, float], turns: int, width: float, height: float
) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of a user-space box (left, bottom, right, top) turned upright."""
    left, bottom, right, top = box
    if turns == 0:
        return left, height - top, right, height - bottom
    if turns == 1:  # text runs upwards: the page is turned clockwise to read it
        return bottom, left, top, right
    if turns == 2:
        return width - right, bottom, width - left, top
    return height - top, width - right, height - bottom, width - left


def page_words(textpage: object, width: float, height: float, rotation: int) -> list[Word]:
    """Words of one page, in the frame of the page as shown (its /Rotate applied)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    rect = pdfium_c.FS_RECTF()
    found: list[tuple[int, str, tuple[float, float, float, float]]] = []
    for index in range(max(count, 0)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        text = chr(code)
        if pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
            # PDFium guesses spaces from gaps, and guesses one between every letter of
            # letter-spaced headings ("H E AV Y"): the gap test decides instead, except between
            # a figure and a word ("0.0062878 ppm" printed almost touching).
            found.append((-3, " ", (0.0, 0.0, 0.0, 0.0)))
            continue
        if text.isspace():
            found.append((-2, " ", (0.0, 0.0, 0.0, 0.0)))
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect)):
            continue
        turns = _quarter_turns(pdfium_c.FPDFText_GetCharAngle(textpage, index))
        found.append((turns, text, (rect.left, rect.bottom, rect.right, rect.top)))
    turns_seen = [t for t, _, _ in found if t >= 0]
    if not turns_seen:
        return []
    dominant = max(set(turns_seen), key=turns_seen.count)
    # Width and height of the frame the dominant text reads in; /Rotate gives the shown frame.
    chars: list[_Char | None] = []
    soft = False
    for turns, text, box in found:
        if turns == -3:
            soft = True
            continue
        if turns == -2:
            chars.append(None)
        elif turns == dominant:
            last = chars[-1] if chars else None
            if (
                soft
                and last is not None
                and last.text.isdigit() != text.isdigit()
                and last.text.isalnum()
                and text.isalnum()
            ):
                chars.append(None)
            x0, top, x1, bottom = _upright(box, dominant, width, height)
            chars.append(_Char(text, x0, top, x1, bottom))
        soft = False
    words = _attach_exponents(_words(chars))
    shown_turns = (rotation // 90) % 4
    if shown_turns != dominant:
        words = [_reframe(w, dominant, shown_turns, width, height) for w in words]
    return words


def _reframe(word: Word, reading: int, shown: int, width: float, height: float) -> Word:
    """A word's box moved from the reading frame to the frame of the page as rendered.

    Only the box moves; reading order stays that of the text, so a sideways table still reads
    row by row while its box points at the right place on the rendered page."""
    x0, top, x1, bottom = word.x0, word.top, word.x1, word.bottom
    user = {
        0: (x0, height - bottom, x1, height - top),
        1: (top, x0, bottom, x1),
        2: (width - x1, top, width - x0, bottom),
        3: (width - bottom, height - x1, width - top, height - x0),
    }[reading]
    return Word(
        word.text, x0, top, x1, bottom, word.confidence, _upright(user, shown, width, height)
    )


def _words(chars: list[_Char | None]) -> list[Word]:
    """Characters in content order into words: a space, a gap or a jump to a new line ends one."""
    words: list[Word] = []
    current: list[_Char] = []

    def flush() -> None:
        if current:
            text = clean_text("".join(c.text for c in current)).strip()
            if text:
                words.append(
                    Word(
                        text,
                        min(c.x0 for c in current),
                        min(c.top for c in current),
                        max(c.x1 for c in current),
                        max(c.bottom for c in current),
                    )
                )
            current.clear()

    for char in chars:
        if char is None:
            flush()
            continue
        if current:
            last = current[-1]
            size = max(last.bottom - last.top, 1.0)
            near = last.x0 <= char.x0 and char.x0 - last.x1 <= WORD_GAP_EM * size
            if near and _is_exponent(current, char):
                current.append(_Char("^", char.x0, char.top, char.x0, char.bottom))
            else:
                middle, last_middle = (char.top + char.bottom) / 2, (last.top + last.bottom) / 2
                same_line = abs(middle - last_middle) < size / 2
                if not same_line or char.x0 - last.x1 > WORD_GAP_EM * size or char.x1 < last.x0:
                    flush()
        current.append(char)
    flush()
    return words


def _attach_exponents(words: list[Word]) -> list[Word]:
    """Small raised figures drawn apart from the "10" before them (another text object) join it
    as "10^2"."""
    small = [w for w in words if re.fullmatch(r"[-−]?\d{1,3}", w.text)]
    if not small:
        return words
    merged: dict[int, Word] = {}
    dropped: set[int] = set()
    for exponent in small:
        for index, base in enumerate(words):
            if not base.text.endswith("10") or index in merged:
                continue
            size = base.height
            if (
                0 <= exponent.x0 - base.x1 <= WORD_GAP_EM * size
                and exponent.height < 0.8 * size
                and exponent.bottom < base.bottom - 0.2 * size
                and exponent.bottom > base.top
            ):
                merged[index] = Word(
                    f"{base.text}^{exponent.text}", base.x0, min(base.top, exponent.top),
                    exponent.x1, base.bottom,
                )  # fmt: skip
                dropped.add(id(exponent))
                break
    return [merged.get(i, w) for i, w in enumerate(words) if id(w) not in dropped]


def _is_exponent(current: list[_Char], char: _Char) -> bool:
    """A small raised figure right after "10": an exponent the text layer flattens ("10²" would
    read as "102")."""
    if len(current) < 2 or current[-2].text + current[-1].text != "10":
        return False
    last = current[-1]
    size = last.bottom - last.top
    small = char.bottom - char.top < 0.8 * size
    raised = char.bottom < last.bottom - 0.2 * size
    return (char.text.isdigit() or char.text in "-−") and small and raised
