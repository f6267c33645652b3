"""Fixtures for executing notebooks in a real kernel with the network cut off.

The kernel is the project's own Python (sys.executable) started from a throw-away
kernelspec. Its PYTHONPATH holds a sitecustomize.py that makes every socket connection,
name lookup or datagram to a host other than loopback raise `NetworkBlocked` and write a
line to a log file, so even an attempt a notebook swallows with try/except is seen.
Loopback stays open because the test talks to the kernel over it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO / "notebooks"

GUARD = textwrap.dedent(
    '''
    """Installed by the kit's notebook tests: no connection may leave this machine."""
    import os
    import socket

    _LOG = os.environ.get("KIT_NET_GUARD_LOG")
    _real = {name: getattr(socket, name) for name in ("getaddrinfo", "gethostbyname")}
    _real_connect = socket.socket.connect
    _real_connect_ex = socket.socket.connect_ex
    _real_sendto = socket.socket.sendto


    class NetworkBlocked(OSError):
        pass


    def _is_loopback(host):
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip("[]").lower()
        return host in ("localhost", "::1") or host.startswith(("127.", "::ffff:127."))


    def _block(what, target):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{what} {target!r}\\n")
        raise NetworkBlocked(f"network access is blocked in the kit's notebook tests: {what} {target!r}")


    def _check(sock, address, what):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            _block(what, address)


    def connect(self, address):
        _check(self, address, "connect")
        return _real_connect(self, address)


    def connect_ex(self, address):
        _check(self, address, "connect")
        return _real_connect_ex(self, address)


    def sendto(self, data, *args):
        _check(self, args[-1], "sendto")
        return _real_sendto(self, data, *args)


    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            _block("getaddrinfo", host)
        return _real["getaddrinfo"](host, *args, **kwargs)


    def gethostbyname(host):
        if not _is_loopback(host):
            _block("gethostbyname", host)
        return _real["gethostbyname"](host)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    '''
)


@pytest.fixture(scope="session")
def sandbox_kernel(tmp_path_factory):
    """A kernelspec dir running sys.executable with the network guard; yields its paths."""
    root = tmp_path_factory.mktemp("kernel")
    guard_dir = root / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    mpl_dir = root / "mpl"
    mpl_dir.mkdir()
    env = {
        "PYTHONPATH": str(guard_dir),
        "MPLCONFIGDIR": str(mpl_dir),
        "PYTHONWARNINGS": "default",
    }
    spec_dir = root / "kernels" / "kit-test"
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kit test kernel",
        "language": "python",
        "env": env,
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    # Build matplotlib's font cache once, so no notebook prints "building the font cache".
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    return {"kernels": root / "kernels", "name": "kit-test", "root": root}


@pytest.fixture
def run_notebook(sandbox_kernel, tmp_path, monkeypatch):
    """run_notebook(nb) executes nb in place inside tmp_path and returns it.

    Raises nbclient's CellExecutionError on the first failing cell. The log of blocked
    network attempts is tmp_path / "network.log" (absent when there was none).
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # silences a jupyter_core DeprecationWarning
    log = tmp_path / "network.log"
    workdir = tmp_path / "work"
    workdir.mkdir()

    def run(nb, timeout=120):
        specs = KernelSpecManager(kernel_dirs=[str(sandbox_kernel["kernels"])])
        km = KernelManager(kernel_name=sandbox_kernel["name"], kernel_spec_manager=specs)
        client = NotebookClient(
            nb, km=km, timeout=timeout, resources={"metadata": {"path": str(workdir)}}
        )
        # cleanup_kc: nbclient leaves a kernel it did not create running unless told.
        client.execute(cleanup_kc=True, env={**os.environ, "KIT_NET_GUARD_LOG": str(log)})
        return nb

    run.network_log = log
    return run
