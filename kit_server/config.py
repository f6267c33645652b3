"""Configuration: built-in defaults, then KIT_* environment variables, then the caller's overrides.

The kit's home folder (KIT_HOME, default ./instance) holds everything that belongs to one school:
the database, the generated secret key, signing keys and backups. Nothing secret lives in the repo.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .i18n import DEFAULT_LOCALE  # locales and text direction have one home: i18n.py


def kit_home(explicit: str | os.PathLike | None = None) -> Path:
    """The folder that holds this kit's data; created on first use, private to the kit's account."""
    from .home_files import secure_home

    home = Path(explicit or os.environ.get("KIT_HOME") or "instance").expanduser().resolve()
    secure_home(home)
    return home


def _secret_key(home: Path) -> str:
    """Read the school's secret key, making one the first time (readable by the owner only)."""
    path = home / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


class ConfigError(ValueError):
    """A KIT_* value the kit cannot use; the message names the variable and what it accepts."""


# Numeric settings: (default, smallest, largest). Parsed once here; a bad value stops the kit with
# a message instead of quietly meaning something else.
NUMBERS = {
    "KIT_MIN_FREE_MB": (500, 0, 10**12),              # warn below this free disk; installs keep it free
    "KIT_MIN_FREE_MEMORY_MB": (300, 0, 10**12),       # warn below this free memory
    "KIT_BACKUP_KEEP_DAYS": (14, 1, 3650),           # automatic backups older than this go (never the newest)
    "KIT_BACKUP_INTERVAL_HOURS": (24, 1, 24 * 365),  # how old the newest automatic backup may get
    "KIT_BACKUP_WARN_DAYS": (2, 1, 3650),            # the health check warns when the last backup is older
    "KIT_MAX_PACK_MB": (512, 1, 100_000),            # largest pack the admin page accepts
    "KIT_MAX_UPLOAD_BYTES": (16 * 1024 * 1024, 1024, 2**40),  # largest request body
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() not in _TRUE | _FALSE:
        raise ConfigError(f"{name} must be 1 or 0 (yes or no), not {value!r}")
    return value.strip().lower() in _TRUE


def _env_number(name: str) -> float:
    default, low, high = NUMBERS[name]
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not low <= number <= high:  # also refuses nan and inf
        raise ConfigError(f"{name} must be a number from {low} to {high}, not {value!r}")
    return number


def _env_timezone() -> str:
    from zoneinfo import ZoneInfo

    name = os.environ.get("KIT_TIMEZONE") or "Asia/Beirut"
    try:
        ZoneInfo(name)
    except (ValueError, LookupError):
        raise ConfigError(f"KIT_TIMEZONE must be a time zone such as Asia/Beirut, not {name!r}") from None
    return name


def build_config(overrides: dict | None = None) -> dict:
    """Return the settings for one app instance."""
    overrides = dict(overrides or {})
    home = kit_home(overrides.pop("KIT_HOME", None))
    https = _env_bool("KIT_HTTPS", False)
    config = {
        "KIT_HOME": str(home),
        "SECRET_KEY": os.environ.get("KIT_SECRET_KEY") or _secret_key(home),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("KIT_DATABASE_URL")
        or f"sqlite:///{home / 'kit.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "LESSONS_DIR": os.environ.get("KIT_LESSONS_DIR") or str(_project_dir("lessons")),
        "NOTEBOOKS_DIR": os.environ.get("KIT_NOTEBOOKS_DIR") or str(_project_dir("notebooks")),
        # Cookies: never readable from JS, not sent on cross-site requests; Secure only over HTTPS,
        # because most school LANs serve plain HTTP and a Secure cookie would never come back.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # a lesson page may stay open all period long
        "MAX_CONTENT_LENGTH": int(_env_number("KIT_MAX_UPLOAD_BYTES")),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        "BABEL_DEFAULT_TIMEZONE": _env_timezone(),
        # Sign-in rate limits: failures allowed in the window before the door closes for a while.
        "SIGNIN_WINDOW_SECONDS": 300,
        "SIGNIN_MAX_FAILURES_ACCOUNT": 5,
        "SIGNIN_MAX_FAILURES_ADDRESS": 30,
        "SKIP_BROKEN_LESSONS": _env_bool("KIT_SKIP_BROKEN_LESSONS", False),
        # Students' own JupyterLab servers listen here; the ports must be reachable on the LAN.
        "NOTEBOOK_IP": os.environ.get("KIT_NOTEBOOK_IP", "0.0.0.0"),
        "NOTEBOOK_PORTS": _port_range(os.environ.get("KIT_NOTEBOOK_PORTS", "8900-8999")),
        "TESTING": False,
        **{name: _env_number(name) for name in NUMBERS if name != "KIT_MAX_UPLOAD_BYTES"},
    }
    config.update(overrides)
    return config


def _port_range(text: str) -> tuple[int, int]:
    low, _sep, high = text.partition("-")
    try:
        first, last = int(low), int(high or low)
    except ValueError:
        raise ConfigError(f"KIT_NOTEBOOK_PORTS must look like 8900-8999, not {text!r}") from None
    if not 1024 <= first <= last <= 65535:
        raise ConfigError(f"KIT_NOTEBOOK_PORTS must be a range within 1024-65535, not {text!r}")
    return first, last


def _project_dir(name: str) -> Path:
    """Content folders next to the package in a checkout (lessons/, notebooks/)."""
    return Path(__file__).resolve().parent.parent / name
