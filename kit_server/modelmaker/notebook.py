"""A project as a Jupyter notebook: its examples and the few lines of scikit-learn that train it,
so the step from clicking to code is one click. Written in the student's language; no model file,
only data and code the student can read and run."""
from __future__ import annotations

import json

import nbformat

TEXT = {
    "ar": {
        "title": "# نموذج «{name}»\nهذه أمثلة مشروعكم كما جمعها الصف، وبضعة أسطر من scikit-learn تدرّب النموذج نفسه.",
        "data": "## البيانات\nكل سطر مثال وتسميته.",
        "train": "## التدريب والقياس على أمثلة وُضعت جانبًا",
        "try": "## جرّبوا النموذج بمثال جديد\nغيّروا المثال ثم شغّلوا الخلية من جديد.",
        "accuracy": "الدقة على الأمثلة الموضوعة جانبًا",
    },
    "fr": {
        "title": "# Le modèle « {name} »\nVoici les exemples de votre projet, tels que la classe les a collectés, "
                 "et les quelques lignes de scikit-learn qui entraînent le même modèle.",
        "data": "## Les données\nChaque ligne est un exemple et son étiquette.",
        "train": "## Entraîner et mesurer sur des exemples mis de côté",
        "try": "## Essayez le modèle avec un nouvel exemple\nChangez l’exemple, puis relancez la cellule.",
        "accuracy": "Exactitude sur les exemples mis de côté",
    },
    "en": {
        "title": "# The model “{name}”\nThese are your project's examples as the class collected them, and the "
                 "few lines of scikit-learn that train the same model.",
        "data": "## The data\nEach row is an example and its label.",
        "train": "## Train, and measure on examples kept aside",
        "try": "## Try the model with a new example\nChange the example, then run the cell again.",
        "accuracy": "Accuracy on examples kept aside",
    },
}

PIPELINES = {
    "words": ("from sklearn.feature_extraction.text import TfidfVectorizer\n"
              "from sklearn.linear_model import LogisticRegression\n"
              "from sklearn.pipeline import make_pipeline\n\n"
              "X = [text for text, label in examples]\n"
              "model = make_pipeline(TfidfVectorizer(analyzer='char_wb', ngram_range=(1, 3)),\n"
              "                      LogisticRegression(C=10.0, max_iter=2000))"),
    "drawings": ("import numpy as np\n"
                 "from sklearn.linear_model import LogisticRegression\n\n"
                 "X = np.array([pixels for pixels, label in examples]) / 16  # 16 × 16 squares of ink\n"
                 "model = LogisticRegression(max_iter=2000)"),
    "photos": ("import numpy as np\n"
               "from sklearn.linear_model import LogisticRegression\n\n"
               "X = np.array([rgb for rgb, label in examples]) / 255  # 16 × 16 pixels, red, green, blue\n"
               "model = LogisticRegression(max_iter=2000)"),
    "numbers": ("from sklearn.tree import DecisionTreeClassifier, export_text\n\n"
                "X = [values for values, label in examples]\n"
                "model = DecisionTreeClassifier(max_depth=3, random_state=0)"),
}


def project_notebook(project, version, lang: str) -> str:
    """The notebook as JSON text (nbformat 4)."""
    words = TEXT.get(lang, TEXT["en"])
    rows = [(_value(project.kind, row[2]), row[1]) for row in (version.snapshot if version else
                                                                 [[e.id, e.label, e.data] for e in project.examples])]
    data = "examples = [\n" + "".join(f"    ({json.dumps(v, ensure_ascii=False)}, {json.dumps(l, ensure_ascii=False)}),\n"
                                      for v, l in rows) + "]\nprint(len(examples))"
    train = (PIPELINES[project.kind] + "\n\n"
             "from sklearn.model_selection import cross_val_score\n"
             "y = [label for _, label in examples]\n"
             f"folds = min(5, min(y.count(label) for label in set(y)))\n"
             f"print({json.dumps(words['accuracy'], ensure_ascii=False)}, "
             "cross_val_score(model, X, y, cv=folds).mean().round(2))\n"
             "model.fit(X, y)")
    if project.kind == "numbers":
        train += f"\nprint(export_text(model, feature_names={json.dumps(project.columns, ensure_ascii=False)}))"
    sample = json.dumps(rows[0][0], ensure_ascii=False) if rows else "None"
    check = (f"new = {sample}\n"
             + {"drawings": "print(model.predict([np.array(new) / 16])[0])",
                "photos": "print(model.predict([np.array(new) / 255])[0])"}.get(
                 project.kind, "print(model.predict([new])[0], model.predict_proba([new]).max().round(2))"))
    notebook = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python"},
                                                  "kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_markdown_cell(words["title"].format(name=project.name)),
                      nbformat.v4.new_markdown_cell(words["data"]), nbformat.v4.new_code_cell(data),
                      nbformat.v4.new_markdown_cell(words["train"]), nbformat.v4.new_code_cell(train),
                      nbformat.v4.new_markdown_cell(words["try"]), nbformat.v4.new_code_cell(check)]
    return nbformat.writes(notebook)


def _value(kind: str, data: dict):
    return data[{"words": "text", "drawings": "pixels", "photos": "rgb"}.get(kind, "values")]
