"""One clock for the whole kit: naive UTC datetimes in the database, local time only on screens."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
