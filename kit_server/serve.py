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


def serve(app, host: str, port: int, threads: int) -> None:
    from .serve_log import quiet_waitress

    quiet_waitress(threads)
    server = create_server(app, host=host, port=port, threads=threads, ident="kit",
                           clear_untrusted_proxy_headers=True)

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop is as clean as Ctrl+C
    print_banner(public_urls(host, port))
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        print("The kit has stopped.", flush=True)
