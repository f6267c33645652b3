"""One JupyterLab server per student, started on demand, stopped when idle.

Folders, per student:
  KIT_HOME/notebooks/<student id>/        the student's own folder (their HOME; the only writable place)
      work/                                what JupyterLab shows: the student's copies of notebooks
  KIT_HOME/notebook-servers/<student id>/ written by the kit at each start, read-only for the server:
      config/jupyter_server_config.json, token, ticket_key, kit_identity.py, server.log

Starting is queued: a few worker threads start servers one after the other, so 30 children pressing
"Open" at once all get a server, a few seconds apart, instead of 30 processes fighting for 2 cores.
The worker threads live as long as the manager because bwrap runs with --die-with-parent, which
stops the sandbox when the thread that started it ends.

Every file the kit touches in a student's folder goes through safefs (no link is ever followed);
what a server may use is held by limits.py, and check_limits() is the watchdog.
Nothing here touches Flask: service.py passes in what it needs.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

from . import identity, limits, sandbox
from .folders import StudentFolders
from .watchdog import LimitsWatch, Notice
from .serverconf import LAB_OVERRIDES, server_config, server_env, write_private
from .settings import SETTINGS_FILE, NotebookSettings, load_settings, save_settings

__all__ = ["SETTINGS_FILE", "NotebookSettings", "Notice", "Refused", "SessionManager", "load_settings", "save_settings"]

MB = 1024 * 1024


class Refused(Exception):
    """A start the kit will not make now. `reason`: "off", "full" or "memory"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Server:
    student_id: int
    port: int
    token: str
    process: subprocess.Popen | None = None
    state: str = "queued"  # queued → starting → ready; or failed (reason) / stopped
    reason: str = ""
    started_at: float = field(default_factory=time.time)
    ready_at: float | None = None
    cgroups: list[Path] = field(default_factory=list)  # empty where the kit may not make one
    oom_kills: int = 0


@dataclass(frozen=True)
class ServerInfo:
    """One live server as the admin page shows it."""

    student_id: int
    port: int
    state: str
    memory_mb: float
    idle_seconds: float | None
    uptime_seconds: float


class SessionManager(StudentFolders, LimitsWatch):
    """The servers of every student: queued starts, limits watched, idle ones stopped."""

    def __init__(self, home, secret_key: str, *, ip: str = "0.0.0.0", ports=(8900, 8999),
                 mb_per_student: int = 200, reserve_mb: int = 300, workers: int = 2,
                 start_timeout: float = 90.0, sandboxed: bool | None = None, watch_seconds: float = 3.0):
        super().__init__(home)
        self._secret = secret_key
        self.ip = ip
        self.ports = range(ports[0], ports[1] + 1)
        self.mb_per_student = mb_per_student
        self.reserve_mb = reserve_mb
        self.start_timeout = start_timeout
        self._sandbox_override = sandboxed  # tests may force trusted mode
        self._lock = threading.Lock()
        self._servers: dict[int, Server] = {}
        self._queue: collections.deque[int] = collections.deque()
        self._wake = threading.Condition(self._lock)
        self._closed = False
        self._workers = workers
        self._threads: list[threading.Thread] = []  # started with the first request
        self.watch_seconds = watch_seconds  # 0: no watchdog thread (tests call check_limits)
        self._notices: dict[int, Notice] = {}
        self._used_bindings: set[str] = set()

    # ---- mode and settings -------------------------------------------------------------------

    def settings(self) -> NotebookSettings:
        return load_settings(self.home)

    def sandboxed(self) -> bool:
        if self._sandbox_override is not None:
            return self._sandbox_override
        return sandbox.bwrap_works()

    def mode(self) -> str:
        """"sandbox", "trusted" (no sandbox, an admin allowed it) or "off"."""
        if self.sandboxed():
            return "sandbox"
        return "trusted" if self.settings().trusted_mode else "off"

    # ---- starting ----------------------------------------------------------------------------

    def request(self, student_id: int) -> Server:
        """Queue a start for this student (or return their live server). Raises Refused."""
        self.reap()
        if self._busy() >= self.settings().max_servers or not self._memory_ok():
            self.stop_idle()  # make room from servers nobody is using before saying no
        with self._lock:
            current = self._servers.get(student_id)
            if current is not None and current.state in ("queued", "starting", "ready"):
                return current
            if self._closed or self.mode() == "off":
                raise Refused("off")
            if self._busy() >= self.settings().max_servers:
                raise Refused("full")
            if not self._memory_ok():
                raise Refused("memory")
            self._start_workers()
            server = Server(student_id, port=0, token=os.urandom(24).hex())
            self._servers[student_id] = server
            self._queue.append(student_id)
            self._wake.notify()
            return server

    def _start_workers(self) -> None:
        """Called with the lock held. Workers never end before close(): see the module's docstring."""
        while len(self._threads) < self._workers:
            thread = threading.Thread(target=self._work, daemon=True, name=f"notebooks-{len(self._threads)}")
            thread.start()
            self._threads.append(thread)
        if self.watch_seconds and self._workers and len(self._threads) == self._workers:
            watchdog = threading.Thread(target=self._watch, daemon=True, name="notebooks-limits")
            watchdog.start()
            self._threads.append(watchdog)

    def status(self, student_id: int) -> Server | None:
        self.reap()
        with self._lock:
            return self._servers.get(student_id)

    def queue_position(self, student_id: int) -> int:
        """1 for the next student to be started; 0 when not waiting."""
        with self._lock:
            return self._queue.index(student_id) + 1 if student_id in self._queue else 0

    def ticket_url(self, student_id: int, host: str, path: str = "lab", server: Server | None = None,
                   binding: str = "") -> str:
        """Where the student's browser goes: their server on the kit's address, signed in by a ticket
        that works once, and only with the `binding` cookie of the kit session that asked for it."""
        server = server or self._servers[student_id]
        ticket = identity.make_ticket(self._secret, student_id, binding=binding)
        return f"http://{host}:{server.port}/{path.lstrip('/')}?ticket={ticket}"

    def _busy(self) -> int:
        return sum(s.state in ("queued", "starting", "ready") for s in list(self._servers.values()))

    def _memory_ok(self) -> bool:
        """Room for one more student, and still some for the kit itself and the system."""
        return psutil.virtual_memory().available >= (self.mb_per_student + self.reserve_mb) * MB

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queue and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                server = self._servers[self._queue.popleft()]
                server.state = "starting"
            self._start(server)

    def _start(self, server: Server) -> None:
        if not self._memory_ok():  # checked again: others may have started since the request
            server.state, server.reason = "failed", "memory"
            return
        try:
            self._claim_port(server)
            server.process = self._launch(server)
        except (OSError, RuntimeError) as exc:
            limits.remove_cgroups(server.cgroups)
            server.state, server.reason = "failed", f"could not start: {exc}"
            return
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if server.process.poll() is not None or server.state == "stopped":
                break
            if self._api(server, "api/status") is not None:
                server.state, server.ready_at = "ready", time.time()
                break
            time.sleep(0.25)
        if server.state != "ready":
            self._terminate(server)
            if server.state != "stopped":
                server.state, server.reason = "failed", "did not start"
        # Keep this thread's child alive: the thread returns to the queue, it does not end.

    def _claim_port(self, server: Server) -> None:
        """Give the server a port nobody uses; under the lock, so two workers never pick the same one."""
        with self._lock:
            taken = {s.port for s in self._servers.values() if s.port}
            for port in self.ports:
                if port in taken:
                    continue
                with socket.socket() as probe:
                    try:
                        probe.bind((self.ip, port))
                    except OSError:
                        continue
                server.port = port
                return
        raise RuntimeError("no free port")

    def _launch(self, server: Server) -> subprocess.Popen:
        sid = server.student_id
        home, run = self.student_dir(sid), self.run_dir(sid)
        mode = self.mode()  # asked again: an admin may have switched trusted mode off meanwhile
        if mode == "off":
            raise RuntimeError("running notebooks is off")
        sandboxed = mode == "sandbox"
        where = sandbox.layout(sandboxed, home, run, self._short_runtime(sid))
        if not sandboxed:
            self._short_runtime(sid).mkdir(mode=0o700, exist_ok=True)
        elif (shown := sandbox.exposed_by(self.home)) is not None:
            raise RuntimeError(f"the kit's folder is inside {shown}, which every sandbox shows")
        self._prepare(server, run, where)
        env = server_env(where, trusted_env=not sandboxed)
        argv = [sys.executable, "-m", "jupyterlab"]
        cap = self.settings().limits()
        if sandboxed:
            argv = sandbox.bwrap_command(argv, home, run, env, tmp_mb=cap.tmp_mb)
            env = {}
        if limits.can_use_rlimits():
            server.cgroups = limits.make_cgroups(f"kit-nb-{self._tag()}-{sid}", cap)
            argv = limits.wrap(argv, sys.executable, cap, [str(c / "cgroup.procs") for c in server.cgroups])
        log = open(run / "server.log", "ab")  # noqa: SIM115 (the child keeps it open)
        try:
            return subprocess.Popen(argv, env=env or None, cwd=home, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()

    def _short_runtime(self, student_id: int) -> Path:
        """Trusted mode only: a socket folder under the system's temp folder (KIT_HOME may be deep)."""
        return Path(tempfile.gettempdir()) / f"kit-nb-{self._tag()}-{int(student_id)}"

    def _tag(self) -> str:
        return hashlib.sha256(str(self.home).encode()).hexdigest()[:8]  # two kits never share a name

    def _prepare(self, server: Server, run: Path, where: sandbox.Layout) -> None:
        """Write the server's config, token and ticket key; make the student's folders (run/ is the
        kit's own: the server sees it read-only, so no student code can plant a link in it)."""
        self.prepare_home(server.student_id)
        (run / "config").mkdir(parents=True, exist_ok=True)
        # jupyter_core writes this marker into the config folder once; that folder is read-only inside.
        (run / "config" / "migrated").touch()
        write_private(run / "token", server.token)
        write_private(run / "ticket_key", identity.student_key(self._secret, server.student_id))
        shutil.copyfile(Path(identity.__file__), run / "kit_identity.py")
        (run / "lab-settings").mkdir(exist_ok=True)
        (run / "lab-settings" / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1))
        config = server_config(self.ip, server.port, server.student_id, where, self.settings().idle_minutes)
        (run / "config" / "jupyter_server_config.json").write_text(json.dumps(config, indent=1))

    # ---- talking to a server -----------------------------------------------------------------

    def _api(self, server: Server, path: str, method: str = "GET", timeout: float = 2.0):
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        request = urllib.request.Request(f"http://{host}:{server.port}/{path}", method=method,
                                         headers={"Authorization": f"token {server.token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
        except (OSError, urllib.error.URLError, ValueError):
            return None
        return json.loads(body) if body else {}

    def idle_seconds(self, server: Server) -> float | None:
        status = self._api(server, "api/status", timeout=1.0)
        last = status and status.get("last_activity")
        if not last:
            return None
        return max(0.0, time.time() - datetime.fromisoformat(last.replace("Z", "+00:00")).timestamp())

    # ---- stopping and listing ----------------------------------------------------------------

    def stop(self, student_id: int) -> bool:
        with self._lock:
            server = self._servers.pop(student_id, None)
            if student_id in self._queue:
                self._queue.remove(student_id)
        if server is None:
            return False
        if server.state == "ready":
            self._api(server, "api/shutdown", method="POST")
        server.state = "stopped"
        self._terminate(server)
        limits.remove_cgroups(server.cgroups)
        return True

    def _terminate(self, server: Server, grace: float = 5.0) -> None:
        process = server.process
        if process is None or process.poll() is not None:
            return
        try:
            process.wait(timeout=grace if server.state == "stopped" else 0.1)
            return
        except subprocess.TimeoutExpired:
            pass
        process.send_signal(signal.SIGTERM)  # bwrap --die-with-parent takes the sandbox with it
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def reap(self) -> None:
        """Forget servers that stopped by themselves (idle shutdown, a crash)."""
        with self._lock:
            for sid, server in list(self._servers.items()):
                exited = server.process is not None and server.process.poll() is not None
                if exited and server.state == "ready":  # idle shutdown or a crash
                    del self._servers[sid]
                    limits.remove_cgroups(server.cgroups)
                elif server.state == "failed" and time.time() - server.started_at > 60:
                    del self._servers[sid]

    def running_count(self) -> int:
        """Servers queued, starting or ready, without asking any of them (cheap, for a health page)."""
        self.reap()
        with self._lock:
            return self._busy()

    def stop_idle(self) -> list[int]:
        """Stop ready servers idle for longer than the setting (their kernels may already be culled)."""
        limit = self.settings().idle_minutes * 60
        with self._lock:
            ready = [s for s in self._servers.values() if s.state == "ready"]
        idle = [s.student_id for s in ready if (self.idle_seconds(s) or 0) > limit]
        for student_id in idle:
            self.stop(student_id)
        return idle

    def live(self) -> list[ServerInfo]:
        self.stop_idle()
        self.reap()
        with self._lock:
            servers = list(self._servers.values())
        now = time.time()
        return [ServerInfo(s.student_id, s.port, s.state, self._usage(s).memory_mb,
                           self.idle_seconds(s) if s.state == "ready" else None, now - s.started_at)
                for s in sorted(servers, key=lambda s: s.started_at)]

    def close(self) -> None:
        """Stop every server and the workers (the kit is shutting down)."""
        with self._lock:
            ids = list(self._servers)
        for sid in ids:
            self.stop(sid)
        with self._lock:
            self._closed = True
            self._wake.notify_all()
