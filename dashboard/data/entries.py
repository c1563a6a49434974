"""Whether a folder entry named like a data file can be read as one (no pyarrow or
numpy here: opening a kept database, as `summary` does, needs only this)."""
from __future__ import annotations

import os
import stat
from pathlib import Path


def entry_problem(path: Path, folder: Path) -> str | None:
    """Why the folder entry `path`, named like a data file, cannot be read as one; None
    when it is a regular file inside `folder`. Checked before the file is opened (a FIFO
    would block a read for ever): a folder, a pipe or device, a symbolic link to nothing
    or one pointing outside the data folder (refused: the folder is what partners send)."""
    name = path.name
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return (f"{name} is a symbolic link to {target}, which does not exist; put the "
                    "file itself in the folder")
        if not target.is_relative_to(Path(os.path.realpath(folder))):
            return (f"{name} is a symbolic link to {target}, outside the data folder, and is "
                    "refused; copy the file into the folder instead")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"{name} cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return f"{name} is a folder, not a file; put the data file itself in its place"
    if not stat.S_ISREG(mode):
        return f"{name} is not a regular file (a pipe, socket or device), so it cannot be read"
    return None
