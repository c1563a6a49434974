"""Command line: serve the dashboard, validate a folder, print `summary`, write the demo.

    python -m dashboard [--data DIR] [--as-of D] [--host H] [--port P]
    python -m dashboard validate DIR [--format table|csv|json]
    python -m dashboard summary DIR [--as-of D] [--from D] [--to D] [--year YYYY/YY] [filters]
    python -m dashboard demo-data --out DIR [--contacts N] [--seed S] [--end-month YYYY-MM]
                                  [--force]
    python -m dashboard template DIR [--force]
    python -m dashboard add-user FILE NAME [--public-only] [--uploads STEMS] [--agency A]
                                 [--admin]
    python -m dashboard versions DIR
    python -m dashboard restore DIR STEM VERSION

Folder-level failures print one line and exit 2; validate exits 1 when there are errors.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .settings import (DEFAULT_CONTACTS, DEFAULT_END_MONTH, DEFAULT_HOST, DEFAULT_PORT,
                       DEFAULT_SEED, MAX_CONTACTS, PROGRESS_MIN_CONTACTS, SECURITY_OPTIONS,
                       demo_folder)

COMMANDS = ("serve", "validate", "summary", "demo-data", "template", "add-user", "versions",
            "restore")


class CliError(Exception):
    """One clear line for the user; exit status 2."""


def _date(value: str) -> dt.date:
    from .analysis.values import parse_iso_date

    try:
        return parse_iso_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number ≥ 0")
    return n


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number from 1 to 65535")
    return n


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr and exit 2 (not usage plus a line)."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _cache_option(parser) -> None:
    parser.add_argument("--cache-dir", type=Path, metavar="DIR",
                        help="folder keeping the database built from each version of the "
                             "data, so a start on unchanged files skips reading and "
                             "validating (default: $DASHBOARD_CACHE, else "
                             "~/.cache/lscp-dashboard)")


def _cache_dir(args) -> Path:
    from .settings import default_cache_dir

    return args.cache_dir if args.cache_dir is not None else default_cache_dir()


def _progress():
    """Building the database says what it does on a terminal; a pipe gets only the output."""
    if not sys.stderr.isatty():
        return None
    return lambda line: print(line, file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    from .filters import FLAG, PARAMS, param_help

    parser = Parser(prog="python -m dashboard",
                    description="LSCP scrutiny and performance dashboard. With no command, "
                                "serves the dashboard.")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    serve = sub.add_parser("serve", help="serve the dashboard (the default command)")
    serve.add_argument("--data", type=Path, metavar="DIR",
                       help="dataset folder (default: $DASHBOARD_DATA, else the bundled demo)")
    serve.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                       help="the date that 'now' means (default: as_of in partnership.toml, "
                            "else today)")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"address to serve on (default: {DEFAULT_HOST}; beyond loopback only "
                            "with login and TLS configured)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT,
                       help=f"port to serve on (default: {DEFAULT_PORT})")
    _cache_option(serve)
    login = serve.add_argument_group(
        "login and TLS (required together to serve beyond loopback; each option "
        "defaults to its DASHBOARD_* variable)")
    for s in SECURITY_OPTIONS:
        login.add_argument(s.name, metavar=s.metavar, help=f"{s.help} (default: {s.default})")

    add_user = sub.add_parser(
        "add-user", help="add a user to a users file, or change a user's password (asked "
        "twice, not shown)")
    add_user.add_argument("file", type=Path, help="the users file (created if missing)")
    add_user.add_argument("name", help="the user name (letters, digits, '.', '_', '@', '-')")
    add_user.add_argument("--public-only", action="store_true",
                          help="the user sees public mode only (default: off for a new "
                               "user; an existing user's setting is kept unless given)")
    add_user.add_argument("--uploads", metavar="STEMS",
                          help="data returns: the dataset files the user may send on the "
                               "Returns page, comma-separated stems (indicators,mash_contacts)"
                               " or '*' for all (default: none; kept unless given)")
    add_user.add_argument("--agency", metavar="CODE",
                          help="data returns: the agency the user sends for (an agency code; "
                               "they may then send only its indicators; default: none)")
    add_user.add_argument("--admin", action="store_true",
                          help="data returns: an administrator, who may restore and purge "
                               "versions (role = \"admin\"; default: off for a new user; "
                               "kept unless given)")

    validate = sub.add_parser("validate", help="print the validation report of a folder")
    validate.add_argument("folder", type=Path, help="the dataset folder")
    validate.add_argument("--format", choices=("table", "csv", "json"), default="table",
                          help="table for people (default), csv or json for tools")
    _cache_option(validate)

    summary = sub.add_parser("summary", help="print every headline figure as JSON")
    summary.add_argument("folder", type=Path, help="the dataset folder")
    # values are parsed in cmd_summary with the address's own parser (filters.PARAMS),
    # so that a page and summary always agree; a bad value is one line and exit 2
    _cache_option(summary)
    summary.add_argument("--as-of", metavar="YYYY-MM-DD",
                         help="the date that 'now' means (default: as_of in "
                              "partnership.toml, else today)")
    for p in PARAMS:
        if p.kind != FLAG:
            summary.add_argument(f"--{p.name}", dest=f"f_{p.field}", metavar="VALUE",
                                 help=param_help(p))

    demo = sub.add_parser("demo-data", help="write the synthetic demo dataset")
    # values parsed in cmd_demo: a mistake is one line and exit 2, like summary's
    demo.add_argument("--out", type=Path, required=True, metavar="DIR",
                      help="folder to write (created if needed; it may hold only dataset "
                      "files unless --force)")
    demo.add_argument("--contacts", metavar="N",
                      help=f"number of MASH contacts, a whole number from 0 to "
                      f"{MAX_CONTACTS:,} (default: {DEFAULT_CONTACTS:,}; a progress line per "
                      f"10%% from {PROGRESS_MIN_CONTACTS:,})")
    demo.add_argument("--seed", metavar="S",
                      help=f"random seed, a whole number ≥ 0 (default: {DEFAULT_SEED}; "
                      "same arguments, same files)")
    demo.add_argument("--end-month", metavar="YYYY-MM",
                      help=f"final complete month; as_of is its last day (default: "
                      f"{DEFAULT_END_MONTH})")
    demo.add_argument("--force", action="store_true",
                      help="write even into a folder holding other files or a partnership's "
                      "own dataset (default: off, such a folder is refused)")

    versions = sub.add_parser(
        "versions", help="list the data returns log of a folder: every upload, restore and "
        "purge, with the version file that kept the file it replaced")
    versions.add_argument("folder", type=Path, help="the dataset folder")

    restore = sub.add_parser(
        "restore", help="bring back a kept version of one dataset file (checked first; "
        "itself a new version, logged as cli:<your user name>)")
    restore.add_argument("folder", type=Path, help="the dataset folder")
    restore.add_argument("stem", help="the dataset file, such as indicators")
    restore.add_argument("version", help="the version file name, as `versions` lists it "
                         "(such as 20260131T091500Z-asha.csv)")

    template = sub.add_parser(
        "template", help="write a starter dataset folder: partnership.toml to fill in and "
        "every file of the contract with its header only")
    template.add_argument("folder", type=Path, help="the folder to create (new or empty)")
    template.add_argument("--force", action="store_true",
                          help="write into a folder that holds other files (files already "
                          "there are kept, never overwritten) (default: off, such a folder "
                          "is refused)")
    return parser


def cmd_validate(args) -> int:
    from .data import load_dataset
    from .report import format_report

    ds = load_dataset(args.folder, cache_dir=_cache_dir(args), progress=_progress())
    sys.stdout.write(format_report(ds.report, args.format))
    return 1 if (ds.report["severity"] == "error").any() else 0


def cmd_summary(args) -> int:
    from .data import load_dataset
    from .filters import FLAG, PARAMS, FilterError, parse_filters
    from .metrics import summary

    try:
        as_of = None if args.as_of is None else _date(args.as_of)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"as-of: {exc}") from None
    ds = load_dataset(args.folder, as_of=as_of, cache_dir=_cache_dir(args), progress=_progress())
    params = {p.name: getattr(args, f"f_{p.field}") for p in PARAMS if p.kind != FLAG}
    try:
        filters = parse_filters(params, ds)
    except FilterError as exc:
        raise CliError(str(exc)) from None
    json.dump(summary(ds, filters), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0


def _demo_options(args) -> tuple[int, int, str]:
    """--contacts, --seed and --end-month checked, each mistake one sentence."""
    from .demo import parse_month

    try:
        contacts = DEFAULT_CONTACTS if args.contacts is None else _positive(args.contacts)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"contacts: {exc}") from None
    if contacts > MAX_CONTACTS:
        raise CliError(f"contacts: {args.contacts!r} is more than {MAX_CONTACTS:,}, the most "
                       "the demo writes")
    try:
        seed = DEFAULT_SEED if args.seed is None else _positive(args.seed)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"seed: {exc}") from None
    end_month = DEFAULT_END_MONTH if args.end_month is None else args.end_month
    try:
        parse_month(end_month)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return contacts, seed, end_month


def cmd_demo(args) -> int:
    from .demo import DemoFolderError, write_demo

    contacts, seed, end_month = _demo_options(args)

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        result = write_demo(args.out, contacts=contacts, seed=seed, end_month=end_month,
                            force=args.force, progress=say)
    except DemoFolderError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot write the demo dataset to {args.out}: "
                       f"{exc.strerror or exc}") from None
    except MemoryError:
        raise CliError(f"not enough memory to write {contacts:,} contacts; ask for fewer "
                       "with --contacts") from None
    for name, rows in result["files"].items():
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
    from .security import SecurityConfigError, security_config

    # run_server refuses hosts beyond loopback without login and TLS, and folder-level
    # failures
    folder = args.data or (Path(os.environ["DASHBOARD_DATA"]) if os.environ.get("DASHBOARD_DATA")
                           else demo_folder())
    options = {s.dest: getattr(args, s.dest) for s in SECURITY_OPTIONS}
    try:
        cfg = security_config(options, data_dir=folder)
    except SecurityConfigError as exc:
        raise CliError(str(exc)) from None
    run_server(folder, host=args.host, port=args.port, as_of=args.as_of, security=cfg,
               cache_dir=_cache_dir(args))
    return 0


def cmd_add_user(args) -> int:
    import getpass

    from .users import UsersFileError, check_new_password, check_target, set_password

    def ask(prompt: str) -> str:
        # at a terminal without echo; from a pipe (a script) one line each, no prompt
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    from .users import agency_problem, uploads_problem

    uploads = None
    if args.uploads is not None:
        uploads = "*" if args.uploads.strip() == "*" else [
            u.strip() for u in args.uploads.split(",") if u.strip()]
        if problem := uploads_problem(uploads) if uploads else "uploads: no stem given":
            raise CliError(problem)
    if args.agency is not None and (problem := agency_problem(args.agency)):
        raise CliError(problem)
    try:
        check_target(args.file, args.name)   # mistakes are named before asking anything
        password = ask(f"Password for {args.name}: ")
        if not password:
            raise UsersFileError("the password is empty")
        confirm = ask("The same password again: ")
        check_new_password(password, confirm)
        action = set_password(args.file, args.name, password,
                              public_only=True if args.public_only else None,
                              uploads=uploads, agency=args.agency,
                              admin=True if args.admin else None)
    except UsersFileError as exc:
        raise CliError(str(exc)) from None
    except (EOFError, OSError) as exc:
        raise CliError(f"no password read ({getattr(exc, 'strerror', None) or 'end of input'})"
                       ) from None
    print(f"{action} {args.name} in {args.file}")
    return 0


def _data_folder(folder: Path) -> Path:
    from .data.dataset import read_partnership

    if not folder.exists():
        raise CliError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise CliError(f"{folder} is a file, not a folder: give the dataset folder")
    read_partnership(folder)          # a folder that is not a dataset: one line, exit 2
    return folder


def cmd_versions(args) -> int:
    from .returns import LOG_COLUMNS, versions

    folder = _data_folder(args.folder)
    rows = versions(folder)
    if not rows:
        print(f"no data returns have been sent to {folder} yet")
        return 0
    shown = [c for c in LOG_COLUMNS]
    table = [shown] + [[r.get(c) or "" if c != "sha256" else (r.get(c) or "")[:12]
                        for c in shown] for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(shown))]
    for row in table:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    return 0


def cmd_restore(args) -> int:
    import getpass

    from .returns import ReturnsError, restore

    folder = _data_folder(args.folder)
    try:
        user = f"cli:{getpass.getuser()}"
    except Exception:
        user = "cli:unknown"
    try:
        entry = restore(folder, args.stem, args.version, user)
    except ReturnsError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    kept = (f"; the file it replaced is kept as {entry['version_file']}"
            if entry["version_file"] else "")
    print(f"restored {args.stem} from {args.version} ({entry['rows_accepted']} rows accepted, "
          f"{entry['rows_quarantined']} quarantined){kept}")
    return 0


HANDLERS = {"serve": cmd_serve, "validate": cmd_validate, "summary": cmd_summary,
            "demo-data": cmd_demo, "template": cmd_template, "add-user": cmd_add_user,
            "versions": cmd_versions, "restore": cmd_restore}


def main(argv: list[str] | None = None) -> int:
    from .data import DatasetFolderError

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        print(f"error: {argv[0]!r} is not a command; use one of {', '.join(COMMANDS)} "
              "(see python -m dashboard --help)", file=sys.stderr)
        return 2
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
    except BrokenPipeError:
        # the reader went away (`summary … | head`): stop quietly, as other tools do;
        # stdout points at nothing so that Python's own flush at exit stays quiet too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
