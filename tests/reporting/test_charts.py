"""Charts: stable colours, short labels, every chart saved as PNG and SVG and recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from comments.analyses.structure import Rect
from comments.reporting.charts import NONE_COLOUR, OKABE_ITO, Charts, _short, colours


def test_colours_are_stable_and_none_is_grey():
    got = colours(["a", "none", "b"])
    assert got == {"a": OKABE_ITO[0], "none": NONE_COLOUR, "b": OKABE_ITO[1]}
    assert len(set(colours([str(i) for i in range(8)]).values())) == 8


@given(st.text(max_size=200), st.integers(5, 40))
def test_short_labels_fit_two_lines(text, width):
    lines = _short(text, width).split("\n")
    assert len(lines) <= 2 and all(len(line) <= width for line in lines)


def test_every_chart_is_saved_twice_and_recorded(tmp_path):
    charts = Charts(tmp_path, colours(["a", "none"]), colours(["x.de", "y.com"]))
    charts.rank_sizes("sizes", "Sizes (long title)", "Sizes", {"x.de": [5, 1, 3], "y.com": []}, "rank", "size")
    charts.scatter_means("slope", "Similarity by depth", "Slope", [(1, 0.5, "x.de"), (2, 0.25, "x.de")] * 2000,
                         "depth", "similarity")
    charts.icicle("tree", "Tree", [Rect(0, 0.0, 2.0, "a"), Rect(1, 1.0, 1.0, "unknown")], 1)
    assert charts.made == [("sizes", "Sizes"), ("slope", "Slope"), ("tree", "Tree")]
    for name, _ in charts.made:
        assert (tmp_path / f"{name}.png").stat().st_size > 1000
        assert (tmp_path / f"{name}.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_rank_plots_sample_long_series_on_the_log_scale_and_keep_short_ones_whole():
    from comments.reporting.charts import rank_sample

    assert rank_sample(5) == [0, 1, 2, 3, 4]
    assert rank_sample(2000) == list(range(2000))
    ranks = rank_sample(300_000)
    assert ranks[0] == 0 and ranks[-1] == 299_999 and len(ranks) <= 2000
    assert ranks == sorted(set(ranks)) and ranks[:100] == list(range(100))  # the head of the curve whole
    gaps = [b / a for a, b in zip(ranks[200:], ranks[201:])]
    assert max(gaps) < 1.02  # evenly spread on the log axis: no stretch of the curve left out


def test_one_measured_box_saves_what_tight_saved(tmp_path):
    """Both files come from one measured box: the PNG is the picture ``bbox_inches="tight"``
    saves, pixel for pixel, and the SVG holds the same texts."""
    import re

    from PIL import Image

    from comments.reporting.charts import tight_box

    charts = Charts(tmp_path, colours(["a", "b", "none"]), colours(["x.de", "y.com"]))
    plt = charts.plt

    def figure():
        fig, ax = plt.subplots(figsize=(7.5, 4.4))
        for label, ys in (("a", [0.1, 0.5, 0.3]), ("b", [0.4, 0.2, 0.6])):
            ax.plot([0, 1, 2], ys, marker="o", label=label)
        ax.set(title="Shares by depth — a long title", xlabel="depth", ylabel="share of comments")
        ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left")  # outside the axes: the box must take it in
        fig.tight_layout()
        return fig

    fig = figure()
    box = tight_box(fig)
    fig.savefig(tmp_path / "one.png", bbox_inches=box)
    fig.savefig(tmp_path / "one.svg", bbox_inches=box, metadata={"Date": None})
    fig = figure()
    fig.savefig(tmp_path / "tight.png", bbox_inches="tight")
    fig.savefig(tmp_path / "tight.svg", bbox_inches="tight", metadata={"Date": None})
    one, tight = Image.open(tmp_path / "one.png"), Image.open(tmp_path / "tight.png")
    assert one.size == tight.size and one.tobytes() == tight.tobytes()

    def texts(name):
        return re.findall(r"<text[^>]*>([^<]*)<", (tmp_path / name).read_text(encoding="utf-8"))

    assert texts("one.svg") == texts("tight.svg") and "Shares by depth — a long title" in texts("one.svg")


def _same_svg(a: bytes, b: bytes) -> bool:
    """The same SVG but for clip-path ids (hashed from the clip boxes) and digits beyond the 5th decimal."""
    import re

    def norm(svg: bytes) -> str:
        text = re.sub(r'(clip-path="url\(#|clipPath id=")p[0-9a-f]+', r"\1p", svg.decode("utf-8"))
        return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group()):.5f}", text)
    return norm(a) == norm(b)


def test_draw_saves_what_savefig_saved_with_one_draw_per_file(tmp_path, monkeypatch):
    """``draw`` skips savefig's draws without output (tight_layout's placeholder engine asks
    for them; the layout is done): the same PNG bytes, the same SVG but for clip-path ids,
    in 2 draws, not 4."""
    from matplotlib.figure import Figure

    from comments.reporting.charts import tight_box

    charts = Charts(tmp_path, colours(["a", "b", "none"]), colours(["x.de", "y.com"]))

    def make(folder):
        charts.folder = folder
        folder.mkdir()
        charts.icicle("tree", "Tree", [Rect(0, 0.0, 3.0, "a"), Rect(1, 0.0, 2.0, "b"), Rect(1, 2.0, 1.0, None),
                                       Rect(2, 0.0, 1.0, "a")], 2)
        charts.grouped_bars("bars", "Topic shares by site", ["x.de", "y.com"], ["a", "b"],
                            {("x.de", "a"): 0.61, ("y.com", "b"): 0.3}, charts.topics, "site", "share")

    drawn = []
    real = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda fig, renderer: (drawn.append(1), real(fig, renderer))[1])
    make(tmp_path / "new")
    assert len(drawn) == 2 * 2

    def before(fig, folder, name):  # both files saved with the placeholder engine
        fig.tight_layout()
        box = tight_box(fig)
        for suffix in ("png", "svg"):
            fig.savefig(folder / f"{name}.{suffix}", bbox_inches=box,
                        metadata={"Date": None} if suffix == "svg" else None)

    monkeypatch.setattr("comments.reporting.charts.draw", before)
    drawn.clear()
    make(tmp_path / "old")
    assert len(drawn) == 4 * 2
    for name in ("tree", "bars"):
        new, old = tmp_path / "new" / name, tmp_path / "old" / name
        assert new.with_suffix(".png").read_bytes() == old.with_suffix(".png").read_bytes()
        assert _same_svg(new.with_suffix(".svg").read_bytes(), old.with_suffix(".svg").read_bytes())


def test_a_large_icicle_is_one_path_per_topic_with_the_pixels_of_one_box_per_comment(tmp_path, monkeypatch):
    """Each comment's box was an SVG element of its own (14,000 in the 20 trees of 200,000
    comments, the larger part of their SVG time); now a topic's boxes are one compound path,
    snapped to pixels as the single boxes were: the same PNG bytes."""
    import re

    from matplotlib.collections import PolyCollection

    from comments.reporting import charts as module

    topics = ["a", "b", "none"]
    rects = [Rect(d, left * 1.37 + d * 0.21, 0.29 + (left % 5) * 0.61, topics[(left + d) % 3])
             for d in range(3) for left in range(500)]  # 1,500 boxes, many narrower than a pixel
    charts = Charts(tmp_path, colours(topics), colours(["x.de"]))
    charts.icicle("new", "Tree", rects, 2)

    def one_box_each(self, name, title, rects, max_depth):  # the boxes drawn as they were
        fig, ax = self.subplots(figsize=(9, min(12, 0.45 * (max_depth + 2) + 1.8)))
        by_style = {}
        for r in rects:
            by_style.setdefault(module.styles(self.topics)[r.topic], []).append(
                [(r.left, r.depth - 0.45), (r.left + r.width, r.depth - 0.45), (r.left + r.width, r.depth + 0.45),
                 (r.left, r.depth + 0.45)])
        for style, boxes in by_style.items():
            ax.add_collection(PolyCollection(boxes, facecolors=style.colour, edgecolors="none", linewidths=0.4))
        ax.set_xlim(0, max(r.left + r.width for r in rects))
        self._icicle_axes(fig, ax, name, title, max_depth, "comments (width = size of the subthread)",
                          {r.topic for r in rects})

    monkeypatch.setattr(Charts, "icicle", one_box_each)
    charts.icicle("old", "Tree", rects, 2)
    assert (tmp_path / "new.png").read_bytes() == (tmp_path / "old.png").read_bytes()
    svg_paths = {name: len(re.findall("<path", (tmp_path / f"{name}.svg").read_text(encoding="utf-8")))
                 for name in ("new", "old")}
    assert svg_paths["old"] - svg_paths["new"] == 1500 - 3


SITES = [f"{name}.de" for name in ("aachener-zeitung", "badische", "berliner", "derwesten", "faz", "heise", "kn-online",
                                   "merkur", "nordkurier", "spiegel", "stern", "taz")]


def _kept(charts):
    """The figures charts draw, kept open (not saved) for a look at their artists."""
    figures = []
    charts.save = lambda fig, name, title: figures.append(fig)
    return figures


def test_more_sites_than_colours_still_look_different():
    """Colours came from OKABE_ITO[i % 8]: the 9th site looked like the 1st."""
    site_colours = colours(SITES)
    charts = Charts(Path("."), colours(["a", "none"]), site_colours)
    figures = _kept(charts)
    series = {site: [(d, (i + d) / 40) for d in range(1, 4)] for i, site in enumerate(SITES)}
    charts.lines("drift_by_depth", "Drift rate by depth", series, site_colours, "depth", "share", integer_x=True)
    charts.grouped_bars("depth_by_site", "Reply depth by site", ["depth 0", "depth 1"], SITES,
                        {("depth 0", s): 0.5 for s in SITES}, site_colours, "depth", "share")
    charts.rank_sizes("subthread_sizes", "Subthread sizes", "Subthread sizes", {s: [5, 3, 1] for s in SITES},
                      "rank", "size")
    lines, bars, ranks = (fig.axes[0] for fig in figures)
    look = {(l.get_label(), l.get_color(), l.get_marker(), l.get_linestyle()) for l in lines.get_lines()}
    assert len({x[1:] for x in look}) == len(SITES) == len(look)
    assert len({(l.get_color(), l.get_marker(), l.get_linestyle()) for l in ranks.get_lines()}) == len(SITES)
    drawn = {(p.get_facecolor(), p.get_hatch()) for p in bars.patches}
    assert len(drawn) == len(SITES)
    assert {l.get_label(): l.get_color() for l in lines.get_lines()}["stern.de"] == site_colours["stern.de"]
    from comments.reporting.charts import styles

    every = styles(colours([f"site{i:03d}" for i in range(256)]))  # distinct as lines and as hatched areas
    assert len({(s.colour, s.marker, s.linestyle) for s in every.values()}) == 256
    assert len({(s.colour, s.hatch) for s in every.values()}) == 256
    assert list(styles(site_colours).values())[:8] == [styles(colours(SITES[:8]))[s] for s in SITES[:8]]
    for fig in figures:
        charts.plt.close(fig)


@pytest.mark.parametrize("sites", [
    ["kuestenbote.de", "nordsee-nachrichten.de", "wattenblatt.de"],  # in/rep_exports/topics_by_site.png
    ["kuestenbote.de", "nordsee-nachrichten.de", "wattenblatt.de", "scilogs.spektrum.de",
     "backenmachtgluecklich.de", "grossefragen.wordpress.com"]])
def test_long_category_labels_on_x_do_not_overlap(tmp_path, monkeypatch, sites):
    """topics_by_site.png: "kuestenbote.de", "nordsee-nachrichten.de" and "wattenblatt.de"
    ran into each other under the bars. A chart whose x labels would collide turns them
    (measured on the laid-out figure): no two labels' boxes overlap in the saved chart."""
    import comments.reporting.charts as charts_module

    drawn = []
    real = charts_module.draw
    monkeypatch.setattr(charts_module, "draw", lambda fig, folder, name: (real(fig, folder, name), drawn.append(fig)))
    charts = Charts(tmp_path, colours(["geopolitics", "open_source", "consumer_rights", "bootloader_unlocking",
                                       "none"]), colours(sites))
    labels = list(charts.topics)
    charts.grouped_bars("topics_by_site", "Topic shares by site", sites, labels,
                        {(s, t): 0.1 + 0.05 * i for i, s in enumerate(sites) for t in labels}, charts.topics,
                        "site", "share of the site's comments")
    (fig,) = drawn
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    # the site names: under the bars, or (too long to fit side by side) down the side, bars horizontal
    ticks = [t for t in [*ax.get_xticklabels(), *ax.get_yticklabels()] if t.get_text() in sites]
    assert [t.get_text() for t in ticks] == sites
    boxes = [t.get_window_extent(renderer) for t in ticks]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
    assert (tmp_path / "topics_by_site.png").stat().st_size > 1000
