"""The teacher guide in the browser (print it with the browser's Print)."""
from flask import Blueprint, abort
from flask_babel import get_locale

from ..auth.access import staff_required
from ..lessons import catalog
from .service import render_guide

bp = Blueprint("guide", __name__, template_folder="templates")


@bp.get("/teacher/guide/<module_id>")
@staff_required
def module_guide(module_id):
    module = catalog().module(module_id)
    if module is None:
        abort(404)
    return render_guide(module, str(get_locale()))
