"""classify / evaluate / train from Python, and the one rule on classified input:
an explicit taxonomy or model always re-classifies, otherwise classified input is kept."""

from __future__ import annotations

import csv
import json
import random

import pytest

import comments
from comments.api import learning
from comments.classification.classify import classify as classify_threads
from comments.io.writers import records
from conftest import FIXTURES, RAW, ROOT, SEED, corpus, jsonl_records, run, write_rows

TEMPOLIMIT = ROOT / "examples" / "tempolimit.toml"


def _rows(corpus) -> list[dict]:
    return list(records(corpus.threads))


def test_classify_returns_a_new_corpus_and_leaves_the_input():
    corpus = comments.read(RAW)
    before = _rows(corpus)
    done = comments.classify(corpus)
    assert _rows(corpus) == before and not corpus.classified and done.classified
    assert _rows(done) == jsonl_records(run("classify", str(RAW), "-q", "-j", "1").stdout)


def test_steps_give_the_records_of_one_call(monkeypatch):
    corpus = comments.read(RAW, FIXTURES / "reddit_thread.json", FIXTURES / "wxr_small.xml")
    whole = classify_threads(comments.read(RAW, FIXTURES / "reddit_thread.json", FIXTURES / "wxr_small.xml").threads)
    monkeypatch.setattr(learning, "STEP", 1)
    assert len(learning._steps(corpus.threads)) > 2
    assert _rows(comments.classify(corpus)) == list(records(whole))


def test_classified_input_is_kept_unless_a_taxonomy_or_model_is_given(tmp_path):
    done = comments.classify(comments.read(RAW))
    for c in done.comments:  # mark the labels: kept as is means the marks survive
        c.topics = ["kept"]
    again = comments.classify(done)
    assert {tuple(c.topics) for c in again.comments} == {("kept",)}
    retaxed = comments.classify(done, taxonomy=TEMPOLIMIT)
    assert all("kept" not in c.topics for c in retaxed.comments)
    assert learning.needs_classifying(done, model="m") and learning.needs_classifying(done, adapt=True)
    assert learning.needs_classifying(comments.read(RAW))


def _gold_breaking_model(tmp_path):
    """A topics model that learned `geopolitics` on polite thanks: applied, it changes the scores."""
    rng = random.Random(7)
    data = tmp_path / "train.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "geopolitics"])
        for i in range(60):
            hit = i % 2
            words = ["Danke für den schönen Artikel", "Vielen Dank, sehr hilfreich"] if hit else \
                ["Kuba Krim Syrien Sanktionen USA", "Xiaomi sperrt Handys in Kuba"]
            writer.writerow([f"{rng.choice(words)} {i}", hit])
    done = comments.train(data, "topics", tmp_path / "model", folds=3)
    assert done.rows == 60 and [r.label for r in done.reports] == ["geopolitics"]
    return tmp_path / "model"


def test_evaluate_applies_an_explicit_model_to_classified_input(tmp_path):
    gold = FIXTURES / "seed_gold.csv"
    model = _gold_breaking_model(tmp_path)
    raw = comments.read(SEED)
    classified = comments.classify(raw)
    plain = comments.evaluate(classified, gold)
    with_model = comments.evaluate(classified, gold, model=model)
    assert with_model.report != plain.report  # the model was applied (the old evaluate ignored it)
    assert with_model.report == comments.evaluate(raw, gold, model=model).report
    # the CLI follows the same rule
    out = tmp_path / "classified.jsonl"
    classified.write(out)
    cli = run("evaluate", str(out), "--gold", str(gold), "--model", str(model), "--json")
    assert json.loads(cli.stdout) == with_model.report
    frame = with_model.to_frame()
    assert list(frame.columns)[:3] == ["kind", "label", "precision"] and len(frame) == len(with_model.scores)


def test_train_argument_errors(tmp_path):
    with pytest.raises(ValueError):
        comments.train(tmp_path / "x.csv", "mood")
    with pytest.raises(ValueError):
        comments.train(tmp_path / "x.csv", "topics", base="default")
    from comments.classification.training_data import TrainingDataError

    with pytest.raises(TrainingDataError):
        comments.train(tmp_path / "missing.csv", "tone")


def test_base_default_without_the_shared_corpora_says_what_is_missing(tmp_path, monkeypatch, capfd):
    """Without ../shared/corpora, ``train(base="default")`` ran a subprocess that printed a
    24-line traceback on fd 2 (past a notebook's capture and past the CLI's error line),
    then raised "Command '[…]' returned non-zero exit status 1", naming neither the folder
    nor the fix. Now: no subprocess, nothing printed, one message naming both; the CLI
    prints it as its one error line, exit 1."""
    from conftest import ROOT, run
    from comments.classification.training_data import TrainingDataError

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import labelled_corpus

    nowhere = tmp_path / "shared" / "corpora"
    monkeypatch.setattr(labelled_corpus, "CORPORA", nowhere)
    data = tmp_path / "mine.csv"
    data.write_text("text,hostile\n" + "".join(f"Kommentar Nummer {i},{i % 2}\n" for i in range(12)), encoding="utf-8")
    with pytest.raises(TrainingDataError) as caught:
        comments.train(data, "tone", folds=2, base="default")
    message = str(caught.value)
    assert str(nowhere) in message and "(not found)" in message and "without --base" in message
    assert capfd.readouterr() == ("", "")
    result = run("train", "--data", str(data), "--kind", "tone", "--out", str(tmp_path / "m"), "--folds", "2",
                 "--base", "default")
    assert result.exit_code == 1 and result.stdout == "" and result.stderr.splitlines() == [f"error: {message}"]
    assert not (tmp_path / "m").exists()


def test_classify_checks_jobs_as_the_cli_does():
    """``jobs=0`` was accepted (the CLI's --jobs is ≥ 1) and ``jobs`` on a DaskCorpus silently ignored."""
    corpus = comments.read(RAW)
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match="jobs must be a number of worker processes ≥ 1"):
            comments.classify(corpus, jobs=bad)
    with pytest.raises(ValueError, match="with engine='dask' the cluster's workers classify"):
        comments.classify(comments.read(RAW, engine="dask"), jobs=4)
    assert comments.classify(comments.read(RAW, engine="dask")).classified


def test_training_and_model_reprs_are_short(tmp_path):
    """``repr(training)`` and ``repr(training.model)`` printed every vocabulary entry and array (~112 KB)."""
    data = tmp_path / "t.csv"
    rows = [(f"Du Idiot {i}", 1) for i in range(8)] + [(f"Danke für den Artikel {i}", 0) for i in range(8)]
    data.write_text("text,hostile\n" + "".join(f"{t},{v}\n" for t, v in rows), encoding="utf-8")
    done = comments.train(data, "tone", folds=2)
    assert repr(done.model).startswith("<TextModel tone: 1 labels (hostile), de, ") and len(repr(done.model)) < 200
    assert repr(done).startswith("<Training: <TextModel tone") and "16 comments; hostile F1 " in repr(done)
    assert len(repr(done)) < 300


def test_train_labels_as_a_map_or_one_string_rename_as_the_cli_does(tmp_path):
    """``labels={"Sub1_Toxic": "hostile"}`` (a map, as ``read`` takes ``columns=``/``site=``) was
    reduced to its keys: the model learnt ``Sub1_Toxic`` and classify added it beside ``hostile``
    instead of replacing it; ``labels="hostile=rude"`` was read letter by letter ("no label column
    'h'"). Now a map, one str and a list give the model ``--label hostile=rude`` gives; anything
    else is a TypeError naming what is expected."""
    data = _twice(FIXTURES / "train_excel_sep.csv", tmp_path, 2)  # German Excel CSV: 12 hostile, 12 not
    cli = run("train", "--data", str(data), "--kind", "tone", "--label", "hostile=rude", "--folds", "2",
              "--out", str(tmp_path / "cli"), "--quiet")
    assert cli.exit_code == 0, cli.stderr
    want = json.loads((tmp_path / "cli" / "model.json").read_text(encoding="utf-8"))
    assert want["labels"] == ["rude"]
    for labels in ({"hostile": "rude"}, "hostile=rude", ["hostile=rude"], ("hostile=rude",)):
        done = comments.train(data, "tone", tmp_path / "api", labels=labels, folds=2)
        assert [r.label for r in done.reports] == ["rude"], labels
        assert json.loads((tmp_path / "api" / "model.json").read_text(encoding="utf-8")) == want, labels
    assert [r.label for r in comments.train(data, "tone", labels={"hostile": ""}, folds=2).reports] == ["hostile"]
    for bad in ({"hostile": 1}, 7, b"hostile", [None]):
        with pytest.raises(TypeError, match="labels"):
            comments.train(data, "tone", labels=bad, folds=2)
    for bad in (0, 1.5, None):
        with pytest.raises((TypeError, ValueError), match="text_column"):
            comments.train(data, "tone", text_column=bad, folds=2)


def test_train_reads_a_table_without_a_header_row_by_position(tmp_path):
    """GermEval 2018's layout (tweet, coarse label, 0/1; no header line): the first tweet was read
    as the header and ``text_column=1`` refused, while ``read(columns={"text": 1})`` reads such a
    table. Now train reads it as read does, and the CLI's ``--text-column 1`` the same."""
    data = _twice(FIXTURES / "train_headerless.tsv", tmp_path)
    done = comments.train(data, "tone", text_column=1, labels={3: "hostile"}, folds=2)
    assert done.rows == 24 and [r.label for r in done.reports] == ["hostile"]
    assert len(comments.read(data, columns={"text": 1}).comments) == done.rows
    cli = run("train", "--data", str(data), "--kind", "tone", "--text-column", "1", "--label", "3=hostile",
              "--folds", "2", "--out", str(tmp_path / "m"), "--quiet")
    assert cli.exit_code == 0 and cli.stdout.splitlines()[1].split()[:2] == ["hostile", "12"], cli.stderr
    cli = run("train", "--data", str(data), "--kind", "tone", "--out", str(tmp_path / "n"))
    assert cli.exit_code == 1 and cli.stderr.count("\n") == 1 and "has no header line" in cli.stderr


def _twice(fixture, tmp_path, header_lines: int = 0):
    """``fixture``'s rows twice (its first ``header_lines`` once): enough rows for 2-fold
    training, whose vocabulary needs words that two comments of a fold share."""
    lines = fixture.read_bytes().splitlines(keepends=True)
    out = tmp_path / f"twice{fixture.suffix}"
    out.write_bytes(b"".join(lines[:header_lines] + lines[header_lines:] * 2))
    return out


def _germeval_2018(n_offense: int, n_other: int) -> list[tuple[str, int]]:
    """The first tweets of GermEval 2018's training file (CC BY 4.0): ``n_offense`` OFFENSE (1), ``n_other`` OTHER."""
    lines = corpus("labeled_de/germeval2018/germeval2018.training.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    offense = [(r[0], 1) for r in rows if r[1] == "OFFENSE"][:n_offense]
    return offense + [(r[0], 0) for r in rows if r[1] == "OTHER"][:n_other]


def _stop_words_only(text: str) -> str:
    from comments.text.tokens import stop_words, words

    return " ".join(w for w in words(text) if w in stop_words("de"))


def _one_word_each(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Each tweet cut to a content word no other row has: words, but none two comments share."""
    from comments.text.tokens import content_words

    seen: set[str] = set()
    out = []
    for text, y in rows:
        word = next(w for w in content_words(text) if w not in seen and len(w) > 3)
        seen.add(word)
        out.append((word, y))
    return out


def _degenerate(case: str, path):
    """A labels CSV made from real tweets that cannot train a model; the options it is trained with."""
    rows, header, folds = _germeval_2018(6, 6), ["text", "hostile"], 2
    if case == "three rows":
        rows = rows[:1] + rows[6:8]
    elif case == "one label value":
        rows = [(t, 0) for t, _ in _germeval_2018(0, 30)]
    elif case == "label column empty":
        rows = [(t, "") for t, _ in rows]
    elif case == "texts empty":
        rows = [("", y) for _, y in rows]
    elif case == "only stop words":
        rows = [(_stop_words_only(t), y) for t, y in rows]
    elif case == "no word twice":
        rows = _one_word_each(rows)
    elif case == "more folds than positives":
        folds = 7
    elif case == "second label in one fold":  # insult's 5 positives all held out together: a fold trains on none
        from comments.classification.learn import group_splits

        rows = _germeval_2018(15, 30)
        held = group_splits([y for _, y in rows], None, 5)[0][1][:5]
        rows = [(t, y, int(i in held)) for i, (t, y) in enumerate(rows)]
        header, folds = ["text", "hostile", "insult"], 5
    write_rows(path, [dict(zip(header, row)) for row in rows])
    return folds


DEGENERATE = {
    "three rows": "label 'hostile' has 1 positive and 2 negative rows; at least 5 of each needed",
    "one label value": "label 'hostile' has 0 positive and 30 negative rows; at least 5 of each needed",
    "label column empty": "no 0/1 label columns; column 'hostile' is empty (name them with --label COLUMN[=NAME])",
    "texts empty": "no comment has words to learn from: all 12 texts are empty or only stop words",
    "only stop words": "no comment has words to learn from: all 12 texts are empty or only stop words",
    "no word twice": "too few comments with words to learn from: 12 of 12 have words (the others are empty or only "
                     "stop words), 6 of them in the training part of cross-validation fold 1, and no word occurs in "
                     "two of them; label more comments with words",
    "more folds than positives": "label 'hostile' has 6 positive and 6 negative rows: 7-fold cross-validation needs "
                                 "at least 7 of each (one in every held-out part); label more comments or use fewer "
                                 "folds",
    "second label in one fold": "label 'insult' has no positive row in the training part of cross-validation fold 1 "
                                "(its positive rows all fall in one held-out part); label more comments or use fewer "
                                "folds",
}


@pytest.mark.parametrize("case", sorted(DEGENERATE))
def test_a_table_too_small_or_degenerate_to_learn_from_is_one_error_naming_the_file(case, tmp_path):
    """Tiny or degenerate labels made from real tweets surfaced scikit-learn's "After pruning, no terms
    remain" or "n_splits=7 cannot be greater than the number of members in each class" (``error:
    ValueError: …``, no file named), or trained on nothing. Now: one ``error: FILE: …`` line saying what is
    missing, exit 1, no model folder; the API raises TrainingDataError with the same message."""
    from comments.classification.training_data import TrainingDataError

    data = tmp_path / "labels.csv"
    folds = _degenerate(case, data)
    expected = f"{data}: {DEGENERATE[case]}"
    with pytest.raises(TrainingDataError) as caught:
        comments.train(data, "tone", tmp_path / "api", folds=folds)
    assert str(caught.value) == expected
    result = run("train", "--data", str(data), "--kind", "tone", "--out", str(tmp_path / "m"), "--folds", str(folds),
                 "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {expected}\n")
    assert not (tmp_path / "m").exists() and not (tmp_path / "api").exists()


def test_excel_labels_of_a_dozen_comments_say_they_are_too_few_to_learn_from(tmp_path):
    """Our Excel fixture once (12 comments, 6 hostile): no word occurs in two comments of a fold's training
    half. It raised scikit-learn's "After pruning, no terms remain" through the CLI's guard; twice over it trains."""
    from comments.classification.training_data import TrainingDataError

    data = FIXTURES / "train_excel_sep.csv"
    with pytest.raises(TrainingDataError, match=r"train_excel_sep\.csv: too few comments with words to learn from: "
                                                r"12 of 12 have words .* and no word occurs in two of them"):
        comments.train(data, "tone", folds=2)
    result = run("train", "--data", str(data), "--kind", "tone", "--out", str(tmp_path / "m"), "--folds", "2")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "After pruning" not in result.stderr
    assert comments.train(_twice(data, tmp_path, 2), "tone", folds=2).rows == 24


def test_train_with_a_positive_value_as_the_cli_does(tmp_path):
    """GermEval 2018's layout: column 2 holds OFFENSE/OTHER, not 0/1 (review23b #4). ``positive=`` (the
    CLI's ``--positive``) says which value is 1: the model the 0/1 column 3 gives, from Python and the CLI;
    the notes say how the table was read (Excel's sep line here), and the CLI prints them."""
    data = _twice(FIXTURES / "train_headerless.tsv", tmp_path)
    data.write_bytes(b"sep=\t\n" + data.read_bytes())
    done = comments.train(data, "tone", text_column=1, labels={2: "hostile"}, positive="OFFENSE", folds=2)
    same = comments.train(data, "tone", text_column=1, labels={3: "hostile"}, folds=2)
    assert done.rows == 24 and [(r.label, r.positives) for r in done.reports] == [("hostile", 12)]
    assert done.reports[0].f1_positive == same.reports[0].f1_positive
    assert len(done.notes) == 1 and "Excel's delimiter hint" in done.notes[0]
    cli = run("train", "--data", str(data), "--kind", "tone", "--text-column", "1", "--label", "2=hostile",
              "--positive", "OFFENSE", "--folds", "2", "--out", str(tmp_path / "m"))
    assert cli.exit_code == 0 and cli.stdout.splitlines()[1].split()[:2] == ["hostile", "12"], cli.stderr
    assert cli.stderr.startswith(f"note: {data}: first line 'sep=\\t' is Excel's delimiter hint")
    refused = run("train", "--data", str(data), "--kind", "tone", "--text-column", "1", "--label", "2=hostile",
                  "--out", str(tmp_path / "n"))
    assert refused.exit_code == 1 and refused.stderr.endswith(
        "its 2 values are 'OTHER' (12 rows), 'OFFENSE' (12 rows): name the positive one with --positive VALUE\n")
    bare = run("train", "--data", str(data), "--kind", "tone", "--positive", "OFFENSE", "--out", str(tmp_path / "o"))
    assert bare.exit_code == 2 and "--label" in bare.stderr
    with pytest.raises(ValueError, match="name the label columns with labels"):
        comments.train(data, "tone", text_column=1, positive="OFFENSE")
    with pytest.raises(TypeError, match="positive must be"):
        comments.train(data, "tone", text_column=1, labels={2: "hostile"}, positive=["OFFENSE", 1])


@pytest.mark.slow
def test_germeval_2018_trains_with_positive_offense(tmp_path):
    """The real file (CC BY 4.0), as the README's train section gives the command, with 2 folds."""
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    cli = run("train", "--data", str(path), "--kind", "tone", "--text-column", "1", "--label", "2=hostile",
              "--positive", "OFFENSE", "--folds", "2", "--out", str(tmp_path / "m"), "--quiet")
    assert cli.exit_code == 0, cli.stderr
    label, positives, f1, macro, threshold = cli.stdout.splitlines()[1].split()
    assert (label, positives) == ("hostile", "1688") and 0 < float(f1) <= 1 and 0 < float(macro) <= 1
    assert json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))["labels"] == ["hostile"]
