"""PDFs written byte by byte, for what fpdf2 will not make: hostile files (a grid of thousands of
lines, one compressed stream shared by every page, a thousand pages, nesting without end) and
certificates with odd text layers (NUL bytes, a rotated page). All are made by the tests; none
is committed as a binary.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def assemble(objects: Sequence[bytes]) -> bytes:
    """Objects 1..n (1 is the catalogue) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def stream(data: bytes, *, compress: bool = False, extra: bytes = b"") -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_ops(cells: Sequence[tuple[float, float, str]], size: float = 10) -> bytes:
    """Content drawing each (x, y-from-top, text) on a US-letter page in Helvetica."""
    ops = bytearray()
    for x, y, text in cells:
        escaped = text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
        escaped = escaped.replace(b")", b"\\)")
        ops += b"BT /F1 %g Tf %g %g Td (" % (size, x, 792 - y) + escaped + b") Tj ET\n"
    return bytes(ops)


def one_page(content: bytes, *, rotate: int = 0, page_extra: bytes = b"") -> bytes:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate %d "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R %s >>" % (rotate, page_extra)
    )
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            FONT,
            stream(content),
        ]
    )


def grid(lines: int) -> bytes:
    """A page ruled with `lines` horizontal and `lines` vertical lines, and no text."""
    ops = bytearray(b"0.1 w\n")
    for i in range(lines):
        at = 20 + i * 570 / lines
        ops += b"20 %.2f m 590 %.2f l S\n%.2f 20 m %.2f 770 l S\n" % (at, at, at, at)
    return one_page(bytes(ops))


def shared_stream_bomb(pages: int = 20, repeats: int = 400_000) -> bytes:
    """Every page draws one small compressed stream that inflates to megabytes of text."""
    text = b"BT /F1 1 Tf 0 0 Td " + b"(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj " * repeats
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        stream(text + b" ET", compress=True),
        FONT,
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
    ] * pages
    return assemble(objects)


def many_pages(pages: int = 1000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        stream(text_ops([(72, 72, "Lead 0.1 ppm")])),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * pages
    return assemble(objects)


def deep_nesting(depth: int = 100_000, forms: int = 300) -> bytes:
    """Arrays nested `depth` deep in the page, and forms that draw forms `forms` deep."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Nest "
        + nested
        + b" /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"/X Do"),
    ]
    for level in range(forms):
        inner = b"<< /XObject << /X %d 0 R >> >>" % (6 + level) if level + 1 < forms else b"<< >>"
        body = b"/X Do" if level + 1 < forms else b"0 0 m 10 10 l S"
        objects.append(
            stream(
                body,
                extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + inner,
            )
        )
    return assemble(objects)
