"""Talking to the programme's hub: plain HTTP on a trial network, HTTPS with the hub's certificate
pinned at enrolment (its SHA-256 is kept and every later connection must present the same one, so a
machine pretending to be the hub on the school's network gets nothing). Only two requests ever
leave the kit: the enrolment (school id, public key, governorate, district, school type) and signed
report bundles. Standard library only, so it works wherever the kit runs."""
from __future__ import annotations

import hashlib
import http.client
import json
import socket
import ssl
from urllib.parse import urlsplit

MAX_ANSWER = 1_000_000


class HubUnreachable(Exception):
    """Try again later: no answer, a timeout, a server error, or a certificate that is not the pinned one."""


class HubRefused(Exception):
    """The hub answered and said no (4xx); sending the same thing again would not help."""


def normalise_url(text: str) -> str:
    """http(s)://host[:port][/path] with no query, fragment or user; ValueError otherwise."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise ValueError("hub address")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("hub address") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}{parts.path.rstrip('/')}"


def _connect(url: str, pin: str | None, timeout: float):
    """A connection to the hub and the SHA-256 of its certificate (None over HTTP)."""
    parts = urlsplit(url)
    try:
        if parts.scheme == "https":
            # The pin, not a certificate authority, says who the hub is: a programme may well run a
            # self-signed hub. Before a pin exists (enrolment) we record what we see.
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection(parts.hostname, parts.port or 443, context=context, timeout=timeout)
            conn.connect()
            seen = hashlib.sha256(conn.sock.getpeercert(binary_form=True)).hexdigest()
            if pin is not None and seen != pin:
                conn.close()
                raise HubUnreachable("the hub's certificate is not the one pinned at enrolment")
            return conn, seen
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        conn.connect()
        return conn, None
    except (OSError, socket.timeout, ssl.SSLError, http.client.HTTPException) as error:
        raise HubUnreachable(f"no answer from the hub ({error.__class__.__name__})") from None


def post(url: str, path: str, body: bytes, content_type: str, *, pin: str | None = None,
         timeout: float = 30) -> tuple[dict, str | None]:
    """POST to the hub; (JSON answer, certificate hash). HubRefused on 4xx, HubUnreachable otherwise."""
    conn, seen = _connect(url, pin, timeout)
    try:
        conn.request("POST", urlsplit(url).path + path, body=body,
                     headers={"Content-Type": content_type, "Content-Length": str(len(body))})
        response = conn.getresponse()
        raw = response.read(MAX_ANSWER)
        status = response.status
    except (OSError, socket.timeout, http.client.HTTPException) as error:
        raise HubUnreachable(f"the connection to the hub broke ({error.__class__.__name__})") from None
    finally:
        conn.close()
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if 400 <= status < 500 and status not in (408, 429):
        raise HubRefused(str(answer.get("error") or f"HTTP {status}")[:300])
    if status != 200:
        raise HubUnreachable(f"the hub answered HTTP {status}")
    return answer, seen
