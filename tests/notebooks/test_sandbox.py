"""Real student servers in real bubblewrap: what student code can and cannot reach.

Two students' servers are started once for the module (about 3 s each). Student code is run the way
JupyterLab runs it: a kernel started through the REST API, code sent over the kernel's websocket.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from unittest import mock

import pytest

from kit_server.notebooks import identity, sandbox
from kit_server.notebooks.sessions import NotebookSettings, Refused, SessionManager, save_settings

pytestmark = pytest.mark.slow

SECRET = "the-kits-own-secret-key"
NOTEBOOK = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.en.ipynb"))[0]


def _bwrap_reason() -> str | None:
    path = sandbox.bwrap_path()
    if path is None:
        return "bwrap is not installed (apt-get install bubblewrap)"
    probe = subprocess.run([path, "--ro-bind", "/", "/", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"bwrap cannot create namespaces here: {probe.stderr.strip()}"
    return None


# Skip ONLY when this machine forbids namespaces: everywhere else these tests must run.
needs_bwrap = pytest.mark.skipif(_bwrap_reason() is not None, reason=str(_bwrap_reason()))


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """A kit home with a database and secret key, a manager, and two students with live servers."""
    home = tmp_path_factory.mktemp("kit-home")
    (home / "kit.db").write_text("DATABASE-CONTENTS", encoding="utf-8")
    (home / "secret_key").write_text(SECRET, encoding="utf-8")
    manager = SessionManager(home, SECRET, ip="127.0.0.1", ports=(18900, 18950), sandboxed=True)
    for student in (1, 2):
        manager.ensure_copy(student, NOTEBOOK)
        manager.request(student)
    (manager.student_dir(2) / "work" / "private.txt").write_text("STUDENT-TWO-PRIVATE", encoding="utf-8")
    for student in (1, 2):
        assert wait_ready(manager, student).state == "ready", read_log(manager, student)
    yield manager
    manager.close()


def wait_ready(manager, student, timeout=60):
    deadline = time.monotonic() + timeout
    server = manager.status(student)
    while server is not None and server.state in ("queued", "starting") and time.monotonic() < deadline:
        time.sleep(0.2)
        server = manager.status(student)
    return server


def read_log(manager, student) -> str:
    path = manager.run_dir(student) / "server.log"
    return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def http(manager, student, path, method="GET", body=None, token=True, headers=None):
    """(status, text) of a request to a student's server, with their token unless told otherwise."""
    server = manager.status(student)
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"token {server.token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/{path}", data=data, method=method,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(errors="replace"), response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(errors="replace"), error.headers


def run_code(manager, student, code: str, timeout=60) -> str:
    """Run code in the kernel of the student's notebook, as JupyterLab would; return what it printed."""
    status, text, _ = http(manager, student, "api/sessions", "POST",
                           {"path": NOTEBOOK.name, "type": "notebook", "kernel": {"name": "python3"}})
    assert status == 201, text
    session = json.loads(text)
    try:
        return asyncio.run(_execute(manager.status(student), session["kernel"]["id"], code, timeout))
    finally:
        http(manager, student, f"api/sessions/{session['id']}", "DELETE")


async def _execute(server, kernel, code, timeout) -> str:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels"
    conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {server.token}"}))
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "t", "session": "t",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    out = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(conn.read_message(), timeout)
            assert raw is not None, "kernel websocket closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                out.append(f"ERROR {content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)
        raise AssertionError("kernel did not finish in time")
    finally:
        conn.close()
        while await asyncio.wait_for(conn.read_message(), 10) is not None:
            pass  # wait for the close handshake, so the socket is really closed before the loop ends


PROBE = """
import os
for path in {paths!r}:
    try:
        with open(path, 'rb') as f:
            print('READ', path, f.read(40))
    except OSError as exc:
        print('DENIED', path, type(exc).__name__)
print('ENV', sorted(k for k in os.environ if 'SECRET' in k or k.startswith('KIT')))
"""


@needs_bwrap
def test_student_code_cannot_read_the_kits_files_or_another_students(kit):
    home = kit.home
    targets = [home / "kit.db", home / "secret_key", kit.run_dir(2) / "token",
               kit.student_dir(2) / "work" / "private.txt", Path.cwd() / "instance" / "secret_key"]
    out = run_code(kit, 1, PROBE.format(paths=[str(p) for p in targets]))
    assert "READ" not in out, out
    assert out.count("DENIED") == len(targets), out
    assert "ENV []" in out  # the server's environment is the clean one the kit wrote
    # ...while the student's own folder works as it should
    out = run_code(kit, 1, "open('mine.txt', 'w').write('hello'); print(open('mine.txt').read())")
    assert out.strip() == "hello"
    assert (kit.work_dir(1) / "mine.txt").read_text() == "hello"


WRITE_PROBE = """
import subprocess, sys
for path in (sys.prefix + '/kit-probe', '/usr/kit-probe'):
    try:
        open(path, 'w').close()
        print('WROTE', path)
    except OSError as exc:
        print('REFUSED', type(exc).__name__)
remount = subprocess.run(['mount', '-o', 'remount,rw,bind', '/usr'], capture_output=True)
print('REMOUNT', remount.returncode)
print([line for line in open('/proc/self/status') if line.startswith('CapEff')][0].split()[1])
"""


@needs_bwrap
def test_student_code_cannot_change_the_system_or_the_virtualenv(kit):
    out = run_code(kit, 1, WRITE_PROBE)
    assert "WROTE" not in out and out.count("REFUSED") == 2, out
    assert "REMOUNT 0" not in out, out
    assert out.strip().endswith("0000000000000000"), out  # no capabilities, even when the kit runs as root


@needs_bwrap
def test_a_symlink_made_by_student_code_does_not_leak_through_the_contents_api(kit):
    links = {"leak-db": kit.home / "kit.db", "leak-key": kit.home / "secret_key",
             "leak-other": kit.student_dir(2) / "work" / "private.txt", "leak-root": Path("/")}
    code = "import os\n" + "".join(f"os.symlink({str(t)!r}, {name!r})\n" for name, t in links.items())
    assert "ERROR" not in run_code(kit, 1, code)
    for name in links:
        status, text, _ = http(kit, 1, f"api/contents/{name}?content=1")
        assert "DATABASE-CONTENTS" not in text and SECRET not in text and "STUDENT-TWO" not in text
        assert status != 200 or name == "leak-root", (name, status, text[:200])
    # The server follows a link to "/", but that is the sandbox's own root: the kit's home, the
    # project folder and other students' folders are not in it.
    status, text, _ = http(kit, 1, "api/contents/leak-root?content=1")
    names = {item["name"] for item in json.loads(text)["content"]}
    expected = {Path(d).name for d in sandbox.SYSTEM_DIRS} | {Path(d).parts[1] for d in sandbox.python_dirs()}
    assert names <= expected | {"dev", "etc", "home", "opt", "proc", "tmp"}, names
    for inside in (kit.home / "kit.db", Path.cwd() / "instance", kit.student_dir(2)):
        status, text, _ = http(kit, 1, f"api/contents/leak-root{inside}?content=1")
        assert status == 404, (inside, text[:200])


@needs_bwrap
def test_terminals_are_off(kit):
    status, _, _ = http(kit, 1, "api/terminals", "POST", {})
    assert status in (403, 404)


BIND = {"Cookie": f"{identity.BIND_COOKIE}=the-browsers-binding"}


def ticket(student, secret=SECRET, binding="the-browsers-binding"):
    return identity.make_ticket(secret, student, binding=binding)


@needs_bwrap
def test_a_ticket_opens_only_its_own_students_server_and_only_while_fresh(kit):
    status, _, headers = http(kit, 1, f"api/contents?ticket={ticket(1)}", token=False, headers=BIND)
    assert status == 200
    cookie = headers["Set-Cookie"].split(";")[0]
    assert http(kit, 1, "api/contents", token=False, headers={"Cookie": cookie})[0] == 200  # stays signed in
    assert http(kit, 1, f"api/contents?ticket={ticket(2)}", token=False, headers=BIND)[0] == 403  # student 2's
    assert http(kit, 2, f"api/contents?ticket={ticket(1)}", token=False, headers=BIND)[0] == 403  # student 1's
    forged = ticket(1, secret="a-guessed-secret")
    assert http(kit, 1, f"api/contents?ticket={forged}", token=False, headers=BIND)[0] == 403
    with mock.patch("itsdangerous.timed.time.time", return_value=time.time() - 3600):
        old = ticket(1)
    assert http(kit, 1, f"api/contents?ticket={old}", token=False, headers=BIND)[0] == 403
    assert http(kit, 1, "api/contents", token=False)[0] == 403  # and nothing at all
    # The link the kit gives the browser lands in JupyterLab, signed in.
    url = kit.ticket_url(1, "127.0.0.1", binding="the-browsers-binding")
    request = urllib.request.Request(url, headers=BIND)
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and "JupyterLab" in response.read().decode()


@needs_bwrap
def test_a_ticket_works_once_and_only_in_the_browser_that_asked_for_it(kit):
    copied = ticket(1)
    # Another browser (no cookie, or another session's cookie) with the URL: refused.
    assert http(kit, 1, f"api/contents?ticket={copied}", token=False)[0] == 403
    other = {"Cookie": f"{identity.BIND_COOKIE}=another-session"}
    assert http(kit, 1, f"api/contents?ticket={copied}", token=False, headers=other)[0] == 403
    # The right browser: once.
    assert http(kit, 1, f"api/contents?ticket={copied}", token=False, headers=BIND)[0] == 200
    assert http(kit, 1, f"api/contents?ticket={copied}", token=False, headers=BIND)[0] == 403


@needs_bwrap
def test_capacity_refuses_kindly_past_the_cap(kit):
    save_settings(kit.home, NotebookSettings(max_servers=2))
    try:
        with pytest.raises(Refused) as refused:
            kit.request(3)
        assert refused.value.reason == "full"
        assert kit.request(1).state == "ready"  # a student with a server keeps it
    finally:
        (kit.home / "notebooks.json").unlink()


@needs_bwrap
def test_the_copy_persists_across_a_server_restart(kit):
    model = json.loads(http(kit, 2, f"api/contents/{NOTEBOOK.name}")[1])
    model["content"]["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "my own answer"})
    status, text, _ = http(kit, 2, f"api/contents/{NOTEBOOK.name}", "PUT",
                           {"type": "notebook", "format": "json", "content": model["content"]})
    assert status == 200, text
    assert kit.stop(2)
    assert kit.status(2) is None
    kit.ensure_copy(2, NOTEBOOK)  # opening again must not overwrite the student's work
    kit.request(2)
    assert wait_ready(kit, 2).state == "ready", read_log(kit, 2)
    text = http(kit, 2, f"api/contents/{NOTEBOOK.name}")[1]
    assert "my own answer" in text


def test_reset_gives_a_fresh_copy_and_keeps_the_old_one_once(tmp_path):
    manager = SessionManager(tmp_path, SECRET, workers=0, sandboxed=True)
    copy = manager.ensure_copy(5, NOTEBOOK)
    copy.write_text("{}", encoding="utf-8")
    assert manager.ensure_copy(5, NOTEBOOK).read_text() == "{}"  # opening keeps work
    fresh = manager.reset_copy(5, NOTEBOOK)
    assert fresh.read_bytes() == NOTEBOOK.read_bytes()
    assert fresh.with_name(fresh.name + ".old").read_text() == "{}"


def test_no_sandbox_means_no_running_until_an_admin_trusts(tmp_path):
    manager = SessionManager(tmp_path, SECRET, workers=0, sandboxed=False)
    with pytest.raises(Refused) as refused:
        manager.request(1)
    assert refused.value.reason == "off"
    save_settings(tmp_path, NotebookSettings(trusted_mode=True))
    assert manager.mode() == "trusted"
    assert manager.request(1).state == "queued"


def test_too_little_free_memory_refuses(tmp_path):
    manager = SessionManager(tmp_path, SECRET, workers=0, sandboxed=True, mb_per_student=10**9)
    with pytest.raises(Refused) as refused:
        manager.request(1)
    assert refused.value.reason == "memory"


def test_the_sandbox_sees_no_kit_path(tmp_path):
    """The command itself: the kit home is never bound, the student folder is the only writable one."""
    home, run = tmp_path / "notebooks" / "1", tmp_path / "notebook-servers" / "1"
    cmd = sandbox.bwrap_command(["python"], home, run, {"HOME": "/home/student"})
    binds = [cmd[i + 1] for i, part in enumerate(cmd) if part in ("--bind", "--ro-bind")]
    writable = [cmd[i + 1] for i, part in enumerate(cmd) if part == "--bind"]
    assert writable == [str(home)]
    for source in binds:
        if source not in (str(home), str(run)):
            assert not str(tmp_path).startswith(source), f"{source} would show the kit home"
    assert "--clearenv" in cmd and "--unshare-all" in cmd



def test_no_sandbox_starts_when_the_kit_home_is_inside_a_folder_every_sandbox_shows(tmp_path):
    import sys

    inside_venv = Path(sys.prefix) / "var" / "kit"
    assert sandbox.exposed_by(inside_venv) is not None
    assert sandbox.exposed_by(Path("/usr/local/share/kit")) is not None
    assert sandbox.exposed_by(tmp_path) is None
