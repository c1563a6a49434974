"""Command line: serve the dashboard, validate a folder, print `summary`, write the demo.

    python -m dashboard [--data DIR] [--as-of D] [--host H] [--port P]
    python -m dashboard validate DIR [--format table|csv|json]
    python -m dashboard summary DIR [--as-of D] [--from D] [--to D] [--year YYYY/YY] [filters]
    python -m dashboard demo-data --out DIR [--contacts N] [--seed S]
    python -m dashboard template DIR [--force]

Folder-level failures print one line and exit 2; validate exits 1 when there are errors.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from .settings import DEFAULT_HOST, DEFAULT_PORT, demo_folder

COMMANDS = ("serve", "validate", "summary", "demo-data", "template")


class CliError(Exception):
    """One clear line for the user; exit status 2."""


def _date(value: str) -> dt.date:
    # YYYY-MM-DD only (date.fromisoformat alone also takes 20240331 and 2024-W13-7)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number ≥ 0")
    return n


def build_parser() -> argparse.ArgumentParser:
    from .filters import CODE_PARAMS, TEXT_PARAMS

    parser = argparse.ArgumentParser(prog="python -m dashboard",
                                     description="LSCP scrutiny and performance dashboard")
    sub = parser.add_subparsers(dest="command")

    serve = sub.add_parser("serve", help="serve the dashboard (the default command)")
    serve.add_argument("--data", type=Path, help="dataset folder (default: $DASHBOARD_DATA, "
                       "else the bundled demo)")
    serve.add_argument("--as-of", type=_date, help="the date that 'now' means")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)

    validate = sub.add_parser("validate", help="print the validation report of a folder")
    validate.add_argument("folder", type=Path)
    validate.add_argument("--format", choices=("table", "csv", "json"), default="table")

    summary = sub.add_parser("summary", help="print every headline figure as JSON")
    summary.add_argument("folder", type=Path)
    # parsed in cmd_summary: a bad value is one line and exit 2 (metrics.md), not argparse's usage
    summary.add_argument("--as-of")
    summary.add_argument("--from", dest="from_")
    summary.add_argument("--to")
    summary.add_argument("--year")
    for name in (*CODE_PARAMS, *TEXT_PARAMS):
        summary.add_argument(f"--{name}", dest=f"f_{name}")

    demo = sub.add_parser("demo-data", help="write the synthetic demo dataset")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--contacts", type=_positive, help="number of MASH contacts (default: demo size)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--end-month", default="2026-10", help="final complete month, YYYY-MM")

    template = sub.add_parser(
        "template", help="write a starter dataset folder: partnership.toml to fill in and "
        "every file of the contract with its header only")
    template.add_argument("folder", type=Path, help="the folder to create (new or empty)")
    template.add_argument("--force", action="store_true",
                          help="write into a folder that holds other files (files already "
                          "there are kept, never overwritten)")
    return parser


def cmd_validate(args) -> int:
    from .data import load_dataset
    from .report import format_report

    ds = load_dataset(args.folder)
    sys.stdout.write(format_report(ds.report, args.format))
    return 1 if (ds.report["severity"] == "error").any() else 0


def cmd_summary(args) -> int:
    from .data import load_dataset
    from .filters import CODE_PARAMS, TEXT_PARAMS, FilterError, parse_filters
    from .metrics import summary

    try:
        as_of = None if args.as_of is None else _date(args.as_of)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"as-of: {exc}") from None
    ds = load_dataset(args.folder, as_of=as_of)
    params = {"from": args.from_, "to": args.to, "year": args.year}
    for name in (*CODE_PARAMS, *TEXT_PARAMS):
        params[name] = getattr(args, f"f_{name}")
    try:
        filters = parse_filters(params, ds)
    except FilterError as exc:
        raise CliError(str(exc)) from None
    json.dump(summary(ds, filters), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0


def cmd_demo(args) -> int:
    from .demo import write_demo

    result = write_demo(args.out, contacts=args.contacts, seed=args.seed, end_month=args.end_month)
    for name, rows in result.get("files", {}).items():
        if name.endswith(".csv"):
            print(f"{name}: {rows} rows")
    print(f"demo dataset written to {args.out}")
    return 0


def cmd_template(args) -> int:
    from .data.contract_doc import TemplateRefused, write_template

    try:
        written, kept = write_template(args.folder, force=args.force)
    except TemplateRefused as exc:
        raise CliError(str(exc)) from None
    for path in written:
        print(f"wrote {path}")
    for path in kept:
        print(f"kept {path} (already there)")
    print(f"next: fill in {args.folder / 'partnership.toml'}, add rows to the files you have, "
          f"then run: python -m dashboard validate {args.folder}")
    return 0


def cmd_serve(args) -> int:
    from .app import run_server

    # run_server refuses hosts beyond loopback (no login yet) and folder-level failures
    folder = args.data or (Path(os.environ["DASHBOARD_DATA"]) if os.environ.get("DASHBOARD_DATA")
                           else demo_folder())
    run_server(folder, host=args.host, port=args.port, as_of=args.as_of)
    return 0


HANDLERS = {"serve": cmd_serve, "validate": cmd_validate, "summary": cmd_summary,
            "demo-data": cmd_demo, "template": cmd_template}


def main(argv: list[str] | None = None) -> int:
    from .data import DatasetFolderError

    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except (CliError, DatasetFolderError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
