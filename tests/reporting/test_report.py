"""Reports: the numbers in the tables, the files named in the README, safe HTML and CSV."""

from __future__ import annotations

import csv
import re

import pytest

from comments.model.placeholders import is_gone, is_placeholder
from comments.model.records import TONES

from comments.reporting import report as reporting
from comments.classification.classify import classify
from comments.analyses.analysis import analyse
from comments.analyses.compare import label_tests as label_tests_of, thread_partial
from comments.model.records import Comment, ParsedThread, Thread
from comments.classification.taxonomy import load
from comments.analyses.topic_stats import log_odds
from comments.model.tree import rebuild
from conftest import CORPORA, FIXTURES, RAW, SEED, read, run

FILES = {
    "topics": ["topics.md", "topic_shares_by_site.csv", "topic_shares_by_thread.csv", "tone_shares_by_site.csv",
               "topic_tone.csv", "topic_cooccurrence.csv", "topic_terms.csv", "topics_over_time.csv",
               "topics_by_site.png", "topics_by_site.svg", "topic_tone.png", "topic_cooccurrence.png"],
    "depth": ["depth.md", "depth_by_thread.csv", "depth_by_site.csv", "depth_by_site.png", "subthread_sizes.svg",
              "tree_01.png"],
    "drift": ["drift.md", "drift_edges.csv", "drift_by_thread.csv", "drift_transitions.csv", "drift_chains.csv",
              "drift_transitions.png", "drift_by_depth.png", "drift_slope.png", "drift_along_thread.png"],
    "compare": ["compare.md", "compare_sites.csv", "compare_threads.csv", "compare_tests.csv", "compare_words.csv",
                "compare_topics.png", "compare_tone.svg", "compare_structure.png"],
}

SITE_RULE = "each site needs at least 5 threads and at least 20 comments"
EVIL = '<script>alert("x")</script><img src=x onerror="alert(1)"> =HYPERLINK("http://evil")'


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed thread plus two more sites, one comment carrying markup and a formula."""
    result = read(SEED, FIXTURES / "wxr_small.xml", FIXTURES / "disqus_small.xml")
    result.threads[0].comments[0].text = EVIL + " " + result.threads[0].comments[0].text
    classify(result.threads)
    out = tmp_path_factory.mktemp("report")
    reporting.run(result.threads, load(), out, "all")
    return result, out


def test_every_documented_file_is_written(corpus):
    _, out = corpus
    for names in FILES.values():
        for name in names:
            assert (out / name).is_file(), name
    assert (out / "index.html").is_file()


def test_depth_table_numbers(corpus):
    _, out = corpus
    seed = [r for r in rows(out / "depth_by_thread.csv") if r["site"] == "stadt-bremerhaven.de"][0]
    assert (seed["comments"], seed["top_level"], seed["max_depth"], seed["h_index"]) == ("25", "10", "2", "3")
    assert (seed["depth_0"], seed["depth_1"], seed["depth_2"]) == ("10", "9", "6")
    sites = {r["site"]: r for r in rows(out / "depth_by_site.csv")}
    assert set(sites) == {"stadt-bremerhaven.de", "technikblog.example.de", "newsportal.example.com"}
    assert sites["technikblog.example.de"]["comments"] == "5"


def test_topic_tables_add_up(corpus):
    result, out = corpus
    shares = rows(out / "topic_shares_by_site.csv")
    seed = {r["label"]: int(r["comments"]) for r in shares if r["group"] == "stadt-bremerhaven.de"}
    expected = {t: sum(t in c.topics for c in result.threads[0].comments) for t in load().ids}
    expected["none"] = sum(not c.topics and not is_placeholder(c) for c in result.threads[0].comments)
    if "pingback" in seed:  # (a column of every site where some input has pingbacks: counted apart, not as none)
        expected["pingback"] = sum(not c.topics and c.kind != "comment" for c in result.threads[0].comments)
    if "deleted" in seed:  # (the same for deleted or removed comments)
        expected["deleted"] = sum(not c.topics and c.kind == "comment" and is_gone(c) for c in result.threads[0].comments)
    if "unpublished" in seed:  # (and for comments no reader saw: spam, pending)
        expected["unpublished"] = sum(c.status in ("spam", "pending") for c in result.threads[0].comments)
    assert seed == expected
    cooc = {(r["topic_a"], r["topic_b"]): int(r["comments"]) for r in rows(out / "topic_cooccurrence.csv")}
    all_comments = [c for pt in result.threads for c in pt.comments]
    assert cooc[("geopolitics", "geopolitics")] == sum("geopolitics" in c.topics for c in all_comments)
    assert "The most discussed topic is" in (out / "topics.md").read_text()


def test_compare_tests_sites(corpus):
    result, out = corpus
    tests = rows(out / "compare_tests.csv")
    # comments in another language have their tone unread: tested on its own, not within none
    unread = ["other_language"] if any(c.language == "other" and not c.tone and not is_placeholder(c)
                                       for pt in result.threads for c in pt.comments) else []
    assert {(r["field"], r["label"]) for r in tests} == {
        *(("topics", t) for t in [*load().ids, "none"]), *(("tone", t) for t in [*TONES, *unread, "none"])}
    # three sites of one thread each: too few threads for a test, and the table and summary say so
    # (the WXR's pingback, Disqus's deleted and both exports' spam/pending comments are not counted, and the rule
    # names each kind: claims22 F1)
    note = (f"3 of 3 sites left out: {SITE_RULE} (pingbacks, deleted and unpublished comments not counted); 3 have "
            "fewer than 5 threads")
    assert all(r["p_value"] == "" and note in r["note"] for r in tests)
    text = (out / "compare.md").read_text()
    assert "Topic mix: no test, 3 of 3 sites left out" in text
    assert "too few threads for an interval: 1 < 5" in text


def test_drift_report_names_the_crimea_chain(corpus):
    _, out = corpus
    text = (out / "drift.md").read_text()
    assert "Wieso eigentlich die Krim?" in text and "nato" in text.lower()


def test_untrusted_text_is_escaped_in_html_and_neutralised_in_csv(corpus):
    _, out = corpus
    page = (out / "index.html").read_text()
    tags, attributes, text = _parse(page)
    assert "script" not in tags and not any(name.startswith("on") for name in attributes)
    assert EVIL.split(" =HYPERLINK")[0] in text  # shown as the text it is
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert tags.count("details") == page.count("</details>")
    edges = (out / "drift_chains.csv").read_text()
    assert not re.search(r'(^|,)[=+@]', edges, re.M)


def _parse(page: str) -> tuple[list[str], set[str], str]:
    """The page's start tags, attribute names and text, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found: tuple[list[str], set[str], list[str]] = ([], set(), [])

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found[0].append(tag)
            found[1].update(name for name, _ in attrs)

        def handle_data(self, data):
            found[2].append(data)

    Parser(convert_charrefs=True).feed(page)
    return found[0], found[1], "".join(found[2])


def label_tests(threads, field, labels, by="site"):
    return label_tests_of([thread_partial(pt) for pt in threads], field, labels, by)


def test_label_tests_with_one_site_say_so():
    result = read(SEED)
    classify(result.threads)
    tests = label_tests(result.threads, "topics", load().ids)
    assert all(t.p_value is None for t in tests)
    assert all(t.note == "fewer than two sites have comments" for t in tests)


def _site(name: str, topics: list[list[str]], thread: str | None = None) -> ParsedThread:
    comments = [Comment(id=str(i), text="x", topics=t) for i, t in enumerate(topics)]
    return ParsedThread(Thread(thread_id=thread or name, site=name), rebuild(comments))


def test_label_tests_shuffle_whole_threads_and_adjust_for_many_labels():
    # site a: six threads, 70 % x; site b: six threads, 10 % x — a clear, medium-to-large effect
    threads = [_site("a", [["x"]] * 7 + [["y"]] * 3, f"a{i}") for i in range(6)]
    threads += [_site("b", [["x"]] * 1 + [["y"]] * 9, f"b{i}") for i in range(6)]
    tests = {t.label: t for t in label_tests(threads, "topics", ["x", "y"])}
    assert tests["x"].p_adjusted < 0.05 and tests["x"].effect in ("medium", "large")
    assert tests["x"].p_adjusted >= tests["x"].p_value  # Benjamini–Hochberg never lowers a p-value
    assert tests["none"].p_value is None  # every comment has a topic: nothing to test
    # the same counts in one thread per site: too few threads, no test
    few = label_tests([_site("a", [["x"]] * 42 + [["y"]] * 18), _site("b", [["x"]] * 6 + [["y"]] * 54)],
                      "topics", ["x", "y"])
    assert all(t.p_value is None for t in few) and "left out" in few[0].note


def test_log_odds_by_hand_and_threads_weighted_equally():
    from collections import Counter

    scores = dict(log_odds(Counter({"krim": 10, "und": 50}), Counter({"rom": 10, "und": 50})))
    assert scores["krim"] > 0 > scores["rom"] and abs(scores["und"]) < 1

    def thread(site, tid, text, n):
        return ParsedThread(Thread(thread_id=tid, site=site),
                            rebuild([Comment(id=str(i), text=text, language="en") for i in range(n)]))

    # one huge thread of site a about "minecraft" against three ordinary ones about "compiler"
    threads = [thread("a", "big", "minecraft server", 300)] + [thread("a", f"t{i}", "compiler speed", 10)
                                                               for i in range(3)]
    threads += [thread("b", f"u{i}", "weather report", 10) for i in range(4)]
    words = [w for w, *_ in analyse(threads, parts=("compare",)).results["words"]["a"]]
    assert words.index("compiler") < words.index("minecraft")  # three threads outweigh one, however long


@pytest.mark.parametrize("command", [("report", "topics"), ("report", "depth"), ("report", "drift"), ("compare",)])
def test_report_commands(tmp_path, command):
    result = run(*command, str(RAW), "--out", str(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    key = command[-1]
    for name in FILES[key][:3]:
        assert (tmp_path / name).is_file()


def test_report_all_command_on_data_raw(raw_report):
    """(``raw_report``: ``comments report all data/raw --out DIR -q -j 1``, run once per test run.)"""
    page = (raw_report / "index.html").read_text()
    assert "Reply trees of the largest threads" in page and "Quelle?" in page
    assert "fewer than two sites have comments" in (raw_report / "compare.md").read_text()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    """The folder of ``comments report all SEED -j 1`` (made once for this module)."""
    out = tmp_path_factory.mktemp("seed_report")
    assert run("report", "all", str(SEED), "--out", str(out), "-j", "1").exit_code == 0
    return out


def test_reports_are_byte_for_byte_reproducible(tmp_path, seed_report):
    assert run("report", "all", str(SEED), "--out", str(tmp_path / "b"), "-j", "1").exit_code == 0
    files = sorted(p.name for p in seed_report.iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (seed_report / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_html_summaries_are_cut_at_word_boundaries_and_the_page_lists_a_bounded_number_of_comments(tmp_path):
    from comments.reporting import html_report
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.reporting.report import run as write
    from comments.classification.taxonomy import load as load_taxonomy

    assert html_report._cut("Die Welt Folgen hat das alles " * 10, 12) == "Die Welt …"
    words = "Kuba Sanktionen Bootloader Sperre Hersteller " * 3
    big = [ParsedThread(Thread(thread_id=f"t{t}", site="s.de", title=f"Thread {t}"),
                        [Comment(id=f"{t}-{i}", parent_id=None, text=f"{words} {i}", depth=0, position=i,
                                 topics=[], tone=[]) for i in range(300)]) for t in range(6)]
    for pt in big:
        for c in pt.comments:
            c.site, c.thread_id = "s.de", pt.thread.thread_id
    write(big, load_taxonomy(), tmp_path, "all", max_threads=6)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    monkey_budget = 200_000
    assert page.count("<details") == 6 * 300  # within the budget every comment is listed
    html_report.PAGE_TREE_CHARS, saved = monkey_budget, html_report.PAGE_TREE_CHARS
    try:
        write(big, load_taxonomy(), tmp_path / "small", "all", max_threads=6)
    finally:
        html_report.PAGE_TREE_CHARS = saved
    small = (tmp_path / "small" / "index.html").read_text(encoding="utf-8")
    import re

    trees = re.sub(r"<figure>.*?</figure>", "", small[small.index('id="trees"'):])  # tree pictures aside
    assert 0 < small.count("<details") < 6 * 300 and len(trees) < monkey_budget + 20_000
    assert "Comments not listed here" in small and "more comments not shown" in small and "tree_06.svg" in small


def test_compare_by_refuses_anything_but_site_or_thread(tmp_path):
    from conftest import SEED, run

    result = run("compare", str(SEED), "--by", "author", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "--by" in result.stderr and not (tmp_path / "out").exists()


def test_sections_carry_their_own_charts_and_tables(corpus):
    result, _ = corpus
    from comments.reporting import compare, write_report

    analysis = analyse(result.threads, taxonomy=load(), parts=("depth", "compare"))
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        report = write_report(analysis, Path(folder), parts=("depth",))
        depth = report.sections[0]
        assert depth.name == "depth" and depth.tables == ["depth_by_thread.csv", "depth_by_site.csv",
                                                          "topic_coverage.csv"]
        assert [n for n, _ in depth.charts] == ["depth_by_site", "subthread_sizes"]
        assert [n for n, _ in depth.trees] == [f"tree_{i:02d}" for i in range(1, len(analysis.largest) + 1)]
        assert not (Path(folder) / "index.html").exists()  # the page needs every part
        with pytest.raises(ValueError, match="no drift part"):
            write_report(analysis, Path(folder) / "x", parts=("drift",))
        by_thread = compare(result.threads, by="thread", taxonomy=load(), out=Path(folder) / "c")
        assert (Path(folder) / "c" / "compare.md").read_text().startswith("# Comparison of threads")
        assert len(by_thread.tables["compare_threads"]) == len(result.threads)


def test_marker_words_are_significant_and_no_stop_words(corpus):
    """"Words that mark X" named fillers ("mal", "immer", "etwa") and words at z ≈ 1: now only
    words passing Benjamini–Hochberg (z ≥ 1.96 too) and no stop word of either language; a topic
    with none says so."""
    from comments.classification.suggest import topic_stop_words

    _, out = corpus
    stops = topic_stop_words("de") | topic_stop_words("en")
    terms = rows(out / "topic_terms.csv")
    assert all(float(r["z"]) >= 1.96 and float(r["p_adjusted"]) < 0.05 and r["term"].lower() not in stops
               for r in terms)
    text = (out / "topics.md").read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    marked = re.findall(r"Words that mark (\S+) here \([^)]*\): ([^\n;]+?)(?:; [\d,]+ more in topic_terms\.csv)?\.",
                        text)
    for topic, listed in marked:
        assert set(listed.split(", ")) <= {r["term"] for r in terms if r["topic"] == topic}
    assert marked or "no word marks" in text.lower()  # per topic, or once for an empty topic_terms.csv


def test_marker_words_occur_in_several_comments_of_the_topic(corpus):
    """The seed's open_source was marked by "hersteller, kauft, neues", two of them from one
    comment: every marker word now occurs in at least MIN_MARKER_COMMENTS comments of its topic."""
    from comments.analyses.topic_stats import MIN_MARKER_COMMENTS
    from comments.text.tokens import Stems, stem

    result, out = corpus
    stems = Stems()
    comments = [c for pt in result.threads for c in pt.comments]
    for r in rows(out / "topic_terms.csv"):
        having = [c for c in comments if r["topic"] in (c.topics or ())
                  and stem(r["term"].lower(), c.language or "de") in set(stems.of(c))]
        assert len(having) >= MIN_MARKER_COMMENTS, (r, [c.id for c in having])


def test_a_topic_without_clear_marker_words_says_so():
    from collections import Counter

    from comments.analyses.topic_stats import MIN_MARKER_COMMENTS, WordTotals

    totals = WordTotals(Counter({"mal": 400, "immer": 300, "preis": 60, "rom": 50, "auto": 55}),
                        {"wirtschaft": Counter({"mal": 200, "immer": 150, "preis": 31}), "reisen": Counter({"rom": 50})},
                        {"wirtschaft": Counter({"mal": 90, "immer": 80, "preis": 31}), "reisen": Counter({"rom": 40})})
    terms = totals.terms(["wirtschaft", "reisen"], lambda w: w)
    assert terms["wirtschaft"] == []  # fillers left out, "preis" at 31 of 60 is chance
    assert [w for w, *_ in terms["reisen"]] == ["rom"]
    totals.docs_of["reisen"]["rom"] = MIN_MARKER_COMMENTS - 1  # 50 times, but in too few comments
    assert totals.terms(["reisen"], lambda w: w)["reisen"] == []


def test_left_out_note_says_the_rule_once_and_of_how_many():
    """By thread the note read "6 threads left out (fewer than 20 comments or 20 comments)";
    by site it gave no total ("16 sites left out" of 19)."""
    threads = [_site("a", [["x"]] * 30, "big1"), _site("a", [["y"]] * 25, "big2"), _site("a", [["x"]] * 5, "small")]
    note = label_tests(threads, "topics", ["x", "y"], by="thread")[0].note
    assert note == "1 of 3 threads left out: each thread needs at least 20 comments"
    sites = [_site("a", [["x"]] * 8, f"a{i}") for i in range(6)] + [_site("b", [["y"]] * 30)]
    note = label_tests(sites, "topics", ["x", "y"])[0].note
    assert note == f"1 of 2 sites left out: {SITE_RULE}; 1 has fewer than 5 threads"
    few = [_site("a", [["x"]] * 30, f"a{i}") for i in range(5)] + [_site("b", [["x"]] * 2, f"b{i}") for i in range(6)]
    few.append(_site("c", [["y"]] * 500))  # many comments in one thread: the site still needs 5 threads
    note = label_tests(few, "topics", ["x", "y"])[0].note
    assert note == f"2 of 3 sites left out: {SITE_RULE}; 1 has fewer than 5 threads, 1 fewer than 20 comments"


def test_the_mix_sentence_says_how_many_groups_were_left_out_and_why():
    """compare.md said "differs between the 10 groups" without the 3 of 13 threads left
    out (only compare_tests.csv said so)."""
    from comments.analyses.sentences import mix_sentence

    threads = [_site("a", [["x"]] * 20 + [["y"]] * 20, f"x{i}") for i in range(3)]
    threads += [_site("a", [["y"]] * 38 + [["x"]] * 2, f"y{i}") for i in range(3)] + [_site("a", [["x"]] * 5, "small")]
    text = mix_sentence("topics", label_tests(threads, "topics", ["x", "y"], by="thread"), "thread")
    assert text.startswith("The share of comments differs between the 6 threads compared (1 of 7 threads left out: "
                           "each thread needs at least 20 comments) for ")
    whole = mix_sentence("topics", label_tests(threads[:-1], "topics", ["x", "y"], by="thread"), "thread")
    assert "between the 6 threads compared for " in whole and "left out" not in whole


@pytest.mark.parametrize("inputs", [[RAW], [FIXTURES / n for n in ("reddit_thread.json", "wp_comments.html", "disqus_small.xml", "hn_official.json", "wxr_small.xml")]])
def test_deepest_discussion_sentence_says_when_threads_tie(tmp_path, inputs):
    """The depth summary names one deepest thread only when no other thread reaches its
    depth; otherwise it says how many do (computed from depth_by_thread.csv)."""
    result = run("report", "depth", *map(str, inputs), "--out", str(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    rows = [r for r in csv.DictReader(open(tmp_path / "depth_by_thread.csv", encoding="utf-8")) if int(r["comments"])]
    deepest = max(int(r["max_depth"]) for r in rows)
    tied = sum(int(r["max_depth"]) == deepest for r in rows)
    text = (tmp_path / "depth.md").read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    if tied > 1:
        assert f"{tied} threads reach depth {deepest}; the largest of them is thread" in text
        assert "The deepest discussion is" not in text
    elif len(rows) == 1:  # the only thread with comments: no superlative over one candidate
        assert f"The only thread with comments, {rows[0]['thread_id']} on {rows[0]['site']}, reaches depth " \
            f"{deepest} (" in text and "The deepest discussion" not in text
    else:
        assert f"(depth {deepest}, " in text and "The deepest discussion is thread" in text


def test_compare_structure_chart_promises_intervals_only_when_there_are_some(tmp_path):
    """One thread per site: the table says "too few threads for an interval", so the chart's
    title must not announce 95 % intervals (new-user run)."""
    inputs = [FIXTURES / n for n in ("reddit_thread.json", "wp_comments.html", "disqus_small.xml", "hn_official.json")]
    assert run("compare", *map(str, inputs), "--out", str(tmp_path)).exit_code == 0
    rows = list(csv.DictReader(open(tmp_path / "compare_sites.csv", encoding="utf-8")))
    assert rows and not any(r["mean_depth_ci_low"] for r in rows)
    svg = (tmp_path / "compare_structure.svg").read_text(encoding="utf-8")
    assert "no intervals: too few threads per site" in svg and "95 % intervals" not in svg


def test_empty_tables_keep_their_header_and_the_fixed_schemas_match_full_tables(tmp_path, seed_report):
    """An empty table is its header (not a bare 'empty' line); the fixed column lists
    equal the headers the same tables have when they have rows (new-user run)."""
    from comments.analyses.analysis import COLUMNS

    assert run("report", "all", str(RAW), str(FIXTURES / "reddit_thread.json"), str(FIXTURES / "wp_comments.html"),
               "--out", str(tmp_path / "more"), "-j", "1").exit_code == 0
    seen_empty = seen_full = 0
    for folder in (seed_report, tmp_path / "more"):
        for name, columns in COLUMNS.items():
            path = folder / f"{name}.csv"
            if not path.is_file():
                continue
            rows = list(csv.reader(open(path, encoding="utf-8")))
            assert rows[0] == columns, (folder, name, rows[0])
            seen_empty += len(rows) == 1
            seen_full += len(rows) > 1
    assert seen_empty and seen_full
    for path in seed_report.glob("*.csv"):
        assert path.read_text(encoding="utf-8").strip() != "empty", path


def test_topics_over_time_breaks_its_lines_at_months_without_comments(tmp_path, monkeypatch):
    """Comments from January, February and June were drawn at x = 0, 1, 2 and joined as if
    June followed February: now June sits at month 5, the lines break before it and the
    summary says three months in between have no dated comment."""
    from comments.reporting.charts import Charts

    texts = ["Die Sanktionen der USA treffen Kuba hart, und Xiaomi sperrt die Geräte einfach aus der Ferne.",
             "Bootloader entsperren und ein Custom ROM flashen, dann ist die Sperre egal.",
             "Als Kunde habe ich das Gerät bezahlt, eine Fernabschaltung verletzt meine Verbraucherrechte.",
             "Open Source Firmware wie LineageOS wäre hier die Lösung, der Code ist offen."]
    months = ["2024-01-09T08:15:00Z", "2024-02-14T19:02:00Z", "2024-06-30T11:45:00Z"]
    comments = [Comment(id=f"c{i}", parent_id=None, text=texts[i % 4], created_at=months[i % 3]) for i in range(12)]
    threads = [ParsedThread(Thread(thread_id="t1", site="stadt-bremerhaven.de", article_text=texts[0]),
                            rebuild(comments))]
    classify(threads)
    drawn = {}
    lines = Charts.lines

    def keep(self, name, title, series, colour_of, xlabel, ylabel, **options):
        drawn[name] = (series, options)
        return lines(self, name, title, series, colour_of, xlabel, ylabel, **options)

    monkeypatch.setattr(Charts, "lines", keep)
    reporting.write_report(analyse(threads, parts=("topics",)), tmp_path, ("topics",))
    series, options = drawn["topics_over_time"]
    assert options["xticks"] == list(enumerate(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]))
    for points in series.values():
        xs = [x for x, _ in points]
        assert xs[:2] == [0, 1] and xs[-1] == 5 and all(y != y for x, y in points if 1 < x < 5)  # a NaN: a break
    assert {r["period"] for r in rows(tmp_path / "topics_over_time.csv")} == {"2024-01", "2024-02", "2024-06"}
    text = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert ("Dated comments fall in 3 months from 2024-01 to 2024-06; 3 months in between have none, left as gaps "
            "in the lines of the topics_over_time chart") in text
    assert (tmp_path / "topics_over_time.svg").exists()


@pytest.mark.slow
def test_report_counts_over_999_are_grouped(tmp_path):
    """1,000 short threads on the Xiaomi lock (an article's comment under it, a reply on
    ownership, one on unlocking; 100 threads with a second comment on sanctions): the
    summaries printed "1000 threads reach depth 1", "consumer_rights (1000, …)" and
    "1000 of 1000 threads left out"."""
    import json

    rows = []
    for i in range(1000):
        t = f"xiaomi-{i}"
        rows += [{"id": f"{t}-a", "parent_id": None, "thread_id": t, "author": f"leser{i % 211}",
                  "text": f"Die US-Sanktionen gegen Kuba treffen vor allem die einfachen Leute (Nummer {i})."},
                 {"id": f"{t}-b", "parent_id": f"{t}-a", "thread_id": t, "author": f"leser{i % 173}",
                  "text": "Wer das Handy bezahlt hat, dem gehört es: eine Fernsperre verletzt das Eigentum der Kunden."},
                 {"id": f"{t}-c", "parent_id": f"{t}-a", "thread_id": t, "author": f"leser{i % 97}",
                  "text": "Dann halt den Bootloader entsperren und ein Custom ROM flashen, fertig."}]
        if i < 100:
            rows.append({"id": f"{t}-d", "parent_id": None, "thread_id": t, "author": f"leser{i % 53}",
                         "text": "Das Embargo ist geltendes Recht der USA, da kann Xiaomi wenig machen."})
    data = tmp_path / "xiaomi.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    for args in (["report", "depth"], ["report", "topics"], ["compare", "--by", "thread"]):
        result = run(*args, str(data), "--out", str(out / args[-1]), "-q", "-j", "1")  # a folder each
        assert result.exit_code == 0, result.stderr
    assert "1,000 threads reach depth 1; the largest of them is thread" in (out / "depth" / "depth.md").read_text(
        encoding="utf-8")
    topics = (out / "topics" / "topics.md").read_text(encoding="utf-8")
    assert "followed by geopolitics (1,100, 35 %) and bootloader_unlocking (1,000, 32 %)" in topics, topics
    notes = {r["note"] for r in csv.DictReader(open(out / "thread" / "compare_tests.csv", encoding="utf-8"))}
    assert notes == {"1,000 of 1,000 threads left out: each thread needs at least 20 comments"}


def test_topics_summary_keeps_five_findings_and_says_no_marker_words_once(tmp_path):
    """The seed's topics.md had 13 sentences: four "No word marks X clearly here" and then
    "The table topic_terms.csv is empty …: no word marks a topic clearly". The empty table's
    sentence says it once; per-topic sentences name at most five topics."""
    result = run("report", "topics", str(RAW), "--out", str(tmp_path), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert not rows(tmp_path / "topic_terms.csv")  # the seed: no word passes the test
    assert "No word marks" not in text
    assert text.count("The table topic_terms.csv is empty") == 1 and "no word marks a topic clearly" in text
    assert 1 <= text.count("Comments about ") + text.count("No tone is named for comments about") <= 5


def test_topics_summary_folds_topics_without_marker_words_into_one_sentence():
    from comments.reporting.sections import topic_lines
    from comments.analyses.topic_stats import Share

    class A:  # the analysis fields topic_lines reads: six topics, two with marker words
        topics = ["a", "b", "c", "d", "e", "f"]
        counts = {"comments": 60, "threads": 2}
        rows: dict = {}  # no topic_coverage: the no-topic sentence gives the share of all comments only
        taxonomy = type("T", (), {"name": "t"})
        results = {"by_site": [Share("s", t, k, 60) for t, k in zip([*topics, "none"], [30, 20, 12, 9, 7, 5, 3])],
                   "tone_site": [], "topic_tone": {}, "cooccurrence": {}, "timeline": [],
                   "terms": {"a": [("preis", 3.1, 0.01)], "b": [], "c": [], "d": [("rom", 2.5, 0.04)], "e": [],
                             "f": []}}

    lines = topic_lines(type("R", (), {"misfit": lambda self, **_: None})(), A())
    text = "\n".join(lines)
    rule = ("over-represented beyond chance after Benjamini–Hochberg correction over every word tested, "
            "stop words left out")
    assert f"Words that mark a here ({rule}, each found in 3 or more of its comments): preis." in text
    assert f"Words that mark d here ({rule}, each found in 3 or more of its comments): rom." in text
    assert [line for line in lines if "No word marks" in line] == [
        f"No word marks b, c and e clearly here (none is {rule} and found in 3 or more of their comments; "
        "see topic_terms.csv)."]
    assert "1 more topic is in topic_tone.csv and topic_terms.csv." in lines  # f, the sixth


def test_drift_names_the_top_level_comment_when_there_is_no_article(tmp_path):
    """A user's CSV (no article text) read "the replies' similarity to the article does not
    change": sim_article is empty there and the slope is fitted on the similarity to the
    replies' top-level comment; the seed (with article text) still names the article."""
    result = run("report", "drift", str(FIXTURES / "no_article.csv"), "--out", str(tmp_path / "csv"), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    (thread,) = rows(tmp_path / "csv" / "drift_by_thread.csv")
    assert thread["slope"] and not thread["mean_sim_article"]
    text = (tmp_path / "csv" / "drift.md").read_text(encoding="utf-8")
    assert "similarity to the article" not in text
    assert "the replies' similarity to their top-level comment (there is no article text) does not change" in text
    result = run("report", "drift", str(RAW), "--out", str(tmp_path / "seed"), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    seed = (tmp_path / "seed" / "drift.md").read_text(encoding="utf-8")
    assert "the replies' similarity to the article does not change" in seed


def test_compare_tests_groups_count_the_groups_taking_part():
    """The seed's compare_tests.csv had groups = 0 on every row though one site has 25
    comments: groups counts the sites that take part in the test (at or above the minimum
    of 5 threads and 20 comments), so the seed's one-thread site is not among them."""
    threads = [_site("a", [["x"]] * 7 + [["y"]] * 3, f"a{i}") for i in range(6)]
    threads += [_site("b", [["x"]] * 1 + [["y"]] * 9, f"b{i}") for i in range(6)]
    threads.append(_site("c", [["x"]] * 30))  # 30 comments in one thread: below the minimum
    tests = label_tests(threads, "topics", ["x", "y"])
    assert {t.groups for t in tests} == {2} and tests[0].note == f"1 of 3 sites left out: {SITE_RULE}; 1 has fewer than 5 threads"
    seed = label_tests([_site("seed", [["x"]] * 25), _site("empty", [])], "topics", ["x"])
    assert {t.groups for t in seed} == {0} and all(t.p_value is None and t.note for t in seed)


def test_compare_tables_carry_none_for_topics_and_tone_and_h_index_as_integer(corpus):
    """compare_sites/compare_threads had topic_none but no tone_none, though compare_tests
    tests tone none; h_index read 3 in depth_by_thread.csv and 3.0 in depth_by_site.csv."""
    result, out = corpus
    comments = {(pt.thread.site, pt.thread.thread_id): pt.comments for pt in result.threads}
    tested = {r["label"] for r in rows(out / "compare_tests.csv") if r["field"] == "tone"}
    assert "none" in tested
    for name in ("compare_sites", "compare_threads"):
        table = rows(out / f"{name}.csv")
        assert "topic_none" in table[0] and "tone_none" in table[0], name
    for r in rows(out / "compare_threads.csv"):
        cs = comments[(r["site"], r["thread_id"])]
        if cs:
            # tone not read (a pingback; another language): not "none"
            pingbacks = sum(not c.tone and c.kind != "comment" for c in cs)
            deleted = sum(not c.tone and c.kind == "comment" and is_gone(c) for c in cs)
            pingbacks += deleted
            unread = sum(not c.tone and c.language == "other" and not is_placeholder(c) for c in cs)
            assert float(r["tone_none"]) == pytest.approx(sum(not c.tone for c in cs) / len(cs)
                                                          - (unread + pingbacks) / len(cs))
            assert float(r.get("tone_other_language") or 0) == pytest.approx(unread / len(cs))
            assert float(r["tone_pingback"]) + float(r.get("tone_deleted") or 0) == pytest.approx(pingbacks / len(cs))
    by_thread = rows(out / "depth_by_thread.csv")
    by_site = rows(out / "depth_by_site.csv")
    assert all(re.fullmatch(r"\d+", r["h_index"]) for r in by_thread)
    one_thread = [r for r in by_site if r["threads"] == "1"]
    assert one_thread and all(re.fullmatch(r"\d+", r["h_index"]) for r in one_thread)
    for r in one_thread:
        assert r["h_index"] == next(t["h_index"] for t in by_thread if t["site"] == r["site"])


def test_a_report_of_fewer_threads_leaves_no_stale_tree_pictures(tmp_path):
    """`report all A --out r` then `report all B --out r` (B: one thread) kept tree_02 …
    of A, and the manifest still listed them."""
    import json

    out = tmp_path / "r"
    pages = CORPORA / "html_comments"  # (not conftest's corpus(): this module's fixture has that name)
    if not pages.exists():
        pytest.skip(f"shared corpus not available: {pages}")
    first = run("report", "depth", str(pages), "--out", str(out), "-j", "1")
    assert first.exit_code == 0, first.output
    before = sorted(p.name for p in out.glob("tree_*"))
    assert len(before) > 2 and "tree_02.png" in before
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    second = run("report", "depth", str(SEED), "--out", str(out), "-j", "1")
    assert second.exit_code == 0, second.output
    trees = sorted(p.name for p in out.glob("tree_*"))
    assert trees == ["tree_01.png", "tree_01.svg"]
    listed = json.loads((out / ".comments-manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == sorted(p.name for p in out.iterdir() if p.name not in (".comments-manifest.json", "mine.txt"))
    assert (f"removed {len(before) - 2} files of the previous report there that this one does not write "
            "(tree_02.png") in second.stderr


def test_a_report_says_what_it_wrote_in_its_repr(tmp_path):
    """write_report() returned a bare <Report object at 0x…>."""
    result = read(SEED)
    classify(result.threads)
    out = tmp_path / "r"
    made = reporting.run(result.threads, load(), out, "depth")
    files = sorted(p.name for p in out.iterdir() if p.name != ".comments-manifest.json")
    assert made.files == files and made.removed == []
    assert repr(made) == (f"<Report {str(out)!r}: {len(files)} files written, {len(made.tables)} tables, "
                          f"{len(made.charts.made)} charts, sections depth>")


def test_the_analysis_is_left_out_of_collections_while_the_report_is_written(tmp_path, monkeypatch):
    """Full collections during the drawing scanned the whole analysis each time (about a
    second of CPU at 200,000 comments): everything alive before the report is frozen."""
    import gc

    from comments.reporting import charts

    analysis = analyse(read(RAW).threads, progress=False)
    frozen, real = [], charts.draw
    monkeypatch.setattr(charts, "draw", lambda fig, folder, name: (frozen.append(gc.get_freeze_count()),
                                                                   real(fig, folder, name)))
    alive = len(gc.get_objects())
    reporting.write_report(analysis, tmp_path / "report", jobs=1)
    assert len(frozen) > 10 and min(frozen) >= 0.9 * alive
    assert gc.get_freeze_count() == 0


def test_the_index_page_is_made_while_the_charts_are_drawn_and_embeds_them_as_written(tmp_path, monkeypatch):
    """index.html was made after every chart was written, one core idle; now its listings and
    summaries are made first and each PNG is read when the page is rendered, once written."""
    import base64

    from comments.reporting import charts_workers, html_report

    order = []
    prepare, finish = html_report.prepare, charts_workers.Writers.finish
    monkeypatch.setattr(html_report, "prepare", lambda report: (order.append("page"), prepare(report))[1])
    monkeypatch.setattr(charts_workers.Writers, "finish", lambda self: (order.append("charts"), finish(self))[1])
    reporting.write_report(analyse(read(RAW).threads, progress=False), tmp_path, jobs=2)
    assert order == ["page", "charts"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    embedded = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="[^"]*"></a></div><figcaption><div>.*? — '
                          r'<a href="[^"]+"><code>([^<]+)</code>',
                          page)
    assert len(embedded) > 10 and any(name.startswith("tree_") for _, name in embedded)
    for data, name in embedded:
        assert base64.b64decode(data) == (tmp_path / name).read_bytes(), name


def test_every_report_writes_the_topic_coverage_table(tmp_path):
    """README: every report also writes topic_coverage.csv (``report drift`` wrote none),
    the same table in each, listed with its section's tables."""
    written = []
    for which in ("topics", "depth", "drift"):
        out = tmp_path / which
        result = run("report", which, str(RAW), "--out", str(out), "-q")
        assert result.exit_code == 0, result.stderr
        assert "`topic_coverage.csv`" in (out / f"{which}.md").read_text(encoding="utf-8")
        written.append((out / "topic_coverage.csv").read_bytes())
    assert list(csv.DictReader(written[0].decode().splitlines())) and written == [written[0]] * 3
