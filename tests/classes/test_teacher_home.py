"""The teacher's home leads to every tool: each class says its next step and links to the tools."""
from html import unescape

from kit_server.assignments.service import assign
from kit_server.classes.models import SchoolClass
from kit_server.extensions import db

from ..conftest import make_class, post_form


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return unescape(response.get_data(as_text=True))


def test_a_class_without_students_says_to_add_them_first(client, school, login_as):
    empty = make_class(school["teacher"], name="الصف السادس")
    login_as("teacher")
    html = _page(client, "/teacher/classes")
    assert f"/teacher/classes/{empty.id}/import" in html
    assert "أضيفوا تلاميذكم من قائمة الصف" in html  # "Add your students from a class list", in Arabic


def test_a_class_with_students_and_nothing_assigned_says_assign_module_1(client, school, login_as):
    login_as("teacher")
    class_id = school["class"].id
    for path in ("/teacher/classes", f"/teacher/classes/{class_id}"):
        html = _page(client, path)
        assert f'href="/teacher/classes/{class_id}/assignments"' in html
        for tool in (f"/teacher/classes/{class_id}/progress", f"/teacher/classes/{class_id}/notebooks",
                     f"/teacher/classes/{class_id}/cards", "/teacher/guide/"):
            assert tool in html, (path, tool)
    client.post("/language", data={"lang": "en", "csrf_token": _token(client)})
    assert "Assign module 1" in _page(client, f"/teacher/classes/{class_id}")


def test_after_assigning_the_next_step_leads_lesson_1_live_and_the_button_starts_it(app, client, school, login_as):
    with app.app_context():
        module = __import__("kit_server.lessons", fromlist=["catalog"]).catalog().modules[0]
        assign(db.session.get(SchoolClass, school["class"].id), module.id)
        db.session.commit()
        first = module.lessons[0]
    login_as("teacher")
    client.post("/language", data={"lang": "en", "csrf_token": _token(client)})
    html = _page(client, "/teacher/classes")
    assert "Lead lesson 1 live" in html and first.title["en"] in html
    response = post_form(client, f"/teacher/classes/{school['class'].id}/live",
                         {"lesson_id": first.id, "mode": "follow"}, token_from="/teacher/classes")
    assert response.status_code == 302 and "/teacher/live/" in response.headers["Location"]
    html = _page(client, "/teacher/classes")
    assert "Go back to the live lesson" in html and response.headers["Location"] in html


def test_the_guide_has_a_way_back_and_to_the_other_modules(client, school, login_as):
    login_as("teacher")
    html = _page(client, "/teacher/classes")
    guides = sorted(set(__import__("re").findall(r'href="(/teacher/guide/[^"]+)"', html)))
    assert len(guides) >= 2
    guide = _page(client, guides[0])
    assert 'href="/teacher/classes"' in guide and guides[1] in guide


def _token(client):
    from ..conftest import csrf_token

    return csrf_token(client, "/teacher/classes")
