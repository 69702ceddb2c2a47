"""Which reader a file needs, decided from its bytes; empty and binary files are refused."""

from __future__ import annotations

from speciosa.adapters.coa.csv_reader import read_csv
from speciosa.adapters.coa.json_reader import read_json
from speciosa.adapters.coa.pdf_reader import read_pdf
from speciosa.domain.foundation.errors import InvalidInput
from speciosa.domain.sources.certificate import Certificate

FIELD = "file"
# Control characters other than tab, newline, carriage return and form feed mark binary data.
_TEXT_CONTROLS = {9, 10, 12, 13}


class CertificateFileReader:
    """Implements `services.ports.outside.CertificateReader`."""

    def read(self, filename: str, content: bytes) -> Certificate:
        return read_certificate(filename, content)


def read_certificate(filename: str, content: bytes) -> Certificate:
    if not content or not content.strip():
        raise InvalidInput(f"The file {filename or ''} is empty.".replace("  ", " "), field=FIELD)
    if content.lstrip()[:5] == b"%PDF-":
        return read_pdf(content)
    text = decode_text(content, filename)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")) or filename.lower().endswith(".json"):
        return read_json(stripped)
    return read_csv(text)


def decode_text(content: bytes, filename: str = "") -> str:
    name = f" {filename}" if filename else ""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"The file{name} is not a certificate Speciosa can read: it is neither UTF-8 text "
            "(JSON or CSV) nor a PDF.",
            field=FIELD,
        ) from None
    if any(ord(c) < 32 and ord(c) not in _TEXT_CONTROLS for c in text[:65536]):
        raise InvalidInput(
            f"The file{name} holds binary data, not a JSON, CSV or PDF certificate.", field=FIELD
        )
    return text
