"""The region of a stored PDF certificate's page a value was read from, as a PNG (pypdfium2).

The band shown spans the row's width (the analyte, result and unit columns are all in it) with
the rows above and below for context, and the row itself outlined. Rendering is bounded: at most
`MAX_PIXELS` on the longer side whatever size the page claims, and PDFium (not thread-safe) is
entered by one thread at a time.
"""

from __future__ import annotations

import io
import threading

from speciosa.domain.foundation.errors import InvalidInput, NotFound

SCALE = 2.0  # 144 dpi: small print on a certificate stays legible on a phone
MAX_PIXELS = 2400
MARGIN = 28.0  # points above and below the row, so the neighbouring rows give context
SIDE_MARGIN = 12.0
OUTLINE = (214, 40, 40)
_PDFIUM = threading.Lock()


class PdfiumPageImages:
    def region_png(
        self, pdf: bytes, page: int, bbox: tuple[float, float, float, float] | None
    ) -> bytes:
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
                return _render(document[page - 1], bbox)
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
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
