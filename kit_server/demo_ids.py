"""The demo ids, in lesson order, without importing scikit-learn or matplotlib.

The server checks lesson files against these at start; the heavy demo modules load on the first
demo request, so a kit that is only showing lessons stays small in memory (see README figures).
`kit lessons check` (and the tests) also check every demo step's parameters against the demo.
"""
DEMO_IDS = ("rules_vs_learning", "nearest_neighbours", "bias", "overfitting", "digits", "class_data",
            "clustering", "regression", "text_classifier", "next_word", "threshold")
