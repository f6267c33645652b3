"""The model maker's pages: students make and use models; teachers moderate; the admin sets quotas.

Thin views: parse → check access → call the service → commit → render. Forms post back to the
same pages, so every step works with a plain form (the drawing canvas fills a hidden field).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.access import admin_required, staff_required, student_required
from ..classes import service as classes
from ..classes.models import SchoolClass
from ..extensions import db
from . import service
from .messages import message
from .models import ModelProject

bp = Blueprint("modelmaker", __name__)


def _labels_from_form() -> list[str]:
    return [value for value in request.form.getlist("label") if value.strip()]


def _example_data(project: ModelProject) -> dict:
    """The example's fields as the service expects them, from a plain form."""
    if project.kind == "words":
        return {"text": request.form.get("text", "")}
    if project.kind == "drawings":
        cells = request.form.get("pixels", "").split(",")
        return {"pixels": [int(c) if c.isascii() and c.isdigit() else -1 for c in cells] if any(cells) else []}
    values = []
    for raw in request.form.getlist("value"):
        try:
            values.append(float(raw.replace(",", ".").replace("٫", ".")))
        except ValueError:
            values.append(float("nan"))
    return {"values": values}


# ---- students -----------------------------------------------------------------------------------

def _student_project(project_id: int, contribute: bool = False) -> ModelProject:
    project = db.session.get(ModelProject, project_id)
    allowed = service.may_contribute if contribute else service.visible_to
    if project is None or not allowed(current_user, project):
        abort(404)  # another class's project is simply not there
    return project


@bp.get("/make")
@student_required
def student_projects():
    projects = service.projects_of_class(current_user.class_id)
    return render_template("modelmaker/projects.html", projects=projects, kinds=_kinds())


@bp.post("/make")
@student_required
def student_create():
    school_class = db.session.get(SchoolClass, current_user.class_id)
    try:
        project = service.create_project(school_class, current_user, request.form.get("name"),
                                         request.form.get("kind"), _labels_from_form(),
                                         request.form.getlist("column"))
    except service.ProjectError as error:
        flash(message(str(error)), "error")
        return redirect(url_for(".student_projects"))
    db.session.commit()
    return redirect(url_for(".project", project_id=project.id))


@bp.get("/make/<id:project_id>")
@student_required
def project(project_id):
    project = _student_project(project_id)
    return _project_page(project, may_edit=service.may_contribute(current_user, project))


def _project_page(project, *, may_edit, tried=None, tried_input=None, status=200):
    version = service.latest_version(project)
    mine = [e for e in project.examples if e.student_id == getattr(current_user, "id", None)] \
        if current_user.role == "student" else list(project.examples)
    return render_template("modelmaker/project.html", project=project, version=version, may_edit=may_edit,
                           counts=service.counts_by_label(project), ready=service.ready_to_train(project),
                           contributions=service.contributions(project), mine=mine,
                           wrong=_wrong_examples(version), tried=tried, tried_input=tried_input), status


def _wrong_examples(version):
    if version is None:
        return []
    by_id = service.version_examples(version)
    return [{**m, "data": by_id.get(m["id"], {}).get("data", {})} for m in version.result.get("mistakes", [])]


@bp.post("/make/<id:project_id>/examples")
@student_required
def add_example(project_id):
    project = _student_project(project_id, contribute=True)
    try:
        service.add_example(project, current_user, request.form.get("example_label"), _example_data(project))
    except service.ProjectError as error:
        flash(message(str(error)), "error")
        return _project_page(project, may_edit=True, status=400)
    db.session.commit()
    flash(_("Example added."), "success")
    return redirect(url_for(".project", project_id=project.id) + "#collect")


@bp.post("/make/<id:project_id>/examples/<id:example_id>/delete")
@student_required
def delete_example(project_id, example_id):
    project = _student_project(project_id, contribute=True)
    if not service.delete_example(project, example_id, current_user):
        abort(404)
    db.session.commit()
    return redirect(url_for(".project", project_id=project.id) + "#collect")


@bp.post("/make/<id:project_id>/train")
@student_required
def train(project_id):
    project = _student_project(project_id, contribute=True)
    return _train(project, current_user, url_for(".project", project_id=project.id))


def _train(project, student, back):
    try:
        service.train(project, student)
    except service.ProjectError as error:
        flash(message(str(error)), "error")
        return redirect(back)
    db.session.commit()
    return redirect(back + "#result")


@bp.post("/make/<id:project_id>/try")
@student_required
def try_it(project_id):
    project = _student_project(project_id)
    version = service.latest_version(project)
    if version is None:
        abort(404)
    data = _example_data(project)
    try:
        answer = service.try_version(version, data)
    except service.ProjectError as error:
        flash(message(str(error)), "error")
        return redirect(url_for(".use", project_id=project.id))
    page = request.form.get("page")
    if page == "use":
        return render_template("modelmaker/use.html", project=project, version=version, tried=answer,
                               tried_input=data)
    return _project_page(project, may_edit=service.may_contribute(current_user, project), tried=answer,
                         tried_input=data)


@bp.get("/make/<id:project_id>/use")
@student_required
def use(project_id):
    project = _student_project(project_id)
    return render_template("modelmaker/use.html", project=project, version=service.latest_version(project),
                           tried=None, tried_input=None)


@bp.route("/make/<id:project_id>/card", methods=["GET", "POST"])
@student_required
def card(project_id):
    project = _student_project(project_id)
    if request.method == "POST":
        if not service.may_contribute(current_user, project):
            abort(404)
        try:
            service.save_card(project, request.form.get("purpose", ""), request.form.get("limits", ""),
                              request.form.get("decides", ""))
        except service.ProjectError as error:
            flash(message(str(error)), "error")
        else:
            db.session.commit()
            flash(_("The model card was saved."), "success")
        return redirect(url_for(".card", project_id=project.id))
    return render_template("modelmaker/card.html", project=project, version=service.latest_version(project),
                           counts=service.counts_by_label(project),
                           may_edit=service.may_contribute(current_user, project))


# ---- teachers -----------------------------------------------------------------------------------

def _teachers_class(class_id: int) -> SchoolClass:
    school_class = db.session.get(SchoolClass, class_id)
    if school_class is None or not classes.can_manage(current_user, school_class):
        abort(404)
    return school_class


def _teachers_project(project_id: int) -> ModelProject:
    project = db.session.get(ModelProject, project_id)
    if project is None:
        abort(404)
    _teachers_class(project.class_id)
    return project


@bp.get("/teacher/classes/<id:class_id>/models")
@staff_required
def class_projects(class_id):
    school_class = _teachers_class(class_id)
    return render_template("modelmaker/class_projects.html", school_class=school_class,
                           projects=service.projects_of_class(class_id), kinds=_kinds())


@bp.post("/teacher/classes/<id:class_id>/models")
@staff_required
def class_create(class_id):
    school_class = _teachers_class(class_id)
    try:
        project = service.create_project(school_class, None, request.form.get("name"), request.form.get("kind"),
                                         _labels_from_form(), request.form.getlist("column"))
    except service.ProjectError as error:
        flash(message(str(error)), "error")
        return redirect(url_for(".class_projects", class_id=class_id))
    db.session.commit()
    flash(_("The class project was started. Students find it under “Make a model”."), "success")
    return redirect(url_for(".moderate", project_id=project.id))


@bp.get("/teacher/models/<id:project_id>")
@staff_required
def moderate(project_id):
    project = _teachers_project(project_id)
    return _project_page(project, may_edit=False)


@bp.post("/teacher/models/<id:project_id>/examples/<id:example_id>/delete")
@staff_required
def moderate_delete_example(project_id, example_id):
    project = _teachers_project(project_id)
    if not service.delete_example(project, example_id):
        abort(404)
    db.session.commit()
    flash(_("The example was deleted."), "success")
    return redirect(url_for(".moderate", project_id=project.id) + "#collect")


@bp.post("/teacher/models/<id:project_id>/lock")
@staff_required
def lock(project_id):
    project = _teachers_project(project_id)
    project.locked = request.form.get("locked") == "1"
    db.session.commit()
    flash(_("The project is locked.") if project.locked else _("The project is open again."), "success")
    return redirect(url_for(".moderate", project_id=project.id))


@bp.post("/teacher/models/<id:project_id>/train")
@staff_required
def moderate_train(project_id):
    project = _teachers_project(project_id)
    return _train(project, None, url_for(".moderate", project_id=project.id))


@bp.post("/teacher/models/<id:project_id>/delete")
@staff_required
def delete_project(project_id):
    project = _teachers_project(project_id)
    class_id = project.class_id
    db.session.delete(project)
    db.session.commit()
    flash(_("The project and its examples were deleted."), "success")
    return redirect(url_for(".class_projects", class_id=class_id))


# ---- the admin's quotas -------------------------------------------------------------------------

@bp.route("/admin/model-maker", methods=["GET", "POST"])
@admin_required
def quotas():
    quota = service.quota()
    if request.method == "POST":
        examples, kilobytes = request.form.get("examples", ""), request.form.get("kilobytes", "")
        if not (examples.isascii() and examples.isdigit() and kilobytes.isascii() and kilobytes.isdigit()
                and 10 <= int(examples) <= 100_000 and 10 <= int(kilobytes) <= 100_000):
            flash(message("quota"), "error")
            return render_template("modelmaker/quotas.html", quota=quota), 400
        service.set_quota(int(examples), int(kilobytes) * 1000)
        db.session.commit()
        flash(_("The quotas were saved."), "success")
        return redirect(url_for(".quotas"))
    return render_template("modelmaker/quotas.html", quota=quota)


def _kinds() -> dict[str, str]:
    return {"words": _("Words"), "drawings": _("Drawings"), "numbers": _("Numbers")}
