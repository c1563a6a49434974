"""Every figure's definition in one table (dashboard/definitions.py): queries/README.md is
generated from it, the Definitions page shows it, and every figure links to it."""
from __future__ import annotations

import re

import pytest

from dashboard.components.static_html import render_html
from dashboard.data import load_dataset
from dashboard.data.dataset import QUERIES_DIR
from dashboard.definitions import (
    BY_KEY, README_COMMAND, SECTIONS, anchor, definition_href, queries_readme, readme_path,
)
from dashboard.filters import parse_filters
from dashboard.headlines import HEADLINES
from dashboard.metrics import summary
from dashboard.views import definitions as definitions_view
from dashboard.views import overview
from fixtures_app import write_fixture


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_fixture(tmp_path_factory.mktemp("defs")))


def test_queries_readme_is_up_to_date():
    assert readme_path().read_text(encoding="utf-8") == queries_readme(), (
        f"queries/README.md is out of date: run {README_COMMAND}")


def test_every_query_a_definition_names_exists():
    named = {q for s in SECTIONS for d in s.entries for q in d.queries}
    missing = sorted(q for q in named if not (QUERIES_DIR / f"{q}.sql").is_file())
    assert missing == []


def test_every_summary_figure_has_a_definition(ds):
    s = summary(ds, parse_filters({}, ds))
    for section in ("mash", "audits", "actions", "case_reviews", "training"):
        for key in s[section]:
            assert f"{section}.{key}" in BY_KEY, f"{section}.{key}"
    for h in HEADLINES:
        assert h.key in BY_KEY


def test_anchors_are_unique_ids():
    anchors = [anchor(k) for k in BY_KEY]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"def-[a-z0-9-]+", a) for a in anchors)


def test_the_page_has_every_definition_and_each_headline_links_to_its_own(ds):
    page = render_html(definitions_view.render(ds, parse_filters({}, ds)), link_as_text=False)
    for key in BY_KEY:
        assert f'id="{anchor(key)}"' in page
    markup = render_html(overview.render(ds, parse_filters({}, ds)), link_as_text=False)
    for h in HEADLINES:
        assert f'href="{definition_href(h.key)}"' in markup


def test_an_unknown_key_has_no_definition():
    with pytest.raises(KeyError):
        definition_href("mash.nothing")


def test_the_page_shows_markdown_code_as_code_not_backticks(ds):
    """The table's text is Markdown for queries/README.md; on the page `from=all` was
    shown with its backticks."""
    page = render_html(definitions_view.render(ds, parse_filters({}, ds)))
    assert "`" not in page
    assert "<code>from=all</code>" in page and "<code>holidays</code>" in page
