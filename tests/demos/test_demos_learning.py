"""Each demo's model really learns what its lesson claims (and fails where the lesson says)."""
import re
from collections import Counter

import numpy as np
import pytest

from kit_server.demos import eastern_digits, next_word


def test_tree_learns_iris_as_well_as_a_good_rule_and_better_than_a_bad_one(run):
    good = run("rules_vs_learning", {"length_cut": 2.5, "width_cut": 1.7})["result"]
    bad = run("rules_vs_learning", {"length_cut": 7.5, "width_cut": 0.0})["result"]
    assert good["tree"]["accuracy"] >= 0.9 and good["rule"]["accuracy"] >= 0.9
    assert bad["rule"]["accuracy"] < 0.4  # "everything is setosa"
    assert good["tree"]["splits"][0]["threshold"] < 2.5  # it found the setosa gap itself


def test_one_question_tree_cannot_separate_three_kinds(run):
    shallow = run("rules_vs_learning", {"depth": 1})["result"]["tree"]
    assert shallow["accuracy"] <= 0.7 and len(shallow["splits"]) == 1


def test_one_nearest_neighbour_reproduces_its_training_labels(run):
    assert run("nearest_neighbours", {"k": 1, "seed": 3})["result"]["train_accuracy"] == 1.0


def test_neighbours_are_the_k_closest_and_vote_for_the_answer(run):
    from kit_server.demos.nearest_neighbours import Params, training_data

    raw = {"k": 5, "query": {"x": 0.5, "y": 0.5}}
    q = run("nearest_neighbours", raw)["result"]["query"]
    X, y = training_data(Params(**raw))
    nearest = np.sort(np.hypot(X[:, 0] - 0.5, X[:, 1] - 0.5))[:5]
    assert [n["distance"] for n in q["neighbours"]] == pytest.approx(nearest)
    assert sum(q["votes"]) == 5 and q["prediction"] == int(np.argmax(q["votes"]))


def test_students_points_change_the_answer_near_them(run):
    before = run("nearest_neighbours", {"k": 1, "query": {"x": 15, "y": 15}})["result"]["query"]
    label = (before["prediction"] + 1) % 3
    after = run("nearest_neighbours", {"k": 1, "query": {"x": 15, "y": 15},
                                       "extra_points": [{"x": 14.5, "y": 15, "label": label}]})
    assert after["result"]["query"]["prediction"] == label


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_accuracy_for_thinned_group_rises_when_it_is_restored(run, seed):
    thin = run("bias", {"keep_b": 0.0, "seed": seed})["result"]
    full = run("bias", {"keep_b": 1.0, "seed": seed})["result"]
    assert thin["n_train"][1] == 0 and full["n_train"][1] == 150
    assert full["accuracy"][1] >= thin["accuracy"][1] + 0.15
    assert thin["accuracy"][0] >= 0.85  # the well-represented group was fine all along


def test_deep_tree_memorises_training_data_but_not_test_data(run):
    r = run("overfitting", {"depth": 12, "noise": 0.4})["result"]
    assert r["train_accuracy"] >= 0.99 and r["test_accuracy"] <= r["train_accuracy"] - 0.1
    assert r["curve"]["train"][-1] >= r["curve"]["train"][0]


def test_clean_moons_are_learned(run):
    assert run("overfitting", {"depth": 6, "noise": 0.0})["result"]["test_accuracy"] >= 0.95


def test_digits_model_classifies_real_held_out_digits(run):
    from kit_server.demos.digits import split

    _, X_te, _, y_te = split()
    r = run("digits", {})["result"]
    assert r["test_accuracy"] >= 0.95
    assert sum(map(sum, r["confusion"])) == len(y_te)
    hits = sum(run("digits", {"pixels": X_te[i].astype(int).tolist()})["result"]["top3"][0]["digit"]
               == y_te[i] for i in range(20))
    assert hits >= 18


def test_top3_guesses_are_ordered_probabilities(run):
    r = run("digits", {"sample": 7})["result"]
    probs = [g["probability"] for g in r["top3"]]
    assert probs == sorted(probs, reverse=True)
    assert sum(r["probabilities"]) == pytest.approx(1.0)
    assert r["top3"][0]["digit"] == r["true_label"]


def test_class_drawings_teach_the_model_eastern_arabic_digits(run):
    r = run("class_data", {})["result"]
    assert r["source"] == "example"
    assert r["class_accuracy"]["before"] < 0.4  # trained on Western digits only, it fails
    assert r["class_accuracy"]["after"] >= r["class_accuracy"]["before"] + 0.4
    assert r["digits_accuracy"]["after"] >= 0.95  # and it did not forget Western digits


def test_class_samples_are_split_so_every_digit_is_tested(run):
    X, y = eastern_digits.samples(4, seed=5)
    samples = [{"pixels": x.tolist(), "label": int(label)} for x, label in zip(X, y)]
    r = run("class_data", {"samples": samples, "holdout": 0.25})["result"]
    assert r["source"] == "class"
    assert r["n_class_test"] == 10 and r["n_class_train"] == 30
    assert None not in r["class_per_label"]["after"]


def test_a_single_drawing_cannot_be_tested_and_says_so(run):
    r = run("class_data", {"samples": [{"pixels": [0] * 64, "label": 3}]})["result"]
    assert r["n_class_test"] == 0 and r["class_accuracy"] == {"before": None, "after": None}


def test_kmeans_inertia_falls_with_k(run):
    elbow = run("clustering", {"spread": 0.5, "groups": 4})["result"]["elbow"]
    assert all(a >= b for a, b in zip(elbow, elbow[1:]))
    # the elbow sits at the real number of groups: big drops up to k=4, little after
    assert elbow[2] - elbow[3] > elbow[3] - elbow[-1]


def test_kmeans_steps_through_iterations(run):
    start = run("clustering", {"iterations": 0})["result"]
    end = run("clustering", {})["result"]
    assert start["steps_done"] == 0 and not start["converged"]
    assert end["converged"] and end["inertia"] <= start["inertia"]


def test_revealed_labels_match_well_separated_groups(run):
    hidden = run("clustering", {"spread": 0.5, "groups": 3, "k": 3})["result"]
    shown = run("clustering", {"spread": 0.5, "groups": 3, "k": 3, "show_labels": True})["result"]
    assert "labels" not in hidden
    assert shown["labels"]["adjusted_rand"] > 0.9
    assert sum(map(sum, shown["labels"]["table"])) == 150


def test_wine_clusters_follow_the_hidden_grape_kinds(run):
    r = run("clustering", {"dataset": "wine", "k": 3, "show_labels": True})["result"]
    assert r["labels"]["adjusted_rand"] > 0.7 and len(r["assignment"]) == 178


def test_straight_line_on_a_perfect_line_has_no_error(run):
    pts = [{"x": 120 + 5 * i, "y": 2 + 1.02 * (120 + 5 * i)} for i in range(10)]
    r = run("regression", {"points": pts, "degree": 1, "predict_at": 200})["result"]
    assert r["mean_abs_error"] < 1e-9
    assert r["coefficients"] == pytest.approx([2, 1.02])
    assert r["prediction"] == pytest.approx(206)


def test_an_outlier_pulls_the_line_and_raises_the_error(run):
    r = run("regression", {"outlier": {"x": 135, "y": 220}})["result"]
    assert r["mean_abs_error"] > 2 * r["without_outlier"]["mean_abs_error"]
    assert r["n_points"] == 29


def test_higher_degree_bends_closer_to_the_points(run):
    line = run("regression", {"degree": 1})["result"]
    bendy = run("regression", {"degree": 6})["result"]
    assert bendy["rmse"] < line["rmse"]
    pair = run("regression", {"points": [{"x": 1, "y": 1}, {"x": 2, "y": 3}], "degree": 8})
    assert pair["result"]["degree_used"] == 1  # two points only ever define a line


@pytest.mark.parametrize("query,label", [
    ("ذهبنا إلى البحر مع أصدقائنا", "arabic"),
    ("yalla ya shabeb, ra7 nrou7 3al ba7er", "arabizi"),
    ("Nous allons à la plage avec nos amis", "french"),
])
def test_text_classifier_recognises_new_sentences(run, query, label):
    r = run("text_classifier", {"query": query})["result"]
    assert r["prediction"] == label and r["probabilities"][label] > 0.5


def test_normalisation_lets_vowelled_spelling_match_plain_spelling(run):
    sentences = [{"text": "مدرسة", "label": "school"}, {"text": "مدرستي", "label": "school"},
                 {"text": "بحر", "label": "sea"}, {"text": "بحري", "label": "sea"}]
    query = "مَدْرَسَةٌ"
    on = run("text_classifier", {"sentences": sentences, "query": query, "normalise": True})
    off = run("text_classifier", {"sentences": sentences, "query": query, "normalise": False})
    assert on["result"]["query_normalised"] == "مدرسه"
    assert on["result"]["probabilities"]["school"] > off["result"]["probabilities"]["school"]


def test_top_letter_sequences_come_from_that_labels_sentences(run):
    r = run("text_classifier", {"ngram_max": 2, "top_n": 5})["result"]
    for label, grams in r["top_ngrams"].items():
        assert 1 <= len(grams) <= 5
        assert all(1 <= len(g["ngram"]) <= 2 and g["count"] >= 1 for g in grams)
    assert any(re.search(r"\d", g["ngram"]) for g in r["top_ngrams"]["arabizi"])


def test_next_word_only_proposes_words_seen_after_that_context(run):
    text = "the cat sat on the mat . the cat ate . the dog sat on the cat . my cat sat ."
    r = run("next_word", {"text": text, "prompt": "a cat", "context": 1})["result"]
    assert r["context_used"] == ["cat"] and not r["backed_off"]
    words = next_word.tokens(text)
    seen = Counter(b for a, b in zip(words, words[1:]) if a == "cat")
    assert {w["word"] for w in r["next_words"]} == set(seen) == {"sat", "ate", "."}
    assert [w["probability"] for w in r["next_words"]] == pytest.approx([2 / 4, 1 / 4, 1 / 4])


def test_longer_context_narrows_the_choice(run):
    text = "the cat sat on the mat . the dog sat on the sofa . a cat sat on the mat ."
    one = run("next_word", {"text": text, "prompt": "on the", "context": 1})["result"]
    three = run("next_word", {"text": text, "prompt": "dog sat on the", "context": 3})["result"]
    assert three["context_used"] == ["sat", "on", "the"]
    assert {w["word"] for w in one["next_words"]} == {"mat", "sofa", "dog", "cat"}
    assert [(w["word"], round(w["probability"], 3)) for w in three["next_words"]] == [
        ("mat", 0.667), ("sofa", 0.333)]


def test_unseen_prompt_backs_off_and_says_so(run):
    r = run("next_word", {"language": "en", "prompt": "zebra", "context": 2})["result"]
    assert r["context_used"] == [] and r["backed_off"]


def test_temperature_zero_always_takes_the_likeliest_word(run):
    words = next_word.tokens(open_text("next_word_en.txt"))
    after_the = Counter(b for a, b in zip(words, words[1:]) if a == "the")
    best = {w for w, c in after_the.items() if c == max(after_the.values())}
    for seed in (0, 1, 2):
        r = run("next_word", {"language": "en", "prompt": "the", "temperature": 0,
                              "context": 1, "seed": seed})["result"]
        assert {w["word"] for w in r["next_words"] if w["probability"] > 0} == best
        assert r["generated"][0] in best


def test_high_temperature_flattens_the_choice(run):
    cold = run("next_word", {"language": "en", "prompt": "the", "context": 1,
                             "temperature": 0.5})["result"]["next_words"]
    hot = run("next_word", {"language": "en", "prompt": "the", "context": 1,
                            "temperature": 3.0})["result"]["next_words"]
    assert hot[0]["word"] == cold[0]["word"]
    assert hot[0]["probability"] < cold[0]["probability"]


def test_generated_text_follows_the_example_text_and_the_seed(run):
    a = run("next_word", {"language": "fr", "context": 1, "seed": 1, "n_words": 30})["result"]
    b = run("next_word", {"language": "fr", "context": 1, "seed": 1, "n_words": 30})["result"]
    c = run("next_word", {"language": "fr", "context": 1, "seed": 2, "n_words": 30})["result"]
    assert a["generated"] == b["generated"] != c["generated"]
    words = next_word.tokens(open_text("next_word_fr.txt"))
    pairs = set(zip(words, words[1:]))
    assert all(pair in pairs for pair in zip(a["generated"], a["generated"][1:]))


def open_text(name):
    from kit_server.demos import datasets
    return datasets.data_text(name)


@pytest.mark.parametrize("dataset", ["triage", "breast_cancer"])
def test_threshold_trades_missed_cases_for_false_alarms(run, dataset):
    low = run("threshold", {"dataset": dataset, "threshold": 0.1})["result"]
    mid = run("threshold", {"dataset": dataset, "threshold": 0.5})["result"]
    high = run("threshold", {"dataset": dataset, "threshold": 0.9})["result"]
    assert low["missed"] <= mid["missed"] <= high["missed"]
    assert low["false_alarms"] >= mid["false_alarms"] >= high["false_alarms"]
    assert low["missed"] < high["missed"] and low["false_alarms"] > high["false_alarms"]
    assert mid["accuracy"] >= 0.85
    assert mid["caught"] + mid["missed"] + mid["false_alarms"] + mid["all_clear"] == mid["n_test"]
    curve = mid["curve"]
    assert curve["missed"] == sorted(curve["missed"])
    assert curve["false_alarms"] == sorted(curve["false_alarms"], reverse=True)
