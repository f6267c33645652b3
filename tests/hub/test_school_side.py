"""The school's side: the admin enrols from /admin/reports/hub, sees waiting / sent / acknowledged on
/admin/reports, the kit backs off while the hub is away, builds last month by itself, pins the hub's
certificate over HTTPS, and refuses an acknowledgement the pinned hub did not sign."""
import datetime as dt
import re
import ssl
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from werkzeug.serving import make_server

from kit_server.extensions import db
from kit_server.reports import outbox
from kit_server.reports.hubclient import HubUnreachable, post

from ..conftest import make_staff, sign_in_staff
from .conftest import build, enrol, outbox_states, seed_school, start_sender, wait_for

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
NOV = datetime(2026, 11, 10, 9)


def _admin(kit):
    from .. import conftest

    conftest._current["app"] = kit  # the shared factories work on the app they are given
    make_staff("admin", "admin")
    client = kit.test_client()
    assert sign_in_staff(client, "admin").status_code == 302
    return client


def test_the_admin_enrols_and_sees_the_outbox(kits, hub_server, make_code):
    kit = kits("page")
    seed_school(kit, 3, NOV)
    build(kit, "2026-11")  # built before enrolment: it waits, and goes once enrolled
    admin = _admin(kit)
    page = admin.get("/admin/reports").get_data(as_text=True)
    assert 'id="outbox"' in page and 'data-state="waiting">1<' in page
    form = admin.get("/admin/reports/hub").get_data(as_text=True)
    token = CSRF_RE.search(form).group(1)
    bad = admin.post("/admin/reports/hub", data={"csrf_token": token, "url": "ftp://x", "code": "ABCD-EFGH",
                                                 "governorate": "south", "district": "tyre", "school_type": "primary"})
    assert bad.status_code == 400 and "https://" in bad.get_data(as_text=True)
    wrong = admin.post("/admin/reports/hub", data={"csrf_token": token, "url": hub_server.url, "code": "ABCD-EFGH",
                                                   "governorate": "south", "district": "tyre",
                                                   "school_type": "primary"})
    assert wrong.status_code == 400 and "unknown or used enrolment code" in wrong.get_data(as_text=True)
    done = admin.post("/admin/reports/hub", data={"csrf_token": token, "url": hub_server.url + "/",
                                                  "code": make_code(), "governorate": "south",
                                                  "district": "Tyre", "school_type": "primary"})
    assert done.status_code == 303
    start_sender(kit)
    wait_for(lambda: [s for _r, s in outbox_states(kit)] == ["acknowledged"], what="the report")
    page = admin.get("/admin/reports").get_data(as_text=True)
    assert 'data-state="acknowledged">1<' in page and hub_server.url in page
    assert admin.post("/admin/reports/hub/send", data={"csrf_token": token}).status_code == 303


def test_backoff_grows_while_the_hub_is_away(kits, hub_server, make_code):
    kit = kits("away", HUB_BACKOFF_BASE=10, HUB_BACKOFF_MAX=25)
    enrol(kit, hub_server.url, make_code())
    hub_server.stop()
    build(kit, "2026-11")
    delays = []
    with kit.app_context():
        for _ in range(4):
            db.session.execute(sa.update(outbox.OutboxItem).values(next_attempt_at=None))
            db.session.commit()
            before = datetime.utcnow()
            assert outbox.send_waiting(kit) == 0
            item = db.session.scalar(sa.select(outbox.OutboxItem))
            delays.append(round((item.next_attempt_at - before).total_seconds()))
            assert item.state == "sent" and "no answer" in item.last_error
        assert delays == [10, 20, 25, 25]  # doubling, capped
        # Not due yet: nothing is tried, and the kit's pages still work.
        attempts = item.attempts
        outbox.send_waiting(kit)
        assert db.session.scalar(sa.select(outbox.OutboxItem.attempts)) == attempts


def test_last_month_is_built_once_by_itself(kits, hub_server, make_code):
    kit = kits("monthly", HUB_MONTHLY_BUILD=True)
    with kit.app_context():
        assert outbox.build_monthly_if_due(kit, date(2026, 12, 3)) is False  # not enrolled: nothing happens
    enrol(kit, hub_server.url, make_code())
    with kit.app_context():
        assert outbox.build_monthly_if_due(kit, date(2026, 12, 3)) is True
        assert outbox.build_monthly_if_due(kit, date(2026, 12, 20)) is False
        from kit_server.reports.models import ReportLog

        assert [(r.kind, r.period_start) for r in db.session.scalars(sa.select(ReportLog))] == [
            ("month", date(2026, 11, 1))]
    assert [s for _r, s in outbox_states(kit)] == ["waiting"]


def test_a_receipt_not_signed_by_the_pinned_hub_is_not_an_acknowledgement(kits, hub_server, make_code, hub_app):
    kit = kits("pinned")
    enrol(kit, hub_server.url, make_code())
    build(kit, "2026-11")
    from kit_server.reports import signing

    impostor = Path(kit.config["KIT_HOME"]) / "impostor"
    signing.ensure_school_keys(impostor)
    with kit.app_context():
        link = db.session.scalar(sa.select(outbox.HubLink))
        link.hub_key_pem = signing.school_public_pem(impostor).decode()  # as if another hub had been pinned
        db.session.commit()
        outbox.send_waiting(kit)
        item = db.session.scalar(sa.select(outbox.OutboxItem))
        assert item.state == "sent" and "not signed by the hub pinned" in item.last_error


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_https_pins_the_hubs_certificate_at_enrolment(kits, hub_app, make_code, tmp_path):
    import threading

    def serve(name):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*_self_signed(tmp_path, name))
        server = make_server("127.0.0.1", 0, hub_app, threaded=True, ssl_context=context)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    real = serve("real-hub")
    kit = kits("tls")
    url = f"https://127.0.0.1:{real.server_port}"
    enrol(kit, url, make_code())
    build(kit, "2026-11")
    with kit.app_context():
        pin = db.session.scalar(sa.select(outbox.HubLink.tls_pin))
        assert pin and len(pin) == 64
        assert outbox.send_waiting(kit) == 1
    impostor = serve("impostor")  # another certificate on the address the kit knows
    with pytest.raises(HubUnreachable, match="not the one pinned"):
        post(f"https://127.0.0.1:{impostor.server_port}", "/api/v1/bundles", b"", "application/zip",
             pin=pin)
    for server in (real, impostor):
        server.shutdown()
        server.server_close()
