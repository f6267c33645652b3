"""The kit's file operations inside a student's folder: none of them ever follows a link.

Student code runs in the sandbox, where it may create links anywhere in its own folder (to another
student's notebook, to the kit's database, to a folder that does not exist). The kit works OUTSIDE
the sandbox with its own rights, so a path like `<student folder>/work/x.ipynb` must never be opened
by name: every step is opened from the step before with O_NOFOLLOW (a link answers ELOOP/ENOTDIR),
so a link swapped in between a check and an open is refused too.

Where the kit itself needs a folder or a file (a copy to hand out, the server's config folders), a
link or a stray file in the way is renamed aside (`<name>.moved-by-kit-<n>`), never followed: the
student's own server always starts again, and nothing of theirs is deleted.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_LINK_ERRORS = (errno.ELOOP, errno.ENOTDIR, errno.EMLINK)


class LinkRefused(OSError):
    """Something that is not a plain file or folder (a link, a device, a pipe) where the kit looked."""

    def __init__(self, where: str, why: str = "a link or not a plain file"):
        super().__init__(errno.ELOOP, f"{where}: {why}; the kit does not follow it")
        self.where = where


class TooLarge(OSError):
    """A file bigger than the kit will read into memory."""


def _parts(rel) -> list[str]:
    parts = [p for p in Path(rel).parts if p not in ("", ".")]
    if any(p in ("..", "/") or "/" in p or "\0" in p for p in parts):
        raise ValueError(f"not a path inside the folder: {rel!r}")
    return parts


def open_root(root) -> int:
    """The student's folder itself (made by the kit; its parents are the kit's, so they may be links)."""
    try:
        return os.open(root, _DIR_FLAGS)
    except OSError as exc:
        if exc.errno in _LINK_ERRORS:
            raise LinkRefused(str(root)) from None
        raise


def open_dir(root, rel, *, create: bool = False) -> int:
    """A folder below `root`, walked without following links; `create` makes missing folders and
    renames aside a link or file standing where a folder belongs. The caller closes the fd."""
    fd = open_root(root)
    try:
        for name in _parts(rel):
            fd = _step(fd, name, create, f"{root}/{rel}")
        return fd
    except BaseException:
        os.close(fd)
        raise


def _step(parent: int, name: str, create: bool, where: str) -> int:
    """Open `name` in `parent` as a folder, closing `parent`."""
    try:
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                raise
        except OSError as exc:
            if exc.errno not in _LINK_ERRORS:
                raise
            if not create:
                raise LinkRefused(where) from None
            move_aside(parent, name)
        try:
            os.mkdir(name, 0o755, dir_fd=parent)  # mkdir never follows a link: EEXIST instead
        except FileExistsError:
            pass
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=parent)
        except OSError as exc:  # a link swapped in right now: refuse rather than loop
            if exc.errno in _LINK_ERRORS:
                raise LinkRefused(where) from None
            raise
    finally:
        os.close(parent)


def move_aside(dir_fd: int, name: str) -> str:
    """Rename `name` (a link is renamed, not followed) to a free `<name>.moved-by-kit-<n>`."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        new = f"{name}.moved-by-kit-{stamp}" + (f"-{n}" if n else "")
        try:
            os.stat(new, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            os.rename(name, new, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            return new
    raise OSError(errno.EEXIST, f"no free name to move {name} aside")


def _split(rel) -> tuple[list[str], str]:
    parts = _parts(rel)
    if not parts:
        raise ValueError("a file name is needed")
    return parts[:-1], parts[-1]


def lstat(root, rel) -> os.stat_result | None:
    """The entry itself (a link is reported as a link), or None when it or a folder above is missing.
    A link among the folders above raises LinkRefused."""
    folders, name = _split(rel)
    try:
        fd = open_dir(root, os.path.join(*folders) if folders else ".")
    except FileNotFoundError:
        return None
    try:
        return os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    finally:
        os.close(fd)


def file_stat(root, rel) -> os.stat_result | None:
    """Like lstat, but anything other than a plain file raises LinkRefused."""
    st = lstat(root, rel)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise LinkRefused(f"{root}/{rel}")
    return st


def read_bytes(root, rel, max_bytes: int) -> bytes | None:
    """A plain file's content (None when missing); a link or anything else raises LinkRefused."""
    folders, name = _split(rel)
    try:
        dir_fd = open_dir(root, os.path.join(*folders) if folders else ".")
    except FileNotFoundError:
        return None
    try:
        fd = os.open(name, _READ_FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in _LINK_ERRORS:
            raise LinkRefused(f"{root}/{rel}") from None
        raise
    finally:
        os.close(dir_fd)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):  # a fifo would block a kit thread for ever
            raise LinkRefused(f"{root}/{rel}")
        if st.st_size > max_bytes:
            raise TooLarge(errno.EFBIG, f"{root}/{rel} is larger than {max_bytes} bytes")
        return f.read(max_bytes + 1)[:max_bytes]


def write_new(root, rel, data: bytes, *, keep: bool = True) -> bool:
    """Create a plain file with `data`; its folders are made (links in the way moved aside).

    keep=True: an existing plain file is left as it is (False is returned). Anything else in the way
    (a link, a folder, a fifo) is moved aside first, so the write always lands in the student's folder.
    """
    folders, name = _split(rel)
    dir_fd = open_dir(root, os.path.join(*folders) if folders else ".", create=True)
    try:
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            st = None
        if st is not None:
            if keep and stat.S_ISREG(st.st_mode):
                return False
            move_aside(dir_fd, name)
        fd = os.open(name, _NEW_FLAGS, 0o644, dir_fd=dir_fd)  # O_EXCL: never through a link
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return True
    finally:
        os.close(dir_fd)


def rename(root, rel, new_name: str) -> bool:
    """Rename an entry within its folder (a link is renamed, not followed); False when missing."""
    folders, name = _split(rel)
    if "/" in new_name or new_name in ("", ".", ".."):
        raise ValueError(f"not a file name: {new_name!r}")
    try:
        dir_fd = open_dir(root, os.path.join(*folders) if folders else ".")
    except FileNotFoundError:
        return False
    try:
        os.rename(name, new_name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        return True
    except FileNotFoundError:
        return False
    finally:
        os.close(dir_fd)


def usage(root, max_entries: int = 200_000) -> tuple[int, int]:
    """(bytes on disk, entries) below `root`, counting links themselves and never entering them.

    Stops counting at `max_entries`: a folder with more is over any quota anyway, and the walk must
    stay cheap for a kit thread."""
    total, entries = 0, 0
    stack = [open_root(root)]
    try:
        while stack and entries < max_entries:
            fd = stack.pop()
            try:
                with os.scandir(fd) as listing:
                    for entry in listing:
                        entries += 1
                        st = entry.stat(follow_symlinks=False)
                        total += st.st_blocks * 512 if hasattr(st, "st_blocks") else st.st_size
                        if entry.is_dir(follow_symlinks=False):
                            try:
                                stack.append(os.open(entry.name, _DIR_FLAGS, dir_fd=fd))
                            except OSError:
                                pass  # swapped for a link, or gone: not followed, not counted
            finally:
                os.close(fd)
    finally:
        for fd in stack:
            os.close(fd)
    return total, entries
