"""A real `speciosa serve` process on 127.0.0.1 for the reliability tests.

The server runs in a session (and so a process group) of its own, so that a test can kill it and
every worker with one SIGKILL, exactly as a crash or an OOM kill would, and so that nothing it
started outlives the test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

from tests.support.postgres import free_port

SPECIOSA = str(Path(sys.executable).with_name("speciosa"))
START_TIMEOUT_SECONDS = 120.0


def server_env(data_dir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPECIOSA_")}
    env |= {
        "SPECIOSA_DATA_DIR": str(data_dir),
        "SPECIOSA_DATABASE_URL": database_url,
        "SPECIOSA_FAST_HASH": "1",
    }
    return env | extra


@dataclass
class ServerProcess:
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    workers: int = 2
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    extra_args: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start and wait until /healthz answers; returns the seconds that took."""
        assert self.process is None or self.process.poll() is not None, "already running"
        started = time.monotonic()
        command = [
            SPECIOSA,
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            *self.extra_args,
        ]
        with open(self.log or os.devnull, "ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = started + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"speciosa serve exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError("speciosa serve did not answer within the start timeout")

    def kill(self, *, group: bool = True) -> None:
        """SIGKILL the server: its whole process group, or (group=False) only the supervisor."""
        if self.process is None or self.process.poll() is not None:
            return
        if group:
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def group_members(self) -> list[int]:
        """Processes still alive in the server's process group (its workers, if any)."""
        if self.process is None:
            return []
        pgid = self.process.pid
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            state, process_group = fields[0], int(fields[2])
            if process_group == pgid and state != "Z":
                alive.append(int(entry.name))
        return alive

    def stop(self) -> None:
        """Graceful stop (SIGTERM to the group), escalating to SIGKILL."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        # Reap stragglers of the group (workers that outlived a graceful stop).
        for pid in self.group_members():
            os.kill(pid, signal.SIGKILL)
