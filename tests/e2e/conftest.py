"""End-to-end fixtures: a real `kit serve` on 127.0.0.1 and Debian's Chromium driven by Playwright.

Every page a test opens is watched: a request to anything but this kit is blocked and fails the test,
because schools are offline and children's data must not leave the school.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
LAB_PC = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _parse_demo(output: str) -> dict:
    students = {}
    for line in output.splitlines():
        match = re.match(r"^\s{4}(.+?): (?:PIN (\d{4})|(.+))$", line)
        if match:
            name, pin, pictures = match.groups()
            students[name] = pin if pin else pictures.split(" → ")
    code, name = re.search(r"class code: (\d+)  \((.+)\)", output).groups()
    return {"students": students, "class_code": code, "class_name": name}


class KitProcess:
    def __init__(self, home: Path):
        self.home = home
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "KIT_HOME": str(home)}
        demo = subprocess.run([sys.executable, "-m", "kit_server", "demo"], env=self.env,
                              capture_output=True, text=True, check=True, timeout=120)
        self.demo = _parse_demo(demo.stdout)
        self.log = open(home / "serve.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kit_server", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.home / "serve.log").read_text())
            try:
                with urllib.request.urlopen(self.url + "/join", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("kit serve did not start in time")

    def stop(self) -> str:
        """Stop the kit as a service manager does; a machine too busy to let it finish in a minute
        gets it killed (the kit's own stop is tested in tests/demos/test_demos_processes.py)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            self.log.close()
        return (self.home / "serve.log").read_text()


# Package scope: the browser (and its event loop in this thread) is closed when the browser tests
# end, so later tests that run asyncio themselves (Jupyter clients) start from a clean thread.
@pytest.fixture(scope="package")
def kit(tmp_path_factory):
    server = KitProcess(tmp_path_factory.mktemp("e2e-home"))
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, kit):
    """open_page(locale='ar', viewport=PHONE) → a Page on the kit, with outside requests blocked."""
    contexts, outside = [], []

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or (parts.hostname == "127.0.0.1" and parts.port == kit.port):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    def make(locale: str = "ar", viewport: dict = PHONE):
        context = browser.new_context(locale=locale, viewport=viewport, base_url=kit.url)
        context.set_default_timeout(10_000)
        context.route("**/*", guard)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert not outside, f"pages tried to reach outside the kit: {outside}"


def signed_in_staff(open_page, username: str, password: str, viewport: dict = LAB_PC, locale: str = "ar"):
    """A staff member's page after signing in through the form, as they would."""
    page = open_page(locale=locale, viewport=viewport)
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.get_by_role("button", name="تسجيل الدخول").click()
    return page


def signed_in_student(open_page, kit, index: int, viewport: dict = PHONE):
    """The index-th demo student with a PIN, signed in from the class code on the board, in Arabic."""
    name, pin = [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][index]
    page = open_page(locale="ar", viewport=viewport)
    page.goto(f"/join/{kit.demo['class_code']}")
    page.get_by_role("link", name=name).click()
    page.get_by_label("الرمز السري").fill(pin)
    page.get_by_role("button", name="تسجيل الدخول").click()
    return page, name
