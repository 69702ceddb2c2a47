"""`speciosa serve` — run the web app and API with uvicorn.

Crash behaviour (issue #9): after a kill -9 the server must start again at once.
- No pid or lock files are written; SQLite's -wal/-shm files are recovered by SQLite itself.
- The workers stay in the server's process group: a server started without a terminal becomes
  the leader of a group of its own, so `kill -9 -PGID` reaches every worker. Under a terminal it
  stays in the foreground group the shell made, so Ctrl-C still reaches it (and `make run`).
- A worker dies with its parent (Linux PR_SET_PDEATHSIG): if only the supervising process is
  killed, its orphaned workers do not hold the listening port against the restarted server.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys

import typer
from fastapi import FastAPI

from speciosa.bootstrap import prepare_database
from speciosa.settings import Settings

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# uvicorn's supervisor SIGKILLs a worker that does not answer its health check within this many
# seconds (default 5). A worker still importing on a busy host does not answer for a while, and
# killing it starts the next one just as slowly, in a loop: give workers time.
WORKER_HEALTHCHECK_SECONDS = 60


def lead_own_process_group() -> None:
    """Become a process-group leader unless a terminal's foreground group holds us."""
    if os.getpgrp() == os.getpid():
        return
    try:
        foreground = os.tcgetpgrp(sys.stdin.fileno())
    except (OSError, ValueError):
        foreground = None
    if foreground == os.getpgrp():
        return
    # Failing means already a session leader, or not permitted: a supervisor owns us then.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


def die_with_parent() -> None:
    """In a worker process: ask the kernel to SIGKILL us when the supervisor dies."""
    parent = multiprocessing.parent_process()
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent.pid:
        # The supervisor died before the request above took effect.
        os.kill(os.getpid(), signal.SIGKILL)


def create_worker_app() -> FastAPI:
    """The factory each uvicorn process runs."""
    from speciosa.entrypoints.app import create_app_from_env

    die_with_parent()
    return create_app_from_env()


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes."),
    trusted_proxies: str = typer.Option(
        "",
        "--trusted-proxies",
        envvar="SPECIOSA_TRUSTED_PROXIES",
        help="Comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto headers "
        "are believed (client address, https). Empty: such headers are ignored.",
    ),
) -> None:
    """Serve the web pages and the JSON API. An empty database is created; one that is behind
    its migrations is refused with the command to run."""
    import uvicorn

    settings = Settings.from_env()
    prepare_database(settings)
    lead_own_process_group()
    typer.echo(f"Speciosa on http://{host}:{port} (data: {settings.database_url.split('@')[-1]})")
    proxies = [p.strip() for p in trusted_proxies.split(",") if p.strip()]
    uvicorn.run(
        "speciosa.entrypoints.cli.commands.serve:create_worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        server_header=False,
        log_level="warning",
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
