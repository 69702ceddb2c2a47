"""A PDF opened with PDFium and checked against the bounds of a certificate, page by page.

A certificate is a few pages of text and ruled tables. A file with more pages, a page with more
characters or drawn segments than any certificate has, or a page that cannot be parsed is
refused with `Refused` (the sandbox turns it into a 422 with the reason) before the costly work.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from speciosa.adapters.coa.pdf_words import Word, page_words

MAX_PAGES = 30  # a certificate is a few pages; a long document is not a certificate
MAX_CHARS_PER_PAGE = 40_000  # a dense page of small print holds about 10 000
MAX_SEGMENTS_PER_PAGE = 50_000  # ruled tables draw hundreds; a drawing bomb, millions
MAX_FORM_DEPTH = 12  # forms inside forms; real pages nest two or three deep


class Refused(Exception):
    """The file is not a certificate Speciosa will read; the message says why, for a person."""


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    words: list[Word]
    width: float
    height: float
    images: int = 0  # pictures drawn on the page: a scan is one
    picture_share: float = 0.0  # of the page covered by its largest picture (a scan: most)


def open_document(content: bytes) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Refused(
                "The PDF is password-protected. Export the certificate again without a password."
            ) from None
        raise Refused(
            "The PDF cannot be opened (it may be damaged, truncated or password-protected). "
            "Export the certificate again and upload it."
        ) from None
    pages = len(document)
    if pages > MAX_PAGES:
        raise Refused(
            f"The PDF has {pages} pages; a certificate has at most {MAX_PAGES}. Upload only the "
            "certificate's pages."
        )
    if pages == 0:
        raise Refused("The PDF has no pages.")
    return document


def text_pages(document: pdfium.PdfDocument) -> Iterator[PageText]:
    for index in range(len(document)):
        page = document[index]
        try:
            images, largest = _check_drawing(page, index + 1)
            textpage = page.get_textpage()
            count = pdfium_c.FPDFText_CountChars(textpage.raw)
            if count > MAX_CHARS_PER_PAGE:
                raise Refused(
                    f"Page {index + 1} of the PDF holds {count} characters; a certificate page "
                    f"holds far fewer than {MAX_CHARS_PER_PAGE}. This is not a certificate "
                    "Speciosa will read."
                )
            left, bottom, right, top = page.get_cropbox()
            words = page_words(textpage.raw, right - left, top - bottom, page.get_rotation())
            if left or bottom:
                words = [_shift(w, left, bottom, top - bottom) for w in words]
            area = max((right - left) * (top - bottom), 1.0)
            yield PageText(index + 1, words, right - left, top - bottom, images, largest / area)
            textpage.close()
        finally:
            page.close()


def _shift(word: Word, left: float, bottom: float, height: float) -> Word:
    """Boxes measured from a crop box that does not start at the origin (upright pages)."""
    del height
    return Word(
        word.text, word.x0 - left, word.top + bottom, word.x1 - left, word.bottom + bottom,
        word.confidence, word.shown,
    )  # fmt: skip


def _check_drawing(page: pdfium.PdfPage, number: int) -> tuple[int, float]:
    """How many images the page draws and the area of the largest; Refused when it draws more
    than a certificate does."""
    budget = [MAX_SEGMENTS_PER_PAGE]
    images = [0]
    largest = [0.0]

    def walk(count: int, get: object, depth: int) -> None:
        if depth > MAX_FORM_DEPTH:
            raise Refused(
                f"Page {number} of the PDF nests drawings more than {MAX_FORM_DEPTH} deep; a "
                "certificate does not. This is not a certificate Speciosa will read."
            )
        for i in range(count):
            obj = get(i)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                budget[0] -= max(pdfium_c.FPDFPath_CountSegments(obj), 1)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images[0] += 1
                budget[0] -= 1
                largest[0] = max(largest[0], _area(obj))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                inner = pdfium_c.FPDFFormObj_CountObjects(obj)
                walk(inner, lambda j, o=obj: pdfium_c.FPDFFormObj_GetObject(o, j), depth + 1)
            else:
                budget[0] -= 1
            if budget[0] < 0:
                raise Refused(
                    f"Page {number} of the PDF draws more than {MAX_SEGMENTS_PER_PAGE} lines, "
                    "shapes and runs of text; a certificate page draws far fewer. This is not a "
                    "certificate Speciosa will read."
                )

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), 0)
    return images[0], largest[0]


def _area(obj: object) -> float:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    ):
        return 0.0
    return max(right.value - left.value, 0.0) * max(top.value - bottom.value, 0.0)
