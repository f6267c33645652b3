"""Settings of the manager, read from the app's config first, then the environment, then a default.

KIT_MIN_FREE_MB (500)          warn below this much free disk; pack installs keep it free
KIT_MIN_FREE_MEMORY_MB (300)   warn below this much free memory
KIT_BACKUP_KEEP_DAYS (14)      automatic backups older than this are removed (the newest one never)
KIT_BACKUP_INTERVAL_HOURS (24) how old the newest automatic backup may get before another is taken
KIT_BACKUP_WARN_DAYS (2)       the health check warns when the last backup is this old
KIT_MAX_PACK_MB (512)          largest pack the admin page accepts
"""
from __future__ import annotations

import os

DEFAULTS = {
    "KIT_MIN_FREE_MB": 500,
    "KIT_MIN_FREE_MEMORY_MB": 300,
    "KIT_BACKUP_KEEP_DAYS": 14,
    "KIT_BACKUP_INTERVAL_HOURS": 24,
    "KIT_BACKUP_WARN_DAYS": 2,
    "KIT_MAX_PACK_MB": 512,
}


def setting(config, name: str) -> float:
    """A number from config, else from the environment, else the default (a bad value falls back too)."""
    for source in (config, os.environ):
        value = source.get(name) if source is not None else None
        if value not in (None, ""):
            try:
                return float(value)
            except (TypeError, ValueError):
                break
    return float(DEFAULTS[name])


def reserve_bytes(config) -> int:
    """Free disk that pack installs and backups must leave: the kit itself lives on this disk."""
    return int(setting(config, "KIT_MIN_FREE_MB") * 1024 * 1024)
