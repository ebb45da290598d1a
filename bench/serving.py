"""Serving the portal as in production: `make serve` (gunicorn, production settings) in
its own process group, its workers' memory, one HTTP request, and the bench's Redis."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# `make bench` installs the packages before the bench starts: the servers it starts do
# not install them again (nor touch a virtual environment shared with other checkouts).
NOT_REMADE = [
    f"--old-file={target}"
    for target in ("install", "system-packages", ".venv/.installed", "node_modules/.installed")
]


class Server:
    """`make serve` in its own process group, stopped with the whole group."""

    def __init__(self, *, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.log = log.open("w")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", *NOT_REMADE, "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve exited; see {self.log.name}")
            try:
                status, _body = request(self.port, "/healthz", "application/json", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer /healthz in {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of the master, itself a child of make."""
        children = children_of(self.process.pid)
        masters = [pid for pid in children if b"gunicorn" in cmdline(pid)]
        return [worker for master in masters for worker in children_of(master)]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def memory_mb(pid: int) -> float:
    """The peak resident memory of a process so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def request(port: int, url: str, accept: str, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", url, headers={"Accept": accept, "Accept-Language": "en"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def flush_redis(url: str) -> bool:
    """Empty the bench's own Redis database; False when Redis does not answer."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        client.close()
    except Exception as error:  # any failure means: no usable Redis for this run
        print(f"bench: Redis at {url} is not usable ({error}); the cached phase is skipped")
        return False
    return True
