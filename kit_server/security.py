"""Browser hardening headers on every response.

- A Content-Security-Policy with no inline script: every script is a file under /static (pages pass
  data to them through data- attributes or a <script type="application/json"> block, which is data,
  not code). Styles may be inline: the demos' SVG charts carry <style> elements and a few templates
  set a CSS variable in a style attribute.
- No framing (clickjacking), no MIME sniffing, no Referer to other sites (Flask-WTF still gets the
  same-origin Referer it checks over HTTPS).
- Files from content packs (lesson images and SVGs) get a sandboxing policy of their own: opened in
  a tab, a signed pack's SVG can draw but never run a script on the kit's origin (review L7).
"""
from __future__ import annotations

from flask import Flask, request

PAGE_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
))
PACK_FILE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
PACK_FILE_ENDPOINTS = {"runner.lesson_file"}

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def add_headers(response):
    pack_file = request.endpoint in PACK_FILE_ENDPOINTS
    response.headers["Content-Security-Policy"] = PACK_FILE_POLICY if pack_file else PAGE_POLICY
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
