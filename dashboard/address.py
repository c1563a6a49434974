"""The one address codec: the same functions parse and build `?from=…&agency=…` for
pages, controls, links and the meeting pack (product.md "Address parameters")."""
from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote


def parse_search(search: str | None) -> dict[str, str]:
    """'?from=2024-01-01&agency=police,health' -> {'from': ..., 'agency': ...}
    (a repeated key: the last one wins, as in a form)."""
    if not search:
        return {}
    return dict(parse_qsl(search.lstrip("?"), keep_blank_values=True))


def params_from_kwargs(kwargs: Mapping) -> dict[str, str]:
    """Dash pages hand the address's parameters to a layout as kwargs (a list when a
    key repeats: the last one wins, as in parse_search)."""
    out: dict[str, str] = {}
    for key, value in kwargs.items():
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        if value is None:
            continue
        out[str(key)] = str(value)
    return out


def build_search(params: Mapping[str, str | None]) -> str:
    """The address form of params: '?from=…&agency=police,health' ('' when empty).

    Commas (lists), slashes (years) and dashes stay readable; everything else is
    percent-encoded, so a value never changes the meaning of the address.
    """
    parts = [
        f"{quote(str(k), safe='-_')}={quote(str(v), safe=',-_./')}"
        for k, v in params.items()
        if v not in (None, "")
    ]
    return ("?" + "&".join(parts)) if parts else ""


def merge_search(search: str | None, updates: Mapping[str, str | None]) -> str:
    """search with updates applied (None or '' removes a key), other keys kept in order."""
    params = parse_search(search)
    for key, value in updates.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return build_search(params)


def split_list(value: str | None) -> list[str]:
    """A code list as written in the address: 'police,health' -> ['police', 'health']."""
    return [v for v in (value or "").split(",") if v]


def split_free_text(value: str) -> tuple[str, ...]:
    """Comma-separated free text where `\\,` is a literal comma."""
    parts = re.split(r"(?<!\\),", value)
    return tuple(p.replace("\\,", ",").strip() for p in parts if p.strip())
