"""Benchmark of issue 11 at scale: one table with every target measured.

    python benchmarks/scale.py [--sizes 1000000,5000000] [--root DIR] [--rounds 3]
                               [--calls 200] [--pages all|overview,front-door,...]

For each size it writes the demo dataset with that many MASH contacts (once, kept under
--root, default /tmp/lscp-scale) and the pandas peer's Parquet file, then measures, each
as a whole process with its own peak memory (RSS, from wait4):

- first start: `validate` with an empty cache folder (read, validate, build the
  database file) and restart: `validate` again on the unchanged files;
- `summary` on the cached database against the pandas peer (benchmarks/pandas_peer.py
  figures), alternating, --rounds times each, medians and their ratio;
- callbacks: in one serving process (create_app on the cached database, the real Flask
  app), each page's content callback (POST /_dash-update-component, Dash's page router,
  as the browser posts it) with --calls distinct random filter sets in the address,
  the dataset's memo and any result cache cleared before every call: p50 and p95 per
  page, and the process's peak memory;
- `validate` of a 40 MB file with 10,000 columns (time and peak memory).

The load test (50 users for 60 s against gunicorn) is benchmarks/load_under_reload.py;
--load runs it too and prints its table after this one. Timings are wall-clock seconds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB, exit status, stdout) of one whole process."""
    import tempfile

    t = time.perf_counter()
    # stderr to a file, not a pipe: a child that logs much (a server's requests) would
    # otherwise block on a full pipe while its stdout is being read
    with tempfile.TemporaryFile() as errfile:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errfile, cwd=REPO,
                                env={**os.environ, **(env or {})})
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        errfile.seek(0)
        err = errfile.read()
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not out.strip()):
        sys.stderr.write(err.decode(errors="replace")[-3000:])
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode})")
    return seconds, usage.ru_maxrss / 1024, proc.returncode, out.decode()


def dashboard(*args: str) -> list[str]:
    return [PY, "-m", "dashboard", *args]


def prepare(root: Path, n: int) -> tuple[Path, Path]:
    data = root / f"contacts-{n}"
    if not (data / "mash_contacts.csv").exists():
        print(f"writing the demo with {n:,} contacts to {data}", file=sys.stderr, flush=True)
        subprocess.run(dashboard("demo-data", "--out", str(data), "--contacts", str(n),
                                 "--force"), check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    parquet = root / f"contacts-{n}.parquet"
    if not parquet.exists():
        subprocess.run([PY, str(REPO / "benchmarks" / "pandas_peer.py"), "prepare",
                        str(data / "mash_contacts.csv"), str(parquet)], check=True)
    return data, parquet


def as_of_of(folder: Path) -> str:
    import tomllib

    return str(tomllib.loads((folder / "partnership.toml").read_text())["as_of"])


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


# ---- callbacks, in a child process (its memory is a serving worker's) ---------------------
def random_search(rng: random.Random, as_of: dt.date, areas: list[str]) -> str:
    from dashboard.data import contract as C
    from dashboard.filters import Filters

    start = as_of - dt.timedelta(days=rng.randint(30, 1400))
    end = min(start + dt.timedelta(days=rng.randint(30, 700)), as_of)
    pick = lambda codes: tuple(sorted(rng.sample(codes, rng.randint(1, min(3, len(codes)))))) \
        if rng.random() < 0.5 else None  # noqa: E731
    f = Filters(date_from=start, date_to=end, agency=pick(list(C.AGENCIES)),
                area=pick(areas), age_band=pick(list(C.AGE_BANDS)),
                concern=pick(list(C.CONCERNS)))
    return f.to_query_string()


def cold_searches(ds, seed: int, areas: list[str]):
    """Distinct random filter sets (addresses) for `ds`, with its memo and shared results
    cleared before each is yielded: every measure starts cold for the server."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while True:
        search = random_search(rng, ds.as_of, areas)
        if search in seen:
            continue
        seen.add(search)
        ds.memo.clear()
        ds.clear_result_cache()
        yield search


def callbacks_child(folder: str, cache: str, calls: int, pages: str, seed: int) -> None:
    import resource

    sys.path.insert(0, str(REPO / "benchmarks"))
    from load_under_reload import router_body, shell_pages  # noqa: E402

    from dashboard.app import create_app
    from dashboard.views.context import DATASET_KEY

    app = create_app(folder, cache_dir=cache)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    router = next(d["output"] for d in deps if "_pages_content.children" in d["output"])
    layout = client.get("/_dash-layout").get_json()
    paths = shell_pages(layout)
    areas = [p for p in paths if p.startswith("/area/")]
    paths = [p for p in paths if not p.startswith("/area/")] + areas[:1]
    if pages != "all":   # overview is "/", area the first priority area's page
        wanted = pages.split(",")
        paths = [p for p in paths if (p.strip("/").split("/")[0] or "overview") in wanted]
    holder = app.server.config[DATASET_KEY]
    ds = holder.current
    area_ids = [p.rsplit("/", 1)[-1] for p in areas]
    out = {}
    for path in paths:
        times = []
        for search in cold_searches(ds, seed, area_ids):
            if len(times) == calls:
                break
            t = time.perf_counter()
            r = client.post("/_dash-update-component", json=router_body(router, path, search))
            times.append(time.perf_counter() - t)
            if r.status_code != 200 or b"data-page-error" in r.data:
                raise SystemExit(f"{path}{search}: HTTP {r.status_code}")
        out[path] = {"p50": statistics.median(times), "p95": percentile(times, 95)}
    out["_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


# ---- the Overview drawn in a real browser, in a child process ---------------------------
def browser_child(folder: str, cache: str, navigations: int, seed: int) -> None:
    """Median and slowest time from navigation to the Overview fully drawn (every chart
    drawn, no callback pending) in Chromium, over distinct random filter sets with the
    results and memo cleared before each: cold for the server, warm for the browser's
    own cache of scripts (as for anyone who has opened the dashboard before)."""
    import threading

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.views.context import DATASET_KEY

    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)    # no line per request
    app = create_app(folder, cache_dir=cache)
    ds = app.server.config[DATASET_KEY].current
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    # the page's heading, n charts drawn (plotly's, and the tiles' trend drawings
    # loaded) and no callback pending
    drawn = ("n => document.querySelector('main h1') && "
             "[...document.querySelectorAll('.js-plotly-plot')]"
             ".filter(e => e.querySelector('.main-svg')).length + "
             "[...document.querySelectorAll('main img')]"
             ".filter(i => i.complete && i.naturalWidth > 0).length >= n && "
             "!document.querySelector('[data-dash-is-loading]')")
    areas = list(ds.run("priority_areas")["area_id"])
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)                        # warm-up: scripts cached, charts counted
        page.wait_for_function(drawn, arg=1, timeout=120_000)
        page.wait_for_timeout(3000)
        charts = page.eval_on_selector_all(".js-plotly-plot, main img", "els => els.length")
        page.close()
        for search in cold_searches(ds, seed, areas):
            if len(times) == navigations:
                break
            page = context.new_page()
            t = time.perf_counter()
            page.goto(url + search, wait_until="commit")
            page.wait_for_function(drawn, arg=charts, timeout=120_000, polling=20)
            times.append(time.perf_counter() - t)
            page.close()
        browser.close()
    server.shutdown()
    print(json.dumps({"p50": statistics.median(times), "max": max(times), "charts": charts}))


# ---- the wide file ------------------------------------------------------------------------
def wide_file(root: Path) -> Path:
    """A folder whose mash_contacts.csv has 10,000 columns and about 40 MB."""
    folder = root / "wide"
    csv = folder / "mash_contacts.csv"
    if csv.exists():
        return folder
    from dashboard.demo import write_demo

    write_demo(folder, contacts=1000, force=True)   # 1,000 rows × 10,000 cells ≈ 40 MB
    lines = csv.read_text().splitlines()
    extra = 10_000 - len(lines[0].split(","))
    header = lines[0] + "," + ",".join(f"x{i}" for i in range(extra))
    rows = [header]
    filler = "," + ",".join(["abc"] * extra)
    for line in lines[1:]:
        rows.append(line + filler)
    csv.write_text("\n".join(rows) + "\n")
    return folder


def cpu_check() -> float:
    """Seconds for a fixed pure-Python loop (best of 3): the same machine runs
    noticeably faster or slower from hour to hour (a shared virtual machine), so a
    table says how fast the machine was while it was measured."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,5000000")
    ap.add_argument("--root", type=Path, default=Path("/tmp/lscp-scale"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--pages", default="all")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-callbacks", action="store_true")
    ap.add_argument("--skip-wide", action="store_true", help="leave out the 10,000-column file")
    ap.add_argument("--load", action="store_true", help="also run load_under_reload.py")
    ap.add_argument("--browser", type=int, default=10, metavar="N",
                    help="navigations to the Overview timed in Chromium (0: none)")
    ap.add_argument("--_callbacks", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_browser", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._callbacks:
        callbacks_child(*args._callbacks, args.calls, args.pages, args.seed)
        return 0
    if args._browser:
        browser_child(*args._browser, args.browser, args.seed)
        return 0
    args.root.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []   # (size, measure, value, target)
    speed = [cpu_check()]

    def say(size, measure, value, target=""):
        rows.append((size, measure, value, target))
        print(f"  {size:>10} {measure:<44} {value:<26} {target}", file=sys.stderr, flush=True)

    for n in (int(x) for x in args.sizes.split(",")):
        size = f"{n:,}"
        data, parquet = prepare(args.root, n)
        as_of = as_of_of(data)
        cache = args.root / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        mb = (data / "mash_contacts.csv").stat().st_size / 1e6
        say(size, "mash_contacts.csv", f"{mb:,.0f} MB")
        s, rss, _, _ = run_measured(dashboard("validate", str(data), "--cache-dir", str(cache),
                                              "--format", "json"))
        say(size, "first start (validate, builds the database)", f"{s:.1f} s, {rss:,.0f} MB",
            "≤ 60 s, ≤ 2 GB")
        s, rss, _, _ = run_measured(dashboard("validate", str(data), "--cache-dir", str(cache),
                                              "--format", "json"))
        say(size, "restart (validate, unchanged files)", f"{s:.1f} s, {rss:,.0f} MB",
            "≤ 5 s, ≤ 2 GB")
        ours, theirs, ours_rss, theirs_rss = [], [], 0.0, 0.0
        for _ in range(args.rounds):
            # the database is kept, the shared results are not: summary works every
            # figure out each round, as the peer does
            shutil.rmtree(cache / "results", ignore_errors=True)
            s, rss, _, out = run_measured(dashboard("summary", str(data), "--cache-dir", str(cache)))
            ours.append(s)
            ours_rss = max(ours_rss, rss)
            mash = json.loads(out)["mash"]
            s, rss, _, out = run_measured([PY, str(REPO / "benchmarks" / "pandas_peer.py"),
                                           "figures", str(parquet), "--as-of", as_of])
            theirs.append(s)
            theirs_rss = max(theirs_rss, rss)
            peer = json.loads(out)
            if any(abs((peer[k] or 0) - (mash[k] or 0)) > 1e-9 for k in peer):
                raise SystemExit(f"the peer's figures differ: {peer} vs {mash}")
        a, b = statistics.median(ours), statistics.median(theirs)
        say(size, "summary (process, cached database)", f"{a:.2f} s, {ours_rss:,.0f} MB", "≤ 2 GB")
        say(size, "pandas peer (process, Parquet)", f"{b:.2f} s, {theirs_rss:,.0f} MB")
        say(size, "summary / peer", f"{a / b:.2f}", "≤ 0.25")
        if not args.skip_callbacks:
            s, rss, _, out = run_measured([PY, __file__, "--_callbacks", str(data), str(cache),
                                           "--calls", str(args.calls), "--pages", args.pages,
                                           "--seed", str(args.seed)])
            result = json.loads(out)
            for path, v in result.items():
                if not path.startswith("_"):
                    say(size, f"callback {path} (p50 / p95, {args.calls} filter sets)",
                        f"{v['p50'] * 1000:,.0f} / {v['p95'] * 1000:,.0f} ms", "p95 ≤ 300 ms")
            say(size, "serving process peak memory", f"{rss:,.0f} MB", "≤ 2 GB")
        if args.browser:
            s, rss, _, out = run_measured([PY, __file__, "--_browser", str(data), str(cache),
                                           "--browser", str(args.browser),
                                           "--seed", str(args.seed)])
            v = json.loads(out)
            say(size, f"Overview drawn in Chromium (median / slowest of {args.browser})",
                f"{v['p50']:.2f} / {v['max']:.2f} s", "≤ 2 s")
    if not args.skip_wide:
        wide = wide_file(args.root)
        wide_cache = args.root / "cache-wide"
        shutil.rmtree(wide_cache, ignore_errors=True)
        mb = (wide / "mash_contacts.csv").stat().st_size / 1e6
        s, rss, _, _ = run_measured(dashboard("validate", str(wide), "--cache-dir",
                                              str(wide_cache)))
        say("wide", f"validate, {mb:.0f} MB file with 10,000 columns",
            f"{s:.1f} s, {rss:,.0f} MB", "≤ 10 s, ≤ 1 GB")

    speed.append(cpu_check())
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, {platform.python_implementation()} "
          f"{platform.python_version()}, {dt.date.today().isoformat()}, load average "
          f"{os.getloadavg()[0]:.1f}; CPU check (10 million additions in Python, best of 3) "
          f"{speed[0]:.2f} s before and {speed[1]:.2f} s after the run")
    print("| contacts | measure | result | target |")
    print("|---:|---|---|---|")
    for size, measure, value, target in rows:
        print(f"| {size} | {measure} | {value} | {target} |")
    if args.load:
        sys.stdout.flush()
        subprocess.run([PY, str(REPO / "benchmarks" / "load_under_reload.py")], cwd=REPO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
