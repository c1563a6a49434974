"""Where a page finds the dataset it serves, and how it reads the address."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, quote

DATASET_KEY = "LSCP_DATASET"

# The address parameters this app's filter bar writes (product.md "Address parameters").
FILTER_BAR_KEYS = ("from", "to", "agency", "area")


def current_dataset():
    """The dataset of the app serving this request (apps keep theirs in Flask config,
    so several apps in one process, as in tests, never see each other's data)."""
    from flask import current_app

    holder = current_app.config[DATASET_KEY]
    return holder() if callable(holder) else holder


def is_demo(ds) -> bool:
    """Is this the synthetic demo? The demo's partnership.toml says `demo = true`."""
    return bool(getattr(ds, "is_demo", False))


def params_from_kwargs(kwargs: Mapping) -> dict[str, str]:
    """Dash pages hands query parameters as kwargs (a list when a key repeats: the
    last one wins, as in a form)."""
    out: dict[str, str] = {}
    for key, value in kwargs.items():
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        if value is None:
            continue
        out[str(key)] = str(value)
    return out


def params_from_search(search: str | None) -> dict[str, str]:
    """'?from=2024-01-01&agency=police,health' -> {'from': ..., 'agency': ...}."""
    if not search:
        return {}
    return dict(parse_qsl(search.lstrip("?"), keep_blank_values=True))


def build_search(params: Mapping[str, str | None]) -> str:
    """The address form of params: '?from=…&agency=police,health' ('' when empty).

    Commas (lists) and dashes stay readable; everything else is percent-encoded, so a
    value never changes the meaning of the address.
    """
    parts = [
        f"{quote(str(k), safe='-_')}={quote(str(v), safe=',-_.')}"
        for k, v in params.items()
        if v not in (None, "")
    ]
    return ("?" + "&".join(parts)) if parts else ""


def merge_search(search: str | None, updates: Mapping[str, str | None]) -> str:
    """search with updates applied (None or '' removes a key), other keys kept in order."""
    params = params_from_search(search)
    for key, value in updates.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return build_search(params)
