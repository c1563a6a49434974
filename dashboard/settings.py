"""Every setting of the dashboard in one table, with its default and a line of help.

The README lists each one (a test checks that it does).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
# demo-data
DEFAULT_CONTACTS = 20_000
DEFAULT_SEED = 2026
DEFAULT_END_MONTH = "2026-10"
PROGRESS_MIN_CONTACTS = 200_000  # from this many contacts demo-data reports progress


@dataclass(frozen=True)
class Setting:
    name: str        # command-line option or environment variable
    default: str
    help: str


SETTINGS = (
    Setting("--data", "$DASHBOARD_DATA, else datasets/demo",
            "the partnership's dataset folder to serve"),
    Setting("DASHBOARD_DATA", "unset", "dataset folder used when --data is not given"),
    Setting("--as-of", "as_of in partnership.toml, else today",
            "the date that 'now' means for every figure"),
    Setting("--host", DEFAULT_HOST, "address to serve on (loopback only until login is configured)"),
    Setting("--port", str(DEFAULT_PORT), "port to serve on"),
    Setting("--format", "table", "validate's output: table, csv or json"),
    Setting("--contacts", f"{DEFAULT_CONTACTS:,}",
            "demo-data: number of MASH contacts to generate (progress on stderr from "
            f"{PROGRESS_MIN_CONTACTS:,})"),
    Setting("--seed", str(DEFAULT_SEED), "demo-data: random seed (same seed, same files)"),
    Setting("--end-month", DEFAULT_END_MONTH, "demo-data: the demo's final complete month"),
    Setting("DASHBOARD_CACHE", "$XDG_CACHE_HOME/lscp-dashboard, else ~/.cache/lscp-dashboard",
            "the cache folder: finished meeting packs (packs/), shared by every server "
            "worker; writable, outside the data folder"),
    Setting("--force", "off",
            "demo-data, template: write into a folder that holds other files (demo-data "
            "also into a partnership's own dataset); refused without it"),
)


def demo_folder() -> Path:
    return REPO_ROOT / "datasets" / "demo"
