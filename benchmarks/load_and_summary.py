"""Benchmark: load + validate a dataset folder, then compute `summary` under random filters.

    python benchmarks/load_and_summary.py [--contacts 20000,1000000] [--calls 200] [--seed 1]

For each size it writes the demo dataset with that many MASH contacts to a temporary
folder, times load_dataset (read, validate, quarantine, DuckDB), then times `summary`
over --calls distinct, randomly drawn filter sets with the memo cleared before every
call (so no cache is measured), and prints one table. Timings are wall-clock seconds.
"""
from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data import contract as C, load_dataset  # noqa: E402
from dashboard.demo import write_demo  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from dashboard.metrics import summary  # noqa: E402


def random_filters(rng: random.Random, as_of, areas: list[str]) -> Filters:
    import datetime as dt

    start = as_of - dt.timedelta(days=rng.randint(30, 1400))
    end = start + dt.timedelta(days=rng.randint(30, 700))
    pick = lambda codes: tuple(rng.sample(codes, rng.randint(1, min(3, len(codes))))) \
        if rng.random() < 0.5 else None  # noqa: E731
    return Filters(date_from=start, date_to=min(end, as_of), agency=pick(list(C.AGENCIES)),
                   area=pick(areas), age_band=pick(list(C.AGE_BANDS)),
                   concern=pick(list(C.CONCERNS)))


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", default="20000,1000000")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rows = []
    for n in (int(x) for x in args.contacts.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            write_demo(tmp, contacts=n)
            size_mb = (Path(tmp) / "mash_contacts.csv").stat().st_size / 1e6
            t0 = time.perf_counter()
            ds = load_dataset(tmp)
            load_s = time.perf_counter() - t0
            areas = ds.run_query("priority_areas", area=None)["area_id"].tolist()
            rng = random.Random(args.seed)
            seen, times = set(), []
            while len(times) < args.calls:
                f = random_filters(rng, ds.as_of, areas)
                if f in seen:
                    continue
                seen.add(f)
                ds.memo.clear()
                t = time.perf_counter()
                summary(ds, f)
                times.append(time.perf_counter() - t)
            rows.append((n, size_mb, load_s, statistics.median(times), percentile(times, 95)))
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, {__import__('os').cpu_count()} cores; "
          f"{args.calls} summary calls per size, distinct random filters, memo cleared")
    print(f"{'contacts':>10} {'csv MB':>8} {'load s':>8} {'summary p50 s':>14} {'summary p95 s':>14}")
    for n, mb, load_s, p50, p95 in rows:
        print(f"{n:>10,} {mb:>8.1f} {load_s:>8.2f} {p50:>14.3f} {p95:>14.3f}")


if __name__ == "__main__":
    main()
