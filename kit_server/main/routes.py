"""The front door: a welcome page for visitors and each person's home by role."""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from ..auth.access import public, student_required
from ..auth.models import ADMIN, STUDENT

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def index():
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    if current_user.role == STUDENT:
        return redirect(url_for("main.student_home"))
    if current_user.role == ADMIN:
        return redirect(url_for("admin.overview"))
    return redirect(url_for("classes.list_classes"))


@bp.get("/me")
@student_required
def student_home():
    from ..assignments.service import assigned_modules
    from ..live.service import open_session
    from ..progress.module_tests import tests_taken
    from ..runner.service import lesson_fraction, progress_by_lesson

    modules = assigned_modules(current_user)
    progress = progress_by_lesson(current_user)
    fractions = {lesson.id: lesson_fraction(lesson, progress.get(lesson.id))
                 for entry in modules for lesson in entry.lessons}
    completed = [lesson_id for lesson_id, fraction in fractions.items() if fraction >= 1]
    taken = tests_taken(current_user)  # one query for every module, not two per module
    tests = {entry.module.id: {
        # The pre-test measures what a student knew before the module: offered until a lesson is done.
        "pre_available": bool(entry.module.pre_test) and (entry.module.id, "pre") not in taken
        and not any(fractions[lesson.id] >= 1 for lesson in entry.lessons),
        "post_available": bool(entry.module.post_test) and (entry.module.id, "post") not in taken
        and all(fractions[lesson.id] >= 1 for lesson in entry.lessons)} for entry in modules}
    return render_template("main/student_home.html", school_class=current_user.school_class, modules=modules,
                           fractions=fractions, completed=completed, lang=str(get_locale()),
                           live=open_session(current_user.class_id), module_tests=tests,
                           test_data={"student": current_user.id, "url": url_for("runner.module_test_events")})
