"""The child process that parses one PDF: `python -m speciosa.adapters.coa.pdf_worker MODE CPU MB`.

It limits itself first (CPU seconds and address space, inherited by Tesseract), reads the PDF
from standard input and writes one JSON object to standard output: the reading, `{"scanned":
true}` when the text layer is unusable (mode `text`), or `{"refused": reason}`. Anything that
kills it — the limits, a crash in PDFium — is turned into a refusal by the sandbox.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speciosa.adapters.coa.pdf_pages import PageText

# The server's own priority. At nice 10 a real certificate (0.2 s of CPU) took up to 24 s of
# wall time beside four busy processes on two cores, and at nice 4 the text bomb (1.3 s of CPU)
# took 7.6 s; at 0 they took at most 3 s and 2 s while check-ins still answered within 0.1 s
# (issue 14 stop 13, measured). The caps and RLIMIT_CPU bound what a hostile file can take.
NICENESS = 0
SCAN_SHARE = 0.5  # a picture over half the page or more is a scanned page, not a logo
MIN_PAGE_WORDS = 10
# A page image with fewer words of text than this is a scan with a stray caption ("Scanned
# with …"): it is read by OCR.
MIN_TEXT_WORDS = 25
NO_TEXT = (
    "The PDF has no text and no scanned image: there is nothing on it to read. It looks like a "
    "scan that lost its picture, or a drawing. Upload the lab's text PDF, or type the results "
    "into a CSV file (analyte,value,unit)."
)


def limit_self(cpu_seconds: int, megabytes: int) -> None:
    # A slow PDF must not slow anyone else's request: bounded by RLIMIT_CPU and the caps (see
    # NICENESS for why not a lower priority).
    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    size = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def parse(content: bytes, mode: str) -> dict[str, Any]:
    from speciosa.adapters.coa.ocr import ocr_pages
    from speciosa.adapters.coa.page_reading import read_pages
    from speciosa.adapters.coa.pdf_pages import Refused, open_document, text_pages

    try:
        document = open_document(content)
        pages = list(text_pages(document))
        if mode.startswith("ocr:"):  # these pages are scans; the others keep their text
            numbers = [int(n) for n in mode[4:].split(",")]
            scans = {p.number: p for p in ocr_pages(document, numbers)}
            pages = [scans.get(p.number, p) for p in pages]
            ocr = True
        else:
            readable = readable_words([w.text for p in pages for w in p.words])
            if readable == 0 and not any(p.images for p in pages):
                return {"refused": NO_TEXT}
            scanned = scanned_pages(pages, readable)
            if scanned:
                return {"scanned": True, "scan_pages": scanned, "pages": len(pages)}
            ocr = False
        reading = read_pages(pages)
    except Refused as refusal:
        return {"refused": str(refusal)}
    except MemoryError:
        raise
    except Exception as error:  # PDFium and rendering raise many kinds on a broken file
        return {
            "refused": "The PDF could not be read to the end (it may be damaged or use features "
            f"Speciosa does not read; {type(error).__name__}). Export the certificate again from "
            "the lab's site, or print it to PDF, and upload that file."
        }
    return {
        "header": reading.header,
        "results": [asdict(r) for r in reading.results],
        "unreadable": [asdict(u) for u in reading.unreadable],
        "pages": len(pages),
        "ocr": ocr,
        "words": sum(len(p.words) for p in pages),
    }


def scanned_pages(pages: list[PageText], readable: int) -> list[int]:
    """Pages that are pictures of print: nearly no text and a picture over most of the page; or
    every page with a picture when the whole file has hardly any text."""
    if readable < MIN_TEXT_WORDS:
        return [p.number for p in pages if p.images]
    return [
        p.number
        for p in pages
        if p.picture_share >= SCAN_SHARE
        and readable_words([w.text for w in p.words]) < MIN_PAGE_WORDS
    ]


def readable_words(words: list[str]) -> int:
    """Words that are mostly letters and digits (a broken text layer maps glyphs to junk)."""
    return sum(1 for w in words if sum(c.isalnum() for c in w) >= max(1, len(w) // 2))


def main() -> None:
    mode, cpu, megabytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    limit_self(cpu, megabytes)
    content = sys.stdin.buffer.read()
    try:
        answer = parse(content, mode)
    except MemoryError:
        answer = {"refused": "memory"}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
