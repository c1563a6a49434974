"""The shell's callbacks as plain functions: the filter bar and the address in step."""
import datetime as dt

import dash
import pytest

from dashboard.address import build_search, merge_search, params_from_kwargs
from dashboard.filters import PARAMS
from dashboard.views.shell import (
    CONTROL_IDS, PACK_PAGE_PATH, chrome_for_search, controls_from_search, date_being_typed,
    filter_bar_state, list_choices, nav_pages, sync_filters, toggle_nav,
)

NU = dash.no_update


def test_build_search_keeps_lists_readable_and_encodes_the_rest():
    assert build_search({"agency": "police,health", "from": "2024-01-01"}) == (
        "?agency=police,health&from=2024-01-01")
    assert build_search({"owner": "A&B =x"}) == "?owner=A%26B%20%3Dx"
    assert build_search({"from": None, "to": ""}) == ""


def test_merge_search_keeps_other_parameters_in_order():
    search = "?age-band=0-4&from=2023-01-01&owner=Police"
    assert merge_search(search, {"from": None, "agency": "police"}) == (
        "?age-band=0-4&owner=Police&agency=police")


def test_params_from_kwargs_takes_the_last_of_a_repeated_key():
    assert params_from_kwargs({"agency": ["police", "health"], "x": None}) == {"agency": "health"}


AS_OF = dt.date(2026, 10, 31)


def controls(**values):
    """Control values by id, unset ones empty."""
    out = controls_from_search(None, AS_OF)
    out.update({k.replace("_", "-"): v for k, v in values.items()})
    return out


def test_the_address_sets_the_controls():
    out, note, search = sync_filters(
        "url", "?from=2023-01-01&agency=police,health&area=a1&present=1", controls(), AS_OF)
    assert out == controls(filter_period="custom", filter_from="2023-01-01",
                           filter_agency=["police", "health"], filter_area=["a1"],
                           present_toggle=True)
    assert search is NU
    # on the first call nothing has triggered: the address still wins
    first, _, _ = sync_filters(None, "", controls(filter_from="2020-01-01", present_toggle=True),
                               AS_OF)
    assert first == controls()


def test_a_control_sets_the_address_and_keeps_the_rest():
    out, _, search = sync_filters(
        "filter-agency", "?status=in_progress&from=2023-01-01",
        controls(filter_period="custom", filter_from="2023-01-01",
                 filter_agency=["police", "health"], filter_status=["in_progress"]), AS_OF)
    assert all(v is NU for v in out.values())   # every control already shows the address
    assert search == "?status=in_progress&from=2023-01-01&agency=police,health"


def test_meeting_mode_toggle_adds_and_removes_present():
    on = sync_filters("present-toggle", "?agency=police",
                      controls(filter_agency=["police"], present_toggle=True), AS_OF)[2]
    assert on == "?agency=police&present=1"
    off = sync_filters("present-toggle", on, controls(filter_agency=["police"]), AS_OF)[2]
    assert off == "?agency=police"


def test_an_unchanged_address_is_not_rewritten():
    out, note, search = sync_filters("filter-from", "?from=2023-01-01",
                                     controls(filter_from="2023-01-01"), AS_OF)
    assert search is NU and note is NU and set(out.values()) == {NU}


@pytest.mark.parametrize("preset, search", [
    ("rolling", "?agency=police"),
    # as_of 31 Oct 2026 lies in 2026/27: the last financial year is 2025/26
    ("last_fy", "?agency=police&from=2025-04-01&to=2026-03-31"),
    ("fytd", "?agency=police&from=2026-04-01"),
    ("all", "?agency=police&from=all"),
])
def test_period_presets_write_the_address(preset, search):
    start = "?agency=police&from=2020-01-01&to=2020-12-31"
    out = sync_filters("filter-period", start,
                       controls(filter_period=preset, filter_from="2020-01-01",
                                filter_to="2020-12-31", filter_agency=["police"]), AS_OF)
    assert out[2] == search
    # the date inputs follow the preset (the select itself is left as chosen)
    target = controls_from_search(search, AS_OF)
    assert target["filter-period"] == preset
    assert out[0]["filter-period"] is NU
    for c in ("filter-from", "filter-to"):   # all differ from the 2020 dates shown
        assert out[0][c] == target[c]


def test_all_dates_is_an_empty_from_input_with_words_and_survives_other_changes():
    out, note, _ = sync_filters("url", "?from=all", controls(), AS_OF)
    assert out["filter-from"] is None and out["filter-period"] == "all"
    assert note == "All dates"
    # changing the agency keeps from=all although the from input is empty
    assert sync_filters("filter-agency", "?from=all",
                        controls(filter_period="all", filter_agency=["police"]),
                        AS_OF)[2] == "?from=all&agency=police"
    # typing a date replaces it, and the preset becomes "chosen dates"
    out, note, search = sync_filters("filter-from", "?from=all",
                                     controls(filter_period="all", filter_from="2025-01-01"),
                                     AS_OF)
    assert search == "?from=2025-01-01"
    assert out["filter-period"] == "custom" and note == ""


def test_a_list_dropping_codes_it_does_not_offer_leaves_the_address_alone():
    """?agency=martians: the dropdown drops the code it does not offer; the address keeps
    it, so the page goes on showing the refusal that names the allowed codes."""
    known = {"filter-agency": ("police", "health"), "filter-area": ("a1",)}
    out = sync_filters("filter-agency", "?agency=martians,police",
                       controls(filter_agency=["police"]), AS_OF, known)
    assert out[2] is NU
    # a real change by the user is written, and only that control's parameter
    out = sync_filters("filter-area", "?agency=martians&from=all",
                       controls(filter_period="all", filter_area=["a1"]), AS_OF, known)
    assert out[2] == "?agency=martians&from=all&area=a1"


def test_a_round_or_year_the_control_does_not_offer_stays_in_the_address():
    """?round=2030/31 (well formed, not in the file: the page shows it with no rows) or
    ?round=2023-24 (refused on the page): the round control offers only the file's
    rounds and reports no value; the address keeps the round asked for (it was dropped,
    so a shared link silently showed the latest round instead)."""
    known = list_choices({"area": [], "year": ["2023/24"], "round": ["2025/26", "2026/27"]})
    assert known["filter-round"] == ["2025/26", "2026/27"]
    assert known["filter-year"] == ["2023/24"]
    for asked in ("2030/31", "2023-24"):
        for control in ("filter-round", "filter-year"):
            param = control.removeprefix("filter-")
            out = sync_filters(control, f"?{param}={asked}&agency=police",
                               controls(filter_agency=["police"]), AS_OF, known)
            assert out[2] is NU, (control, asked)
    # a round the user chooses is written; clearing one the control offers removes it
    assert sync_filters("filter-round", "?round=2030/31", controls(filter_round="2025/26"),
                        AS_OF, known)[2] == "?round=2025/26"
    assert sync_filters("filter-round", "?round=2025/26&agency=police",
                        controls(filter_agency=["police"]), AS_OF, known)[2] == "?agency=police"


def test_choosing_chosen_dates_changes_nothing():
    out = sync_filters("filter-period", "?from=2025-01-01", controls(filter_period="custom",
                                                                    filter_from="2025-01-01"), AS_OF)
    assert out[2] is NU


def test_chrome_carries_the_filters_on_every_link():
    ids = [{"type": "nav-link", "index": "/"}, {"type": "nav-link", "index": "/area/x"},
           {"type": "nav-link", "index": "/#brand"}]
    hrefs, pack, clear, cls, banner = chrome_for_search("/area/x", "?agency=police&present=1",
                                                        ids)
    assert hrefs == ["/?agency=police&present=1", "/area/x?agency=police&present=1",
                     "/?agency=police&present=1"]
    assert pack == PACK_PAGE_PATH + "?agency=police&present=1"
    assert clear == "/area/x?present=1"
    assert cls == "present-mode" and banner is None
    assert chrome_for_search("/", "", ids)[3] == ""


def test_controls_from_an_empty_address():
    assert controls_from_search(None, AS_OF) == controls()


def test_navigation_lists_pages_in_order_without_templates_or_hidden_pages():
    registry = {
        "b": {"path": "/b", "order": 2, "name": "B"},
        "a": {"path": "/", "order": 0, "name": "Overview"},
        "area": {"path": "/area/none", "path_template": "/area/<area_id>", "order": 1},
        "404": {"path": "/404", "nav": False},
    }
    assert [p["path"] for p in nav_pages(registry)] == ["/", "/b"]


def test_a_date_still_being_typed_changes_nothing():
    """Typing 2025 in a native date input reports 0002-…, 0020-…, 0202-… first: those
    must not reach the address (nor the history, nor a page render)."""
    for partial in ("0002-03-15", "0020-03-15", "0202-03-15"):
        assert date_being_typed(partial)
        assert sync_filters("filter-from", "?agency=police",
                            controls(filter_from=partial, filter_agency=["police"]),
                            AS_OF)[2] is NU
        assert sync_filters("filter-agency", "", controls(filter_to=partial,
                                                          filter_agency=["police"]),
                            AS_OF)[2] is NU
    assert not date_being_typed("2025-03-15") and not date_being_typed(None)
    out = sync_filters("filter-from", "?agency=police",
                       controls(filter_from="2025-03-15", filter_agency=["police"]), AS_OF)
    assert out[2] == "?agency=police&from=2025-03-15"
    # clearing the date removes it from the address
    assert sync_filters("filter-from", out[2], controls(filter_agency=["police"]),
                        AS_OF)[2] == "?agency=police"


def test_the_phone_menu_opens_closes_and_closes_on_navigation():
    assert toggle_nav("nav-toggler", False) == (True, "true")
    assert toggle_nav("nav-toggler", True) == (False, "false")
    assert toggle_nav("url", True) == (False, "false")
    assert toggle_nav(None, None) == (False, "false")


def test_every_filter_has_a_control_and_free_text_and_years_write_their_text():
    for p in PARAMS:
        if p.kind != "flag":
            assert f"filter-{p.name}" in CONTROL_IDS, p.name
    out = sync_filters("filter-owner", "?agency=police",
                       controls(filter_agency=["police"], filter_owner="  Police lead, LA "),
                       AS_OF)
    assert out[2] == "?agency=police&owner=Police%20lead,%20LA"
    out = sync_filters("filter-round", "?page=3", controls(filter_round="2024/25"), AS_OF)
    assert out[2] == "?round=2024/25"      # a new filter starts the table at page 1
    assert sync_filters("public-toggle", "", controls(public_toggle=True), AS_OF)[2] == (
        "?public=1")


def shown(ids, state) -> list[str]:
    return [i["param"] for i, s in zip(ids, state["styles"]) if s == {}]


def test_a_page_shows_only_the_filters_that_narrow_it():
    registry = {
        "o": {"path": "/", "queries": ("action_figures",)},
        "a": {"path": "/area/none", "path_template": "/area/<area_id>",
              "queries": ("mash_figures",)},
        "d": {"path": "/definitions"},
    }
    ids = [{"type": "filter-field", "param": n}
           for n in ("period", "from", "agency", "area", "owner", "concern")]
    state = filter_bar_state("/", "", ids, registry=registry)
    assert shown(ids, state) == ["area", "owner"] and state["bar"] == {}  # never by period
    state = filter_bar_state("/area/x", "", ids, registry=registry)
    assert shown(ids, state) == ["period", "from", "agency", "concern"]
    assert filter_bar_state("/definitions", "", ids, registry=registry)["bar"] == {
        "display": "none"}


def test_the_first_five_narrowing_filters_in_the_row_the_rest_fold():
    """The same rule on every page: period, from and to count as three of the five."""
    registry = {"f": {"path": "/front-door", "queries": ("mash_figures",)},
                "a": {"path": "/actions", "queries": ("action_figures",)}}
    names = ["period", "from", "to", "agency", "area", "age-band", "concern",
             "screening-rag", "locality", "audit-type", "owner", "status"]
    ids = [{"type": "filter-field", "param": n} for n in names]
    # mash_figures takes $date_from, $date_to, $agency, $age_band, $concern,
    # $screening_rag and $locality (no area: contacts have none)
    state = filter_bar_state("/front-door", "", ids, registry=registry)
    assert shown(ids, state) == ["period", "from", "to", "agency", "age-band"]
    assert not state["open"] and state["text"] == "More filters" and state["button"] == {}
    # a folded filter set in the address opens the fold, and the button counts it
    state = filter_bar_state("/front-door", "?concern=neglect&agency=police", ids,
                             registry=registry)
    assert shown(ids, state) == ["period", "from", "to", "agency", "age-band", "concern",
                                 "screening-rag", "locality"]
    assert state["open"] and state["text"] == "More filters (1 set)"
    # the button opens and closes it
    assert filter_bar_state("/front-door", "", ids, toggled_from=False,
                            registry=registry)["open"] is True
    assert filter_bar_state("/front-door", "?concern=neglect", ids, toggled_from=True,
                            registry=registry)["open"] is False
    # actions (area, source type, owner, status; not the period): all in the row
    state = filter_bar_state("/actions", "", ids, registry=registry)
    assert shown(ids, state) == ["area", "owner", "status"]     # no source-type field here
    assert state["button"] == {"display": "none"} and not state["open"]
    # the rank is the bar's order, whatever the order of the fields handed in
    backwards = list(reversed(ids))
    state = filter_bar_state("/front-door", "", backwards, registry=registry)
    assert sorted(shown(backwards, state)) == sorted(["period", "from", "to", "agency", "age-band"])


def test_the_view_in_words_for_meetings():
    from dashboard.views.shell import filters_in_words

    choices = {"area": [("neglect", "Neglect"), ("front_door", "Front door")]}
    assert filters_in_words("?agency=police", AS_OF, choices) == (
        "Police only · 12 months to 31 Oct 2026")
    assert filters_in_words("?area=neglect,front_door&from=2025-04-01&to=2026-03-31&"
                            "concern=neglect&owner=LA", AS_OF, choices) == (
        "Neglect and Front door only · Concern: Neglect · Action owner: LA · "
        "Financial year 2025/26")
    assert filters_in_words("?from=all", AS_OF) == "All dates to 31 Oct 2026"
    assert filters_in_words("?agency=martians", AS_OF) == ""



def test_a_new_period_starts_the_record_tables_at_page_1():
    """As any new filter does (checked failing before: the preset kept page=3, so the
    rows shown were page 3 of a table that might have one page)."""
    search = sync_filters("filter-period", "?rows=overdue&page=3",
                          controls(filter_period="all"), AS_OF)[2]
    assert search == "?rows=overdue&from=all"
    assert sync_filters("filter-agency", "?page=3",
                        controls(filter_agency=["police"]), AS_OF)[2] == "?agency=police"
