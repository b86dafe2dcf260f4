"""evaluate: sklearn's scores equal the definitions (checked against counts by hand on
free-form label sets), one label alone is still scored as one binary column, and the
learner's F1 helpers agree with the same definitions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.classification.evaluate import averages, evaluate
from comments.classification.calibration import best_threshold, f1, macro_f1
from comments.model.records import Comment

LABELS = st.sets(st.sampled_from(["a", "b", "c", "d"]), max_size=3)


def _f1_by_definition(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_one_label_alone_is_a_binary_column():
    scores, _, _ = evaluate([Comment(id="0", topics=["a"], tone=[])], [{"id": "0", "topics": "b", "tone": "a"}])
    tone = [s for s in scores if s.kind == "tone"]
    assert [(s.label, s.support, s.tp, s.fp, s.fn) for s in tone] == [("a", 1, 0, 0, 1)]
    assert averages(tone) == {"micro_f1": 0.0, "macro_f1": 0.0}


def test_no_matched_rows_scores_nothing():
    scores, unmatched, _ = evaluate([Comment(id="1", topics=["a"])], [{"id": "9", "topics": "a"}])
    assert scores == [] and unmatched == ["9"] and averages(scores) == {"micro_f1": 0.0, "macro_f1": 0.0}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(LABELS, LABELS), max_size=12))
def test_scores_equal_the_definitions(rows):
    comments = [Comment(id=str(i), topics=sorted(pred)) for i, (_, pred) in enumerate(rows)]
    gold = [{"id": str(i), "topics": ";".join(sorted(truth))} for i, (truth, _) in enumerate(rows)]
    scores, unmatched, _ = evaluate(comments, gold)
    assert unmatched == []
    labels = sorted(set().union(*(t | p for t, p in rows))) if rows else []
    assert [s.label for s in scores] == labels
    total = [0, 0, 0]
    for s in scores:
        tp = sum(s.label in t and s.label in p for t, p in rows)
        fp = sum(s.label not in t and s.label in p for t, p in rows)
        fn = sum(s.label in t and s.label not in p for t, p in rows)
        assert (s.tp, s.fp, s.fn, s.support) == (tp, fp, fn, tp + fn)
        assert s.precision == pytest.approx(tp / (tp + fp) if tp + fp else 0.0)
        assert s.recall == pytest.approx(tp / (tp + fn) if tp + fn else 0.0)
        assert s.f1 == pytest.approx(_f1_by_definition(tp, fp, fn))
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    avg = averages(scores)
    assert avg["micro_f1"] == pytest.approx(_f1_by_definition(*total))
    supported = [s.f1 for s in scores if s.support]
    assert avg["macro_f1"] == pytest.approx(sum(supported) / len(supported) if supported else 0.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=30))
def test_learner_f1_equals_the_definitions(pairs):
    y, pred = np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])

    def counts(positive: int) -> tuple[int, int, int]:
        return (int(np.sum((pred == positive) & (y == positive))), int(np.sum((pred == positive) & (y != positive))),
                int(np.sum((pred != positive) & (y == positive))))

    assert f1(y, pred) == pytest.approx(_f1_by_definition(*counts(1)))
    assert macro_f1(y, pred) == pytest.approx((_f1_by_definition(*counts(1)) + _f1_by_definition(*counts(0))) / 2)


def test_threshold_search_picks_the_best_macro_f1():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300)
    p = np.clip(y * 0.3 + rng.random(300) * 0.7, 0, 1)
    best = best_threshold(y, p)
    candidates = np.unique(np.round(np.quantile(p, np.linspace(0.02, 0.98, 97)), 4))
    top = max(macro_f1(y, (p >= t).astype(int)) for t in candidates)
    assert macro_f1(y, (p >= best).astype(int)) == pytest.approx(top)


# --- bootstrap intervals (evaluate_labels.py prints them for every set) ---------------

from comments.classification.evaluate import bootstrap_interval, micro_f1_of  # noqa: E402


def _naive_interval(rows: list[tuple[int, int, int]], groups: list[str], resamples: int, seed: int):
    """The same percentile bootstrap written out by hand: draw threads, pool their comments."""
    names = sorted(set(groups))
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(names), size=(resamples, len(names)))
    values = []
    for drawn in draws:
        tp = fp = fn = 0
        for g in drawn:
            for row, group in zip(rows, groups):
                if group == names[g]:
                    tp, fp, fn = tp + row[0], fp + row[1], fn + row[2]
        values.append(_f1_by_definition(tp, fp, fn))
    return tuple(np.percentile(values, [2.5, 97.5]))


def test_bootstrap_equals_resampling_threads_by_hand():
    rng = np.random.default_rng(3)
    rows = [tuple(int(v) for v in rng.integers(0, 3, size=3)) for _ in range(60)]
    groups = [f"t{rng.integers(0, 12)}" for _ in rows]
    got = bootstrap_interval(np.array(rows), groups, resamples=300, seed=7)
    assert got == pytest.approx(_naive_interval(rows, groups, 300, 7))


def test_bootstrap_interval_brackets_the_point_and_is_deterministic():
    rng = np.random.default_rng(5)
    truth = rng.random(400) < 0.3
    pred = np.where(rng.random(400) < 0.8, truth, ~truth)  # 80 % of the decisions right
    rows = np.stack([truth & pred, ~truth & pred, truth & ~pred], axis=1).astype(int)
    groups = [f"t{i // 4}" for i in range(400)]
    point = float(micro_f1_of(rows.sum(axis=0, keepdims=True))[0])
    low, high = bootstrap_interval(rows, groups)
    assert low < point < high and 0.05 < high - low < 0.3
    assert bootstrap_interval(rows, groups) == (low, high)


def test_bootstrap_draws_whole_threads():
    """Comments of a thread share their outcome: resampling threads must give a wider
    interval than treating each comment alone (the point of grouping)."""
    outcome = [(1, 0, 0)] * 50 + [(0, 1, 1)] * 50  # 5 perfect threads, 5 wholly wrong ones
    rows = np.array([o for o in outcome])
    by_thread = bootstrap_interval(rows, [f"t{i // 10}" for i in range(100)])
    by_comment = bootstrap_interval(rows, [f"c{i}" for i in range(100)])
    assert by_thread[1] - by_thread[0] > 2 * (by_comment[1] - by_comment[0])


def test_bootstrap_of_perfect_predictions_is_a_point_and_width_shrinks_with_data():
    perfect = np.array([(1, 0, 0)] * 30)
    assert bootstrap_interval(perfect, [f"t{i}" for i in range(30)]) == (1.0, 1.0)
    rng = np.random.default_rng(11)
    small = rng.integers(0, 2, size=(100, 3))
    large = np.tile(small, (16, 1))  # the same mix, 16× the threads: the interval ~4× narrower
    w_small = np.subtract(*bootstrap_interval(small, [f"t{i}" for i in range(100)])[::-1])
    w_large = np.subtract(*bootstrap_interval(large, [f"t{i}" for i in range(1600)])[::-1])
    assert 2.5 < w_small / w_large < 6


def test_source_criterion_weighs_each_source_once():
    """A large source scored perfectly cannot hide a small one scored badly (pooled
    micro-F1 would); a source below the positives minimum is left out of the mean."""
    from comments.classification.evaluate import group_macro, group_scores

    pred = [{"a"}] * 90 + [set()] * 10 + [{"a"}] * 3
    gold = [{"a"}] * 90 + [{"a"}] * 10 + [set()] * 3
    sources = ["tweets"] * 90 + ["blogs"] * 10 + ["tiny"] * 3
    scores = group_scores(pred, gold, sources, ["a"])
    assert scores == {"blogs": (0.0, 10, 10), "tiny": (0.0, 0, 3), "tweets": (1.0, 90, 90)}
    assert group_macro(scores, minimum=10) == 0.5
    assert group_macro(scores, minimum=91) == 0.0
    pooled_tp = 90
    assert 2 * pooled_tp / (2 * pooled_tp + 3 + 10) > 0.9  # what pooling would report
    mixed = group_scores([{"a", "b"}, {"b"}], [{"a"}, {"a", "b"}], ["s", "s"], ["a", "b"])
    assert mixed["s"][:2] == (2 * 2 / (2 * 2 + 1 + 1), 3)


def test_gold_problems_name_repeated_ids_and_labels_no_classifier_outputs():
    """A repeated gold id is scored twice and a label outside the taxonomy can never be
    predicted: both would skew the scores silently, so each is one warning sentence."""
    from comments.classification.evaluate import gold_problems

    rows = [{"id": "c1", "topics": "geopolitics", "tone": "critical"},
            {"id": "c1", "topics": "geopolitics", "tone": "critical"},
            {"id": "c2", "topics": "weather", "tone": "angry;critical"}]
    problems = gold_problems(rows, {"topics": {"geopolitics"}, "tone": {"critical"}})
    assert problems == [
        "1 gold id occurs more than once (1 extra row; each row that names one comment is scored): c1",
        "1 gold topics label is not among the classifier's (geopolitics): weather (scored, never predicted)",
        "1 gold tone label is not among the classifier's (critical): angry (scored, never predicted)"]
    assert gold_problems(rows[1:], {"topics": {"geopolitics", "weather"}, "tone": None}) == []


def test_a_gold_file_without_rows_names_its_header_and_missing_columns(tmp_path):
    from comments.classification.evaluate import GoldError, read_gold

    (tmp_path / "g.csv").write_text("ident,labels\n", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        read_gold(tmp_path / "g.csv")
    assert str(caught.value).endswith("no rows under its header (ident, labels); it also lacks the columns "
                                      "`id` or `position` and `topics` and/or `tone`")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_semicolon_gold_file_from_german_excel_is_read_like_input_csv(tmp_path, encoding):
    """German Excel saves ``;``-separated CSV (in Windows-1252 unless told otherwise):
    the label lists, quoted because they hold ``;``, come out as with a comma file."""
    from comments.classification.evaluate import read_gold

    comma = tmp_path / "gold.csv"
    comma.write_text("id,topics,tone,warum\nc1,geopolitics;consumer_rights,critical;sarcastic,Weltpolizei; Zwinkern\n"
                     "c2,consumer_rights,informative,Sperre trifft Reisende\n", encoding="utf-8")
    excel = tmp_path / "gold_excel.csv"
    excel.write_text('id;topics;tone;warum\nc1;"geopolitics;consumer_rights";"critical;sarcastic";"Weltpolizei; Zwinkern"\n'
                     "c2;consumer_rights;informative;Sperre trifft Reisende\n", encoding=encoding)
    rows = read_gold(excel)
    assert rows == read_gold(comma)
    assert rows[0] == {"id": "c1", "topics": "geopolitics;consumer_rights", "tone": "critical;sarcastic",
                       "warum": "Weltpolizei; Zwinkern"}


def _two_threads():
    """GermEval-like: comment ids restart in every thread, so "c1" names two comments."""
    return [Comment(id="c1", site="zeit.de", thread_id="tempolimit", topics=["transport"], tone=["critical"],
                    text="Ein Tempolimit von 130 km/h würde Unfälle verhindern. Das ist längst überfällig."),
            Comment(id="c2", site="zeit.de", thread_id="tempolimit", topics=["climate"], tone=[],
                    text="Der CO2-Ausstoß sinkt kaum, das Umweltbundesamt nennt 1,9 Mio. Tonnen."),
            Comment(id="c1", site="zeit.de", thread_id="heizung", topics=["energy"], tone=["questioning"],
                    text="Wer soll die Wärmepumpe bezahlen? Meine Heizung ist zwölf Jahre alt.")]


def test_gold_rows_are_keyed_by_thread_when_the_gold_file_names_it():
    """With site and thread_id columns each row finds its own comment, whichever thread
    comes first in the input."""
    gold = [{"site": "zeit.de", "thread_id": "heizung", "id": "c1", "topics": "energy", "tone": "questioning"},
            {"site": "zeit.de", "thread_id": "tempolimit", "id": "c1", "topics": "transport", "tone": "critical"}]
    scores, unmatched, ambiguous = evaluate(_two_threads(), gold)
    assert unmatched == [] and ambiguous == []
    assert {(s.label, s.tp, s.fp, s.fn) for s in scores} == {
        ("energy", 1, 0, 0), ("transport", 1, 0, 0), ("critical", 1, 0, 0), ("questioning", 1, 0, 0)}


def test_an_id_several_threads_share_is_not_scored_against_an_arbitrary_comment():
    """A gold file with ids only: "c1" is in two threads, so its row is reported as
    ambiguous and left out of the scores; the unique "c2" is scored."""
    gold = [{"id": "c1", "topics": "energy", "tone": "questioning"}, {"id": "c2", "topics": "climate", "tone": ""}]
    scores, unmatched, ambiguous = evaluate(_two_threads(), gold)
    assert ambiguous == ["c1"] and unmatched == []
    assert [(s.label, s.support, s.tp) for s in scores] == [("climate", 1, 1)]
    positions = evaluate(_two_threads(), [{"position": "0", "topics": "energy"}])
    assert positions[1:] == ([], ["0"]) and positions[0] == []


def test_an_id_repeated_in_other_threads_is_no_repeat_when_gold_names_the_thread():
    from comments.classification.evaluate import gold_problems

    gold = [{"thread_id": "heizung", "id": "c1", "topics": "energy"},
            {"thread_id": "tempolimit", "id": "c1", "topics": "transport"}]
    assert gold_problems(gold, {"topics": None}) == []
    assert gold_problems(gold + gold[:1], {"topics": None}) == [
        "1 gold id occurs more than once (1 extra row; each row that names one comment is scored): c1"]


def test_a_blank_site_or_thread_cell_narrows_nothing():
    """A gold file with site and thread_id columns where a row leaves one blank (the
    annotator knew the thread, or the id was unique anyway): the row is keyed by the
    cells it fills. It matched nothing before, as if the comment's site were ""."""
    gold = [{"site": "", "thread_id": "heizung", "id": "c1", "topics": "energy", "tone": "questioning"},
            {"site": "zeit.de", "thread_id": "", "id": "c2", "topics": "climate", "tone": ""},
            {"site": " ", "thread_id": "tempolimit", "id": "c1", "topics": "transport", "tone": "critical"}]
    scores, unmatched, ambiguous = evaluate(_two_threads(), gold)
    assert unmatched == [] and ambiguous == []
    assert {(s.label, s.tp, s.fp, s.fn) for s in scores} == {
        ("energy", 1, 0, 0), ("climate", 1, 0, 0), ("transport", 1, 0, 0), ("critical", 1, 0, 0),
        ("questioning", 1, 0, 0)}


def test_a_row_whose_filled_cells_fit_several_comments_is_still_not_scored():
    """Blank thread_id and an id two threads of the site share: ambiguous, left out; a
    site no comment has: unmatched."""
    gold = [{"site": "zeit.de", "thread_id": "", "id": "c1", "topics": "energy", "tone": ""},
            {"site": "spiegel.de", "thread_id": "", "id": "c2", "topics": "climate", "tone": ""}]
    scores, unmatched, ambiguous = evaluate(_two_threads(), gold)
    assert ambiguous == ["c1"] and unmatched == ["c2"] and scores == []


def test_a_row_with_a_blank_thread_cell_repeats_a_row_it_may_name_the_same_comment_as():
    from comments.classification.evaluate import gold_problems

    named = {"site": "zeit.de", "thread_id": "heizung", "id": "c1", "topics": "energy"}
    other = {"site": "zeit.de", "thread_id": "tempolimit", "id": "c1", "topics": "transport"}
    blank = {"site": "zeit.de", "thread_id": "", "id": "c1", "topics": "energy"}
    assert gold_problems([named, other], {"topics": None}) == []
    assert gold_problems([named, blank], {"topics": None}) == [
        "1 gold id occurs more than once (1 extra row; each row that names one comment is scored): c1"]
    assert gold_problems([named, {**blank, "site": "spiegel.de"}], {"topics": None}) == []


def test_excel_sep_line_in_a_gold_file_names_the_delimiter(tmp_path):
    """The seed gold saved by German Excel with its ``sep=;`` first line scores as the comma
    file: that line was read as the header ("needs an `id` or `position` column")."""
    import csv
    import io
    from pathlib import Path

    from comments.classification.evaluate import read_gold

    gold = Path(__file__).parents[1] / "fixtures" / "seed_gold.csv"
    rows = list(csv.reader(io.StringIO(gold.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    excel = tmp_path / "gold_sep.csv"
    excel.write_bytes(("sep=;\r\n" + out.getvalue()).encode("cp1252"))
    assert read_gold(excel) == read_gold(gold)
