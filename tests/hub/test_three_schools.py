"""Done when: a hub runs on 127.0.0.1 and three kits report to it. Two send on their own when the hub
comes up; one is offline, builds three months, then sends its backlog in order; a tampered and a
replayed bundle change nothing; the dashboard's totals equal the sum of the accepted bundles."""
import io
import json
import zipfile
from datetime import datetime

import sqlalchemy as sa

from kit_server.hub import dashboard
from kit_server.hub.db import session
from kit_server.hub.models import HubRefusal, HubReport, HubSchool
from kit_server.reports.bundle import zip_bundle
from kit_server.reports.hubclient import HubRefused, post

from .conftest import build, enrol, outbox_states, seed_school, start_sender, wait_for

SEP, OCT, NOV = datetime(2026, 9, 15, 9), datetime(2026, 10, 15, 9), datetime(2026, 11, 10, 9)


def _reach(folder) -> int:
    return json.loads((folder / "report.json").read_bytes())["tables"]["reach"]["cells"][-1][-1]


def _hub_reports(hub_app):
    with hub_app.app_context():
        rows = session().execute(sa.select(HubSchool.school_id, HubReport.month, HubReport.revision,
                                           HubReport.chain_broken, HubReport.report_id)
                                 .join(HubSchool, HubSchool.id == HubReport.school_pk).order_by(HubReport.id)).all()
        return [tuple(r) for r in rows]


def test_three_kits_report_to_one_hub(hub_app, hub_server, make_code, kits):
    hub_app.config["HUB_THRESHOLD"] = 0  # every sum shown exactly, so it can be compared
    code = make_code(uses=3)
    a, b, c = kits("a"), kits("b"), kits("c")
    for kit, district in ((a, "tyre"), (b, "sidon"), (c, "tyre")):
        enrol(kit, hub_server.url, code, district=district)
    hub_server.stop()  # the hub goes away: the kits keep working and their reports wait

    seed_school(a, 12, NOV)
    seed_school(b, 7, NOV)
    nov_a, nov_b = build(a, "2026-11"), build(b, "2026-11")
    for kit in (a, b):
        start_sender(kit)
    wait_for(lambda: all(_attempted(k) for k in (a, b)), what="a first failed try")
    assert [s for _r, s in outbox_states(a)] in (["waiting"], ["sent"])

    seed_school(c, 5, SEP)
    seed_school(c, 6, OCT)
    seed_school(c, 4, NOV)
    backlog = [build(c, month) for month in ("2026-09", "2026-10", "2026-11")]  # offline: no sender yet

    hub_server.start()  # same address; a and b send on their own, with no one pressing anything
    wait_for(lambda: all(s == "acknowledged" for k in (a, b) for _r, s in outbox_states(k)), what="a and b")
    start_sender(c)  # c comes back online
    wait_for(lambda: [s for _r, s in outbox_states(c)] == ["acknowledged"] * 3, what="c's backlog")

    with c.app_context():
        c_id = json.loads((backlog[0] / "report.json").read_bytes())["school_id"]
    c_rows = [r for r in _hub_reports(hub_app) if r[0] == c_id]
    assert [r[1] for r in c_rows] == ["2026-09", "2026-10", "2026-11"]  # in the order they were built
    assert not any(r[3] for r in c_rows)  # an unbroken chain

    stored = len(_hub_reports(hub_app))
    refusals = _refusal_count(hub_app)
    tampered = _tamper(zip_bundle(nov_a))
    try:
        post(hub_server.url, "/api/v1/bundles", tampered, "application/zip")
        raise AssertionError("a tampered bundle was accepted")
    except HubRefused as error:
        assert "report.json was changed" in str(error)
    replayed, _cert = post(hub_server.url, "/api/v1/bundles", zip_bundle(nov_a), "application/zip")
    assert replayed["status"] == "duplicate"
    assert len(_hub_reports(hub_app)) == stored
    assert _refusal_count(hub_app) == refusals + 1

    accepted_nov = _reach(nov_a) + _reach(nov_b) + _reach(backlog[2])
    assert accepted_nov == 12 + 7 + 4
    with hub_app.test_request_context():
        board = dashboard.build(dashboard.Filters(month="2026-11"), 0)
        assert board.reach["cells"][-1][-1] == accepted_nov
        assert {m["month"]: m["reach"] for m in board.by_month} == {"2026-09": 5, "2026-10": 6, "2026-11": accepted_nov}
        tyre = dashboard.build(dashboard.Filters(governorate="south", district="tyre", month="2026-11"), 0)
        assert tyre.reach["cells"][-1][-1] == _reach(nov_a) + _reach(backlog[2])
        assert board.silent == []


def _attempted(kit) -> bool:
    from kit_server.extensions import db
    from kit_server.reports.outbox import OutboxItem

    with kit.app_context():
        return bool(db.session.scalar(sa.select(sa.func.max(OutboxItem.attempts))))


def _refusal_count(hub_app) -> int:
    with hub_app.app_context():
        return session().scalar(sa.select(sa.func.count(HubRefusal.id)))


def _tamper(data: bytes) -> bytes:
    """The same zip with one count in report.json changed (signature and hashes untouched)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("report.json"):
                report = json.loads(content)
                report["tables"]["reach"]["cells"][-1][-1] += 1000
                content = json.dumps(report).encode()
            archive.writestr(info.filename, content)
    return out.getvalue()
