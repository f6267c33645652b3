"""Bundles: what is in them, what never is, and that any change is caught."""
import csv
import io
import json
import re
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from kit_server.reports import signing
from kit_server.reports.builder import report_id
from kit_server.reports.bundle import CSV_COLUMNS, zip_bundle
from kit_server.reports.period import parse_period
from kit_server.reports.verify import BundleError, verify_bundle

from .conftest import build

NOV = datetime(2026, 11, 10, 9, 0)
PLANTED_NAMES = ("زينبالمخفية", "Mireille-Unique", "username_planted_xyz")
PLANTED_TEXT = "جوابي السري عن الذكاء"


@pytest.fixture
def busy_school(app, seed, catalog_modules):
    """Twelve girls and eleven boys with activity, tests and a reflection each; planted names."""
    module, lessons = catalog_modules[0]
    teacher, cls = seed.teacher_class(name=PLANTED_NAMES[1], username=PLANTED_NAMES[2])
    ids = []
    for k in range(23):
        sid = seed.student(cls, sex="female" if k < 12 else "male", name=PLANTED_NAMES[k % 2], birth_year=2013)
        seed.events(sid, lessons[0], NOV.replace(minute=k), minutes=(0, 3, 7),
                    payload={"text": PLANTED_TEXT, "ip": "10.9.8.7"})
        seed.completed(sid, lessons[0], NOV, reflection=PLANTED_TEXT)
        seed.test(sid, module, "pre", 30 + k, NOV)
        seed.test(sid, module, "post", 50 + k, NOV.replace(day=20))
        ids.append(sid)
    seed.session(cls, teacher, NOV, 45, students=ids[:5])
    return {"ids": ids, "module": module, "class": cls}


def _home(app):
    return Path(app.config["KIT_HOME"])


def test_a_bundle_has_its_five_files_and_verifies(app, busy_school):
    folder, report = build(app)
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json", "manifest.sig", "report.csv", "report.json", "summary.html"]
    pem = signing.school_public_pem(_home(app))
    manifest = verify_bundle(folder, pem)
    assert manifest["report_id"] == report["report_id"]
    assert manifest["key_id"] == signing.school_fingerprint(_home(app))
    assert folder == _home(app) / "reports" / report["report_id"]


def test_changing_any_single_byte_fails_verification(app, busy_school):
    folder, _report = build(app)
    pem = signing.school_public_pem(_home(app))
    for name in ("report.json", "report.csv", "summary.html", "manifest.json", "manifest.sig"):
        path = folder / name
        original = path.read_bytes()
        for position in (0, len(original) // 2, len(original) - 2):
            changed = bytearray(original)
            changed[position] ^= 0x01
            path.write_bytes(bytes(changed))
            with pytest.raises(BundleError):
                verify_bundle(folder, pem)
        path.write_bytes(original)
    verify_bundle(folder, pem)
    (folder / "extra.txt").write_text("hello")
    with pytest.raises(BundleError, match="unexpected"):
        verify_bundle(folder, pem)


def test_another_schools_key_does_not_verify(app, busy_school, tmp_path):
    folder, _report = build(app)
    signing.ensure_school_keys(tmp_path)
    with pytest.raises(BundleError, match="another key"):
        verify_bundle(folder, signing.school_public_pem(tmp_path))


def test_nothing_identifying_is_in_any_byte_of_any_export(app, client, busy_school):
    folder, report = build(app)
    blobs = {p.name: p.read_bytes() for p in folder.iterdir()}
    blobs["zip"] = zip_bundle(folder)
    with zipfile.ZipFile(io.BytesIO(blobs["zip"])) as archive:
        blobs.update({f"zip:{n}": archive.read(n) for n in archive.namelist()})
    forbidden = [*PLANTED_NAMES, PLANTED_TEXT, "10.9.8.7", "PIN", "secret"]
    for name, data in blobs.items():
        for needle in forbidden:
            assert needle.encode("utf-8") not in data, f"{needle!r} found in {name}"
    # Numbers are searched outside the charts, whose path coordinates are full of digits.
    for name in ("report.json", "report.csv", "summary.html", "manifest.json"):
        words = re.sub(rb"<svg.*?</svg>", b"", blobs[name], flags=re.S)
        words = words.replace(report["generated_at"].encode(), b"")  # when the report was made, not about anyone
        for needle in (b"2013", b"09:0", b"T09"):  # the birth year, the activity's time of day
            assert needle not in words, f"{needle!r} found in {name}"
    text = blobs["report.json"].decode("utf-8")
    for sid in busy_school["ids"]:
        assert '"student_id"' not in text and f"student:{sid}" not in text
    # The only time of day anywhere is when the report was made.
    assert re.findall(r"\d{2}:\d{2}", text.replace(report["generated_at"], "")) == []
    assert sum(1 for key in _all_keys(report) if key in ("student", "students", "display_name")) == 0


def _all_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _all_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _all_keys(inner)


def test_json_is_canonical_and_csv_has_fixed_english_columns(app, busy_school):
    folder, report = build(app)
    raw = (folder / "report.json").read_bytes()
    assert raw == (json.dumps(report, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
    rows = list(csv.reader(io.StringIO((folder / "report.csv").read_text("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    reach_total = [r for r in rows if r[5] == "reach" and r[6] == "total" and r[7] == "total"]
    assert reach_total[0][8] == "23"


def test_report_ids_are_uuid5_of_school_period_type_and_revision(app, busy_school):
    folder, first = build(app)
    _f2, second = build(app)
    with app.app_context():
        from kit_server.school.service import get_school

        uid = get_school().uid
    period = parse_period("2026-11")
    assert first["report_id"] == report_id(uid, period, 1) and uuid.UUID(first["report_id"]).version == 5
    assert second["revision"] == 2 and second["report_id"] == report_id(uid, period, 2)
    assert report_id(uid, period, 1) == report_id(uid, period, 1)


def test_each_manifest_names_the_previous_report(app, busy_school):
    from kit_server.reports.bundle import sha256

    first, _r = build(app)
    second, _r2 = build(app, "2026-10")
    assert json.loads((first / "manifest.json").read_bytes())["previous_report_sha256"] is None
    assert json.loads((second / "manifest.json").read_bytes())["previous_report_sha256"] == \
        sha256((first / "manifest.json").read_bytes())


def test_summary_page_is_arabic_offline_and_has_charts(app, busy_school):
    folder, _report = build(app)
    html = (folder / "summary.html").read_text("utf-8")
    assert 'lang="ar" dir="rtl"' in html and "تقرير الاستخدام" in html
    assert html.count("<svg") >= 2
    for outside in ('src="http', 'href="http', "url(http", "@import", "https://"):
        assert outside not in html
    assert "<script" not in html


def test_a_rebuilt_report_does_not_reveal_late_arrivals_by_subtraction(app, seed, busy_school, catalog_modules):
    """Revision 2 of November, after two late students: the difference (2) is a small group."""
    _first_folder, first = build(app)
    _module, lessons = catalog_modules[0]
    for _ in range(2):
        seed.events(seed.student(busy_school["class"]), lessons[0], NOV)
    _f, second = build(app)
    before = first["tables"]["reach"]["cells"]
    after = second["tables"]["reach"]["cells"]
    for i, row in enumerate(after):
        for j, value in enumerate(row):
            if isinstance(value, int) and isinstance(before[i][j], int):
                assert not 1 <= value - before[i][j] <= 9
