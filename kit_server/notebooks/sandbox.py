"""The walls around a student's Jupyter server: bubblewrap (`bwrap`) on Linux.

The WHOLE server runs inside the sandbox, not only the kernel: the server's contents API follows
symlinks, so a link made by student code would otherwise let the server hand out the kit's database.

Inside, the student sees: the system's programs and libraries and Python (read-only), their own
folder as /home/student (the only writable place), the server's config as /opt/kit (read-only),
a private /tmp, a private /proc (no view of the kit's processes) and an environment the kit wrote.
KIT_HOME, the project folder and other students' folders are simply not there.
The network stays shared, because the browser must reach the server on the kit's address.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HOME_INSIDE = "/home/student"
RUN_INSIDE = "/opt/kit"
# System folders bound read-only when they exist (on merged-/usr systems /bin, /lib... are links).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Only the parts of /etc that programs need; /etc may hold things that are none of a student's business.
ETC_ENTRIES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "fonts", "localtime", "mime.types",
               "nsswitch.conf", "passwd", "group", "hosts", "ssl", "alternatives")


@dataclass(frozen=True)
class Layout:
    """Where a server's folders are, as the server itself sees them."""

    home: str  # the student's folder
    run: str  # the kit-written config, token and ticket key (read-only for the student)
    runtime: str  # kernels' sockets: short, because a socket path may not pass 107 characters


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


@functools.lru_cache(maxsize=1)
def bwrap_works() -> bool:
    """True when bwrap exists and may create namespaces here (AppArmor or a container may forbid it)."""
    path = bwrap_path()
    if path is None:
        return False
    probe = [path, "--ro-bind", "/", "/", "--unshare-all", "--share-net", "--proc", "/proc",
             "--dev", "/dev", "--tmpfs", "/tmp", "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def layout(sandboxed: bool, home: Path, run: Path, short_runtime: Path) -> Layout:
    """Paths as the server sees them; without a sandbox `short_runtime` holds the sockets."""
    if sandboxed:
        return Layout(HOME_INSIDE, RUN_INSIDE, f"{HOME_INSIDE}/.rt")
    return Layout(str(home), str(run), str(short_runtime))


def python_dirs() -> list[str]:
    """The virtualenv and the Python it was made from: both must be visible, read-only."""
    dirs = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    return sorted(str(Path(d).resolve()) for d in dirs)


def exposed_by(kit_home: Path) -> str | None:
    """The read-only folder the sandbox shows that holds KIT_HOME, if any: then no sandbox may start."""
    home = Path(kit_home).resolve()
    shown = [*SYSTEM_DIRS, *(f"/etc/{entry}" for entry in ETC_ENTRIES), *python_dirs()]
    for folder in shown:
        real = Path(folder).resolve()
        if Path(folder).exists() and (home == real or real in home.parents):
            return folder
    return None


def bwrap_command(argv: list[str], home: Path, run: Path, env: dict[str, str], tmp_mb: int = 256) -> list[str]:
    """`argv` wrapped in bwrap: only `home` writable, `run` read-only, nothing else of the kit."""
    size = str(int(tmp_mb) * 1024 * 1024)
    # --cap-drop ALL: run as root, bwrap keeps every capability, and the sandbox could then remount
    # the read-only system and virtualenv as writable.
    # /tmp and /dev/shm are RAM: both get a size; /dev itself is read-only (it would be RAM too).
    cmd = [bwrap_path() or "bwrap", "--unshare-all", "--share-net", "--cap-drop", "ALL", "--new-session",
           "--die-with-parent", "--clearenv", "--proc", "/proc", "--dev", "/dev",
           "--size", size, "--tmpfs", "/dev/shm", "--remount-ro", "/dev", "--size", size, "--tmpfs", "/tmp"]
    for folder in SYSTEM_DIRS:
        if Path(folder).exists():
            cmd += ["--ro-bind", folder, folder]
    for entry in ETC_ENTRIES:
        if Path("/etc", entry).exists():
            cmd += ["--ro-bind", f"/etc/{entry}", f"/etc/{entry}"]
    for folder in python_dirs():
        cmd += ["--ro-bind", folder, folder]
    cmd += ["--bind", str(home), HOME_INSIDE, "--ro-bind", str(run), RUN_INSIDE, "--chdir", HOME_INSIDE]
    for key, value in sorted(env.items()):
        cmd += ["--setenv", key, value]
    return cmd + ["--"] + argv
# --die-with-parent: stopping bwrap must stop everything inside (otherwise the server outlives it);
# it also means the thread that starts bwrap must live as long as the server (see sessions.py).
