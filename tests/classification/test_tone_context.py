"""Reply context for the tone model (``tone_context``): the columns on realistic German and English reply
pairs, a model file that names them, and ``classify`` giving each reply its parent in every path — the same
labels whatever order the comments come in, a missing parent read as no parent."""

from __future__ import annotations

import json

import pytest

import comments.classification.classify as classify_mod
from comments.classification.classify import DEFAULT_TONE, classify
from comments.classification.learn import TextModel, _hand
from comments.classification.tone_context import CONTEXT_FEATURES, context_columns
from comments.io.modelfile import ModelFileError
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from conftest import context_model

QUESTION = "Does the remote lock also apply to phones bought in the EU? I ordered mine from a shop in Spain."
ANSWER = ("No. Phones activated with a German SIM are not affected, Xiaomi's statement says so explicitly: "
          "https://example.org/statement")
CLAIM = "Die Sanktionen wirken, Russland ist wirtschaftlich am Ende und muss bald nachgeben."
CORRECTION = "Das ist gar nicht so. Die Exporte nach China sind im letzten Jahr sogar gestiegen, leider."
PROPOSAL = "Man sollte einfach nur noch Geräte kaufen, deren Bootloader sich entsperren lässt."
AGREEMENT = "Sehe ich genauso, das ist der einzige Weg, der auf Dauer hilft."


def test_the_columns_follow_labelling_md_reply_rules():
    """An answer to a question, a correction of a statement, agreement with a proposal, a quoted question that
    the parent does not ask itself, and comments without a parent (top level, blank parent)."""
    replies = [ANSWER, CORRECTION, AGREEMENT, "Because it is cheap, that is all there is to it.",
               "Weißt du das wirklich nicht? Das hat doch die Kommission im Mai beschlossen.", ANSWER, ANSWER]
    parents = [QUESTION, CLAIM, PROPOSAL, "> Why would anyone buy this?\nIt is a bad phone.",
               "Wer hat das eigentlich entschieden? Und warum erst jetzt?", None, "  \n"]
    got = context_columns(CONTEXT_FEATURES, parents, _hand(replies))
    assert CONTEXT_FEATURES == ("reply", "parent_asks", "answers", "corrects", "agrees")
    assert got.tolist() == [[1, 1, 1, 0, 0],   # an answer to a question: informative
                            [1, 0, 0, 1, 0],   # a correction of the parent: critical
                            [1, 0, 0, 0, 1],   # agreement with the parent: supportive
                            [1, 0, 0, 0, 0],   # the parent's question is a quoted line, not its own
                            [1, 1, 0, 0, 0],   # a question back is no answer
                            [0, 0, 0, 0, 0],   # top level
                            [0, 0, 0, 0, 0]]   # a blank parent is no parent
    assert context_columns(["answers", "reply"], parents, _hand(replies))[:, 0].tolist() == got[:, 2].tolist()
    with pytest.raises(ValueError, match="unknown reply-context feature 'sentiment'"):
        context_columns(["sentiment"], parents, _hand(replies))


def test_a_models_context_columns_are_saved_and_checked(tmp_path):
    model = context_model(tmp_path / "m")
    assert model.context == list(CONTEXT_FEATURES)
    assert json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))["context"] == list(CONTEXT_FEATURES)
    assert "context" not in json.loads((DEFAULT_TONE / "model.json").read_text(encoding="utf-8"))
    assert TextModel.load(DEFAULT_TONE).context == []
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    for bad in (["reply", "reply", "answers", "corrects", "agrees"], ["reply", "parent_asks", "answers", "corrects", "x"],
                "reply", [1, 2, 3, 4, 5]):
        (tmp_path / "m" / "model.json").write_text(json.dumps(dict(meta, context=bad)), encoding="utf-8")
        with pytest.raises(ModelFileError, match="`context` must list reply-context features"):
            TextModel.load(tmp_path / "m")
    (tmp_path / "m" / "model.json").write_text(json.dumps(dict(meta, context=["reply"])), encoding="utf-8")
    with pytest.raises(ModelFileError):  # hand_scale and coef hold five context columns, model.json names one
        TextModel.load(tmp_path / "m")


def _thread(rows, thread_id="t") -> ParsedThread:
    return ParsedThread(Thread(thread_id=thread_id, site="s"),
                        rebuild([Comment(id=i, parent_id=p, text=t) for i, p, t in rows]))


ROWS = [("q", None, QUESTION), ("a", "q", ANSWER), ("c", None, CLAIM), ("k", "c", CORRECTION),
        ("p", None, PROPOSAL), ("g", "p", AGREEMENT), ("t", None, ANSWER), ("o", "gone", ANSWER),
        ("a2", "a", "Thanks, that is helpful. I will check the statement tonight."),
        ("k2", "k", "Quelle? Ich finde dazu nichts beim Statistischen Bundesamt.")]


def _labels(threads) -> dict[tuple[str, str], tuple]:
    return {(str(pt.thread.thread_id), c.id): (c.tone, c.tone_scores, c.polarity) for pt in threads for c in pt.comments}


@pytest.fixture
def with_context_model(tmp_path, monkeypatch):
    """``classify``'s default tone model replaced by :func:`context_model` (forked workers inherit it)."""
    context_model(tmp_path / "ctx")
    monkeypatch.setattr(classify_mod, "DEFAULT_TONE", tmp_path / "ctx")
    return tmp_path / "ctx"


def test_classify_gives_each_reply_its_parent_and_the_rest_no_parent(with_context_model):
    threads = [_thread(ROWS)]
    classify(threads)
    got = {i: v for (_, i), v in _labels(threads).items()}
    assert "informative" in got["a"][0] and "questioning" not in got["a"][0]  # answers the question above it
    assert got["a"][1]["informative"] > got["t"][1]["informative"]  # the same words at top level
    assert "critical" in got["k"][0] and got["k"][1]["critical"] > 0.9  # corrects the claim it answers
    assert "supportive" in got["g"][0]
    assert got["o"][:2] == got["t"][:2]  # a reply whose parent is not in the input reads "no parent"
    assert threads[0].comments[[c.id for c in threads[0].comments].index("o")].parent_id is None  # (an orphan)


def test_labels_do_not_depend_on_the_order_the_comments_come_in(with_context_model):
    forward, backward = [_thread(ROWS)], [_thread(ROWS[::-1])]
    shuffled = [_thread([ROWS[i] for i in (5, 1, 9, 3, 7, 0, 8, 2, 6, 4)])]
    classify(forward)
    classify(backward)
    classify(shuffled)
    assert _labels(forward) == _labels(backward) == _labels(shuffled)


def _copies(n: int) -> list[ParsedThread]:
    return [_thread([(i, p, f"{t} {k}") for i, p, t in ROWS], str(k)) for k in range(n)]


def test_every_classify_path_gives_the_reply_context_the_same_labels(with_context_model, monkeypatch):
    """One process; small chunks for the tone pass and for reading words; a thread larger than BATCH split
    into its reply-tree groups; forked worker processes; a model given as ``--model`` (the per-comment
    ``predict_proba`` path of ``apply_model``): the same tone labels and scores."""
    want = _copies(12)
    classify(want)
    expected = _labels(want)
    assert sum("informative" in tones for (_, i), (tones, _, _) in expected.items() if i == "a") == 12
    monkeypatch.setattr(classify_mod, "TONE_BATCH", 3)
    monkeypatch.setattr(classify_mod, "PREPARE", 7)
    chunked = _copies(12)
    classify(chunked)
    assert _labels(chunked) == expected
    big = [_thread([(f"{k}-{i}", p and f"{k}-{p}", f"{t} {k}") for k in range(6) for i, p, t in ROWS], "big")]
    monkeypatch.setattr(classify_mod, "BATCH", 25)  # two or three reply trees a group
    classify(big)
    small = [_thread([(f"{k}-{i}", p and f"{k}-{p}", f"{t} {k}") for i, p, t in ROWS], "big") for k in range(6)]
    monkeypatch.setattr(classify_mod, "BATCH", 5_000)
    classify(small)
    assert _labels(big) == _labels(small)
    monkeypatch.setattr(classify_mod, "BATCH", 25)
    monkeypatch.setattr(classify_mod, "PARALLEL_MIN", 1)
    workers = _copies(12)
    classify(workers, jobs=2)
    assert _labels(workers) == expected


def test_a_context_model_given_as_model_reads_the_parents_too(with_context_model, monkeypatch):
    """``apply_model`` (``classify --model``) scores comment by comment (``TextModel.predict_proba``): the same
    tone scores as the chunk-wise default path with that model."""
    want = _copies(2)
    classify(want)
    monkeypatch.setattr(classify_mod, "DEFAULT_TONE", DEFAULT_TONE)
    got = _copies(2)
    classify(got, model=with_context_model)
    assert {k: v[:2] for k, v in _labels(got).items()} == {k: v[:2] for k, v in _labels(want).items()}
