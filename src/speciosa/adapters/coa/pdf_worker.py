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
from typing import Any

NICENESS = 10
# A page image with fewer words of text than this is a scan with a stray caption ("Scanned
# with …"): it is read by OCR.
MIN_TEXT_WORDS = 25
NO_TEXT = (
    "The PDF has no text and no scanned image: there is nothing on it to read. It looks like a "
    "scan that lost its picture, or a drawing. Upload the lab's text PDF, or type the results "
    "into a CSV file (analyte,value,unit)."
)


def limit_self(cpu_seconds: int, megabytes: int) -> None:
    # Below the server's own priority: a slow PDF must not slow anyone else's request.
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
        if mode == "ocr":
            pages = list(ocr_pages(document))
            ocr = True
        else:
            pages = list(text_pages(document))
            readable = readable_words([w.text for p in pages for w in p.words])
            scan = any(p.images for p in pages)
            if readable == 0 and not scan:
                return {"refused": NO_TEXT}
            if readable < MIN_TEXT_WORDS and scan:
                return {"scanned": True, "pages": len(pages)}
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
