"""Fixtures for the class pages: a teacher signed in, reading English (messages checked word for word)."""
import io

import pytest

from ..conftest import csrf_token


@pytest.fixture
def teacher_client(client, login_as):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return login_as("teacher")


def upload(client, class_id: int, raw: bytes, kind: str = "pin", filename: str = "list.csv"):
    path = f"/teacher/classes/{class_id}/import"
    return client.post(path, data={"file": (io.BytesIO(raw), filename), "secret_kind": kind,
                                   "csrf_token": csrf_token(client, path)},
                       content_type="multipart/form-data")
