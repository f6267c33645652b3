"""Serving the kit on the school's network with waitress (pure Python: Windows and Linux alike)."""
from __future__ import annotations

import ipaddress
import signal
import sys

import psutil
import segno
from waitress import create_server


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's network cards, private (LAN) ones first; no traffic is sent."""
    found = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if getattr(address.family, "name", "") != "AF_INET":
                continue
            ip = ipaddress.ip_address(address.address)
            if not (ip.is_loopback or ip.is_link_local):
                found.append(ip)
    found.sort(key=lambda ip: (not ip.is_private, str(ip)))
    return [str(ip) for ip in found]


def public_urls(host: str, port: int) -> list[str]:
    hosts = lan_addresses() if host in ("0.0.0.0", "::", "") else [host]
    return [f"http://{h}:{port}/" for h in hosts] or [f"http://127.0.0.1:{port}/"]


def print_banner(urls: list[str], out=sys.stdout) -> None:
    print("The kit is running. Students open:", file=out)
    for url in urls:
        print(f"    {url}", file=out)
    try:
        segno.make(urls[0], micro=False).terminal(out=out, compact=True)
    except UnicodeEncodeError:  # an old Windows console without UTF-8: the address is enough
        pass
    print("Press Ctrl+C to stop.", file=out, flush=True)


def lesson_figures(catalog) -> list[tuple[str, dict]]:
    """(demo id, settings) of every demo step, as its page first asks for it: a demo with an
    example text in each language is asked in the page's language (see demos.js)."""
    from .demos import DEMOS

    figures = []
    for lesson in catalog.lessons:
        for step in lesson.steps:
            if step.kind != "demo" or step.demo not in DEMOS:
                continue
            params = dict(step.params)
            if "language" in DEMOS[step.demo].params_schema()["properties"] and "language" not in params:
                figures += [(step.demo, {**params, "language": lang}) for lang in ("ar", "fr", "en")]
            else:
                figures.append((step.demo, params))
    return figures


def warm_demos(app) -> None:
    """Start the demo workers and draw every lesson's first figure in the background, so the
    first class of the day finds them ready; the server answers meanwhile."""
    from .demos import start_warm_up

    start_warm_up(lesson_figures(app.extensions["kit_catalog"]))


def serve(app, host: str, port: int, threads: int) -> None:
    from .serve_log import quiet_waitress

    quiet_waitress(threads)
    server = create_server(app, host=host, port=port, threads=threads, ident="kit",
                           clear_untrusted_proxy_headers=True)

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop is as clean as Ctrl+C
    print_banner(public_urls(host, port))
    warm_demos(app)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        print("The kit has stopped.", flush=True)
