"""POST /api/events: the browser's outbox delivers students' events here."""
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from ..auth.access import student_required
from .limits import WINDOW
from .service import MAX_BATCH, ingest

bp = Blueprint("progress", __name__, url_prefix="/api")

MAX_BODY = 512 * 1024


@bp.post("/events")
@student_required
def post_events():
    if (request.content_length or 0) > MAX_BODY or len(request.get_data(cache=True)) > MAX_BODY:
        abort(413, description={"max_bytes": MAX_BODY})
    body = request.get_json(silent=True)
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        abort(400, description={"message": "send {\"events\": [...]}"})
    if len(events) > MAX_BATCH:
        abort(413, description={"max_batch": MAX_BATCH})
    result = ingest(current_user, events)
    if result.only_deferred:
        # Nothing could be stored this minute: an error status makes the outbox wait and back off
        # (it keeps every event it has not been told is stored, duplicate or rejected).
        response = jsonify(result.as_json())
        response.status_code, response.headers["Retry-After"] = 429, str(int(WINDOW.total_seconds()))
        return response
    return jsonify(result.as_json())
