"""Done when: the programme, as a new user, downloads a signed report with a token, verifies it,
merges it with others from USB, and finds no name, no free text and no small count in any file."""
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from kit_server.reports.cli import report as report_cli
from kit_server.reports.export import export_bundles

from ..conftest import finish_job, post_form
from .test_routes import TOKEN_RE

NOV = datetime(2026, 11, 10, 9, 0)
NAME = "نورالمخفية"
TEXT = "رأيي الخاص جدا"


def _other_school_bundle(tmp_path, app, seed_home) -> Path:
    """A second kit elsewhere: its own database, key and report."""
    from kit_server import create_app
    from kit_server.db import upgrade
    from kit_server.extensions import db
    from kit_server.lessons import catalog
    from kit_server.reports.bundle import create_report
    from kit_server.reports.period import parse_period
    from kit_server.school.service import ensure_school

    other = create_app({"KIT_HOME": str(seed_home), "TESTING": True})
    with other.app_context():
        upgrade(db.engine)
        school = ensure_school("مدرسة أخرى")
        db.session.commit()
        folder = create_report(seed_home, school, parse_period("2026-11"), catalog())
        db.engine.dispose()
    return folder


def _school_uid(app) -> str:
    from kit_server.school.service import get_school

    with app.app_context():
        return get_school().uid


def _manifest_school(folder: Path) -> str:
    return json.loads((folder / "manifest.json").read_bytes())["school_id"]


def test_programme_downloads_verifies_and_merges(app, login_as, seed, catalog_modules, tmp_path):
    seed.threshold(9)
    _t, cls = seed.teacher_class()
    lesson = catalog_modules[0][1][0]
    for k in range(14):
        sid = seed.student(cls, sex="female" if k < 11 else "male", name=NAME)
        seed.events(sid, lesson, NOV, minutes=(0, 4), payload={"text": TEXT})
        seed.completed(sid, lesson, NOV, reflection=TEXT)
    admin = login_as("admin")
    finish_job(admin, post_form(admin, "/admin/reports/build", {"period": "2026-11"}, token_from="/admin/reports"))
    page = post_form(admin, "/admin/reports/tokens", {"label": "programme", "days": "30"},
                     token_from="/admin/reports/tokens")
    token = TOKEN_RE.search(page.get_data(as_text=True)).group(0)
    public_key = admin.get("/admin/reports/key.pem").data

    # The programme's machine: no cookies, only the token and the key it registered.
    programme = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    [entry] = programme.get("/api/v1/reports?from=2026-01-01", headers=headers).get_json()["reports"]
    archive = zipfile.ZipFile(io.BytesIO(programme.get(entry["bundle"], headers=headers).data))
    downloads = tmp_path / "downloads"
    archive.extractall(downloads)
    bundle = downloads / entry["report_id"]
    keys = tmp_path / "keys"
    keys.mkdir()
    # The key downloads named after the school id, which binds it to that school in the key folder.
    key_name = admin.get("/admin/reports/key.pem").headers["Content-Disposition"].split('"')[1]
    assert key_name == f"{_school_uid(app)}.pub"
    (keys / key_name).write_bytes(public_key)
    runner = CliRunner()
    verified = runner.invoke(report_cli, ["verify", str(bundle), "--key", str(keys / key_name)])
    assert verified.exit_code == 0, verified.output

    other = _other_school_bundle(tmp_path, app, tmp_path / "other-home")
    (keys / f"{_manifest_school(other)}.pub").write_bytes((tmp_path / "other-home" / "keys" / "report_signing.pub").read_bytes())
    stick = tmp_path / "usb"
    stick.mkdir()
    export_bundles([other], stick)
    out = tmp_path / "merged"
    for _ in range(2):  # the same download and stick merged twice: counted once
        merged = runner.invoke(report_cli, ["merge", str(bundle), str(stick), "--out", str(out), "--keys", str(keys)])
        assert merged.exit_code == 0, merged.output
    combined = json.loads((out / "combined" / "combined.json").read_bytes())
    assert len(combined["schools"]) == 2
    assert combined["reach_by_sex"]["male"] == {"shown": 0, "hidden": 1}  # three boys: "<10", never 3
    # eleven girls: shown, or hidden as the complement that stops "total - girls" giving the boys away
    assert combined["reach_by_sex"]["female"] in ({"shown": 11, "hidden": 0}, {"shown": 0, "hidden": 1})
    for path in (out / "combined").iterdir():
        data = path.read_bytes()
        assert NAME.encode() not in data and TEXT.encode() not in data, path.name
    rows = (out / "combined" / "combined.csv").read_text("utf-8").splitlines()
    male_total = [r for r in rows if ",reach,male,total," in r]
    assert male_total and all(r.endswith(",<10") for r in male_total if entry["report_id"] in r)
