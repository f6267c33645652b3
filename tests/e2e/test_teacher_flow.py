"""A teacher assigns a module in Arabic; a student sees it; the class dashboard fills in."""
from .conftest import signed_in_staff, signed_in_student


def _teacher(open_page, kit):
    page = signed_in_staff(open_page, "teacher", "demo-teacher-2026")
    page.get_by_role("link", name=kit.demo["class_name"], exact=True).click()
    return page, page.url.rstrip("/")


def test_assign_a_module_and_watch_the_dashboard_fill_in(open_page, kit):
    teacher, class_url = _teacher(open_page, kit)
    teacher.goto(f"{class_url}/assignments")
    option = teacher.locator("#target option[value^='module:m2']")
    module_title = option.inner_text().split("—")[0].replace("الوحدة:", "").strip()
    teacher.locator("#target").select_option(option.get_attribute("value"))
    teacher.get_by_label("تاريخ التسليم (اختياري)").fill("2026-12-20")
    teacher.get_by_role("button", name="كلّف", exact=True).click()
    assert "تمّ التكليف" in teacher.get_by_role("status").first.inner_text()

    student, name = signed_in_student(open_page, kit, 18)
    assert module_title in student.locator("main").inner_text()  # the new module is there at once

    # The student finishes the first lesson; the teacher's dashboard shows it done.
    student.locator("a.lesson-link").first.click()
    student.locator("#lesson").wait_for()
    while student.locator("section.step:not([hidden]) a[rel=next]").count():
        student.locator("section.step:not([hidden]) a[rel=next]").click()
    student.locator("section.step:not([hidden]) a[data-finish]").click()
    student.wait_for_url("**/summary")
    teacher.goto(f"{class_url}/progress")
    row = teacher.locator("table.grid tbody tr", has_text=name)
    assert "مكتمل" in row.inner_text()
