"""A whole class pressing "Open" at once: every student gets a server, a few at a time.

The servers here are stand-ins (a `sleep` process that "answers" after a short while) so the test
checks the queue itself in about a second; test_sandbox.py starts real ones.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from kit_server.notebooks.sessions import SessionManager


class FakeServers(SessionManager):
    """Starts `sleep` instead of JupyterLab; a server answers 50 ms after it was launched."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.starting_now = 0
        self.most_starting = 0
        self._count_lock = threading.Lock()

    def _launch(self, server):
        with self._count_lock:
            self.starting_now += 1
            self.most_starting = max(self.most_starting, self.starting_now)
        return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])

    def _api(self, server, path, method="GET", timeout=2.0):
        if path == "api/shutdown":  # a real server exits when asked
            server.process.terminate()
            return {}
        time.sleep(0.05)
        if path == "api/status" and server.state == "starting":
            with self._count_lock:
                self.starting_now -= 1
        return {}


def test_thirty_students_at_once_all_get_a_server_two_starting_at_a_time(tmp_path):
    manager = FakeServers(tmp_path, "secret", ip="127.0.0.1", ports=(19500, 19600), workers=2, sandboxed=True)
    try:
        for student in range(1, 31):
            assert manager.request(student).state in ("queued", "starting")
        assert manager.queue_position(30) > 1  # the last one is told they are waiting in line
        deadline = time.monotonic() + 30
        while any(manager.status(s).state != "ready" for s in range(1, 31)):
            assert time.monotonic() < deadline, "not everyone got a server"
            time.sleep(0.05)
        assert manager.most_starting <= 2
        assert manager.running_count() == 30
        assert len({manager.status(s).port for s in range(1, 31)}) == 30  # a port each
        assert manager.request(7) is manager.status(7)  # pressing "Open" again reuses the server
    finally:
        manager.close()
    assert manager.status(1) is None


class IdleFakeServers(FakeServers):
    def idle_seconds(self, server):
        return 10_000.0 if server.student_id in self.idle else 5.0


def test_when_full_servers_idle_past_the_setting_make_room(tmp_path):
    from kit_server.notebooks.sessions import NotebookSettings, save_settings

    save_settings(tmp_path, NotebookSettings(max_servers=2, idle_minutes=20))
    manager = IdleFakeServers(tmp_path, "secret", ip="127.0.0.1", ports=(19610, 19650), sandboxed=True)
    manager.idle = {1}
    try:
        for student in (1, 2):
            manager.request(student)
        deadline = time.monotonic() + 10
        while any(manager.status(s).state != "ready" for s in (1, 2)):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert manager.request(3).state in ("queued", "starting", "ready")
        assert manager.status(1) is None  # the idle one was stopped
        assert manager.status(2) is not None  # the busy one was not
    finally:
        manager.close()
