"""The school year: one rule for new classes and for reports."""
from datetime import date

from kit_server.reports.period import parse_period, school_year_of


def test_august_still_belongs_to_the_year_that_began_last_september():
    assert school_year_of(date(2026, 8, 31)) == "2025-2026"
    assert school_year_of(date(2026, 9, 1)) == "2026-2027"


def test_the_year_a_new_class_gets_is_the_period_reports_cover():
    for day in (date(2026, 8, 15), date(2026, 9, 15), date(2027, 1, 10)):
        year = parse_period(school_year_of(day))
        assert year.start <= day <= year.end
