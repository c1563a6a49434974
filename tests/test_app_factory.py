"""create_app / run_server: serves a folder (the demo by default), offline assets,
the page router through Dash's own endpoint, several apps in one process."""
import json
import re

import pytest

from dashboard import app as app_module
from dashboard.app import create_app, resolve_data_dir, run_server
from dashboard.views.context import DATASET_KEY
from dashboard.views.page import page_status
from dashboard.views.shell import nav_pages
from fixtures_app import write_fixture


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("fx"), demo=True)


@pytest.fixture(scope="module")
def app(folder):
    return create_app(folder)


def route(app, path: str, search: str = "") -> str:
    """Ask Dash's page router for a page, as the browser does; return its JSON."""
    callback = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {
        "output": callback,
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_data(as_text=True)


def test_index_declares_its_language_and_loads_bootstrap_locally(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    css = re.search(r'href="(/assets/bootstrap\.min\.css[^"]*)"', page).group(1)
    assert client.get(css).status_code == 200
    assert "cdn" not in page.lower()


def test_shell_has_navigation_partnership_banner_and_one_filter_bar(app):
    layout = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    for label in ("Overview", "Front door", "Audits", "Actions", "Case reviews", "Funding",
                  "Training", "Data quality", "Priority areas"):
        assert f'"{label}"' in layout, label
    assert "Fenmoor Test Safeguarding Partnership" in layout
    # the demo's notice carries the as-of date (one line, not a date and a banner)
    assert "Synthetic demo data \\u00b7 as of 31 Mar 2024" in layout
    for control in ("filter-from", "filter-to", "filter-agency", "filter-area",
                    "present-toggle", "pack-link"):
        assert layout.count(f'"id": "{control}"') == 1 or layout.count(
            f'"id":"{control}"') == 1, control
    assert '"type": "Main"' in layout or '"type":"Main"' in layout


def test_the_router_draws_overview_area_and_not_found(app):
    overview = route(app, "/")
    assert "data-area-tile" in overview and "Online harm" in overview
    area = route(app, "/area/online_harm", "?from=2023-01-01")
    assert "police_online_referrals_10k" in area
    assert json.loads(area)["response"]["_pages_store"]["data"]["title"].startswith(
        "Online harm")
    missing = route(app, "/area/front_door")
    assert "Priority area not found" in missing
    nowhere = route(app, "/no/such/page")
    assert "Page not found" in nowhere
    refused = route(app, "/", "?agency=martians")
    assert "data-filter-error" in refused


def test_page_status_is_404_for_no_page_and_for_an_unknown_area():
    pages, areas = {"/", "/data-quality"}, {"online_harm", "a b"}
    assert page_status("/", pages, areas) == 200
    assert page_status("/data-quality/", pages, areas) == 200
    assert page_status("/area/online_harm", pages, areas) == 200
    assert page_status("/area/a%20b", pages, areas) == 200
    assert page_status("/area/front_door", pages, areas) == 404
    assert page_status("/area/online_harm/x", pages, areas) == 404
    assert page_status("/no/such/page", pages, areas) == 404
    # priority_areas.csv unavailable: the area page says so, it is not "not found"
    assert page_status("/area/front_door", pages, None) == 200


def test_unknown_addresses_answer_404_with_the_page_shell(app):
    client = app.server.test_client()
    for path in ("/", "/area/online_harm", "/data-quality", "/funding", "/?agency=police"):
        assert client.get(path).status_code == 200, path
    for path in ("/area/front_door", "/no/such/page"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert '<html lang="en">' in response.get_data(as_text=True)  # the app still loads
    assert client.get("/assets/dashboard.css").status_code == 200
    assert client.get("/assets/print.js").status_code == 200


def test_no_page_is_coming_and_every_page_draws(app):
    for page in nav_pages():
        body = route(app, page["path"])
        assert "coming in a later release" not in body, page["path"]
        assert "data-page-error" not in body, page["path"]
    assert "validation-report" in route(app, "/data-quality") or "No findings" in route(
        app, "/data-quality")


def test_two_apps_in_one_process_keep_their_own_data_and_callbacks(app, tmp_path):
    other_folder = write_fixture(tmp_path / "other")
    text = (other_folder / "partnership.toml").read_text().replace(
        "Fenmoor Test", "Otherton Test")
    (other_folder / "partnership.toml").write_text(text)
    other = create_app(other_folder)
    assert other.server.config[DATASET_KEY].current.partnership.name.startswith("Otherton")
    assert app.server.config[DATASET_KEY].current.partnership.name.startswith("Fenmoor")
    for a in (app, other):
        assert any("_pages_content.children" in k for k in a.callback_map)
        assert any("url.search" in k for k in a.callback_map)
    assert "data-area-tile" in route(other, "/")


def test_no_folder_means_the_environment_else_the_demo(monkeypatch, tmp_path):
    monkeypatch.delenv("DASHBOARD_DATA", raising=False)
    assert resolve_data_dir(None) == app_module.DEFAULT_DATA_DIR
    assert app_module.DEFAULT_DATA_DIR.parts[-2:] == ("datasets", "demo")
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path))
    assert resolve_data_dir(None) == tmp_path
    assert resolve_data_dir("x") .name == "x"


def test_run_server_exits_2_with_one_line_on_a_folder_failure(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_server(tmp_path / "missing", host="127.0.0.1", port=0)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err


def test_run_server_refuses_to_serve_beyond_loopback_without_login(folder, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_server(folder, host="0.0.0.0", port=0)
    assert exit_info.value.code == 2
    assert "login" in capsys.readouterr().err


def test_as_of_from_the_command_line_wins(folder):
    other = create_app(folder, as_of="2023-12-31")
    assert str(other.server.config[DATASET_KEY].current.as_of) == "2023-12-31"
