"""KIT_HOME is private to the kit's own account.

It holds the database (names, PIN hashes of a 4-digit space), the secret key, the report signing
key, backups and reports: on a school PC where students have accounts of their own, none of it may be
readable by them (review L6). So the folder is 0700 and what the kit writes in it 0600: the process's
umask is set to 077 at start, and files and folders left by an older kit are tightened once, here.
Students' notebook folders inside it need no change: the folder around them is closed.
On Windows, POSIX modes mean little; the user's profile folder already keeps other accounts out.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
# Folders whose every file is private (keys, copies of the database, reports and pending imports).
PRIVATE_TREES = ("keys", "backups", "reports", "imports", "trusted_keys")


def secure_home(home: Path) -> None:
    """Create KIT_HOME 0700 if needed and tighten what an older kit left readable."""
    if os.name == "nt":
        home.mkdir(parents=True, exist_ok=True)
        return
    os.umask(0o077)  # everything the kit writes from now on: files 0600, folders 0700
    home.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(home, PRIVATE_DIR)
    for entry in _entries(home):
        if entry.is_file(follow_symlinks=False):
            _tighten(Path(entry.path), PRIVATE_FILE)
        elif entry.is_dir(follow_symlinks=False) and entry.name in PRIVATE_TREES:
            _tighten_tree(Path(entry.path))


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _tighten_tree(folder: Path) -> None:
    _tighten(folder, PRIVATE_DIR)
    for root, dirs, files in os.walk(folder):  # os.walk does not follow links into other folders
        for name in dirs:
            _tighten(Path(root) / name, PRIVATE_DIR)
        for name in files:
            _tighten(Path(root) / name, PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    """Remove group and other permissions; never touch a link's target, never fail the start."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
            return  # not ours to change (a folder the IT person made for the kit, owned by root)
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077 & 0o7777 | (mode & 0o700))
    except OSError:
        pass


def open_to_others(home: Path) -> bool:
    """True when other local accounts can enter KIT_HOME (for `kit doctor`)."""
    if os.name == "nt":
        return False
    try:
        return bool(stat.S_IMODE(home.stat().st_mode) & 0o077)
    except OSError:
        return False


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
