"""The shell's callbacks as plain functions: the filter bar and the address in step."""
import dash

from dashboard.views.context import build_search, merge_search, params_from_kwargs
from dashboard.views.shell import (
    PACK_PDF_PATH, chrome_for_search, controls_from_search, date_being_typed, nav_pages,
    sync_filters, toggle_nav,
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


def test_the_address_sets_the_controls():
    out = sync_filters("url", "?from=2023-01-01&agency=police,health&area=a1&present=1",
                       None, None, [], [], False)
    assert out == ("2023-01-01", None, ["police", "health"], ["a1"], True, NU)
    # on the first call nothing has triggered: the address still wins
    assert sync_filters(None, "", "2020-01-01", None, ["x"], None, True)[:5] == (
        None, None, [], [], False)


def test_a_control_sets_the_address_and_keeps_the_rest():
    out = sync_filters("filter-agency", "?status=in_progress&from=2023-01-01",
                       "2023-01-01", None, ["police", "health"], [], False)
    assert out[:5] == (NU,) * 5
    assert out[5] == "?status=in_progress&from=2023-01-01&agency=police,health"


def test_meeting_mode_toggle_adds_and_removes_present():
    on = sync_filters("present-toggle", "?agency=police", None, None, ["police"], None, True)
    assert on[5] == "?agency=police&present=1"
    off = sync_filters("present-toggle", on[5], None, None, ["police"], None, False)
    assert off[5] == "?agency=police"


def test_an_unchanged_address_is_not_rewritten():
    assert sync_filters("filter-from", "?from=2023-01-01", "2023-01-01", None, [], [],
                        False) == (NU,) * 6


def test_chrome_carries_the_filters_on_every_link():
    ids = [{"type": "nav-link", "index": "/"}, {"type": "nav-link", "index": "/area/x"},
           {"type": "nav-link", "index": "/#brand"}]
    hrefs, pack, clear, cls = chrome_for_search("/area/x", "?agency=police&present=1", ids)
    assert hrefs == ["/?agency=police&present=1", "/area/x?agency=police&present=1",
                     "/?agency=police&present=1"]
    assert pack == PACK_PDF_PATH + "?agency=police&present=1"
    assert clear == "/area/x?present=1"
    assert cls == "present-mode"
    assert chrome_for_search("/", "", ids)[3] == ""


def test_controls_from_an_empty_address():
    assert controls_from_search(None) == (None, None, [], [], False)


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
        assert sync_filters("filter-from", "?agency=police", partial, None, ["police"],
                            [], False) == (NU,) * 6
        assert sync_filters("filter-agency", "", None, partial, ["police"], [],
                            False) == (NU,) * 6
    assert not date_being_typed("2025-03-15") and not date_being_typed(None)
    out = sync_filters("filter-from", "?agency=police", "2025-03-15", None, ["police"], [],
                       False)
    assert out[5] == "?agency=police&from=2025-03-15"
    # clearing the date removes it from the address
    assert sync_filters("filter-from", out[5], "", None, ["police"], [], False)[5] == (
        "?agency=police")


def test_the_phone_menu_opens_closes_and_closes_on_navigation():
    assert toggle_nav("nav-toggler", False) == (True, "true")
    assert toggle_nav("nav-toggler", True) == (False, "false")
    assert toggle_nav("url", True) == (False, "false")
    assert toggle_nav(None, None) == (False, "false")
