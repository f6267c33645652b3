"""Do an admin's long jobs hold up a class? `python bench/admin_jobs.py [--students 30] [--pack-mb 100]`.

Starts a real kit (waitress, 8 threads) with a class of students who keep working: each one opens
the lesson page and sends a step event (timed together as one "request"), then reads for half a
second, again and again. Meanwhile the admin, one after the other, uploads a large signed content
pack (lessons plus an incompressible media file of --pack-mb), backs the database up and builds a
usage report, each from its admin page and followed on its job page until it ends; then a teacher
imports a class list of 500 names (the most one file may hold). The students' request times are
printed for a quiet period and during each job, with how long the job took.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from classroom import Student, free_port, percentile, prepare_school, wait_until_up

PROJECT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "bench-admin-password"


class Learner(Student):
    """A signed-in student who keeps working until told to stop; timings go to the current phase."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase_timings = None

    def sign_in(self):
        self.call("sign in", f"/join/{self.code}")
        page = self.call("sign in", f"/join/{self.code}/{self.id}")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        self.call("sign in", f"/join/{self.code}/{self.id}",
                  data=urllib.parse.urlencode({"csrf_token": token, "pin": self.pin}).encode())
        home = self.call("sign in", "/me")
        self.call("sign in", re.search(r'href="(/lessons/[^"]+)"', home).group(1))
        self.lesson_url = self.location  # the step to resume at
        lesson = self.call("sign in", self.lesson_url)
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', lesson).group(1)
        self.lesson = json.loads(re.search(r'id="lesson-data">(.*?)</script>', lesson, re.S).group(1))

    def work(self, seq: int) -> None:
        """Open the lesson page and send one step event, as a student's browser does."""
        self.call("work", self.lesson_url)
        step = self.lesson["steps"][seq % len(self.lesson["steps"])]
        event = {"id": str(uuid.uuid4()), "student": self.lesson["student"], "lesson": self.lesson["lesson"],
                 "version": self.lesson["version"], "step": step, "kind": "step_viewed", "seq": seq,
                 "time": datetime.now(UTC).isoformat(), "data": {}}
        self.call("work", "/api/events", data=json.dumps({"events": [event]}).encode(),
                  headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf})

    def run(self):
        try:
            self.sign_in()
            self.barrier.wait()
            for seq in itertools.count(1):
                started = time.perf_counter()
                self.work(seq)
                if self.phase_timings is not None:
                    self.phase_timings.append(time.perf_counter() - started)
                if self.stop.wait(0.5):
                    return
        except Exception as error:  # noqa: BLE001 - a benchmark reports failures, it does not stop
            self.errors.append(repr(error))


def make_pack(home: Path, tmp: Path, megabytes: int) -> Path:
    """A signed pack of module 1 with a large media file, and the kit trusting its key."""
    from kit_server.packs import build_pack, generate_keypair, trust_key

    private, public = generate_keypair(tmp / "programme")
    trust_key(home, public)
    source = tmp / "source"
    module = source / "lessons" / "m1-meet-ai"
    shutil.copytree(PROJECT / "lessons" / "m1-meet-ai", module)
    with open(module / "m1-l1-rules-vs-learning" / "film.bin", "wb") as f:
        for _ in range(megabytes):
            f.write(os.urandom(1024 * 1024))  # incompressible, like a video
    (source / "pack.yaml").write_text('id: bench-pack\nversion: "1.0"\n', encoding="utf-8")
    build_pack(source, private, tmp / "bench-pack.zip", builtin_notebooks=PROJECT / "notebooks")
    return tmp / "bench-pack.zip"


class Staff:
    """An admin or a teacher in a browser: signs in, posts forms, follows job pages."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        page = self._get("/login")
        form = {"csrf_token": self._token(page), "username": username, "password": password}
        self.opener.open(base + "/login", data=urllib.parse.urlencode(form).encode()).read()

    def _get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=600) as response:
            return response.read().decode("utf-8")

    @staticmethod
    def _token(page: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post(self, path: str, form_page: str, fields: dict, file: tuple[str, str, bytes] | None = None) -> str:
        """Post a form as the browser does (file: field, name, bytes); returns the path it leads to."""
        fields = {**fields, "csrf_token": self._token(self._get(form_page))}
        boundary = "bench-boundary-7d1f"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        if file is not None:
            field, name, data = file
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + path, data=body,
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        with self.opener.open(request, timeout=600) as response:
            self.last_page = response.read().decode("utf-8")
            return urllib.parse.urlparse(response.url).path

    def import_class_list(self, class_id: int, rows: int) -> str:
        """Upload a class list of `rows` names into an empty class, then confirm the preview."""
        names = "\n".join(f"تلميذ {n}" for n in range(rows))
        form = f"/teacher/classes/{class_id}/import"
        self.post(form, form, {"secret_kind": "pin"},
                  ("file", "list.csv", f"name\n{names}\n".encode()))
        token = re.search(r'name="token"[^>]*value="([^"]+)"', self.last_page).group(1)
        self.post(f"{form}/confirm", form, {"token": token})
        return "done" if f"{rows}" in self.last_page else "failed"

    def wait(self, job_page: str) -> str:
        while True:
            state = json.loads(self._get(job_page + "/progress"))["state"]
            if state != "running":
                return state
            time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--pack-mb", type=int, default=100)
    parser.add_argument("--quiet-seconds", type=float, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        code, roster = prepare_school(home, args.students, live=False)
        empty_classes = _add_admin_and_empty_classes(home)
        pack = make_pack(home, Path(tmp), args.pack_mb)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "kit_server", "serve", "--host", "127.0.0.1",
                                   "--port", str(port), "--threads", "8"],
                                  env={**os.environ, "KIT_HOME": str(home), "KIT_MIN_FREE_MB": "0"},
                                  stdout=subprocess.DEVNULL)
        try:
            results = _run(f"http://127.0.0.1:{port}", code, roster, pack, empty_classes, args)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"{args.students} students working (lesson page every 0.5 s), waitress 8 threads, {os.cpu_count()} cores")
    print(f"pack: {results.pop('pack_mb'):.0f} MB, uploaded over the loopback (a real Wi-Fi upload is slower, "
          "but waitress receives the body before a thread is taken)")
    print(f"{'while':<22} {'job s':>7} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, (seconds, values) in results.items():
        job = f"{seconds:7.1f}" if seconds is not None else f"{'—':>7}"
        print(f"{name:<22} {job} {len(values):>9} {percentile(values, 50) * 1000:>8.0f} "
              f"{percentile(values, 95) * 1000:>8.0f} {max(values) * 1000:>8.0f}")


def _add_admin_and_empty_classes(home: Path, classes: int = 60) -> list[int]:
    """The admin, and empty classes of the bench teacher for the class-list imports."""
    from kit_server import create_app
    from kit_server.auth.models import StaffUser
    from kit_server.auth.service import create_staff
    from kit_server.classes.service import create_class
    from kit_server.extensions import db

    app = create_app({"KIT_HOME": str(home)})
    with app.app_context():
        create_staff("admin", "bench-admin", "Bench admin", ADMIN_PASSWORD)
        teacher = db.session.query(StaffUser).filter_by(username="bench-teacher").one()
        ids = [create_class(teacher, f"Imported {n}", 7, "2026-2027").id for n in range(classes)]
        db.session.commit()
        db.engine.dispose()
    return ids


def _run(base: str, code: str, roster, pack: Path, empty_classes: list[int], args) -> dict:
    wait_until_up(base)
    barrier, stop = threading.Barrier(len(roster) + 1), threading.Event()
    learners = [Learner(base, code, sid, pin, barrier, defaultdict(list)) for sid, pin in roster]
    for learner in learners:
        learner.stop = stop
        learner.start()
    admin = Staff(base, "bench-admin", ADMIN_PASSWORD)
    teacher = Staff(base, "bench-teacher", "bench-password")
    barrier.wait()
    results = {}

    def measure(name, job=None, again=True):
        """Students' timings while `job` runs; short jobs run `again` and again for --quiet-seconds,
        so that they meet enough student requests to say something (the median job time is shown)."""
        timings, durations = [], []
        for learner in learners:
            learner.phase_timings = timings
        started = time.perf_counter()
        while job is not None and (not durations or again and time.perf_counter() - started < args.quiet_seconds):
            one = time.perf_counter()
            state = job()
            durations.append(time.perf_counter() - one)
            assert state == "done", f"{name}: the job ended {state}"
        if job is None:
            time.sleep(args.quiet_seconds)
        for learner in learners:
            learner.phase_timings = None
        label = f"{name} ×{len(durations)}" if len(durations) > 1 else name
        results[label] = (statistics.median(durations) if durations else None, list(timings))

    measure("nothing (baseline)")
    measure("pack upload+install", lambda: admin.wait(
        admin.post("/admin/packs/upload", "/admin/packs", {}, ("pack", pack.name, pack.read_bytes()))), again=False)
    results["pack_mb"] = pack.stat().st_size / 1e6
    measure("backup", lambda: admin.wait(admin.post("/admin/backups", "/admin/health", {})))
    measure("report build", lambda: admin.wait(admin.post("/admin/reports/build", "/admin/reports",
                                                          {"period": time.strftime("%Y-%m")})))
    measure("import of 500 names", lambda: teacher.import_class_list(empty_classes.pop(), 500))
    stop.set()
    for learner in learners:
        learner.join()
    errors = [e for learner in learners for e in learner.errors]
    if errors:
        print(f"student errors: {len(errors)} (first: {errors[0]})")
    return results


if __name__ == "__main__":
    main()
