"""The users file (product.md "Login"): who may sign in, with what.

    [[users]]
    username = "asha.patel"
    password_hash = "scrypt:32768:8:1$…"   # werkzeug's generate_password_hash
    public_only = false                    # true: public mode only (default false)
    agency = "police"                      # data returns: the agency the user sends for
    uploads = ["indicators"]               # data returns: stems they may send, or "*"
    role = "admin"                         # data returns: an administrator may restore

`load_users` reads and checks it (every mistake one line naming the file and entry);
`set_password` writes or updates one entry (`python -m dashboard add-user FILE NAME`),
keeping the rest of the file, comments included, as it was.
"""
from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
KEYS = {"username", "password_hash", "public_only", "agency", "uploads", "role"}
MIN_PASSWORD = 8
# checked when the name is unknown, so that a wrong name takes as long as a wrong password
_DUMMY_HASH = generate_password_hash("not a password")


ADMIN_ROLE = "admin"


def _stems() -> tuple[str, ...]:
    from dashboard.data.contract import FILES

    return tuple(f.stem for f in FILES)


def uploads_problem(uploads) -> str | None:
    """Why a list of stems (users file `uploads`) cannot be used, else None."""
    if uploads == "*":
        return None
    unknown = [u for u in uploads if u not in _stems()]
    if unknown:
        return (f"uploads: {unknown[0]!r} is not a dataset file; use \"*\" or stems among "
                + ", ".join(_stems()))
    return None


def agency_problem(agency) -> str | None:
    from dashboard.data.contract import AGENCIES

    if agency is None or agency in AGENCIES:
        return None
    return f"agency {agency!r} is not an agency code; one of {', '.join(AGENCIES)}"


class UsersFileError(ValueError):
    """The users file cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class UserEntry:
    username: str
    password_hash: str | None = None
    public_only: bool = False
    agency: str | None = None
    uploads: tuple[str, ...] | str = ()
    role: str | None = None
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


def check_password(users: dict[str, UserEntry], name: str, password: str) -> UserEntry | None:
    """The entry when name and password match, else None (same work either way)."""
    entry = users.get(name)
    if entry is None or not entry.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return entry if entry.check_password(password) else None


def _entry(path: Path, i: int, raw) -> UserEntry:
    where = f"{path}: [[users]] entry {i}"
    if not isinstance(raw, dict):
        raise UsersFileError(f"{where} is not a table")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise UsersFileError(f"{where}: unknown key {', '.join(unknown)} (allowed: "
                             f"{', '.join(sorted(KEYS))})")
    name = raw.get("username")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise UsersFileError(f"{where}: username must be 1 to 64 letters, digits, '.', '_', "
                             f"'@' or '-', got {name!r}")
    where = f"{path}: user {name!r}"
    pw = raw.get("password_hash")
    if pw is not None and (not isinstance(pw, str) or "$" not in pw):
        raise UsersFileError(f"{where}: password_hash is not a password hash (write it with "
                             "python -m dashboard add-user)")
    public_only = raw.get("public_only", False)
    if not isinstance(public_only, bool):
        raise UsersFileError(f"{where}: public_only must be true or false")
    for key in ("agency", "role"):
        if key in raw and not isinstance(raw[key], str):
            raise UsersFileError(f"{where}: {key} must be text")
    if problem := agency_problem(raw.get("agency")):
        raise UsersFileError(f"{where}: {problem}")
    if raw.get("role") not in (None, ADMIN_ROLE):
        raise UsersFileError(f'{where}: role must be "{ADMIN_ROLE}" or left out, not '
                             f'{raw["role"]!r}')
    uploads = raw.get("uploads", [])
    if uploads == "*":
        pass
    elif isinstance(uploads, list) and all(isinstance(u, str) for u in uploads):
        uploads = tuple(uploads)
        if problem := uploads_problem(uploads):
            raise UsersFileError(f"{where}: {problem}")
    else:
        raise UsersFileError(f'{where}: uploads must be a list of file stems or "*"')
    return UserEntry(username=name, password_hash=pw, public_only=public_only,
                     agency=raw.get("agency"), uploads=uploads, role=raw.get("role"))


def parse_users(text: str, path: Path) -> dict[str, UserEntry]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsersFileError(f"{path} is not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"users"})
    if unknown:
        raise UsersFileError(f"{path}: unknown setting {', '.join(unknown)} (the file holds "
                             "[[users]] entries only)")
    raw = doc.get("users", [])
    if not isinstance(raw, list):
        raise UsersFileError(f"{path}: users must be [[users]] entries")
    users: dict[str, UserEntry] = {}
    for i, item in enumerate(raw, start=1):
        entry = _entry(path, i, item)
        if entry.username in users:
            raise UsersFileError(f"{path}: user {entry.username!r} is listed twice")
        users[entry.username] = entry
    return users


def load_users(path: Path) -> dict[str, UserEntry]:
    path = Path(path)
    if not path.exists():
        raise UsersFileError(f"users file {path} does not exist (create it with python -m "
                             "dashboard add-user FILE NAME)")
    if not path.is_file():
        raise UsersFileError(f"users file {path} is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersFileError(f"users file {path} cannot be read: "
                             f"{getattr(exc, 'strerror', None) or exc}") from None
    return parse_users(text, path)


class UsersFile:
    """The users file as the server sees it: read again when it changes on disk, so
    that an added user can sign in and a removed one is signed out without a restart.
    A change that breaks the file keeps the last good list (and is logged)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._stamp = self._mtime()
        self.users = load_users(self.path)

    def _mtime(self):
        try:
            st = self.path.stat()
            return (st.st_mtime_ns, st.st_size)
        except OSError:
            return None

    def current(self) -> dict[str, UserEntry]:
        stamp = self._mtime()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self.users = load_users(self.path)
            except UsersFileError as exc:
                import logging

                logging.getLogger(__name__).error("users file not reloaded: %s", exc)
        return self.users


# ---- writing ----------------------------------------------------------------------------
def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)   # a valid TOML basic string


def check_new_password(password: str, confirm: str) -> None:
    if not password:
        raise UsersFileError("the password is empty")
    if password != confirm:
        raise UsersFileError("the two passwords differ")
    if len(password) < MIN_PASSWORD:
        raise UsersFileError(f"the password is shorter than {MIN_PASSWORD} characters")


def check_target(path: Path, name: str) -> None:
    """The mistakes add-user can name before asking for a password."""
    if not NAME_RE.match(name or ""):
        raise UsersFileError(f"user name {name!r} must be 1 to 64 letters, digits, '.', '_', "
                             "'@' or '-', starting with a letter or digit")
    if path.exists() and not path.is_file():
        raise UsersFileError(f"users file {path} is not a file")
    if not path.parent.is_dir():
        raise UsersFileError(f"the folder of {path} does not exist")
    if path.exists():
        load_users(path)


def set_password(path: Path, name: str, password: str, *, public_only: bool | None = None,
                 uploads=None, agency: str | None = None, admin: bool | None = None) -> str:
    """Write `name`'s password hash into the users file (a new [[users]] entry at the end,
    or the existing entry's password_hash replaced), atomically. `uploads` (a list of
    stems or "*"), `agency` and `admin` set those keys when given (data returns).
    Returns "added" or "updated"."""
    path = Path(path)
    check_target(path, name)
    if not password:
        raise UsersFileError("the password is empty")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    users = parse_users(text, path) if text else {}
    hashed = generate_password_hash(password)
    line = f"password_hash = {_toml_string(hashed)}"
    if name in users:
        text = _replace_hash(text, name, line, path)
        action = "updated"
        if public_only is not None:
            text = _replace_key(text, name, "public_only",
                                f"public_only = {'true' if public_only else 'false'}", path)
    else:
        if text and not text.endswith("\n"):
            text += "\n"
        text += ("\n" if text else "") + (
            f"[[users]]\nusername = {_toml_string(name)}\n{line}\n"
            f"public_only = {'true' if public_only else 'false'}\n")
        action = "added"
    extra = {}
    if uploads is not None:
        extra["uploads"] = ("uploads = " + (_toml_string("*") if uploads == "*" else
                            "[" + ", ".join(_toml_string(u) for u in uploads) + "]"))
    if agency is not None:
        extra["agency"] = f"agency = {_toml_string(agency)}"
    if admin is not None:
        extra["role"] = f"role = {_toml_string(ADMIN_ROLE)}" if admin else None
    for key, line in extra.items():
        if line is None:
            text = _drop_key(text, name, key, path)
        else:
            text = _replace_key(text, name, key, line, path)
    written = parse_users(text, path)          # never write a file that does not read back
    if not written[name].check_password(password):
        raise UsersFileError(f"{path}: the entry for {name!r} could not be updated; edit it "
                             "by hand")
    _write_atomic(path, text)
    return action


_TABLE_RE = re.compile(r"^\s*\[", re.M)


def _blocks(text: str) -> list[str]:
    """The text cut before each table header ('[...]' at a line start)."""
    starts = [m.start() for m in _TABLE_RE.finditer(text)]
    cuts = [0, *starts, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _replace_key(text: str, name: str, key: str, new_line: str, path: Path) -> str:
    out = []
    done = False
    for block in _blocks(text):
        if not done and block.lstrip().startswith("[[users]]"):
            try:
                item = tomllib.loads(block.replace("[[users]]", "[user]", 1)).get("user", {})
            except tomllib.TOMLDecodeError:
                item = {}
            if item.get("username") == name:
                pattern = re.compile(rf"^[ \t]*{key}[ \t]*=.*$", re.M)
                if pattern.search(block):
                    block = pattern.sub(lambda _m: new_line, block, count=1)
                else:
                    # after the [[users]] line itself (the block may start with the blank
                    # lines before it)
                    end = block.find("\n", block.index("[[users]]"))
                    block = (f"{block}\n{new_line}\n" if end == -1 else
                             f"{block[:end + 1]}{new_line}\n{block[end + 1:]}")
                done = True
        out.append(block)
    if not done:
        raise UsersFileError(f"{path}: the entry for {name!r} could not be found; edit it by "
                             "hand")
    return "".join(out)


def _drop_key(text: str, name: str, key: str, path: Path) -> str:
    marker = "__lscp_dropped__ = true"
    text = _replace_key(text, name, key, marker, path)
    return text.replace(marker + "\n", "").replace(marker, "")


def _replace_hash(text: str, name: str, line: str, path: Path) -> str:
    return _replace_key(text, name, "password_hash", line, path)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o600)               # password hashes: readable by the owner only
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
