"""A class that answers: students, a live session on a quiz step, and answers stored through the same
ingest the browser's POST /api/events uses (no HTTP round trip per answer: property tests make many)."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from itertools import count

from kit_server.extensions import db

_names = count(1)


class Classroom:
    def __init__(self, app, teacher, lesson, step, size: int, assign: bool = True):
        from kit_server.assignments.service import assign as assign_module
        from kit_server.auth.models import StaffUser
        from kit_server.classes.service import add_student, create_class

        self.app, self.lesson, self.step = app, lesson, step
        self.seq = count(1)
        with app.app_context():
            school_class = create_class(db.session.get(StaffUser, teacher.id), f"الصف {next(_names)}", 7,
                                        "2026-2027", "ar")
            db.session.flush()
            self.students = [add_student(school_class, f"تلميذ {next(_names)} سرّي", "pin")[0] for _ in range(size)]
            if assign:
                assign_module(school_class, lesson.module)
            db.session.commit()
            self.class_id, self.code = school_class.id, school_class.code
            self.student_ids = [s.id for s in self.students]
            self.names = [s.display_name for s in self.students]

    def start_live(self, teacher) -> int:
        from kit_server.auth.models import StaffUser
        from kit_server.classes.models import SchoolClass
        from kit_server.live import service

        with self.app.app_context():
            session = service.start(db.session.get(SchoolClass, self.class_id), self.lesson,
                                    db.session.get(StaffUser, teacher.id))
            service.go_to(session, self.step.id)
            db.session.commit()
            return session.id

    def events(self, student_id: int, *answers, complete: bool = False) -> list[dict]:
        """answers: (item_id, answer) pairs, sent in this order (each a later client seq)."""
        made = [self._event(student_id, "answer", self.step.id, {"item": item, "answer": answer})
                for item, answer in answers]
        if complete:  # the kit accepts a completion only after every step was seen
            made += [self._event(student_id, "step_viewed", step.id, {}) for step in self.lesson.steps]
            made.append(self._event(student_id, "lesson_completed", None, {}))
        return made

    def _event(self, student_id, kind, step, data):
        return {"id": str(uuid.uuid4()), "student": student_id, "lesson": self.lesson.id,
                "version": self.lesson.version, "step": step, "kind": kind, "seq": next(self.seq),
                "time": datetime.now(UTC).isoformat(), "data": data}

    def send(self, student_id: int, events: list[dict]) -> None:
        from kit_server.auth.models import Student
        from kit_server.progress.service import ingest

        with self.app.app_context():
            result = ingest(db.session.get(Student, student_id), events)
            assert not result.rejected, result.rejected

    def answer(self, student_id: int, *answers, complete: bool = False) -> None:
        self.send(student_id, self.events(student_id, *answers, complete=complete))
