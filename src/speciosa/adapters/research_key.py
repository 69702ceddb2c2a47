"""The secret key behind the pseudonymous person keys of research exports.

It lives in the data directory (beside the database and photos, readable by the server's user
only), is created on first use, and is never written into an export. Keep it with the backups:
without it the same person gets a different key in the next export.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "research-export.key"
KEY_BYTES = 32


class FileResearchKey:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / KEY_FILE

    def secret(self) -> bytes:
        if not self.path.exists():
            self._create()
        text = self.path.read_text(encoding="ascii").strip()
        try:
            key = bytes.fromhex(text)
        except ValueError:
            raise RuntimeError(f"{self.path} is not a hex key; restore it from a backup") from None
        if len(key) < KEY_BYTES:
            raise RuntimeError(f"{self.path} holds fewer than {KEY_BYTES} bytes")
        return key

    def _create(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes exporting at once keep one key between them.
            handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
