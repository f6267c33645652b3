"""The IT person installs a signed content pack from the admin page, watching its progress."""
import shutil

from kit_server.packs import generate_keypair, trust_key

from ..packs.conftest import PROJECT, build, set_version
from .conftest import LAB_PC


def test_admin_uploads_a_pack_and_sees_it_installed(open_page, kit, tmp_path):
    private, public = generate_keypair(tmp_path / "programme")
    trust_key(kit.home, public)
    source = tmp_path / "source"
    shutil.copytree(PROJECT / "lessons" / "m1-meet-ai", source / "lessons" / "m1-meet-ai")
    set_version(source, "1.0")
    pack = build(source, private, tmp_path / "meet-ai.zip")

    page = open_page(locale="ar", viewport=LAB_PC)
    page.goto("/login")
    page.get_by_label("اسم المستخدم").fill("admin")
    page.get_by_label("كلمة المرور").fill("demo-admin-2026")
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.goto("/admin/packs")
    page.locator("input[type=file]").set_input_files(str(pack))
    page.locator("form[data-upload] button[type=submit]").click()
    page.wait_for_url("**/admin/packs")
    page.locator("td", has_text="meet-ai").wait_for()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "الصف السابع" in page.locator("table").inner_text()  # the demo class uses module 1
