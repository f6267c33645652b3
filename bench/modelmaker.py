"""The model maker on a weak PC: how long training and a prediction take, and a class pressing Train.

Run by hand (never by `make test`):  .venv/bin/python bench/modelmaker.py [--students 30] [--rounds 3]

1. In one process: training a words project of 500 examples and a drawings project of 300
   (targets ≤ 2 s each), and one prediction (target ≤ 100 ms).
2. A real `kit serve`: 30 students, each with a project of 60 words examples, press Train within
   10 s while 10 other students keep opening their lesson page. Targets: Train p95 ≤ 5 s, the
   other students' pages p95 ≤ 300 ms.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from classroom import NoRedirect, Server, percentile  # noqa: E402  (the same real server and timing)

SYLLABLES = ["ka", "li", "mar", "ha", "ba", "sho", "kr", "mer", "ci", "sa", "lam", "ah", "la", "yis", "bon",
             "كي", "ف", "مر", "حب", "شك", "را", "سل", "ام", "يس", "لم"]


def words(n: int, rng: random.Random) -> list[tuple]:
    rows = []
    for i in range(n):
        label = ("happy", "sad", "angry")[i % 3]
        stem = {"happy": "ya", "sad": "ah", "angry": "grr"}[label]
        text = " ".join(stem + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
                        for _ in range(rng.randint(2, 6)))
        rows.append((i, label, {"text": text}))
    return rows


def drawings(n: int, rng: random.Random) -> list[tuple]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from modelmaker.data import line_drawing

    return [(i, shape, {"pixels": line_drawing(shape, rng)}) for i, shape in
            enumerate(("flat", "tall", "ring")[j % 3] for j in range(n))]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def in_process(rounds: int) -> None:
    from kit_server.modelmaker import training

    rng = random.Random(5)
    w500, d300 = words(500, rng), drawings(300, rng)
    training.train("words", [], w500[:30])  # imports scikit-learn once, as a warm worker has
    for name, kind, rows in (("words, 500 examples", "words", w500), ("drawings, 300 examples", "drawings", d300)):
        times = timed(lambda: training.train(kind, [], rows), rounds)
        print(f"train {name}: median {statistics.median(times):.2f} s (range {min(times):.2f}–{max(times):.2f})")
    times = timed(lambda: training.predict("words", w500, {"text": "yakali marha"}), 50)
    print(f"predict (words, fitted model cached in the worker): p95 {percentile(times, 95) * 1000:.1f} ms")
    training._FITTED.clear()
    times = timed(lambda: (training._FITTED.clear(), training.predict("words", w500, {"text": "yakali"})), rounds)
    print(f"predict after the worker lost the model (fits again): median {statistics.median(times) * 1000:.0f} ms")


def seed(home: Path, students: int, readers: int) -> tuple[str, list, list]:
    os.environ["KIT_HOME"] = str(home)
    from kit_server import create_app
    from kit_server.assignments.service import assign
    from kit_server.auth.service import create_staff
    from kit_server.classes.service import add_student, create_class
    from kit_server.db import upgrade
    from kit_server.extensions import db
    from kit_server.lessons import catalog
    from kit_server.modelmaker.models import ModelExample
    from kit_server.modelmaker.service import create_project, set_quota
    from kit_server.school.service import ensure_school

    app = create_app()
    rng = random.Random(9)
    with app.app_context():
        upgrade(db.engine)
        ensure_school("Bench school")
        teacher = create_staff("teacher", "bench-teacher", "Bench", "bench-password")
        school_class = create_class(teacher, "Bench class", 7, "2026-2027")
        assign(school_class, catalog().modules[0].id, teacher=teacher)
        set_quota(10_000, 10**8)
        makers, others = [], []
        for i in range(students + readers):
            student, pin = add_student(school_class, f"طالب {i}")[:2]
            if i < students:
                project = create_project(school_class, student, f"مشروع {i}", "words", ["happy", "sad", "angry"])
                for _, label, data in words(60, rng):
                    db.session.add(ModelExample(project=project, student_id=student.id, label=label, data=data,
                                                size=len(data["text"])))
                db.session.flush()
                makers.append((student.id, pin, project.id))
            else:
                others.append((student.id, pin))
        db.session.commit()
        code = school_class.code
        db.engine.dispose()
    return code, makers, others


class Browser:
    def __init__(self, base: str):
        import http.cookiejar
        import urllib.request

        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def call(self, path, data=None):
        import urllib.error
        import urllib.request

        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=120) as response:
                return response.read().decode()
        except urllib.error.HTTPError as answer:
            if answer.code not in (302, 303):
                raise
            return ""

    def sign_in(self, code, sid, pin):
        page = self.call(f"/join/{code}/{sid}")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
        self.call(f"/join/{code}/{sid}", urllib.parse.urlencode({"csrf_token": token, "pin": pin}).encode())

    def post(self, path, fields):
        page = self.call(path.rsplit("/", 1)[0] if path.endswith("/train") else path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
        start = time.perf_counter()
        self.call(path, urllib.parse.urlencode({"csrf_token": token, **fields}).encode())
        return time.perf_counter() - start


def classroom(students: int, readers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        code, makers, others = seed(home, students, readers)
        server = Server(home, threads=8)
        try:
            server.wait_until_up()
            base = server.base
            # The workers start while the first students sign in, as in a real class.
            train_times, page_times, stop = [], [], threading.Event()

            def maker(sid, pin, project):
                browser = Browser(base)
                browser.sign_in(code, sid, pin)
                time.sleep(random.uniform(0, 10))  # everyone presses Train within 10 s
                start = time.perf_counter()
                # While the workers start the page says so; the student presses again, as told.
                while True:
                    browser.post(f"/make/{project}/train", {})
                    if 'id="result"' in browser.call(f"/make/{project}"):
                        break
                    time.sleep(1)
                train_times.append(time.perf_counter() - start)

            def reader(sid, pin):
                browser = Browser(base)
                browser.sign_in(code, sid, pin)
                while not stop.is_set():
                    start = time.perf_counter()
                    browser.call("/me")
                    page_times.append(time.perf_counter() - start)
                    time.sleep(0.5)

            readers_threads = [threading.Thread(target=reader, args=o, daemon=True) for o in others]
            for t in readers_threads:
                t.start()
            time.sleep(2)
            threads = [threading.Thread(target=maker, args=m) for m in makers]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            stop.set()
            for t in readers_threads:
                t.join()
        finally:
            server.stop()
    print(f"{students} students press Train within 10 s, until their result shows: p50 {percentile(train_times, 50):.2f} s, "
          f"p95 {percentile(train_times, 95):.2f} s, max {max(train_times):.2f} s ({len(train_times)} trained)")
    print(f"meanwhile {readers} other students' home page: p95 {percentile(page_times, 95) * 1000:.0f} ms "
          f"({len(page_times)} pages); load {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load before the run: {os.getloadavg()[0]:.1f}")
    in_process(args.rounds)
    classroom(args.students, args.readers)


if __name__ == "__main__":
    main()
