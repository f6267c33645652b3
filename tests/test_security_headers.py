"""Hardening headers on every kind of response, and no inline script anywhere (review L5, L7)."""
import re
from pathlib import Path

from kit_server.security import PACK_FILE_POLICY, PAGE_POLICY

from .conftest import post_form
from .test_access_matrix import MATRIX, _url_values

TEMPLATES = Path(__file__).resolve().parent.parent / "kit_server"


def _headers_problems(url, response) -> list[str]:
    wanted = PACK_FILE_POLICY if url.startswith("/lesson-files/") else PAGE_POLICY
    problems = []
    if response.headers.get("Content-Security-Policy") != wanted:
        problems.append(f"{url}: CSP {response.headers.get('Content-Security-Policy')!r}")
    for name, value in (("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"),
                        ("Referrer-Policy", "same-origin")):
        if response.headers.get(name) != value:
            problems.append(f"{url}: {name} {response.headers.get(name)!r}")
    return problems


def test_every_page_of_every_role_carries_the_headers(app, school, assigned, login_as):
    values = _url_values(app, school, assigned)
    problems, seen = [], 0
    for role in ("anonymous", "student", "teacher", "admin"):
        client = login_as(role) if role != "anonymous" else app.test_client()
        for method, template, _expected in MATRIX.values():
            if method != "GET":
                continue
            url = template.format(**values)
            response = client.get(url)
            problems += _headers_problems(url, response)
            seen += 1
            response.close()
        client.delete_cookie("session")  # the next role starts signed out
    assert seen > 100 and not problems, "\n".join(problems)


def test_error_pages_json_api_and_static_files_carry_them_too(app, client, school):
    app.config["SIGNIN_MAX_FAILURES_ADDRESS"] = 1
    responses = {
        "/no-such-page": client.get("/no-such-page"),
        "/api/no-such-thing": client.get("/api/no-such-thing"),
        "/api/v1/reports": client.get("/api/v1/reports"),  # 401 JSON
        "/static/css/kit.css": client.get("/static/css/kit.css"),
        "/login (POST, 400)": client.post("/login", data={}),
        "/join/000000": client.get("/join/000000"),
        "/join/000001 (429)": client.get("/join/000001"),
    }
    assert responses["/join/000001 (429)"].status_code == 429
    problems = [p for url, response in responses.items() for p in _headers_problems(url, response)]
    assert not problems, "\n".join(problems)


def test_a_pack_file_is_served_under_a_sandbox_that_runs_no_script(app, school, assigned, login_as):
    values = _url_values(app, school, assigned)
    student = login_as("student")
    response = student.get(f"/lesson-files/{values['lesson']}/{values['image']}")
    response.close()  # a file response: close it, or its open file warns
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy and "script-src" not in policy


def test_no_template_has_an_inline_script_or_event_handler():
    """Under the policy an inline script would silently not run: keep every script in a static file."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (inline, handler):
            found += [f"{path.relative_to(TEMPLATES)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert not found, "\n".join(found)


def test_the_health_page_passes_its_data_to_the_script_file(login_as):
    admin = login_as("admin")
    page = admin.get("/admin/health").get_data(as_text=True)
    assert 'data-clock-url="/admin/health/clock"' in page and 'data-csrf="' in page
    assert re.search(r'<script src="/static/js/health\.[0-9a-f]{10}\.js" defer>', page)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    answer = admin.post("/admin/health/clock", data={"csrf_token": token, "browser_ms": "1"})
    assert answer.is_json  # the token in the data- attribute is accepted


def test_the_cards_page_prints_through_a_script_file(school, login_as):
    teacher = login_as("teacher")
    path = f"/teacher/classes/{school['class'].id}/cards"
    page = post_form(teacher, path, {}, token_from=path).get_data(as_text=True)
    assert "data-print" in page and re.search(r'<script src="/static/js/print\.[0-9a-f]{10}\.js"', page)
