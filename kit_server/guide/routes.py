"""The teacher guide in the browser (print it with the browser's Print)."""
from flask import Blueprint, abort, url_for
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
    lang = str(get_locale())
    others = [(m.title[lang], url_for("guide.module_guide", module_id=m.id))
              for m in catalog().modules if m.id != module.id]
    return render_guide(module, lang, links={"back": url_for("classes.list_classes"), "modules": others,
                                           "lesson": lambda lesson_id: url_for("runner.resume", lesson_id=lesson_id)})
