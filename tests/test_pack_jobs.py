"""The pack's background job (dashboard/pack_jobs.py) with stand-in builds: one job per
pack however often it is asked, progress and failure in the status file, a lock left by
a dead worker taken over, the cache folder from DASHBOARD_CACHE."""
from __future__ import annotations

import os
import threading
import time

import pytest

from dashboard import pack_jobs
from dashboard.pack_print import PackError


def test_one_job_per_pack_with_its_progress_then_the_pdf(tmp_path):
    release = threading.Event()
    calls = []

    def build(progress):
        calls.append(1)
        progress(2, 5, "Drawing chart 1 of 2")
        release.wait(10)
        return b"%PDF-1.7 stand-in"

    first = pack_jobs.ensure_pack(tmp_path, "k1", build)
    assert first["state"] == "running"
    deadline = time.monotonic() + 5
    while pack_jobs.read_status(tmp_path, "k1").get("step") != 2:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    again = pack_jobs.ensure_pack(tmp_path, "k1", build)
    assert again["state"] == "running" and again["message"] == "Drawing chart 1 of 2"
    assert pack_jobs.cached_pdf(tmp_path, "k1") is None
    release.set()
    assert pack_jobs.wait_for(tmp_path, "k1", 60, 0.02)["state"] == "done"
    assert pack_jobs.cached_pdf(tmp_path, "k1").read_bytes() == b"%PDF-1.7 stand-in"
    assert pack_jobs.ensure_pack(tmp_path, "k1", build)["state"] == "done"
    assert calls == [1]
    # the job lets go of its lock just after it says done
    deadline = time.monotonic() + 10
    while (tmp_path / "k1.lock").exists():
        assert time.monotonic() < deadline, "the finished job kept its lock"
        time.sleep(0.02)


def test_a_failed_pack_says_why_and_is_tried_again_on_request(tmp_path):
    def broken(progress):
        raise PackError("Chromium could not print the meeting pack")

    pack_jobs.ensure_pack(tmp_path, "k2", broken)
    status = pack_jobs.wait_for(tmp_path, "k2", 60, 0.02)
    assert status == {**status, "state": "failed",
                      "message": "Chromium could not print the meeting pack"}
    # asked again at once: the failure stands (no loop of failing jobs) ...
    assert pack_jobs.ensure_pack(tmp_path, "k2", broken)["state"] == "failed"
    # ... unless the user asks to try again
    pack_jobs.ensure_pack(tmp_path, "k2", lambda p: b"%PDF ok", retry=True)
    assert pack_jobs.wait_for(tmp_path, "k2", 60, 0.02)["state"] == "done"


def test_an_unexpected_error_is_not_shown_to_the_user(tmp_path):
    def broken(progress):
        raise KeyError("/secret/path")

    pack_jobs.ensure_pack(tmp_path, "k3", broken)
    status = pack_jobs.wait_for(tmp_path, "k3", 60, 0.02)
    assert status["state"] == "failed" and "secret" not in status["message"]


def test_a_lock_left_by_a_dead_worker_is_taken_over(tmp_path):
    pack_jobs.write_status(tmp_path, "k4", state="running", step=1, steps=3, message="x")
    lock = tmp_path / "k4.lock"
    lock.write_text("99999\n")
    old = time.time() - pack_jobs.STALE_S - 1
    os.utime(lock, (old, old))
    assert pack_jobs.read_status(tmp_path, "k4")["state"] == "idle"
    pack_jobs.ensure_pack(tmp_path, "k4", lambda p: b"%PDF new")
    assert pack_jobs.wait_for(tmp_path, "k4", 60, 0.02)["state"] == "done"


def test_a_live_lock_of_another_worker_is_left_alone(tmp_path):
    (tmp_path / "k5.lock").write_text("12345\n")
    pack_jobs.write_status(tmp_path, "k5", state="running", step=1, steps=3,
                           message="Drawing chart 1 of 1")
    status = pack_jobs.ensure_pack(tmp_path, "k5", lambda p: pytest.fail("drawn twice"))
    assert status["state"] == "running"


def test_the_cache_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(pack_jobs.CACHE_ENV, str(tmp_path / "c"))
    assert pack_jobs.cache_dir({}, tmp_path / "data") == (tmp_path / "c" / "packs").resolve()
    monkeypatch.delenv(pack_jobs.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pack_jobs.default_cache_dir() == tmp_path / "xdg" / "lscp-dashboard"
    with pytest.raises(PackError, match="inside the data folder"):
        pack_jobs.cache_dir({pack_jobs.CACHE_CONFIG_KEY: str(tmp_path / "data" / "x")},
                            tmp_path / "data")


def test_a_lock_taken_between_the_look_and_the_takeover_is_put_back(tmp_path, monkeypatch):
    """Two workers find a dead worker's lock; the first takes it over (a fresh lock),
    the second, which looked before that, must not move the fresh lock aside."""
    lock = tmp_path / "k6.lock"
    lock.write_text("first worker\n")
    monkeypatch.setattr(pack_jobs, "_lock_alive", lambda path: False)  # its stale look
    assert pack_jobs._claim(lock) is False
    assert lock.read_text() == "first worker\n"
    assert list(tmp_path.iterdir()) == [lock]
