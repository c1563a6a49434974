"""`add-user` and serve's login options as a new user meets them: each mistake one line
on stderr and exit 2; the users file written with a hash, never the password."""
from __future__ import annotations

import io
import stat
import sys

import pytest

from dashboard.__main__ import main
from dashboard.users import UsersFileError, load_users, parse_users, set_password

GOOD = "a good long password"


def _users(t):
    path = t / "users.toml"
    if not path.exists():
        set_password(path, "asha", GOOD)
    return str(path)


MISTAKES = {
    "users file missing": lambda t: ["--users", str(t / "nope.toml"),
                                     "--audit-log", str(t / "a.log")],
    "users file not TOML": lambda t: ["--users", _write(t, "u.toml", "[[users]\n"),
                                      "--audit-log", str(t / "a.log")],
    "users file with a typo'd key": lambda t: [
        "--users", _write(t, "u.toml", '[[users]]\nusername = "a"\npublic-only = true\n'),
        "--audit-log", str(t / "a.log")],
    "login without an audit log": lambda t: ["--users", _users(t)],
    "audit log in the data folder": lambda t: ["--data", str(_data(t)), "--users", _users(t),
                                               "--audit-log", str(_data(t) / "audit.log")],
    "audit log in a missing folder": lambda t: ["--users", _users(t),
                                                "--audit-log", str(t / "no" / "a.log")],
    "beyond loopback with login but no TLS": lambda t: [
        "--host", "0.0.0.0", "--users", _users(t), "--audit-log", str(t / "a.log")],
    "beyond loopback with TLS but no login": lambda t: [
        "--host", "0.0.0.0", "--trusted-proxy-header", "X-Forwarded-Proto"],
    "certfile without keyfile": lambda t: ["--certfile", _write(t, "c.pem", "x")],
    "certfile not a certificate": lambda t: ["--certfile", _write(t, "c.pem", "x"),
                                             "--keyfile", _write(t, "k.pem", "y")],
    "idle minutes zero": lambda t: ["--session-idle-minutes", "0"],
    "idle minutes not a number": lambda t: ["--session-idle-minutes", "half an hour"],
    "trusted proxies not addresses": lambda t: ["--trusted-proxies", "my-proxy"],
    "allowed hosts with a scheme": lambda t: ["--allowed-hosts", "https://x.example"],
    "add-user without a name": lambda t: ["add-user", str(t / "u.toml")],
    "add-user into a missing folder": lambda t: ["add-user", str(t / "no" / "u.toml"), "asha"],
    "add-user into a folder": lambda t: ["add-user", str(t), "asha"],
    "add-user with a bad name": lambda t: ["add-user", str(t / "u.toml"), "asha patel"],
    "add-user into a broken file": lambda t: ["add-user", _write(t, "u.toml", "users = 3\n"),
                                              "asha"],
}


def _write(t, name, text):
    (t / name).write_text(text)
    return str(t / name)


def _data(t):
    from fixtures_app import write_fixture

    folder = t / "data"
    if not folder.exists():
        write_fixture(folder)
    return folder


def _run(argv, capsys, stdin=""):
    sys.stdin = io.StringIO(stdin)
    try:
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", MISTAKES)
def test_each_mistake_is_one_line_and_exit_2(name, tmp_path, capsys):
    status, out, err = _run(MISTAKES[name](tmp_path), capsys)
    assert status == 2, (name, out, err)
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: ") and "Traceback" not in err


@pytest.mark.parametrize("typed, words", [
    ("\n", "the password is empty"),
    (f"{GOOD}\n{GOOD}x\n", "the two passwords differ"),
    ("short\nshort\n", "shorter than 8"),
    ("", "no password read"),
])
def test_add_user_refuses_bad_passwords(tmp_path, capsys, typed, words):
    path = tmp_path / "u.toml"
    status, out, err = _run(["add-user", str(path), "asha"], capsys, typed)
    assert status == 2 and err.strip() == f"error: {err.strip()[7:]}" and words in err
    assert not path.exists()


def test_add_user_writes_a_hash_and_updates_it_in_place(tmp_path, capsys):
    path = tmp_path / "users.toml"
    status, out, _ = _run(["add-user", str(path), "asha"], capsys, f"{GOOD}\n{GOOD}\n")
    assert status == 0 and out.strip() == f"added asha in {path}"
    assert GOOD not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = load_users(path)["asha"]
    assert entry.check_password(GOOD) and entry.public_only is False

    # the administrator's comments and settings survive a password change
    path.write_text("# the partnership's users\n" + path.read_text()
                    + 'agency = "police"\nuploads = ["indicators"]\n')
    _run(["add-user", str(path), "bo", "--public-only"], capsys, f"{GOOD}\n{GOOD}\n")
    status, out, _ = _run(["add-user", str(path), "asha"], capsys, "new password 2\n" * 2)
    assert status == 0 and out.strip() == f"updated asha in {path}"
    text = path.read_text()
    assert text.startswith("# the partnership's users\n")
    users = load_users(path)
    assert users["asha"].check_password("new password 2")
    assert not users["asha"].check_password(GOOD)
    assert users["asha"].agency == "police" and users["asha"].uploads == ("indicators",)
    assert users["bo"].public_only is True and users["bo"].check_password(GOOD)


def test_add_user_reads_without_echo_at_a_terminal(tmp_path, capsys, monkeypatch):
    import getpass

    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or GOOD)

    class Tty(io.StringIO):
        def isatty(self):
            return True

    sys.stdin = Tty("")
    try:
        assert main(["add-user", str(tmp_path / "u.toml"), "asha"]) == 0
    finally:
        sys.stdin = sys.__stdin__
    assert asked == ["Password for asha: ", "The same password again: "]


@pytest.mark.parametrize("text, words", [
    ('[[users]]\nusername = "a"\n[[users]]\nusername = "a"\n', "listed twice"),
    ('[[users]]\nusername = "a"\npublic_only = "no"\n', "true or false"),
    ('[[users]]\nusername = "a"\npassword_hash = "hunter2"\n', "not a password hash"),
    ('[[users]]\nusername = "a b"\n', "username must be"),
    ('[[users]]\nusername = "a"\nuploads = "indicators"\n', "uploads must be"),
    ('title = "x"\n', "unknown setting"),
])
def test_users_file_mistakes_name_the_entry(tmp_path, text, words):
    with pytest.raises(UsersFileError, match=words):
        parse_users(text, tmp_path / "u.toml")
