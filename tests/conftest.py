"""Fixtures shared by the page tests: a module defines `folder` (the dataset folder it
builds) and gets its loaded dataset as `ds` and a Flask test client of the app on it as
`client`, each built once per module. A module may still define its own."""
from __future__ import annotations

import os

# every figure the dashboard builds is checked by plotly under test (charts.figure skips
# the check when served); set before any dashboard module is imported
os.environ["DASHBOARD_CHECK_FIGURES"] = "1"

import pytest  # noqa: E402

from dashboard.app import create_app  # noqa: E402
from dashboard.data import load_dataset  # noqa: E402


@pytest.fixture(scope="module")
def ds(folder):
    return load_dataset(folder)


@pytest.fixture(scope="module")
def client(folder):
    return create_app(folder).server.test_client()


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory):
    """The commands a test runs keep their databases (DASHBOARD_CACHE) in a folder of the
    test session, never in the user's own cache folder."""
    import os

    old = os.environ.get("DASHBOARD_CACHE")
    os.environ["DASHBOARD_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("DASHBOARD_CACHE", None)
    else:
        os.environ["DASHBOARD_CACHE"] = old
