"""Benchmark for the programme's hub (issue 21).

2,000 enrolled schools × 12 monthly bundles = 24,000 signed bundles, made up front (each with its
own Ed25519 key, a chain of previous-report hashes, a report.json of the real schema with four
modules), then ingested one by one through the same function the hub's /api/v1/bundles calls (zip
read with limits, signature, schema, revision and chain checks, cells stored). Then the national
dashboard page (GET / as a signed-in viewer, every month in turn) is timed.
Targets on the 2-core machine: ingest ≤ 60 s; national dashboard p95 ≤ 500 ms.

Run: .venv/bin/python bench/hub.py [--schools 2000] [--months 12] [--database-url postgresql+psycopg://...]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from kit_server.reports import signing  # noqa: E402
from kit_server.reports.builder import canonical_json  # noqa: E402
from kit_server.reports.bundle import to_csv  # noqa: E402
from kit_server.reports.bundlecheck import expected_report_id, sha256  # noqa: E402

SEXES = ("female", "male", "not_stated")
BANDS = ("1-3", "4-6", "7-9", "10-12", "not_stated")
MODULES = ("m1-meet-ai", "m2-how-machines-learn", "m3-language-and-ai", "m4-ai-for-people")
DISTRICTS = {"south": ("tyre", "sidon", "jezzine"), "north": ("tripoli", "koura", "zgharta"),
             "beqaa": ("zahle", "west-beqaa", "rashaya"), "mount-lebanon": ("baabda", "metn", "aley", "chouf"),
             "nabatieh": ("nabatieh", "bint-jbeil", "marjayoun"), "akkar": ("akkar",), "beirut": ("beirut",),
             "baalbek-hermel": ("baalbek", "hermel"), "keserwan-jbeil": ("keserwan", "jbeil")}


def _shown(value: int, threshold: int = 9):
    return f"<{threshold + 1}" if 1 <= value <= threshold else value


def _table(rows, cols, counts, row_sums=True):
    body = [list(r) + ([sum(r)] if row_sums else []) for r in counts]
    body.append([sum(c) for c in zip(*body)])
    return {"rows": [*rows, "total"], "cols": [*cols, *(["total"] if row_sums else [])],
            "cells": [[_shown(v) for v in row] for row in body]}


def month_of(month: int) -> tuple[int, int]:
    """1 → September 2026 … 12 → August 2027: a school year."""
    return (2026, month + 8) if month <= 4 else (2027, month - 4)


def make_report(rng, school_id: str, month: int) -> dict:
    year, number = month_of(month)
    start = f"{year}-{number:02d}-01"
    end = f"{year}-{number:02d}-{28 if number == 2 else 30 if number in (4, 6, 9, 11) else 31}"
    reach = [[rng.choice((0, rng.randint(5, 40))) for _b in BANDS] for _s in SEXES]
    tables = {"reach": _table(SEXES, BANDS, reach)}
    modules = {}
    for module in MODULES:
        progress = [[rng.randint(10, 30), rng.randint(0, 20), rng.randint(0, 12)] for _s in SEXES]
        tables[f"progress:{module}"] = _table(SEXES, ("assigned", "started", "completed"), progress, row_sums=False)
        tables[f"tests:{module}"] = _table(SEXES, ("passed", "not_passed"), [[rng.randint(0, 12)] * 2 for _s in SEXES])
        tables[f"pre_only:{module}"] = _table(SEXES, ("pre_only",), [[rng.randint(0, 5)] for _s in SEXES], row_sums=False)
        started, completed = sum(r[1] for r in progress), sum(r[2] for r in progress)
        modules[module] = {"completion": {"numerator": _shown(completed), "denominator": _shown(started),
                                          "rate": round(completed / started, 2) if started else None},
                           "pre_only": 0, "gain": {"matched": 0, "mean_pre": None, "mean_post": None,
                                                   "gain_points": None, "normalised_gain": None, "pass_share": None},
                           "gain_by_sex": None}
    completion = [[rng.randint(0, 30), rng.randint(0, 15)] for _s in SEXES]
    tables["completion_all"] = _table(SEXES, ("started", "completed"), completion, row_sums=False)
    return {"schema_version": 1, "type": "usage", "report_id": expected_report_id(school_id, start, end, 1),
            "revision": 1, "school_id": school_id, "kit_version": "0.1.0", "generated_at": f"{start}T02:00:00Z",
            "period": {"kind": "month", "start": start, "end": end}, "threshold": 9,
            "completeness": {"days_up": rng.randint(5, 22), "first_event_date": start, "last_event_date": end},
            "tables": tables, "modules": modules,
            "indicators": {"teachers_active": rng.randint(1, 12), "classes_active": rng.randint(1, 10),
                           "live_sessions": rng.randint(0, 40), "instruction_hours": round(rng.uniform(0, 60), 1),
                           "learning_hours": round(rng.uniform(0, 300), 1), "gpi_reach": 1.0, "gpi_completion": None}}


def make_zip(key: Ed25519PrivateKey, key_id: str, report: dict, previous: str | None) -> tuple[bytes, str]:
    import io
    import zipfile

    files = {"report.json": canonical_json(report), "report.csv": to_csv(report),
             "summary.html": b"<!doctype html><title>summary</title>"}
    manifest = canonical_json({"schema_version": 1, "type": "usage", "report_id": report["report_id"],
                               "school_id": report["school_id"], "revision": 1, "key_id": key_id,
                               "previous_report_sha256": previous,
                               "files": {name: sha256(data) for name, data in files.items()}})
    import base64

    files["manifest.json"] = manifest
    files["manifest.sig"] = base64.b64encode(key.sign(manifest)) + b"\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{report['report_id']}/{name}", data)
    return buffer.getvalue(), sha256(manifest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--network-sample", type=int, default=1000,
                        help="bundles sent through POST /api/v1/bundles (the rest through the import path)")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a SQLite file in a temporary folder)")
    args = parser.parse_args()
    rng = random.Random(21)
    home = Path(tempfile.mkdtemp(prefix="kit-hub-bench-"))
    from kit_server.hub import create_hub_app
    from kit_server.hub.accounts import create_user
    from kit_server.hub.db import create_schema, session
    from kit_server.hub.enrolment import enrol, new_code
    from kit_server.hub.ingest import ingest_zip

    config = {"HUB_HOME": str(home)}
    if args.database_url:
        config["HUB_DATABASE_URL"] = args.database_url
    app = create_hub_app(config)
    create_schema(app)

    started = time.perf_counter()
    schools, bundles = [], []
    with app.app_context():
        code = new_code("bench", uses=args.schools)
        governorates = list(DISTRICTS)
        for k in range(args.schools):
            key = Ed25519PrivateKey.generate()
            governorate = governorates[k % len(governorates)]
            school_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            enrol({"code": code, "school_id": school_id, "public_key": signing.public_pem(key.public_key()).decode(),
                   "governorate": governorate, "district": rng.choice(DISTRICTS[governorate]),
                   "school_type": "intermediate"})
            schools.append((school_id, key, signing.fingerprint(key.public_key())))
        create_user("viewer1", "Viewer", "bench-password-1", "viewer")
    previous_of: dict[str, str] = {}  # each school's chain of reports
    for month in range(1, args.months + 1):  # month by month, as the schools would send them
        for school_id, key, key_id in schools:
            data, digest = make_zip(key, key_id, make_report(rng, school_id, month), previous_of.get(school_id))
            previous_of[school_id] = digest
            bundles.append(data)
    print(f"prepared {args.schools} enrolled schools and {len(bundles)} bundles "
          f"({sum(map(len, bundles)) / len(bundles) / 1024:.1f} kB each) in {time.perf_counter() - started:.1f} s")

    # The network path: one request, one commit, one signed receipt per bundle, as kits send them.
    sample = bundles[:args.network_sample]
    client = app.test_client()
    started = time.perf_counter()
    for data in sample:
        answer = client.post("/api/v1/bundles", data=data, content_type="application/zip").get_json()
        assert answer["status"] == "stored", answer
    network = time.perf_counter() - started
    print(f"network path: {len(sample)} bundles in {network:.1f} s ({len(sample) / network:.0f}/s; "
          f"{network / len(sample) * 1000:.1f} ms each)")

    # The rest as `kit hub import` takes a programme's backlog: the same checks, a commit per 500.
    started = time.perf_counter()
    with app.test_request_context():
        for number, data in enumerate(bundles[len(sample):], start=1):
            outcome = ingest_zip(data, "import", None, "bench", commit=False)
            assert outcome.status == "stored" and not outcome.chain_broken, outcome
            if number % 500 == 0:
                session().commit()
        session().commit()
    ingest = time.perf_counter() - started
    rest = len(bundles) - len(sample)
    print(f"import path: {rest} bundles in {ingest:.1f} s ({rest / ingest:.0f}/s)")
    total = network + ingest
    print(f"ingest: {len(bundles)} bundles in {total:.1f} s  target ≤ 60 s")

    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": "viewer1", "password": "bench-password-1", "csrf_token": token})
    months = ["%d-%02d" % month_of(m) for m in range(1, args.months + 1)]
    times = []
    for _round in range(3):
        for month in months:
            t0 = time.perf_counter()
            response = client.get(f"/?month={month}")
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200 and "<svg" in response.get_data(as_text=True)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"national dashboard: {len(times)} requests, slowest {max(times) * 1000:.0f} ms, "
          f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms  target ≤ 500 ms")
    print(f"(hub home, with its database: {home})")


if __name__ == "__main__":
    main()
