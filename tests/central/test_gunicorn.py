"""A central deployment: the same code on PostgreSQL behind gunicorn with several workers."""
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from ..conftest import POSTGRES, _admin_sql, _database_url
from ..durability.test_power_cut import StudentClient
from ..e2e.conftest import _free_port, _parse_demo

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not POSTGRES, reason="needs a PostgreSQL server: set KIT_TEST_POSTGRES")]


class GunicornKit:
    """Enough of KitProcess for StudentClient: a URL and the demo's sign-ins."""

    def __init__(self, home: Path, database_url: str):
        self.home, self.port = home, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "KIT_HOME": str(home), "KIT_DATABASE_URL": database_url}
        demo = subprocess.run([sys.executable, "-m", "kit_server", "demo"], env=env, capture_output=True,
                              text=True, check=True, timeout=120)
        self.demo = _parse_demo(demo.stdout)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen([str(gunicorn), "--workers", "3", "--bind", f"127.0.0.1:{self.port}",
                                         "kit_server:create_app()"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/join", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")


def test_several_workers_store_every_event_once(tmp_path):
    database = f"kit_central_{uuid.uuid4().hex[:8]}"
    _admin_sql(f"CREATE DATABASE {database}")
    kit = GunicornKit(tmp_path, _database_url(database))
    try:
        students = []
        for name, pin in [(n, p) for n, p in kit.demo["students"].items() if isinstance(p, str)][:6]:
            client = StudentClient(kit)
            client.sign_in(name, pin)
            students.append(client)
        acknowledged, lock = [], threading.Lock()

        def work(client):
            for seq in range(1, 21):
                event_id, answer = client.post_event(seq)
                with lock:
                    acknowledged.extend(answer["stored"])

        threads = [threading.Thread(target=work, args=(c,)) for c in students]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert len(acknowledged) == 6 * 20
        import sqlalchemy as sa

        engine = sa.create_engine(_database_url(database))
        with engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT count(*), count(DISTINCT uuid) FROM progress_event").one()
        engine.dispose()
        assert tuple(stored) == (120, 120)
    finally:
        kit.process.terminate()
        kit.process.wait(timeout=20)
        _admin_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
