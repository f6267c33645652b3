"""The kit's watchdog over students' servers: past a limit, that student's kernels stop, with a notice.

A mixin of SessionManager (sessions.py), kept apart so each file reads on its own: it uses the
manager's servers, lock, settings, folder usage and `_api`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from . import limits

MB = 1024 * 1024


@dataclass(frozen=True)
class Notice:
    """Why the kit stopped a student's kernels: "memory", "processes" or "folder"; shown to them once."""

    kind: str
    limit: int  # MB for memory and folder, a count for processes
    at: float = field(default_factory=time.time)


class LimitsWatch:
    def _watch(self) -> None:
        while True:
            with self._lock:
                self._wake.wait(self.watch_seconds)
                if self._closed:
                    return
            try:
                self.check_limits()
            except Exception:  # noqa: BLE001 - the watchdog must outlive any one odd server
                logging.getLogger(__name__).exception("notebook limits check failed")

    def _usage(self, server: Server) -> limits.Usage:
        process = server.process
        if process is None or process.poll() is not None:
            return limits.Usage(0.0, 0)
        return limits.server_usage(process.pid)

    def check_limits(self) -> list[tuple[int, str]]:
        """Stop the kernels of every server past a limit; [(student id, limit kind)] of those stopped."""
        cap = self.settings().limits()
        with self._lock:
            ready = [s for s in self._servers.values() if s.state == "ready"]
        hits = []
        for server in ready:
            kind = self._over(server, cap)
            if kind is not None:
                self._stop_kernels(server)
                self._notices[server.student_id] = Notice(kind, cap.processes if kind == "processes"
                                                          else getattr(cap, f"{kind}_mb"))
                hits.append((server.student_id, kind))
        return hits

    def _over(self, server: Server, cap: limits.Limits) -> str | None:
        kills = limits.oom_kills(server.cgroups)
        if kills > server.oom_kills:  # the cgroup's own cap was reached first: say so
            server.oom_kills = kills
            return "memory"
        used = self._usage(server)
        if used.memory_mb > cap.memory_mb:
            return "memory"
        if used.processes > cap.processes:
            return "processes"
        size, entries = self.usage(server.student_id)
        if size > cap.folder_mb * MB or entries > cap.folder_files:
            return "folder" if self._has_kernels(server) else None
        return None

    def _has_kernels(self, server: Server) -> bool:
        """Over quota, kernels are stopped while the server stays, so the student can delete files."""
        kernels = self._api(server, "api/kernels")
        return kernels is None or bool(kernels)  # no answer: stop them anyway, killing none is harmless

    def _stop_kernels(self, server: Server) -> None:
        """Kill first (a hog or a fork bomb does not answer), then tell Jupyter, so it does not restart them."""
        limits.kill_kernels(server.process.pid, depth=3 if self.mode() == "sandbox" else 1)
        for kernel in self._api(server, "api/kernels") or []:
            if isinstance(kernel, dict) and isinstance(kernel.get("id"), str):
                self._api(server, f"api/kernels/{kernel['id']}", method="DELETE", timeout=5.0)

    def notice(self, student_id: int, *, pop: bool = True) -> Notice | None:
        """The last limit this student hit, given once (the page that shows it takes it)."""
        with self._lock:
            return self._notices.pop(student_id, None) if pop else self._notices.get(student_id)

    def folder_full(self, student_id: int) -> tuple[int, int] | None:
        """(MB used, MB allowed) when the student's folder is past its quota; None otherwise."""
        cap = self.settings().limits()
        size, entries = self.usage(student_id)
        if size > cap.folder_mb * MB or entries > cap.folder_files:
            return max(1, size // MB), cap.folder_mb
        return None
