"""The Returns page on the server (dashboard/pages/returns.py, returns_jobs.py): only a
signed-in user with upload rights sees it and may post to its callbacks (403 for anyone
else, whatever the page showed); the upload is checked as background work, confirmed,
versioned, and the dashboard reloads so the figures change; the size limit is enforced
by the server; the templates download."""
from __future__ import annotations

import base64
import json
import re
import time

import pytest

from dashboard import returns as R
from dashboard.app import create_app
from dashboard.security import security_config
from dashboard.users import set_password
from metric_fixtures import catalogue_row, monthly_rows, write_dataset

PASSWORD = "a long enough password"
HEADER = "indicator_id,period_start,value\n"


@pytest.fixture(scope="module")
def deploy(tmp_path_factory):
    root = tmp_path_factory.mktemp("returns_page")
    folder = write_dataset(
        root / "data",
        indicator_catalogue=[catalogue_row("pol_pct", source="police", target=80,
                                           amber_tolerance=5, expected_from="2023-10-01")],
        indicators=monthly_rows("pol_pct", "2023-10-01", [90, 91, 92, 93, 94]))
    users = root / "users.toml"
    set_password(users, "asha", PASSWORD, uploads=["indicators"], agency="police")
    set_password(users, "nob", PASSWORD)
    set_password(users, "ada", PASSWORD, admin=True)
    return root, folder, users


@pytest.fixture(scope="module")
def app(deploy):
    root, folder, users = deploy
    cfg = security_config({"users": str(users), "audit_log": str(root / "audit.jsonl"),
                           "upload_max_mb": "1"}, {}, data_dir=folder)
    a = create_app(folder, security=cfg)
    a.server.config["LSCP_PACK_CACHE"] = str(root / "cache")
    return a


def _client(app, name):
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": name, "password": PASSWORD, "csrf": token,
                                "next": "/"})
    return client


def _call(app, client, output_id: str, values: dict, trigger: str):
    """Post the callback that has `output_id` among its outputs, as the browser would."""
    key = next(k for k in app.callback_map if output_id in k)
    spec = app.callback_map[key]
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
               for o in key.strip(".").split("...")]

    def items(deps):
        return [{"id": d["id"], "property": d["property"],
                 "value": values.get(f"{d['id']}.{d['property']}")} for d in deps]

    body = {"output": key, "outputs": outputs, "inputs": items(spec["inputs"]),
            "state": items(spec["state"]), "changedPropIds": [trigger]}
    return client.post("/_dash-update-component", json=body)


def _page(app, client, path="/returns") -> str:
    key = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": key, "outputs": [{"id": "_pages_content", "property": "children"},
                                       {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _contents(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def _upload(app, client, text, name="march.csv", job=None):
    r = _call(app, client, "returns-job.data", {
        "returns-upload.contents": _contents(text), "returns-upload.filename": name,
        "returns-stem.value": "indicators", "returns-job.data": job},
        "returns-upload.contents")
    assert r.status_code == 200, r.data[:300]
    return r.get_json()["response"]


def _poll(app, client, job):
    for _ in range(200):
        r = _call(app, client, "returns-job.data", {"returns-job.data": job,
                                                    "returns-poll.n_intervals": 1},
                  "returns-poll.n_intervals")
        out = r.get_json()["response"]
        if out["returns-poll"]["disabled"]:
            return out
        time.sleep(0.05)
    raise AssertionError("the check did not finish")


def test_without_login_the_page_says_uploads_need_login(deploy):
    _, folder, _ = deploy
    plain = create_app(folder)
    client = plain.server.test_client()
    assert "Uploads need login" in _page(plain, client)
    r = _call(plain, client, "returns-job.data", {"returns-upload.contents": _contents("x")},
              "returns-upload.contents")
    assert r.status_code == 403


def test_a_user_without_the_right_has_no_menu_entry_no_page_and_no_callbacks(app):
    client = _client(app, "nob")
    assert "may not send data returns" in _page(app, client)
    r = _call(app, client, "returns-job.data", {"returns-upload.contents": _contents("x"),
                                                "returns-stem.value": "indicators"},
              "returns-upload.contents")
    assert r.status_code == 403
    account = _call(app, client, "account.children", {"url.pathname": "/"}, "url.pathname")
    assert "nav-returns" not in account.get_data(as_text=True)
    assert "nav-returns" in _call(app, _client(app, "asha"), "account.children",
                                  {"url.pathname": "/"}, "url.pathname").get_data(as_text=True)


def test_upload_check_confirm_and_the_figures_change(app, deploy):
    _, folder, _ = deploy
    client = _client(app, "asha")
    page = _page(app, client)
    assert "at most 1 MB" in page and "Missing returns" in page
    holder = app.server.config["LSCP_DATASET"]
    from dashboard.filters import NO_FILTERS
    from dashboard.metrics import summary
    before = summary(holder.current, NO_FILTERS)["indicators"][0]["value"]
    out = _upload(app, client, HEADER + "pol_pct,2024-03-01,12.5\npol_pct,2024-02-30,1\n")
    job = out["returns-job"]["data"]
    assert job and out["returns-poll"]["disabled"] is False
    done = _poll(app, client, job)
    preview = json.dumps(done["returns-preview"]["children"])
    assert "2024-02-30" in preview and "returns-report" in preview
    assert "Figures that would change" in preview
    assert done["returns-actions"]["style"] == {}
    assert not (folder / ".versions" / "log.csv").exists()    # nothing written yet
    # another user cannot read or confirm the job
    other = _call(app, _client(app, "ada"), "returns-job.data",
                  {"returns-job.data": job, "returns-confirm.n_clicks": 1},
                  "returns-confirm.n_clicks")
    assert "someone else" in other.get_data(as_text=True) or "may not" in \
        other.get_data(as_text=True)
    r = _call(app, client, "returns-job.data", {"returns-job.data": job,
                                                "returns-confirm.n_clicks": 1},
              "returns-confirm.n_clicks")
    assert "Confirmed" in r.get_data(as_text=True), r.data[:500]
    assert len(R.versions(folder)) == 1
    after = summary(holder.current, NO_FILTERS)["indicators"][0]["value"]
    assert (before, after) == (94, 12.5)


def test_the_size_limit_is_enforced_by_the_server(app):
    client = _client(app, "asha")
    big = HEADER + "pol_pct,2024-03-01,1\n" * 60_000          # ~1.3 MB
    r = _call(app, client, "returns-job.data", {
        "returns-upload.contents": _contents(big), "returns-upload.filename": "big.csv",
        "returns-stem.value": "indicators"}, "returns-upload.contents")
    assert r.status_code == 200 and "larger than the limit of 1 MB" in r.get_data(as_text=True)
    huge = "x" * (3 * 1024 * 1024)
    r = client.post("/_dash-update-component", data=huge,
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_a_stem_not_allowed_is_refused_by_the_callback(app):
    client = _client(app, "asha")
    r = _call(app, client, "returns-job.data", {
        "returns-upload.contents": _contents(HEADER), "returns-upload.filename": "a.csv",
        "returns-stem.value": "audits"}, "returns-upload.contents")
    assert "may not send the audits file" in r.get_data(as_text=True)


def test_templates(app):
    client = _client(app, "asha")
    r = client.get("/returns/template/indicators.csv")
    assert r.get_data(as_text=True) == "indicator_id,period_start,value,numerator,denominator\n"
    r = client.get("/returns/template/mash_contacts-columns.csv")
    text = r.get_data(as_text=True)
    assert "referrer_agency,yes,local_authority, police" in text.replace('"', "")
    assert client.get("/returns/template/nope.csv").status_code == 404


def test_an_administrator_restores_and_purges_on_the_page(app, deploy):
    _, folder, _ = deploy
    asha = _client(app, "asha")
    job = _upload(app, asha, HEADER + "pol_pct,2024-03-01,50\n")["returns-job"]["data"]
    _poll(app, asha, job)
    _call(app, asha, "returns-job.data", {"returns-job.data": job,
                                          "returns-confirm.n_clicks": 1},
          "returns-confirm.n_clicks")
    version = R.versions(folder)[-1]["version_file"]
    ada = _client(app, "ada")
    page = _page(app, ada)
    assert version in page and "Restore this version" in page
    # asha may send but is no administrator: her restore does nothing
    r = _call(app, asha, "returns-admin-result.children",
              {"returns-restore.n_clicks": 1, "returns-version-pick.value":
               f"indicators/{version}"}, "returns-restore.n_clicks")
    assert r.status_code == 204
    r = _call(app, ada, "returns-admin-result.children",
              {"returns-restore.n_clicks": 1, "returns-version-pick.value":
               f"indicators/{version}"}, "returns-restore.n_clicks")
    assert "Restored indicators" in r.get_data(as_text=True), r.data[:300]
    assert R.versions(folder)[-1]["action"] == "restore"
    r = _call(app, ada, "returns-admin-result.children",
              {"returns-purge.n_clicks": 1, "returns-version-pick.value":
               f"indicators/{version}"}, "returns-purge.n_clicks")
    assert "for good?" in r.get_data(as_text=True)     # asked first, nothing deleted
    assert (folder / ".versions" / "indicators" / version).exists()
    r = _call(app, ada, "returns-admin-result.children",
              {"returns-purge-yes.n_clicks": 1, "returns-version-pick.value":
               f"indicators/{version}"}, "returns-purge-yes.n_clicks")
    assert "Purged" in r.get_data(as_text=True)
    assert R.versions(folder)[-1]["action"] == "purge"
    assert not (folder / ".versions" / "indicators" / version).exists()


def test_a_data_folder_that_cannot_be_written_is_said_in_words(app, monkeypatch):
    client = _client(app, "asha")
    job = _upload(app, client, HEADER + "pol_pct,2024-03-01,51\n")["returns-job"]["data"]
    _poll(app, client, job)

    def read_only(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(R, "confirm", read_only)
    r = _call(app, client, "returns-job.data", {"returns-job.data": job,
                                                "returns-confirm.n_clicks": 1},
              "returns-confirm.n_clicks")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "the data folder cannot be written (" in text and "Permission denied" in text


def test_a_check_whose_worker_died_is_said_to_have_stopped(tmp_path, monkeypatch):
    from dashboard import returns_jobs as J

    job = tmp_path / "abc"
    job.mkdir()
    J._write_status(job, state=J.RUNNING, step=1, steps=4, message="reading", user="asha")
    assert J.read_status(tmp_path, "abc", "asha")["state"] == J.RUNNING
    later = time.time() + J.STALLED_S + 1
    monkeypatch.setattr(J.time, "time", lambda: later)
    status = J.read_status(tmp_path, "abc", "asha")
    assert status["state"] == J.FAILED and "send the file again" in status["message"]
    assert J.read_status(tmp_path, "abc", "bob")["message"].endswith("someone else")
    with pytest.raises(R.ReturnsError):
        J.read_status(tmp_path, "../etc", "asha")


def test_a_long_check_keeps_saying_it_is_alive(tmp_path, monkeypatch):
    from dashboard import returns_jobs as J

    release = __import__("threading").Event()

    def slow_check(*_a, **_k):
        release.wait(5)
        raise R.ReturnsError("stopped by the test")

    monkeypatch.setattr(R, "check", slow_check)
    monkeypatch.setattr(J, "HEARTBEAT_S", 0.05)
    monkeypatch.setattr(J, "STALLED_S", 0.3)
    job = J.start_check(tmp_path, tmp_path, None, "indicators", b"", "a.csv", "asha")
    time.sleep(0.8)
    assert J.read_status(tmp_path, job, "asha")["state"] == J.RUNNING
    release.set()
    for _ in range(100):
        if J.read_status(tmp_path, job, "asha")["state"] == J.FAILED:
            break
        time.sleep(0.02)
    assert J.read_status(tmp_path, job, "asha")["message"] == "stopped by the test"


@pytest.mark.parametrize("values", [
    {"returns-upload.contents": 5, "returns-upload.filename": ["x"],
     "returns-stem.value": "indicators"},
    {"returns-upload.contents": "no comma", "returns-stem.value": {"a": 1}},
    {"returns-upload.contents": "data:text/csv;base64,@@@", "returns-stem.value": "indicators",
     "returns-job.data": 7},
])
def test_hand_made_callback_values_are_one_sentence_not_a_server_error(app, values):
    client = _client(app, "asha")
    r = _call(app, client, "returns-job.data", values, "returns-upload.contents")
    # 400: the callback guard knows the property (a select's value is text); never 500
    assert r.status_code in (200, 400), r.data[:200]
    r = _call(app, client, "returns-job.data", {"returns-job.data": ["x"],
                                                "returns-poll.n_intervals": 1},
              "returns-poll.n_intervals")
    assert r.status_code in (200, 204)
