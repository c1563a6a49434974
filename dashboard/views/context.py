"""Where a page finds the dataset it serves, and how it reads the address."""
from __future__ import annotations

DATASET_KEY = "LSCP_DATASET"



def current_dataset():
    """The dataset of the app serving this request (apps keep theirs in Flask config,
    so several apps in one process, as in tests, never see each other's data)."""
    from flask import current_app

    holder = current_app.config[DATASET_KEY]
    return holder() if callable(holder) else holder


def is_demo(ds) -> bool:
    """Is this the synthetic demo? The demo's partnership.toml says `demo = true`."""
    return bool(getattr(ds, "is_demo", False))
