"""Many students opening their notebook at once: `python bench/notebooks.py [--students N] [--cells K]`.

Builds a throwaway kit home, asks for N student servers at the same moment (as N children pressing
"Open in Jupyter"), and prints for each student the seconds until their server answered (queue wait
included), then the seconds their notebook's first K code cells took in a fresh kernel, and finally
the total resident memory of every server and kernel. Servers run in bubblewrap when it works here,
otherwise in trusted mode (the output says which).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit_server.notebooks import sandbox  # noqa: E402
from kit_server.notebooks.sessions import NotebookSettings, SessionManager, save_settings  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "m1-l2-nearest-neighbours.ar.ipynb"


def _api(server, path, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/{path}", data=data, method=method,
                                     headers={"Authorization": f"token {server.token}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        text = response.read()
    return json.loads(text) if text else {}


async def _execute(server, kernel_id: str, code: str) -> None:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
    conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {server.token}"}))
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "b", "session": "b",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    try:
        while True:
            msg = json.loads(await asyncio.wait_for(conn.read_message(), 300))
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                raise RuntimeError(msg["content"]["evalue"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return
    finally:
        conn.close()


def _first_cells(count: int) -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "code"]
    return "\n".join(code[:count])


def _student(manager: SessionManager, student: int, requested: float, code: str) -> dict:
    while (server := manager.status(student)) is not None and server.state in ("queued", "starting"):
        time.sleep(0.1)
    if server is None or server.state != "ready":
        log = manager.run_dir(student) / "server.log"
        tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
        return {"student": student, "error": (server.reason if server else "gone") + "\n" + tail}
    ready = time.perf_counter() - requested
    started = time.perf_counter()
    session = _api(server, "api/sessions", "POST",
                   {"path": NOTEBOOK.name, "type": "notebook", "kernel": {"name": "python3"}})
    asyncio.run(_execute(server, session["kernel"]["id"], code))
    return {"student": student, "ready": ready, "cells": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--cells", type=int, default=3, help="code cells to run from the top")
    parser.add_argument("--workers", type=int, default=2, help="servers started at the same time")
    args = parser.parse_args()
    code = _first_cells(args.cells)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        sandboxed = sandbox.bwrap_works()
        save_settings(home, NotebookSettings(max_servers=max(30, args.students), trusted_mode=not sandboxed))
        manager = SessionManager(home, "bench-secret", ip="127.0.0.1", ports=(19000, 19200),
                                 workers=args.workers)
        print(f"mode: {manager.mode()}, students: {args.students}, first {args.cells} code cells of "
              f"{NOTEBOOK.name}, {args.workers} starts at a time")
        try:
            requested = time.perf_counter()
            for student in range(1, args.students + 1):
                manager.ensure_copy(student, NOTEBOOK)
                manager.request(student)
            with ThreadPoolExecutor(max_workers=args.students) as pool:
                results = list(pool.map(lambda s: _student(manager, s, requested, code),
                                        range(1, args.students + 1)))
            total = time.perf_counter() - requested
            servers = manager.live()
            _report(results, total, servers)
        finally:
            manager.close()


def _report(results: list[dict], total: float, servers) -> None:
    print(f"{'student':>7} {'ready s':>8} {'cells s':>8}")
    for r in results:
        if "error" in r:
            print(f"{r['student']:>7} failed: {r['error']}")
        else:
            print(f"{r['student']:>7} {r['ready']:>8.1f} {r['cells']:>8.1f}")
    ok = [r for r in results if "error" not in r]
    if ok:
        ready = [r["ready"] for r in ok]
        print(f"ready: median {statistics.median(ready):.1f} s, last {max(ready):.1f} s; "
              f"everyone's cells done after {total:.1f} s")
    memory = sum(s.memory_mb for s in servers)
    print(f"memory: {memory:.0f} MB for {len(servers)} servers with kernels "
          f"({memory / max(1, len(servers)):.0f} MB each)")


if __name__ == "__main__":
    main()
