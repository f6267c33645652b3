"""What one student's server may use, and how the kit holds it to that.

Three layers, because no single one works everywhere without root-only set-up:

1. Kernel limits on every process of the server (setrlimit, through limit_exec.py), always:
   RLIMIT_AS (one process's memory: a `b"x" * 4_000_000_000` fails at once with MemoryError),
   RLIMIT_NPROC (processes and threads; counted per sandbox because bwrap makes a user namespace,
   but Linux does not apply it to root, so it does nothing when the kit runs as root),
   RLIMIT_FSIZE (no single file larger than the folder quota), RLIMIT_CORE 0.
2. A cgroup per server where the kit may make one (cgroup v1 memory+pids hierarchies, or a cgroup v2
   folder with memory and pids delegated, e.g. when the kit runs as root or under systemd with
   Delegate=yes): a hard cap on all the server's memory and processes together. Optional.
3. The kit's watchdog (SessionManager.check_limits): every few seconds it adds up each server's
   memory and processes, and measures the student's folder (a quota the kit checks itself, as no disk
   quota works without root). Past a limit it stops that student's kernels and keeps a notice the
   student sees in the kit; the server, the kit and other students carry on.
/tmp inside the sandbox is a size-capped tmpfs, and /dev is read-only (its /dev/shm capped too).
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

import psutil

MB = 1024 * 1024
EXEC_HELPER = Path(__file__).with_name("limit_exec.py")
CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 1024  # the whole server: Jupyter, kernels, everything they start
    processes: int = 256  # tasks: Linux counts each thread (a kernel with numpy has a dozen)
    tmp_mb: int = 256  # /tmp and /dev/shm inside the sandbox (both are RAM)
    folder_mb: int = 300  # the student's folder, on the same disk as the kit's database
    folder_files: int = 20_000

    @property
    def address_space(self) -> int:
        """RLIMIT_AS per process: the cap plus room for what Python and numpy only reserve."""
        return (self.memory_mb + 1024) * MB

    def rlimits(self) -> dict[str, int]:
        return {"RLIMIT_AS": self.address_space, "RLIMIT_NPROC": self.processes,
                "RLIMIT_FSIZE": self.folder_mb * MB, "RLIMIT_CORE": 0}


def wrap(argv: list[str], python: str, limits: Limits, cgroup_procs: list[str]) -> list[str]:
    import json

    spec = json.dumps({"rlimits": limits.rlimits(), "cgroups": cgroup_procs})
    return [python, "-I", "-S", str(EXEC_HELPER), spec, *argv]


# ---- cgroups (optional) ------------------------------------------------------------------------

def _own_cgroups() -> dict[str, str]:
    """{controller or "": path} of this process, from /proc/self/cgroup."""
    found = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        _id, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            found[name] = path
    return found


def make_cgroups(name: str, limits: Limits) -> list[Path]:
    """Folders of a new cgroup (one per v1 hierarchy, or one v2 folder) holding the limits; [] when
    this kit may not make one here (then layers 1 and 3 hold alone)."""
    own = _own_cgroups()
    v1 = [CGROUP_ROOT / c / own[c].lstrip("/") / name for c in ("memory", "pids") if c in own]
    if len(v1) == 2 and all(p.parent.is_dir() for p in v1):
        writes = [(v1[0], "memory.limit_in_bytes", limits.memory_mb * MB), (v1[1], "pids.max", limits.processes)]
        return _create(v1, writes)
    if "" in own:
        folder = CGROUP_ROOT / own[""].lstrip("/") / name
        try:
            delegated = (folder.parent / "cgroup.subtree_control").read_text().split()
        except OSError:
            return []
        if {"memory", "pids"} <= set(delegated):
            return _create([folder], [(folder, "memory.max", limits.memory_mb * MB),
                                      (folder, "memory.swap.max", 0), (folder, "pids.max", limits.processes)])
    return []


def _create(folders: list[Path], writes) -> list[Path]:
    try:
        for folder in folders:
            folder.mkdir(exist_ok=True)
        for folder, key, value in writes:
            if (folder / key).exists():
                (folder / key).write_text(str(value))
        return folders
    except OSError:
        remove_cgroups(folders)
        return []


def remove_cgroups(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()  # only empty ones go: a cgroup with a live process stays until reaped
        except OSError:
            pass


def oom_kills(folders: list[Path]) -> int:
    """How often the kernel killed a process of this cgroup for memory (0 when unknown)."""
    for folder in folders:
        for name in ("memory.events", "memory.oom_control"):
            try:
                text = (folder / name).read_text()
            except OSError:
                continue
            for line in text.splitlines():
                key, _sep, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
    return 0


# ---- measuring and stopping --------------------------------------------------------------------

@dataclass(frozen=True)
class Usage:
    memory_mb: float
    processes: int  # tasks, as RLIMIT_NPROC and pids.max count them


def server_usage(pid: int) -> Usage:
    """Memory and tasks of a sandbox (bwrap at `pid`) and everything inside it."""
    rss, tasks = 0, 0
    for proc in _tree(pid):
        try:
            rss += proc.memory_info().rss
            tasks += proc.num_threads()
        except psutil.Error:
            continue
    return Usage(rss / MB, tasks)


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def kill_kernels(pid: int, depth: int = 3, rounds: int = 5) -> int:
    """SIGKILL everything in the sandbox at `pid` except bwrap and the Jupyter server itself: the
    kernels and whatever they started (a process that left its parent hangs under bwrap's init, so
    it is found too). Several rounds: a fork bomb forks meanwhile."""
    killed = 0
    for _round in range(rounds):
        keep = {p.pid for p in _keepers(pid, depth)}
        victims = [p for p in _tree(pid) if p.pid not in keep]
        if not victims:
            break
        for proc in victims:
            try:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            except psutil.Error:
                continue
        psutil.wait_procs(victims, timeout=2)
    return killed


def _keepers(pid: int, depth: int) -> list[psutil.Process]:
    """bwrap, bwrap's init in the sandbox, and the first process they started: the Jupyter server.
    Found by position, not by name: student code may call itself anything. Without a sandbox
    (depth 1) `pid` is the Jupyter server itself."""
    chain = []
    try:
        proc = psutil.Process(pid)
        while proc is not None and len(chain) < depth:
            chain.append(proc)
            children = sorted(proc.children(), key=lambda p: (p.create_time(), p.pid))
            proc = children[0] if children else None
    except psutil.Error:
        pass
    return chain


def can_use_rlimits() -> bool:
    return os.name == "posix"
