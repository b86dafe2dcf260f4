"""What is learned from data: weak-label topic models (``--adapt``) and supervised
models from users' labels (``comments train``), saved in a checked format.

Models are stored as ``model.json`` (labels, vocabularies, thresholds, version) and
``weights.npz`` (arrays, loaded with ``allow_pickle=False``): loading a model never
runs code from the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from comments import progress as bars
from comments.io.modelfile import ModelFileError, check_finite, check_meta, read_meta, read_weights
from comments.classification.calibration import best_threshold, f1, macro_f1, platt
from comments.text.plural import plural
from comments.text.tokens import content_words, stem

FORMAT = "comments-text-model"
FORMAT_VERSION = 1
LOGIT_LIMIT = float(np.log(1e12))  # the logits a stacked calibration reads are those of probabilities in [1e-12, 1 - 1e-12]
HAND_WEIGHT = 3.0  # the cue features weigh like this many TF-IDF blocks
SEED = 13


def stem_text(text: str, language: str = "de") -> str:
    """Snowball stems of the content words (numbers kept), space-separated;
    ``language`` "auto": the comment's own language (German or English)."""
    if language == "auto":
        language = comment_language(text)
    return " ".join(stem(w, language) for w in content_words(text, language))


def comment_language(text: str) -> str:
    """``en`` or ``de`` (the stemmer and stop words a comment is read with; anything
    not clearly English is read as German)."""
    from comments.text.language import detect

    return "en" if detect(text) == "en" else "de"


def fit_weak_topics(texts: list[str], languages: list[str], seed_scores: list[dict[str, float]],
                    threshold: float):
    """TF-IDF + logistic regression per topic, trained on seed-term hits as weak labels
    (confident positives vs. comments without any evidence). Topics with too few
    examples of either kind are left to the seed terms."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = [stem_text(t, lang) for t, lang in zip(texts, languages)]
    if len(docs) < 20:
        return None, {}
    vectorizer = TfidfVectorizer(min_df=2, ngram_range=(1, 2), sublinear_tf=True, max_features=50000)
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:
        return None, {}
    models = {}
    topics = sorted({t for s in seed_scores for t in s})
    for topic in topics:
        positive = [i for i, s in enumerate(seed_scores) if s.get(topic, 0) >= threshold]
        negative = [i for i, s in enumerate(seed_scores) if s.get(topic, 0) == 0]
        if len(positive) < 5 or len(negative) < 5:
            continue
        rows = positive + negative
        labels = [1] * len(positive) + [0] * len(negative)
        model = LogisticRegression(max_iter=1000, class_weight="balanced", C=1.0, random_state=SEED)
        model.fit(matrix[rows], labels)
        models[topic] = model
    return vectorizer, models


# --- supervised models -------------------------------------------------------------

def with_default_rows(texts: list[str], labels: dict[str, np.ndarray]
                      ) -> tuple[list[str], dict[str, np.ndarray], list[str]]:
    """A user's rows plus the shipped tone model's training rows (``train --base default``):
    texts, labels (-1 where a side has no label: ours for the user's other labels, the
    user's for none) and CV groups (our threads; each user row its own). Needs a source
    checkout: ``data/labelled/`` and ``../shared/corpora/`` (ValueError naming what is missing
    and what to do otherwise; nothing is printed)."""
    import importlib.util

    script = Path(__file__).resolve().parents[3] / "benchmarks" / "train_defaults.py"
    spec = importlib.util.spec_from_file_location("train_defaults", script) if script.is_file() else None
    if spec is None or spec.loader is None:
        raise ValueError(f"--base default needs a source checkout (not found: {script}); train without it")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        if not Path(module.CORPORA).is_dir():
            raise ValueError(f"--base default needs the corpora the shipped tone model was trained on, in "
                             f"{module.CORPORA} (not found): put the shared corpora there (beside the source "
                             f"checkout), or train on your rows alone (without --base)")
        our_texts, our_labels, our_groups, _ = module.training_data()
    except (OSError, ImportError, RuntimeError) as exc:  # a missing ../shared/corpora file and the like
        raise ValueError(f"--base default: the default training data cannot be read ({exc})") from None
    n = len(our_texts)
    merged = {name: np.concatenate([np.asarray(y).astype(int), np.asarray(our_labels[name]) if name in our_labels
                                    else np.full(n, -1)]) for name, y in labels.items()}
    return list(texts) + list(our_texts), merged, [f"user:{i}" for i in range(len(texts))] + list(our_groups)


HAND_FEATURES = ("words", "short", "urls", "numbers", "quotes", "scare_quotes", "masked", "winks", "stretched",
                 "self_correct", "shout", "angry_emoji", "punct_runs", "exclaim_rate", "question_rate", "caps_share", "emoji",
                 "mentions", "opens_with_mention", "length", "questions", "question_share", "asks", "opens_with_question", "exclaims",
                 "second_person", "polarity", "insult", "vulgar", "belittle", "irony", "agree", "propose",
                 "disagree", "contrast", "criticism", "source", "explain", "evidence", "reaction", "irony_strong", "wonder")


@dataclass
class TextModel:
    """Word and character TF-IDF plus the tone cue features; one linear SVM per label,
    its margin Platt-scaled into a probability."""

    kind: str
    labels: list[str]
    word_vocab: dict[str, int]
    word_idf: np.ndarray
    char_vocab: dict[str, int]
    char_idf: np.ndarray
    hand_scale: np.ndarray
    coef: np.ndarray  # labels × features
    intercept: np.ndarray
    thresholds: np.ndarray  # per label, on the calibrated probability
    platt: np.ndarray  # labels × 2: Platt scaling (a, b) of the margin, fitted on cross-validated margins
    language: str = "de"  # "de", "en" or "auto" (each comment in its own language)
    attribution: str = ""  # the training data's credits and licences (shipped models)
    #: the definitional floor (shipped tone model, docs/models.md "Session 14"): label → the score a comment with an
    #: unambiguous insult or vulgarity outside quotes gets at least (tone.floor_hits); ``floor_masked``: masked
    #: vulgarity (``d*ck``) counts as such a hit
    floor: dict[str, float] = field(default_factory=dict)
    floor_masked: bool = False
    #: reads each comment without its "> " quoted lines (``tone.own_lines``: the passage answered is someone else's
    #: words; the shipped tone model since session 15, docs/models.md); model.json ``"quoted_lines": "skipped"``
    own_lines: bool = False
    #: stacked calibration (the shipped tone model since session 16, docs/models.md): labels × (labels + 1), each
    #: label's probability a logistic function of every label's Platt logit (then its intercept), fitted on
    #: cross-validated logits, so that the labels' relations shape each score (a supportive comment is seldom
    #: critical); model.json ``"calibration": "stacked"``, weights.npz ``stack``. None: each label's own Platt scaling
    stack: np.ndarray | None = None
    #: reply-context columns read after the cue features (``tone_context.CONTEXT_FEATURES``; the shipped tone model
    #: since session 17 when it won, docs/models.md): model.json ``"context"``. Empty: the model reads no parent
    context: list[str] = field(default_factory=list)
    #: the cue features read again for English comments, and an English flag, after the context columns
    #: (:func:`language_columns`; the shipped tone model since session 19, docs/models.md): each cue may weigh
    #: differently in English and in German; model.json ``"cues_by_language": true``
    cues_by_language: bool = False
    #: how the character block reads a comment (:data:`CHAR_VIEWS`; model.json ``"char_view"``, absent for
    #: "comment"): a decomposable view is scored from per-word scores (:class:`WordScores`)
    char_view: str = "comment"

    def __repr__(self) -> str:
        """Short (the dataclass's would print every vocabulary entry and array: ~100 KB)."""
        return (f"<TextModel {self.kind}: {len(self.labels)} labels ({', '.join(self.labels)}), {self.language}, "
                f"{len(self.word_vocab):,} words, {len(self.char_vocab):,} character n-grams>")

    def features(self, texts: list[str], parents: list[str | None] | None = None):
        """The model's input for ``texts``; ``parents``: each one's parent text (None: no parent), read only by a
        model with :attr:`context` columns (None for all: every comment without a parent)."""
        if self.own_lines:
            from comments.classification.tone import own_lines

            texts = [own_lines(t) for t in texts]
        languages = [comment_language(t) for t in texts] if self.cues_by_language else None
        hand = self.with_context(_hand(texts), parents, languages)
        return _matrix([stem_text(t, self.language) for t in texts], texts, hand, self.word_vocab, self.word_idf,
                       self.char_vocab, self.char_idf, self.hand_scale, char_view=self.char_view)

    def with_context(self, hand: np.ndarray, parents: list[str | None] | None,
                     languages: list[str] | None = None) -> np.ndarray:
        """The cue features (comments × ``HAND_FEATURES``) with the model's reply-context columns after them, from
        each comment's parent text (``parents`` None: no comment has one), then, for a model with
        :attr:`cues_by_language`, its :func:`language_columns` (``languages``: each comment's, "en" or "de")."""
        blocks = [hand]
        if self.context:
            from comments.classification.tone_context import context_columns

            blocks.append(context_columns(self.context, parents or [None] * len(hand), hand))
        if self.cues_by_language:
            if languages is None:
                raise ValueError("a model with cues by language needs each comment's language")
            blocks.append(language_columns(hand, languages))
        return blocks[0] if len(blocks) == 1 else np.hstack(blocks)

    def predict_proba(self, texts: list[str], parents: list[str | None] | None = None) -> np.ndarray:
        """Calibrated probabilities, texts × labels (``parents``: see :meth:`features`)."""
        return self._calibrated(self.features(texts, parents))

    def predict_matrix(self, stems: list[str] | list[list[str]] | None, texts: list[str], hand: np.ndarray,
                       counts=None) -> np.ndarray:
        """:meth:`predict_proba` from what ``classify`` has already computed: the cue features
        as a comments × ``HAND_FEATURES`` matrix, ``stems`` each comment's (space-separated or
        as a list), or None with ``counts``, their word count matrix as :meth:`gram_table`
        ``.counts`` builds it. A decomposable character view is scored from :meth:`word_scores` (the same
        sums as the matrix product, to rounding), not as matrix columns."""
        if not self.char_vocab or self.char_view == "comment":
            return self._calibrated(_matrix(stems, texts, hand, self.word_vocab, self.word_idf, self.char_vocab,
                                            self.char_idf, self.hand_scale, counts))
        scores = self.word_scores()
        x = _matrix(stems, texts, hand, self.word_vocab, self.word_idf, {}, self.char_idf, self.hand_scale, counts)
        return self._calibrated(x, scores.other_coef, scores.scores(texts))

    def word_scores(self) -> WordScores:
        """The per-word scores of the character block (a decomposable :attr:`char_view`), made once."""
        found = getattr(self, "_word_scores", None)
        if found is None:
            words = len(self.word_vocab)
            coef = np.ascontiguousarray(self.coef[:, words:words + len(self.char_vocab)])
            found = self._word_scores = WordScores(self.char_vocab, self.char_idf, coef, self.char_view)
            #: the weights of the other columns (words, cue features), made once: not copied per chunk
            found.other_coef = np.delete(self.coef, np.s_[words:words + len(self.char_vocab)], axis=1)
        return found

    def gram_table(self) -> _GramTable:
        """The word vocabulary as id arrays (see :class:`_GramTable`), made once."""
        return _gram_table(self.word_vocab)

    def _calibrated(self, x, coef: np.ndarray | None = None, more: np.ndarray | None = None) -> np.ndarray:
        """Probabilities of input rows ``x`` (``coef``: the weights of its columns, all the model's unless given;
        ``more``: scores added to the margins, comments × labels)."""
        z = np.asarray(x @ (self.coef if coef is None else coef).T) + self.intercept
        if more is not None:
            z = z + more
        z = z * self.platt[:, 0] + self.platt[:, 1]
        if self.stack is not None:
            z = np.clip(z, -LOGIT_LIMIT, LOGIT_LIMIT) @ self.stack[:, :-1].T + self.stack[:, -1]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, folder: Path) -> None:
        """Write model.json and weights.npz atomically (whole or the old model untouched)."""
        from comments.io.atomic import OutputFolder, create

        meta = {"format": FORMAT, "version": FORMAT_VERSION, "kind": self.kind, "labels": self.labels,
                "language": self.language, "word_vocab": self.word_vocab, "char_vocab": self.char_vocab,
                "hand_features": list(HAND_FEATURES)}
        if self.attribution:
            meta["attribution"] = self.attribution
        if self.floor:
            meta["floor"] = {"labels": self.floor, "masked": self.floor_masked}
        if self.own_lines:
            meta["quoted_lines"] = "skipped"
        if self.context:
            meta["context"] = list(self.context)
        if self.cues_by_language:
            meta["cues_by_language"] = True
        if self.char_view != "comment":
            meta["char_view"] = self.char_view
        arrays = {"word_idf": self.word_idf, "char_idf": self.char_idf, "hand_scale": self.hand_scale,
                  "coef": self.coef, "intercept": self.intercept, "thresholds": self.thresholds, "platt": self.platt}
        if self.stack is not None:
            meta["calibration"] = "stacked"
            arrays["stack"] = self.stack
        check_finite(folder / "weights.npz", arrays)
        with OutputFolder(folder) as out:
            with create(out.path("model.json")) as handle:
                handle.write(json.dumps(meta, ensure_ascii=False, allow_nan=False))
            with create(out.path("weights.npz"), "wb") as handle:
                write_npz(handle, arrays)

    @classmethod
    def load(cls, folder: str | Path) -> TextModel:
        """Read a saved model; ModelFileError (a ValueError) naming the file and the reason when
        it is not one of ours or is damaged (shapes and sizes checked before any array is allocated)."""
        folder = Path(folder)
        meta_path, meta = read_meta(folder, FORMAT, FORMAT_VERSION, "`comments train` model")
        if list(meta.get("hand_features", [])) != list(HAND_FEATURES):
            raise ModelFileError(f"{meta_path}: model was trained with other cue features; train it again")
        arrays = read_weights(folder / "weights.npz", expected_arrays(meta_path, meta))
        return cls(meta["kind"], list(meta["labels"]), dict(meta["word_vocab"]), arrays["word_idf"],
                   dict(meta["char_vocab"]), arrays["char_idf"], arrays["hand_scale"], arrays["coef"],
                   arrays["intercept"], arrays["thresholds"], arrays["platt"], meta.get("language", "de"),
                   str(meta.get("attribution", "")), *_floor(meta_path, meta), _quoted_lines(meta_path, meta),
                   arrays.get("stack"), _context(meta_path, meta), _cues_by_language(meta_path, meta),
                   _char_view(meta_path, meta))


def expected_arrays(path: Path, meta: dict) -> dict[str, tuple[int, ...]]:
    """The weights.npz arrays and shapes a text model's model.json implies (checked first):
    the common ones, and ``stack`` when the calibration is stacked."""
    expected = check_meta(path, meta, len(HAND_FEATURES) + len(_context(path, meta))
                          + (len(HAND_FEATURES) + 1) * _cues_by_language(path, meta))
    if _stacked(path, meta):
        expected["stack"] = (len(meta["labels"]), len(meta["labels"]) + 1)
    return expected


def _stacked(path: Path, meta: dict) -> bool:
    """model.json's optional ``calibration`` ("platt", the default, or "stacked": see ``TextModel.stack``)."""
    value = meta.get("calibration", "platt")
    if value not in ("platt", "stacked"):
        raise ModelFileError(f"{path}: `calibration` must be \"platt\" or \"stacked\", not {value!r}")
    return value == "stacked"


def _context(path: Path, meta: dict) -> list[str]:
    """model.json's optional ``context`` (see ``TextModel.context``): a tone model's reply-context columns, each a
    name of ``tone_context.CONTEXT_FEATURES`` at most once."""
    from comments.classification.tone_context import CONTEXT_FEATURES

    names = meta.get("context", [])
    if (not isinstance(names, list) or not all(isinstance(n, str) and n in CONTEXT_FEATURES for n in names)
            or len(set(names)) < len(names) or names and meta.get("kind") != "tone"):
        raise ModelFileError(f"{path}: `context` must list reply-context features of a tone model "
                             f"({', '.join(CONTEXT_FEATURES)}), each once")
    return list(names)


def _cues_by_language(path: Path, meta: dict) -> bool:
    """model.json's optional ``cues_by_language`` (false, the default, or true for a tone model: see
    ``TextModel.cues_by_language``)."""
    value = meta.get("cues_by_language", False)
    if not isinstance(value, bool) or value and meta.get("kind") != "tone":
        raise ModelFileError(f"{path}: `cues_by_language` must be true or false (true only for a tone model)")
    return value


def _char_view(path: Path, meta: dict) -> str:
    """model.json's optional ``char_view`` (one of :data:`CHAR_VIEWS`, "comment" by default)."""
    value = meta.get("char_view", "comment")
    if value not in CHAR_VIEWS:
        raise ModelFileError(f"{path}: `char_view` must be one of {', '.join(CHAR_VIEWS)}, not {value!r}")
    return value


def language_columns(hand: np.ndarray, languages: list[str]) -> np.ndarray:
    """Session 19: the cue features (comments × ``HAND_FEATURES``) again for English comments (zeros for the
    others) and an English flag — what lets one model weigh a cue differently by language (a wink is often
    sarcastic in German tweets, rarely in English comments)."""
    english = (np.asarray(languages, dtype=object) == "en").astype(np.float64).reshape(len(hand), 1)
    return np.hstack([np.asarray(hand, dtype=np.float64) * english, english])


def _quoted_lines(path: Path, meta: dict) -> bool:
    """model.json's optional ``quoted_lines`` ("read", the default, or "skipped": see ``TextModel.own_lines``)."""
    value = meta.get("quoted_lines", "read")
    if value not in ("read", "skipped"):
        raise ModelFileError(f"{path}: `quoted_lines` must be \"read\" or \"skipped\", not {value!r}")
    return value == "skipped"


def _floor(path: Path, meta: dict) -> tuple[dict[str, float], bool]:
    """model.json's optional ``floor`` (see ``TextModel.floor``), checked: a tone model's labels,
    each with a score in (0, 1]."""
    floor = meta.get("floor")
    if floor is None:
        return {}, False
    labels = floor.get("labels") if isinstance(floor, dict) else None
    if (meta.get("kind") != "tone" or not isinstance(labels, dict) or not isinstance(floor.get("masked", False), bool)
            or not all(label in meta["labels"] and isinstance(v, float) and 0.0 < v <= 1.0
                       for label, v in labels.items())):
        raise ValueError(f"{path}: `floor` must map tone labels of the model to scores in (0, 1]")
    return dict(labels), floor.get("masked", False)


def write_npz(handle, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with fixed member dates: the same arrays give the same bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array, dtype=np.float64), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def _tfidf(counts, idf):
    """Sublinear TF-IDF rows, L2-normalised, of a CSR count matrix. A canonical one (sorted
    columns, no repeats: every count matrix made here) is weighted in one array step and
    normalised in place by scikit-learn's own row step, without ``multiply``'s COO round trip
    and ``normalize``'s checks (classify scores small chunks): the same floats in the same order."""
    from sklearn.preprocessing import normalize

    counts = counts.astype(np.float64)
    if counts.format == "csr" and counts.has_canonical_format:
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        counts.data = (1.0 + np.log(counts.data)) * np.asarray(idf, dtype=np.float64)[counts.indices]
        inplace_csr_row_normalize_l2(counts)
        return counts
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts.multiply(idf).tocsr())


def _hand(texts: list[str]) -> np.ndarray:
    from comments.classification.tone import features

    return np.array([[f.get(name, 0.0) for name in HAND_FEATURES] for f in (features(t) for t in texts)],
                    dtype=np.float64).reshape(len(texts), len(HAND_FEATURES))


def _matrix(stems, texts, hand_raw, word_vocab, word_idf, char_vocab, char_idf, hand_scale, counts=None,
            char_view: str = "comment"):
    """The model's input: word TF-IDF | character block (none when the model has no
    character vocabulary; ``char_view``: see :data:`CHAR_VIEWS`) | scaled cue features
    (``counts``: the word counts, when given)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import CountVectorizer

    blocks = [_tfidf(_word_counts(stems, word_vocab) if counts is None else counts, word_idf)]
    if char_vocab and char_view != "comment":
        words, unique = _char_word_rows(texts, char_view)
        blocks.append((words @ _char_word_vectors(unique, char_vocab, char_idf)).tocsr())
    elif char_vocab:
        c = CountVectorizer(vocabulary=char_vocab, analyzer="char_wb", ngram_range=(2, 5)).transform(texts)
        blocks.append(_tfidf(c, char_idf))
    hand = hand_raw / hand_scale
    if len(blocks) == 1 and blocks[0].has_canonical_format and hand.ndim == 2:
        return _with_dense(blocks[0], hand)
    blocks.append(csr_matrix(hand))
    return hstack(blocks).tocsr()


#: the character block's views (session 24, docs/models.md): "comment", the sublinear TF-IDF of the comment's
#: character n-grams (2-5 within words), L2-normalised — not decomposable, so scoring reads every text's n-grams;
#: "words", the mean over the comment's words (``char_words``) of each word's own L2-normalised sublinear TF-IDF
#: vector of its n-grams (the fit's idf), and "words_root", their sum over the root of the word count — both
#: decomposable: a label's score from the block is that weighting of per-word scores (``WordScores``), each
#: distinct word computed once
CHAR_VIEWS = ("comment", "words", "words_root")


def char_words(text: str) -> list[str]:
    """The words scikit-learn's ``char_wb`` analyzer reads in ``text``: the lower-cased text split at whitespace
    (its collapsing of whitespace runs changes no split)."""
    return text.lower().split()


def char_word_grams(word: str, low: int = 2, high: int = 5) -> list[str]:
    """The character n-grams (``low``..``high``) ``char_wb`` reads in one word: those of the word padded with a
    space on each side; a padded word not longer than n is read once, whole, and no longer n-gram follows."""
    padded = f" {word} "
    size = len(padded)
    grams: list[str] = []
    for n in range(low, high + 1):
        if size <= n:
            grams.append(padded)
            break
        grams.extend([padded[i:i + n] for i in range(size - n + 1)])
    return grams


def _char_word_vectors(words: list[str], char_vocab: dict[str, int], char_idf: np.ndarray):
    """words × character vocabulary: each word's own sublinear TF-IDF vector of its n-grams (``char_idf``),
    L2-normalised (a word with no n-gram of the vocabulary: a zero row)."""
    from scipy.sparse import csr_matrix

    grams = [char_word_grams(w) for w in words]
    lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(words))
    flat = list(chain.from_iterable(grams))
    cols = np.fromiter(map(char_vocab.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    kept = cols >= 0
    width = max(len(char_vocab), 1)
    keys, counts = np.unique(rows[kept] * width + cols[kept], return_counts=True)
    indptr = np.searchsorted(keys // width, np.arange(len(words) + 1, dtype=np.int64))
    return _tfidf(csr_matrix((counts.astype(np.int64), keys % width, indptr), shape=(len(words), len(char_vocab))),
                  char_idf)


def _char_word_rows(texts: list[str], view: str):
    """The comments × distinct words weights of a decomposable character view (``view``: "words", each word
    occurrence 1/n of the comment's n words; "words_root", 1/√n) and the distinct words (sorted)."""
    from scipy.sparse import csr_matrix

    docs = [char_words(t) for t in texts]
    unique = sorted(set(chain.from_iterable(docs)))
    index = {w: i for i, w in enumerate(unique)}
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    cols = np.fromiter(map(index.__getitem__, chain.from_iterable(docs)), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    share = 1.0 / (lengths if view == "words" else np.sqrt(lengths)).astype(np.float64)[rows]
    matrix = csr_matrix((share, (rows, cols)), shape=(len(docs), len(unique)))
    matrix.sum_duplicates()
    return matrix, unique


class WordScores:
    """A decomposable character view's scores per word, made as words are met: each distinct word's vector
    (:func:`_char_word_vectors`) times the labels' character weights, computed once and kept (up to
    ``limit`` words, then begun again), so scoring a comment is a look-up per word and a (weighted) sum."""

    def __init__(self, char_vocab: dict[str, int], char_idf: np.ndarray, coef: np.ndarray, view: str,
                 limit: int = 1_000_000) -> None:
        self.char_vocab, self.char_idf, self.coef, self.view, self.limit = char_vocab, char_idf, coef, view, limit
        self.ids: dict[str, int] = {}
        self.other_coef: np.ndarray | None = None  # (set by TextModel.word_scores)
        self.keys = _GramKeys(char_vocab)
        self.coef_t = np.ascontiguousarray(coef.T)  # (n-gram rows: one gather per n-gram found)
        self.table = np.zeros((0, coef.shape[0]))

    def scores(self, texts: list[str]) -> np.ndarray:
        """comments × labels: each label's score from the character block of each text."""
        docs = [char_words(t) for t in texts]
        flat = list(chain.from_iterable(docs))
        ids = np.fromiter(map(self.ids.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        unseen = np.flatnonzero(ids < 0)
        if unseen.size:
            ids = self._add(sorted(set(map(flat.__getitem__, unseen.tolist()))), flat, ids)
        n, width = len(texts), self.table.shape[1]
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
        sums = np.zeros((n, width))
        worded = np.flatnonzero(lengths)
        if worded.size:  # (each comment's words are a run of ``flat``: one pass sums every run)
            starts = (np.cumsum(lengths) - lengths)[worded]
            sums[worded] = np.add.reduceat(self.table[ids], starts, axis=0)
        scale = np.where(lengths > 0, lengths if self.view == "words" else np.sqrt(lengths), 1).astype(np.float64)
        return sums / scale[:, None]

    def _add(self, new: list[str], flat: list[str], ids: np.ndarray) -> np.ndarray:
        """Score the ``new`` words and keep them (beginning again past ``limit``): the ids of ``flat`` after it."""
        if len(self.ids) + len(new) > self.limit:
            self.ids = {}
            new = sorted(set(flat))
            ids = np.full(len(flat), -1, dtype=np.int64)
        start = len(self.ids)
        self.ids.update(zip(new, range(start, start + len(new))))
        found = self._new_scores(new)
        if start + len(new) > len(self.table):  # (grown by doubling: a chunk's new words cost their own size)
            grown = np.zeros((max(2 * len(self.table), start + len(new), 1024), self.coef.shape[0]))
            grown[:start] = self.table[:start]
            self.table = grown
        self.table[start:start + len(new)] = found
        missing = np.flatnonzero(ids < 0)
        ids[missing] = np.fromiter(map(self.ids.__getitem__, map(flat.__getitem__, missing.tolist())),
                                   dtype=np.int64, count=missing.size)
        return ids

    def _new_scores(self, words: list[str]) -> np.ndarray:
        """words × labels: each word's vector (as :func:`_char_word_vectors` makes it) times the weights, from the
        words' n-grams found as integer keys (:class:`_GramKeys`) — no string per n-gram — when the vocabulary's
        alphabet allows, else from the vectors."""
        found = self.keys.grams(words)
        if found is None:
            return np.asarray(_char_word_vectors(words, self.char_vocab, self.char_idf) @ self.coef.T)
        rows, cols = found
        width = max(len(self.char_vocab), 1)
        keys, counts = np.unique(rows * width + cols, return_counts=True)
        rows, cols = keys // width, keys % width
        weight = (1.0 + np.log(counts)) * np.asarray(self.char_idf, dtype=np.float64)[cols]
        out = np.zeros((len(words), self.coef.shape[0]))
        if rows.size:
            norm = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=len(words)))
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            owners = rows[starts]
            out[owners] = np.add.reduceat(weight[:, None] * self.coef_t[cols], starts, axis=0) / norm[owners, None]
        return out


class _GramKeys:
    """A character vocabulary's n-grams (2-5 characters) as sorted integers — each character its rank in the
    vocabulary's alphabet (1..4095), 12 bits a character — so the n-grams of many words are found with array steps:
    an n-gram holding a character outside the alphabet is in no vocabulary. ``usable`` False (a larger alphabet,
    another n-gram length): :meth:`grams` gives None."""

    BITS = 12

    def __init__(self, char_vocab: dict[str, int]) -> None:
        grams = list(char_vocab)
        self.points = np.array(sorted({ord(c) for g in grams for c in g}), dtype=np.int64)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        self.usable = len(self.points) < (1 << self.BITS) and bool(((lengths >= 2) & (lengths <= 5)).all())
        if not self.usable:
            return
        ranks = self._ranks("".join(grams))
        starts = np.cumsum(lengths) - lengths
        keys = np.zeros(len(grams), dtype=np.int64)
        for k in range(5):
            longer = lengths > k
            keys[longer] = (keys[longer] << self.BITS) + ranks[starts[longer] + k]
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.cols = np.fromiter(char_vocab.values(), dtype=np.int64, count=len(grams))[order]

    def _ranks(self, text: str) -> np.ndarray:
        """Each character's rank in the alphabet (from 1), 0 for a character outside it."""
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        at = np.minimum(np.searchsorted(self.points, points), max(len(self.points) - 1, 0))
        return np.where(self.points[at] == points, at + 1, 0) if len(self.points) else np.zeros_like(points)

    def grams(self, words: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """The (word, column) of every vocabulary n-gram ``char_wb`` reads in each word (:func:`char_word_grams`:
        each window of 2..5 characters of the word padded with a space on each side), repeats kept."""
        if not self.usable:
            return None
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        ranks = np.concatenate([self._ranks("".join([f" {w} " for w in words])), np.zeros(5, dtype=np.int64)])
        total = int(sizes.sum())
        owner = np.repeat(np.arange(len(words), dtype=np.int64), sizes)
        room = np.repeat(np.cumsum(sizes), sizes) - np.arange(total, dtype=np.int64)  # characters to the word's end
        key = np.zeros(total, dtype=np.int64)
        present = np.ones(total, dtype=bool)
        rows, cols = [], []
        for k in range(5):
            key = (key << self.BITS) + ranks[k:k + total]
            present &= ranks[k:k + total] > 0
            if k:
                inside = np.flatnonzero(present & (room > k))
                at = np.minimum(np.searchsorted(self.keys, key[inside]), max(len(self.keys) - 1, 0))
                hit = self.keys[at] == key[inside] if len(self.keys) else np.zeros(inside.size, dtype=bool)
                rows.append(owner[inside[hit]])
                cols.append(self.cols[at[hit]])
        return np.concatenate(rows), np.concatenate(cols)


def _with_dense(words, dense: np.ndarray):
    """``hstack([words, csr_matrix(dense)]).tocsr()`` built from the arrays: each row holds its
    ``words`` entries, then the dense block's non-zero values (NaN kept, as ``csr_matrix`` keeps
    it) in column order after them; the same entries in the same order, so products with it
    add the same floats in the same order."""
    from scipy.sparse import csr_matrix

    n, width = dense.shape
    kept = dense != 0
    per_row = np.diff(words.indptr).astype(np.int64)
    extra = kept.sum(axis=1, dtype=np.int64)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per_row + extra, out=indptr[1:])
    size = int(indptr[-1])
    data = np.empty(size, dtype=np.float64)
    indices = np.empty(size, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), per_row)
    at = indptr[rows] + (np.arange(len(rows), dtype=np.int64) - words.indptr[rows])  # the words first in each row
    data[at], indices[at] = words.data, words.indices
    dense_rows, dense_cols = np.nonzero(kept)  # (row by row, columns ascending)
    rank = np.arange(len(dense_rows), dtype=np.int64) - (np.cumsum(extra) - extra)[dense_rows]
    at = indptr[dense_rows] + per_row[dense_rows] + rank
    data[at], indices[at] = dense[dense_rows, dense_cols], dense_cols + words.shape[1]
    return csr_matrix((data, indices, indptr), shape=(n, words.shape[1] + width))


def _word_counts(docs: list[str] | list[list[str]], vocab: dict[str, int]):
    """Counts of the vocabulary's words and word pairs per document (what
    ``CountVectorizer(ngram_range=(1, 2), token_pattern=r"\\S+")`` gives, without its
    per-call set-up: classify scores small batches). A document is its stems
    space-separated, or already a list of them."""
    grams = [doc.split() if isinstance(doc, str) else doc for doc in docs]
    n = len(grams)
    table = _gram_table(vocab)
    lengths = np.fromiter(map(len, grams), dtype=np.int64, count=n)
    flat = list(chain.from_iterable(grams))
    ids = np.fromiter(map(table.ids.get, flat, repeat(table.unknown)), dtype=np.int64, count=len(flat))
    return table.counts(ids, np.repeat(np.arange(n, dtype=np.int64), lengths), n)


class _GramTable:
    """A word vocabulary (stems and "stem stem" pairs) as arrays: every stem that occurs
    in it gets an id; ``unigram[id]`` its column (-1: only part of pairs; the id
    ``unknown``: any other stem), pairs as sorted codes ``a·(unknown+1)+b`` with their
    columns. Keys that no document's grams can spell (other whitespace) are left out."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.ids: dict[str, int] = {}
        unigram: dict[int, int] = {}
        pairs: list[tuple[str, str, int]] = []
        for key, col in vocab.items():
            parts = key.split()
            if len(parts) == 1 and parts[0] == key:
                unigram[self.ids.setdefault(key, len(self.ids))] = col
            elif len(parts) == 2 and " ".join(parts) == key:
                for part in parts:
                    self.ids.setdefault(part, len(self.ids))
                pairs.append((parts[0], parts[1], col))
        self.unknown = len(self.ids)
        self.unigram = np.full(self.unknown + 1, -1, dtype=np.int64)
        for i, col in unigram.items():
            self.unigram[i] = col
        codes = np.array([self.ids[a] * (self.unknown + 1) + self.ids[b] for a, b, _ in pairs], dtype=np.int64)
        order = np.argsort(codes, kind="stable")
        self.pair_codes = codes[order]
        self.pair_cols = np.array([col for _, _, col in pairs], dtype=np.int64)[order]
        # which ids begin or end a pair: only neighbours that do are looked up among the pair codes
        self.pair_first = np.zeros(self.unknown + 1, dtype=bool)
        self.pair_first[self.pair_codes // (self.unknown + 1)] = True
        self.pair_second = np.zeros(self.unknown + 1, dtype=bool)
        self.pair_second[self.pair_codes % (self.unknown + 1)] = True
        self.width = len(vocab)

    def counts(self, ids: np.ndarray, doc: np.ndarray, n: int):
        """The documents × vocabulary count matrix of stems given as ``ids`` (this table's,
        in reading order) and ``doc`` (each one's document, ascending): each stem's column
        and each pair of neighbours within a document, summed, columns sorted per row."""
        from scipy.sparse import csr_matrix

        unigrams = self.unigram[ids]
        rows, cols = [doc[unigrams >= 0]], [unigrams[unigrams >= 0]]
        if ids.size > 1 and self.pair_codes.size:
            # neighbours within one document whose ids can be a pair (most cannot: no binary search)
            maybe = np.flatnonzero(self.pair_first[ids[:-1]] & self.pair_second[ids[1:]] & (doc[:-1] == doc[1:]))
            codes = ids[maybe] * (self.unknown + 1) + ids[maybe + 1]
            at = np.minimum(np.searchsorted(self.pair_codes, codes), self.pair_codes.size - 1)
            hit = self.pair_codes[at] == codes
            rows.append(doc[maybe[hit]])
            cols.append(self.pair_cols[at[hit]])
        width = max(self.width, 1)
        keys, counts = np.unique(np.concatenate(rows) * width + np.concatenate(cols), return_counts=True)
        indptr = np.searchsorted(keys // width, np.arange(n + 1, dtype=np.int64))  # (sorted: rows, then columns)
        return csr_matrix((counts.astype(np.int64), keys % width, indptr), shape=(n, self.width))


_GRAM_TABLES: dict[int, tuple[dict[str, int], _GramTable]] = {}


def _gram_table(vocab: dict[str, int]) -> _GramTable:
    """The :class:`_GramTable` of a vocabulary, made once per vocabulary object (held with
    it, so an id is never reused for another; a few kept)."""
    found = _GRAM_TABLES.get(id(vocab))
    if found is None or found[0] is not vocab:
        if len(_GRAM_TABLES) >= 8:
            _GRAM_TABLES.clear()
        found = _GRAM_TABLES[id(vocab)] = (vocab, _GramTable(vocab))
    return found[1]


def _vocab(docs: list[str], **options) -> tuple[dict[str, int], np.ndarray]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, **options).fit(docs)
    return {k: int(v) for k, v in vec.vocabulary_.items()}, vec.idf_


class NotEnoughData(ValueError):
    """The labelled comments cannot train a model: the message says what is missing and how many there are.
    Why: a tiny or degenerate table (a few rows, texts empty or only stop words, fewer positives than folds)
    surfaced scikit-learn's "After pruning, no terms remain" or "n_splits=… cannot be greater than …"."""


def check_splittable(labels: dict[str, np.ndarray], folds: int, groups: list[str] | None) -> None:
    """NotEnoughData unless ``folds``-fold cross-validation can hold out a positive and a negative row of each
    label in every part (each label's known rows: at least ``folds`` of each), and, with ``groups``, at least
    ``folds`` groups."""
    for name, values in labels.items():
        y = np.asarray(values).astype(int)
        positives, negatives = int((y == 1).sum()), int((y == 0).sum())
        if min(positives, negatives) < folds:
            raise NotEnoughData(f"label {name!r} has {positives:,} positive and {plural(negatives, 'negative row')}: "
                                f"{folds}-fold cross-validation needs at least {folds} of each (one in "
                                f"every held-out part); label more comments or use fewer folds")
    if groups is not None and len(set(groups)) < folds:
        raise NotEnoughData(f"{plural(len(set(groups)), 'thread')}: {folds}-fold cross-validation keeps each thread "
                            f"in one part and needs at least {folds}")


def check_fold_classes(name: str, y: np.ndarray, training: np.ndarray, fold: int | None) -> None:
    """NotEnoughData unless label ``name``'s known training rows hold both a positive and a negative one."""
    present = set(np.unique(y[training]).tolist()) & {0, 1}
    if present != {0, 1}:
        missing = "positive" if 1 not in present else "negative"
        where = "" if fold is None else f" in the training part of cross-validation fold {fold + 1}"
        raise NotEnoughData(f"label {name!r} has no {missing} row{where} (its {missing} rows all fall in one "
                            f"held-out part); label more comments or use fewer folds")


def few_words(stems: list[str], rows: np.ndarray, fold: int | None, block: str) -> str:
    """Why the ``block`` ("word" or "character") vocabulary of ``rows`` came out empty, in the user's terms: how
    many comments have words (not empty, not only stop words) and what the vocabulary needs of them."""
    total, worded = len(stems), sum(1 for s in stems if s)
    if not worded:
        return (f"no comment has words to learn from: {'the text' if total == 1 else f'all {total:,} texts'} "
                f"{'is' if total == 1 else 'are'} empty or only stop words")
    inside = sum(1 for i in rows if stems[i])
    where = "" if fold is None else f", {inside:,} of them in the training part of cross-validation fold {fold + 1}"
    need = ("no word occurs in two of them" if block == "word"
            else "no sequence of letters occurs in three of them")
    return (f"too few comments with words to learn from: {worded:,} of {total:,} have words (the others are empty "
            f"or only stop words){where}, and {need}; label more comments with words")


def nb_scale(x, y: np.ndarray, words: int, weight: np.ndarray | None = None, alpha: float = 1.0) -> np.ndarray:
    """Per column of ``x``, the factor NB-SVM (Wang & Manning 2012) scales it by: for the first ``words`` columns
    (the word block) the absolute naive-Bayes log-count ratio of the label ``y`` — log of a word's share among the
    positive rows' words over its share among the negative rows' (document presence, rows weighted by ``weight``,
    ``alpha`` smoothing) — divided by its mean, so the word block keeps its weight against the cue features; 1 for
    every other column. A word that tells the classes apart weighs more under the SVM's regularisation."""
    present = (x[:, :words] != 0).astype(np.float64)
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=np.float64)
    pos = alpha + np.asarray(present.T @ (w * (y == 1))).ravel()
    neg = alpha + np.asarray(present.T @ (w * (y != 1))).ravel()
    ratio = np.abs(np.log((pos / pos.sum()) / (neg / neg.sum())))
    scale = np.ones(x.shape[1])
    if words:
        scale[:words] = ratio / max(float(ratio.mean()), 1e-12)
    return scale


def _diagonal(scale: np.ndarray):
    from scipy.sparse import diags

    return diags(scale, format="csr")


def group_splits(y: np.ndarray, groups: list[str] | None, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``folds`` seeded folds stratified on ``y``, a group (thread) never split (no groups:
    rows): the (training rows, held-out rows) pairs :func:`train` uses unless given its own."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    if groups is not None:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    else:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    return list(splitter.split(np.arange(len(y)), y, groups))


@dataclass
class CVReport:
    label: str
    positives: int
    f1_positive: float
    macro_f1: float
    threshold: float


def train(texts: list[str], labels: dict[str, np.ndarray], kind: str, language: str = "de", folds: int = 5,
          progress: bool | None | Callable[[str], None] = None, groups: list[str] | None = None,
          chars: bool = True, c: float = 0.1,
          hand_weight: float = HAND_WEIGHT, objective: str = "macro",
          sample_weight: np.ndarray | None = None, positive_weight: dict[str, float] | None = None,
          label_c: dict[str, float] | None = None,
          splits: list[tuple[np.ndarray, np.ndarray]] | None = None,
          char_labels: list[str] | None = None, extra: np.ndarray | None = None,
          word_ngrams: int = 2, nb_labels: list[str] | None = None, char_view: str = "comment"
          ) -> tuple[TextModel, list[CVReport]]:
    """Fit one model per label; ``folds``-fold cross-validation estimates F1 and picks
    each label's decision threshold (``objective``: "macro" F1 of both classes, or
    "positive" F1). A label value of -1 means unknown: that row is left out of that
    label's fit (a corpus labelled for one label only can join one labelled for all).
    ``groups`` (e.g. thread ids) keep a group within one fold; ``chars`` adds
    character n-grams; ``c`` is the SVM's regularisation; ``sample_weight``: each row's weight
    in the fits (e.g. so that one large source does not dominate); ``positive_weight``: per label, a
    factor on its positive rows' weight on top of the balanced class weights (a rare label such as
    ``hostile`` found more often); ``label_c``: per label, its own regularisation instead of ``c``;
    ``splits``: the cross-validation folds as (training rows, held-out rows) pairs instead of
    ``folds`` grouped folds (rows in no held-out part are trained on in every fold and left out of
    the thresholds and calibration: e.g. a source used only as training data); ``char_labels``: with
    ``chars``, the labels that use the character block (None: all; the others get zero weights on it,
    so one model file serves both); ``extra``: more feature columns (rows × k) read like the cue features (a
    cross-validation candidate's: a model trained with them cannot be saved); ``word_ngrams``: the longest word
    sequence the word block reads (2: stems and stem pairs; 1: stems only); ``char_view``: how
    the character block reads a comment (:data:`CHAR_VIEWS`); ``nb_labels``: labels whose word columns
    are scaled by their naive-Bayes log-count ratio (:func:`nb_scale`, from the fit's own rows) before the SVM — the
    saved weights absorb the scale, so the model file and its use are unchanged. ``progress``: a bar (True,
    False, None = when stderr is a terminal or notebook) or a callable given each step."""
    if not callable(progress):  # a bar over the steps: each label's folds, then the final fit
        with bars.task(f"training {kind}", total=len(labels) * folds + 1, enabled=progress) as advance:
            return train(texts, labels, kind, language, folds, lambda _step: advance(1), groups, chars, c,
                         hand_weight, objective, sample_weight, positive_weight, label_c, splits, char_labels, extra,
                         word_ngrams, nb_labels, char_view)
    from sklearn.svm import LinearSVC

    if char_view not in CHAR_VIEWS:
        raise ValueError(f"char_view must be one of {', '.join(CHAR_VIEWS)}, not {char_view!r}")
    stems = [stem_text(t, language) for t in texts]
    hand_raw = _hand(texts) if extra is None else np.hstack([_hand(texts), np.asarray(extra, dtype=np.float64)])
    weight_of = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    hand_scale = np.maximum(np.abs(hand_raw).max(axis=0), 1e-9) / hand_weight

    def matrix(rows, word_vocab, word_idf, char_vocab, char_idf):
        return _matrix([stems[i] for i in rows], [texts[i] for i in rows], hand_raw[rows], word_vocab, word_idf,
                       char_vocab, char_idf, hand_scale, char_view=char_view)

    def vocabularies(rows, fold: int | None = None):
        try:
            wv, wi = _vocab([stems[i] for i in rows], ngram_range=(1, word_ngrams), token_pattern=r"\S+", min_df=2,
                            max_features=60000)
        except ValueError:  # no word in two of the rows: scikit-learn's "no terms remain"
            raise NotEnoughData(few_words(stems, rows, fold, "word")) from None
        if not chars:
            return wv, wi, {}, np.zeros(0)
        try:
            cv, ci = _vocab([texts[i] for i in rows], analyzer="char_wb", ngram_range=(2, 5), min_df=3,
                            max_features=150000)
        except ValueError:
            raise NotEnoughData(few_words(stems, rows, fold, "character")) from None
        return wv, wi, cv, ci

    def model(name: str):
        return LinearSVC(C=(label_c or {}).get(name, c), class_weight="balanced", random_state=SEED)

    def fit_weights(name: str, y: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
        """The rows' weights in ``name``'s fit: the sample weights, its positives × ``positive_weight``."""
        factor = (positive_weight or {}).get(name, 1.0)
        if factor == 1.0:
            return None if weight_of is None else weight_of[rows]
        base = np.ones(len(rows)) if weight_of is None else weight_of[rows]
        return base * np.where(y[rows] == 1, factor, 1.0)

    names = list(labels)
    reports = []
    thresholds = []
    platts: list[tuple[float, float]] = []
    everything = np.arange(len(texts))
    if splits is None:  # one split (and one vocabulary per fold) for all labels, stratified on the first label
        check_splittable(labels, folds, groups)
        splits = group_splits(np.asarray(labels[names[0]]).astype(int), groups, folds)
    folds = len(splits)
    scored = np.zeros(len(texts), dtype=bool)
    for _, te in splits:
        scored[te] = True
    fold_vocabs = [vocabularies(tr, fold) for fold, (tr, _) in enumerate(splits)]
    fold_x = [matrix(everything, *v) for v in fold_vocabs]
    plain_x: dict[int, object] = {}  # fold → its matrix without the character block (labels not in char_labels)

    def inputs(fold: int | None, name: str, full):
        """``full`` as label ``name`` sees it: its character columns zeroed unless it uses them."""
        if not chars or char_labels is None or name in char_labels:
            return full
        if fold not in plain_x:
            words = len((fold_vocabs[fold] if fold is not None else vocab)[0])
            chars_n = len((fold_vocabs[fold] if fold is not None else vocab)[2])
            keep = np.ones(full.shape[1])
            keep[words:words + chars_n] = 0.0
            plain_x[fold] = full.multiply(keep).tocsr()
        return plain_x[fold]

    self_oof: dict[str, np.ndarray] = {}
    for name in names:
        y_all = np.asarray(labels[name]).astype(int)
        known = (y_all >= 0) & scored
        oof = np.zeros(len(texts))
        for fold, (tr, te) in enumerate(splits):
            if progress:
                progress(f"{name}: fold {fold + 1}/{folds}")
            tr = tr[y_all[tr] >= 0]
            check_fold_classes(name, y_all, tr, fold)
            fx = inputs(fold, name, fold_x[fold])
            if name in (nb_labels or ()):
                fx = fx @ _diagonal(nb_scale(fx[tr], y_all[tr], len(fold_vocabs[fold][0]), fit_weights(name, y_all, tr)))
            clf = model(name).fit(fx[tr], y_all[tr], fit_weights(name, y_all, tr))
            oof[te] = clf.decision_function(fx[te])
        y, margin = y_all[known], oof[known]
        w = None if weight_of is None else weight_of[known]  # the source weights, not the positives boost
        a, b = platt(margin, y, w)
        calibrated = 1.0 / (1.0 + np.exp(-(a * margin + b)))
        threshold = best_threshold(y, calibrated, objective, w)
        platts.append((a, b))
        pred = (calibrated >= threshold).astype(int)
        reports.append(CVReport(name, int(y.sum()), f1(y, pred), macro_f1(y, pred), threshold))
        thresholds.append(threshold)
        self_oof[name] = np.where(known, 1.0 / (1.0 + np.exp(-(a * oof + b))), np.nan)
    train.last_oof = self_oof  # cross-validated probabilities (for evaluation scripts)
    if progress:
        progress("final fit on all data")
    vocab = vocabularies(everything)
    x = matrix(everything, *vocab)
    coefs, intercepts = [], []
    for name in names:
        y_all = np.asarray(labels[name]).astype(int)
        known = np.flatnonzero(y_all >= 0)
        check_fold_classes(name, y_all, known, None)
        fx = inputs(None, name, x)
        scale = None
        if name in (nb_labels or ()):  # (the weights absorb the scale: the model reads unscaled columns)
            scale = nb_scale(fx[known], y_all[known], len(vocab[0]), fit_weights(name, y_all, known))
            fx = fx @ _diagonal(scale)
        clf = model(name).fit(fx[known], y_all[known], fit_weights(name, y_all, known))
        coefs.append(clf.coef_[0] if scale is None else clf.coef_[0] * scale)
        intercepts.append(clf.intercept_[0])
    fitted = TextModel(kind, names, vocab[0], vocab[1], vocab[2], vocab[3], hand_scale, np.array(coefs),
                       np.array(intercepts), np.array(thresholds), np.array(platts), language,
                       char_view=char_view if chars else "comment")
    return fitted, reports
