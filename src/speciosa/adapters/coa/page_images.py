"""The region of a stored PDF certificate's page a value was read from, as a PNG (pypdfium2).

The band shown spans the row's width (the analyte, result and unit columns are all in it) with
the rows above and below for context, and the row itself outlined. A row is as wide as the page,
so on a phone that band would be shrunk to unreadable print or need a sideways swipe; for a phone
there is also the *compare strip*: just the analyte's words and the result's words of the row,
cut out at the same scale and set side by side (stacked when the pair would still be too wide).
Rendering is bounded: at most `MAX_PIXELS` on the longer side whatever size the page claims, and
PDFium (not thread-safe) is entered by one thread at a time.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from speciosa.domain.foundation.errors import InvalidInput, NotFound

SCALE = 2.0  # 144 dpi: small print on a certificate stays legible on a phone
MAX_PIXELS = 2400
MARGIN = 28.0  # points above and below the row, so the neighbouring rows give context
SIDE_MARGIN = 12.0
OUTLINE = (214, 40, 40)
# The compare strip: at STRIP_SCALE 7-point print is 21 px tall, shown at its own size on a phone
# (a column about 320 px wide). A pair wider than STRIP_WIDE is stacked, so that shrunk to fit
# the column its print is still at least 12 px tall.
STRIP_SCALE = 3.0
STRIP_WIDE = 540
STRIP_GAP = 24  # px between the analyte and the result, with a rule: columns left out between
STRIP_PAD = 3.0  # points around each cut-out
RULE = (150, 150, 150)
_PDFIUM = threading.Lock()

Box = tuple[float, float, float, float]


class PdfiumPageImages:
    def region_png(
        self, pdf: bytes, page: int, bbox: tuple[float, float, float, float] | None
    ) -> bytes:
        return self._with_page(pdf, page, lambda p: _render(p, bbox))

    def compare_png(self, pdf: bytes, page: int, analyte: Box, value: Box) -> bytes:
        return self._with_page(pdf, page, lambda p: _strip(p, analyte, value))

    @staticmethod
    def _with_page(pdf: bytes, page: int, draw: Callable[[Any], bytes]) -> bytes:
        import pypdfium2

        with _PDFIUM:
            try:
                document = pypdfium2.PdfDocument(pdf)
            except pypdfium2.PdfiumError:
                raise InvalidInput(
                    "The stored PDF cannot be opened to show its page.", field="file"
                ) from None
            try:
                if not 1 <= page <= len(document):
                    raise NotFound(f"The certificate has no page {page}.")
                return draw(document[page - 1])
            finally:
                document.close()


def _render(page: object, bbox: tuple[float, float, float, float] | None) -> bytes:
    from PIL import ImageDraw

    width, height = page.get_size()  # type: ignore[attr-defined]
    left, top, right, bottom = 0.0, 0.0, float(width), float(height)
    if bbox is not None:
        top = max(0.0, min(bbox[1], height) - MARGIN)
        bottom = min(float(height), max(bbox[3], 0.0) + MARGIN)
        left = max(0.0, min(bbox[0], width) - SIDE_MARGIN)
        right = min(float(width), max(bbox[2], 0.0) + SIDE_MARGIN)
        if bottom <= top or right <= left:
            left, top, right, bottom = 0.0, 0.0, float(width), float(height)
    scale = min(SCALE, MAX_PIXELS / max(right - left, bottom - top, 1.0))
    # crop = amounts cut from (left, bottom, right, top), in points from each edge
    bitmap = page.render(  # type: ignore[attr-defined]
        scale=scale, crop=(left, height - bottom, width - right, top), may_draw_forms=True
    )
    image = bitmap.to_pil().convert("RGB")
    if bbox is not None:
        x0, row_top, x1, row_bottom = bbox
        box = [
            max(0.0, (x0 - left - 3) * scale),
            max(0.0, (row_top - top - 3) * scale),
            min(image.width - 1.0, (x1 - left + 3) * scale),
            min(image.height - 1.0, (row_bottom - top + 3) * scale),
        ]
        if box[2] > box[0] and box[3] > box[1]:
            ImageDraw.Draw(image).rectangle(box, outline=OUTLINE, width=max(2, round(scale)))
    return _png(image)


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _strip(page: Any, analyte: Box, value: Box) -> bytes:
    """The analyte and the result of one row, cut out at STRIP_SCALE on one band of the row's
    height (so their print lines up), side by side with a rule between them, or stacked."""
    from PIL import Image, ImageDraw

    width, height = page.get_size()
    top = max(0.0, min(analyte[1], value[1]) - STRIP_PAD)
    bottom = min(float(height), max(analyte[3], value[3]) + STRIP_PAD)
    pieces = []
    for x0, _, x1, _ in (analyte, value):
        left, right = max(0.0, x0 - STRIP_PAD), min(float(width), x1 + STRIP_PAD)
        if (
            right <= left
            or bottom <= top
            or max(right - left, bottom - top) * STRIP_SCALE > MAX_PIXELS
        ):
            return _render(page, None)  # boxes that do not fit the page: show it whole
        crop = (left, height - bottom, width - right, top)
        pieces.append(page.render(scale=STRIP_SCALE, crop=crop).to_pil().convert("RGB"))
    first, second = pieces
    if first.width + STRIP_GAP + second.width <= STRIP_WIDE:  # side by side
        size = (first.width + STRIP_GAP + second.width, max(first.height, second.height))
        at = (first.width + STRIP_GAP, 0)
        middle = first.width + STRIP_GAP // 2
        rule = [(middle, 2), (middle, size[1] - 3)]
    else:  # stacked: the analyte above its result
        size = (max(first.width, second.width), first.height + STRIP_GAP + second.height)
        at = (0, first.height + STRIP_GAP)
        middle = first.height + STRIP_GAP // 2
        rule = [(2, middle), (size[0] - 3, middle)]
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(first, (0, 0))
    image.paste(second, at)
    ImageDraw.Draw(image).line(rule, fill=RULE, width=1)
    return _png(image)
