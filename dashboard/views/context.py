"""Where a page finds the dataset it serves, and how it reads the address."""
from __future__ import annotations

DATASET_KEY = "LSCP_DATASET"
_G_KEY = "lscp_dataset"


def dataset_holder():
    """The DatasetHolder (reload.py) of the app serving this request: apps keep theirs in
    Flask config, so several apps in one process, as in tests, never see each other's."""
    from flask import current_app

    return current_app.config[DATASET_KEY]


def current_dataset():
    """The dataset this request reads, taken from the holder once per request (kept in
    flask.g): a reload that swaps the set while the request runs cannot mix two sets in
    one answer (datasets.md "Reloading")."""
    from flask import g

    ds = g.get(_G_KEY)
    if ds is None:
        ds = dataset_holder().current
        setattr(g, _G_KEY, ds)
    return ds


def is_demo(ds) -> bool:
    """Is this the synthetic demo? The demo's partnership.toml says `demo = true`."""
    return bool(getattr(ds, "is_demo", False))
