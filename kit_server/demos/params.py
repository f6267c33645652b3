"""Every demo's settings with their bounds: pydantic only, no numpy, scikit-learn or matplotlib.

The web process validates a student's settings and serves the sliders' schema from these classes
without loading any of the heavy libraries (those live in the demo worker processes). Each demo
module imports its own class from here as `Params`, so bounds are written once.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError


class DemoParams(BaseModel):
    """Base for every demo's Params: unknown keys and NaN/inf are rejected, values are frozen.

    Frozen so that a validated params object can be shared by cached results without anyone
    changing it afterwards.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


Pixel = Annotated[int, Field(ge=0, le=16)]


# ---- lesson 1: a rule vs a decision tree ----
class RulesVsLearning(DemoParams):
    length_cut: float = Field(2.5, ge=0.5, le=7.5, description="petal length threshold (cm)")
    width_cut: float = Field(1.7, ge=0.0, le=2.8, description="petal width threshold (cm)")
    depth: int = Field(2, ge=1, le=5, description="decision tree depth")
    seed: int = Field(0, ge=0, le=1000, description="which flowers are held out for testing")


# ---- lesson 2: nearest neighbours ----
COORD = 20.0  # every point must sit inside [-COORD, COORD] on both axes


class Point(_Strict):
    x: float = Field(ge=-COORD, le=COORD)
    y: float = Field(ge=-COORD, le=COORD)


class LabelledPoint(Point):
    label: int = Field(ge=0, le=2)


class NearestNeighbours(DemoParams):
    dataset: Literal["blobs", "iris"] = "blobs"
    k: int = Field(3, ge=1, le=15, description="how many neighbours vote")
    n_points: int = Field(60, ge=9, le=200, description="blobs only: how many training points")
    spread: float = Field(1.5, ge=0.3, le=4.0,
                          description="blobs only: how spread out each group is")
    seed: int = Field(0, ge=0, le=1000)
    query: Optional[Point] = Field(None, description="the point the student placed")
    extra_points: tuple[LabelledPoint, ...] = Field((), max_length=50,
                                                    description="labelled points students added")


# ---- lesson 3: bias from data ----
class Bias(DemoParams):
    keep_b: float = Field(1.0, ge=0.0, le=1.0, description="share of group B kept for training")
    n_per_group: int = Field(150, ge=40, le=400, description="training examples per group")
    seed: int = Field(0, ge=0, le=1000)


# ---- lesson 4: testing and overfitting ----
MAX_DEPTH = 12


class Overfitting(DemoParams):
    depth: int = Field(3, ge=1, le=MAX_DEPTH, description="how many questions the tree may ask")
    noise: float = Field(0.3, ge=0.0, le=0.6, description="how messy the data is")
    n_samples: int = Field(200, ge=40, le=400)
    seed: int = Field(0, ge=0, le=1000)


# ---- lesson 5: images are numbers, and the class's own digits ----
N_TEST = 450
MAX_SAMPLES = 600  # 30 students x 10 digits x 2 tries: retraining stays well under a second


class Digits(DemoParams):
    pixels: Optional[list[Pixel]] = Field(None, min_length=64, max_length=64,
                                          description="the drawing, 64 values 0-16, row by row")
    sample: int = Field(0, ge=0, le=N_TEST - 1,
                        description="held-out digit shown when nothing is drawn")
    view: Literal["guess", "confusion"] = "guess"


class Sample(_Strict):
    pixels: list[Pixel] = Field(min_length=64, max_length=64)
    label: int = Field(ge=0, le=9)


class ClassData(DemoParams):
    samples: list[Sample] = Field(default_factory=list, max_length=MAX_SAMPLES,
                                  description="class drawings; empty = example drawings")
    holdout: float = Field(0.3, ge=0.2, le=0.5,
                           description="share of class drawings kept for testing")
    seed: int = Field(0, ge=0, le=1000)


# ---- lesson 6: grouping without labels ----
MAX_K = 8
MAX_ITER = 30


class Clustering(DemoParams):
    dataset: Literal["blobs", "wine"] = "blobs"
    k: int = Field(3, ge=1, le=MAX_K, description="how many groups to make")
    iterations: int = Field(MAX_ITER, ge=0, le=MAX_ITER, description="k-means steps to show")
    n_points: int = Field(150, ge=30, le=300, description="blobs only")
    groups: int = Field(3, ge=2, le=6, description="blobs only: how many real groups")
    spread: float = Field(1.0, ge=0.3, le=3.0, description="blobs only")
    seed: int = Field(0, ge=0, le=1000)
    show_labels: bool = Field(False, description="reveal the hidden true labels")


# ---- lesson 7: predicting numbers ----
LO, HI = 0.0, 300.0  # cm; generous enough for any child, and keeps the picture sane


class TablePoint(_Strict):
    x: float = Field(ge=LO, le=HI)
    y: float = Field(ge=LO, le=HI)


class Regression(DemoParams):
    points: Optional[list[TablePoint]] = Field(None, min_length=2, max_length=200,
                                               description="the table; empty = the example class table")
    outlier: Optional[TablePoint] = Field(None, description="one extra, unusual point")
    degree: int = Field(1, ge=1, le=8, description="1 = straight line; higher = bendier curve")
    predict_at: Optional[float] = Field(None, ge=LO, le=HI, description="x to predict y for")


# ---- lesson 8: teaching a computer to read Arabic ----
MAX_LABELS = 10  # a lesson sorts into a handful of labels; each label costs a model row


class Sentence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=1, max_length=150)
    label: str = Field(min_length=1, max_length=30)


class TextClassifier(DemoParams):
    # 150 sentences of 150 letters keeps the worst case (random letters, n-grams up to 5) near
    # a quarter of a second; a class labelling 3 sentences each stays well inside it.
    sentences: list[Sentence] = Field(default_factory=list, max_length=150,
                                      description="labelled sentences; empty = the example set")

    query: str = Field("kifak, shu fi ma3ak lyom?", max_length=200,
                       description="sentence to classify")
    ngram_max: int = Field(3, ge=1, le=5, description="longest letter sequence counted")
    normalise: bool = Field(True, description="remove Arabic diacritics and unify letter forms")
    alpha: float = Field(0.5, ge=0.01, le=2.0, description="smoothing for unseen sequences")
    top_n: int = Field(5, ge=1, le=10, description="how many letter sequences to list per label")

    @field_validator("sentences")
    @classmethod
    def _few_labels(cls, value: list[Sentence]) -> list[Sentence]:
        if len({s.label for s in value}) > MAX_LABELS:
            raise PydanticCustomError("too_many_labels", "at most {max} labels",
                                      {"max": MAX_LABELS})
        return value


# ---- lesson 9: the next word ----
class NextWord(DemoParams):
    language: Literal["ar", "fr", "en"] = Field("ar",
                                                description="which example text to learn from")
    text: str = Field("", max_length=5000, description="the class's own text; empty = example text")
    prompt: str = Field("", max_length=200, description="the words the model continues")
    context: int = Field(2, ge=1, le=3, description="how many previous words it looks at")
    temperature: float = Field(1.0, ge=0.0, le=3.0, description="0 = always the likeliest word")
    n_words: int = Field(15, ge=1, le=60, description="how many words to write")
    seed: int = Field(0, ge=0, le=1_000_000)
    top_n: int = Field(8, ge=1, le=15, description="how many next words to show")


# ---- lesson 11: AI in health, with care ----
class Threshold(DemoParams):
    dataset: Literal["triage", "breast_cancer"] = "triage"
    threshold: float = Field(0.5, ge=0.01, le=0.99,
                             description="probability above which we call the doctor")


# The one list of demos, in lesson order: id -> its settings. Every other place (the lesson
# checks, the API, the tests, the benchmark) reads it from here through kit_server.demos.
BY_ID: dict[str, type[DemoParams]] = {
    "rules_vs_learning": RulesVsLearning,
    "nearest_neighbours": NearestNeighbours,
    "bias": Bias,
    "overfitting": Overfitting,
    "digits": Digits,
    "class_data": ClassData,
    "clustering": Clustering,
    "regression": Regression,
    "text_classifier": TextClassifier,
    "next_word": NextWord,
    "threshold": Threshold,
}
