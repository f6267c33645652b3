"""Words around the live demos: the figures carry numbers only, the page carries the words
(so Arabic is never drawn reversed or disconnected inside a chart)."""
from flask_babel import lazy_gettext as _l

PARAMS = {
    "length_cut": _l("Petal length rule (cm)"), "width_cut": _l("Petal width rule (cm)"),
    "depth": _l("Tree depth (questions asked)"), "seed": _l("Shuffle the examples"),
    "dataset": _l("Data"), "k": _l("Number of neighbours (k)"), "n_points": _l("Number of points"),
    "spread": _l("How spread out"), "keep_b": _l("Share of group B kept"),
    "n_per_group": _l("Examples per group"), "noise": _l("Noise (messy data)"),
    "n_samples": _l("Number of examples"), "sample": _l("Test digit"), "view": _l("View"),
    "holdout": _l("Share kept for testing"), "iterations": _l("Steps of the algorithm"),
    "groups": _l("Real groups"), "show_labels": _l("Show the hidden labels"),
    "degree": _l("Curve degree"), "ngram_max": _l("Longest letter sequence"),
    "normalise": _l("Simplify Arabic letters"), "alpha": _l("Smoothing"),
    "top_n": _l("How many to show"), "language": _l("Example text"),
    "prompt": _l("Start of the sentence"), "context": _l("Words it looks back at"),
    "temperature": _l("Randomness (temperature)"), "n_words": _l("Words to write"),
    "threshold": _l("Threshold"), "query": _l("Sentence to classify"),
    "predict_at": _l("Predict for this value"), "text": _l("Your own text (optional)"),
    # Where one name means another thing in a demo: "demo.param".
    "clustering.k": _l("Number of groups (k)"), "class_data.holdout": _l("Share kept for testing"),
}

CHOICES = {
    "blobs": _l("Coloured groups"), "iris": _l("Iris flowers"), "wine": _l("Wines"),
    "triage": _l("Clinic visits (invented)"), "breast_cancer": _l("Breast tissue measurements"),
    "guess": _l("Top guesses"), "confusion": _l("Confusion matrix"),
    "ar": "العربية", "fr": "Français", "en": "English",
}

# Figures shown under the chart; shares are shown as percentages.
METRICS = {
    "accuracy": _l("Accuracy"), "train_accuracy": _l("Accuracy on training data"),
    "test_accuracy": _l("Accuracy on test data"), "leaves": _l("Leaves of the tree"),
    "best_test_depth": _l("Best depth for test data"), "mean_abs_error": _l("Mean error"),
    "inertia": _l("Spread inside groups"), "caught": _l("Urgent cases caught"),
    "missed": _l("Missed cases"), "false_alarms": _l("False alarms"),
    "sensitivity": _l("Urgent cases caught (share)"), "specificity": _l("All-clear cases right (share)"),
    "prediction": _l("Prediction"),
}
SHARES = {"accuracy", "train_accuracy", "test_accuracy", "sensitivity", "specificity"}


# Units shown beside a slider's value ("2.5 cm"); "demo.param" where a name means another thing.
UNITS = {"length_cut": _l("cm"), "width_cut": _l("cm"), "predict_at": _l("cm"),
         "regression.point_x": _l("cm"), "regression.point_y": _l("cm")}
# Sliders whose value is a share, shown as a percentage.
PERCENT = ("keep_b", "holdout", "threshold")

# The keyboard twin of clicking on the chart or dragging a point.
MOVER = {"legend": _l("Move a point with the keyboard"), "which": _l("Point to move"),
         "new": _l("The new point"), "point": _l("Point NUM"),
         "x": _l("Across (left to right)"), "y": _l("Up (bottom to top)")}

# The one-line summary that names the figure and is read out after each change.
SUMMARY = {"figure": _l("Chart."), "new_point": _l("New point"), "group": _l("group NUM"),
           "top_guess": _l("Top guess"), "next_word": _l("Likeliest next word"),
           "group_accuracy": _l("Accuracy for group NAME"), "rule": _l("Your rule"),
           "tree": _l("The tree"), "class_before": _l("Accuracy on the class's digits, before"),
           "class_after": _l("Accuracy on the class's digits, after")}


def labels_json() -> dict:
    """Plain strings in the current language, for the page's script."""
    return {"params": {k: str(v) for k, v in PARAMS.items()},
            "choices": {k: str(v) for k, v in CHOICES.items()},
            "metrics": {k: str(v) for k, v in METRICS.items()}, "shares": sorted(SHARES),
            "units": {k: str(v) for k, v in UNITS.items()}, "percent": list(PERCENT),
            "mover": {k: str(v) for k, v in MOVER.items()},
            "summary": {k: str(v) for k, v in SUMMARY.items()},
            "grid": str(_l("Drawing grid")), "cell": str(_l("Row ROW, column COL"))}
