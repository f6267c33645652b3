"""`kit hub init / user / code / import`, as the programme's IT person types them: USB bundles
reach the same hub as the network ones, hostile ones are refused with one line each."""
import re
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from kit_server.cli import cli
from kit_server.hub.db import session
from kit_server.hub.models import HubRefusal, HubReport, HubUser
from kit_server.reports.bundle import zip_bundle
from kit_server.reports.export import export_bundles

from .conftest import build, enrol, seed_school

NOV = datetime(2026, 11, 10, 9)


def test_init_user_code_and_import_from_a_usb_stick(hub_app, hub_server, kits, monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_HUB_HOME", hub_app.config["HUB_HOME"])
    monkeypatch.setenv("KIT_HUB_DATABASE_URL", hub_app.config["HUB_DATABASE_URL"])
    runner = CliRunner()
    init = runner.invoke(cli, ["hub", "init", "--manager", "boss", "--password", "manager-pass-1"])
    assert init.exit_code == 0, init.output
    assert runner.invoke(cli, ["hub", "init"]).exit_code == 0  # again: safe
    added = runner.invoke(cli, ["hub", "user", "--role", "viewer", "--username", "eyes", "--name", "Eyes",
                                "--password", "viewer-pass-1"])
    assert added.exit_code == 0, added.output
    made = runner.invoke(cli, ["hub", "code", "--label", "Tyre", "--uses", "2"])
    code = re.match(r"([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", made.output).group(1)

    kit = kits("usb")
    seed_school(kit, 6, NOV)
    enrol(kit, hub_server.url, code)
    folders = [build(kit, "2026-10"), build(kit, "2026-11")]
    stick = tmp_path / "usb"
    stick.mkdir()
    export_bundles(folders, stick)
    (stick / "junk.zip").write_bytes(b"not a zip")
    (tmp_path / "one.zip").write_bytes(zip_bundle(folders[1]))
    imported = runner.invoke(cli, ["hub", "import", str(stick), str(stick / "junk.zip")])
    assert imported.exit_code == 1
    assert "2 accepted, 1 refused." in imported.output and "junk.zip: refused: junk.zip: not a zip file" in imported.output
    again = runner.invoke(cli, ["hub", "import", str(tmp_path / "one.zip")])
    assert again.exit_code == 0 and "one.zip: duplicate" in again.output
    with hub_app.app_context():
        db = session()
        assert db.scalar(sa.select(sa.func.count(HubReport.id))) == 2
        assert {u.username: u.role for u in db.scalars(sa.select(HubUser))} == {"boss": "manager", "eyes": "viewer"}
        assert db.scalar(sa.select(sa.func.count(HubRefusal.id))) == 1
    bad = runner.invoke(cli, ["hub", "user", "--username", "x", "--name", "X", "--password", "short"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
