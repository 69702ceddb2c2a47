"""`speciosa serve` — run the web app and API with uvicorn."""

from __future__ import annotations

import typer

from speciosa.adapters.db import migrate
from speciosa.adapters.db.engine import create_db_engine
from speciosa.settings import Settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes."),
) -> None:
    """Serve the web pages and the JSON API. An empty database is created; one that is behind
    its migrations is refused with the command to run."""
    import uvicorn

    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    try:
        migrate.prepare(engine)
    finally:
        engine.dispose()
    typer.echo(f"Speciosa on http://{host}:{port} (data: {settings.database_url.split('@')[-1]})")
    uvicorn.run(
        "speciosa.entrypoints.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        server_header=False,
        log_level="warning",
    )
