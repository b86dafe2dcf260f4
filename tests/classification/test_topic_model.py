"""The learned default topic model (issue 11): its file format, when it is used, and
what it does on real threads."""

from __future__ import annotations

import gc
import json
import shutil

import numpy as np
import pytest
from conftest import read

from comments.classification.classify import classify
from comments.classification.taxonomy import default_path, load
from comments.classification.topic_model import (PLACE, TopicModel, Words, content_stems, feature_names, fit,
                                                 unit_features)
from comments.classification.topics import DEFAULT_MODEL, TopicClassifier
from comments.io.modelfile import ModelFileError
from comments.model.records import Comment, ParsedThread, Thread
from conftest import corpus

from comments.text.tokens import tokenize


def thread(*texts: str, chain: bool = False) -> ParsedThread:
    comments = [Comment(id=f"c{i}", parent_id=f"c{i - 1}" if chain and i else None, text=t, position=i)
                for i, t in enumerate(texts)]
    return ParsedThread(Thread(thread_id="t", site="s"), comments)


def test_default_model_is_used_with_the_taxonomy_it_was_trained_on_only(tmp_path):
    default = TopicClassifier(load())
    assert default.learned_model() is not None
    copy = tmp_path / "same.toml"
    shutil.copy(default_path(), copy)
    assert TopicClassifier(load(copy)).learned_model() is not None  # same topics and terms: same fingerprint
    changed = tmp_path / "changed.toml"
    changed.write_text(default_path().read_text(encoding="utf-8").replace('"embargo", ', ""), encoding="utf-8")
    assert load(changed).fingerprint != load().fingerprint
    assert TopicClassifier(load(changed)).learned_model() is None  # a user taxonomy keeps term matching


def test_user_taxonomy_gives_the_term_rule_labels(tmp_path):
    path = tmp_path / "speed.toml"
    path.write_text('[topics.safety]\nstrong = ["unfall", "verkehrstote"]\n'
                    '[topics.climate]\nstrong = ["klima", "co2"]\n', encoding="utf-8")
    texts = ("Jeder Unfall weniger zählt, die Verkehrstote sprechen für sich.",
             "Und beim Klima spart es auch CO2, das sollte man nicht vergessen.", "Danke!")
    learned = classify([thread(*texts, chain=True)], taxonomy=load(path))[0]
    terms = thread(*texts, chain=True)
    TopicClassifier(load(path), learned=False).transform([terms])
    assert [c.topics for c in learned.comments] == [c.topics for c in terms.comments]
    assert learned.comments[0].topics == ["safety"] and learned.comments[2].topics == []


def test_lexicon_cache_follows_the_taxonomy_not_its_address(tmp_path):
    """Taxonomies made and freed one after the other may share an ``id``; each run must
    use its own taxonomy's terms."""
    for n, (a, b) in enumerate([("apfel", "birne"), ("kiefer", "eiche"), ("amsel", "drossel"),
                                ("hafen", "schleuse"), ("geige", "bratsche"), ("kiesel", "sandstein")]):
        path = tmp_path / f"t{n}.toml"
        path.write_text(f'[topics.topic{n}]\nstrong = ["{a}", "{b}"]\n', encoding="utf-8")
        pt = classify([thread(f"Hier steht {a} und {b} im Text.")], taxonomy=load(path))[0]
        assert pt.comments[0].topics == [f"topic{n}"]
        gc.collect()


def test_reply_carries_its_threads_topic_through_the_model():
    """A substantive reply without topic words, under a comment about remote locks in a
    thread about them: the learned model gives it the topic from its context."""
    pt = thread("Xiaomi sperrt per Fernabschaltung die Handys der Kunden, Kill-Switch und Regionalsperre, "
                "das Eigentum der Käufer zählt nicht, Verbraucherschutz muss eingreifen.",
                "Genau das ist das Problem, die machen mit den Leuten was sie wollen und niemand hält sie auf.",
                chain=True)
    classify([pt])
    assert pt.comments[0].topics == ["consumer_rights"]
    assert "consumer_rights" in pt.comments[1].topics
    assert 0.0 <= pt.comments[1].topic_scores["consumer_rights"] <= 1.0


def test_bare_reaction_gets_no_topic_even_in_an_on_topic_thread():
    pt = thread("Die US-Sanktionen gegen Kuba und Iran sind ein Handelskrieg, die NATO schaut zu.", "+1 Danke!",
                chain=True)
    classify([pt])
    assert pt.comments[0].topics == ["geopolitics"] and pt.comments[1].topics == []


def test_off_topic_real_thread_stays_below_three_percent():
    """The Minecraft-server thread on lemire.me (396 comments, no default topic in the
    gold labels; a training-split thread)."""
    result = read(corpus("html_wordpress/04-02-comment-setting-up-a-robust-minecraft-server-on-a-raspberry-pi.md"))
    classify(result.threads)
    comments = result.comments
    given = sum(1 for c in comments if c.topics)
    assert len(comments) > 300 and given / len(comments) <= 0.03


def _small_model() -> TopicModel:
    rng = np.random.default_rng(0)
    inputs = ["a", "b"]
    own = [{"a": float(v), "b": float(w)} for v, w in rng.random((120, 2))]
    x = unit_features(inputs, own, [None] + list(range(119)), [False] * 120)
    y = {"a": (x[:, 0] > 0.6).astype(int), "b": (x[:, 1] > 0.7).astype(int)}
    model, oof = fit(x, y, [f"g{i % 10}" for i in range(120)], inputs, "f" * 16)
    assert set(oof) == {"a", "b"} and all(len(v) == 120 for v in oof.values())
    return model


def test_model_round_trip_is_byte_stable(tmp_path):
    model = _small_model()
    model.save(tmp_path / "m1")
    _small_model().save(tmp_path / "m2")
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "m1" / name).read_bytes() == (tmp_path / "m2" / name).read_bytes()
    loaded = TopicModel.load(tmp_path / "m1")
    x = np.eye(len(feature_names(["a", "b"])))
    assert np.allclose(loaded.predict_proba(x), model.predict_proba(x))


@pytest.mark.parametrize("damage, message", [
    (lambda meta: meta.update(format="pickle"), "not a comments-topic-model"),
    (lambda meta: meta.update(labels=["zzz"]), "do not match"),
    (lambda meta: meta.update(features=["own:a"]), "do not match"),
    (lambda meta: meta.update(inputs=["a", "b", "c"], features=feature_names(["a", "b", "c"])), "coef"),
    (lambda meta: meta.update(vocab=["zoll", "zoll"]), "distinct"),
    (lambda meta: meta.update(vocab={"zoll": 0}), "vocab"),
    (lambda meta: meta.update(vocab=["zoll"]), "word_coef"),
])
def test_damaged_model_is_refused_with_the_reason(tmp_path, damage, message):
    folder = tmp_path / "m"
    _small_model().save(folder)
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    damage(meta)
    (folder / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFileError, match=message):
        TopicModel.load(folder)


def test_shipped_model_loads_and_names_its_data():
    model = TopicModel.load(DEFAULT_MODEL)
    assert model.fingerprint == load().fingerprint
    assert set(model.labels) <= set(load().ids) and "CC BY 4.0" in model.attribution


def test_lemma_terms_match_inflections_not_the_look_alike_verb():
    from comments.classification.lexicon import Lexicon, Term

    lex = Lexicon([Term("~krieg", "war", 2.0)])
    assert lex.scores("Der Krieg dauert an, die Kriege davor auch.", language="de") == {"war": 2.0}  # once per term
    assert lex.scores("Das kriegen wir hin, er kriegt das schon.", language="de") == {}
    assert lex.scores("Die iPhone-Kriege in den Foren nerven.", language="de") == {}  # not as a later compound part
    assert lex.scores("Kriege-Ende in Sicht", language="de") == {"war": 2.0}


def test_language_specific_terms_apply_to_their_language_only(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[topics.politics]\nstrong_de = ["regierung"]\nstrong_en = ["=government"]\n'
                    '[topics.money]\nterms = ["geld", "money"]\n', encoding="utf-8")
    taxonomy = load(path)
    lex = taxonomy.lexicon
    assert lex.scores("Die Regierung und das Geld", language="de") == {"politics": 2.0, "money": 1.0}
    assert lex.scores("Die Regierung und das Geld", language="en") == {"money": 1.0}
    assert lex.scores("the government and the money", language="en") == {"politics": 2.0, "money": 1.0}
    assert lex.scores("the government and the money", language="de") == {"money": 1.0}
    assert lex.scores("Regierung, government", language="other") == {"politics": 4.0}  # unknown: every term
    third = tmp_path / "v.toml"
    third.write_text(path.read_text(encoding="utf-8").replace("strong_en", "strong"), encoding="utf-8")
    assert load(third).fingerprint != taxonomy.fingerprint  # the language of a term is part of the taxonomy


def test_account_handles_are_not_topic_words():
    tc = TopicClassifier(load(), learned=False)
    assert tc.own_scores("@troll_putin @IsraelinGermany Das sehe ich genauso.")["geopolitics"] == 0.0
    assert tc.own_scores("Putin und Israel, schreib an info@example.de")["geopolitics"] >= 0.5


WORD_TEXTS = {  # a topic told by words the two-topic taxonomy below does not list
    1: ["Der Zollstreit zwischen Washington und Peking eskaliert, neue Strafzölle auf Stahl.",
        "Strafzölle und Zollstreit: Peking antwortet Washington mit Gegenzöllen.",
        "Im Zollstreit droht Washington Peking mit weiteren Strafzöllen auf Autos.",
        "Peking kontert die Strafzölle, der Zollstreit trifft die Exporteure."],
    0: ["Mein Minecraft-Server läuft jetzt stabil auf dem Raspberry Pi.",
        "Der Raspberry Pi braucht eine gute Stromversorgung, sonst stürzt der Server ab.",
        "Ich habe die Java-Version aktualisiert, jetzt lädt die Welt schneller.",
        "Mit einer SSD statt der SD-Karte läuft der Server deutlich flüssiger."],
}


def _word_model(word_weight: float) -> tuple[TopicModel, list[list[str]]]:
    """A model of two topics (``a`` with term evidence, ``b`` without) trained on 120
    comments, half of them about a trade dispute no term names."""
    inputs = ["a", "b"]
    texts = [WORD_TEXTS[i % 2][(i // 2) % 4] for i in range(120)]
    docs = [content_stems(tokenize(t), "de") for t in texts]
    own = [{"a": 0.0, "b": 0.0} for _ in texts]
    x = unit_features(inputs, own, [None] * 120, [False] * 120)
    y = {"a": np.array([i % 2 for i in range(120)]), "b": np.zeros(120, dtype=int)}
    model, _ = fit(x, y, [f"g{i % 10}" for i in range(120)], inputs, "f" * 16, docs=docs, word_weight=word_weight)
    return model, docs


def test_word_block_learns_a_topic_no_term_names(tmp_path):
    model, docs = _word_model(1.0)
    assert model.labels == ["a"] and "zollstreit" in model.vocab
    words = Words(model.vocab)
    texts = ["Washington verhängt neue Strafzölle, Peking droht mit Gegenzöllen im Zollstreit.",
             "Der Server auf dem Raspberry Pi läuft mit der neuen Java-Version stabil."]
    columns = [words.columns(tokenize(t), "de") for t in texts]
    x = np.zeros((2, len(feature_names(["a", "b"]))))
    p = model.predict_proba(x, columns)[:, 0]
    assert p[0] >= model.thresholds[0] > p[1]
    assert np.allclose(model.predict_proba(x), model.predict_proba(x, [[], []]))  # no words: terms only
    model.save(tmp_path / "m1")
    _word_model(1.0)[0].save(tmp_path / "m2")
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "m1" / name).read_bytes() == (tmp_path / "m2" / name).read_bytes()
    loaded = TopicModel.load(tmp_path / "m1")
    assert loaded.vocab == model.vocab and np.allclose(loaded.predict_proba(x, columns), model.predict_proba(x, columns))
    terms_only, _ = _word_model(0.0)
    assert terms_only.vocab == [] and terms_only.word_coef.shape == (1, 0)


def test_classify_reads_words_as_training_does():
    """The columns ``classify`` looks up token by token are the training rows' stems,
    in each comment's language (German and English stemmers differ)."""
    vocab = sorted({"zollstreit", "peking", "washington", "sanction", "tariff", "user", "nutz", "run"})
    words = Words(vocab)
    index = {w: i for i, w in enumerate(vocab)}
    for text, language in (("Im Zollstreit droht Washington Peking, die Nutzer zahlen.", "de"),
                           ("The users pay the tariffs: Washington's sanctions on Beijing.", "en")):
        tokens = tokenize(text)
        expected = sorted({index[w] for w in content_stems(tokens, language) if w in index})
        assert words.columns(tokens, language) == expected and len(expected) >= 3
    assert words.columns(tokenize("running"), "en") == [index["run"]] and words.columns(tokenize("running"), "de") == []


def test_shipped_model_reads_term_evidence_that_transfers():
    """Selected by source-held-out CV, the shipped model reads the taxonomy's terms only
    (the word block learnt the tweets); "die Türken" (people in Germany) is not the state,
    a software "update" is not consumer rights, a war and a refund still are."""
    model = TopicModel.load(DEFAULT_MODEL)
    assert model.vocab == [] and model.word_coef.shape == (len(model.labels), 0)
    pts = [thread("Die Türken hier sollen endlich Deutsch lernen, fordert die CSU im Landtag."),
           thread("Update: I fixed the benchmark code and reran it, the numbers are in the post now."),
           thread("Der Bürgerkrieg in Syrien geht weiter, die Truppen rücken vor und der Sicherheitsrat schweigt."),
           thread("They refused the refund and their customer support ignored my warranty claim for weeks.")]
    classify(pts)
    assert [pt.comments[0].topics for pt in pts] == [[], [], ["geopolitics"], ["consumer_rights"]]


def test_sample_weights_count_rows_as_the_fit_sees_them():
    """A row weighted 0 is as good as absent from the final fit; equal-source weights
    are accepted by the cross-validation too."""
    rng = np.random.default_rng(2)
    inputs = ["a", "b"]
    own = [{"a": float(v), "b": 0.0} for v in rng.random(200)]
    x = unit_features(inputs, own, [None] * 200, [False] * 200)
    y = {"a": (x[:, 0] + rng.normal(0, 0.2, 200) > 0.5).astype(int)}
    groups = [f"g{i % 10}" for i in range(200)]
    weights = np.where(np.arange(200) < 150, 1.0, 0.0)
    weighted, _ = fit(x, y, groups, inputs, "f" * 16, sample_weight=weights, class_weight=None)
    from sklearn.linear_model import LogisticRegression

    alone = LogisticRegression(C=1.0, max_iter=3000).fit(x[:150], y["a"][:150])
    assert np.allclose(weighted.coef[0], alone.coef_[0], atol=1e-3)
    assert np.isclose(weighted.intercept[0], alone.intercept_[0], atol=1e-3)
    unweighted, _ = fit(x, y, groups, inputs, "f" * 16, class_weight=None)
    assert not np.allclose(unweighted.coef[0], weighted.coef[0], atol=1e-3)

def test_gazetteer_names_are_one_column_the_file_names(tmp_path):
    """A state's name is read as the ``@place`` column (not its own stem) at training and at
    classify time alike; the model file lists the gazetteer, and a file whose gazetteer has
    no such column is refused."""
    places = frozenset({"frankreich", "russland", "france"})
    assert content_stems(tokenize("Russland droht Frankreich"), "de", places) == [PLACE, "droht"]
    texts = {1: ["Russland und Frankreich streiten über Sanktionen.", "France and Russia disagree on sanctions."],
             0: ["Der Server läuft stabil.", "The server runs fine."]}
    docs = [content_stems(tokenize(texts[i % 2][(i // 2) % 2]), "de" if i % 4 < 2 else "en", places)
            for i in range(80)]
    inputs = ["a", "b"]
    x = unit_features(inputs, [{"a": 0.0, "b": 0.0}] * 80, [None] * 80, [False] * 80)
    y = {"a": np.array([i % 2 for i in range(80)])}
    model, _ = fit(x, y, [f"g{i % 8}" for i in range(80)], inputs, "f" * 16, docs=docs, word_weight=1.0,
                   gazetteer=sorted(places))
    assert PLACE in model.vocab and model.gazetteer == ["france", "frankreich", "russland"]
    model.save(tmp_path / "m")
    loaded = TopicModel.load(tmp_path / "m")
    assert loaded.gazetteer == model.gazetteer
    column = loaded.vocab.index(PLACE)
    assert column in loaded.word_columns(tokenize("Frankreich"), "de")
    assert loaded.word_columns(tokenize("Frankreich"), "de") == Words(model.vocab, places).columns(
        tokenize("Frankreich"), "de")
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    meta["vocab"] = [w if w != PLACE else "ort" for w in meta["vocab"]]
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFileError, match="gazetteer"):
        TopicModel.load(tmp_path / "m")
    terms_only, _ = fit(x, y, [f"g{i % 8}" for i in range(80)], inputs, "f" * 16, gazetteer=sorted(places))
    assert terms_only.gazetteer == [] and terms_only.vocab == []  # no PLACE column: the file names no gazetteer


def test_rows_in_no_held_out_part_are_trained_on_not_calibrated():
    """``fit(splits=...)``: rows that no fold holds out (a training-only source) take part in
    every fit but get no out-of-fold probability (NaN) and stay out of calibration and thresholds."""
    rng = np.random.default_rng(1)
    inputs = ["a"]
    own = [{"a": float(v)} for v in rng.random(150)]
    x = unit_features(inputs, own, [None] * 150, [False] * 150)
    y = {"a": (x[:, 0] > 0.6).astype(int)}
    extra = np.arange(120, 150)
    folds = [(np.r_[np.arange(0, 60), extra], np.arange(60, 120)), (np.r_[np.arange(60, 120), extra], np.arange(0, 60))]
    seen: list[int] = []

    def splits(target):
        seen.append(len(target))
        return folds

    model, oof = fit(x, y, [f"g{i % 10}" for i in range(150)], inputs, "f" * 16, splits=splits)
    assert seen == [150]
    assert np.isnan(oof["a"][120:]).all() and not np.isnan(oof["a"][:120]).any()
    p = model.predict_proba(unit_features(inputs, [{"a": 0.95}, {"a": 0.05}], [None, None], [False, False]))
    assert p[0, 0] > model.thresholds[0] > p[1, 0]


def test_a_feature_kind_is_named_in_the_file_used_in_classify_and_unknown_kinds_rejected(tmp_path):
    """A model trained with the ``states`` kind stores it in ``model.json``; ``classify`` reads
    the comments' state mentions for it; a file naming a kind this version does not know is
    refused with the file named."""
    from comments.classification.topic_model import kind_features
    from comments.classification.topics_batch import batch_model

    texts = {1: "Russland, China und die Ukraine streiten, die NATO schaut zu.", 0: "Der Server läuft wieder stabil."}
    inputs = ["a", "b"]
    extra = [kind_features(["states"], texts[i % 2], None, "de") for i in range(80)]
    x = unit_features(inputs, [{"a": 0.0, "b": 0.0}] * 80, [None] * 80, [False] * 80, extra)
    assert x.shape == (80, 3 * 2 + 1 + 4) and x[1, -4:].tolist() == [1.0, 1.0, 1.0, 1.0]
    y = {"a": np.array([i % 2 for i in range(80)])}
    model, _ = fit(x, y, [f"g{i % 8}" for i in range(80)], inputs, "f" * 16, kinds=["states"])
    model.save(tmp_path / "m")
    loaded = TopicModel.load(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert loaded.kinds == meta["kinds"] == ["states"] and meta["features"][-4:] == ["states:count", "states:multi",
                                                                                    "states:actor", "states:foreign"]
    states_row = loaded.comment_features(texts[1], None, "de")
    rows = unit_features(inputs, [{"a": 0.0, "b": 0.0}] * 2, [None, None], [False, False],
                         [states_row, loaded.comment_features(texts[0], None, "de")])
    p = loaded.predict_proba(rows)
    assert p[0, 0] >= loaded.thresholds[0] > p[1, 0]
    # the array topic pass lays out only the shared columns: a model with kinds takes the per-comment pass
    assert not batch_model(loaded, inputs)
    assert batch_model(TopicModel.load(DEFAULT_MODEL), TopicModel.load(DEFAULT_MODEL).inputs)
    meta["kinds"] = ["weather"]
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFileError, match="kinds"):
        TopicModel.load(tmp_path / "m")
    assert TopicModel.load(DEFAULT_MODEL).kinds == []  # the shipped model has none: the same columns as before
