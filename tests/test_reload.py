"""Reloading (dashboard/reload.py, datasets.md "Reloading"): a changed folder is served
after reload_quiet_s, a changed file that fails at file level keeps the last good set
serving (the data-quality page names the blocker), a request reads one set from start
to end, the page shell follows the new set, and "Reload now" is behind can_reload()."""
from __future__ import annotations

import datetime as dt
import json
import threading
import time

import pytest

from dashboard import reload as reload_module
from dashboard.app import create_app
from dashboard.filters import NO_FILTERS
from dashboard.reload import DatasetHolder, blocking_problems, changed_stems, fingerprint
from dashboard.views.context import DATASET_KEY
from dashboard.views.data_quality import RELOAD_BUTTON_ID, RELOAD_RESULT_ID
from fixtures_app import write_fixture

NEW_AREA = ("neglect", "Neglect and home conditions", "Neglect Subgroup", "")


def post_callback(app, output: str, outputs: list, inputs: list, state=()):
    """Post one callback to Dash's endpoint as the browser does; return the response."""
    body = {"output": output, "outputs": outputs, "inputs": inputs, "state": list(state),
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}
    return app.server.test_client().post("/_dash-update-component", json=body)


def route(app, path: str, search: str = "") -> dict:
    """The page router's answer for `path` (content and title), as JSON."""
    callback = next(k for k in app.callback_map if "_pages_content.children" in k)
    response = post_callback(
        app, callback,
        [{"id": "_pages_content", "property": "children"},
         {"id": "_pages_store", "property": "data"}],
        [{"id": "_pages_location", "property": "pathname", "value": path},
         {"id": "_pages_location", "property": "search", "value": search}])
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


def layout(app) -> str:
    """The page shell as JSON text (slashes unescaped: Dash writes / as \\u002f)."""
    return json.dumps(app.server.test_client().get("/_dash-layout").get_json())


def add_area(folder, area=NEW_AREA) -> None:
    with (folder / "priority_areas.csv").open("a", encoding="utf-8") as fh:
        fh.write(",".join(area) + "\n")


def set_toml(folder, **settings) -> None:
    path = folder / "partnership.toml"
    lines = [ln for ln in path.read_text().splitlines()
             if ln.split("=")[0].strip() not in settings]
    lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items() if v is not None]
    path.write_text("\n".join(lines) + "\n")


def break_actions(folder) -> None:
    # a file-level error: required columns missing from the header
    (folder / "actions.csv").write_text("action_id,source_type\nFX-1,audit\n")


@pytest.fixture
def folder(tmp_path):
    return write_fixture(tmp_path / "fx")


@pytest.fixture
def app(folder):
    return create_app(folder)


def holder_of(app) -> DatasetHolder:
    return app.server.config[DATASET_KEY]


# -- the watcher ---------------------------------------------------------------------------
def test_a_changed_folder_is_served_after_the_quiet_time_and_the_watcher_stops(folder):
    set_toml(folder, reload_quiet_s=1)
    app = create_app(folder, watch=True)
    holder = holder_of(app)
    try:
        assert holder.wait_until_watching()   # a change made before may go unseen
        add_area(folder)
        time.sleep(0.5)
        set_toml(folder, as_of="2024-02-29")   # still copying: the quiet time restarts
        last_write = dt.datetime.now()
        assert holder.reloads == 0           # not read half-way
        deadline = time.monotonic() + 20
        while holder.reloads == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert holder.reloads == 1, holder.blocked
        # read only once the folder had been quiet for reload_quiet_s
        assert (holder.current.loaded_at - last_write).total_seconds() >= 1
        shell = layout(app)
        assert NEW_AREA[1] in shell and "Data as of 29 Feb 2024" in shell
        assert any(NEW_AREA[1] in json.dumps(part) for part in [route(app, "/")])
    finally:
        started = time.monotonic()
        holder.stop_watching()
    assert not holder.watching and time.monotonic() - started < 3


def test_create_app_does_not_watch_unless_asked(app):
    assert not holder_of(app).watching


# -- what a reload accepts and refuses ------------------------------------------------------
def test_the_shell_follows_a_reload_new_area_name_and_as_of(app, folder):
    before = layout(app)
    assert NEW_AREA[1] not in before and "Data as of 31 Mar 2024" in before
    add_area(folder)
    set_toml(folder, as_of="2024-02-29", name="Fenmoor Renamed Partnership")
    assert holder_of(app).reload()
    after = layout(app)
    assert NEW_AREA[1] in after and f"/area/{NEW_AREA[0]}" in after
    assert "Data as of 29 Feb 2024" in after and "Fenmoor Renamed Partnership" in after
    assert "Data as of 31 Mar 2024" not in after
    page = app.server.test_client().get("/").get_data(as_text=True)
    assert "<title>Fenmoor Renamed Partnership – LSCP dashboard</title>" in page
    # the new area's page exists (200, not 404) and the overview draws its tile
    assert app.server.test_client().get(f"/area/{NEW_AREA[0]}").status_code == 200
    assert NEW_AREA[1] in json.dumps(route(app, "/"))


def test_every_shell_says_when_its_data_was_loaded(app):
    ds = holder_of(app).current
    assert f"loaded {ds.loaded_at:%H:%M}" in layout(app)
    assert ds.loaded_at.isoformat() in layout(app)   # the shell's own stamp


def test_a_changed_file_failing_at_file_level_keeps_the_last_good_set(app, folder):
    holder = holder_of(app)
    serving = holder.current
    add_area(folder)
    break_actions(folder)
    assert not holder.reload()
    assert holder.current is serving            # whole: not even the new area
    assert NEW_AREA[1] not in layout(app)
    [(file, reason)] = holder.blocked.problems
    assert file == "actions.csv" and "due_on" in reason
    page = json.dumps(route(app, "/data-quality"))
    assert "reload-blocked" in page and "actions.csv" in page and "due_on" in page
    assert f"{holder.blocked.at:%H:%M}" in page
    # mended: the next reload is served and the blocker goes
    (folder / "actions.csv").unlink()
    assert holder.reload() and holder.blocked is None
    assert NEW_AREA[1] in layout(app)
    assert "reload-blocked" not in json.dumps(route(app, "/data-quality"))


def test_a_folder_level_failure_blocks_and_names_the_folder(app, folder):
    holder = holder_of(app)
    serving = holder.current
    (folder / "partnership.toml").write_text('name = "x"\n')
    assert not holder.reload()
    assert holder.current is serving
    [(file, reason)] = holder.blocked.problems
    assert file is None and "child_population" in reason
    assert "The folder" in json.dumps(route(app, "/data-quality"))


def test_row_errors_and_old_file_errors_do_not_block(tmp_path):
    folder = write_fixture(tmp_path / "b", broken=True)   # actions.csv broken from the start
    app = create_app(folder)
    holder = holder_of(app)
    with (folder / "priority_areas.csv").open("a") as fh:
        fh.write("bad area id!,A name,,\n")                # a row error: quarantined
    add_area(folder)
    assert holder.reload(), holder.blocked
    ds = holder.current
    assert NEW_AREA[1] in layout(app)
    report = ds.report
    assert len(report[(report["file"] == "priority_areas.csv") & report["row"].notna()])


def test_changed_stems_see_changes_additions_and_removals(tmp_path):
    (tmp_path / "a.csv").write_text("x\n")
    (tmp_path / "b.csv").write_text("x\n")
    before = fingerprint(tmp_path)
    (tmp_path / "a.csv").write_text("xy\n")
    (tmp_path / "b.csv").unlink()
    (tmp_path / "c.parquet").write_text("")
    assert changed_stems(before, fingerprint(tmp_path)) == {"a", "b", "c"}
    assert changed_stems(before, before) == set()


def test_blocking_problems_only_for_changed_files(folder):
    from dashboard.data import load_dataset

    break_actions(folder)
    ds = load_dataset(folder)
    assert [f for f, _ in blocking_problems(ds, {"actions"})] == ["actions.csv"]
    assert blocking_problems(ds, {"priority_areas"}) == []


# -- one request, one set --------------------------------------------------------------------
def test_a_request_reads_one_set_even_when_a_reload_swaps_in_the_middle(app, folder,
                                                                         monkeypatch):
    """The area page's content and its title are two reads of the dataset in one
    request; a reload lands between them (hooked into the page's drawing). The
    answer must come from one set: the old name in both, not a mix."""
    from dashboard.views import area

    holder = holder_of(app)
    areas = (folder / "priority_areas.csv").read_text()
    (folder / "priority_areas.csv").write_text(areas.replace("Online harm", "Harm online"))
    drawn = area.render
    swapped = threading.Event()

    def render_then_reload(*args, **kwargs):
        out = drawn(*args, **kwargs)
        if not swapped.is_set():      # the swap happens while this request runs
            t = threading.Thread(target=lambda: (holder.reload(), swapped.set()))
            t.start()
            t.join()
        return out

    monkeypatch.setattr(area, "render", render_then_reload)
    answer = route(app, "/area/online_harm")
    assert swapped.is_set() and holder.reloads == 1
    title = answer["response"]["_pages_store"]["data"]["title"]
    content = json.dumps(answer["response"]["_pages_content"])
    assert title.startswith("Online harm") and "Online harm" in content
    assert "Harm online" not in content
    # the next request reads the new set
    assert route(app, "/area/online_harm")["response"]["_pages_store"]["data"][
        "title"].startswith("Harm online")


def test_a_page_drawn_from_a_newer_set_than_its_shell_says_so(app, folder):
    old_stamp = holder_of(app).current.loaded_at.isoformat()
    chrome = next(k for k in app.callback_map if "reloaded-notice.children" in k)
    outputs = [{"id": i, "property": p} for i, p in (
        ("pack-link", "href"), ("filter-clear", "href"), ("shell", "className"),
        ("public-banner", "children"), ("reloaded-notice", "children"))]
    outputs.insert(0, [])  # the nav links (ALL): none in this request

    def notice():
        response = post_callback(
            app, chrome, outputs,
            [{"id": "url", "property": "pathname", "value": "/funding"},
             {"id": "url", "property": "search", "value": "?agency=police"}],
            [[], {"id": "shell-loaded-at", "property": "data", "value": old_stamp}])
        assert response.status_code == 200, response.data[:300]
        return json.dumps(response.get_json()["response"].get("reloaded-notice", {}))

    assert "data-reloaded" not in notice()
    set_toml(folder, as_of="2024-02-29")
    assert holder_of(app).reload()
    said = notice()
    assert "data-reloaded" in said and "29 Feb 2024" in said and "/funding?agency=police" in said


# -- today, and Reload now --------------------------------------------------------------------
def test_an_as_of_of_today_reloads_once_when_the_date_changes(folder):
    set_toml(folder, as_of=None)
    calls = []
    from dashboard.data import load_dataset

    def loader(path, as_of=None):
        calls.append(as_of)
        return load_dataset(path, as_of=as_of)

    today = [dt.date.today()]
    holder = DatasetHolder(folder, loader=loader, today=lambda: today[0])
    assert holder.follows_today() and len(calls) == 1
    assert holder.tick(False) is None and len(calls) == 1
    today[0] += dt.timedelta(days=1)
    holder.tick(False)
    holder.tick(False)            # tried once for this date, not on every tick
    assert len(calls) == 2
    fixed = DatasetHolder(folder, as_of=dt.date(2024, 3, 31), loader=loader,
                          today=lambda: today[0])
    assert not fixed.follows_today()
    assert fixed.tick(False) is None and len(calls) == 3


def test_the_quiet_time_is_counted_from_the_last_change(folder):
    holder = DatasetHolder(folder)   # reload_quiet_s: 10 by default
    assert holder.tick(True, now=100.0) is None
    assert holder.tick(True, now=105.0) is None
    assert holder.tick(False, now=114.9) is None and holder.reloads == 0
    add_area(folder)
    assert holder.tick(False, now=115.0) is True and holder.reloads == 1
    assert holder.tick(False, now=200.0) is None


def _press_reload(app):
    return post_callback(
        app, f"{RELOAD_RESULT_ID}.children",
        {"id": RELOAD_RESULT_ID, "property": "children"},
        [{"id": RELOAD_BUTTON_ID, "property": "n_clicks", "value": 1}],
        [{"id": "url", "property": "pathname", "value": "/data-quality"},
         {"id": "url", "property": "search", "value": ""}])


def test_reload_now_reloads_for_those_allowed(app, folder):
    assert RELOAD_BUTTON_ID in json.dumps(route(app, "/data-quality"))
    add_area(folder)
    response = _press_reload(app)
    assert response.status_code == 200
    assert "Reloaded" in response.get_data(as_text=True)
    assert holder_of(app).reloads == 1 and NEW_AREA[1] in layout(app)
    break_actions(folder)
    said = _press_reload(app).get_data(as_text=True)
    assert "reload-blocked" in said and "actions.csv" in said


def test_reload_now_is_refused_and_hidden_when_not_allowed(app, folder, monkeypatch):
    monkeypatch.setattr(reload_module, "can_reload", lambda: False)
    assert RELOAD_BUTTON_ID not in json.dumps(route(app, "/data-quality"))
    response = _press_reload(app)
    assert "Only a signed-in user" in response.get_data(as_text=True)
    assert holder_of(app).reloads == 0


def test_reload_now_in_another_worker_reaches_this_one_without_the_quiet_time(folder):
    """gunicorn: "Reload now" in one worker process writes the signal file; the
    watchers of the others reload at once (reload_quiet_s is 10 here)."""
    from dashboard.reload import signal_dir

    # A quiet time of an hour: a reload within the test came from the signal. (It slept
    # 0.5 s for the watcher and waited 8 s for the reload, and failed on a machine with
    # load 12: the write came before watchfiles was watching, or the load took longer.)
    set_toml(folder, reload_quiet_s=3600)
    holder = DatasetHolder(folder)
    holder.start_watching()
    try:
        assert holder.wait_until_watching()
        add_area(folder)
        (signal_dir(folder) / "requested").write_text("999999999 0\n")  # another pid
        deadline = time.monotonic() + 60
        while holder.reloads == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert holder.reloads == 1
        assert NEW_AREA[1] in holder.current.run("priority_areas", NO_FILTERS).to_string()
        # its own signal (this pid) does not make it load twice
        assert holder.reload_everywhere()
        time.sleep(1)
        assert holder.reloads == 2
    finally:
        holder.stop_watching()


def test_a_replaced_set_is_freed(app, folder):
    """A server reloading every day must not keep every set it ever served."""
    import gc
    import weakref

    holder = holder_of(app)
    route(app, "/")                      # the old set has served a page (cursors, memo)
    layout(app)
    old = weakref.ref(holder.current)
    add_area(folder)
    assert holder.reload()
    gc.collect()
    assert old() is None


def test_links_to_load_the_page_again_stay_on_this_site():
    from dashboard.app import _same_page

    assert _same_page("/funding", "?agency=police") == "/funding?agency=police"
    for hostile in ("//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                    "https://evil.example", None):
        assert _same_page(hostile, "") == "/"
    assert _same_page("/", "javascript:x") == "/"


def test_a_forked_worker_watches_again_unless_stopped_on_purpose(folder):
    holder = DatasetHolder(folder)
    holder.watch_after_fork()
    assert not holder.watching       # never asked to watch
    holder._pid = -1                 # as if this process were a fork of a watching one
    holder.watch_after_fork()
    assert holder.watching
    holder.stop_watching()
    holder._pid = -1
    holder.watch_after_fork()
    assert not holder.watching
