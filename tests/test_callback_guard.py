"""Issue 10, Found 7: a malformed POST to Dash's callback endpoint answers 400 and logs
one line, never 500 with a traceback; the browser's own requests still answer 200."""
from __future__ import annotations

import logging
import re

import pytest

from dashboard.app import create_app
from fixtures_app import write_fixture

URL = "/_dash-update-component"
ROUTER = "..%s.." % "...".join(["_pages_content.children", "_pages_store.data"])
ROUTER_OUTPUTS = [{"id": "_pages_content", "property": "children"},
                  {"id": "_pages_store", "property": "data"}]
@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(write_fixture(tmp_path_factory.mktemp("guard")))


def router(pathname="/", search="", **changes) -> dict:
    body = {"output": ROUTER, "outputs": ROUTER_OUTPUTS,
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    body.update(changes)
    return body


def nav(app, n_links=2, n_outputs=2) -> dict:
    """The shell's navigation callback (nav-link hrefs by an ALL pattern), built from
    the callback map, with `n_outputs` links written and `n_links` link ids read."""
    key = next(k for k in app.callback_map if "nav-link" in k)
    spec = app.callback_map[key]

    def link(i):
        return {"id": {"index": f"p{i}", "type": "nav-link"}, "property": "href"}

    def output(o):
        if isinstance(o.component_id, dict):
            return [link(i) for i in range(n_outputs)]
        return {"id": o.component_id, "property": o.component_property}

    def state(s):
        if s["id"].startswith("{"):
            return [{**link(i), "property": "id", "value": link(i)["id"]}
                    for i in range(n_links)]
        return {**s, "value": None}
    return {"output": key, "outputs": [output(o) for o in spec["output"]],
            "inputs": [{"id": "url", "property": "pathname", "value": "/"},
                       {"id": "url", "property": "search", "value": ""}],
            "state": [state(x) for x in spec["state"]],
            "changedPropIds": ["url.pathname"]}


def test_the_browsers_requests_are_answered(app):
    client = app.server.test_client()
    assert client.post(URL, json=router("/actions", "?area=online_harm")).status_code == 200
    assert client.post(URL, json=nav(app)).status_code == 200
    # a second callback on url.search (allow_duplicate): the browser names the output
    # with its @hash, as the callback map does
    sort = next(k for k in app.callback_map if k.startswith("url.search@")
                and "sort-button" in app.callback_map[k]["inputs"][0]["id"])
    body = {"output": sort, "outputs": {"id": "url", "property": sort.split(".", 1)[1]},
            "inputs": [[{"id": {"col": "due_on", "type": "sort-button"}, "property": "n_clicks",
                         "value": 1}]],
            "state": [{"id": "url", "property": "search", "value": ""}],
            "changedPropIds": ['{"col":"due_on","type":"sort-button"}.n_clicks']}
    assert client.post(URL, json=body).status_code == 200


MALFORMED = {
    "invalid JSON": dict(data=b"{not json", content_type="application/json"),
    "not JSON at all": dict(data=b"output=x", content_type="application/x-www-form-urlencoded"),
    "an empty body": dict(data=b"", content_type="application/json"),
    "a JSON list": dict(json=[1, 2]),
    "a JSON string": dict(json="x"),
    "an empty object": dict(json={}),
    "an unknown output": dict(json=router(output="nope.children")),
    "a client-side callback's output": dict(json=router(output="_pages_dummy.children")),
    "outputs of the wrong shape": dict(json=router(outputs={"id": "x"})),
    "inputs that are no list": dict(json=router(inputs="x")),
    "too few inputs": dict(json=router(inputs=[])),
    "another component's input": dict(json=router(inputs=[
        {"id": "url", "property": "pathname", "value": "/"},
        {"id": "_pages_location", "property": "search", "value": ""}])),
    "a number for the path": dict(json=router(pathname=5)),
    "a path without its slash": dict(json=router(pathname="actions")),
    "a list for the search": dict(json=router(search=[1])),
    "changedPropIds that are not text": dict(json=router(changedPropIds=[{}])),
    "a pattern id of another type": lambda app: {**nav(app), "state": [[
        {"id": {"index": "p0", "type": "other"}, "property": "id", "value": {}}],
        {"id": "shell-loaded-at", "property": "data", "value": None}]},
    "pattern lists of different lengths": lambda app: nav(app, n_links=2, n_outputs=0),
    "a number in the filter words": dict(json={
        "output": "filters-words.children",
        "outputs": {"id": "filters-words", "property": "children"},
        "inputs": [{"id": "url", "property": "search", "value": 5}]}),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_callback_request_is_400_with_one_log_line(app, case, caplog):
    caplog.set_level(logging.INFO)
    request = MALFORMED[case]
    request = dict(json=request(app)) if callable(request) else request
    response = app.server.test_client().post(URL, **request)
    assert response.status_code == 400, case
    assert b"Traceback" not in response.data
    records = [r for r in caplog.records if r.name == app.server.logger.name]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].levelno == logging.WARNING and records[0].exc_info is None
    assert "refused a malformed callback request" in records[0].getMessage()
    assert "\n" not in records[0].getMessage()


def test_a_switch_sends_true_or_false_and_nothing_else(app):
    sync = next(k for k in app.callback_map if "public-toggle.value" in k
                and k.startswith("..filter-period"))
    spec = app.callback_map[sync]

    def body(public):
        values = {("url", "search"): "", ("public-toggle", "value"): public,
                  ("present-toggle", "value"): False}
        return {"output": sync,
                "outputs": [{"id": o.component_id, "property": o.component_property}
                            for o in spec["output"]],
                "inputs": [{**i, "value": values.get((i["id"], i["property"]))}
                           for i in spec["inputs"]],
                "changedPropIds": ["public-toggle.value"]}
    client = app.server.test_client()
    assert client.post(URL, json=body(True)).status_code == 200
    assert client.post(URL, json=body("yes")).status_code == 400


@pytest.mark.parametrize("path", [
    "/_dash-component-suites/dash/../../setup.py",        # a path Dash never registered
    "/_dash-component-suites/dash/%2e%2e/%2e%2e/setup.py",
    "/_dash-component-suites/../../etc/passwd",           # a package it never registered
    "/_dash-component-suites/nope/x.js",
])
def test_a_script_dash_does_not_serve_is_404_with_one_log_line(app, path, caplog):
    # Dash raised DependencyException: 500, and a traceback naming every registered path
    caplog.set_level(logging.INFO)
    response = app.server.test_client().get(path)
    assert response.status_code == 404, response.status_code
    assert b"Traceback" not in response.data and b"registered" not in response.data
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None and "\n" not in records[0].getMessage()
    assert "a script Dash does not serve" in records[0].getMessage()


def test_dash_still_serves_its_own_scripts(app):
    layout = app.server.test_client().get("/").get_data(as_text=True)
    script = re.search(r'src="(/_dash-component-suites/dash/[^"]+)"', layout).group(1)
    assert app.server.test_client().get(script).status_code == 200
