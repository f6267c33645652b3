"""The IT person installs a signed content pack from the admin page, watching its progress."""
import shutil

from kit_server.packs import generate_keypair, trust_key

from ..packs.conftest import PROJECT, build, set_version
from .conftest import LAB_PC


def _admin_page(open_page):
    page = open_page(locale="ar", viewport=LAB_PC)
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill("admin")
    page.get_by_label("كلمة المرور").fill("demo-admin-2026")
    page.get_by_role("button", name="تسجيل الدخول").click()
    return page


def test_admin_uploads_a_pack_and_sees_it_installed(open_page, kit, tmp_path):
    private, public = generate_keypair(tmp_path / "programme")
    trust_key(kit.home, public)
    source = tmp_path / "source"
    shutil.copytree(PROJECT / "lessons" / "m1-meet-ai", source / "lessons" / "m1-meet-ai")
    set_version(source, "1.0")
    pack = build(source, private, tmp_path / "meet-ai.zip")

    page = _admin_page(open_page)
    page.goto("/admin/packs")
    page.locator("input[type=file]").set_input_files(str(pack))
    page.locator("form[data-upload] button[type=submit]").click()
    page.wait_for_url("**/admin/jobs/*")  # the install goes on in the background; this page follows it
    page.get_by_text("تم تثبيت الحزمة ودروسها جاهزة.").wait_for()  # the page reloads itself at the end
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="العودة إلى حزم المحتوى").click()
    page.locator("td", has_text="meet-ai").wait_for()
    assert "الصف السابع" in page.locator("table").inner_text()  # the demo class uses module 1


def test_the_job_page_moves_its_bar_and_says_how_the_job_ended(open_page, kit):
    """The page polls the kit: it shows the progress a job writes, and once the job ends it shows the end."""
    import sqlite3

    database = sqlite3.connect(kit.home / "kit.db")
    with database:  # a report job half way through its modules, as its thread writes it
        database.execute("INSERT INTO job (id, kind, state, phase, done, total, started_at, heartbeat_at) "
                         "VALUES ('watched', 'report', 'running', 'count', 1, 4, ?, ?)", (_now(), _now()))
    page = _admin_page(open_page)
    page.goto("/admin/jobs/watched")
    assert page.locator("progress").get_attribute("value") == "25"
    with database:
        database.execute("UPDATE job SET done = 3, heartbeat_at = ? WHERE id = 'watched'", (_now(),))
    page.get_by_text("جارٍ عدّ الوحدة 3 من 4…").wait_for()
    assert page.locator("progress").evaluate("bar => bar.value") == 75
    with database:
        database.execute("UPDATE job SET state = 'failed', detail = 'disk full' WHERE id = 'watched'")
    page.get_by_text("لم ينجح ذلك. لم يتغيّر شيء.").wait_for()
    assert "disk full" in page.locator("main").inner_text()
    database.close()


def _now() -> str:
    from kit_server.timeutil import utcnow

    return utcnow().isoformat(" ")  # as SQLAlchemy writes a DateTime in SQLite
