"""Teacher dashboards on a realistic school: 40 classes × 35 students × a school year of events.

Run by hand (never by `make test`):  .venv/bin/python bench/dashboards.py [--classes 40 --students 35]
Seeds a throwaway kit, then times each dashboard page in-process (server time, no network).
Target on the project's 2-core machine: every dashboard page p95 < 300 ms.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path


def seed(classes: int, per_class: int) -> tuple[dict, list]:
    from kit_server.assignments.service import assign
    from kit_server.auth import secrets as kit_secrets
    from kit_server.auth.models import Student
    from kit_server.auth.service import create_staff
    from kit_server.classes.service import create_class
    from kit_server.db import upgrade
    from kit_server.extensions import db
    from kit_server.lessons import catalog
    from kit_server.progress.models import LessonProgress, ModuleTestResult, ProgressEvent
    from kit_server.school.service import ensure_school
    from kit_server.timeutil import utcnow

    upgrade(db.engine)
    ensure_school("Bench school")
    rng = random.Random(1)
    start = utcnow() - timedelta(days=300)
    lessons = catalog().lessons
    events, summaries, tests, class_ids = [], [], [], []
    for c in range(classes):
        teacher = create_staff("teacher", f"teacher{c}", f"Teacher {c}", "bench-password")
        school_class = create_class(teacher, f"Class {c}", 7 + c % 5, "2026-2027")
        class_ids.append((school_class.id, teacher.username))
        for module in catalog().modules:
            assign(school_class, module.id, teacher=teacher)
        students = [Student(class_id=school_class.id, display_name=f"طالب {c}-{i}", sex=rng.choice(["female", "male"]),
                            secret_salt="00", secret_hash=kit_secrets.hash_student_secret("00", "1234"))
                    for i in range(per_class)]
        db.session.add_all(students)
        db.session.flush()
        for student in students:
            for lesson in lessons:
                if rng.random() < 0.2:
                    continue  # not everyone reaches every lesson
                day = start + timedelta(days=rng.randrange(280), minutes=rng.randrange(600))
                answers = {}
                seq = 0
                for step in lesson.steps:
                    seq += 1
                    events.append({"uuid": str(uuid.uuid4()), "student_id": student.id, "lesson_id": lesson.id,
                                   "lesson_version": lesson.version, "step_id": step.id, "kind": "step_viewed",
                                   "payload": {}, "client_seq": seq, "client_time": day, "received_at": day})
                    for item in step.items:
                        seq += 1
                        correct = rng.random() < 0.7
                        attempt = {"answer": "x", "correct": correct, "seq": seq}
                        answers[f"{step.id}/{item.id}"] = {"attempts": 1, "first": attempt, "last": attempt}
                        events.append({"uuid": str(uuid.uuid4()), "student_id": student.id, "lesson_id": lesson.id,
                                       "lesson_version": lesson.version, "step_id": step.id, "kind": "answer",
                                       "payload": {"item": item.id, "answer": "x", "correct": correct},
                                       "client_seq": seq, "client_time": day, "received_at": day})
                done = rng.random() < 0.8
                score = round(100 * sum(a["first"]["correct"] for a in answers.values()) / max(1, len(answers)))
                summaries.append({"student_id": student.id, "lesson_id": lesson.id, "lesson_version": lesson.version,
                                  "status": "completed" if done else "started", "current_step_id": lesson.steps[-1].id,
                                  "current_step_seq": seq, "steps_seen": [s.id for s in lesson.steps],
                                  "answers": answers, "reflections": {}, "demo_runs": 2, "score": score,
                                  "started_at": day, "updated_at": day, "completed_at": day if done else None})
            for module in catalog().modules:
                for phase in ("pre", "post"):
                    tests.append({"student_id": student.id, "module_id": module.id, "module_version": 1,
                                  "phase": phase, "answers": {}, "score": rng.randrange(101), "completed_at": start})
    db.session.commit()
    db.session.execute(ProgressEvent.__table__.insert(), events)
    db.session.execute(LessonProgress.__table__.insert(), summaries)
    db.session.execute(ModuleTestResult.__table__.insert(), tests)
    db.session.commit()
    return {"events": len(events), "summaries": len(summaries), "students": classes * per_class}, class_ids


def time_pages(app, class_ids, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"class progress": [], "student answers": [], "progress CSV": []}
    for class_id, username in class_ids[:rounds]:
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/login", data={"csrf_token": token, "username": username, "password": "bench-password"})
        with app.app_context():
            from kit_server.auth.models import Student
            from kit_server.extensions import db

            student_id = db.session.query(Student.id).filter_by(class_id=class_id).first()[0]
        for name, path in (("class progress", f"/teacher/classes/{class_id}/progress"),
                           ("student answers", f"/teacher/classes/{class_id}/students/{student_id}/progress"),
                           ("progress CSV", f"/teacher/classes/{class_id}/progress.csv")):
            start = time.perf_counter()
            response = client.get(path)
            timings[name].append(time.perf_counter() - start)
            assert response.status_code == 200, path
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=40)
    parser.add_argument("--students", type=int, default=35)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KIT_HOME"] = tmp
        from kit_server import create_app

        app = create_app()
        started = time.perf_counter()
        with app.app_context():
            sizes, class_ids = seed(args.classes, args.students)
        print(f"seeded {sizes['students']} students, {sizes['events']:,} events, "
              f"{sizes['summaries']:,} lesson summaries in {time.perf_counter() - started:.0f} s "
              f"({(Path(tmp) / 'kit.db').stat().st_size / 2**20:.0f} MB)")
        time_pages(app, class_ids, 3)  # warm-up: imports, template compilation
        timings = time_pages(app, class_ids, len(class_ids))
    print(f"{'page':<16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in timings.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{name:<16} {len(values):>6} {statistics.median(values) * 1000:>8.0f} {p95 * 1000:>8.0f}")


if __name__ == "__main__":
    main()
