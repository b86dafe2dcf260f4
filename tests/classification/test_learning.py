"""evaluate and train: metrics by hand, training on labelled comments, safe model files,
and the labelled German corpora (skipped when absent)."""

from __future__ import annotations

import csv
import io
import json
import lzma
import random

import numpy as np
import pytest

from comments.classification.evaluate import averages, evaluate
from comments.classification.learn import TextModel
from comments.model.records import Comment
from comments.classification.tone import classify_many
from conftest import FIXTURES, SEED, corpus, jsonl_records, run


def test_metrics_by_hand():
    comments = [Comment(id="1", topics=["a"], tone=["x"]), Comment(id="2", topics=["a", "b"], tone=[]),
                Comment(id="3", topics=[], tone=["x"])]
    gold = [{"id": "1", "topics": "a", "tone": "x"}, {"id": "2", "topics": "b", "tone": "x"},
            {"id": "3", "topics": "a", "tone": ""}]
    scores, unmatched, _ = evaluate(comments, gold)
    by = {(s.kind, s.label): s for s in scores}
    a = by[("topics", "a")]  # predicted in 1, 2; true in 1, 3
    assert (a.tp, a.fp, a.fn) == (1, 1, 1) and a.f1 == pytest.approx(0.5)
    assert by[("topics", "b")].f1 == 1.0
    x = by[("tone", "x")]  # predicted 1, 3; true 1, 2
    assert (x.precision, x.recall) == (0.5, 0.5)
    topic_avg = averages([s for s in scores if s.kind == "topics"])
    assert topic_avg["micro_f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    assert topic_avg["macro_f1"] == pytest.approx(0.75)
    assert unmatched == []


def test_evaluate_command_text_and_json():
    args = ("evaluate", str(SEED), "--gold", str(FIXTURES / "seed_gold.csv"))
    text = run(*args)
    assert text.exit_code == 0 and "geopolitics" in text.stdout and "micro F1" in text.stdout
    report = json.loads(run(*args, "--json").stdout)
    assert report["topics"]["micro_f1"] >= 0.82 and report["tone"]["micro_f1"] >= 0.70  # see test_classify
    assert report["topics"]["labels"]["geopolitics"]["support"] == 13


def test_classify_command_adds_the_fields(tmp_path):
    result = run("classify", str(SEED), "-j", "1")
    assert result.exit_code == 0
    comments = [r for r in jsonl_records(result.stdout) if r["record"] == "comment"]
    assert len(comments) == 25
    for field in ("language", "topics", "topic_scores", "tone", "tone_scores", "polarity"):
        assert all(field in c for c in comments)
    assert all(0 <= v <= 1 for c in comments for v in {**c["topic_scores"], **c["tone_scores"]}.values())
    out = tmp_path / "classified.csv"
    assert run("classify", str(SEED), "-o", str(out)).exit_code == 0
    back = jsonl_records(run("parse", str(out)).stdout)
    assert [r["topics"] for r in back if r["record"] == "comment"] == [c["topics"] for c in comments]


def test_classify_bad_taxonomy_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[topics.x\n")
    result = run("classify", str(SEED), "--taxonomy", str(bad))
    assert result.exit_code == 2 and "invalid TOML" in result.output


def _training_csv(path, n=80, seed=3):
    """Labelled German comments built from phrases (our own, for tests)."""
    rng = random.Random(seed)
    rude = ["Du Idiot", "Was für ein Vollpfosten", "Halt die Fresse", "Dumm wie Brot", "So ein Schwachsinn, du Depp"]
    calm = ["Danke für den Artikel", "Laut Bericht sind 15 Prozent betroffen", "Gute Frage",
            "Das Update kam gestern", "Ich sehe das ähnlich"]
    topic = ["über die Sanktionen", "zum Bootloader", "zu Xiaomi", "über die Krim"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kommentar", "giftig", "sachlich", "id"])
        for i in range(n):
            toxic = i % 2
            text = f"{rng.choice(rude if toxic else calm)} {rng.choice(topic)} {rng.randint(1, 99)}"
            writer.writerow([text, toxic, 1 - toxic if i % 5 else toxic, f"x{i}"])


def test_train_saves_a_checked_model_that_classify_uses(tmp_path):
    data = tmp_path / "train.csv"
    _training_csv(data)
    model_dir = tmp_path / "model"
    result = run("train", "--data", str(data), "--kind", "tone", "--out", str(model_dir), "--text-column",
                 "kommentar", "--label", "giftig=hostile", "--folds", "3")
    assert result.exit_code == 0, result.output
    assert "hostile" in result.stdout
    assert sorted(p.name for p in model_dir.iterdir()) == [".comments-manifest.json", "model.json", "weights.npz"]
    model = TextModel.load(model_dir)
    p = model.predict_proba(["Du Idiot über die Krim", "Danke für den Artikel zu Xiaomi"])
    assert p[0, 0] > 0.5 > p[1, 0]
    piped = run("classify", "-", "--model", str(model_dir), "--format", "jsonl", "-j", "1",
                input='{"id": "1", "text": "Halt die Fresse zum Bootloader"}\n')
    (comment,) = [r for r in jsonl_records(piped.stdout) if r["record"] == "comment"]
    assert "hostile" in comment["tone"] and comment["tone_scores"]["hostile"] > 0.5


def test_train_picks_every_binary_column_by_default(tmp_path):
    data = tmp_path / "train.csv"
    _training_csv(data)
    result = run("train", "--data", str(data), "--kind", "topics", "--out", str(tmp_path / "m"),
                 "--text-column", "kommentar", "--folds", "2")
    assert result.exit_code == 0 and "giftig" in result.stdout and "sachlich" in result.stdout


def test_train_errors(tmp_path):
    data = tmp_path / "train.csv"
    _training_csv(data)
    missing = run("train", "--data", str(data), "--kind", "tone", "--out", str(tmp_path / "m"))
    assert missing.exit_code == 1 and "no text column 'text'" in missing.stderr
    assert run("train", "--data", str(data), "--kind", "mood", "--out", str(tmp_path / "m")).exit_code == 2


def test_a_label_holding_the_csv_separator_is_refused(tmp_path):
    """Labels are ids: a model label with ";" would come back from our CSV output as two labels."""
    from comments.classification.training_data import TrainingDataError, read_training_csv

    data = tmp_path / "train.csv"
    data.write_text("text,hostile\n" + "".join(f"text {i},{i % 2}\n" for i in range(10)), encoding="utf-8")
    assert list(read_training_csv(str(data), "text", ["hostile=rude"])[1]) == ["rude"]
    with pytest.raises(TrainingDataError, match="label column 'hostile': a label must not contain ';'"):
        read_training_csv(str(data), "text", ["hostile=rude;mean"])


def test_training_texts_keep_unicode_line_separators(tmp_path):
    """A comment containing NEL or U+2028 is one text, read as written."""
    from comments.classification.training_data import read_training_csv

    data = tmp_path / "train.csv"
    rows = [(f"Du Idiot\x85echt\u2028jetzt {i}", 1) for i in range(5)] + [(f"Danke\nfür den Artikel {i}", 0)
                                                                    for i in range(5)]
    data.write_text("text,hostile\r\n" + "".join(f'"{t}",{v}\r\n' for t, v in rows), encoding="utf-8")
    texts, labels = read_training_csv(str(data), "text", [])
    assert texts == [t for t, _ in rows]
    assert labels["hostile"].tolist() == [v for _, v in rows]


def test_a_tampered_or_foreign_model_is_refused(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.json").write_text(json.dumps({"format": "pickle"}))
    np.save(folder / "weights.npz", np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):
        TextModel.load(folder)
    result = run("classify", str(SEED), "--model", str(folder))
    assert result.exit_code == 2 and "--model" in result.output


# --- labelled corpora ----------------------------------------------------------------

def _macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    out = []
    for positive in (1, 0):
        tp = np.sum((pred == positive) & (gold == positive))
        fp = np.sum((pred == positive) & (gold != positive))
        fn = np.sum((pred != positive) & (gold == positive))
        out.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(out))


def _germeval():
    path = corpus("labeled_de/germeval2021/GermEval21_TrainData.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return path, [r["comment_text"] for r in rows], np.array([int(r["Sub1_Toxic"]) for r in rows])


def test_germeval2021_default_hostile_against_toxic():
    _, texts, gold = _germeval()
    pred = np.array([int("hostile" in r.tone) for r in classify_many(texts)])
    assert _macro_f1(pred, gold) >= 0.60


@pytest.mark.slow
def test_germeval2021_trained_toxic_model_cross_validated(readme_train):
    """(The README's train example is this very command: ``readme_train`` runs it once.)"""
    path, _, _ = _germeval()
    args = readme_train["args"]
    assert args == ["train", "--data", str(path), "--kind", "tone", "--text-column", "comment_text",
                    "--label", "Sub1_Toxic=hostile", "--out", args[-1]]
    assert readme_train["exit_code"] == 0, readme_train["stderr"]
    row = [line.split() for line in readme_train["stdout"].splitlines() if line.startswith("hostile")][0]
    assert float(row[3]) >= 0.665  # macro F1, 5-fold (0.669 since whole-word short terms and the gender-star fix)


def test_one_million_posts_polarity_against_sentiment_negative():
    """Regression guard: polarity on the 2,302 posts with a SentimentNegative label
    (measured 0.553; textblob-de 0.53). The issue's target, 0.65, is above what even a
    model trained on these labels reaches (0.61, see README): not met."""
    path = corpus("labeled_de/one_million_posts/posts_labeled_dev.csv.xz")
    rows = csv.DictReader(io.StringIO(lzma.decompress(path.read_bytes()).decode("utf-8"), newline=""))
    posts = {r["ID_Post"]: (f"{r['Headline']}\n\n{r['Body']}", int(r["Value"]))
             for r in rows if r["Category"] == "SentimentNegative"}
    assert len(posts) == 2302
    results = classify_many([t for t, _ in posts.values()])
    pred = np.array([int(r.polarity is not None and r.polarity < 0) for r in results])  # (None: no word to score)
    gold = np.array([v for _, v in posts.values()])
    assert _macro_f1(pred, gold) >= 0.54


@pytest.mark.slow
def test_train_from_the_defaults_adds_the_users_rows(tmp_path):
    corpus("labeled_de/germeval2018/germeval2018.training.txt")  # skips without ../shared/corpora
    data = tmp_path / "train.csv"
    _training_csv(data, 60)
    model_dir = tmp_path / "model"
    result = run("train", "--data", str(data), "--kind", "tone", "--out", str(model_dir), "--text-column",
                 "kommentar", "--label", "giftig=hostile", "--folds", "2", "--base", "default", "-q")
    assert result.exit_code == 0, result.output
    model = TextModel.load(model_dir)
    assert model.labels == ["hostile"] and model.language == "auto"
    assert len(model.word_vocab) > 1000  # our corpus's vocabulary, not only the 60 user rows'
    p = model.predict_proba(["Du Idiot, halt die Fresse", "Danke für den hilfreichen Artikel"])
    assert p[0, 0] > 0.5 > p[1, 0]
    assert run("train", "--data", str(data), "--kind", "topics", "--out", str(tmp_path / "t"),
               "--base", "default").exit_code == 2


def test_training_shows_a_bar_over_every_fold(monkeypatch):
    from rich.console import Console

    from comments.classification.learn import train

    buf = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda stderr=True: Console(file=buf, width=120, force_terminal=False))
    texts = [f"Das ist ein {'guter' if i % 2 else 'schlechter'} Kommentar Nummer {i}" for i in range(40)]
    labels = {"positive": np.array([i % 2 for i in range(40)]), "even": np.array([1 - i % 2 for i in range(40)])}
    train(texts, labels, "tone", "de", 3, progress=True, chars=False)
    assert "training tone" in buf.getvalue() and "7/7" in buf.getvalue()  # 2 labels × 3 folds + the final fit
    steps: list[str] = []
    train(texts, labels, "tone", "de", 3, progress=steps.append, chars=False)
    assert steps[-1] == "final fit on all data" and len(steps) == 7


def test_sample_weights_silence_rows_in_the_supervised_fit():
    """``train(sample_weight=...)``: rows weighted 0 (here: deliberately mislabelled) move
    neither the fit nor its calibration; unweighted, the same rows blur the two apart."""
    from comments.classification.learn import train

    good = ["Danke, sehr hilfreich und toll erklärt!", "Super Beitrag, vielen Dank dafür.",
            "Das ist kompletter Unsinn und falsch.", "So ein Quatsch, völlig daneben."] * 10
    y_good = [1, 1, 0, 0] * 10
    bad = ["Danke, sehr hilfreich und toll erklärt!", "Das ist kompletter Unsinn und falsch."] * 40
    y_bad = [0, 1] * 40  # the opposite labels, four times as many rows
    texts, y = good + bad, np.array(y_good + y_bad)
    weights = np.array([1.0] * len(good) + [0.0] * len(bad))
    probe = ["Danke, toll erklärt, sehr hilfreich.", "Kompletter Unsinn, falsch."]
    weighted, _ = train(texts, {"supportive": y}, "tone", folds=3, progress=False, chars=False, sample_weight=weights)
    unweighted, _ = train(texts, {"supportive": y}, "tone", folds=3, progress=False, chars=False)
    p_w, p_u = weighted.predict_proba(probe)[:, 0], unweighted.predict_proba(probe)[:, 0]
    assert p_w[0] > 0.9 > 0.1 > p_w[1]
    assert (p_u[0] - p_u[1]) < (p_w[0] - p_w[1]) - 0.5


def _hostile_and_critical(hostile: list[str], calm: list[str]) -> tuple[list[str], dict[str, np.ndarray]]:
    """60 numbered rows: every third hostile (the rest calm), every second critical."""
    texts = [(hostile if i % 3 == 0 else calm)[i % 4] + f" ({i})" for i in range(60)]
    return texts, {"hostile": np.array([int(i % 3 == 0) for i in range(60)]),
                   "critical": np.array([int(i % 2 == 0) for i in range(60)])}


#: a few hostile and calm comments, German and English, for the supervised-fit tests
HOSTILE = ["Du bist ein widerlicher Idiot, halt endlich die Klappe.", "What a pathetic moron, nobody wants you here.",
           "Verpiss dich, du erbärmlicher Troll.", "You clowns are too stupid to read a chart."]
CALM = ["Danke für den Artikel, die Zahlen sind interessant.", "I think the benchmark needs more runs to be sure.",
        "Gibt es dazu eine Quelle?", "The second chart is clearer than the first one."]


def test_train_weighs_and_regularises_each_label_on_its_own():
    """``positive_weight`` and ``label_c`` change the named label's fit only: its positives
    count more / its regularisation is its own, every other label is fitted as before."""
    from comments.classification.learn import train

    texts, labels = _hostile_and_critical(HOSTILE, CALM)
    args = dict(kind="tone", language="auto", folds=3, progress=False, chars=False)
    plain, _ = train(texts, labels, **args)
    weighted, _ = train(texts, labels, positive_weight={"hostile": 3.0}, **args)
    tight, _ = train(texts, labels, label_c={"hostile": 0.001}, **args)
    h, c = plain.labels.index("hostile"), plain.labels.index("critical")
    assert np.allclose(weighted.coef[c], plain.coef[c]) and np.allclose(tight.coef[c], plain.coef[c])
    assert not np.allclose(weighted.coef[h], plain.coef[h])
    assert np.linalg.norm(tight.coef[h]) < 0.5 * np.linalg.norm(plain.coef[h])


def test_character_ngrams_for_named_labels_only():
    """``char_labels``: the named label is fitted with the character block, every other label
    with zero weights on it — exactly its fit without character n-grams — in one model file."""
    from comments.classification.learn import train

    hostile = ["Du Volltrottel, halt endlich die Klappe.", "Diese Gutmenschen sind zu blöd zum Lesen.",
               "Was für ein Vollpfosten von Minister.", "You absolute clowns cannot read a chart."]
    calm = ["Danke für den Artikel, die Zahlen sind interessant.", "I think the benchmark needs more runs.",
            "Gibt es dazu eine Quelle?", "Die zweite Grafik ist klarer als die erste."]
    texts, labels = _hostile_and_critical(hostile, calm)
    args = dict(kind="tone", language="auto", folds=3, progress=False)
    both, _ = train(texts, labels, chars=True, char_labels=["hostile"], **args)
    words_only, _ = train(texts, labels, chars=False, **args)
    h, c = both.labels.index("hostile"), both.labels.index("critical")
    words, n_chars = len(both.word_vocab), len(both.char_vocab)
    assert n_chars > 0
    assert not both.coef[c, words:words + n_chars].any() and both.coef[h, words:words + n_chars].any()
    assert np.allclose(both.coef[c, :words], words_only.coef[c, :words])
    assert np.allclose(both.coef[c, words + n_chars:], words_only.coef[c, words:])


def test_nb_scale_weighs_words_by_how_well_they_tell_the_label_apart():
    """NB-SVM scaling (session 20): a word only the positives use gets a larger factor than one both classes use,
    the factors of the word block average 1, and every other column (cue features) keeps factor 1."""
    from scipy.sparse import csr_matrix

    from comments.classification.learn import nb_scale

    # columns: "idiot" (positives only), "the" (everyone), "rare" (one negative), then a cue column
    x = csr_matrix(np.array([[1, 1, 0, 5], [1, 1, 0, 0], [0, 1, 1, 2], [0, 1, 0, 0]], dtype=float))
    y = np.array([1, 1, 0, 0])
    scale = nb_scale(x, y, 3)
    assert scale[0] > scale[2] > 2 * scale[1]
    assert scale[:3].mean() == pytest.approx(1.0) and scale[3] == 1.0
    weighted = nb_scale(x, y, 3, np.array([1.0, 1.0, 4.0, 1.0]))  # a heavier negative row with "rare"
    assert weighted[2] / weighted[1] > scale[2] / scale[1]  # "rare" now tells the classes apart more


def test_nb_labels_scale_only_their_fit_and_the_saved_weights_absorb_it(tmp_path):
    """``nb_labels``: the named label's word columns are scaled in its fit (its weights change), the others are
    fitted as before, and the saved model predicts what the fitted one does (the file format is unchanged)."""
    from comments.classification.learn import train

    texts, labels = _hostile_and_critical(HOSTILE, CALM)
    args = dict(kind="tone", language="auto", folds=3, progress=False, chars=False)
    plain, _ = train(texts, labels, **args)
    scaled, _ = train(texts, labels, nb_labels=["hostile"], **args)
    h, c = plain.labels.index("hostile"), plain.labels.index("critical")
    assert np.allclose(scaled.coef[c], plain.coef[c]) and not np.allclose(scaled.coef[h], plain.coef[h])
    scaled.save(tmp_path / "m")
    assert np.allclose(TextModel.load(tmp_path / "m").predict_proba(texts), scaled.predict_proba(texts))


def test_stems_only_word_block_has_no_pairs_and_predicts_after_saving(tmp_path):
    """``word_ngrams=1`` (session 19, candidate 44): the word vocabulary holds stems only, and the saved model
    predicts what the fitted one does (``classify`` reads such a vocabulary as it is)."""
    from comments.classification.learn import train

    texts, labels = _hostile_and_critical(HOSTILE, CALM)
    args = dict(kind="tone", language="auto", folds=3, progress=False, chars=False)
    pairs, _ = train(texts, labels, **args)
    stems, _ = train(texts, labels, word_ngrams=1, **args)
    assert any(" " in k for k in pairs.word_vocab) and not any(" " in k for k in stems.word_vocab)
    assert set(stems.word_vocab) < set(pairs.word_vocab)
    stems.save(tmp_path / "m")
    assert np.allclose(TextModel.load(tmp_path / "m").predict_proba(texts), stems.predict_proba(texts))


def test_a_model_with_cues_by_language_reads_them_in_every_path_and_is_checked(tmp_path):
    """``cues_by_language`` (session 19, candidate 41): the cue features again for English comments and an English
    flag after the cue columns; ``classify``'s batch path gives the scores ``predict_proba`` gives, the file round
    trip keeps them, and a damaged flag is one clear error."""
    from comments.classification.learn import HAND_FEATURES, _hand, comment_language, language_columns, train
    from comments.classification.tone import classify_columns
    from comments.io.modelfile import ModelFileError

    texts, labels = _hostile_and_critical(HOSTILE, CALM)
    languages = [comment_language(t) for t in texts]
    columns = language_columns(_hand(texts), languages)
    assert columns.shape == (len(texts), len(HAND_FEATURES) + 1)
    assert all((row[-1] == 1.0) == (lang == "en") for row, lang in zip(columns, languages))
    assert not columns[[i for i, lang in enumerate(languages) if lang == "de"]].any()
    model, _ = train(texts, labels, kind="tone", language="auto", folds=3, progress=False, chars=False, extra=columns)
    model.cues_by_language = True
    scores = model.predict_proba(texts)
    _, batch, _ = classify_columns(texts, model=model)
    assert np.allclose([[row[label] for label in model.labels] for row in batch], scores, atol=1e-4)
    model.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert meta["cues_by_language"] is True
    assert np.allclose(TextModel.load(tmp_path / "m").predict_proba(texts), scores)
    meta["cues_by_language"] = "yes"
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFileError, match="cues_by_language"):
        TextModel.load(tmp_path / "m")
    with pytest.raises(ValueError, match="language"):
        model.with_context(_hand(texts), None)


def test_one_unmatched_gold_row_is_singular(tmp_path):
    """"warning: 1 gold rows match no comment": the seed's gold file plus one row of an id
    the seed does not have."""
    gold = tmp_path / "gold.csv"
    gold.write_text((FIXTURES / "seed_gold.csv").read_text(encoding="utf-8") + "c999,geopolitics,critical,not in the seed\n",
                    encoding="utf-8")
    result = run("evaluate", str(SEED), "--gold", str(gold))
    assert result.exit_code == 0 and "warning: 1 gold row matches no comment: c999" in result.stderr, result.stderr


def test_evaluate_warns_about_ids_that_several_threads_share(tmp_path):
    """GermEval ids repeat across threads: 172 of its gold ids matched a comment of another
    thread, silently. With ids only, such a row is named and not scored; with `site` and
    `thread_id` columns it is matched in its own thread."""
    rows = [("zeit.de", "tempolimit", "1", "Ein Tempolimit rettet Leben, die Zahlen aus den Niederlanden zeigen es."),
            ("zeit.de", "tempolimit", "2", "Die Sanktionen gegen Kuba haben damit nichts zu tun, bleib beim Thema."),
            ("zeit.de", "kuba", "1", "Die US-Sanktionen gegen Kuba treffen vor allem die einfachen Leute.")]
    data = tmp_path / "comments.jsonl"
    data.write_text("".join(json.dumps({"record": "comment", "site": s, "thread_id": t, "id": i, "text": x},
                                       ensure_ascii=False) + "\n" for s, t, i, x in rows), encoding="utf-8")
    bare = tmp_path / "gold.csv"
    bare.write_text("id,topics,tone\n1,geopolitics,critical\n2,geopolitics,critical\n", encoding="utf-8")
    result = run("evaluate", str(data), "--gold", str(bare), "--json")
    assert result.exit_code == 0, result.output
    assert ("warning: 1 gold row not scored: its id belongs to comments of several threads (add `site` and "
            "`thread_id` columns, or fill in their blank cells, to tell them apart): 1") in result.stderr, result.stderr
    assert json.loads(result.stdout)["topics"]["labels"]["geopolitics"]["support"] == 1
    keyed = tmp_path / "keyed.csv"
    keyed.write_text("site,thread_id,id,topics,tone\nzeit.de,kuba,1,geopolitics,critical\n"
                     "zeit.de,tempolimit,1,,critical\n", encoding="utf-8")
    result = run("evaluate", str(data), "--gold", str(keyed), "--json")
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr
    geo = json.loads(result.stdout)["topics"]["labels"]["geopolitics"]
    assert geo["support"] == 1 and geo["recall"] == 1.0


def test_evaluate_warnings_group_counts_over_999(tmp_path):
    """GermEval-like ids restarting in each of two threads of 1,200 comments, every gold
    row given twice with a label outside the taxonomy: the warnings printed "2400 gold rows"."""
    texts = ["Ein Tempolimit rettet Leben, die Zahlen aus den Niederlanden zeigen es.",
             "Die US-Sanktionen gegen Kuba treffen vor allem die einfachen Leute."]
    data = tmp_path / "comments.jsonl"
    data.write_text("".join(json.dumps({"record": "comment", "site": "zeit.de", "thread_id": t, "id": str(i),
                                        "text": f"{texts[k]} ({i})"}) + "\n"
                            for k, t in enumerate(["tempolimit", "kuba"]) for i in range(1200)), encoding="utf-8")
    gold = tmp_path / "gold.csv"
    gold.write_text("id,topics,tone\n" + "".join(f"{i},verkehr,critical\n" for i in range(1200)) * 2, encoding="utf-8")
    result = run("evaluate", str(data), "--gold", str(gold), "--json")
    assert result.exit_code == 0, result.output
    assert "warning: 1,200 gold ids occur more than once (1,200 extra rows; each row that names one comment is scored): " in result.stderr
    assert "warning: 2,400 gold topics labels are not among the classifier's (" in result.stderr
    assert "warning: 2,400 gold rows not scored: each id belongs to comments of several threads" in result.stderr


@pytest.mark.parametrize("column, fixed", [("none", "NAME"), ("Wärme", "waerme"), ("heat pump", "heat_pump")])
def test_train_topics_refuses_a_label_no_taxonomy_may_hold(tmp_path, column, fixed):
    """`train --kind topics` wrote models labelled none, Wärme, "heat pump": ids no taxonomy may hold (a reserved
    column, not ASCII, a space). Now the taxonomy's id rule, one error line naming the fix, and no model."""
    data = tmp_path / "train.csv"
    data.write_text(f'text,"{column}"\n' + "".join(f"Kommentar Nummer {i},{i % 2}\n" for i in range(12)),
                    encoding="utf-8")
    out = tmp_path / "m"
    result = run("train", "--data", str(data), "--kind", "topics", "--out", str(out), "--folds", "2")
    assert result.exit_code == 1 and not out.exists(), result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {data}: label column {column!r}: not a topic id: ")
    assert line.endswith(f"(rename it: --label {column}={fixed})")
    if column == "Wärme":
        assert '[topics.waerme] label = "Wärme"' in line


# --- the decomposable character view (session 24) -----------------------------------

def _real_texts() -> list[str]:
    """Real comment texts: GermEval 2018 training tweets, a Reddit thread and WordPress comments (English)."""
    from conftest import read

    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    with open(path, encoding="utf-8") as handle:
        tweets = [line.split("\t")[0] for line in handle][:300]
    threads = read(corpus("reddit/reddit_fo7p5b_announcements_polls.json"), corpus("wordpress/isso__wordpress.xml"))
    return tweets + [c.text for c in threads.comments if c.text][:300]


def test_char_word_grams_are_what_char_wb_reads_in_real_texts():
    """The per-word n-grams (``char_words``, ``char_word_grams``) are scikit-learn's ``char_wb`` analyzer's, counted
    alike, on every real text: the per-word view reads the n-grams the comment-level block reads."""
    from collections import Counter
    from itertools import chain

    from sklearn.feature_extraction.text import CountVectorizer

    from comments.classification.learn import char_word_grams, char_words

    analyzer = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    texts = _real_texts() + ["", "  a\u00a0b\tc\n\nİstanbul ÄÖÜ x", "ab abc abcd abcde"]
    assert len(texts) > 500
    for text in texts:
        assert Counter(chain.from_iterable(map(char_word_grams, char_words(text)))) == Counter(analyzer(text)), text


@pytest.mark.parametrize("view", ["words", "words_root"])
def test_a_decomposable_character_view_is_scored_per_word_as_the_matrix_product(tmp_path, view):
    """A model with a per-word character view: the scores classify takes from its per-word table
    (``WordScores``, each distinct word computed once, also when the table starts again at its limit) equal the
    character block's matrix product (``learn._matrix``) on real texts to 1e-12, and so do the probabilities of the
    fast path (``predict_matrix``) and of ``predict_proba``; the view survives saving, and a model file naming an
    unknown view is refused."""
    from comments.classification.learn import WordScores, _hand, _matrix, stem_text, train
    from comments.io.modelfile import ModelFileError

    texts = _real_texts()
    hostile = np.array([int(any(w in t.lower() for w in ("dumm", "idiot", "pack", "stupid", "lüg"))) for t in texts])
    model, _ = train(texts[:400], {"hostile": hostile[:400], "informative": 1 - hostile[:400]}, "tone", "auto", 3,
                     False, chars=True, char_view=view)
    assert model.char_view == view and len(model.char_vocab) > 1000
    probe = texts[400:] + texts[:50]  # unseen texts, then texts the fit read
    words, chars = len(model.word_vocab), len(model.char_vocab)
    block = _matrix([""] * len(probe), probe, np.zeros((len(probe), 1)), {}, np.zeros(0), model.char_vocab,
                    model.char_idf, np.ones(1), char_view=view)[:, :chars]
    expected = np.asarray(block @ model.coef[:, words:words + chars].T)
    assert np.abs(expected).max() > 0.01
    assert np.allclose(model.word_scores().scores(probe), expected, rtol=0, atol=1e-12)
    small = WordScores(model.char_vocab, model.char_idf, model.coef[:, words:words + chars], view, limit=500)
    assert np.allclose(np.vstack([small.scores(probe[i:i + 40]) for i in range(0, len(probe), 40)]), expected,
                       rtol=0, atol=1e-12)
    assert len(small.ids) <= 500
    assert small.keys.usable  # (the n-grams found as integer keys; the vectors when the alphabet is too large)
    small.keys.usable = False
    assert np.allclose(small.scores(probe), expected, rtol=0, atol=1e-12)
    full = model.predict_proba(probe)  # (the whole matrix, character block included)
    fast = model.predict_matrix([stem_text(t, "auto") for t in probe], probe, _hand(probe))
    assert np.allclose(fast, full, rtol=0, atol=1e-12)
    model.save(tmp_path / "m")
    again = TextModel.load(tmp_path / "m")
    assert again.char_view == view and np.array_equal(again.predict_proba(probe), full)
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    (tmp_path / "m" / "model.json").write_text(json.dumps(dict(meta, char_view="sentences")), encoding="utf-8")
    with pytest.raises(ModelFileError, match="char_view"):
        TextModel.load(tmp_path / "m")
