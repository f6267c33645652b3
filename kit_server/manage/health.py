"""Health checks shared by `kit doctor` and the admin page /admin/health.

Each check returns a Check with a status ("ok", "warn", "fail" or "info") and a problem code with
parameters; the words are chosen by the caller (English in the terminal, the user's language on
the page, see describe()). A power cut can reset a school PC's clock, so the clock is checked against
the newest backup time (and, on the page, against the browser's clock).
"""
from __future__ import annotations

import platform
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata

import psutil

from kit_server import __version__

from .backup import BackupError, database_path, last_backup
from .settings import setting

OK, WARN, FAIL, INFO = "ok", "warn", "fail", "info"
MAX_CLOCK_SKEW = timedelta(minutes=5)
EARLIEST_PLAUSIBLE = datetime(2026, 1, 1, tzinfo=UTC)  # before this kit existed: the clock was reset

# name -> function(app) -> value or None: facts owned by other packages, registered by create_app.
PROVIDERS: dict[str, Callable] = {
    "notebook_servers": lambda app: None,   # -> number of live per-student Jupyter servers
    "last_report_export": lambda app: None,  # -> datetime of the last usage report export
}


def register_provider(name: str, function: Callable) -> None:
    if name not in PROVIDERS:
        raise KeyError(name)
    PROVIDERS[name] = function


@dataclass
class Check:
    name: str  # database, disk, memory, clock, backup, versions, notebooks, report
    status: str
    code: str  # what describe() says about it
    params: dict = field(default_factory=dict)


def check_database(app) -> Check:
    try:
        path = database_path(app)
    except BackupError:
        return _check_server_database(app)
    if not path.is_file():
        return Check("database", FAIL, "db_missing")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return Check("database", FAIL, "db_unreadable", {"error": str(error)})
    if rows != [("ok",)]:
        return Check("database", FAIL, "db_damaged", {"error": rows[0][0]})
    return Check("database", OK, "db_ok")


def _check_server_database(app) -> Check:
    import sqlalchemy as sa

    from kit_server.extensions import db

    try:
        with app.app_context(), db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        return Check("database", FAIL, "db_unreadable", {"error": str(error).splitlines()[0]})
    return Check("database", OK, "db_server")


def check_disk(app) -> Check:
    minimum = int(setting(app.config, "KIT_MIN_FREE_MB"))
    free = shutil.disk_usage(app.config["KIT_HOME"]).free // (1024 * 1024)
    status = OK if free >= minimum else WARN
    return Check("disk", status, "disk_ok" if status == OK else "disk_low", {"free": free, "min": minimum})


def check_memory(app) -> Check:
    minimum = int(setting(app.config, "KIT_MIN_FREE_MEMORY_MB"))
    memory = psutil.virtual_memory()
    free, total = memory.available // (1024 * 1024), memory.total // (1024 * 1024)
    status = OK if free >= minimum else WARN
    return Check("memory", status, "memory_ok" if status == OK else "memory_low",
                 {"free": free, "total": total, "min": minimum})


def check_clock(app, now: datetime | None = None, browser_time: datetime | None = None) -> Check:
    now = now or datetime.now(UTC)
    if browser_time is not None:
        skew = int((now - browser_time).total_seconds())
        if abs(skew) > MAX_CLOCK_SKEW.total_seconds():
            return Check("clock", WARN, "clock_browser", {"minutes": abs(skew) // 60})
    newest = last_backup(app)
    if now < EARLIEST_PLAUSIBLE or (newest and now < newest[1] - MAX_CLOCK_SKEW):
        return Check("clock", WARN, "clock_reset", {"now": now})
    return Check("clock", OK, "clock_ok", {"now": now})


def check_backup(app, now: datetime | None = None) -> Check:
    now = now or datetime.now(UTC)
    newest = last_backup(app)
    if newest is None:
        return Check("backup", WARN, "backup_none")
    days = max(0, (now - newest[1]).days)
    limit = setting(app.config, "KIT_BACKUP_WARN_DAYS")
    return Check("backup", OK if days < limit else WARN, "backup_age" if days < limit else "backup_old",
                 {"days": days, "when": newest[1], "path": str(newest[0])})


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def versions() -> dict[str, str]:
    return {"kit": __version__, "Python": platform.python_version(), "SQLite": sqlite3.sqlite_version,
            "scikit-learn": _version("scikit-learn")}


def check_providers(app) -> list[Check]:
    servers = PROVIDERS["notebook_servers"](app)
    export = PROVIDERS["last_report_export"](app)
    return [
        Check("notebooks", INFO, "unknown" if servers is None else "notebooks", {"count": servers}),
        Check("report", INFO, "unknown" if export is None else "report",
              {"when": export}),
    ]


def run_checks(app, *, browser_time: datetime | None = None) -> list[Check]:
    return [check_database(app), check_disk(app), check_memory(app),
            check_clock(app, browser_time=browser_time), check_backup(app), *check_providers(app)]


def problems(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.status in (WARN, FAIL)]


def plain(text: str, **params) -> str:
    """The terminal's stand-in for gettext: English, same formatting."""
    return text % params if params else text


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def describe(check: Check, _=plain, when: Callable[[datetime], str] = utc_text) -> str:
    """One line about a check, through `_` (flask_babel.gettext on pages, plain() in the terminal)
    and `when` for times (the school's time zone and digits on pages)."""
    p = {key: when(value) if isinstance(value, datetime) else value for key, value in check.params.items()}
    texts = {
        "db_ok": lambda: _("The database passed its quick check."),
        "db_server": lambda: _("The database server answers."),
        "db_missing": lambda: _("There is no database yet."),
        "db_unreadable": lambda: _("The database cannot be read: %(error)s", error=p.get("error")),
        "db_damaged": lambda: _("The database is damaged (%(error)s). Restore the last backup.",
                                error=p.get("error")),
        "disk_ok": lambda: _("%(free)s MB free on the kit's disk.", free=p.get("free")),
        "disk_low": lambda: _("Only %(free)s MB free on the kit's disk (keep at least %(min)s MB).",
                              free=p.get("free"), min=p.get("min")),
        "memory_ok": lambda: _("%(free)s MB of memory free out of %(total)s MB.", free=p.get("free"),
                               total=p.get("total")),
        "memory_low": lambda: _("Only %(free)s MB of memory free (keep at least %(min)s MB).",
                                free=p.get("free"), min=p.get("min")),
        "clock_ok": lambda: _("The clock says %(now)s.", now=p.get("now")),
        "clock_reset": lambda: _("The clock says %(now)s, which looks wrong. Set the date and time.",
                                 now=p.get("now")),
        "clock_browser": lambda: _("Minutes between the kit's clock and this browser's: %(minutes)s. "
                                   "Set the date and time.", minutes=p.get("minutes")),
        "backup_none": lambda: _("No backup yet. Take one on a USB stick."),
        "backup_age": lambda: _("Last backup: %(when)s.", when=p.get("when")),
        "backup_old": lambda: _("Days since the last backup: %(days)s. Take a new one.", days=p.get("days")),
        "notebooks": lambda: _("Live notebook servers: %(count)s", count=p.get("count")),
        "report": lambda: _("Last report export: %(when)s.", when=p.get("when")),
        "unknown": lambda: _("Not available yet."),
    }
    return texts[check.code]()


def problem_lines(app) -> list[str]:
    """What `kit doctor` prints: one line per problem, none when the kit is healthy."""
    return [f"{check.name}: {describe(check)}" for check in problems(run_checks(app))]


def browser_clock_check(app, browser_ms: int) -> Check:
    browser = datetime.fromtimestamp(browser_ms / 1000, UTC)
    return check_clock(app, browser_time=browser)

