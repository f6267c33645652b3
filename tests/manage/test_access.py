"""Only an admin reaches the manager's pages (the same rows are in tests/test_access_matrix.py)."""
import pytest

from ..conftest import csrf_token

ROUTES = [("GET", "/admin/health"), ("POST", "/admin/health/clock"), ("GET", "/admin/packs"),
          ("POST", "/admin/packs/upload"), ("POST", "/admin/backups")]
EXPECTED = {"anonymous": 302, "student": 403, "other_teacher": 403, "teacher": 403}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_nobody_but_an_admin_gets_in(role, client, login_as):
    login_as(role)
    token = csrf_token(client, "/login")
    for method, url in ROUTES:
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        assert response.status_code == EXPECTED[role], f"{role} {method} {url}"


def test_an_admin_gets_in(client, login_as):
    login_as("admin")
    token = csrf_token(client, "/login")
    assert [client.get(url).status_code for method, url in ROUTES if method == "GET"] == [200, 200]
    assert client.post("/admin/health/clock", data={"csrf_token": token, "browser_ms": "0"}).status_code == 200
