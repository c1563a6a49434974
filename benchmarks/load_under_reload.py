"""Load test: simulated users through every page while the data reloads (loopback only).

    python benchmarks/load_under_reload.py [--users 50] [--seconds 60] [--reloads 2]
                                           [--think 3] [--workers 2] [--data DIR]

Copies the dataset folder (default: the demo) to a temporary folder, sets
reload_quiet_s = 1 there, and serves it as in production: gunicorn
`dashboard.wsgi:server` with --workers processes on 127.0.0.1 (each watching the
folder). Each user loads the page shell (/_dash-layout) now and then and, page after
page, asks Dash's page router for the page's content and the shell's callbacks for the
filter words and links, as the browser does (POST /_dash-update-component), reading
each page for about --think seconds (0: no pause). Meanwhile the folder is changed
--reloads times, evenly spread: every priority area's name and the partnership's name get a version tag
("[v2]") and as_of moves a month back, so each answer can be checked to come from one
version: its tags all agree, and in the shell the as-of date is that version's too.

Prints one table (requests, errors, p50 and p95 in ms, per page) and exits 1 on any
error, mixed answer, or a reload that never arrived. tests/test_load.py runs a short
version in CI.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TAG = re.compile(r"\[v(\d+)\]")
AS_OF_WORDS = re.compile(r"data as of (\d{1,2} [A-Z][a-z]{2} \d{4})", re.I)
LOOPBACK = "127.0.0.1"


# -- the versions of the folder -------------------------------------------------------------
def month_end_before(d: dt.date) -> dt.date:
    return d.replace(day=1) - dt.timedelta(days=1)


def day_words(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"  # as the dashboard writes a date (components/format.py)


def _toml_lines(folder: Path, **settings) -> None:
    path = folder / "partnership.toml"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.split("=")[0].strip() not in settings]
    lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml(folder: Path) -> dict:
    import tomllib

    return tomllib.loads((folder / "partnership.toml").read_text(encoding="utf-8"))


class Versions:
    """The folder's versions: version k tags every area and the partnership "[vk]" and
    has its own as_of. `make(k)` writes version k into the folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        meta = _toml(folder)
        self.name = TAG.sub("", meta["name"]).strip()
        first = dt.date.fromisoformat(str(meta["as_of"])) if "as_of" in meta else dt.date.today()
        self.as_of = {1: first}
        with (folder / "priority_areas.csv").open(newline="", encoding="utf-8-sig") as fh:
            header, *rows = list(csv.reader(fh))
        col = header.index("name")
        self.rows = [header] + [r[:col] + [TAG.sub("", r[col]).strip()] + r[col + 1:]
                                for r in rows]

    def as_of_of(self, k: int) -> dt.date:
        while k not in self.as_of:
            last = max(self.as_of)
            self.as_of[last + 1] = month_end_before(self.as_of[last])
        return self.as_of[k]

    def version_of_as_of(self, words: str) -> int | None:
        return next((k for k, d in self.as_of.items() if day_words(d) == words), None)

    def make(self, k: int) -> None:
        header, *rows = self.rows
        col = header.index("name")
        tagged = [r[:col] + [f"{r[col]} [v{k}]"] + r[col + 1:] for r in rows]
        tmp = self.folder / "priority_areas.csv.part~"  # the watcher ignores *~ files
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *tagged])
        os.replace(tmp, self.folder / "priority_areas.csv")
        _toml_lines(self.folder, name=f"{self.name} [v{k}]",
                    as_of=self.as_of_of(k).isoformat(), reload_quiet_s=1)


# -- what the users do ----------------------------------------------------------------------
@dataclass
class Stats:
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))
    mixed: list = field(default_factory=list)
    versions_seen: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies[label].append(seconds)
            if error:
                self.errors[label] += 1
                if len(self.mixed) < 20:
                    self.mixed.append(f"{label}: {error}")


class Client:
    """One user's keep-alive connection to the loopback server."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {**SIGNED_IN, **({"Content-Type": "application/json"} if data else {})}
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a keep-alive connection the server closed: open a new one, once
                self.conn.close()
                self.conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def dependencies(client: Client) -> dict[str, str]:
    """The callback ids the browser posts, read from Dash's own /_dash-dependencies."""
    status, text = client.request("GET", "/_dash-dependencies")
    assert status == 200, status
    deps = json.loads(text)
    find = lambda part: next(d["output"] for d in deps if part in d["output"])  # noqa: E731
    return {"router": find("_pages_content.children"), "words": find("filters-words.children"),
            "chrome": find("reloaded-notice.children")}


def components(node):
    """Every component (its props) in a layout's JSON."""
    if isinstance(node, dict):
        if isinstance(node.get("props"), dict):
            yield node["props"]
        for v in node.values():
            yield from components(v)
    elif isinstance(node, list):
        for v in node:
            yield from components(v)


def shell_pages(layout: dict) -> list[str]:
    """Every page the shell's menus link to (priority areas included), in order."""
    found: list[str] = []
    for props in components(layout):
        cid = props.get("id")
        if isinstance(cid, dict) and cid.get("type") == "nav-link":
            path = cid["index"].split("#")[0]
            if path not in found:
                found.append(path)
    return found


def shell_stamp(layout: dict) -> str | None:
    """Which set the shell was built on (its loaded time), as the browser keeps it."""
    return next((p.get("data") for p in components(layout)
                 if p.get("id") == "shell-loaded-at"), None)


def check_one_version(label: str, text: str, versions: Versions, stats: Stats,
                      shell: bool = False) -> str | None:
    """None when every version mark in the answer agrees; else what disagrees."""
    tags = {int(t) for t in TAG.findall(text)}
    if shell:
        for words in set(AS_OF_WORDS.findall(text)):
            k = versions.version_of_as_of(words)
            tags.add(k if k is not None else -1)
    with stats.lock:
        stats.versions_seen |= {t for t in tags if t > 0}
    if len(tags) > 1:
        return f"mixed versions {sorted(tags)}"
    return None


def router_body(output: str, path: str, search: str = "") -> dict:
    return {"output": output,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def words_body(output: str, search: str) -> dict:
    return {"output": output, "outputs": {"id": "filters-words", "property": "children"},
            "inputs": [{"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.search"], "state": []}


def chrome_body(output: str, path: str, search: str, stamp: str | None) -> dict:
    outputs = [[]] + [{"id": i, "property": p} for i, p in (
        ("pack-link", "href"), ("filter-clear", "href"), ("shell", "className"),
        ("public-banner", "children"), ("reloaded-notice", "children"))]
    return {"output": output, "outputs": outputs,
            "inputs": [{"id": "url", "property": "pathname", "value": path},
                       {"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"],
            "state": [[], {"id": "shell-loaded-at", "property": "data", "value": stamp}]}


SEARCHES = ("", "", "?from=all", "?public=1", "?present=1")


def user(port: int, stop: threading.Event, versions: Versions, stats: Stats, seed: int,
         think: float = 0.0) -> None:
    rng = random.Random(seed)
    client = Client(port)
    try:
        deps = dependencies(client)
        pages: list[str] = []
        stamp = None
        step = 0
        while not stop.is_set():
            if step % 6 == 0:  # a page load: the index and the shell of the set now served
                t = time.monotonic()
                status, _ = client.request("GET", "/")
                stats.record("GET /", time.monotonic() - t,
                             None if status == 200 else f"HTTP {status}")
                t = time.monotonic()
                status, text = client.request("GET", "/_dash-layout")
                error = (f"HTTP {status}" if status != 200 else
                         check_one_version("shell", text, versions, stats, shell=True))
                stats.record("shell (/_dash-layout)", time.monotonic() - t, error)
                if status == 200:
                    layout = json.loads(text)
                    pages = shell_pages(layout) or ["/"]
                    stamp = shell_stamp(layout)
            path = pages[(seed + step) % len(pages)] if pages else "/"
            search = rng.choice(SEARCHES)
            label = "/area/…" if path.startswith("/area/") else path
            t = time.monotonic()
            status, text = client.request("POST", "/_dash-update-component",
                                          router_body(deps["router"], path, search))
            error = (f"HTTP {status}" if status != 200 else
                     "the page could not be drawn" if "data-page-error" in text else
                     check_one_version(path, text, versions, stats))
            stats.record(label, time.monotonic() - t, error)
            for name, body in (("words", words_body(deps["words"], search)),
                               ("chrome", chrome_body(deps["chrome"], path, search, stamp))):
                t = time.monotonic()
                status, text = client.request("POST", "/_dash-update-component", body)
                stats.record(f"callback: {name}", time.monotonic() - t,
                             None if status in (200, 204) else f"HTTP {status}")
            step += 1
            if think:
                stop.wait(rng.uniform(0.5, 1.5) * think)
    except Exception as exc:  # a dropped connection is an error, not a crash of the test
        stats.record("connection", 0.0, f"{exc.__class__.__name__}: {exc}")
    finally:
        client.conn.close()


# dashboard.wsgi always requires login: the load signs in as a trusted proxy on loopback
# would (product.md: a proxy may name the signed-in user in a header)
PROXY_USER_HEADER = "X-Remote-User"
SIGNED_IN = {PROXY_USER_HEADER: "load-test"}


def production_env(folder: Path, deploy: Path) -> dict:
    """The environment dashboard.wsgi needs (README "Production with gunicorn"): the
    data, login through a proxy header from loopback, an audit log and a session key."""
    deploy.mkdir(parents=True, exist_ok=True)
    # the deployment settings come from here alone; the cache folder may be the caller's
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DASHBOARD_") or k == "DASHBOARD_CACHE"}
    return {**env, "DASHBOARD_DATA": str(folder), "DASHBOARD_AUTH_HEADER": PROXY_USER_HEADER,
            "DASHBOARD_AUDIT_LOG": str(deploy / "audit.jsonl"),
            "DASHBOARD_SECRET_KEY": secrets.token_hex(32)}


def served_version(port: int) -> int | None:
    """The version whose shell the server gives a new page load now."""
    client = Client(port)
    try:
        status, text = client.request("GET", "/_dash-layout")
    except OSError:   # busy: ask again
        return None
    finally:
        client.conn.close()
    tags = {int(t) for t in TAG.findall(text)} if status == 200 else set()
    return tags.pop() if len(tags) == 1 else None


def run_load(port: int, folder: Path, *, users: int, seconds: float, reloads: int,
             think: float = 0.0, reload_timeout: float = 120) -> tuple[Stats, list[int]]:
    """`users` users against the server on loopback `port` serving `folder`, which is
    changed `reloads` times, evenly spread over `seconds`. The users go on until
    `seconds` have passed and the last version is served (each reload waits for the
    folder to be quiet, then loads while the users keep asking). Returns the stats and
    the versions written; a reload not served within `reload_timeout` is an error."""
    versions = Versions(folder)
    stats = Stats()
    stop = threading.Event()
    start = time.monotonic()
    threads = [threading.Thread(target=user, args=(port, stop, versions, stats, i, think),
                                daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    written = [1]
    try:
        for k in range(2, reloads + 2):
            time.sleep(max(0.0, start + seconds * (k - 1) / (reloads + 1) - time.monotonic()))
            versions.make(k)
            written.append(k)
            waited = time.monotonic()
            while served_version(port) != k:
                if time.monotonic() - waited > reload_timeout:
                    stats.record("reload", 0.0, f"version {k} was not served after "
                                                f"{reload_timeout:g} s")
                    break
                time.sleep(0.5)
            stats.record("reload", time.monotonic() - waited)
        time.sleep(max(0.0, start + seconds - time.monotonic()))
        # on a busy machine a user's next answer may come after the time is up: go on
        # until some user has been answered from the last version
        waited = time.monotonic()
        while written[-1] not in stats.versions_seen and \
                time.monotonic() - waited < reload_timeout:
            time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join(120)
    return stats, written


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def table(stats: Stats) -> str:
    lines = [f"{'page':32} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}"]
    for label in sorted(stats.latencies):
        v = stats.latencies[label]
        lines.append(f"{label[:32]:32} {len(v):9d} {stats.errors.get(label, 0):7d} "
                     f"{percentile(v, 50) * 1000:8.0f} {percentile(v, 95) * 1000:8.0f}")
    total = sum(len(v) for v in stats.latencies.values())
    lines.append(f"{'all':32} {total:9d} {sum(stats.errors.values()):7d}")
    return "\n".join(lines)


def prepare(source: Path, into: Path) -> Path:
    """A copy of the folder to change, marked as version 1, reloaded after 1 s quiet."""
    folder = into / "data"
    shutil.copytree(source, folder)
    Versions(folder).make(1)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def wait_until_served(port: int, proc: subprocess.Popen, timeout: float = 180) -> None:
    """Until the server answers with its page shell (gunicorn's master listens before
    its workers have loaded the data)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: the server exited with {proc.returncode}")
        try:
            client = Client(port)
            try:
                if client.request("GET", "/_dash-layout")[0] == 200:
                    return
            finally:
                client.conn.close()
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("error: the server did not start")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--reloads", type=int, default=2)
    ap.add_argument("--data", type=Path, default=REPO / "datasets" / "demo",
                    help="the dataset folder to copy (default: the demo)")
    ap.add_argument("--think", type=float, default=3.0,
                    help="seconds a user reads a page before the next (about; 0: none)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    ap.add_argument("--port", type=int, default=0, help="loopback port (default: a free one)")
    args = ap.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.reloads < 0 or args.think < 0 \
            or args.workers < 1:
        ap.error("--users and --workers must be 1 or more, --seconds above 0, --reloads "
                 "and --think 0 or more")
    if not (args.data / "partnership.toml").is_file():
        ap.error(f"{args.data} is not a dataset folder (no partnership.toml)")
    with tempfile.TemporaryDirectory(prefix="lscp-load-") as tmp:
        folder = prepare(args.data, Path(tmp))
        port = args.port or free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "dashboard.wsgi:server",
             "--workers", str(args.workers), "--bind", f"{LOOPBACK}:{port}",
             "--timeout", "120"], cwd=REPO, env=production_env(folder, Path(tmp) / "deploy"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_until_served(port, proc)
            print(f"{args.users} users for {args.seconds:g} s, {args.reloads} reloads, "
                  f"think {args.think:g} s, {args.workers} gunicorn workers, {folder} on "
                  f"{LOOPBACK}:{port}", file=sys.stderr)
            stats, written = run_load(port, folder, users=args.users, seconds=args.seconds,
                                      reloads=args.reloads, think=args.think)
        finally:
            proc.terminate()
            try:
                _, log = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, log = proc.communicate()
    print(table(stats))
    print(f"versions written {written}, seen in answers {sorted(stats.versions_seen)}")
    failed = sum(stats.errors.values()) > 0 or stats.versions_seen != set(written)
    for line in stats.mixed:
        print("  " + line)
    if "Traceback" in (log or "") or "WORKER TIMEOUT" in (log or ""):
        print("the server logged a traceback:\n" + log[-3000:])
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
