"""The installable web app: its manifest and its service worker, both served from the site root.

A service worker controls only the paths under the one it is served from, so `/sw.js` (not
`/static/...`) is what lets it keep the check-in and dose pages for offline use. Both are public:
a phone fetches them before and after sign-in, and they hold no one's data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

router = APIRouter()
SERVICE_WORKER = Path(__file__).parent.parent / "static" / "pwa" / "sw.js"

MANIFEST: dict[str, Any] = {
    "name": "Speciosa",
    "short_name": "Speciosa",
    "description": "Daily check-ins, doses and your taper plan, with your clinician.",
    "start_url": "/me",
    "scope": "/",
    "display": "standalone",
    "background_color": "#f7f8f6",
    "theme_color": "#2f6b4f",
    "icons": [
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
        {
            "src": "/static/icons/icon-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ],
}


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    return JSONResponse(MANIFEST, media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> FileResponse:
    # no-cache: the browser checks for a new worker on every visit instead of keeping an old one.
    return FileResponse(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )
