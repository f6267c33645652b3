"""Names people typed are isolated (`<bdi>`) on every page that shows them, so a class called
«الصف السابع - ب 151058» or a student called "Nour 2" reads the same in Arabic, French and English,
and ratios are written in words ("3 من 4"), never "3 / 4" (which an Arabic table reads "4 / 3")."""
import re

import pytest

from ..conftest import make_class, make_staff, make_student, quiz_lesson, sign_in_staff, sign_in_student
from ..live.classroom import Classroom

CLASS_NAME = "الصف السابع - ب 151058"
STUDENT_NAME = "Nour 2 حداد"
TEACHER_NAME = "Mme Rima 3"


def _unisolated(html: str, name: str) -> list[str]:
    """Each place the name is shown but not directly inside a <bdi> (titles, options and attribute
    values cannot hold markup and are left out)."""
    found = []
    for match in re.finditer(re.escape(name), html):
        before = html[:match.start()]
        if re.search(r"<bdi[^>]*>\s*$", before):
            continue
        if before.rfind("<") > before.rfind(">"):  # inside a tag: an attribute value
            continue
        last_open = max(before.rfind("<title"), before.rfind("<option"))
        if last_open > max(before.rfind("</title>"), before.rfind("</option>")):
            continue
        found.append(html[max(0, match.start() - 60):match.end() + 10])
    return found


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_every_user_given_name_is_isolated(app, school, lang):
    teacher = make_staff("teacher", "rima", name=TEACHER_NAME)
    school_class = make_class(teacher, name=CLASS_NAME)
    student, pin = make_student(school_class, name=STUDENT_NAME)
    lesson, step = quiz_lesson(app)
    room = Classroom(app, teacher, lesson, step, size=1)  # a second class, for the live session
    session_id = room.start_live(teacher)
    staff = app.test_client()
    sign_in_staff(staff, "rima")
    headers = {"Accept-Language": lang}
    staff.post("/language", data={"lang": lang, "csrf_token": _token(staff)})
    base = f"/teacher/classes/{school_class.id}"
    pages = ["/teacher/classes", base, f"{base}/progress", f"{base}/students/{student.id}/progress",
             f"{base}/assignments", f"{base}/cards", f"{base}/edit", f"{base}/students/{student.id}/edit",
             f"{base}/notebooks", f"/teacher/live/{session_id}"]
    problems = {}
    for path in pages:
        page = staff.get(path, headers=headers)
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        for name in (CLASS_NAME, STUDENT_NAME, TEACHER_NAME):
            if _unisolated(html, name):
                problems[(path, name)] = _unisolated(html, name)
    pupil = app.test_client()
    join = pupil.get(f"/join/{school_class.code}", headers=headers).get_data(as_text=True)
    sign_in_student(pupil, school_class, student, pin)
    home = pupil.get("/me", headers=headers).get_data(as_text=True)
    for path, html in (("/join", join), ("/me", home)):
        for name in (CLASS_NAME, STUDENT_NAME):
            if _unisolated(html, name):
                problems[(path, name)] = _unisolated(html, name)
    assert not problems, problems


def _token(client):
    from ..conftest import csrf_token

    return csrf_token(client, "/teacher/classes")


def test_ratios_on_teacher_pages_are_words(app, client, school, login_as):
    lesson, step = quiz_lesson(app)
    room = Classroom(app, school["teacher"], lesson, step, size=4)
    for sid in room.student_ids[:3]:
        room.answer(sid, ("which-ai", "face-unlock"))
    room.answer(room.student_ids[3], ("which-ai", "calculator"))
    login_as("teacher")
    html = client.get(f"/teacher/classes/{room.class_id}/progress").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "3 من 4" in text
    assert not re.search(r"\d+\s*/\s*\d+", text)
