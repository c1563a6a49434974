"""The one seam between filters and SQL (Dataset.run and filters.sql_value): every filter
`$param` is filled from the filters, resolved once; the rest comes from the dataset or
by name; which filters narrow a figure follows from its queries' parameters."""
from __future__ import annotations

import contextlib
import datetime as dt
import threading
from unittest import mock

import pytest

from dashboard.data import QueryError, load_dataset
from dashboard.data.dataset import QUERIES_DIR, query_params
from dashboard.filters import (
    ALL_DATES, BY_FIELD, NO_FILTERS, PARAMS, SQL_FIELDS, Filters, not_narrowing, parse_filters,
    sql_value,
)
from dashboard.views import area, overview
from fixtures_app import write_fixture

# Parameters that are not filters: each is given by name where the query is run.
NAMED_PARAMS = {"as_of", "total_population", "child_population", "breakdown", "dates", "view",
                "comparator_year",
                # the voice log's search words and source / channel (view state, not filters)
                "search", "source", "channel"}


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_fixture(tmp_path_factory.mktemp("binder")))


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.sql")), ids=lambda p: p.stem)
def test_every_query_parameter_is_a_filter_field_or_a_named_one(path):
    """A filter parameter has its Filters field's name; anything else is in the short
    list of named parameters (so a new filter cannot sneak in under another name)."""
    assert query_params(path.stem) <= SQL_FIELDS | NAMED_PARAMS


def test_every_filter_parameter_is_an_address_parameter():
    for p in PARAMS:
        assert p.name.replace("-", "_") == p.field or p.name in ("from", "to")
    assert SQL_FIELDS == {p.field for p in PARAMS if p.kind != "flag"}


def test_run_fills_filters_and_extra_wins(ds):
    f = parse_filters({"agency": "police", "from": "2023-01-01", "to": "2023-12-31"}, ds)
    # indicator_set takes $area and $agency: police's and computed indicators only
    listed = ds.run("indicator_set", f)
    assert set(listed["source"]) == {"police", "computed"}
    # an explicit period wins over the filters' (trend windows)
    full = ds.run("audit_figures", f, breakdown="none")
    wider = ds.run("audit_figures", f, breakdown="none", date_from=None)
    assert int(wider["agency_returns"].iloc[0]) >= int(full["agency_returns"].iloc[0])


def test_run_refuses_unknown_and_missing_parameters(ds):
    with pytest.raises(QueryError, match="takes no parameters"):
        ds.run("indicator_set", NO_FILTERS, breakdown="none")
    with pytest.raises(QueryError, match=r"\$breakdown needs a value"):
        ds.run("audit_figures", NO_FILTERS)


def test_sql_values_are_resolved_once_and_normalised(ds):
    as_of = dt.date(2024, 3, 31)
    # the period after its default: the rolling year; from=all: no lower bound
    assert sql_value(ds, NO_FILTERS, "date_from", as_of) == dt.date(2023, 4, 1)
    assert sql_value(ds, NO_FILTERS, "date_to", as_of) == as_of
    assert sql_value(ds, ALL_DATES, "date_from", as_of) is None
    # free text is trimmed and lower-cased; codes are lists
    f = Filters(owner=(" Police Lead ",), agency=("police",))
    assert sql_value(ds, f, "owner", as_of) == ["police lead"]
    assert sql_value(ds, f, "agency", as_of) == ["police"]
    # the funding year after its default (the fixture's contributions are 2023/24)
    assert sql_value(ds, NO_FILTERS, "year", as_of) == "2023/24"
    assert sql_value(ds, Filters(year="2020/21"), "year", as_of) == "2020/21"


def test_filters_round_trip_through_the_address(ds):
    params = {"from": "all", "to": "2024-01-31", "agency": "police,health",
              "area": "online_harm", "owner": "A\\,B,C", "year": "2023/24",
              "round": "2023/24", "public": "1"}
    f = parse_filters(params, ds)
    assert parse_filters(dict(f.to_params()), ds) == f
    assert f.to_query_string() == (
        "?from=all&to=2024-01-31&agency=police,health&area=online_harm&owner=A%5C,B,C"
        "&year=2023/24&round=2023/24&public=1")


def test_a_code_not_in_its_list_names_the_parameter_and_the_allowed_codes(ds):
    from dashboard.filters import FilterError

    with pytest.raises(FilterError) as err:
        parse_filters({"agency": "martians"}, ds)
    message = str(err.value)
    assert message.startswith("agency:") and "martians" in message
    assert "police" in message and "local_authority" in message
    with pytest.raises(FilterError, match="online_harm"):
        parse_filters({"area": "atlantis"}, ds)


def test_which_filters_narrow_a_figure_follows_from_its_queries():
    f = Filters(agency=("police",), area=("x",), owner=("y",))
    # actions take $area and $owner but not $agency nor the period
    assert not_narrowing(f, ["action_figures"]) == ["period", "agency filter"]
    # the front door takes the period and agency, not the area nor owner
    assert not_narrowing(f, ["mash_figures"]) == ["priority-area filter", "owner filter"]
    # nothing set, nothing to say but the period where it does not apply
    assert not_narrowing(NO_FILTERS, ["mash_figures"]) == []
    assert BY_FIELD["agency"].label == "agency filter"


def test_the_overview_runs_only_the_queries_it_shows(ds):
    f = parse_filters({}, ds)
    overview.render(ds, f)            # fills the memo of filter-independent series
    ds.queries_run.clear()
    overview.render(ds, f)
    ran = dict(ds.queries_run)
    # never sections it does not display
    for name in ("training_figures", "budget_lines", "budget_figures", "comparator_means",
                 "comparator_shares", "audit_reaudits", "indicator_labels"):
        assert name not in ran, name
    # one query per headline figure and one per trend; one for the tiles' indicators
    # and one for each kind of context on them (breaks, benchmarks, comments)
    # overdue actions: the figure, its trend, and per area for the tiles
    assert ran["actions_overdue_at"] == 1 and ran["action_figures"] == 2
    assert ran["indicator_set"] == 1 and ran["priority_areas"] == 1
    for name in ("indicator_breaks", "indicator_benchmarks", "commentary_latest"):
        assert ran[name] == 1, name
    assert sum(ran.values()) <= 17, ran


@contextlib.contextmanager
def query_threads(ds):
    """{query name: the thread it last ran in} of the queries run inside the block."""
    threads = {}

    def watch(method):
        def watched(self, name, *args, **kwargs):
            threads[name] = threading.get_ident()
            return method(self, name, *args, **kwargs)
        return watched

    with mock.patch.object(type(ds), "_execute", watch(type(ds)._execute)), \
            mock.patch.object(type(ds), "run_table", watch(type(ds).run_table)):
        yield threads


def test_the_area_page_runs_one_query_per_section(ds):
    f = parse_filters({}, ds)
    area.render(ds, f, "online_harm")
    ds.queries_run.clear()
    with query_threads(ds) as threads:
        area.render(ds, f, "online_harm")
    # the sections below the cards are worked out beside the indicators
    me = threading.get_ident()
    assert threads["indicator_set"] == me
    assert {threads[q] for q in ("actions_open", "audit_exercises", "training_courses")} \
        == {threads["actions_open"]} != {me}
    assert dict(ds.queries_run) == {"priority_areas": 1, "indicator_set": 1,
                                    "indicator_values": 1, "indicator_breaks": 1,
                                    "indicator_benchmarks": 1, "commentary_latest": 1,
                                    "actions_by_indicator": 1, "actions_open": 1,
                                    "audit_exercises": 1, "training_courses": 1}


def test_filters_has_exactly_one_field_per_parameter():
    """Adding a filter is one row of filters.PARAMS: Filters is built from it."""
    from dataclasses import fields

    assert [f.name for f in fields(Filters)] == [p.field for p in PARAMS] + ["from_all"]
    assert hash(Filters(agency=("police",))) == hash(Filters(agency=("police",)))


def test_each_page_declares_the_queries_that_the_filters_narrow(tmp_path_factory):
    """The filter bar and the "does not narrow" notes come from the queries a page
    declares (its QUERIES, given to dash.register_page); they must be the queries the
    page runs under the filters, or a filter would be offered that changes nothing, or
    one that narrows the page would be hidden."""
    from dashboard.filters import narrowing_fields
    from dashboard.views import (
        actions, audits, case_reviews, data_quality, front_door, funding, funding_page,
        returns_grid, self_assessment, training, voice,
    )
    from dashboard.views.state import parse_state
    from fixtures_assurance import write_assurance_fixture

    ds = load_dataset(write_assurance_fixture(tmp_path_factory.mktemp("pages")))
    f, state = parse_filters({}, ds), parse_state({})
    ran: list[str] = []
    bind = ds.bind

    def recording(name, filters=None, **kw):
        if filters is not None and filters is not NO_FILTERS and filters is not ALL_DATES:
            ran.append(name)     # run under the page's filters (not a data-only lookup)
        return bind(name, filters, **kw)

    ds.bind = recording
    pages = {
        "overview": (overview.QUERIES, lambda: overview.render(ds, f)),
        "area": (area.QUERIES, lambda: area.render(ds, f, "online_harm")),
        "front-door": (front_door.QUERIES, lambda: front_door.render(ds, f, state, "")),
        "audits": (audits.QUERIES, lambda: audits.render(ds, f, state, "")),
        "actions": (actions.QUERIES, lambda: actions.render(ds, f, state, "")),
        "case-reviews": (case_reviews.QUERIES, lambda: case_reviews.render(ds, f, state, "")),
        "funding": (funding.QUERIES, lambda: funding_page.render(ds, f, state, "")),
        "training": (training.QUERIES, lambda: training.render(ds, f, state, "")),
        "self-assessment": (self_assessment.QUERIES,
                            lambda: self_assessment.render(ds, f, state, "")),
        "voice": (voice.QUERIES, lambda: voice.render(ds, f, state, "")),
        "data-quality": (returns_grid.QUERIES, lambda: data_quality.render(ds, f, state, "")),
    }
    for page, (declared, render) in pages.items():
        ds.memo.clear()
        ran.clear()
        render()
        assert ran, page
        assert narrowing_fields(ran) == narrowing_fields(declared), page


def test_the_front_door_reads_the_contacts_once_per_filter_set(ds):
    """Its figures, month trend and six breakdowns come from one mash_figures run
    (breakdown 'all'); the record table is one more query. The same for the audits,
    actions and training pages' figures."""
    from dashboard.views import front_door
    from dashboard.views.state import ViewState

    f = parse_filters({"agency": "police"}, ds)
    ds.memo.clear()
    ds.queries_run.clear()
    with query_threads(ds) as threads:
        front_door.render(ds, f, ViewState(), "?agency=police")
    assert dict(ds.queries_run) == {"mash_figures": 1, "mash_contact_rows": 1}, \
        dict(ds.queries_run)
    # the record table's page is worked out beside the figures, in another thread
    assert threads["mash_figures"] == threading.get_ident() != threads["mash_contact_rows"]
    from dashboard.views import actions, audits, training

    for page, query in ((audits, "audit_figures"), (actions, "action_figures"),
                        (training, "training_figures")):
        ds.memo.clear()
        ds.queries_run.clear()
        page.render(ds, f, ViewState(), "?agency=police")
        assert ds.queries_run[query] == 1, (query, dict(ds.queries_run))
    # one figure asked for alone (the public Overview's) runs its own breakdown only
    ds.memo.clear()
    public = parse_filters({"agency": "police", "public": "1"}, ds)
    overview.render(ds, public)
    assert ds.memo.get(("mash_figures", "all", public, ds.as_of)) is None
    assert ds.memo.get(("mash_figures", "none", public, ds.as_of)) is not None


def test_the_memo_forgets_the_least_recently_used_beyond_its_size():
    from dashboard.data.dataset import Memo

    memo, worked = Memo(size=2), []
    work = lambda k: lambda: worked.append(k) or k.upper()      # noqa: E731
    assert memo.remember("a", work("a")) == "A"
    memo.remember("b", work("b"))
    memo.remember("a", work("a"))            # used again: now the most recent
    memo.remember("c", work("c"))            # over size: "b" is forgotten, not "a"
    memo.remember("a", work("a"))
    memo.remember("b", work("b"))
    assert worked == ["a", "b", "c", "b"] and len(memo) == 2


def test_at_once_answers_in_order_in_this_context_and_raises_what_a_thread_raised():
    import contextvars

    from dashboard.data.dataset import at_once

    who = contextvars.ContextVar("who")
    who.set("the request")
    ran_in = []

    def work(n):
        def run():
            ran_in.append((n, threading.get_ident()))
            return n, who.get()
        return run

    assert at_once(work(1), work(2), work(3)) == [(1, "the request"), (2, "the request"),
                                                  (3, "the request")]
    threads = dict(ran_in)
    assert threads[1] == threading.get_ident() not in (threads[2], threads[3])
    assert at_once(work(4)) == [(4, "the request")]

    def fails():
        raise ValueError("no such column")
    with pytest.raises(ValueError, match="no such column"):
        at_once(work(5), fails)
