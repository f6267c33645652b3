"""Backup, restore and health-check timings on this machine: `python bench/backup.py [--rows N] [--writers N]`.

Builds a throwaway kit in a temporary folder whose database holds N event-sized rows (about a
school year of a busy kit at the default 300,000), then times `take_backup` with the database
idle and while writer threads commit rows as students would, `restore_backup`, and the health
page's quick_check. Writers' worst commit latency during the backup shows whether a backup holds
the server up (in WAL mode it should not).
"""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path


def _fill(path: Path, rows: int) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE bench_event (id INTEGER PRIMARY KEY, uuid TEXT, kind TEXT, payload TEXT)")
    batch = [(f"{i:032x}", "step_view", '{"lesson": "m1-l1", "step": "hook", "seconds": 42}') for i in range(rows)]
    connection.executemany("INSERT INTO bench_event (uuid, kind, payload) VALUES (?, ?, ?)", batch)
    connection.commit()
    connection.close()


def _writers(path: Path, count: int, stop: threading.Event, latencies: list[float]) -> list[threading.Thread]:
    def write():
        connection = sqlite3.connect(path, timeout=30)
        connection.execute("PRAGMA synchronous=FULL")
        while not stop.is_set():
            started = time.perf_counter()
            connection.execute("INSERT INTO bench_event (uuid, kind, payload) VALUES ('w', 'answer', '{}')")
            connection.commit()
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)
        connection.close()

    threads = [threading.Thread(target=write) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()

    from kit_server import create_app
    from kit_server.db import upgrade
    from kit_server.extensions import db
    from kit_server.manage.backup import take_backup
    from kit_server.manage.health import check_database
    from kit_server.manage.restore import restore_backup

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        app = create_app({"KIT_HOME": str(home), "KIT_MIN_FREE_MB": 0})
        with app.app_context():
            upgrade(db.engine)
            db.engine.dispose()
        _fill(home / "kit.db", args.rows)
        size_mb = (home / "kit.db").stat().st_size / 1e6
        print(f"database: {args.rows} rows, {size_mb:.1f} MB")

        started = time.perf_counter()
        path = take_backup(app, Path(tmp) / "usb")
        print(f"backup, idle:             {time.perf_counter() - started:6.2f} s")

        stop, latencies = threading.Event(), []
        threads = _writers(home / "kit.db", args.writers, stop, latencies)
        time.sleep(0.5)
        before = len(latencies)
        started = time.perf_counter()
        take_backup(app, Path(tmp) / "usb")
        elapsed = time.perf_counter() - started
        during = latencies[before:]
        stop.set()
        for thread in threads:
            thread.join()
        print(f"backup, {args.writers} writers:        {elapsed:6.2f} s; commits meanwhile {len(during)}, "
              f"p50 {statistics.median(during) * 1000:.0f} ms, max {max(during) * 1000:.0f} ms")

        started = time.perf_counter()
        check = check_database(app)
        print(f"quick_check (health):     {time.perf_counter() - started:6.2f} s ({check.status})")

        started = time.perf_counter()
        restore_backup(app, path)
        print(f"restore (with safety copy): {time.perf_counter() - started:4.2f} s")


if __name__ == "__main__":
    main()
