"""Benchmark for usage reports (issue 8).

Seeds a large school (1,500 students, a school year of activity, about 2 million progress events)
with bulk inserts, then times, as a user would run them:
  - `kit report build --period 2026-2027`          (target: under 10 s)
  - `kit report merge` of 500 signed school bundles (target: under 30 s)

Run: .venv/bin/python bench/reports.py [--students 1500] [--events 2000000] [--schools 500] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = [sys.executable, "-m", "kit_server"]
YEAR_START = datetime(2026, 9, 7, 8, 0)
SCHOOL_DAYS = 180


def _env(home: Path) -> dict:
    env = dict(os.environ, KIT_HOME=str(home))
    env.setdefault("KIT_SKIP_BROKEN_LESSONS", "1")  # lessons being edited in the tree must not stop a bench
    return env


def _kit(home: Path, *args) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run([*KIT, *args], cwd=ROOT, env=_env(home), capture_output=True, text=True)
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"kit {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return took, done.stdout


def _lessons(home: Path) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    os.environ.update(_env(home))
    from kit_server import create_app
    from kit_server.lessons import catalog

    app = create_app({"KIT_HOME": str(home)})
    with app.app_context():
        return {m.id: [lesson.id for lesson in m.lessons] for m in catalog().modules}


# The mix of events a school makes (from a lesson's steps: most are step views, then answers, demo
# runs, reflections and the lesson's end), with payloads of the sizes the browser sends.
EVENT_MIX = [("step_viewed", 55), ("answer", 25), ("demo_run", 12), ("reflection", 5), ("lesson_completed", 3)]


def _event(rng: random.Random) -> tuple[str, str]:
    kind = rng.choices([k for k, _ in EVENT_MIX], [w for _, w in EVENT_MIX])[0]
    payload = {
        "step_viewed": {},
        "answer": {"item": f"q{rng.randint(1, 4)}", "answer": rng.choice(["a", "b", "c", ["a", "c"], 42]),
                   "correct": rng.random() < 0.6},
        "demo_run": {"params": {"k": rng.randint(1, 15), "noise": round(rng.random(), 2)}},
        "reflection": {"text": "أعتقد أن النموذج تعلّم من الأمثلة " * rng.randint(1, 4)},
        "lesson_completed": {},
    }[kind]
    return kind, json.dumps(payload, ensure_ascii=False)


def seed(home: Path, students: int, events: int) -> None:
    _kit(home, "init", "--school-name", "Bench school", "--admin-username", "admin", "--admin-password",
         "bench-password-1")
    modules = _lessons(home)
    lessons = [lesson for ids in modules.values() for lesson in ids]
    rng = random.Random(8)
    db = sqlite3.connect(home / "kit.db")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("INSERT INTO staff_user (role, username, display_name, password_hash, active, created_at) "
               "VALUES ('teacher', 'bench-teacher', 'T', 'x', 1, ?)", (YEAR_START,))
    teacher = db.execute("SELECT id FROM staff_user WHERE username='bench-teacher'").fetchone()[0]
    per_class = 30
    classes = []
    for k in range((students + per_class - 1) // per_class):
        grade = 4 + k % 9
        cur = db.execute("INSERT INTO school_class (name, grade, school_year, locale, code, teacher_id, created_at) "
                         "VALUES (?, ?, '2026-2027', 'ar', ?, ?, ?)", (f"Class {k}", grade, f"B{k:05d}", teacher,
                                                                      YEAR_START))
        classes.append(cur.lastrowid)
        db.execute("INSERT INTO consent_record (class_id, basis, scope, status, given_on, recorded_at) "
                   "VALUES (?, 'school', 'reports', 'given', '2026-09-01', ?)", (cur.lastrowid, YEAR_START))
    student_rows = [(classes[s // per_class], f"Student {s}", rng.choice(["female", "male", "male", "not_stated"]),
                     "pin", "s", "h", 1, YEAR_START) for s in range(students)]
    db.executemany("INSERT INTO student (class_id, display_name, sex, secret_kind, secret_salt, secret_hash, active, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", student_rows)
    ids = [row[0] for row in db.execute("SELECT id FROM student ORDER BY id")]
    per_student = events // len(ids)
    batch = []
    for sid in ids:
        seq = 0
        while seq < per_student:
            day = YEAR_START + timedelta(days=rng.randrange(SCHOOL_DAYS * 7 // 5))
            lesson = rng.choice(lessons)
            moment = day + timedelta(minutes=rng.randrange(0, 360))
            for _ in range(min(rng.randint(20, 45), per_student - seq)):
                moment += timedelta(seconds=rng.randint(20, 120))
                kind, payload = _event(rng)
                batch.append((str(uuid.UUID(int=rng.getrandbits(128))), sid, lesson, 1, "s1", kind, payload,
                              seq, moment, moment))
                seq += 1
        if len(batch) > 200_000:
            _insert_events(db, batch)
            batch = []
    _insert_events(db, batch)
    progress, tests = [], []
    for sid in ids:
        for lesson in rng.sample(lessons, rng.randint(1, len(lessons))):
            when = YEAR_START + timedelta(days=rng.randrange(250))
            progress.append((sid, lesson, 1, "completed", -1, "[]", "{}", "{}", 0, 70, when, when, when))
        for module in modules:
            pre = rng.randint(10, 70)
            tests.append((sid, module, 1, "pre", "{}", pre, YEAR_START + timedelta(days=10)))
            if rng.random() < 0.8:
                tests.append((sid, module, 1, "post", "{}", min(100, pre + rng.randint(-5, 40)),
                              YEAR_START + timedelta(days=200)))
    db.executemany("INSERT INTO lesson_progress (student_id, lesson_id, lesson_version, status, current_step_seq, "
                   "steps_seen, answers, reflections, demo_runs, score, started_at, updated_at, completed_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", progress)
    db.executemany("INSERT INTO module_test_result (student_id, module_id, module_version, phase, answers, score, "
                   "completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", tests)
    db.commit()
    db.close()


def _insert_events(db, batch) -> None:
    db.executemany("INSERT INTO progress_event (uuid, student_id, lesson_id, lesson_version, step_id, kind, payload, "
                   "client_seq, client_time, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    db.commit()


def fake_schools(bundle: Path, count: int, folder: Path) -> Path:
    """`count` bundles from different schools, each signed with its own key, from one real report."""
    sys.path.insert(0, str(ROOT))
    from kit_server.reports import signing
    from kit_server.reports.builder import canonical_json, report_id
    from kit_server.reports.bundle import sha256, to_csv, write_folder
    from kit_server.reports.period import Period
    from datetime import date

    base = json.loads((bundle / "report.json").read_bytes())
    summary = (bundle / "summary.html").read_bytes()
    keys = folder / "keys"
    keys.mkdir(parents=True)
    rng = random.Random(5)
    period = Period(base["period"]["kind"], date.fromisoformat(base["period"]["start"]),
                    date.fromisoformat(base["period"]["end"]))
    for k in range(count):
        home = folder / "homes" / str(k)
        signing.ensure_school_keys(home)
        shutil.copy(signing.key_dir(home) / signing.PUBLIC_NAME, keys / f"school-{k}.pub")
        report = json.loads(json.dumps(base))
        report["school_id"] = str(uuid.UUID(int=rng.getrandbits(128)))
        report["report_id"] = report_id(report["school_id"], period, 1)
        reach = report["tables"]["reach"]["cells"]
        reach[-1][-1] = rng.randint(100, 2000) if isinstance(reach[-1][-1], int) else reach[-1][-1]
        files = {"report.json": canonical_json(report), "report.csv": to_csv(report), "summary.html": summary}
        manifest = {"schema_version": 1, "type": "usage", "report_id": report["report_id"],
                    "school_id": report["school_id"], "revision": 1, "key_id": signing.school_fingerprint(home),
                    "previous_report_sha256": None, "files": {n: sha256(d) for n, d in files.items()}}
        files["manifest.json"] = canonical_json(manifest)
        files["manifest.sig"] = signing.sign(home, files["manifest.json"])
        write_folder(folder / "usb" / report["report_id"], files)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1500)
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--keep", help="Keep the seeded kit in this folder (reused if it exists).")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kit-bench-reports-"))
    home = work / "home"
    try:
        if not (home / "kit.db").exists():
            home.mkdir(parents=True, exist_ok=True)
            began = time.perf_counter()
            seed(home, args.students, args.events)
            print(f"seeded {args.students} students, {args.events:,} events in {time.perf_counter() - began:.1f} s")
        took, out = _kit(home, "report", "build", "--period", "2026-2027")
        bundle = Path(out.strip().splitlines()[-1])
        print(f"kit report build --period 2026-2027: {took:.1f} s (target < 10 s)")
        schools = work / "schools"
        shutil.rmtree(schools, ignore_errors=True)
        began = time.perf_counter()
        fake_schools(bundle, args.schools, schools)
        print(f"made {args.schools} signed school bundles in {time.perf_counter() - began:.1f} s")
        took, out = _kit(home, "report", "merge", str(schools / "usb"), "--out", str(schools / "merged"),
                         "--keys", str(schools / "keys"))
        print(f"kit report merge of {args.schools} bundles: {took:.1f} s (target < 30 s)")
        took_again, _out = _kit(home, "report", "merge", str(schools / "usb"), "--out", str(schools / "merged"),
                                "--keys", str(schools / "keys"))
        print(f"the same merge again (all already kept): {took_again:.1f} s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
