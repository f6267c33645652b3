"""The hub's intake: only enrolled schools, only with their own key; revisions, duplicates and
chains; hostile bundles refused with a reason, logged, nothing stored, the hub still up."""
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit_server.hub.db import session
from kit_server.hub.ingest import Refused, ingest_zip
from kit_server.hub.models import HubCell, HubRefusal, HubReport
from kit_server.reports import signing
from kit_server.reports.bundle import zip_bundle
from kit_server.reports.hubclient import HubRefused, post

from ..reports.test_merge_hardening import forge
from .conftest import build, enrol, seed_school

NOV = datetime(2026, 11, 10, 9)


@pytest.fixture
def school(kits, hub_server, make_code):
    kit = kits("one")
    seed_school(kit, 12, NOV)
    enrol(kit, hub_server.url, make_code())
    return kit


def _counts(hub_app):
    with hub_app.app_context():
        db = session()
        return (db.scalar(sa.select(sa.func.count(HubReport.id))), db.scalar(sa.select(sa.func.count(HubCell.id))))


def _refusals(hub_app):
    with hub_app.app_context():
        return [r.reason for r in session().scalars(sa.select(HubRefusal).order_by(HubRefusal.id))]


def _send(server, data):
    try:
        return post(server.url, "/api/v1/bundles", data, "application/zip")[0]
    except HubRefused as error:
        return {"refused": str(error)}


def _zip_folder(folder: Path) -> bytes:
    return zip_bundle(folder)


def test_hostile_bundles_are_refused_with_a_reason_and_nothing_is_stored(hub_app, hub_server, school, tmp_path):
    folder = build(school, "2026-11")
    home = Path(school.config["KIT_HOME"])
    stranger = tmp_path / "stranger"
    signing.ensure_school_keys(stranger)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in folder.iterdir():
            archive.writestr(f"x/{p.name}", b" " * 60_000_000 if p.name == "summary.html" else p.read_bytes())
    slip = io.BytesIO()
    with zipfile.ZipFile(slip, "w") as archive:
        archive.writestr("../../etc/manifest.json", b"{}")
    cases = {
        "bad signature": (_zip_folder(forge(folder, tmp_path / "f1", stranger)), "signed with another key"),
        "path in report_id": (_zip_folder(forge(folder, tmp_path / "f2", home, report={"report_id": "../../x"})),
                              "report_id is not a UUID"),
        "markup": (_zip_folder(forge(folder, tmp_path / "f3", home, report={"revision": "<script>1</script>"})),
                   "revision is not a whole number"),
        "zip bomb": (bomb.getvalue(), "too large"),
        "zip slip": (slip.getvalue(), "unexpected entry"),
        "not a zip": (b"<html>hello</html>", "not a zip file"),
        "huge": (b"PK" + b"\0" * 9_000_000, "too large"),
    }
    for name, (data, reason) in cases.items():
        answer = _send(hub_server, data)
        assert reason in answer.get("refused", ""), (name, answer)
    assert _counts(hub_app) == (0, 0)
    assert len(_refusals(hub_app)) == len(cases)
    assert _send(hub_server, _zip_folder(folder))["status"] == "stored"  # and the hub is still up


def test_only_an_enrolled_school_and_only_with_its_own_key(hub_app, hub_server, school, kits, make_code, tmp_path):
    other = kits("other")
    seed_school(other, 3, NOV)
    unenrolled = build(other, "2026-11")
    assert "is not registered" in _send(hub_server, zip_bundle(unenrolled))["refused"]
    enrol(other, hub_server.url, make_code())
    own = build(school, "2026-11")
    report = json.loads((own / "report.json").read_bytes())
    # The other (enrolled) school signs a revision 2 of our school's month: refused.
    from kit_server.reports.bundlecheck import expected_report_id

    tables = report["tables"]
    tables["reach"]["cells"][-1][-1] = 424242
    forged = forge(own, tmp_path / "forged", Path(other.config["KIT_HOME"]), report={
        "revision": 2, "tables": tables,
        "report_id": expected_report_id(report["school_id"], "2026-11-01", "2026-11-30", 2)})
    assert "signed with another key" in _send(hub_server, zip_bundle(forged))["refused"]
    assert _counts(hub_app)[0] == 0


def test_revisions_duplicates_and_broken_chains(hub_app, school):
    first_oct = build(school, "2026-10")
    first_nov = build(school, "2026-11")
    seed_school(school, 3, NOV)
    second_nov = build(school, "2026-11")
    with hub_app.test_request_context():
        nov1 = ingest_zip(zip_bundle(first_nov), "import")
        assert nov1.status == "stored" and nov1.chain_broken  # October has not arrived yet
        oct1 = ingest_zip(zip_bundle(first_oct), "import")
        assert oct1.status == "stored" and not oct1.chain_broken
        assert session().scalar(sa.select(HubReport.chain_broken).where(HubReport.report_id == nov1.report_id)) is False
        assert ingest_zip(zip_bundle(second_nov), "import").status == "stored"
        assert ingest_zip(zip_bundle(first_nov), "import").status == "duplicate"
        current = session().execute(sa.select(HubReport.month, HubReport.revision, HubReport.reach_total)
                                    .where(HubReport.current.is_(True)).order_by(HubReport.month)).all()
        assert [tuple(r) for r in current] == [("2026-10", 1, 0), ("2026-11", 2, 15)]
        # The older revision's cells left the dashboards with it.
        assert session().scalar(sa.select(sa.func.count(HubCell.id))) == 2 * 15


def test_the_same_report_id_with_other_contents_is_refused(hub_app, school, tmp_path):
    folder = build(school, "2026-11")
    home = Path(school.config["KIT_HOME"])
    with hub_app.test_request_context():
        ingest_zip(zip_bundle(folder), "import")
        changed = forge(folder, tmp_path / "changed", home, report={"threshold": 5})
        with pytest.raises(Refused, match="received before with other contents"):
            ingest_zip(zip_bundle(changed), "import")
