"""`kit report merge` against crafted bundles (security review H3 and M5): no bundle field becomes a
path, nothing is written outside --out nor deleted, a key speaks only for its own school, the merged
page shows markup as text, and a malformed bundle gets one line, not a traceback."""
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit_server.reports import signing
from kit_server.reports.builder import canonical_json
from kit_server.reports.bundle import sha256, zip_bundle
from kit_server.reports.bundlecheck import expected_report_id
from kit_server.reports.cli import report as report_cli
from kit_server.reports.merge import MergeError, load_keys, merge
from kit_server.reports.summary import render_merged

from .conftest import build
from .test_merge_export import school_uid

NOV = datetime(2026, 11, 10, 9, 0)


@pytest.fixture
def bundle(app, seed, catalog_modules):
    seed.threshold(0)
    _teacher, cls = seed.teacher_class()
    for sex in ("female", "male"):
        seed.events(seed.student(cls, sex=sex), catalog_modules[0][1][0], NOV)
    folder, _report = build(app)
    return folder


@pytest.fixture
def keys(app, tmp_path):
    folder = tmp_path / "keys"
    folder.mkdir()
    (folder / f"{school_uid(app)}.pub").write_bytes(signing.school_public_pem(Path(app.config["KIT_HOME"])))
    return load_keys(folder)


def forge(source: Path, target: Path, signer_home: Path, *, report=None, manifest=None) -> Path:
    """A copy of a bundle with fields changed, hashes fixed and signed again with `signer_home`'s key:
    what an attacker holding some school's key can make."""
    files = {p.name: p.read_bytes() for p in source.iterdir()}
    data = json.loads(files["report.json"])
    data.update(report or {})
    files["report.json"] = canonical_json(data)
    head = json.loads(files["manifest.json"])
    head.update({k: data[k] for k in ("report_id", "school_id", "revision") if k in data})
    head["files"]["report.json"] = sha256(files["report.json"])
    head["key_id"] = signing.school_fingerprint(signer_home)
    head.update(manifest or {})
    files["manifest.json"] = canonical_json(head)
    files["manifest.sig"] = signing.sign(signer_home, files["manifest.json"])
    target.mkdir(parents=True)
    for name, content in files.items():
        (target / name).write_bytes(content)
    return target


def _listing(root: Path) -> set:
    return {p.relative_to(root) for p in root.rglob("*")}


@pytest.mark.parametrize("evil", ["../../escaped-by-report-id", "/tmp/kit-merge-absolute", "..", "a/b"])
def test_a_report_id_used_as_a_path_is_refused_and_nothing_is_written(app, bundle, keys, tmp_path, evil):
    home = Path(app.config["KIT_HOME"])
    crafted = forge(bundle, tmp_path / "usb" / "crafted", home, report={"report_id": evil})
    before = _listing(tmp_path)
    out = tmp_path / "work" / "out"
    for given in (keys, None):
        with pytest.raises(MergeError, match="report_id is not a UUID"):
            merge([crafted], out, given, unsigned=True)
    assert _listing(tmp_path) == before
    assert not Path("/tmp/kit-merge-absolute").exists()


def test_a_crafted_lower_revision_cannot_delete_a_folder(app, bundle, keys, tmp_path, seed, catalog_modules):
    victim = tmp_path / "victim-folder"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    out = tmp_path / "a" / "out"
    merge([bundle], out, keys)
    crafted = forge(bundle, tmp_path / "crafted", Path(app.config["KIT_HOME"]), report={"report_id": "../../../victim-folder"})
    _t, cls = seed.teacher_class()
    seed.events(seed.student(cls, sex="male"), catalog_modules[0][1][0], NOV)
    newer, _r = build(app)
    with pytest.raises(MergeError):
        merge([crafted, newer], out, keys)
    merge([newer], out, keys)  # the real revision 2 still replaces revision 1 inside out/bundles only
    assert (victim / "precious.txt").read_text() == "keep me"
    assert sorted(p.name for p in (out / "bundles").iterdir()) == [json.loads((newer / "report.json").read_bytes())["report_id"]]


def test_one_schools_key_cannot_replace_another_schools_report(app, bundle, keys, tmp_path):
    """School B holds a registered key; it signs a 'revision 2' of school A's month with a forged reach."""
    other_home = tmp_path / "school-b"
    signing.ensure_school_keys(other_home)
    key_dir = tmp_path / "keys"
    b_id = "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b"
    (key_dir / f"{b_id}.pub").write_bytes(signing.school_public_pem(other_home))
    registered = load_keys(key_dir)
    out = tmp_path / "out"
    merge([bundle], out, registered)
    original = json.loads((bundle / "report.json").read_bytes())
    period = original["period"]
    tables = original["tables"]
    tables["reach"]["cells"][-1][-1] = 424242
    forged = forge(bundle, tmp_path / "forged", other_home, report={
        "revision": 2, "tables": tables,
        "report_id": expected_report_id(original["school_id"], period["start"], period["end"], 2)})
    with pytest.raises(MergeError, match="signed with another key"):
        merge([forged], out, registered)
    combined = json.loads((out / "combined" / "combined.json").read_bytes())
    assert [s["reach"] for s in combined["schools"]] == [2]


def test_markup_in_a_field_is_refused_and_the_page_escapes_everything(app, bundle, keys, tmp_path):
    home = Path(app.config["KIT_HOME"])
    crafted = forge(bundle, tmp_path / "crafted", home, report={"revision": "<script>alert('merge')</script>"})
    with pytest.raises(MergeError, match="revision is not a whole number"):
        merge([crafted], tmp_path / "out", keys)
    sneaky = forge(bundle, tmp_path / "sneaky", home, report={"tables": {"reach": {"rows": ["<b>"], "cols": ["t"],
                                                                                    "cells": [[1]]}}})
    with pytest.raises(MergeError, match="malformed"):
        merge([sneaky], tmp_path / "out", keys)
    # And the page escapes even if a bad value ever got past the checks.
    html = render_merged({"schools": [{"school_id": "<i>s</i>", "period": "<p>", "revision": "<script>x</script>",
                                       "reach": "<img src=x>"}], "reach_by_sex": {}, "modules": {"<m>": {
                                           "started": "<a>", "completed": 1, "rate": None}}})
    assert "<script>x" not in html and "<img" not in html and "<i>s" not in html and "&lt;script&gt;" in html


def test_a_malformed_bundle_gets_one_line_not_a_traceback(app, bundle, keys, tmp_path):
    home = Path(app.config["KIT_HOME"])
    data = json.loads((bundle / "report.json").read_bytes())
    del data["tables"]
    crafted = tmp_path / "no-tables"
    forge(bundle, crafted, home)
    (crafted / "report.json").write_bytes(canonical_json(data))
    forge(crafted, tmp_path / "resigned", home)
    key_dir = tmp_path / "keys"
    result = CliRunner().invoke(report_cli, ["merge", str(tmp_path / "resigned"), "--out", str(tmp_path / "o"),
                                             "--keys", str(key_dir)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "resigned: malformed bundle: tables missing" in lines[0]


def test_without_keys_the_merge_is_refused_unless_unsigned_is_asked(bundle, tmp_path):
    runner = CliRunner()
    refused = runner.invoke(report_cli, ["merge", str(bundle), "--out", str(tmp_path / "o")])
    assert refused.exit_code == 1 and "--unsigned" in refused.output and not (tmp_path / "o").exists()
    done = runner.invoke(report_cli, ["merge", str(bundle), "--out", str(tmp_path / "o"), "--unsigned"])
    assert done.exit_code == 0 and "signatures were not checked" in done.output


def test_a_key_file_must_be_named_after_its_school(app, bundle, tmp_path):
    key_dir = tmp_path / "keys"
    key_dir.mkdir()
    (key_dir / "school.pub").write_bytes(signing.school_public_pem(Path(app.config["KIT_HOME"])))
    with pytest.raises(MergeError, match="name each key file after its school id"):
        load_keys(key_dir)


def test_links_huge_files_and_zip_bombs_are_refused(app, bundle, keys, tmp_path):
    linked = tmp_path / "linked"
    linked.mkdir()
    for p in bundle.iterdir():
        (linked / p.name).write_bytes(p.read_bytes())
    (linked / "report.csv").unlink()
    (linked / "report.csv").symlink_to(bundle / "report.csv")
    with pytest.raises(MergeError, match="links and folders are refused"):
        merge([linked], tmp_path / "out", keys)
    huge = tmp_path / "huge"
    forge(bundle, huge, Path(app.config["KIT_HOME"]))
    (huge / "summary.html").write_bytes(b"<p>" * 3_000_000)
    with pytest.raises(MergeError, match="too large"):
        merge([huge], tmp_path / "out", keys)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in bundle.iterdir():
            archive.writestr(f"x/{p.name}", p.read_bytes() if p.name != "summary.html" else b"\0" * 50_000_000)
    (tmp_path / "bomb.zip").write_bytes(bomb.getvalue())
    with pytest.raises(MergeError, match="too large"):
        merge([tmp_path / "bomb.zip"], tmp_path / "out", keys)
    (tmp_path / "good.zip").write_bytes(zip_bundle(bundle))  # a zip as the kit's API gives it is fine
    assert merge([tmp_path / "good.zip"], tmp_path / "out", keys)["added"] == 1
