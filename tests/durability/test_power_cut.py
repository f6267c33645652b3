"""An answer the kit acknowledged survives the server being killed (as in a power cut)."""
import http.client
import http.cookiejar
import json
import re
import signal
import sqlite3
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime

import pytest

from ..e2e.conftest import KitProcess

pytestmark = pytest.mark.slow


class StudentClient:
    """A student's browser, reduced to cookies, a CSRF token and JSON posts."""

    def __init__(self, kit: KitProcess):
        self.kit = kit
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.kit.url + path, timeout=10) as response:
            return response.read().decode()

    def sign_in(self, name, pin):
        names = self.get(f"/join/{self.kit.demo['class_code']}")
        path = re.search(rf'href="(/join/\d+/\d+)"[^>]*>(?:<[^>]+>)*{re.escape(name)}<', names).group(1)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path)).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "pin": pin}).encode()
        self.opener.open(self.kit.url + path, data=data, timeout=10).read()
        lesson_page = self.get(re.search(r'href="(/lessons/[^"]+)"', self.get("/me")).group(1))
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', lesson_page).group(1)
        self.page = json.loads(re.search(r'id="lesson-data">(.*?)</script>', lesson_page, re.S).group(1))

    def post_event(self, seq):
        event = {"id": str(uuid.uuid4()), "student": self.page["student"], "lesson": self.page["lesson"],
                 "version": self.page["version"], "step": self.page["steps"][seq % len(self.page["steps"])],
                 "kind": "step_viewed", "seq": seq, "time": datetime.now(UTC).isoformat(), "data": {}}
        request = urllib.request.Request(self.kit.url + "/api/events", method="POST",
                                         data=json.dumps({"events": [event]}).encode(),
                                         headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf})
        with self.opener.open(request, timeout=10) as response:
            return event["id"], json.loads(response.read())


def test_acknowledged_events_survive_sigkill(tmp_path):
    kit = KitProcess(tmp_path)
    student = StudentClient(kit)
    name, pin = next((n, p) for n, p in kit.demo["students"].items() if isinstance(p, str))
    student.sign_in(name, pin)

    acknowledged, stop = [], threading.Event()

    def post_until_killed():
        seq = 0
        while not stop.is_set():
            seq += 1
            try:
                event_id, answer = student.post_event(seq)
            except (OSError, http.client.HTTPException):  # e.g. killed between the headers and the body
                return  # the server is gone mid-request: this one was never acknowledged
            if event_id in answer["stored"]:
                acknowledged.append(event_id)

    poster = threading.Thread(target=post_until_killed)
    poster.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 100 and time.monotonic() < deadline:
        time.sleep(0.02)
    kit.process.send_signal(signal.SIGKILL)  # no clean shutdown, no checkpoint: like pulling the plug
    kit.process.wait(timeout=10)
    stop.set()
    poster.join(timeout=15)
    kit.log.close()
    assert len(acknowledged) >= 100

    db = sqlite3.connect(tmp_path / "kit.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in db.execute("SELECT uuid FROM progress_event")}
    finally:
        db.close()
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged events lost"
