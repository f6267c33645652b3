"""POST /api/demos/<demo_id>: run a live demo with the student's settings.

Lives outside the demos package so that registering it does not import scikit-learn and
matplotlib: those load on the first demo request."""
import threading

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _

from ..auth.access import roles_required
from ..auth.models import ADMIN, STUDENT, TEACHER
from ..demo_ids import DEMO_IDS

bp = Blueprint("demos", __name__, url_prefix="/api/demos")
MAX_BODY = 256 * 1024  # class-collected digits are the largest legitimate body


@bp.post("/<demo_id>")
@roles_required(ADMIN, TEACHER, STUDENT)
def run(demo_id):
    # Imported here: scikit-learn and matplotlib load on the first demo, not when the kit starts.
    from ..demos import DemoNotFound, DemoParamError, DemoTooSlow, run_demo

    if demo_id not in DEMO_IDS:
        abort(404)
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description={"message": "send {\"params\": {...}}"})
    try:
        return jsonify(run_demo(demo_id, body.get("params", {})))
    except DemoNotFound:
        abort(404)
    except DemoParamError as error:
        return jsonify({"error": _("These settings are not valid."), "errors": error.errors, "status": 400}), 400
    except DemoTooSlow:
        return jsonify({"error": _("The demo took too long. Try smaller settings."), "status": 503}), 503


_warming = threading.Lock()
_warmed = []


def _warm_up_once() -> None:
    """The first lesson page with a demo starts training the shared models in the background,
    so that by the time a student reaches the demo step the first run is quick."""
    with _warming:
        if _warmed:
            return
        _warmed.append(True)
    from ..demos import warm_up

    threading.Thread(target=warm_up, name="kit-demo-warm-up", daemon=True).start()


@bp.get("/<demo_id>/schema")
@roles_required(ADMIN, TEACHER, STUDENT)
def schema(demo_id):
    """The settings a demo takes, with their bounds, so the page can draw its sliders."""
    from ..demos import DEMOS

    if not current_app.testing:
        _warm_up_once()
    spec = DEMOS.get(demo_id)
    if spec is None:
        abort(404)
    return jsonify(spec.Params.model_json_schema())
