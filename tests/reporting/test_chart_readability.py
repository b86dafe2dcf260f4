"""Charts a reader can read (journalist15's review of `report all` on five html_comments
pages): ticks at the data's values on log axes, "no tone" drawn in the tone mix, the base
of every rate shown, sites in colours no topic has and in one order (most comments first)
in every site chart, and tick labels that are level, apart, whole on count axes and take
no more than a third of the figure. Checked on the figures' matplotlib objects."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

import comments.reporting.charts as charts_module
from comments.reporting.charts import MIN_BASE, OKABE_ITO, SITE_PALETTE, Charts, colours, crowded
from conftest import CORPORA, run

PAGES = ("californiaglobe.com__amazon.html", "exxpress.at__zaehne.html", "flawlessfood.co.uk__olive.html",
         "grossefragen.wordpress.com__projekt.html", "spektrum.de__engelbart.html")


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> tuple[Path, dict]:
    """`report all` on the five pages: its folder and every figure it drew, by name."""
    return _drawn(tmp_path_factory, [CORPORA / "html_comments" / name for name in PAGES], "html_report")


@pytest.fixture(scope="module")
def seeds_drawn(tmp_path_factory) -> tuple[Path, dict]:
    """The same on the five seed articles, a corpus the taxonomy fits: the pages' taxonomy does not, so their
    report draws no drift rate by depth (since session 21)."""
    return _drawn(tmp_path_factory, sorted((CORPORA.parent / "seeds").glob("*.txt")), "seeds_report")


def _drawn(tmp_path_factory, paths: list[Path], name: str) -> tuple[Path, dict]:
    if not paths or not all(p.exists() for p in paths):
        pytest.skip(f"shared corpus not available: {paths[0].parent if paths else CORPORA.parent / 'seeds'}")
    out = tmp_path_factory.mktemp(name)
    figures: dict = {}
    real = charts_module.draw
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(charts_module, "draw", lambda fig, folder, name: (real(fig, folder, name),
                                                                      figures.__setitem__(name, fig)))
        result = run("report", "all", *map(str, paths), "--out", str(out), "-q", "-j", "1")  # drawn here
    assert result.exit_code == 0, result.stderr
    return out, figures


def _rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_log_axis_ticks_sit_at_the_subthread_sizes(drawn):
    folder, figures = drawn
    sizes = {int(r["size"]) for r in _rows(folder, "subthread_sizes")} if (folder / "subthread_sizes.csv").exists() \
        else {1, 2, 3, 4}  # (subthread_sizes is no CSV: sizes 1–4 on these pages)
    ax = figures["subthread_sizes"].axes[0]
    ticks = {round(t) for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]}
    assert sizes <= ticks and max(sizes) >= 4  # 3 and 4 had no tick (only 1 and 2)


def test_compare_tone_draws_no_tone_as_a_bar(drawn):
    folder, figures = drawn
    ax = figures["compare_tone"].axes[0]
    across = "none" in [t.get_text() for t in ax.get_xticklabels()]  # 5 sites × 9 tones: too wide, horizontal
    labels = [t.get_text() for t in (ax.get_xticklabels() if across else ax.get_yticklabels())]
    label = ax.get_xlabel() if across else ax.get_ylabel()
    assert labels[-2:] == ["pingback", "none"] and "no tone label" in label and "pingback" in label
    rows = {r["site"]: r for r in _rows(folder, "compare_sites")}
    pingbacks = float(rows["californiaglobe.com"]["tone_pingback"])
    assert pingbacks > 0.3  # its 8 pingbacks carry no tone: 45 % of its bars were missing, now a bar of their own
    bars = {(c.get_label(), round(p.get_x() + p.get_width() / 2)): p.get_height() for c in ax.containers
            for p in c.patches} if across else {(c.get_label(), round(p.get_y() + p.get_height() / 2)): p.get_width()
                                                for c in ax.containers for p in c.patches}
    assert math.isclose(bars[("californiaglobe.com", len(labels) - 2)], pingbacks)
    assert math.isclose(bars[("californiaglobe.com", len(labels) - 1)], float(rows["californiaglobe.com"]["tone_none"]))


def test_topics_over_time_shows_each_periods_base(drawn):
    folder, figures = drawn
    ax = figures["topics_over_time"].axes[0]
    (top,) = [child for child in ax.child_axes]
    shown = [t.get_text() for t in top.get_xticklabels()]
    of = {r["period"]: int(r["of"]) for r in _rows(folder, "topics_over_time")}
    assert shown == [f"{n:,}" for _, n in sorted(of.items())]
    assert "12" in shown  # 2020-08: 2 of 12 comments, drawn as 0.17


def test_sites_have_their_own_colours_and_one_order_largest_first(drawn):
    folder, figures = drawn
    by_size = [r["site"] for r in sorted(_rows(folder, "compare_sites"), key=lambda r: (-int(r["comments"]), r["site"]))]
    legends = {name: [t.get_text() for t in figures[name].axes[0].get_legend().get_texts()]
               for name in ("depth_by_site", "subthread_sizes", "compare_tone")}
    assert all(order == by_size for order in legends.values()), legends
    topics_axis = figures["topics_by_site"].axes[0]
    sites_drawn = [t.get_text().split("\n")[0] for t in topics_axis.get_yticklabels() + topics_axis.get_xticklabels()]
    assert [s for s in sites_drawn if s in by_size] == by_size
    from matplotlib.colors import to_hex

    site_colours = {to_hex(p.get_facecolor()) for c in figures["compare_tone"].axes[0].containers for p in c.patches}
    topic_colours = {to_hex(p.get_facecolor()) for c in topics_axis.containers for p in c.patches}
    assert site_colours <= {c.lower() for c in SITE_PALETTE} and not site_colours & topic_colours


def _label_boxes(fig):
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        if not ax.axison:
            continue
        for axis, labels in (("x", ax.get_xticklabels()), ("y", ax.get_yticklabels())):
            shown = [t for t in labels if t.get_visible() and t.get_text()]
            yield ax, axis, shown, [t.get_window_extent(renderer) for t in shown]


def test_no_tick_label_takes_more_than_a_third_of_its_figure_or_touches_another(drawn):
    _, figures = drawn
    for name, fig in figures.items():
        width, height = fig.bbox.width, fig.bbox.height
        for ax, axis, shown, boxes in _label_boxes(fig):
            for box in boxes:  # x labels' height and y labels' width: the room they take from the plot
                assert (box.height <= height / 3 if axis == "x" else box.width <= width / 3), (name, axis)
            if axis == "x" and len(shown) > 1:
                assert not crowded(shown), (name, [t.get_text() for t in shown])


def test_no_title_runs_over_its_axis_labels(drawn):
    """review20a #8: drift_slope's legend beside the axes narrowed them, and its one-line bold
    title ran over the y-axis label ("cosine similarity (lemmas + character n-grams)")."""
    _, figures = drawn
    over = []
    for name, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            if ax.get_title() and ax.get_ylabel():
                title, label = ax.title.get_window_extent(renderer), ax.yaxis.label.get_window_extent(renderer)
                over += [(name, ax.get_title())] if title.overlaps(label) else []
    assert "drift_slope" in figures and over == []


def test_count_axes_have_whole_ticks_only(drawn, seeds_drawn):
    _, figures = drawn
    trees = [fig for name, fig in figures.items() if name.startswith("tree_")]
    assert trees and "drift_by_depth" not in figures  # (the taxonomy does not fit the pages)
    for fig in [*trees, figures["drift_slope"], seeds_drawn[1]["drift_by_depth"]]:  # comments; depths
        ax = fig.axes[0]
        low, high = ax.get_xlim()
        assert all(float(t).is_integer() for t in ax.get_xticks() if low <= t <= high)


def test_drift_by_depth_labels_each_point_with_the_replies_it_is_of(seeds_drawn):
    from collections import Counter

    folder, figures = seeds_drawn
    judged = Counter((e["site"], int(e["depth"])) for e in _rows(folder, "drift_edges") if e["kept_topic"])
    assert judged
    ax = figures["drift_by_depth"].axes[0]
    shown = Counter()
    for line in ax.get_lines():
        colour = line.get_color()
        xs = [int(x) for x, y in zip(line.get_xdata(), line.get_ydata()) if y == y]  # drawn (not left out)
        labels = [t.get_text() for t in ax.texts if t.get_color() == colour]
        assert labels == [f"n={judged[(line.get_label(), x)]:,}" for x in xs]
        shown.update({(line.get_label(), x): 1 for x in xs})
    assert set(shown) == {key for key, n in judged.items() if n >= MIN_BASE}  # 1 of 1 is no 100 % rate
    if len(shown) < len(judged):
        assert f"on fewer than {MIN_BASE} left out" in ax.get_title()
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] <= 1.05  # a share, from 0 (one point at 1.0 drew 0.96–1.04)


def test_rates_show_their_base_or_leave_thin_points_out(tmp_path):
    """drift_by_depth rose to 0.17 at depth 2: 1 reply of 6, with no n on the chart."""
    charts = Charts(tmp_path, colours(["a", "none"]), colours(["x.de", "y.com"], SITE_PALETTE))
    figures = []
    charts.save = lambda fig, name, title: figures.append(fig)
    charts.lines("drift_by_depth", "Drift rate by depth", {"x.de": [(1, 0.0), (2, 1 / 6)]}, charts.sites, "depth",
                 "share", integer_x=True, bases={"x.de": [9, 6]})
    texts = [t.get_text() for t in figures[0].axes[0].texts]
    assert texts == ["n=9", "n=6"]
    charts.lines("drift_by_depth", "Drift rate by depth", {"x.de": [(1, 0.2), (2, 1.0)]}, charts.sites, "depth",
                 "share", integer_x=True, bases={"x.de": [10, 1]})  # the blog's depth 2: 1 of 1 drew 100 %
    ax = figures[1].axes[0]
    assert [t.get_text() for t in ax.texts] == ["n=10"] and "1 point on fewer than 5 left out" in ax.get_title()
    assert math.isnan(list(ax.get_lines()[0].get_ydata())[1])
    figures.pop()
    many = {site: [(d, 0.1) for d in range(40)] for site in ("x.de", "y.com")}
    bases = {site: [1 if d % 2 else 50 for d in range(40)] for site in many}
    charts.lines("drift_by_depth", "Drift rate by depth", many, charts.sites, "depth", "share", integer_x=True,
                 bases=bases)
    ax = figures[1].axes[0]
    assert f"40 points on fewer than {MIN_BASE} left out" in ax.get_title()
    for line in ax.get_lines():
        ys = list(line.get_ydata())
        assert [math.isnan(y) for y in ys] == [bool(d % 2) for d in range(40)]


def test_site_palette_is_apart_from_the_topics():
    assert not set(SITE_PALETTE) & set(OKABE_ITO)
    assert list(colours(["b.de", "a.de"], SITE_PALETTE).values()) == SITE_PALETTE[:2]
