"""A class arrives at once, as a browser makes it: sign-in pages, home, the assigned lesson with its
static files, the demo's settings and first figure, a live poll and a first event.

Run by hand (never by `make test`):
    .venv/bin/python bench/classroom.py --students 10,30,60,100 --rounds 3 [--live] [--threads 8]

Each round starts a fresh `kit serve`, lets one class arrive right after the start (the first class
of the day) and then the same class again (a warm kit). Prints, as the median of the rounds with
its range: the whole arrival per student (p95), p95 per request kind, the server's CPU time per
student (the whole process tree: web process and demo workers), its memory when idle and at peak
(process tree RSS), the time from start to first page, and the machine's load during the run.
"""
from __future__ import annotations

import argparse
import html
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
    def __init__(self, base, code, student_id, pin, barrier, timings, live=False):
        super().__init__()
        self.live, self.retries, self.arrival = live, 0, 0.0
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
            if answer.code not in (202, 302):
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
        start = time.perf_counter()
        try:
            self.arrive()
        except Exception as error:  # noqa: BLE001 - a benchmark reports failures, it does not stop
            self.errors.append(repr(error))
        self.arrival = time.perf_counter() - start

    def arrive(self):
        self.call("class list", f"/join/{self.code}")
        page = self.call("PIN page", f"/join/{self.code}/{self.id}")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "pin": self.pin}).encode()
        self.call("sign in", f"/join/{self.code}/{self.id}", data=form)
        home = self.call("home", "/me")
        self.call("continue", re.search(r'href="(/lessons/[^"]+)"', home).group(1))  # → the resume step
        lesson = self.call("lesson page", self.location)
        for url in sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', lesson))):
            self.call("static file", url)  # a first visit: the browser caches them for a year after
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', lesson).group(1)
        headers = {"Content-Type": "application/json", "X-CSRFToken": csrf}
        if self.live:
            self.call("live poll", "/api/live")
        demo = re.search(r'data-params=\'([^\']*)\'[^>]*data-url="([^"]+)"', lesson)
        if demo:
            self.call("demo schema", demo[2] + "/schema")
            self.first_figure(demo[2], json.loads(html.unescape(demo[1]) or "{}"), headers)
        data = json.loads(re.search(r'id="lesson-data">(.*?)</script>', lesson, re.S).group(1))
        event = {"id": str(uuid.uuid4()), "student": data["student"], "lesson": data["lesson"],
                 "version": data["version"], "step": data["steps"][0], "kind": "step_viewed", "seq": 1,
                 "time": datetime.now(UTC).isoformat(), "data": {}}
        self.call("post events", "/api/events", data=json.dumps({"events": [event]}).encode(), headers=headers)

    def first_figure(self, url, params, headers):
        """POST the demo's settings until a figure comes back, as the page does while the kit warms."""
        body = json.dumps({"params": params}).encode()
        deadline = time.perf_counter() + 120
        while True:
            try:
                self.call("demo run", url, data=body, headers=headers)
                return
            except urllib.error.HTTPError as answer:
                if answer.code not in (202, 503) or time.perf_counter() > deadline:
                    raise
                self.retries += 1
                time.sleep(0.5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else float("nan")


class Server:
    """A real `kit serve` and its whole process tree (web process, demo workers)."""

    def __init__(self, home: Path, threads: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "kit_server", "serve", "--host", "127.0.0.1",
                                         "--port", str(self.port), "--threads", str(threads)],
                                        env={**os.environ, "KIT_HOME": str(home)}, stdout=subprocess.DEVNULL)
        self.peak, self.load, self.sampling = 0, 0.0, threading.Event()

    def wait_until_up(self) -> float:
        """Seconds from start to the first page answered."""
        while True:
            try:
                urllib.request.urlopen(self.base + "/join", timeout=1).read()
                return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.05)

    def tree(self):
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def rss(self) -> int:
        total = 0
        for proc in self.tree():
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total

    def cpu_seconds(self) -> float:
        total = 0.0
        for proc in self.tree():
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def sample(self):
        while not self.sampling.wait(0.05):
            self.peak = max(self.peak, self.rss())
            self.load = max(self.load, os.getloadavg()[0])

    def stop(self):
        self.sampling.set()
        self.process.terminate()
        self.process.wait(timeout=30)


def arrive(server, code, roster, live) -> dict:
    timings = defaultdict(list)
    barrier = threading.Barrier(len(roster))
    students = [Student(server.base, code, sid, pin, barrier, timings, live) for sid, pin in roster]
    cpu = server.cpu_seconds()
    for student in students:
        student.start()
    for student in students:
        student.join()
    return {"arrival_p95": percentile([s.arrival for s in students], 95),
            "kinds": {kind: percentile(values, 95) for kind, values in timings.items()},
            "cpu_per_student": (server.cpu_seconds() - cpu) / len(roster),
            "errors": [e for s in students for e in s.errors], "retries": sum(s.retries for s in students)}


def one_round(home, code, roster, args) -> dict:
    server = Server(home, args.threads)
    try:
        first_page = server.wait_until_up()
        time.sleep(1.0)  # the class walks in a moment after the kit is switched on
        idle = server.rss()
        sampler = threading.Thread(target=server.sample, daemon=True)
        sampler.start()
        cold = arrive(server, code, roster, args.live)
        warm = arrive(server, code, roster, args.live)
        return {"first_page": first_page, "idle_mb": idle / 2**20, "peak_mb": server.peak / 2**20,
                "load": server.load, "cold": cold, "warm": warm}
    finally:
        server.stop()


def spread(values, unit="", scale=1.0, digits=0) -> str:
    values = sorted(v * scale for v in values)
    median = values[len(values) // 2]
    return f"{median:.{digits}f}{unit} ({values[0]:.{digits}f}–{values[-1]:.{digits}f})"


def report(n, rounds, args) -> None:
    print(f"\n{n} students at once, {len(rounds)} rounds, waitress {args.threads} threads, "
          f"{os.cpu_count()} cores" + (", live session" if args.live else "") + " — median (range)")
    for wave in ("cold", "warm"):
        label = "first class after start" if wave == "cold" else "warm kit"
        print(f"  {label:<24} arrival p95 {spread([r[wave]['arrival_p95'] for r in rounds], ' s', 1, 2)}, "
              f"CPU per student {spread([r[wave]['cpu_per_student'] for r in rounds], ' ms', 1000)}, "
              f"demo retries {spread([r[wave]['retries'] for r in rounds])}, "
              f"errors {sum(len(r[wave]['errors']) for r in rounds)}")
    kinds = rounds[0]["warm"]["kinds"].keys()
    print("  p95 per request kind, warm: " + ", ".join(
        f"{kind} {spread([r['warm']['kinds'].get(kind, float('nan')) for r in rounds], ' ms', 1000)}" for kind in kinds))
    print(f"  start to first page {spread([r['first_page'] for r in rounds], ' s', 1, 2)}; "
          f"memory idle {spread([r['idle_mb'] for r in rounds], ' MB')}, peak {spread([r['peak_mb'] for r in rounds], ' MB')}; "
          f"machine load during the run (1-min average, highest) {spread([r['load'] for r in rounds], '', 1, 1)}")
    errors = [e for r in rounds for wave in ("cold", "warm") for e in r[wave]["errors"]]
    if errors:
        print(f"  first error: {errors[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", default="30", help="class sizes, comma-separated (10,30,60,100)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--live", action="store_true", help="a live session is running: each student polls it")
    args = parser.parse_args()
    sizes = [int(n) for n in args.students.split(",")]
    print(f"load before the run: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        code, roster = prepare_school(home, max(sizes), args.live)
        for n in sizes:
            report(n, [one_round(home, code, roster[:n], args) for _ in range(args.rounds)], args)


if __name__ == "__main__":
    main()
