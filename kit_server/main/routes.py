"""The front door: a welcome page for visitors and each person's home by role."""
from flask import Blueprint, redirect, render_template, url_for
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
    return render_template("main/student_home.html", school_class=current_user.school_class)
