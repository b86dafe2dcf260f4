"""Charts that do not draw what the data does not hold (visual20's review of `report all` on
the shared corpora): no empty or all-zero chart without a sentence, no share where no comment
is, no illegible strip for many sites, labels level and unbroken, legends off the data, every
period's base, one warning for glyphs the font lacks, and a page that reads on a phone."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import pytest

from comments.reporting.charts import MAX_WIDTH, Charts, _short, colours, glyph_note
from conftest import corpus, run

TOPICS = ["geopolitics", "bootloader_unlocking", "open_source", "consumer_rights", "none"]


def _kept(charts):
    """The figures ``charts`` makes, by name, kept (not drawn)."""
    figures = {}
    charts.save = lambda fig, name, title: figures.__setitem__(name, fig)
    return figures


@pytest.fixture(scope="module")
def backen(tmp_path_factory) -> Path:
    """`report all` on a German baking blog's page: 10 replies, no comment with a topic."""
    page = corpus("html_comments/backenmachtgluecklich.de__zitronenkuchen.html")
    out = tmp_path_factory.mktemp("backen")
    result = run("report", "all", str(page), "--out", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    return out


def test_charts_with_nothing_but_zeros_are_left_out_and_the_summary_says_why(backen):
    """drift_by_depth was drawn as empty axes ticked −0.045 … 0.045, topic_cooccurrence as a
    field of zeros on a −0.10 … 0.10 scale; neither page said so."""
    assert not (backen / "drift_by_depth.png").exists() and not (backen / "drift_by_depth.svg").exists()
    assert not (backen / "topic_cooccurrence.png").exists()
    assert (backen / "topic_cooccurrence.csv").exists()  # the table stays
    drift = (backen / "drift.md").read_text(encoding="utf-8")
    topics = (backen / "topics.md").read_text(encoding="utf-8")
    assert "The drift_by_depth chart is left out: no reply answers a comment with a topic" in drift
    assert "the topic_cooccurrence and topic_terms charts are left out: no comment has a topic." in topics
    page = (backen / "index.html").read_text(encoding="utf-8")
    assert "drift_by_depth chart is left out" in page and 'href="drift_by_depth.png"' not in page


def test_a_decile_without_comments_is_a_gap_not_a_share_of_zero(tmp_path):
    """disqus/: every comment `none`, yet the area fell to 0 at the deciles holding no comment
    (a saw-tooth from nothing); now those deciles are blank and the rest stand at 1."""
    result = run("report", "drift", str(corpus("disqus")), "--out", str(tmp_path / "r"), "-q")
    assert result.exit_code == 0, result.stderr
    from comments import analyse, read

    rows = analyse(read(str(corpus("disqus")), progress=False), parts=("drift",), progress=False).rows["position_deciles"]
    empty = {r["position"] for r in rows if not r["comments"]}
    held = {r["position"] for r in rows if r["comments"]}
    assert empty and held
    charts = Charts(tmp_path, colours(TOPICS), colours(["x"]))
    figures = _kept(charts)
    series = {}
    for r in rows:
        series.setdefault(r["label"], []).append((r["position"], r["share"] if r["comments"] else float("nan")))
    charts.lines("drift_along_thread", "Topic shares", series, charts.topics, "position", "share", stacked=True)
    ax = figures["drift_along_thread"].axes[0]
    tops: dict[float, float] = {}
    for bar in ax.patches:
        centre = round(bar.get_x() + bar.get_width() / 2, 6)
        tops[centre] = max(tops.get(centre, 0.0), bar.get_y() + bar.get_height())
    assert set(tops) == held  # no bar where no comment is
    assert all(math.isclose(top, 1.0) for top in tops.values())  # each held decile's shares make a whole
    topics = (tmp_path / "r" / "drift.md").read_text(encoding="utf-8")
    assert "The drift_by_depth chart is left out: no reply answers a comment with a topic" in topics


def test_a_deleted_comment_is_no_topic(tmp_path):
    """disqus/ has one deleted comment and no comment with a topic: "no word marks a topic
    clearly" was said as if some comment had one."""
    result = run("report", "topics", str(corpus("disqus")), "--out", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    topics = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert ("The table topic_terms.csv is empty and the topic_cooccurrence and topic_terms charts are left out: "
            "no comment has a topic." in topics), topics


def test_many_sites_by_many_labels_turn_horizontal_instead_of_a_strip():
    """13 sites × 8 tones drew compare_tone 4,741 × 487 px: shrunk to a page, 3-pixel labels."""
    sites = [f"site{i:02d}.example.org" for i in range(13)]
    tones = ["critical", "supportive", "sarcastic", "hostile", "informative", "questioning", "other", "none"]
    charts = Charts(Path("."), colours(TOPICS), colours(sites))
    figures = _kept(charts)
    charts.grouped_bars("compare_tone", "Tone mix by site", tones, sites,
                        {(t, s): 0.1 for t in tones for s in sites}, charts.sites, "tone", "share")
    charts.grouped_bars("few", "Tone mix", tones[:3], sites[:2], {(t, s): 0.1 for t in tones for s in sites},
                        charts.sites, "tone", "share")
    wide, few = figures["compare_tone"], figures["few"]
    assert wide.get_figwidth() <= MAX_WIDTH
    assert [t.get_text() for t in wide.axes[0].get_yticklabels()] == tones  # down the side, bars horizontal
    assert [t.get_text() for t in few.axes[0].get_xticklabels()] == tones[:3]  # few: still across


def test_heatmaps_count_from_zero_and_a_lone_rows_label_is_level(tmp_path):
    charts = Charts(tmp_path, colours(TOPICS), colours(["x"]))
    figures = _kept(charts)
    row = "(25) backenmachtgluecklich.de · Saftiger Zitronenkuchen vom Blech"
    charts.heatmap("one", "Topic shares per thread", [row], TOPICS, {(row, "none"): 100}, "topic", "thread")
    ax = figures["one"].axes[0]
    assert ax.collections[0].get_clim() == (0, 100)
    assert [t.get_rotation() for t in ax.get_yticklabels()] == [0]  # seaborn turned it upright


def test_names_wrap_after_a_dot_or_slash_not_mid_word():
    assert _short("wpthemetestdata.wordpress.com") == "wpthemetestdata.wordpress.\ncom"
    assert _short("reddit.com/r/announcements", 20) == "reddit.com/r/\nannouncements"
    assert _short("backenmachtgluecklich.de · Saftiger Zitronenkuchen vom Blech", 30, 3).split("\n") == [
        "backenmachtgluecklich.de ·", "Saftiger Zitronenkuchen vom", "Blech"]


def test_legends_sit_beside_the_lines_not_on_them(tmp_path):
    sites = [f"site{i:02d}.example.org" for i in range(13)]
    charts = Charts(tmp_path, colours(TOPICS), colours(sites))
    figures = _kept(charts)
    charts.rank_sizes("subthread_sizes", "Subthread sizes", "Subthread sizes",
                      {s: [40 - i, 6, 3, 2, 1] for i, s in enumerate(sites)}, "rank", "size")
    fig = figures["subthread_sizes"]
    fig.canvas.draw()
    ax = fig.axes[0]
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1


def test_every_periods_base_is_on_the_top_axis(tmp_path):
    """40 months drew the n of every 4th: the 19 % peak (3 of 16) read against a neighbour's 8."""
    charts = Charts(tmp_path, colours(TOPICS), colours(["x"]))
    figures = _kept(charts)
    counts = [(i, 5 + i % 13) for i in range(40)]
    series = {"geopolitics": [(i, (i % 3) / 16) for i in range(40)]}
    charts.lines("topics_over_time", "Topics over time", series, charts.topics, "period", "share",
                 xticks=[(i, f"p{i}") for i in range(40)], counts=(counts, "n"))
    (top,) = figures["topics_over_time"].axes[0].child_axes
    assert [t.get_text() for t in top.get_xticklabels()] == [str(n) for _, n in counts]


def _japanese(folder: Path) -> Path:
    """Two comments under a Japanese title on a site named in Japanese."""
    data = folder / "日本.example__p.jsonl"
    rows = [{"id": "1", "thread_id": "p1", "title": "漢字のタイトル Ärger", "text": "Erster Kommentar über Größe"},
            {"id": "2", "thread_id": "p1", "parent_id": "1", "title": "漢字のタイトル Ärger",
             "text": "Zweiter Kommentar als Antwort"}]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return data


def test_glyphs_the_font_lacks_make_one_warning_naming_them(tmp_path):
    """A 2-comment input with a Japanese title wrote 73 lines, one per glyph and chart."""
    data = _japanese(tmp_path)
    with warnings.catch_warnings(record=True) as heard:  # (the CLI writes each as a "warning:" line)
        warnings.simplefilter("always")
        result = run("report", "all", str(data), "--out", str(tmp_path / "r"), "-q", "-j", "2")
    assert result.exit_code == 0, result.stderr
    lines = [str(w.message) for w in heard if "glyph" in str(w.message).lower()]
    assert len(lines) == 1 and "日" in lines[0] and "本" in lines[0] and "Ä" not in lines[0], lines
    assert "Glyph" not in result.stderr
    assert glyph_note(set()) is None


def test_the_api_hears_the_glyph_note_once(tmp_path):
    from comments import analyse, read
    from comments.reporting.report import write_report

    corpus_ = read(str(_japanese(tmp_path)), progress=False)
    with warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always")
        write_report(analyse(corpus_, progress=False), tmp_path / "r")
    said = [str(w.message) for w in heard if "glyph" in str(w.message).lower()]
    assert len(said) == 1 and "日" in said[0]


def test_the_page_wraps_long_tokens_and_links_each_chart_at_full_size(backen):
    page = (backen / "index.html").read_text(encoding="utf-8")
    assert "overflow-wrap:anywhere" in page
    assert '<a href="depth_by_site.png"><code>depth_by_site.png</code></a>' in page
    assert '<a href="depth_by_site.svg"><img src="data:image/png;base64,' in page


def test_charts_stay_the_same_bytes(tmp_path):
    """The changed charts are deterministic: two runs, byte-identical PNG and SVG."""
    inputs = str(corpus("html_comments/zulang.wordpress.com__genitalverstuemmelung.html"))
    for out in ("a", "b"):
        assert run("report", "all", inputs, "--out", str(tmp_path / out), "-q").exit_code == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir() if p.suffix in (".png", ".svg"))
    assert names and names == sorted(p.name for p in (tmp_path / "b").iterdir() if p.suffix in (".png", ".svg"))
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)
