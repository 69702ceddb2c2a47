"""Settings, read once from the environment by the entrypoints and handed to `bootstrap`.

- SPECIOSA_DATA_DIR: where the SQLite database, photos and keys live
  (default: the platform's user data dir).
- SPECIOSA_DATABASE_URL: a SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db
  (default: SQLite in the data dir).
- SPECIOSA_MAX_UPLOAD_MB: largest accepted photo or certificate upload (default 20).
- SPECIOSA_SECURE_COOKIES: 1 to mark cookies Secure behind HTTPS (default: on for https requests).
- SPECIOSA_FAST_HASH: 1 for cheap Argon2 parameters, tests and demo only (default 0).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

MiB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    max_upload_bytes: int = 20 * MiB
    max_body_bytes: int = 1 * MiB
    secure_cookies: bool | None = None
    fast_password_hashing: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("SPECIOSA_DATA_DIR") or platformdirs.user_data_dir("speciosa"))
        data_dir = data_dir.expanduser().resolve()
        url = (
            env.get("SPECIOSA_DATABASE_URL")
            or f"sqlite+pysqlite:///{data_dir / 'speciosa.sqlite3'}"
        )
        secure = env.get("SPECIOSA_SECURE_COOKIES")
        return cls(
            data_dir=data_dir,
            database_url=url,
            max_upload_bytes=int(float(env.get("SPECIOSA_MAX_UPLOAD_MB", "20")) * MiB),
            secure_cookies=None if secure is None else secure.strip() in {"1", "true", "yes"},
            fast_password_hashing=env.get("SPECIOSA_FAST_HASH", "0").strip()
            in {"1", "true", "yes"},
        )

    def with_data_dir(self, data_dir: Path) -> Settings:
        return replace(
            self,
            data_dir=data_dir,
            database_url=f"sqlite+pysqlite:///{data_dir / 'speciosa.sqlite3'}",
        )

    @property
    def photo_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
