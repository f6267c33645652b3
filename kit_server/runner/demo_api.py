"""POST /api/demos/<demo_id>: run a live demo with the student's settings; GET .../schema: the
settings and their bounds, for the page's sliders.

Both stay light in the web process: the registry, the settings' schemas and validation need only
pydantic; scikit-learn and matplotlib load in the demo worker processes (see kit_server/demos)."""
from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _

from ..auth.access import roles_required
from ..auth.models import ADMIN, STUDENT, TEACHER
from ..demos import (DEMOS, DemoNotFound, DemoParamError, DemoStarting, DemoTooSlow,
                     DemoUnavailable, run_demo)

bp = Blueprint("demos", __name__, url_prefix="/api/demos")
MAX_BODY = 256 * 1024  # class-collected digits are the largest legitimate body


@bp.post("/<demo_id>")
@roles_required(ADMIN, TEACHER, STUDENT)
def run(demo_id):
    if demo_id not in DEMOS:
        abort(404)
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description={"message": "send {\"params\": {...}}"})
    try:
        return jsonify(run_demo(demo_id, body.get("params", {}), width=body.get("width")))
    except DemoNotFound:
        abort(404)
    except DemoParamError as error:
        return jsonify({"error": _("These settings are not valid."), "errors": error.errors, "status": 400}), 400
    except DemoStarting:
        # The page keeps asking; the run goes on meanwhile and is ready for the next ask.
        return _unavailable("starting", _("The demo is starting…"), retry=1)
    except DemoUnavailable:
        return _unavailable("unavailable", _("Live demos cannot run on this computer today. "
                                             "Read on: the lesson continues without them."))
    except DemoTooSlow:
        return _unavailable("too_slow", _("The demo took too long. Try smaller settings."), retry=2)


def _unavailable(state: str, message: str, retry: int | None = None):
    answer = jsonify({"error": message, "state": state, "status": 503})
    if retry is not None:
        answer.headers["Retry-After"] = str(retry)
    return answer, 503


@bp.get("/<demo_id>/schema")
@roles_required(ADMIN, TEACHER, STUDENT)
def schema(demo_id):
    """The settings a demo takes, with their bounds, so the page can draw its sliders."""
    spec = DEMOS.get(demo_id)
    if spec is None:
        abort(404)
    return jsonify(spec.params_schema())
