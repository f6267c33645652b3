"""Every page a role may open is reachable by clicks from that role's landing page.

From "/" each role's browser follows what a person (or the page's own script) can follow: links,
images and stylesheets, GET forms, the URLs a page hands its scripts (data-*-url attributes and the
lesson's JSON), and redirects. The endpoints reached are compared with the access matrix: every GET
route it opens to the role must be reached. A school is seeded first, so pages that list data (a
report, a job, a notebook handout, a live session) have something to list.
"""
from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from kit_server.extensions import db

from .conftest import csrf_token, finish_job, post_form, sign_in_staff, sign_in_student
from .test_access_matrix import MATRIX, ROLES

FORBIDDEN_FOR_ROLE = {401, 403}
# Reached only through a POST button or typed input, not a link; each has its own flow test.
NOT_BY_LINKS = {
    "notebooks.wait": "after pressing Open the notebook, which starts a Jupyter server (tests/notebooks)",
    "notebooks.status": "polled by the waiting page above",
    "auth.join_class": "a visitor types the class code (tests/auth, tests/e2e/test_school_day.py)",
    "auth.join_student": "a visitor picks a name after typing the class code",
    "modelmaker.card": "linked once a project has a trained model; training runs in the demo workers (tests/modelmaker)",
    "modelmaker.use": "linked once a project has a trained model (tests/e2e/test_model_maker.py clicks to it)",
    "modelmaker.notebook": "linked once a project has a trained model (tests/modelmaker/test_notebook.py)",
}
# Sign-in pages belong to visitors: they are crawled as "anonymous", not from a signed-in home.
VISITOR_PAGES = {"auth.login", "auth.join", "auth.join_class", "auth.join_student"}
# What the kit's scripts build from a URL the page gives them (static/js/demos.js asks for the schema).
SCRIPT_SUFFIXES = {"demos.run": "/schema"}
NEVER_FOLLOW = ("/logout", "/language")
MAX_PAGES = 1500


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self._json = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
            self.urls.append(attrs["action"])
        self.urls += [value for name, value in attrs.items()
                      if name.startswith("data-") and value and value.startswith("/")]
        if tag == "script" and attrs.get("type") == "application/json":
            self._json = []

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json is not None:
            try:
                page = json.loads("".join(self._json))
            except ValueError:
                page = {}
            if isinstance(page, dict):
                self.urls += [v for k, v in page.items() if k.endswith("_url") and isinstance(v, str) and "STEP" not in v]
            self._json = None


def _endpoint(adapter, path: str) -> str | None:
    try:
        return adapter.match(path, method="GET")[0]
    except HTTPException:
        return None


def crawl(app, client, start="/") -> dict[str, str]:
    """endpoint → the first URL that reached it (status below 400)."""
    adapter = app.url_map.bind("localhost")
    reached, seen, queue = {}, set(), deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(NEVER_FOLLOW):
            continue
        seen.add(url)
        response = client.get(url)
        endpoint = _endpoint(adapter, urlsplit(url).path)
        if response.status_code >= 400 or endpoint is None:
            response.close()
            continue
        reached.setdefault(endpoint, url)
        if response.status_code in (301, 302, 303, 307):
            queue.append(_local(url, response.headers["Location"]))
        elif response.mimetype == "text/html":
            queue.extend(_links(url, response.get_data(as_text=True), adapter))
        response.close()
    return reached


def _local(base: str, link: str) -> str | None:
    parts = urlsplit(urljoin("http://localhost" + base, link))
    if parts.scheme != "http" or parts.netloc != "localhost":  # data: icons, mailto:, other hosts
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _links(base: str, html: str, adapter) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for link in parser.urls:
        url = _local(base, link)
        if url is None:
            continue
        found.append(url)
        suffix = SCRIPT_SUFFIXES.get(_endpoint_for_any_method(adapter, urlsplit(url).path))
        if suffix:
            found.append(url + suffix)
    return found


def _endpoint_for_any_method(adapter, path: str) -> str | None:
    for method in ("GET", "POST"):
        try:
            return adapter.match(path, method=method)[0]
        except HTTPException:
            continue
    return None


def opened_to(role: str) -> set[str]:
    index = ROLES.index(role)
    # A visitor sent to the sign-in page (302) is refused; for a signed-in role a 302 is a real page's
    # way on (a lesson resuming at its step).
    refused = FORBIDDEN_FOR_ROLE | ({302} if role == "anonymous" else set())
    opened = {endpoint for endpoint, (method, _url, expected) in MATRIX.items()
              if method == "GET" and expected[index] not in refused}
    if role != "anonymous":
        opened -= VISITOR_PAGES
    return opened - set(NOT_BY_LINKS)


@pytest.fixture
def seeded(app, client, school):
    """Every module assigned, a notebook handed out with a student's copy, a class model project, a
    report built, a job still running and a live session open: every list has a row to click."""
    from kit_server.assignments.service import assign
    from kit_server.classes.models import SchoolClass
    from kit_server.jobs.models import Job
    from kit_server.lessons import catalog
    from kit_server.timeutil import utcnow

    with app.app_context():
        school_class = db.session.get(SchoolClass, school["class"].id)
        for module in catalog().modules:
            assign(school_class, module.id)
        db.session.add(Job(id="a-running-backup", kind="backup", state="running", heartbeat_at=utcnow()))
        from kit_server.modelmaker.service import create_project

        create_project(school_class, None, "كلمات الصف", "words", ["a", "b"])  # a class project
        db.session.commit()
        first_lesson = catalog().modules[0].lessons[0].id
    sign_in_staff(client, "admin")
    finish_job(client, post_form(client, "/admin/reports/build", {"period": utcnow().strftime("%Y-%m")},
                                 token_from="/admin/reports"))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    sign_in_staff(client, "teacher")
    class_id = school["class"].id
    token = csrf_token(client, "/teacher/classes")
    notebook = re.search(r'name="notebook"[^>]*>\s*<option value="([^"]+)"',
                         client.get(f"/teacher/classes/{class_id}/notebooks").get_data(as_text=True))
    assert notebook, "the class's notebooks page offers no notebook to hand out"
    assert client.post(f"/teacher/classes/{class_id}/notebooks/handouts",
                       data={"notebook": notebook.group(1), "csrf_token": token}).status_code == 302
    assert client.post(f"/teacher/classes/{class_id}/live", data={"lesson_id": first_lesson, "csrf_token": token},
                       ).status_code == 302
    client.post("/logout", data={"csrf_token": token})
    return school


def _sign_in(client, role, school):
    if role == "student":
        sign_in_student(client, school["class"], school["student"], school["pin"])
    elif role != "anonymous":
        sign_in_staff(client, school[role].username)


@pytest.mark.parametrize("role", ["anonymous", "student", "teacher", "admin"])
def test_every_page_a_role_may_open_is_reached_by_clicks_from_its_home(role, app, client, seeded):
    _sign_in(client, role, seeded)
    reached = crawl(app, client)
    missing = opened_to(role) - set(reached)
    assert not missing, f"{role} cannot reach by clicks: {sorted(missing)}"
    assert len(opened_to(role)) >= {"anonymous": 3, "student": 10, "teacher": 25, "admin": 40}[role]
    assert not set(reached) & _refused_to(role), "a link led to a page the matrix refuses this role"


def _refused_to(role: str) -> set[str]:
    index = ROLES.index(role)
    return {endpoint for endpoint, (method, _url, expected) in MATRIX.items()
            if method == "GET" and expected[index] in FORBIDDEN_FOR_ROLE}


def test_the_crawl_stays_inside_what_the_role_may_open(app, client, seeded):
    """A link a teacher is shown never leads to a page refused to them (a dead end)."""
    _sign_in(client, "teacher", seeded)
    adapter = app.url_map.bind("localhost")
    for path in ("/teacher/classes", f"/teacher/classes/{seeded['class'].id}"):
        html = client.get(path).get_data(as_text=True)
        for url in _links(path, html, adapter):
            if not url.startswith(NEVER_FOLLOW):
                assert client.get(url).status_code < 400, f"{path} links to {url}, which is refused"
