"""The programme's side: USB export, merging many schools, and the CLI a new user would type."""
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from kit_server.reports import signing
from kit_server.reports.export import ExportError, export_bundles
from kit_server.reports.merge import MergeError, load_keys, merge
from kit_server.reports.verify import verify_bundle

from .conftest import build

NOV = datetime(2026, 11, 10, 9, 0)


@pytest.fixture
def one_bundle(app, seed, catalog_modules):
    seed.threshold(0)
    _teacher, cls = seed.teacher_class()
    for sex in ("female", "female", "male"):
        seed.events(seed.student(cls, sex=sex), catalog_modules[0][1][0], NOV)
    folder, report = build(app)
    return folder, report


def school_uid(app) -> str:
    from kit_server.school.service import get_school

    with app.app_context():
        return get_school().uid


def _keys(app, tmp_path):
    """The programme's key folder: the school's key, in a file named after its school id."""
    keys = tmp_path / "keys"
    keys.mkdir(exist_ok=True)
    (keys / f"{school_uid(app)}.pub").write_bytes(signing.school_public_pem(Path(app.config["KIT_HOME"])))
    return load_keys(keys)


def test_usb_export_copies_every_file_and_leaves_no_partial_file(app, one_bundle, tmp_path):
    folder, _report = one_bundle
    stick = tmp_path / "usb"
    stick.mkdir()
    [copy] = export_bundles([folder], stick)
    assert copy == stick / "kit-reports" / folder.name
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == {p.name: p.read_bytes() for p in folder.iterdir()}
    assert not list(stick.rglob("*.partial"))
    verify_bundle(copy, signing.school_public_pem(Path(app.config["KIT_HOME"])))
    with pytest.raises(ExportError, match="not a folder"):
        export_bundles([folder], tmp_path / "not-mounted")


def test_the_same_bundle_three_times_counts_once(app, one_bundle, tmp_path):
    folder, report = one_bundle
    keys = _keys(app, tmp_path)
    out = tmp_path / "merged"
    first = merge([folder, folder], out, keys)
    again = merge([folder], out, keys)
    assert (first["added"], first["reports"]) == (1, 1)
    assert (again["added"], again["reports"]) == (0, 1)
    combined = json.loads((out / "combined" / "combined.json").read_bytes())
    assert combined["reach_by_sex"]["female"] == {"shown": 2, "hidden": 0}
    assert [s["reach"] for s in combined["schools"]] == [3]
    csv_rows = (out / "combined" / "combined.csv").read_text("utf-8").splitlines()
    assert len(csv_rows) == len((folder / "report.csv").read_text("utf-8").splitlines())
    html = (out / "combined" / "summary.html").read_text("utf-8")
    assert html.count("<svg") >= 3 and 'dir="rtl"' in html


def test_the_same_report_id_with_other_contents_is_refused(app, one_bundle, tmp_path):
    folder, _report = one_bundle
    keys = _keys(app, tmp_path)
    out = tmp_path / "merged"
    merge([folder], out, keys)
    forged = tmp_path / "forged"
    shutil.copytree(folder, forged)
    (forged / "summary.html").write_text("<p>changed</p>")
    with pytest.raises(MergeError, match="summary.html was changed"):
        merge([forged], out, keys)
    # Re-signed by the school with new contents under the same id: refused loudly as a conflict.
    manifest = json.loads((forged / "manifest.json").read_bytes())
    from kit_server.reports.bundle import sha256
    from kit_server.reports.builder import canonical_json
    manifest["files"]["summary.html"] = sha256((forged / "summary.html").read_bytes())
    (forged / "manifest.json").write_bytes(canonical_json(manifest))
    (forged / "manifest.sig").write_bytes(signing.sign(Path(app.config["KIT_HOME"]), canonical_json(manifest)))
    with pytest.raises(MergeError, match="twice with different contents"):
        merge([forged], out, keys)


def test_a_higher_revision_replaces_the_lower_one(app, one_bundle, tmp_path, seed, catalog_modules):
    first, _r1 = one_bundle
    _t, cls = seed.teacher_class()
    seed.events(seed.student(cls, sex="male"), catalog_modules[0][1][0], NOV)
    second, r2 = build(app)
    keys = _keys(app, tmp_path)
    out = tmp_path / "merged"
    merge([second], out, keys)
    merge([first], out, keys)  # an older revision arriving late changes nothing
    combined = json.loads((out / "combined" / "combined.json").read_bytes())
    assert [r["report_id"] for r in combined["reports"]] == [r2["report_id"]]
    assert combined["schools"][0]["reach"] == 4


def test_an_unknown_key_is_refused(app, one_bundle, tmp_path):
    folder, _r = one_bundle
    with pytest.raises(MergeError, match="is not registered"):
        merge([folder], tmp_path / "out", {})


def test_cli_build_key_verify_export_merge(app, one_bundle, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kit_server.reports.cli import report

    monkeypatch.setenv("KIT_HOME", app.config["KIT_HOME"])
    monkeypatch.setenv("KIT_SKIP_BROKEN_LESSONS", "1")
    from kit_server.db import upgrade
    from kit_server.extensions import db

    with app.app_context():
        upgrade(db.engine)  # migrations other parts added since the template database was made
    runner = CliRunner()
    built = runner.invoke(report, ["build", "--from", "2026-11-01", "--to", "2026-11-30"])
    assert built.exit_code == 0, built.output
    assert "Building the report" in built.stderr  # the progress bar, kept off stdout
    bundle = Path(built.output.strip().splitlines()[-1])
    assert (bundle / "manifest.sig").is_file()
    key = runner.invoke(report, ["key"])
    assert key.output.startswith("-----BEGIN PUBLIC KEY-----")
    (tmp_path / "school.pub").write_text(key.output)
    ok = runner.invoke(report, ["verify", str(bundle), "--key", str(tmp_path / "school.pub")])
    assert ok.exit_code == 0 and "valid" in ok.output
    stick = tmp_path / "usb"
    stick.mkdir()
    exported = runner.invoke(report, ["export", str(stick)])
    assert exported.exit_code == 0 and "safe to remove" in exported.output
    assert "Copying and checking" in exported.stderr
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / f"{school_uid(app)}.pub").write_text(key.output)
    merged = runner.invoke(report, ["merge", str(stick), "--out", str(tmp_path / "m"), "--keys", str(tmp_path / "keys")])
    assert merged.exit_code == 0, merged.output
    assert "new bundles: 2; reports in the merge: 1" in merged.output  # revision 2 replaced 1
    (bundle / "report.csv").write_text("tampered")
    bad = runner.invoke(report, ["verify", str(bundle), "--key", str(tmp_path / "school.pub")])
    assert bad.exit_code == 1 and "NOT VALID" in bad.output
    wrong = runner.invoke(report, ["build", "--period", "2026-13"])
    assert wrong.exit_code == 2
