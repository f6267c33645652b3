"""A class arrives at once: N students sign in, open their lesson and step through it.

Run by hand (never by `make test`):  .venv/bin/python bench/classroom.py [--students 30]
Prints p50/p95 per request kind, requests per second and the server's peak memory (RSS).
Targets on the project's 2-core machine with 30 students: p95 < 300 ms everywhere, RSS < 200 MB.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import psutil


def prepare_school(home: Path, students: int, live: bool) -> tuple[str, list[tuple[int, str]]]:
    """A class of N students with known PINs and the first module assigned (and a live session)."""
    os.environ["KIT_HOME"] = str(home)
    from kit_server import create_app
    from kit_server.assignments.service import assign
    from kit_server.auth.service import create_staff
    from kit_server.classes.service import add_student, create_class
    from kit_server.db import upgrade
    from kit_server.extensions import db
    from kit_server.lessons import catalog
    from kit_server.school.service import ensure_school

    app = create_app()
    with app.app_context():
        upgrade(db.engine)
        ensure_school("Bench school")
        teacher = create_staff("teacher", "bench-teacher", "Bench", "bench-password")
        school_class = create_class(teacher, "Bench class", 7, "2026-2027")
        roster = [add_student(school_class, f"طالب {i}")[:2] for i in range(students)]
        assign(school_class, catalog().modules[0].id, teacher=teacher)
        if live:
            from kit_server.live.service import start

            start(school_class, catalog().modules[0].lessons[0], teacher, mode="open")
        db.session.commit()
        result = school_class.code, [(s.id, pin) for s, pin in roster]
        db.engine.dispose()
    return result


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Student(threading.Thread):
    def __init__(self, base, code, student_id, pin, barrier, timings, live=False, think=0.0):
        super().__init__()
        self.live, self.think = live, think
        self.base, self.code, self.id, self.pin = base, code, student_id, pin
        self.barrier, self.timings, self.errors = barrier, timings, []
        jar = http.cookiejar.CookieJar()
        # Redirects are not followed: each request kind is timed on its own, as the browser sees it.
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def call(self, kind, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                body = response.read()
        except urllib.error.HTTPError as answer:
            if answer.code != 302:
                raise
            body, self.location = b"", answer.headers["Location"]
        self.timings[kind].append(time.perf_counter() - start)
        return body.decode("utf-8", "replace")

    def poll_live(self, stop):
        """While the student works, their page asks every 2 s what the teacher is showing."""
        while not stop.wait(2.0):
            try:
                self.call("live poll", "/api/live")
            except Exception as error:  # noqa: BLE001
                self.errors.append(repr(error))

    def run(self):
        self.barrier.wait()
        stop = threading.Event()
        try:
            self.call("class list", f"/join/{self.code}")
            page = self.call("PIN page", f"/join/{self.code}/{self.id}")
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"csrf_token": token, "pin": self.pin}).encode()
            self.call("sign in", f"/join/{self.code}/{self.id}", data=form)
            home = self.call("home", "/me")
            self.call("continue", re.search(r'href="(/lessons/[^"]+)"', home).group(1))  # → the resume step
            lesson = self.call("lesson page", self.location)
            for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', lesson):
                self.call("static file", url)
            if self.live:
                threading.Thread(target=self.poll_live, args=(stop,), daemon=True).start()
            csrf = re.search(r'name="csrf-token" content="([^"]+)"', lesson).group(1)
            data = json.loads(re.search(r'id="lesson-data">(.*?)</script>', lesson, re.S).group(1))
            for seq, step in enumerate(data["steps"], start=1):
                event = {"id": str(uuid.uuid4()), "student": data["student"], "lesson": data["lesson"],
                         "version": data["version"], "step": step, "kind": "step_viewed", "seq": seq,
                         "time": datetime.now(UTC).isoformat(), "data": {}}
                self.call("post events", "/api/events", data=json.dumps({"events": [event]}).encode(),
                          headers={"Content-Type": "application/json", "X-CSRFToken": csrf})
                time.sleep(self.think)  # reading the step
        except Exception as error:  # noqa: BLE001 - a benchmark reports failures, it does not stop
            self.errors.append(repr(error))
        finally:
            stop.set()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/join", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--live", action="store_true",
                        help="a live session is running: every page polls /api/live every 2 s")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each student reads a step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        code, roster = prepare_school(home, args.students, args.live)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "kit_server", "serve", "--host", "127.0.0.1",
                                   "--port", str(port), "--threads", str(args.threads)],
                                  env={**os.environ, "KIT_HOME": str(home)}, stdout=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            process, peak = psutil.Process(server.pid), [0]
            sampling = threading.Event()

            def sample():
                while not sampling.is_set():
                    peak[0] = max(peak[0], process.memory_info().rss)
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            timings = defaultdict(list)
            barrier = threading.Barrier(len(roster))
            students = [Student(base, code, sid, pin, barrier, timings, args.live, args.think) for sid, pin in roster]
            start = time.perf_counter()
            for s in students:
                s.start()
            for s in students:
                s.join()
            elapsed = time.perf_counter() - start
            sampling.set()
            sampler.join()
        finally:
            server.terminate()
            server.wait(timeout=20)
    errors = [e for s in students for e in s.errors]
    total = sum(len(v) for v in timings.values())
    print(f"{args.students} students at once, waitress {args.threads} threads, {os.cpu_count()} cores"
          + (", live session polling" if args.live else "") + (f", {args.think:g} s per step" if args.think else ""))
    print(f"{'request':<14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in timings.items():
        print(f"{kind:<14} {len(values):>6} {percentile(values, 50) * 1000:>8.0f} {percentile(values, 95) * 1000:>8.0f}")
    print(f"requests: {total} in {elapsed:.1f} s = {total / elapsed:.0f} per second")
    print(f"server peak RSS: {peak[0] / 2**20:.0f} MB")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
