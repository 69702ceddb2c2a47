"""Certificate readers: JSON, CSV and text-based PDF files into a domain `Certificate`.

`CertificateFileReader.read(filename, content)` is the one entry point (the services' port);
it sniffs the format from the bytes, not from what the uploader claims. Anything that is not a
readable certificate raises `InvalidInput` naming the problem — never a half-read certificate.
"""

from speciosa.adapters.coa.formats import CertificateFileReader

__all__ = ["CertificateFileReader"]
