"""A student attacks the kit from their own notebook, in a real JupyterLab in the real bubblewrap sandbox.

Each attack of the security review (issue #13) is run as student code in Layla's kernel, then the
kit's pages are used as Layla and her teacher would. The kit must refuse (never follow a link, stop
only Layla's kernel past a limit, with a message for her), stay up, and go on serving Sami, a
classmate whose own server runs beside hers all along.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest

from kit_server.extensions import db
from kit_server.notebooks import limits, service
from kit_server.notebooks.models import NotebookHandout
from kit_server.notebooks.sessions import NotebookSettings, SessionManager, save_settings

from ..conftest import csrf_token, make_student, post_form, sign_in_staff, sign_in_student
from .test_sandbox import http, needs_bwrap, read_log, wait_ready
from .test_sandbox import run_code as run_in_notebook

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
FIRST, SECOND = "m1-l2-nearest-neighbours", "m2-l4-testing-and-overfitting"
MARKER = "SAMI-OWN-ANSWER"


@pytest.fixture
def classroom(request, app, client, school, login_as, tmp_path, monkeypatch):
    """Running switched on, FIRST handed out, Layla's and Sami's servers ready (small limits).

    "kit watchdog alone": no cgroup, as on a school PC where the kit runs as its own user without
    delegation; otherwise as this machine allows (here, as root, cgroups hold memory and processes)."""
    if getattr(request, "param", "") == "kit watchdog alone":
        monkeypatch.setattr(limits, "make_cgroups", lambda name, cap: [])
    sami, _pin = make_student(school["class"], name="سامي")
    save_settings(app.config["KIT_HOME"], NotebookSettings(memory_mb=600, processes=64, tmp_mb=16, folder_mb=20))
    manager = SessionManager(app.config["KIT_HOME"], app.config["SECRET_KEY"], ip="127.0.0.1",
                             ports=(19500, 19540), sandboxed=True, watch_seconds=0.5)
    app.extensions[service.EXTENSION_KEY] = manager
    login_as("teacher")
    page = f"/teacher/classes/{school['class'].id}/notebooks"
    post_form(client, f"{page}/running", {"enabled": "1"}, token_from=page)
    assert post_form(client, f"{page}/handouts", {"notebook": f"{FIRST}.ar"}, token_from=page).status_code == 302
    layla = school["student"].id
    sami_copy = manager.work_dir(sami.id) / f"{FIRST}.ar.ipynb"
    sami_copy.write_text(sami_copy.read_text(encoding="utf-8").replace(
        '"cells": [', '"cells": [{"cell_type": "markdown", "id": "sami", "metadata": {}, "source": "%s"},' % MARKER,
        1), encoding="utf-8")
    for student in (layla, sami.id):
        manager.request(student)
    for student in (layla, sami.id):
        assert wait_ready(manager, student).state == "ready", read_log(manager, student)
    yield {"manager": manager, "layla": layla, "sami": sami.id, "page": page, "outside": tmp_path / "outside"}
    cgroups = [folder for student in (layla, sami.id) if manager.status(student)
               for folder in manager.status(student).cgroups]
    manager.close()
    assert not [folder for folder in cgroups if folder.exists()]  # nothing left behind on the system


def still_serves_sami(manager, sami):
    """Sami's server answers and runs his code; his work is untouched."""
    assert manager.status(sami).state == "ready"
    assert run_code(manager, sami, "print(6 * 7)").strip() == "42"
    assert MARKER in (manager.work_dir(sami) / f"{FIRST}.ar.ipynb").read_text(encoding="utf-8")


def browsers(app, school):
    """(teacher's, Layla's) browsers, each signed in on its own (signing Layla out would stop her server)."""
    teacher, layla = app.test_client(), app.test_client()
    assert sign_in_staff(teacher, "teacher").status_code == 302
    assert sign_in_student(layla, school["class"], school["student"], school["pin"]).status_code == 302
    return teacher, layla


@needs_bwrap
def test_links_planted_from_the_notebook_are_never_followed(app, client, school, login_as, classroom):
    manager, layla, sami = classroom["manager"], classroom["layla"], classroom["sami"]
    outside = classroom["outside"]
    outside.mkdir()
    # The review's attack, with the real host paths given to the student (the worst case).
    attack = f"""
import os
os.rename('{FIRST}.ar.ipynb', 'x.bak')
os.symlink({str(manager.work_dir(sami) / f"{FIRST}.ar.ipynb")!r}, '{FIRST}.ar.ipynb')
os.symlink({str(outside / "missing" / "written-by-kit.ipynb")!r}, '{SECOND}.ar.ipynb')
os.chdir('/home/student')
os.rename('.config', 'config.bak')
os.symlink({str(outside)!r}, '.config')
os.rename('.ipython', 'ipython.bak')
os.symlink('/nowhere/at/all', '.ipython')  # the review: with this, her server never started again
print('PLANTED')
"""
    assert "PLANTED" in run_code(manager, layla, attack)

    # Layla reads "her" copy: the kit refuses the link and says so; Sami's work is not shown.
    teacher, student = browsers(app, school)
    read = student.get(f"/notebooks/{FIRST}/ar/read")
    assert read.status_code == 409 and MARKER not in read.get_data(as_text=True)
    # Her teacher collects and reviews: the link is named, never opened.
    with app.app_context():
        handout = db.session.query(NotebookHandout).one()
    base = f"/teacher/classes/{school['class'].id}/notebooks/handouts/{handout.id}"
    listing = teacher.get(base)
    assert listing.status_code == 200 and MARKER not in listing.get_data(as_text=True)
    review = teacher.get(f"{base}/{layla}")
    assert review.status_code == 409 and MARKER not in review.get_data(as_text=True)
    assert MARKER in teacher.get(f"{base}/{sami}").get_data(as_text=True)
    # Handing out SECOND writes Layla's copy in her folder, not where her link points.
    page = classroom["page"]
    assert post_form(teacher, f"{page}/handouts", {"notebook": f"{SECOND}.ar"}, token_from=page).status_code == 302
    assert not (outside / "missing").exists()
    copy = manager.work_dir(layla) / f"{SECOND}.ar.ipynb"
    assert not copy.is_symlink() and copy.read_bytes() == (NOTEBOOKS / f"{SECOND}.ar.ipynb").read_bytes()

    # Her server restarts although .config is a link: the kit made nothing in the host folder.
    manager.stop(layla)
    manager.request(layla)
    assert wait_ready(manager, layla).state == "ready", read_log(manager, layla)
    assert list(outside.iterdir()) == []
    assert not (manager.student_dir(layla) / ".config").is_symlink()
    # Reset replaces the link by a fresh copy; Sami's copy is still his.
    assert post_form(student, f"/notebooks/{FIRST}/ar/reset", {}, token_from="/notebooks").status_code == 302
    assert student.get(f"/notebooks/{FIRST}/ar/read").status_code == 200
    still_serves_sami(manager, sami)


def run_code(manager, student, code, timeout=60):
    """Each run in a kernel of its own (as a new notebook would): one the kit stopped stays stopped."""
    try:
        return run_in_notebook(manager, student, code, timeout, path=f"probe-{uuid.uuid4().hex[:8]}.ipynb")
    except Exception as exc:
        raise AssertionError(read_log(manager, student)) from exc


def wait_for_notice(manager, student, kind, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        notice = manager.notice(student, pop=False)
        if notice is not None and notice.kind == kind:
            return notice
        time.sleep(0.2)
    raise AssertionError(f"no {kind} notice; server: {manager.status(student)}")


def run_until_stopped(manager, student, code):
    """Start code the kit is expected to stop; its kernel dies mid-cell, so nothing waits for an answer
    (the thread ends when the kit closes the kernel's connection). Returns what it printed, so far."""
    printed = []

    def run():
        try:
            printed.append(run_code(manager, student, code, timeout=300))
        except Exception:  # noqa: BLE001 - the kernel was killed under it, as expected
            pass

    threading.Thread(target=run, daemon=True).start()
    return printed


MEMORY_HOG = """
import time
hog = []
for _ in range(80):
    hog.append(b"\\x01" * (25 << 20))  # filled, so really resident: 2 GB in the end
    time.sleep(0.05)
print('SURVIVED', len(hog))
"""

FORK_BOMB = """
import os, time
for _ in range(400):
    try:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
    except OSError:
        time.sleep(0.01)
time.sleep(60)
print('SURVIVED')
"""


@needs_bwrap
@pytest.mark.parametrize("classroom", ["with cgroups where allowed", "kit watchdog alone"], indirect=True)
def test_resource_attacks_stop_only_that_students_kernel(app, client, school, login_as, classroom):
    manager, layla, sami = classroom["manager"], classroom["layla"], classroom["sami"]

    # One huge allocation fails at once inside the kernel (RLIMIT_AS); the kernel lives on.
    assert "MemoryError" in run_code(manager, layla, 'b"\\x01" * (4 << 30)')
    # /tmp, /dev/shm are small and /dev is read-only: the writes fail, inside only.
    out = run_code(manager, layla, """
for path in ('/tmp/fill', '/dev/shm/fill', '/dev/fill'):
    try:
        with open(path, 'wb') as f:
            f.write(b'x' * (40 << 20))
        print('WROTE', path)
    except OSError as exc:
        print('REFUSED', path, exc.strerror)
""")
    assert "WROTE" not in out and out.count("REFUSED") == 3, out

    # Memory grown bit by bit past the cap: the kit (or the cgroup) stops that kernel, with a notice.
    printed = run_until_stopped(manager, layla, MEMORY_HOG)
    assert wait_for_notice(manager, layla, "memory").limit == 600
    # A fork bomb: refused past the cap, and the kernel with all it started is stopped.
    printed += run_until_stopped(manager, layla, FORK_BOMB)
    wait_for_notice(manager, layla, "processes")
    assert manager._usage(manager.status(layla)).processes < 40  # nothing of the bomb is left

    # The folder quota: no single file past it, and past it in total the kernel stops.
    out = run_code(manager, layla, """
try:
    open('big0', 'wb').write(b'x' * (30 << 20))
except OSError as exc:
    print('REFUSED', exc.strerror)
""")
    assert "REFUSED" in out, out
    run_until_stopped(manager, layla, """
import time
for i in range(1, 4):
    open(f'big{i}', 'wb').write(b'x' * (12 << 20))
time.sleep(60)
print('SURVIVED')
""")
    wait_for_notice(manager, layla, "folder")

    # Layla is told why, in the kit, and how to get out of it; the server is still hers to clean up.
    _teacher, student = browsers(app, school)
    # The token from /login, not /notebooks: that page shows the notice, and so uses it up.
    student.post("/language", data={"lang": "en", "csrf_token": csrf_token(student, "/login")})
    page = student.get("/notebooks").get_data(as_text=True)
    assert "Your notebook folder is full" in page and "folder was full" in page
    for name in ("big0", "big1", "big2", "big3"):
        http(manager, layla, f"api/contents/{name}", "DELETE")
    assert manager.folder_full(layla) is None
    assert "folder is full" not in student.get("/notebooks").get_data(as_text=True)
    assert manager.status(layla).state == "ready"
    assert run_code(manager, layla, "print('back')").strip() == "back"
    assert not any("SURVIVED" in text for text in printed)
    still_serves_sami(manager, sami)
