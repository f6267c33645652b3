"""Smaller rules: periods, a failing USB stick, means of small groups, the `kit data` commands."""
from datetime import date, datetime
from pathlib import Path

import pytest

from kit_server.reports import export as export_module
from kit_server.reports.period import PeriodError, parse_period

from .conftest import build

NOV = datetime(2026, 11, 10, 9, 0)


def test_periods_a_month_a_school_year_and_a_term():
    assert parse_period("2027-02").end == date(2027, 2, 28)
    year = parse_period("2026-2027")
    assert (year.start, year.end, year.kind) == (date(2026, 9, 1), date(2027, 8, 31), "year")
    term = parse_period(None, "2026-09-15", "2026-12-20")
    assert term.kind == "term" and parse_period("2026-11").nested_with(year)
    assert not parse_period("2026-11").nested_with(parse_period("2026-10"))
    for bad in ("2026-13", "2026-2028", "November", ""):
        with pytest.raises(PeriodError):
            parse_period(bad)
    with pytest.raises(PeriodError):
        parse_period(None, "2026-12-20", "2026-09-15")


def test_a_stick_that_reads_back_different_is_reported(tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "report.json").write_text("{}")
    stick = tmp_path / "usb"
    stick.mkdir()
    real_replace = export_module.os.replace

    def corrupting_replace(source, target):
        real_replace(source, target)
        Path(target).write_bytes(b"garbage")

    monkeypatch.setattr(export_module.os, "replace", corrupting_replace)
    with pytest.raises(export_module.ExportError, match="reads back different"):
        export_module.export_bundles([bundle], stick)


def test_means_of_a_small_group_are_never_given(app, seed, catalog_modules):
    seed.threshold(9)
    module = catalog_modules[0][0]
    _t, cls = seed.teacher_class()
    for k in range(15):
        sid = seed.student(cls, sex="female" if k < 12 else "male")
        seed.test(sid, module, "pre", 40, NOV)
        seed.test(sid, module, "post", 70 if k < 12 else 20, NOV)
    _f, report = build(app)
    summary = report["modules"][module]
    # 12 of 15 passed: 3 did not, a small group, so the total is hidden too and so are the means.
    assert summary["gain"]["matched"] == "x" and summary["gain"]["mean_post"] is None
    assert summary["gain_by_sex"] is None  # three boys: their mean would be a small group's
    counts = report["tables"][f"tests:{module}"]["cells"]
    assert counts[1][-1] == "<10"


def test_kit_data_commands(app, seed, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from kit_server.db import upgrade
    from kit_server.extensions import db
    from kit_server.reports.cli import data

    with app.app_context():
        upgrade(db.engine)
    monkeypatch.setenv("KIT_HOME", app.config["KIT_HOME"])
    monkeypatch.setenv("KIT_SKIP_BROKEN_LESSONS", "1")
    _t, cls = seed.teacher_class()
    sid = seed.student(cls, name="سلمى")
    seed.events(sid, "m1-l1-rules-vs-learning", datetime(2019, 1, 1))
    runner = CliRunner()
    out = tmp_path / "s.json"
    exported = runner.invoke(data, ["export-student", str(sid), "--out", str(out)])
    assert exported.exit_code == 0 and "سلمى" in out.read_text("utf-8")
    purged = runner.invoke(data, ["purge"])
    assert purged.exit_code == 0 and "progress_event: 1" in purged.output
    deleted = runner.invoke(data, ["delete-student", str(sid), "--yes"])
    assert deleted.exit_code == 0 and "student 1" in deleted.output
    missing = runner.invoke(data, ["export-student", str(sid)])
    assert missing.exit_code == 1 and "no student" in missing.output
