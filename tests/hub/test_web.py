"""The hub's pages as programme staff use them: sign-in with the kit's rules, roles, dashboards with
small numbers hidden again, charts, CSV and XLSX, the upload page and enrolment codes, in Arabic,
French and English."""
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit_server.hub import accounts, dashboard
from kit_server.hub.db import session
from kit_server.hub.ingest import ingest_zip
from kit_server.hub.models import HubReport
from kit_server.reports.bundle import zip_bundle

from .conftest import build, enrol, seed_school

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
NOV = datetime(2026, 11, 10, 9)
PASSWORD = "programme-pass-1"


@pytest.fixture
def staff(hub_app):
    with hub_app.app_context():
        accounts.create_user("manager1", "Manager", PASSWORD, "manager")
        accounts.create_user("viewer1", "Viewer", PASSWORD, "viewer")


def _client(hub_app, address="10.0.0.1", lang="en"):
    client = hub_app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address, "HTTP_ACCEPT_LANGUAGE": lang})
    return client


def _token(client, path="/login"):
    return CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)


def _sign_in(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": _token(client)})


def test_sign_in_roles_and_csrf(hub_app, staff):
    anonymous = _client(hub_app)
    assert anonymous.get("/").status_code == 302 and "/login" in anonymous.get("/").headers["Location"]
    assert anonymous.post("/login", data={"username": "viewer1", "password": PASSWORD}).status_code == 400  # no CSRF
    viewer = _client(hub_app)
    assert _sign_in(viewer, "viewer1").status_code == 302
    assert viewer.get("/").status_code == 200
    assert viewer.get("/upload").status_code == 403 and viewer.get("/codes").status_code == 403
    assert "This page is not for you" in viewer.get("/refusals").get_data(as_text=True)
    manager = _client(hub_app)
    _sign_in(manager, "manager1")
    assert manager.get("/upload").status_code == 200 and manager.get("/refusals").status_code == 200
    with hub_app.app_context():
        assert session().scalar(sa.select(accounts.HubUser.password_hash).where(
            accounts.HubUser.username == "viewer1")).startswith("scrypt:")
    response = manager.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_wrong_passwords_rest_the_door_for_that_address_only(hub_app, staff):
    stranger = _client(hub_app, "10.0.0.66")
    codes = [_sign_in(stranger, "manager1", "wrong-password").status_code for _ in range(6)]
    assert codes[:4] == [401] * 4 and codes[-1] == 429
    assert _sign_in(stranger, "manager1").status_code == 429  # even the right password, from there
    rightful = _client(hub_app, "10.0.0.2")
    assert _sign_in(rightful, "manager1").status_code == 302  # the manager elsewhere is not locked out


def test_a_password_change_ends_sessions(hub_app, staff):
    viewer = _client(hub_app)
    _sign_in(viewer, "viewer1")
    with hub_app.app_context():
        user = session().scalar(sa.select(accounts.HubUser).where(accounts.HubUser.username == "viewer1"))
        accounts.set_password(user, "another-pass-22")
    assert viewer.get("/").status_code == 302


@pytest.fixture
def two_small_schools(hub_app, hub_server, kits, make_code):
    """Two schools of a district, each showing its cells (threshold 0); their sums are small."""
    code = make_code()
    for name, pupils in (("s1", 3), ("s2", 4)):
        kit = kits(name)
        seed_school(kit, pupils, NOV)
        enrol(kit, hub_server.url, code, district="tyre")
        with hub_app.test_request_context():
            ingest_zip(zip_bundle(build(kit, "2026-11")), "import")


def test_small_sums_are_hidden_again_on_every_aggregate(hub_app, two_small_schools):
    with hub_app.test_request_context():
        board = dashboard.build(dashboard.Filters(), 9)
        assert board.reach["cells"][-1][-1] == "<10"  # 7 pupils in all: a small group, hidden again
        assert all(v in (0, "<10", "x") for row in board.reach["cells"] for v in row)
        assert board.by_month[0]["reach"] == "<10" and board.by_area[0]["reach"] == "<10"
        exact = dashboard.build(dashboard.Filters(), 0)
        assert exact.reach["cells"][-1][-1] == 7


def test_dashboard_page_charts_and_exports(hub_app, staff, two_small_schools):
    hub_app.config["HUB_THRESHOLD"] = 0
    viewer = _client(hub_app, lang="ar")
    _sign_in(viewer, "viewer1")
    html = viewer.get("/?governorate=south").get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert html.count("<svg") == 2 and '<figure dir="ltr">' in html
    assert 'id="reach"' in html and ">7<" in html
    csv_text = viewer.get("/export.csv?governorate=south").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "table,month,area,row,col,value"
    assert "reach,2026-11,south,total,total,7" in csv_text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(viewer.get("/export.xlsx").data))
    assert book.sheetnames == ["reach", "by_month", "by_area"]
    assert ["2026-11", "national", "total", "total", 7] in [list(r) for r in book["reach"].iter_rows(values_only=True)]
    assert viewer.get("/?governorate=<script>").status_code == 400
    assert viewer.get("/?month=2026-1x").status_code == 400
    schools = viewer.get("/schools").get_data(as_text=True)
    assert schools.count("tyre") >= 2


def test_languages(hub_app, staff):
    for lang, word, direction in (("ar", "لوحة", "rtl"), ("fr", "Tableau de bord", "ltr"), ("en", "Dashboard", "ltr")):
        client = _client(hub_app, lang=lang)
        _sign_in(client, "viewer1")
        html = client.get("/").get_data(as_text=True)
        assert f'dir="{direction}"' in html and word in html, lang


def test_upload_page_and_codes(hub_app, staff, kits, hub_server, make_code, tmp_path):
    kit = kits("usb")
    seed_school(kit, 4, NOV)
    enrol(kit, hub_server.url, make_code())
    good = zip_bundle(build(kit, "2026-11"))
    manager = _client(hub_app)
    _sign_in(manager, "manager1")
    token = _token(manager, "/upload")
    response = manager.post("/upload", data={"csrf_token": token, "bundles": [
        (io.BytesIO(good), "good.zip"), (io.BytesIO(b"junk"), "junk.zip")]}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Accepted" in html and "not a zip file" in html
    with hub_app.app_context():
        assert session().scalar(sa.select(sa.func.count(HubReport.id))) == 1
    page = manager.post("/codes", data={"csrf_token": _token(manager, "/codes"), "label": "Tyre", "uses": "3"})
    code = re.search(r'id="new-code">([A-Z0-9-]+)<', page.get_data(as_text=True)).group(1)
    assert page.headers["Cache-Control"] == "no-store" and len(code) == 14


def test_enrolment_api_refusals(hub_app, hub_server, kits, make_code):
    from kit_server.reports.outbox import EnrolError

    kit = kits("k")
    with pytest.raises(EnrolError) as wrong:
        enrol(kit, hub_server.url, "NOPE-NOPE-NOPE")
    assert wrong.value.code == "refused" and "unknown or used" in wrong.value.detail
    code = make_code(uses=2)
    enrol(kit, hub_server.url, code)
    enrol(kit, hub_server.url, code, district="sidon")  # the same school and key again: no second use counted
    enrol(kits("second"), hub_server.url, code)
    with pytest.raises(EnrolError):
        enrol(kits("third"), hub_server.url, code)  # now used up
    other = kits("thief")
    other_home = Path(other.config["KIT_HOME"])
    from kit_server.reports import signing

    signing.ensure_school_keys(other_home)
    from kit_server.reports.hubclient import HubRefused, post

    with kit.app_context():
        from kit_server.school.service import get_school

        victim_id = get_school().uid
    body = {"code": make_code(), "school_id": victim_id, "public_key": signing.school_public_pem(other_home).decode(),
            "governorate": "south", "district": "tyre", "school_type": "primary"}
    with pytest.raises(HubRefused, match="enrolled with another key"):
        post(hub_server.url, "/api/v1/enrol", json.dumps(body).encode(), "application/json")
    client = _client(hub_app, "10.9.9.9")
    answers = [client.post("/api/v1/enrol", json={**body, "code": f"WRONG-{k}"}).status_code for k in range(21)]
    assert answers[:20] == [403] * 20 and answers[20] == 429
