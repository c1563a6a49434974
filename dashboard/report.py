"""The validation report as text: a table for people, CSV or JSON for tools."""
from __future__ import annotations

import json

import pandas as pd

from dashboard.csv_out import to_csv
from dashboard.analysis.values import is_missing

COLUMNS = ["severity", "file", "row", "column", "value", "rule", "message"]


def report_records(report: pd.DataFrame) -> list[dict]:
    out = []
    for rec in report[COLUMNS].to_dict("records"):
        out.append({k: (None if is_missing(v)
                        else int(v) if k == "row" else v) for k, v in rec.items()})
    return out


def format_report(report: pd.DataFrame, fmt: str = "table") -> str:
    records = report_records(report)
    if fmt == "json":
        counts = report["severity"].value_counts().to_dict()
        return json.dumps({"errors": int(counts.get("error", 0)),
                           "warnings": int(counts.get("warning", 0)),
                           "notices": int(counts.get("notice", 0)),
                           "findings": records}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return to_csv(records, COLUMNS)
    return _table(records)


def _table(records: list[dict]) -> str:
    if not records:
        return "No findings: every file is clean.\n"
    rows = [[str(r["severity"]), str(r["file"]), "" if r["row"] is None else str(r["row"]),
             r["column"] or "", r["message"]] for r in records]
    head = ["severity", "file", "row", "column", "message"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if i < 4 else 0 for i, h in enumerate(head)]
    widths = [min(w, 40) for w in widths]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip()]
    for r in rows:
        lines.append("  ".join(c.replace("\n", " ").ljust(w) for c, w in zip(r, widths)).rstrip())
    counts = {s: sum(1 for r in records if r["severity"] == s) for s in ("error", "warning", "notice")}
    lines.append(f"\n{counts['error']} error(s), {counts['warning']} warning(s), "
                 f"{counts['notice']} notice(s)")
    return "\n".join(lines) + "\n"
