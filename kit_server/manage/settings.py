"""The manager's numeric settings, parsed once with every other KIT_* value in `kit_server.config`
(see NUMBERS there for the defaults and bounds); tests and callers may override them in app.config."""
from __future__ import annotations


def setting(config, name: str) -> float:
    return float(config[name])


def reserve_bytes(config) -> int:
    """Free disk that pack installs and backups must leave: the kit itself lives on this disk."""
    return int(setting(config, "KIT_MIN_FREE_MB") * 1024 * 1024)
