"""Static files with content hashes in their names, cached for a year, sent compressed.

`asset('js/lesson.js')` gives `/static/js/lesson.3f2a1b9c0d.js`. A new kit version changes the hash,
so browsers fetch the new file at once and never re-download an unchanged one. Text files are
gzipped once at start; dynamic pages are gzipped per response (cheap next to a slow school Wi-Fi).
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from .auth.access import public

STATIC_DIR = Path(__file__).resolve().parent / "static"
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt"}
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[a-z0-9]+)$")
YEAR = 365 * 24 * 3600

bp = Blueprint("assets", __name__)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    digest: str
    mimetype: str


def _scan() -> dict[str, Asset]:
    assets = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        if not path.is_file():
            continue
        body = path.read_bytes()
        name = path.relative_to(STATIC_DIR).as_posix()
        compress = path.suffix in COMPRESSIBLE and len(body) > 512
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        assets[name] = Asset(body, gzip.compress(body, 9, mtime=0) if compress else None,
                             hashlib.sha256(body).hexdigest()[:10], mimetype)
    return assets


def init_app(app) -> None:
    app.extensions["kit_assets"] = _scan()
    app.jinja_env.globals["asset"] = asset
    app.after_request(compress_response)


def asset(name: str) -> str:
    entry = current_app.extensions["kit_assets"].get(name)
    if entry is None:
        raise KeyError(f"no static file {name!r}")
    stem, dot, suffix = name.rpartition(".")
    return f"/static/{stem}.{entry.digest}.{suffix}"


def _accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


@bp.get("/static/<path:filename>")
@public
def static(filename):
    match = HASHED_NAME.match(filename)
    name = f"{match['stem']}{match['suffix']}" if match else filename
    entry = current_app.extensions["kit_assets"].get(name)
    if entry is None:
        abort(404)
    fresh = bool(match) and match["hash"] == entry.digest
    use_gzip = entry.gzipped is not None and _accepts_gzip()
    response = Response(entry.gzipped if use_gzip else entry.body, mimetype=entry.mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    # Only a name with the current hash may be cached forever; anything else is checked each time.
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable" if fresh else "no-cache"
    response.set_etag(entry.digest)
    response.direct_passthrough = False
    return response.make_conditional(request)


def compress_response(response: Response) -> Response:
    """Gzip HTML and JSON answers over 1 KB for browsers that accept it."""
    if (response.direct_passthrough or response.status_code < 200 or response.status_code >= 300
            or "Content-Encoding" in response.headers or not _accepts_gzip()
            or response.mimetype not in ("text/html", "application/json")):
        return response
    body = response.get_data()
    if len(body) < 1024:
        return response
    response.set_data(gzip.compress(body, 6))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.add("Vary", "Accept-Encoding")
    return response
