"""Fixtures shared by the page tests: a module defines `folder` (the dataset folder it
builds) and gets its loaded dataset as `ds` and a Flask test client of the app on it as
`client`, each built once per module. A module may still define its own."""
from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.data import load_dataset


@pytest.fixture(scope="module")
def ds(folder):
    return load_dataset(folder)


@pytest.fixture(scope="module")
def client(folder):
    return create_app(folder).server.test_client()
