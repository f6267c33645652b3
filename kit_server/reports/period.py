"""Report periods: a month ("2026-11"), a school year ("2026-2027", September to August) or any
span of dates (a term). Dates only: a report never carries a time of day."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta


SCHOOL_YEAR_FIRST_MONTH = 9  # Lebanese public schools start in September


class PeriodError(ValueError):
    pass


def school_year_of(day: date) -> str:
    """The school year a day falls in, as "2026-2027": the one home of this rule."""
    first = day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1
    return f"{first}-{first + 1}"


@dataclass(frozen=True)
class Period:
    kind: str  # month | year | term
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        if self.kind == "year":
            return f"{self.start.year}-{self.end.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC datetimes, for queries."""
        return (datetime.combine(self.start, datetime.min.time()),
                datetime.combine(self.end + timedelta(days=1), datetime.min.time()))

    def nested_with(self, other: "Period") -> bool:
        """One period inside the other: subtracting their reports isolates a group of students."""
        inside = other.start >= self.start and other.end <= self.end
        around = other.start <= self.start and other.end >= self.end
        return inside or around

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}


def parse_period(text: str | None = None, start: str | None = None, end: str | None = None) -> Period:
    if start or end:
        if not (start and end) or text:
            raise PeriodError("give --from and --to together, or --period alone")
        first, last = _date(start), _date(end)
        if last < first:
            raise PeriodError("the period ends before it starts")
        return Period("term", first, last)
    text = (text or "").strip()
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"no month {month}")
        return Period("month", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    if match := re.fullmatch(r"(\d{4})-(\d{4})", text):
        first = int(match[1])
        if int(match[2]) != first + 1:
            raise PeriodError("a school year is two years in a row, like 2026-2027")
        return Period("year", date(first, SCHOOL_YEAR_FIRST_MONTH, 1),
                      date(first + 1, SCHOOL_YEAR_FIRST_MONTH, 1) - timedelta(days=1))
    raise PeriodError("a period is a month (2026-11) or a school year (2026-2027)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"{text!r} is not a date like 2026-11-30") from None
