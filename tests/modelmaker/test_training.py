"""Features and training for every kind of project, on fixed data and seeds."""
from kit_server.modelmaker import training

from .data import drawing_examples, line_drawing, number_examples, words_examples


def test_words_learn_arabic_arabizi_and_french_spellings_of_the_same_idea():
    result = training.train("words", [], words_examples())
    assert result["examples"] == 28 and result["accuracy"] >= 0.6
    for text, label in (("kifkon", "greeting"), ("مرحبتين", "greeting"), ("merciii", "thanks"), ("شكراً", "thanks")):
        answer = training.predict("words", words_examples(), {"text": text})
        assert answer["label"] == label, (text, answer)
        assert 0.5 <= answer["confidence"] <= 1 and not answer["unlike"]


def test_words_warn_when_an_input_shares_nothing_with_the_examples():
    assert training.predict("words", words_examples(), {"text": "زززززز"})["unlike"]


def test_normalising_arabic_folds_diacritics_and_letter_forms():
    assert training.normalise("شُكْراً") == training.normalise("شكرا")
    assert training.normalise("أهلاً") == training.normalise("اهلا")


def test_drawings_tell_lines_from_rings_on_kept_aside_examples():
    examples = drawing_examples()
    result = training.train("drawings", [], examples)
    assert result["accuracy"] >= 0.8 and result["folds"] == 5
    assert sum(v["n"] for v in result["per_label"].values()) == 30
    import random

    rng = random.Random(99)
    for shape in ("flat", "tall", "ring"):
        assert training.predict("drawings", examples, {"pixels": line_drawing(shape, rng)})["label"] == shape


def test_a_drawing_unlike_every_example_is_flagged():
    filled = [16] * 256
    assert training.predict("drawings", drawing_examples(), {"pixels": filled})["unlike"]


def test_numbers_train_a_tree_students_can_read():
    result = training.train("numbers", ["sleep", "sport"], number_examples())
    rules = result["rules"]
    assert rules["column"] == "sleep" and 6 <= rules["threshold"] <= 7.5
    assert {rules["le"]["label"], rules["gt"]["label"]} == {"tired", "fine"}
    assert training.predict("numbers", number_examples(), {"values": [5, 30]})["label"] == "tired"
    assert training.predict("numbers", number_examples(), {"values": [30, 30]})["unlike"]


def test_the_confusion_table_and_mistakes_come_from_kept_aside_predictions():
    examples = number_examples() + [(50, "fine", {"values": [5, 0]}), (51, "tired", {"values": [9, 60]}),
                                    (52, "fine", {"values": [4, 5]})]
    result = training.train("numbers", ["sleep", "sport"], examples)
    wrong = sum(row["count"] for row in result["confusion"])
    assert wrong == len(result["mistakes"]) == round((1 - result["accuracy"]) * len(examples))
    assert wrong >= 1 and all(m["label"] != m["predicted"] for m in result["mistakes"])


def test_the_same_examples_give_the_same_result_every_time():
    assert training.train("words", [], words_examples()) == training.train("words", [], words_examples())
