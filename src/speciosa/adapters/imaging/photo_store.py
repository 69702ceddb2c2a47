"""Content-addressed photo files under `settings.photo_dir`, outside the database.

A photo is stored once under `ab/abcdef….jpg` (its SHA-256), written to a temporary file and
renamed into place so a crash never leaves half a photo. Files are readable by the server's own
user only (0600 in 0700 folders); people get photos through an access-checked, audited route,
never as static files.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from speciosa.domain.foundation.errors import NotFound

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class FilePhotoStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, sha256: str) -> Path:
        if not _DIGEST.match(sha256):
            raise NotFound("There is no such photo.")
        return self._root / sha256[:2] / f"{sha256}.jpg"

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        path = self._path(digest)
        if path.exists():
            return digest
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self._root, 0o700)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        path = self._path(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise NotFound("The photo file is missing from the photo store.") from None
