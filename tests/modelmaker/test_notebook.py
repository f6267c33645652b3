"""The project as a notebook: it holds the class's examples and trains the same kind of model when run."""
import json
from types import SimpleNamespace

import nbformat
import pytest
from nbclient import NotebookClient

from kit_server.modelmaker.notebook import project_notebook

from .data import drawing_examples, number_examples, words_examples


def _project(kind, rows, columns=()):
    examples = [SimpleNamespace(id=i, label=label, data=data) for i, label, data in rows]
    return SimpleNamespace(id=1, name="مشروعنا", kind=kind, columns=list(columns), examples=examples)


@pytest.mark.slow
@pytest.mark.parametrize("kind, rows, columns", [("words", words_examples(), ()),
                                                  ("numbers", number_examples(), ("sleep", "sport")),
                                                  ("drawings", drawing_examples(4), ())])
def test_the_generated_notebook_runs_and_measures_the_model(kind, rows, columns, tmp_path):
    text = project_notebook(_project(kind, rows, columns), None, "ar")
    notebook = nbformat.reads(text, as_version=4)
    assert "مشروعنا" in notebook.cells[0].source and "البيانات" in notebook.cells[1].source
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = ["".join(o.get("text", "") for o in cell.get("outputs", [])) for cell in notebook.cells
               if cell.cell_type == "code"]
    assert outputs[0].strip() == str(len(rows))  # every example is in the notebook
    assert "الدقة على الأمثلة الموضوعة جانبًا" in outputs[1]
    labels = {label for _, label, _ in rows}
    assert outputs[2].split()[0] in labels  # the trained model answers with one of the project's labels


def test_a_student_downloads_the_notebook_of_their_project(app, client, school, login_as):
    from ..conftest import csrf_token

    login_as("student")
    token = csrf_token(client, "/make")
    made = client.post("/make", data={"csrf_token": token, "name": "notebook test", "kind": "words",
                                      "label": ["a", "b"]})
    project = made.headers["Location"].rsplit("/", 1)[-1]
    response = client.get(f"/make/{project}/notebook", headers={"Accept-Language": "fr"})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    notebook = json.loads(response.get_data(as_text=True))
    assert "البيانات" in "".join(notebook["cells"][1]["source"])  # the class's language, Arabic
