"""Hostile input on every route of the access matrix, as every role: never a 500.

Deterministic: a fixed list of hostile values, not random ones. Form fields and query strings are
fuzzed without a list of field names: for a fuzzed request, every key a view reads from
`request.form` or `request.args` that the client did not send holds the hostile value (twice,
for `getlist`), which is what a client could send by naming that key. URL parts are replaced one
at a time; JSON endpoints get wrong types, deep nesting and oversized bodies.

A 500 in tests is an exception (TESTING propagates it); both count as a failure, with the request.
"""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from .conftest import csrf_token
from .test_access_matrix import MATRIX, ROLES, _url_values

HOSTILE = (
    "", "-1", "-0", "1e309", "NaN", str(2 ** 63), "²", "𝟙", "٣", "<script>alert(1)</script>' OR 1=1 --",
    "../../../etc/passwd", "\x00", "=cmd|' /C calc'!A0", "2999-01-01T00:00:00Z", "x" * 300,
)
URL_HOSTILE = ("99999999999999999999999", str(2 ** 63), "𝟙", "²", "-1", "0", "x" * 300, "%00", "..")
JSON_HOSTILE = (None, True, -1, 0, 2 ** 63, 10 ** 400, 1.5, 1e308, "-0", "x", "x" * 10_000, [], {},
                [[1]], [{}], {"a": {}})
# Signing out would end the walk; the matrix test covers it.
SKIPPED = {"auth.logout"}
# Run last, in this order: they delete or switch off what the other routes need.
DESTRUCTIVE = ("assignments.unassign", "classes.set_student_active", "admin.teacher_active",
               "admin.teacher_password", "reports.delete_student", "classes.delete_class")
DEEP = "[" * 100_000 + "]" * 100_000


class _Everywhere(ImmutableMultiDict):
    """A form or query string in which every key the client did not send holds `value`."""

    def __init__(self, real, value):
        super().__init__(real)
        self._value = value

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return super().__getitem__(key) if dict.__contains__(self, key) else self._value

    def getlist(self, key, type=None):
        return super().getlist(key, type) if dict.__contains__(self, key) else [self._value, self._value]


def _fuzzing_request_class(base):
    class FuzzedRequest(base):
        @cached_property
        def args(self):
            real = super().args
            value = self.environ.get("kit.fuzz")
            return real if value is None else _Everywhere(real, value)

        def _load_form_data(self):
            super()._load_form_data()
            value = self.environ.get("kit.fuzz")
            if value is not None:
                self.__dict__["form"] = _Everywhere(self.__dict__["form"], value)

    return FuzzedRequest


def _ordered(role_index: int, role: str) -> list[str]:
    """The endpoints this role may reach (refusals are the matrix test's job), destructive ones last."""
    reachable = []
    for endpoint, (_method, _url, expected) in MATRIX.items():
        status = expected[role_index]
        if endpoint in SKIPPED or status in (401, 403) or (role == "anonymous" and status == 302):
            continue
        reachable.append(endpoint)
    rank = {endpoint: i for i, endpoint in enumerate(DESTRUCTIVE)}
    return sorted(reachable, key=lambda e: (rank.get(e, -1), e))


class Walk:
    """One role's client; every request goes through `send`, which records failures."""

    def __init__(self, client, login_as, role):
        self.client, self.login_as, self.role, self.failures, self.count = client, login_as, role, [], 0
        self.allowed = None  # the one 5xx the matrix expects of the route at hand (503: "not switched on")
        self._sign_in()

    def _sign_in(self):
        self.login_as(self.role)
        self.token = csrf_token(self.client, "/login")

    def send(self, method, url, *, fuzz=None, data=None, json_body=None, raw=None):
        self.count += 1
        kwargs = {"environ_overrides": {"kit.fuzz": fuzz}} if fuzz is not None else {}
        headers = {"X-CSRFToken": self.token}
        if raw is not None:
            kwargs.update(data=raw, content_type="application/json")
        elif json_body is not None:
            kwargs.update(data=json.dumps(json_body), content_type="application/json")
        elif method == "POST":
            kwargs["data"] = {"csrf_token": self.token, **(data or {})}
        label = f"{self.role} {method} {url[:120]} fuzz={fuzz!r:.40} json={str(json_body)[:60]}"
        try:
            response = self.client.open(url, method=method, headers=headers, **kwargs)
        except Exception as error:  # noqa: BLE001 - TESTING re-raises what would be a 500
            self.failures.append(f"{label}: {type(error).__name__}: {str(error)[:200]}")
            return None
        status = response.status_code
        location = response.headers.get("Location", "")
        response.close()
        if status >= 500 and status != self.allowed:
            self.failures.append(f"{label}: HTTP {status}")
        if self.role != "anonymous" and (status == 401 or "/login" in location or location.endswith("/join")):
            self._sign_in()  # a fuzzed request signed us out (a password reset, say): carry on signed in
        return status


@pytest.fixture
def fuzz_app(app):
    app.request_class = _fuzzing_request_class(app.request_class)
    return app


def _rule(app, endpoint: str):
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def _methods(app, endpoint: str) -> list[str]:
    """Every method the route answers (the matrix names one; a page's form posts to the same URL)."""
    return sorted(_rule(app, endpoint).methods - {"HEAD", "OPTIONS"})


def _variable_segments(app, endpoint: str) -> list[int]:
    """Positions of the path segments the route takes as values (`/notebooks/<slug>/<lang>/read`
    gives 2 and 3), including those the matrix writes out (a notebook's name, a report id)."""
    return [i for i, part in enumerate(_rule(app, endpoint).rule.split("/")) if part.startswith("<")]


def _hostile_urls(url: str, positions: list[int]):
    parts = url.split("/")
    for i in positions:
        for bad in URL_HOSTILE:
            yield "/".join([*parts[:i], quote(bad, safe=""), *parts[i + 1:]])


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_hostile_forms_and_query_strings_never_give_500(role_index, role, fuzz_app, client, school, login_as,
                                                        assigned):
    values = _url_values(fuzz_app, school, assigned)
    walk = Walk(client, login_as, role)
    for endpoint in _ordered(role_index, role):
        _method, template, expected = MATRIX[endpoint]
        walk.allowed = expected[role_index]
        url = template.format(**values)
        for method in _methods(fuzz_app, endpoint):
            for bad in HOSTILE:
                walk.send(method, url, fuzz=bad)
    assert not walk.failures, f"{len(walk.failures)} of {walk.count} requests failed:\n" + "\n".join(walk.failures)


# URL parts are tried as the role that gets furthest into each route: the class's own teacher, the
# student, the admin, or nobody signed in (the routing and the id parsing are the same for all).
URL_ROLES = ("teacher", "student", "admin", "anonymous")


@pytest.mark.parametrize("role", URL_ROLES)
def test_hostile_url_parts_never_give_500(role, fuzz_app, client, school, login_as, assigned):
    values = _url_values(fuzz_app, school, assigned)
    role_index = ROLES.index(role)
    walk = Walk(client, login_as, role)
    for endpoint in _ordered(role_index, role):
        method, template, expected = MATRIX[endpoint]
        deeper = [r for r in URL_ROLES[:URL_ROLES.index(role)] if endpoint in _ordered(ROLES.index(r), r)]
        if deeper:
            continue  # another role goes further into this route
        walk.allowed = expected[role_index]
        for bad_url in _hostile_urls(template.format(**values), _variable_segments(fuzz_app, endpoint)):
            walk.send(method, bad_url)
    assert not walk.failures, f"{len(walk.failures)} of {walk.count} requests failed:\n" + "\n".join(walk.failures)


def _json_bodies():
    keys = ("events", "params", "kind", "label", "data", "text", "pixels")
    yield from ({"raw": raw} for raw in (DEEP, "{", "\xff", json.dumps({"events": "x" * (2 << 20)})))
    for value in JSON_HOSTILE:
        yield {"json_body": value}
        yield {"json_body": {key: value for key in keys}}
        yield {"json_body": {"events": [value]}}
        yield {"json_body": {"params": {"x": value}}}


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_hostile_json_bodies_never_give_500(role_index, role, fuzz_app, client, school, login_as, assigned):
    values = _url_values(fuzz_app, school, assigned)
    walk = Walk(client, login_as, role)
    for endpoint in _ordered(role_index, role):
        _method, template, expected = MATRIX[endpoint]
        walk.allowed = expected[role_index]
        if "POST" not in _methods(fuzz_app, endpoint):
            continue
        method, url = "POST", template.format(**values)
        bodies = list(_json_bodies()) if url.startswith("/api/") else [{"raw": DEEP}, {"json_body": [[1]]}]
        for body in bodies:
            walk.send(method, url, **body)
    assert not walk.failures, f"{len(walk.failures)} of {walk.count} requests failed:\n" + "\n".join(walk.failures)


DEMO_HOSTILE = (None, -1, 2 ** 63, 10 ** 400, 1e308, "-0", "²", "x" * 10_000, [], {}, [[1]], [{}])


def test_hostile_values_in_every_demo_setting_never_give_500(fuzz_app, client, login_as, assigned):
    from kit_server.demo_ids import DEMO_IDS

    walk = Walk(client, login_as, "student")
    # "The demo took too long" (503) is the designed answer while a cold demo trains on a busy
    # machine, not a failure; any other 5xx or exception is.
    walk.allowed = 503
    for demo_id in DEMO_IDS:
        schema = client.get(f"/api/demos/{demo_id}/schema").get_json()
        for name in schema["properties"]:
            for value in DEMO_HOSTILE:
                walk.send("POST", f"/api/demos/{demo_id}", json_body={"params": {name: value}})
    assert walk.count > 100
    assert not walk.failures, f"{len(walk.failures)} of {walk.count} requests failed:\n" + "\n".join(walk.failures)


# ---- the cases the security review found, one by one ------------------------------------------


def test_a_unicode_digit_cannot_reset_the_admins_own_password(app, client, login_as, school):
    """`𝟙` is `isdigit()` and `int("𝟙")` is 1, the admin's own id: a form meant for a teacher reset
    the admin's password. Only ASCII digits name a row now."""
    from .conftest import sign_in_staff

    admin_id = school["admin"].id
    login_as("admin")
    token = csrf_token(client, "/admin/teachers")
    lookalikes = {"1": "𝟙", "2": "𝟚", "3": "３"}  # mathematical and full-width digits
    for bad in [lookalikes.get(str(admin_id), "𝟙"), "²", "٣", "99999999999999999999999", str(2 ** 63), " 1", "+1"]:
        response = client.post("/admin/teachers/password", data={"csrf_token": token, "user_id": bad})
        assert response.status_code == 400, bad
    client.post("/logout", data={"csrf_token": token})
    assert sign_in_staff(client, "admin").status_code == 302  # the old password still works
    teacher = school["teacher"]
    page = client.post("/admin/teachers/password", data={"csrf_token": csrf_token(client, "/admin/teachers"),
                                                         "user_id": str(teacher.id)})
    assert page.status_code == 200  # the real form still resets the teacher's password


def test_ids_in_urls_are_ascii_digits_within_range(client, login_as, school):
    class_id = school["class"].id
    login_as("teacher")
    assert client.get(f"/teacher/classes/{class_id}").status_code == 200
    for bad in ("𝟙", "١", "²", "99999999999999999999999", str(2 ** 63), "-1", "1.0"):
        assert client.get(f"/teacher/classes/{quote(bad)}").status_code == 404, bad
    assert client.get(f"/join/{school['class'].code}/{2 ** 63}").status_code == 404
    assert client.get(f"/join/{school['class'].code}/{2 ** 63 - 1}").status_code == 404  # in range, no such pupil


def test_parse_id_accepts_only_ascii_digits_in_bigint_range():
    from kit_server.ids import MAX_ID, parse_id, parse_ids

    assert parse_id("0") == 0 and parse_id("42") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    for bad in (str(MAX_ID + 1), "𝟙", "²", "٣", "", " 1", "1 ", "-1", "+1", "1_000", "1e3", None, 1, "9" * 5000):
        assert parse_id(bad) is None, bad
    assert parse_ids(["3", "𝟙", "3", "x", "4"]) == {3, 4}


def test_the_clock_check_takes_only_a_time_a_browser_can_have(client, login_as, school):
    import time

    login_as("admin")
    token = csrf_token(client, "/admin/health")
    for bad in ("253402300800000", "-1", "𝟙𝟚𝟛", "1e12", "9" * 400):
        response = client.post("/admin/health/clock", data={"csrf_token": token, "browser_ms": bad})
        assert response.status_code == 400 and response.get_json()["error"], bad
    now = client.post("/admin/health/clock", data={"csrf_token": token, "browser_ms": str(int(time.time() * 1000))})
    assert now.status_code == 200 and now.get_json()["ok"] is True


def test_json_bodies_are_capped_on_every_json_endpoint(client, login_as, school, assigned):
    login_as("student")
    token = csrf_token(client, "/me")
    for url in ("/api/events", "/api/demos/bias", "/api/class-samples"):
        deep = client.post(url, data="[" * 5000 + "]" * 5000, content_type="application/json",
                           headers={"X-CSRFToken": token})
        assert deep.status_code == 400 and "nests" in deep.get_json()["reason"], url
        huge = client.post(url, data='{"x": "' + "y" * (1100 * 1024) + '"}', content_type="application/json",
                           headers={"X-CSRFToken": token})
        assert huge.status_code == 413 and huge.is_json, url


def test_pages_that_take_forms_refuse_json_with_a_400(client, login_as, school):
    login_as("teacher")
    response = client.post(f"/teacher/classes/{school['class'].id}/import/confirm", json=[[1]],
                           headers={"X-CSRFToken": csrf_token(client, "/teacher/classes")})
    assert response.status_code == 400
