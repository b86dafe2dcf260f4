"""The team-written training sources (``data/labelled/forum8/``, session 8; ``forum13/``, session 13)
as the training scripts read them: their file format, the passes' agreement, where their rows sit in
the folds and how much they weigh. On a small fixture of the format (tests/fixtures/forum8/, also read
as a ``forum13`` folder); the scripts live in ``benchmarks/``."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "forum8"
sys.path.insert(0, str(ROOT / "benchmarks"))

import labelled_corpus  # noqa: E402
import train_defaults  # noqa: E402

from comments.classification.learn import group_splits, train  # noqa: E402


def test_forum8_rows_read_threads_replies_and_languages():
    rows = labelled_corpus.team_rows(FIXTURE)
    assert [r["key"] for r in rows] == ["forum8:T1:c1", "forum8:T1:c2", "forum8:T1:c3", "forum8:T1:c4",
                                        "forum8:T2:c1", "forum8:T2:c2"]
    assert {r["split"] for r in rows} == {"train"} and {r["source"] for r in rows} == {"forum8"}
    assert [r["parent_id"] for r in rows[:3]] == ["", "c1", "c2"]
    assert [r["lang"] for r in rows] == ["de"] * 4 + ["en"] * 2
    assert rows[2]["text"].startswith("Na klar")


def _broken(tmp_path: Path, change) -> Path:
    folder = tmp_path / "forum8"
    shutil.copytree(FIXTURE, folder)
    lines = (folder / "texts.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[1])
    lines[1] = change(row) if callable(change) else change
    (folder / "texts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("change, message", [
    ("{not json", ":2: not JSON"),
    (lambda r: json.dumps({k: v for k, v in r.items() if k != "lang"}), ":2: needs the string fields"),
    (lambda r: json.dumps(dict(r, key="forum8:T1:c9")), "is not SOURCE:THREAD:ID"),
    (lambda r: json.dumps(dict(r, key="forum8:T1:c1", id="c1")), "repeats"),
    (lambda r: json.dumps(dict(r, lang="fr")), "neither de nor en"),
    (lambda r: json.dumps(dict(r, parent_id="c7")), "parent 'c7' is not in its thread"),
    (lambda r: json.dumps(dict(r, source="forum13", key="forum13:T1:c2")), "is not the folder's name 'forum8'"),
])
def test_a_damaged_line_is_an_error_naming_file_and_line(tmp_path, change, message):
    folder = _broken(tmp_path, change)
    with pytest.raises(ValueError, match=message) as info:
        labelled_corpus.team_rows(folder)
    assert str(folder / "texts.jsonl") in str(info.value)


def test_agreement_of_the_two_passes(capsys):
    rows = {r["label"]: r for r in labelled_corpus.agreement(FIXTURE)}
    assert (rows["consumer_rights"]["pass1"], rows["consumer_rights"]["pass2"], rows["consumer_rights"]["gold"]) \
        == (2, 1, 2)
    assert rows["consumer_rights"]["agreement"] == pytest.approx(5 / 6)
    assert rows["hostile"]["f1"] == 0.0 and rows["geopolitics"]["f1"] is None
    assert rows["questioning"]["kappa"] == pytest.approx(1.0)
    assert labelled_corpus.main(["agreement", str(FIXTURE)]) == 0
    assert "consumer_rights" in capsys.readouterr().out


def test_rows_without_gold_are_left_out_and_counted(tmp_path, capsys):
    folder = tmp_path / "forum8"
    shutil.copytree(FIXTURE, folder)
    gold = (folder / "gold.csv").read_text(encoding="utf-8").splitlines()
    (folder / "gold.csv").write_text("\n".join(gold[:-2]) + "\n", encoding="utf-8")
    rows = train_defaults.team_training_rows(folder)
    assert len(rows) == 4
    assert "2 of 6 comments have no gold label" in capsys.readouterr().err
    assert train_defaults.team_training_rows(tmp_path / "absent") == []


def _as_forum13(tmp_path: Path) -> Path:
    """The fixture as a ``forum13`` folder (source and keys renamed)."""
    folder = tmp_path / "forum13"
    folder.mkdir()
    for name in ("texts.jsonl", "labels_pass1.csv", "labels_pass2.csv", "gold.csv"):
        text = (FIXTURE / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace('"source": "forum8"', '"source": "forum13"')
                                   .replace("forum8:", "forum13:"), encoding="utf-8")
    return folder


def test_every_team_written_source_is_read_alike_and_credited(tmp_path):
    folder = _as_forum13(tmp_path)
    rows = train_defaults.team_training_rows(folder)
    assert [r["key"] for r in rows][:2] == ["forum13:T1:c1", "forum13:T1:c2"] and {r["source"] for r in rows} == {"forum13"}
    assert list(train_defaults.TRAINING_ONLY) == ["forum8", "forum13"]
    assert train_defaults.is_training_only("forum13:T1") and not train_defaults.is_training_only("lemire:x")
    assert train_defaults.source_of("forum13:T1") == "forum13"
    # the shipped model's credit is what it always was; a model trained on forum13 names it too
    shipped = json.loads((ROOT / "src" / "comments" / "data" / "models" / "tone" / "model.json").read_text("utf-8"))
    assert train_defaults.attribution(train_defaults.SETTINGS) == shipped["attribution"]
    both = train_defaults.attribution({"forum8": 2.0, "forum13": 1.0})
    assert "forum8, news-forum comments" in both and "forum13, everyday comment-section comments" in both
    assert "forum13" not in train_defaults.attribution({"forum8": 2.0, "forum13": 0.0})
    assert "forum8" not in train_defaults.attribution({})
    settings = {"forum13": 2.0, "c": 0.1}
    weights = train_defaults.team_weights(settings)
    assert weights == {"forum8": 0.0, "forum13": 2.0} and settings == {"c": 0.1}
    keys = ["reddit:a", "forum8:T1", "forum13:T1"]
    assert train_defaults.used_rows(keys, weights).tolist() == [True, False, True]


def _groups(real: int = 40, forum13: int = 0) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(4)
    groups = [f"reddit:r{i % 7}" if i % 2 else f"germeval18-bucket{i % 5}" for i in range(real)]
    groups += [f"lemire:b{i % 3}" for i in range(20)]
    groups += [f"forum8:T{i % 6}" for i in range(24)]
    groups += [f"forum13:R{i % 8}" for i in range(forum13)]
    return rng.integers(0, 2, size=len(groups)), groups


def test_real_rows_keep_their_folds_and_forum8_is_held_out_by_thread_only():
    y, groups = _groups()
    n = sum(not g.startswith("forum8") for g in groups)
    extra = set(range(n, len(groups)))
    thread = train_defaults.fold_splits(y, groups, "thread")
    before = group_splits(y[:n], groups[:n], 5)
    assert len(thread) == 5
    for (tr, te), (tr0, te0) in zip(thread, before):
        assert [i for i in tr if i < n] == list(tr0) and [i for i in te if i < n] == list(te0)
    held = [set(te) & extra for _, te in thread]
    assert set().union(*held) == extra and sum(map(len, held)) == len(extra)  # each once
    for part in held:  # a thread is never split between folds
        assert len({groups[i] for i in part} & {groups[i] for i in extra - part}) == 0
    source = train_defaults.fold_splits(y, groups, "source")
    assert len(source) == 3  # tweets, reddit, blogs: forum8 is never a fold
    for tr, te in source:
        assert extra <= set(tr) and not extra & set(te)
        assert len({train_defaults.source_of(groups[i]) for i in te}) == 1


def test_forum13_joins_without_moving_anyone_elses_folds():
    y8, groups8 = _groups()
    y, groups = _groups(forum13=32)
    y[:len(y8)] = y8
    n8 = len(groups8)
    alone = train_defaults.fold_splits(y8, groups8, "thread")
    joined = train_defaults.fold_splits(y, groups, "thread")
    for (tr, te), (tr8, te8) in zip(joined, alone):  # the real rows and forum8 keep their folds
        assert [i for i in te if i < n8] == list(te8) and [i for i in tr if i < n8] == list(tr8)
    f13 = set(range(n8, len(groups)))
    held = [set(te) & f13 for _, te in joined]
    assert set().union(*held) == f13 and sum(map(len, held)) == len(f13) and all(held)
    for part in held:
        assert not {groups[i] for i in part} & {groups[i] for i in f13 - part}
    for tr, te in train_defaults.fold_splits(y, groups, "source"):
        assert f13 <= set(tr) and not f13 & set(te)


def test_forum8_weighs_k_times_an_average_real_comment_of_its_language():
    _, groups = _groups()
    languages = {f"forum8:T{i}": "de" if i < 4 else "en" for i in range(6)}
    n = sum(not g.startswith("forum8") for g in groups)
    real = train_defaults.source_weights([train_defaults.source_of(g) for g in groups[:n]], "language")
    w = train_defaults.row_weights(groups, "language", {"forum8": 2.0}, languages)
    assert np.allclose(w[:n], real)  # the real rows' weights do not change
    german = np.array([train_defaults.source_of(g) == "tweets" for g in groups[:n]])
    for i in range(n, len(groups)):
        expected = real[german].mean() if languages[groups[i]] == "de" else real[~german].mean()
        assert w[i] == pytest.approx(2.0 * expected)
    assert train_defaults.row_weights(groups[:n], "language") == pytest.approx(real)
    unweighted = train_defaults.row_weights(groups, 0.0, {"forum8": 4.0}, languages)
    assert np.allclose(unweighted[:n], 1.0) and np.allclose(unweighted[n:], 4.0)


def test_each_team_written_source_has_its_own_weight():
    _, groups = _groups(forum13=16)
    languages = {g: "en" for g in groups if g.startswith(("forum8", "forum13"))}
    n = sum(not g.startswith("forum") for g in groups)
    w = train_defaults.row_weights(groups, 0.0, {"forum8": 2.0, "forum13": 0.5}, languages)
    assert np.allclose(w[:n], 1.0)
    assert np.allclose(w[n:n + 24], 2.0) and np.allclose(w[n + 24:], 0.5)
    w = train_defaults.row_weights(groups, 0.0, {"forum8": 2.0}, languages)
    assert np.allclose(w[n + 24:], 0.0)  # a source without a weight weighs nothing


def test_rows_never_held_out_are_trained_on_but_not_calibrated():
    texts = [f"{'great work thanks' if i % 2 else 'this is wrong and misleading'} {i}" for i in range(60)]
    y = {"supportive": np.array([i % 2 for i in range(60)])}
    halves = [(np.r_[np.arange(0, 25), np.arange(50, 60)], np.arange(25, 50)),
              (np.r_[np.arange(25, 50), np.arange(50, 60)], np.arange(0, 25))]
    model, reports = train(texts, y, "tone", "en", 2, False, chars=False, splits=halves)
    oof = train.last_oof["supportive"]
    assert np.isnan(oof[50:]).all() and not np.isnan(oof[:50]).any()
    assert reports[0].positives == 25  # only the held-out rows count
    assert model.predict_proba(["great work thanks"])[0, 0] > model.predict_proba(["this is wrong"])[0, 0]


def test_forum8_rows_read_as_single_comment_threads_and_kept_out_of_calibration():
    """Session 9: ``forum8_context="single"`` gives a team-written row no parent evidence and its own
    evidence as its thread share (real rows untouched); ``forum8_calibrate=False`` moves those rows out
    of every held-out part onto every fold's training side; ``states`` appends the kind's columns."""
    from comments.classification.taxonomy import load

    taxonomy = load()
    k = len(taxonomy.ids)
    x = np.zeros((4, 3 * k + 1))
    x[:, 0] = [0.9, 0.2, 0.9, 0.2]  # own geopolitics evidence
    x[:, k] = 0.7  # a parent's
    x[:, 2 * k] = 0.5  # the thread's share
    keys = ["reddit:a", "reddit:a", "forum8:T1", "forum8:T1"]
    mentions = np.array([[1.0, 1.0, 0.0, 1.0]] * 4)
    out = train_defaults.with_kinds(x, mentions, keys, taxonomy, False, "single")
    assert out.shape == x.shape and (out[:2] == x[:2]).all()
    assert out[2:, k].tolist() == [0.0, 0.0] and out[2:, 2 * k].tolist() == [1.0, 0.0]
    both = train_defaults.with_kinds(x, mentions, keys, taxonomy, ["states:multi"], None)
    assert both.shape == (4, 3 * k + 1 + 4) and both[0, -4:].tolist() == [0.0, 1.0, 0.0, 0.0]
    pairs = [(np.array([0, 2]), np.array([1, 3])), (np.array([1, 3]), np.array([0, 2]))]
    moved = train_defaults.outside_calibration(pairs, np.arange(4), keys, True)
    assert [(tr.tolist(), te.tolist()) for tr, te in moved] == [([0, 2, 3], [1]), ([1, 2, 3], [0])]
    assert train_defaults.outside_calibration(pairs, np.arange(4), keys, False) is pairs


def test_hostile_cue_lists_apply_only_while_a_candidate_trains():
    from comments.classification.tone import features

    text = "Leute wie du sind nur Papageien."
    before = features(text, language="de")
    with train_defaults.extra_cues(train_defaults.HOSTILE_CUES):
        during = features(text, language="de")
    assert during["insult"] > before["insult"] and during["belittle"] > before["belittle"]
    assert features(text, language="de") == before


def test_calibration_by_language_and_another_threshold_objective():
    """Session 13's CV candidates: each language gets its own Platt scaling and threshold (an English
    label over-confident where German is not is pulled down), and a label with a high base rate
    gets a higher threshold from macro-F1 than from positive F1."""
    rng = np.random.default_rng(13)
    n = 400
    languages = np.array(["de"] * n + ["en"] * n)
    margin = rng.normal(size=2 * n)
    y = (margin + rng.normal(scale=0.8, size=2 * n) > np.where(languages == "de", -0.6, 0.6)).astype(int)
    pooled = 1.0 / (1.0 + np.exp(-margin - 0.2))  # one calibration for both languages
    weights = np.ones(2 * n)

    def run(gold=y, **options):
        oof = {"critical": pooled.copy()}
        cut = {"critical": np.full(2 * n, 0.5)}
        train_defaults.recalibrate(oof, cut, {"critical": gold}, weights, languages, "positive", **options)
        return oof["critical"], cut["critical"]

    by_language, cut = run(calibrate="language")
    for lang in ("de", "en"):  # each language's mean probability now matches its own base rate
        mine = languages == lang
        assert by_language[mine].mean() == pytest.approx(y[mine].mean(), abs=0.03)
    assert by_language[languages == "en"].mean() < pooled[languages == "en"].mean()
    assert len(set(cut[languages == "de"])) == 1 and len(set(cut[languages == "en"])) == 1
    common = (margin + rng.normal(scale=1.0, size=2 * n) > -0.8).astype(int)  # base rate ~ 0.75
    _, positive = run(common)
    _, macro = run(common, objective_by={"critical": "macro"})
    assert macro[0] > positive[0]  # a common label: positive F1 buys recall with a low threshold
    unused = pooled.copy()
    unused[:10] = np.nan  # rows outside every held-out part stay out of it
    oof = {"critical": unused}
    train_defaults.recalibrate(oof, {"critical": np.full(2 * n, 0.5)}, {"critical": y}, weights, languages,
                               "positive", calibrate="language")
    assert np.isnan(oof["critical"][:10]).all() and not np.isnan(oof["critical"][10:]).any()


def test_candidates_with_their_own_calibration_are_never_shipped(monkeypatch):
    monkeypatch.setattr(train_defaults, "SETTINGS", dict(train_defaults.SETTINGS, calibrate="language"))
    monkeypatch.setattr(train_defaults, "training_data", lambda team=None: None)
    with pytest.raises(ValueError, match="CV candidates only"):
        train_defaults.main([])


@pytest.mark.slow
def test_train_defaults_rebuilds_the_shipped_tone_model_byte_for_byte(tmp_path, monkeypatch):
    """``python benchmarks/train_defaults.py`` writes the shipped tone model again, byte for byte
    (it re-reads the training texts from ``../shared/corpora/``: skipped without them)."""
    if not train_defaults.CORPORA.is_dir():
        pytest.skip(f"needs the training texts in {train_defaults.CORPORA}")
    shipped = ROOT / "src" / "comments" / "data" / "models" / "tone"
    monkeypatch.setattr(train_defaults, "OUT", tmp_path / "tone")
    assert train_defaults.main([]) == 0
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "tone" / name).read_bytes() == (shipped / name).read_bytes(), name


@pytest.mark.slow
def test_train_defaults_rebuilds_the_shipped_topic_model_byte_for_byte(tmp_path, monkeypatch):
    """``train_defaults.py --topics`` writes the shipped topic model again, byte for byte, from the
    features ``classify`` computes today (session 15 retrained it on them: terms the tokenizer splits,
    such as ``=g7`` or ``old.reddit``, match as phrases). Anything that changes the topic features or
    the fit (a library, a data file, the tokenizer, the taxonomy's matching) fails here."""
    if not train_defaults.CORPORA.is_dir():
        pytest.skip(f"needs the training texts in {train_defaults.CORPORA}")
    shipped = ROOT / "src" / "comments" / "data" / "models" / "topics"
    monkeypatch.setattr(train_defaults, "TOPICS_OUT", tmp_path / "topics")
    assert train_defaults.main(["--topics"]) == 0
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "topics" / name).read_bytes() == (shipped / name).read_bytes(), name


def test_stacked_calibration_candidate_refits_every_label_where_platt_was_fitted():
    """Session 16's candidates 35/36: each named label's out-of-fold probability and threshold come from all labels'
    logits (rows outside every held-out part stay NaN); a label not named keeps its own; the coefficients returned
    are what the shipped model's ``stack`` holds."""
    rng = np.random.default_rng(16)
    n = 600
    supportive = rng.random(n) < 0.4
    critical = (~supportive & (rng.random(n) < 0.8)) | (supportive & (rng.random(n) < 0.1))
    labels = {"supportive": supportive.astype(int), "critical": critical.astype(int)}

    def prob(y, noise):
        return 1.0 / (1.0 + np.exp(-(2.0 * y - 1 + rng.normal(0, noise, n))))

    oof = {"supportive": prob(supportive, 1.0), "critical": prob(critical, 2.0)}
    oof["critical"][:10] = np.nan
    before = {t: p.copy() for t, p in oof.items()}
    cut = {t: np.full(n, 0.5) for t in oof}
    stack = train_defaults.stack_calibrate(oof, cut, labels, np.ones(n), "positive", ["critical"])
    assert list(stack) == ["critical"] and stack["critical"][0] < 0  # supportive lowers critical
    assert np.isnan(oof["critical"][:10]).all() and np.array_equal(oof["supportive"], before["supportive"])
    assert len(set(cut["critical"][10:])) == 1 and cut["supportive"][0] == 0.5
    assert oof["critical"][10:][supportive[10:]].mean() < before["critical"][10:][supportive[10:]].mean()


def test_session19_surface_columns_read_sarcasm_marks_negation_and_language():
    """Candidates 41-43: an English comment's cue features again (German: zeros) and an English flag; an ellipsis,
    "?!", laughter and "/s"; positive and negative opinion words within three words after a negation."""
    from comments.classification.learn import HAND_FEATURES

    texts = ["Das ist wirklich nicht gut... hahaha", "Oh sure, what a great idea /s", "Not bad at all?! lol lol",
             "Ein ganz normaler Satz ohne alles."]
    by_language = train_defaults.surface_columns(["by_language"], texts)
    assert by_language.shape == (4, len(HAND_FEATURES) + 1)
    assert list(by_language[:, -1]) == [0.0, 1.0, 1.0, 0.0] and not by_language[[0, 3]].any()
    sarcasm = train_defaults.surface_columns(["sarcasm"], texts)  # ellipsis, ?!, laughter, /s
    assert sarcasm.tolist() == [[1, 0, 1, 0], [0, 0, 0, 1], [0, 1, 2, 0], [0, 0, 0, 0]]
    negation = train_defaults.surface_columns(["negation"], texts)  # negated positive, negated negative
    assert negation[0].tolist() == [1, 0] and negation[2].tolist() == [0, 1] and not negation[[1, 3]].any()
    both = train_defaults.surface_columns(["sarcasm", "negation"], texts)
    assert np.array_equal(both, np.hstack([sarcasm, negation]))
    with pytest.raises(ValueError, match="unknown surface"):
        train_defaults.surface_columns(["emoji"], texts)


def test_session19_error_classes_count_each_kind_of_error(monkeypatch, capsys):
    """``diagnose_tone.py --errors``: each tone's true positives, false positives and misses, and how many of each
    have a class's surface property (here: a question mark; a label without any of its own cues)."""
    import diagnose_tone

    texts = ["Why would anyone do that?", "Great post, thanks!", "You idiot.", "Is this true?"]
    rows = [{"source": "reddit", "thread_id": "t", "text": t} for t in texts]
    pred = [{"questioning"}, {"supportive", "questioning"}, set(), {"critical"}]
    gold = [{"critical"}, {"supportive"}, {"hostile"}, {"questioning"}]
    monkeypatch.setattr(train_defaults, "training_data", lambda team=None: (texts, None, None, None))
    monkeypatch.setattr(train_defaults, "tone_cv_predictions", lambda s, d, f: (pred, gold, ["reddit:t"] * 4))
    monkeypatch.setattr(train_defaults, "train_rows", lambda: rows)
    out = diagnose_tone.errors({})
    assert out["questioning"]["question mark"] == {"tp": 0, "fp": 1, "fn": 1}
    assert out["supportive"]["question mark"] == {"tp": 0, "fp": 0, "fn": 0}
    assert out["hostile"]["insult or vulgar cue"] == {"tp": 0, "fp": 0, "fn": 1}
    assert out["critical"]["no cue of the label's kind"]["fp"] == 1
    assert "questioning: tp 0 (blogs 0, reddit 0, tweets 0); fp 2 (blogs 0, reddit 2, tweets 0)" in capsys.readouterr().out


def test_session20_fold_spread_scores_each_folds_held_out_rows():
    """The session-20 rule compares a gain with the spread of the per-fold micro-F1s: each fold is scored on its own
    held-out rows only (over every tone)."""
    gold = [{"critical"}, {"hostile"}, {"supportive"}, {"critical", "sarcastic"}]
    pred = [{"critical"}, set(), {"supportive"}, {"critical"}]
    folds = [np.array([0, 1]), np.array([2, 3])]
    # fold 1: tp 1, fn 1 -> 2/3; fold 2: tp 2, fn 1 -> 4/5
    assert train_defaults.fold_spread(pred, gold, folds) == pytest.approx([2 / 3, 4 / 5])
    assert train_defaults.fold_spread([set(), set()], [{"hostile"}, set()], [np.array([0, 1])]) == [0.0]


def test_session20_character_head_learns_spellings_out_of_fold():
    """Candidate 50: a character-n-gram SVM per head label, out of fold (NaN where no fold holds a row out), Platt
    scaled: a spelling variant the words would not share ("Vollidiot", "idiotisch") ranks above plain rows."""
    rng = np.random.default_rng(0)
    plain = ["Das Wetter ist heute schön und mild.", "Ich habe den Artikel gelesen.", "Der Zug kam pünktlich an.",
             "Wir kochen heute Suppe mit Gemüse.", "Die Sitzung dauert bis morgen früh."]
    rude = ["Du Vollidiot, echt jetzt.", "Was für ein idiotischer Unsinn.", "Idioten überall hier.",
            "So ein Oberidiot schreibt das.", "Nur Idiotie in diesem Forum."]
    texts = [plain[i % 5] + f" {w}" for i, w in enumerate(rng.choice(["ja", "nein", "doch"], 40))]
    texts += [rude[i % 5] + f" {w}" for i, w in enumerate(rng.choice(["ja", "nein", "doch"], 40))]
    texts.append("ein Trainingsrest ohne Fold")
    y = np.array([0] * 40 + [1] * 40 + [0])
    labels = {"hostile": y, "sarcastic": np.zeros(81, dtype=int)}
    labels["sarcastic"][::9] = 1
    use = np.arange(81)
    order = rng.permutation(80)
    splits = [(np.setdiff1d(np.arange(81), order[k::4]), np.sort(order[k::4])) for k in range(4)]
    out = train_defaults.character_head(["hostile", "sarcastic"], texts, labels, use, splits, None, {"c": 0.1})
    assert sorted(out) == ["hostile:chars", "sarcastic:chars"]
    p = out["hostile:chars"]
    assert np.isnan(p[80]) and not np.isnan(p[:80]).any() and ((p[:80] > 0) & (p[:80] < 1)).all()
    assert p[40:80].min() > p[:40].max()
