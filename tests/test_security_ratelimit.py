"""The limits live in the database: two app processes (gunicorn workers) share one budget (issue 22)."""
from kit_server import create_app
from kit_server.extensions import db

from .conftest import sign_in_staff


def _second_worker(app):
    """Another app on the same KIT_HOME and database, as a second gunicorn worker would be."""
    other = create_app({"KIT_HOME": app.config["KIT_HOME"], "TESTING": True,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    return other


def _token(app) -> str:
    from kit_server.reports.tokens import create_token

    with app.app_context():
        _row, token = create_token("programme")
        db.session.commit()
    return token


def test_the_report_api_budget_is_shared_by_every_worker(app):
    other = _second_worker(app)
    for each in (app, other):
        each.config["REPORTS_API_PER_MINUTE"] = 6
    token = _token(app)
    clients = [app.test_client(), other.test_client()]
    headers = {"Authorization": f"Bearer {token}"}
    codes = [clients[n % 2].get("/api/v1/reports", headers=headers).status_code for n in range(8)]
    assert codes == [200] * 6 + [429] * 2  # not 6 per worker
    with other.app_context():
        db.engine.dispose()


def test_wrong_tokens_are_counted_across_workers(app):
    other = _second_worker(app)
    for each in (app, other):
        each.config["REPORTS_API_FAILURES"] = 3
    clients = [app.test_client(), other.test_client()]
    codes = [clients[n % 2].get("/api/v1/reports", headers={"Authorization": f"Bearer kit_0000{n}_x"}).status_code
             for n in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    with other.app_context():
        db.engine.dispose()


def test_sign_in_failures_are_counted_across_workers(app, school):
    other = _second_worker(app)
    clients = [app.test_client(), other.test_client()]
    limit = app.config["SIGNIN_MAX_FAILURES_ACCOUNT"]
    codes = [sign_in_staff(clients[n % 2], "teacher", "wrong-password").status_code for n in range(limit)]
    assert codes[-1] == 429
    assert sign_in_staff(clients[1], "teacher").status_code == 429  # the same device waits on both workers
    with other.app_context():
        db.engine.dispose()
