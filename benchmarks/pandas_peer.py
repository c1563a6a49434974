"""The pandas peer: the eight front-door figures the usual way, for comparison with `summary`.

    python benchmarks/pandas_peer.py prepare DIR/mash_contacts.csv OUT.parquet
    python benchmarks/pandas_peer.py figures OUT.parquet --as-of YYYY-MM-DD [--region R]

`prepare` writes the contacts to a Parquet file once (typed: date-times, booleans), as a
dashboard built on pandas would keep them; it is not timed. `figures` is the peer that
the benchmark times as a whole process: it reads that Parquet file and computes, with
pandas and numpy and the `holidays` library for bank holidays, the eight MASH / front
door figures of metrics.md for the default filters (the rolling year ending on as_of),
and prints them as JSON with the same keys as `summary`'s "mash".

It deliberately shares no code with the dashboard (it is the other implementation), and
it assumes a clean file (no row the dashboard would quarantine), as the demo is.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

COLUMNS = ["child_ref", "received_at", "referrer_agency", "decision", "decided_at",
           "escalated"]


def prepare(csv_path: str, parquet_path: str) -> None:
    import pandas as pd

    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    for col in ("received_at", "decided_at"):
        df[col] = pd.to_datetime(df[col].replace("", None), format="ISO8601")
    df["escalated"] = df["escalated"].str.lower().map(
        {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False})
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].replace("", None)
    df.to_parquet(parquet_path, index=False)


def rolling_year_start(to: dt.date) -> dt.date:
    """metrics.md "Time": (to + 1 day) − 12 calendar months, the day clamped."""
    import calendar

    nxt = to + dt.timedelta(days=1)
    day = min(nxt.day, calendar.monthrange(nxt.year - 1, nxt.month)[1])
    return dt.date(nxt.year - 1, nxt.month, day)


REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


def figures(parquet_path: str, as_of: dt.date, region: str = "england-and-wales") -> dict:
    import holidays
    import numpy as np
    import pandas as pd

    df = pd.read_parquet(parquet_path, columns=COLUMNS)
    as_of_ts = pd.Timestamp(as_of)
    received_on = df["received_at"].dt.normalize()
    df = df[received_on <= as_of_ts].copy()
    df["received_on"] = df["received_at"].dt.normalize()

    # metrics.md "Working day" and add_working_days(d, 1): the first working day after d
    # (from a weekend or holiday, the first working day after it)
    years = range(df["received_on"].min().year, as_of.year + 2)
    bank = np.array(sorted(holidays.country_holidays("GB", subdiv=REGIONS[region],
                                                     years=years)), dtype="datetime64[D]")
    days = df["received_on"].values.astype("datetime64[D]")
    df["add_1wd"] = np.busday_offset(days, 1, roll="backward", holidays=bank)

    decided_on = df["decided_at"].dt.normalize()
    at_as_of = decided_on <= as_of_ts
    df["decision_now"] = df["decision"].where(at_as_of)
    df["decided_on"] = decided_on.where(at_as_of)

    # "another contact strictly earlier / later": distinct times per child, all contacts
    visits = (df[["child_ref", "received_at"]].drop_duplicates()
              .sort_values(["child_ref", "received_at"]))
    by_child = visits.groupby("child_ref", sort=False)["received_at"]
    visits["previous_at"] = by_child.shift(1)
    visits["next_at"] = by_child.shift(-1)
    df = df.merge(visits, on=["child_ref", "received_at"], how="left")

    decided = df["decision_now"].notna()
    add_1wd = pd.to_datetime(df["add_1wd"])
    pending_overdue = int((~decided & (as_of_ts > add_1wd)).sum())

    start = pd.Timestamp(rolling_year_start(as_of))
    p = df[(df["received_on"] >= start) & (df["received_on"] <= as_of_ts)]
    p_decided = p["decision_now"].notna()
    n, n_decided = len(p), int(p_decided.sum())
    within = int((p_decided & (p["decided_on"] <= pd.to_datetime(p["add_1wd"]))).sum())
    converted = int(p["decision_now"].isin(["referral_social_care", "strategy_discussion"]).sum())
    prev_gap = (p["received_on"] - p["previous_at"].dt.normalize()).dt.days
    repeat = int((p["previous_at"].notna() & (prev_gap <= 365)).sum())
    nfa = (p["decision_now"].isin(["no_further_action", "information_advice"])
           & (p["received_on"] + pd.Timedelta(days=91) <= as_of_ts))
    next_gap = (p["next_at"].dt.normalize() - p["received_on"]).dt.days
    recontact = int((nfa & p["next_at"].notna() & (next_gap <= 91)).sum())
    escalated = int(p["escalated"].fillna(False).astype(bool).sum())

    def pct(a: int, b: int):
        return None if b == 0 else 100.0 * a / b

    return {
        "contacts": n,
        "decided": n_decided,
        "decided_within_1wd_pct": pct(within, n_decided),
        "pending_overdue": pending_overdue,
        "conversion_pct": pct(converted, n_decided),
        "repeat_contact_12m_pct": pct(repeat, n),
        "nfa_recontact_3m_pct": pct(recontact, int(nfa.sum())),
        "escalation_pct": pct(escalated, n),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="write the contacts CSV to Parquet once")
    prep.add_argument("csv")
    prep.add_argument("parquet")
    fig = sub.add_parser("figures", help="print the eight front-door figures as JSON")
    fig.add_argument("parquet")
    fig.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    fig.add_argument("--region", default="england-and-wales", choices=sorted(REGIONS))
    args = ap.parse_args(argv)
    if args.command == "prepare":
        prepare(args.csv, args.parquet)
    else:
        json.dump(figures(args.parquet, args.as_of, args.region), sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
