"""Under gunicorn (`dashboard.wsgi:server`, 2 workers, loopback): a worker killed in the
middle of a request is replaced while the other keeps answering, and every worker,
the new one included, watches the folder and serves a reload."""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.load_under_reload import SIGNED_IN, production_env
from fixtures_app import write_fixture

REPO = Path(__file__).resolve().parents[1]


def children(pid: int) -> set[int]:
    """The worker processes of the gunicorn master `pid` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, body: dict | None = None, timeout: float = 60) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        if body is None:
            conn.request("GET", path, headers=SIGNED_IN)
        else:
            conn.request("POST", path, body=json.dumps(body),
                         headers={**SIGNED_IN, "Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def gunicorn(tmp_path):
    if not (Path("/proc") / str(os.getpid())).exists():
        pytest.skip("needs /proc to find gunicorn's workers")
    folder = write_fixture(tmp_path / "fx")
    with (folder / "partnership.toml").open("a") as fh:
        fh.write("reload_quiet_s = 1\n")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dashboard.wsgi:server", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5"],
        cwd=REPO, env=production_env(folder, tmp_path / "deploy"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        def both_ready():
            assert proc.poll() is None, proc.stderr.read()
            try:
                ok = get(port, "/_dash-layout", timeout=5)[0] == 200
            except OSError:
                return False
            return ok and len(children(proc.pid)) == 2
        wait_for(both_ready, 120, "gunicorn and its two workers")
        yield proc, port, folder
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


ROUTER = {"output": "..__pages_content.children...__pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"},
                      {"id": "_pages_store", "property": "data"}],
          "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                     {"id": "_pages_location", "property": "search", "value": ""}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


def test_a_killed_worker_is_replaced_and_the_other_keeps_serving(gunicorn):
    proc, port, folder = gunicorn
    status, deps = get(port, "/_dash-dependencies")
    router = dict(ROUTER, output=next(d["output"] for d in json.loads(deps)
                                      if "_pages_content.children" in d["output"]))
    results: list[tuple[float, int | str]] = []
    stop = threading.Event()

    def client():
        while not stop.is_set():
            try:
                status, text = get(port, "/_dash-update-component", router)
                results.append((time.monotonic(), status if "data-area-tile" in text
                                else f"{status} without the overview"))
            except OSError as exc:  # the killed worker's request
                results.append((time.monotonic(), exc.__class__.__name__))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    wait_for(lambda: len(results) >= 4, 60, "answers before the kill")
    workers = children(proc.pid)
    victim = min(workers)
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)    # both workers are busy: it dies mid-request
    # the other worker keeps answering while the new one starts
    wait_for(lambda: sum(1 for t, s in results if t > killed_at and s == 200) >= 3, 60,
             "answers from the surviving worker")
    replaced = wait_for(lambda: (lambda now: now if len(now) == 2 and victim not in now
                                 else None)(children(proc.pid)), 60, "a new worker")
    assert replaced - workers                       # a new pid
    stop.set()
    for t in threads:
        t.join(60)
    failures = [s for t, s in results if s != 200]
    assert len(failures) <= 1, failures             # at most the request in flight
    assert proc.poll() is None                      # the master lives on

    # every worker, the new one too, watches the folder and serves the reload
    with (folder / "priority_areas.csv").open("a", encoding="utf-8") as fh:
        fh.write("neglect,Neglect and home conditions,Neglect Subgroup,\n")

    def all_reloaded():
        answers = [get(port, "/_dash-layout")[1] for _ in range(8)]
        return all("Neglect and home conditions" in a for a in answers)
    wait_for(all_reloaded, 90, "both workers to serve the reloaded folder")
