"""Refuse a malformed request to Dash's callback endpoint with 400 and one log line.

Dash assumes the browser sends what its renderer sends; anything else (a body that is no
JSON, JSON of another shape, an output no callback has, a number where a path belongs)
raises inside Dash or a callback, which answers 500 and logs a traceback (issue 10).
The browser's own requests always pass these checks: they name a server-side callback's
output and send its declared inputs and state, in order, with the declared ids and
properties (a list of them, or one, for a pattern id such as {"type": "nav-link",
"index": ALL}), each value of the type its component gives it.

A request for a script Dash does not serve (/_dash-component-suites/<package>/<path>
with a package or path it never registered, such as ../../setup.py) raised Dash's
DependencyException: 500 and a traceback listing every registered path. It is 404
and one log line.
"""
from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
from flask import Response, request

ENDPOINT = "_dash-update-component"
SHOWN = 80   # characters of a client's text quoted in the log line


def _text_or_none(v) -> bool:
    return v is None or isinstance(v, str)


def _count(v) -> bool:
    return v is None or (isinstance(v, int) and not isinstance(v, bool))


# What the browser sends for each property our callbacks read (a property not listed
# may hold any JSON). A path always starts with "/", as window.location's does; every
# input and dropdown value is text (or a list of texts), except a switch's (SWITCH).
VALUE_OK = {
    "pathname": lambda v: isinstance(v, str) and v.startswith("/"),
    "search": _text_or_none,
    "n_clicks": _count,
    "n_submit": _count,
    "is_open": lambda v: v is None or isinstance(v, bool),
    "clickData": lambda v: v is None or isinstance(v, dict),
    "style": lambda v: v is None or isinstance(v, dict),
    "value": lambda v: _text_or_none(v) or (isinstance(v, list)
                                            and all(isinstance(x, str) for x in v)),
}
SWITCH = "switch"
VALUE_OK[SWITCH] = lambda v: v is None or isinstance(v, bool)


class _Checker:
    def __init__(self, callback_map: dict, switches: set[str]):
        self.callback_map = callback_map
        self.switches = switches

    def _pattern_id_ok(self, got, pattern: dict) -> bool:
        """`got` is a concrete id of the pattern: same keys, the fixed values equal and
        the wildcard ones plain text or numbers."""
        if not isinstance(got, dict) or got.keys() != pattern.keys():
            return False
        return all(isinstance(got[k], (str, int, float)) and not isinstance(got[k], bool)
                   if isinstance(v, list) else got[k] == v for k, v in pattern.items())

    def _item_ok(self, item, want: dict, pattern: dict | None) -> bool:
        prop = want["property"]
        if not isinstance(item, dict) or item.get("property") != prop:
            return False
        got_id = item.get("id")
        if not (self._pattern_id_ok(got_id, pattern) if pattern else got_id == want["id"]):
            return False
        if "value" not in item:
            return True
        value = item["value"]
        if prop == "id":
            return value == got_id
        kind = SWITCH if prop == "value" and got_id in self.switches else prop
        return VALUE_OK.get(kind, lambda v: True)(value)

    def _matches(self, got, declared: list[dict], what: str, lengths: dict[str, int],
                 values: bool = True) -> str | None:
        """`got` gives the `declared` ids and properties in order (and, with `values`,
        each value of its type); every list of ids of one ALL pattern is as long as the
        others (Dash pairs them, as the browser's renderer always does)."""
        if not isinstance(got, list) or len(got) != len(declared):
            return f"{what} is not a list of {len(declared)}"
        for i, (item, want) in enumerate(zip(got, declared)):
            pattern = json.loads(want["id"]) if want["id"].startswith("{") else None
            entries = item if pattern and isinstance(item, list) else [item]
            if pattern and isinstance(item, list):
                if lengths.setdefault(want["id"], len(item)) != len(item):
                    return f"{what}[{i}] lists another number of {want['id'][:SHOWN]}"
            if not values:   # an output: no value; a duplicate output's property ends @<hash>
                entries = [{"id": e.get("id"), "property": str(e.get("property")).split("@")[0]}
                           if isinstance(e, dict) else e for e in entries]
            if not all(self._item_ok(e, want, pattern) for e in entries):
                return (f"{what}[{i}] is not {want['id'][:SHOWN]}.{want['property']} "
                        "with a value of its type")
        return None

    def problem(self, body) -> str | None:
        """Why `body` is not a callback request this app can run; None when it is."""
        if not isinstance(body, dict):
            return "the body is not a JSON object"
        output = body.get("output")
        if not isinstance(output, str):
            return "no output named"
        spec = self.callback_map.get(output)
        if spec is None or "callback" not in spec:
            return f"no server callback has output {output[:SHOWN]!r}"
        lengths: dict[str, int] = {}   # pattern id -> how many ids the request gives
        declared = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
        outputs = body.get("outputs")
        outputs = outputs if isinstance(spec["output"], list) else [outputs]
        if not isinstance(outputs, list) or len(outputs) != len(declared):
            return f"outputs is not a list of {len(declared)} outputs"
        wanted = [{"id": o.component_id_str(), "property": o.component_property}
                  for o in declared]
        if problem := self._matches(outputs, wanted, "outputs", lengths, values=False):
            return problem
        for what in ("inputs", "state"):
            if problem := self._matches(body.get(what, []), spec[what], what, lengths):
                return problem
        changed = body.get("changedPropIds", [])
        if not (isinstance(changed, list) and all(isinstance(c, str) for c in changed)):
            return "changedPropIds is not a list of text"
        return None


def _switch_ids(layout) -> set[str]:
    """The ids of the switches in `layout` (a component, or a function giving one, as
    the shell is: it follows a reload, but its switches are always the same)."""
    if callable(layout):
        layout = layout()
    found = set()
    for c in [layout, *layout._traverse()] if layout is not None else []:
        if isinstance(c, dbc.Switch) and isinstance(getattr(c, "id", None), str):
            found.add(c.id)
    return found


def register(app: dash.Dash) -> None:
    """Check every POST to the callback endpoint before Dash reads it."""
    paths = {app.config.requests_pathname_prefix + ENDPOINT,
             app.config.routes_pathname_prefix + ENDPOINT}
    switches: list[set[str]] = []   # found on the first callback request (in its context)

    @app.server.before_request
    def _refuse_malformed_callback():
        if request.method != "POST" or request.path not in paths:
            return None
        if not switches:
            switches.append(_switch_ids(app.layout))
        body = request.get_json(silent=True) if request.is_json else None
        problem = ("the body is not JSON" if body is None
                   else _Checker(app.callback_map, switches[0]).problem(body))
        if problem is None:
            return None
        app.server.logger.warning("refused a malformed callback request from %s: %s",
                                  request.remote_addr, problem)
        return Response("Bad request: not a callback request this dashboard can answer.\n",
                        status=400, mimetype="text/plain")

    @app.server.errorhandler(dash.exceptions.DependencyException)
    def _unknown_dash_script(_exc):
        app.server.logger.warning("refused a request for a script Dash does not serve from "
                                  "%s: %s", request.remote_addr, repr(request.path[:SHOWN]))
        return Response("Not found.\n", status=404, mimetype="text/plain")
