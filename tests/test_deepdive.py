"""What every deep-dive page is made of (views/deepdive.py): its figures over a file with
no rows yet (a newcomer's template folder) and the figures the period never narrows."""
from __future__ import annotations

import pytest

from dashboard.components.static_html import render_html
from dashboard.data import load_dataset
from dashboard.data.contract_doc import write_template
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import actions, case_reviews, front_door, training, voice
from dashboard.views.panels import COUNT, MONEY, shown
from dashboard.views.state import ViewState, parse_state
from fixtures_assurance import write_assurance_fixture

PAGES = {"mash": front_door, "case_reviews": case_reviews, "voice": voice,
         "actions": actions, "training": training}
# metrics.md "Time": figures the period never narrows (always "as of")
AS_AT = {"mash.pending_overdue", "case_reviews.lcspr_overdue", "voice.awaiting_over_90d"}


@pytest.fixture(scope="module")
def template_ds(tmp_path_factory):
    """The untouched template with its three required settings filled in: every file
    has a header and no rows."""
    folder = tmp_path_factory.mktemp("template") / "mydata"
    write_template(folder)
    toml = folder / "partnership.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    .replace('# name = ""', 'name = "Testshire"')
                    .replace("# child_population = 0", "child_population = 40000")
                    .replace("# total_population = 0", "total_population = 160000"),
                    encoding="utf-8")
    return load_dataset(folder)


@pytest.mark.parametrize("section", PAGES)
def test_counts_over_a_file_with_no_rows_are_0_as_in_summary(template_ds, section):
    """metrics.md: counts and sums over no rows are 0, never "–" (the front door, case
    reviews, voice and actions pages showed "–" for every count of an empty file)."""
    page = PAGES[section]
    f = parse_filters({}, template_ds)
    row = shown(page.FIGURES_PANEL, template_ds, f, ViewState()).rows[0]
    s = summary(template_ds, f)[section]
    for fig in page.FIGURES:
        if fig.col.kind in (COUNT, MONEY):
            assert row[fig.col.key] == 0, fig.col.key
        if fig.col.key in s:
            assert row[fig.col.key] == s[fig.col.key], fig.col.key


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_assurance_fixture(tmp_path_factory.mktemp("deepdive")))


def test_figures_the_period_never_narrows_say_so_on_their_tiles(ds):
    """The page's heading names the period ("12 months to …"); a figure beside it that
    the period does not narrow says that it is as at the as-of date."""
    flagged = {f"{fig.section}.{fig.col.key}" for page in PAGES.values()
               for fig in page.FIGURES if fig.as_at}
    assert flagged == AS_AT
    f = parse_filters({}, ds)
    for page in (front_door, case_reviews, voice):
        markup = render_html(page.render(ds, f, parse_state({}), ""))
        for key in AS_AT:
            if key.split(".")[0] == {front_door: "mash", case_reviews: "case_reviews",
                                     voice: "voice"}[page]:
                assert f'data-as-at="{key}"' in markup, key
                assert "whatever the period" in markup
