"""Students add and delete their own examples; the teacher retrains the class model."""
from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..classes.access import own_class
from ..auth.access import staff_required, student_required
from ..extensions import db
from . import service

bp = Blueprint("classdata", __name__)


def _messages() -> dict:
    return {"pixels": _("Draw something first: the drawing is empty."),
            "label": _("Choose which digit or language it is."),
            "text": _("Write a sentence of up to 200 letters."),
            "too_many": _("You have added many examples already. Delete some first."),
            "kind": _("This kind of example is not known.")}


@bp.post("/api/class-samples")
@student_required
def add():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400)
    try:
        sample = service.add(current_user, body.get("kind"), body.get("label"), body.get("data"))
    except service.SampleError as error:
        field = str(error)
        return jsonify({"error": _messages()[field], "field": field, "status": 400}), 400
    db.session.commit()
    return jsonify({"id": sample.id}), 201


@bp.get("/api/class-samples")
@student_required
def mine():
    return jsonify([{"id": s.id, "kind": s.kind, "label": s.label, "data": s.data} for s in service.mine(current_user)])


@bp.post("/api/class-samples/<id:sample_id>/delete")
@student_required
def delete(sample_id):
    if not service.delete_own(current_user, sample_id):
        abort(404)
    db.session.commit()
    return jsonify({"deleted": sample_id})


@bp.get("/api/class-model")
@student_required
def latest():
    run = service.latest_run(current_user.class_id)
    if run is None:
        return jsonify({})
    return jsonify({"samples": run.samples, "result": run.result, "svg": run.svg,
                    "created_at": run.created_at.isoformat()})


@bp.post("/teacher/classes/<id:class_id>/class-model")
@staff_required
def train(class_id):
    run = service.train_digits(own_class(class_id))
    db.session.commit()
    flash(_("The class model was trained on %(num)s drawings.", num=run.samples), "success")
    return redirect(url_for("dashboard.class_progress", class_id=class_id))
