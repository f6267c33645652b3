"""The report opened inside the kit, and `kit report verify` on the .zip the admin page downloads."""
import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from kit_server.extensions import db
from kit_server.reports import signing
from kit_server.reports.verify import BundleError, verify_bundle

from ..conftest import finish_job, post_form
from .test_bundle import busy_school  # noqa: F401  (a fixture)


def _build_from_the_admin_page(app, client, period="2026-11"):
    from kit_server.reports.models import ReportLog

    finish_job(client, post_form(client, "/admin/reports/build", {"period": period}, token_from="/admin/reports"))
    with app.app_context():
        return db.session.scalar(sa.select(ReportLog.report_id).order_by(ReportLog.id.desc()))


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def test_the_report_opens_inside_the_kit_with_titles_download_and_back(app, admin, busy_school):  # noqa: F811
    report_id = _build_from_the_admin_page(app, admin)
    html = unescape(admin.get(f"/admin/reports/{report_id}/summary").get_data(as_text=True))
    assert 'class="site-nav"' in html and 'lang="ar" dir="rtl"' in html  # the kit's menu, in Arabic
    assert f'href="/admin/reports/{report_id}/bundle"' in html and 'href="/admin/reports"' in html
    from kit_server.lessons import catalog

    with app.app_context():
        first = catalog().modules[0]
    assert first.title["ar"] in html
    assert not re.search(r">\s*\d+\. m\d-", html)  # no module shown by its id
    assert "<progress" in html  # 23 students took part: the reach bars are drawn
    assert "<svg" not in html.split('id="main"')[1]  # no matplotlib chart in the page


def test_an_empty_period_says_no_data_yet_instead_of_drawing_empty_charts(app, admin, school):
    report_id = _build_from_the_admin_page(app, admin)
    html = unescape(admin.get(f"/admin/reports/{report_id}/summary").get_data(as_text=True))
    assert html.count("لا توجد بيانات بعد") == 2  # reach and modules, in the admin's Arabic
    assert "<progress" not in html


def test_the_report_page_speaks_the_admins_language(app, admin, school):
    report_id = _build_from_the_admin_page(app, admin)
    admin.post("/language", data={"lang": "fr", "csrf_token": _token(admin)})
    html = unescape(admin.get(f"/admin/reports/{report_id}/summary").get_data(as_text=True))
    assert 'lang="fr" dir="ltr"' in html and "Pas encore de données" in html and "Indicateurs" in html


def test_the_downloaded_zip_verifies_from_the_command_line(app, admin, busy_school, tmp_path, monkeypatch):  # noqa: F811
    from kit_server.reports.cli import report

    report_id = _build_from_the_admin_page(app, admin)
    download = admin.get(f"/admin/reports/{report_id}/bundle")
    zipped = tmp_path / f"report-{report_id}.zip"
    zipped.write_bytes(download.data)
    key = tmp_path / "school.pub"
    key.write_bytes(signing.school_public_pem(Path(app.config["KIT_HOME"])))
    monkeypatch.setenv("KIT_HOME", app.config["KIT_HOME"])
    result = CliRunner().invoke(report, ["verify", str(zipped), "--key", str(key)])
    assert result.exit_code == 0, result.output
    assert f"valid: report {report_id}" in result.output
    folder = Path(app.config["KIT_HOME"]) / "reports" / report_id
    assert CliRunner().invoke(report, ["verify", str(folder), "--key", str(key)]).exit_code == 0


def test_a_changed_or_padded_zip_is_refused_with_a_reason(app, admin, busy_school, tmp_path):  # noqa: F811
    report_id = _build_from_the_admin_page(app, admin)
    pem = signing.school_public_pem(Path(app.config["KIT_HOME"]))
    original = zipfile.ZipFile(io.BytesIO(admin.get(f"/admin/reports/{report_id}/bundle").data))
    files = {info.filename: original.read(info) for info in original.infolist()}

    def zip_of(entries, name="r.zip"):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            for entry, data in entries.items():
                archive.writestr(entry, data)
        return path

    assert verify_bundle(zip_of(files), pem)["report_id"] == report_id
    flat = {Path(name).name: data for name, data in files.items()}  # zipped without the folder
    assert verify_bundle(zip_of(flat, "flat.zip"), pem)["report_id"] == report_id
    changed = dict(files, **{f"{report_id}/report.csv": b"tampered"})
    with pytest.raises(BundleError, match="report.csv was changed"):
        verify_bundle(zip_of(changed, "changed.zip"), pem)
    with pytest.raises(BundleError, match="unexpected (file|entry)"):
        verify_bundle(zip_of(dict(files, **{"../evil.txt": b"x"}), "evil.zip"), pem)
    with pytest.raises(BundleError, match="more than one bundle|unexpected entry"):
        verify_bundle(zip_of(dict(files, **{"other/notes.txt": b"x"}), "two.zip"), pem)
    not_a_bundle = tmp_path / "notes.txt"
    not_a_bundle.write_text("hello")
    with pytest.raises(BundleError, match="not a bundle"):
        verify_bundle(not_a_bundle, pem)


def _token(client):
    from ..conftest import csrf_token

    return csrf_token(client, "/admin/reports")
