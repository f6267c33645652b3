"""What a student's Jupyter server is told at each start: its environment and its config file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import sandbox


def server_env(where: sandbox.Layout, trusted_env: bool) -> dict[str, str]:
    """A clean environment that keeps every Jupyter, IPython and matplotlib file in the student's folder."""
    home, run = where.home, where.run
    env = {
        "HOME": home,
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONPATH": run,  # for kit_identity.py
        "PYTHONNOUSERSITE": "1",
        "JUPYTER_CONFIG_DIR": f"{run}/config",  # read-only: a student cannot loosen their server's config
        "JUPYTER_DATA_DIR": f"{home}/.local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": where.runtime,
        "JUPYTER_TOKEN_FILE": f"{run}/token",
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTERLAB_SETTINGS_DIR": f"{home}/.jupyter/lab/user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": f"{home}/.jupyter/lab/workspaces",
        "IPYTHONDIR": f"{home}/.ipython",
        "MPLCONFIGDIR": f"{home}/.config/matplotlib",
        "TMPDIR": "/tmp",
        # Fewer malloc arenas and math threads: less memory merely reserved (RLIMIT_AS counts it)
        # and fewer threads (RLIMIT_NPROC counts them), at no cost on a school's few cores.
        "MALLOC_ARENA_MAX": "2",
        "OPENBLAS_NUM_THREADS": "2",
        "OMP_NUM_THREADS": "2",
    }
    if trusted_env and os.environ.get("SYSTEMROOT"):  # Windows needs it to start Python at all
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return env


def server_config(ip: str, port: int, student_id: int, where: sandbox.Layout, idle_minutes: int) -> dict:
    idle = max(1, int(idle_minutes)) * 60
    return {
        "ServerApp": {
            "ip": ip, "port": port, "port_retries": 0, "open_browser": False,
            "root_dir": f"{where.home}/work",
            "terminals_enabled": False,
            "allow_remote_access": True,  # students' browsers come from the LAN; the ticket guards it
            "allow_root": True,
            "shutdown_no_activity_timeout": idle,
            "identity_provider_class": "kit_identity.TicketIdentityProvider",
        },
        "TicketIdentityProvider": {"ticket_key_file": f"{where.run}/ticket_key", "student_id": student_id},
        "KernelManager": {"transport": "ipc"},  # TCP ports race when many kernels start at once
        "MappingKernelManager": {"cull_idle_timeout": idle, "cull_interval": 60, "cull_connected": True},
        "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                   "extension_manager": "readonly",  # no PyPI: the school has no internet
                   "app_settings_dir": f"{where.run}/lab-settings"},
    }


# JupyterLab defaults for children on an offline LAN: start the notebook's kernel without asking
# which one, and never offer news or update checks (they would reach the internet).
LAB_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_private(path: Path, text: str) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
