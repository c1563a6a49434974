"""The production start of the README: gunicorn serving dashboard.wsgi:server, configured
from the environment, signing a user in. Loopback only; plain http here stands in for
the TLS that gunicorn's --certfile or a proxy gives in production."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from dashboard.users import set_password
from fixtures_app import write_fixture

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long enough password"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path, **extra) -> dict:
    data = write_fixture(tmp_path / "data")
    users = tmp_path / "deploy" / "users.toml"
    users.parent.mkdir()
    set_password(users, "asha", PASSWORD)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env.update(DASHBOARD_DATA=str(data), DASHBOARD_USERS=str(users),
               DASHBOARD_AUDIT_LOG=str(tmp_path / "deploy" / "audit.jsonl"),
               DASHBOARD_SECRET_KEY="0123456789abcdef" * 4, PYTHONPATH=str(ROOT))
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def _request(port, method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response, response.read().decode("utf-8", "replace")


def _cookie(response) -> str:
    # the session cookie is Secure (production is behind TLS); sent back by hand here
    return response.getheader("Set-Cookie").split(";", 1)[0]


@pytest.mark.skipif(not GUNICORN.exists() and not shutil.which("gunicorn"),
                    reason="gunicorn is not installed (pip install -e '.[server]')")
def test_gunicorn_serves_the_dashboard_with_sign_in(tmp_path):
    port = _free_port()
    env = _env(tmp_path)
    proc = subprocess.Popen(
        [str(GUNICORN) if GUNICORN.exists() else "gunicorn", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                response, _ = _request(port, "GET", "/login")
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        assert response.status == 200
        assert not re.search(r"\d", response.getheader("Server") or "")   # no version
        cookie = _cookie(response)
        assert "Secure" in response.getheader("Set-Cookie")
        page, _ = _request(port, "GET", "/front-door", cookie=cookie)
        assert page.status == 302 and page.getheader("Location").startswith("/login")
        _, form = _request(port, "GET", "/login", cookie=cookie)
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        signed, _ = _request(port, "POST", "/login", cookie=cookie, body=urlencode(
            {"username": "asha", "password": PASSWORD, "csrf": token, "next": "/front-door"}))
        assert signed.status == 302 and signed.getheader("Location") == "/front-door"
        cookie = _cookie(signed)
        # two workers share sessions through DASHBOARD_SECRET_KEY: ask several times
        for _ in range(4):
            page, body = _request(port, "GET", "/front-door", cookie=cookie)
            assert page.status == 200 and "_dash-config" in body
            assert "frame-ancestors 'none'" in page.getheader("Content-Security-Policy")
    finally:
        proc.terminate()
        proc.wait(30)


def test_the_wsgi_entry_point_refuses_to_start_without_login(tmp_path):
    env = _env(tmp_path, DASHBOARD_USERS=None)
    proc = subprocess.run([sys.executable, "-c", "import dashboard.wsgi"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: login is required")


@pytest.mark.skipif(not GUNICORN.exists() and not shutil.which("gunicorn"),
                    reason="gunicorn is not installed (pip install -e '.[server]')")
def test_gunicorn_stops_on_a_setting_that_cannot_be_used(tmp_path):
    # The worker said why in one line and exited with 2, which gunicorn's master takes
    # for a crash: it booted a new worker every few seconds, forever, never refusing to
    # start. Exiting with gunicorn's "app failed to load" status stops the master.
    env = _env(tmp_path, DASHBOARD_SECRET_KEY="short")

    def start(workers: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(GUNICORN) if GUNICORN.exists() else "gunicorn", "--workers", str(workers),
             "--bind", f"127.0.0.1:{_free_port()}", "dashboard.wsgi:server"],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)

    proc = start(1)
    assert proc.returncode == 4, proc.stderr[-2000:]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert errors and all("DASHBOARD_SECRET_KEY is shorter" in ln for ln in errors), errors
    assert "App failed to load" in proc.stderr and "Traceback" not in proc.stderr
    # With several workers it stops too. When a second worker fails while the master is
    # already stopping, gunicorn's own arbiter raises its halt again (its traceback,
    # exit 1): it still stops, having said why.
    proc = start(2)
    assert proc.returncode in (1, 4), proc.stderr[-2000:]
    assert "DASHBOARD_SECRET_KEY is shorter" in proc.stderr
    assert "App failed to load" in proc.stderr


@pytest.mark.parametrize("unset, words", [
    ("DASHBOARD_USERS", "login is required"),
    ("DASHBOARD_SECRET_KEY", "DASHBOARD_SECRET_KEY"),
    ("DASHBOARD_AUDIT_LOG", "audit"),
])
def test_the_wsgi_settings_are_all_required(tmp_path, unset, words):
    from dashboard.security import SecurityConfigError, security_config

    env = _env(tmp_path, **{unset: None})
    with pytest.raises(SecurityConfigError, match=words):
        security_config({}, env, data_dir=Path(env["DASHBOARD_DATA"]), require_login=True)
