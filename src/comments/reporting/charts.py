"""Charts people can read: titles, labelled axes, a colour-blind-safe palette (Okabe &
Ito), one style per topic and per site in every chart; each saved as PNG and SVG.

The palette has 8 colours: labels beyond the 8th take the colours again, each further
round of 8 with its own marker and line style (lines) and hatching (bars, areas), so no
two of up to 256 series look the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from comments.text.textsafe import shown

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Sites' colours: none near a topic's (each at least ΔE 28 in CIELAB from every Okabe–Ito colour and
#: the grey of ``none``, 30 from each other), so pink is one topic, never also a site.
SITE_PALETTE = ["#785EF0", "#67001F", "#999933", "#01665E", "#DC267F", "#8C510A", "#A6D854", "#332288"]
NONE_COLOUR = "#BBBBBB"
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.")
HATCHES = ("//", "..", "xx", "\\\\", "++", "oo", "--")


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans")
    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "comments", "figure.dpi": 100, "savefig.dpi": 110,
                         "axes.titleweight": "bold", "axes.titlesize": 13,
                         "text.parse_math": False})  # a `$` in a site name or title is text, not TeX
    return plt


def colours(labels: list[str], palette: list[str] = OKABE_ITO) -> dict[str, str]:
    """A stable colour per label in the given order (topics: :data:`OKABE_ITO`; sites,
    largest first: :data:`SITE_PALETTE`); ``none`` is grey."""
    out, i = {}, 0
    for label in labels:
        if label == "none":
            out[label] = NONE_COLOUR
        else:
            out[label] = palette[i % len(palette)]
            i += 1
    return out


@dataclass(frozen=True)
class Style:
    """How one label's series is drawn: colour, and marker, line style and hatching."""

    colour: str
    marker: str = "o"
    linestyle: str = "-"
    hatch: str = ""


def styles(colour_of: dict[str, str]) -> dict[str, Style]:
    """Each label of ``colour_of`` (the order of :func:`colours`) with its style: round
    ``k`` of the palette (labels 8k … 8k + 7, ``none`` aside) gets the k-th marker, and the
    k-th hatching (none in round 0), the line style changing every 8 rounds."""
    out, i = {}, 0
    for label, colour in colour_of.items():
        if label == "none":
            out[label] = Style(colour)
            continue
        k = i // len(OKABE_ITO)
        i += 1
        hatch = "" if not k else HATCHES[(k - 1) % len(HATCHES)] * (1 + (k - 1) // len(HATCHES))
        out[label] = Style(colour, MARKERS[k % len(MARKERS)], LINESTYLES[k // len(MARKERS) % len(LINESTYLES)], hatch)
    return out


def as_styles(colour_of: dict) -> dict[str, Style]:
    """``colour_of`` as styles: kept when its values are styles, else :func:`styles`."""
    return colour_of if all(isinstance(v, Style) for v in colour_of.values()) else styles(colour_of)


class Charts:
    """Writes figures into ``folder`` and remembers them for the reports; ``writers``
    (:class:`comments.reporting.charts_workers.Writers`) may draw them in other processes."""

    def __init__(self, folder: Path, topic_colours: dict[str, str], site_colours: dict[str, str],
                 writers=None) -> None:
        self.folder = folder
        self.topics = topic_colours
        self.sites = site_colours
        self.made: list[tuple[str, str]] = []  # (file stem, title)
        self.missing: set[str] = set()  # characters of the charts' texts their font has no glyph for
        self.plt = _plt()
        self.writers = writers

    def site_order(self, sites) -> list[str]:
        """``sites`` in the one order of every site chart: the report's (most comments first)."""
        rank = {site: i for i, site in enumerate(self.sites)}
        return sorted(sites, key=lambda site: (rank.get(site, len(rank)), site))

    @staticmethod
    def short(text: str, width: int = 28) -> str:
        return _short(text, width)

    @staticmethod
    def subplots(nrows: int = 1, ncols: int = 1, figsize=None, **options):
        """A figure and its axes, as ``pyplot.subplots`` makes them but not registered with
        pyplot: nothing to close, and its memory goes with the last reference to it (the
        writer's job), however many charts a report queues."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
        return fig, fig.subplots(nrows, ncols, **options)

    def save(self, fig, name: str, title: str) -> None:
        """``name``.png and ``name``.svg of the finished figure ``fig`` (now, or by ``writers``)."""
        self.made.append((name, title))
        self.missing |= unglyphed(fig)
        if self.writers is None:
            draw(fig, self.folder, name)
            return
        self.writers.add(lambda: draw(fig, self.folder, name), [self.folder / f"{name}.{s}" for s in SUFFIXES])

    # --- generic shapes ----------------------------------------------------------

    def grouped_bars(self, name: str, title: str, groups: list[str], labels: list[str],
                     values: dict[tuple[str, str], float], colour_of: dict[str, str], xlabel: str, ylabel: str,
                     annotate: dict[tuple[str, str], int] | None = None,
                     group_notes: dict[str, str] | None = None) -> None:
        """Bars per group and label (hue): groups along x, or, when their names would not fit
        side by side under the bars (:func:`fits_across`), down the y axis with the bars
        horizontal, so a long name reads level instead of turned to take half the figure;
        horizontal too when the bars would need a figure wider than :data:`MAX_WIDTH` (13 sites
        × 8 tones drew a 43-inch strip that a page shrinks to 3-pixel labels)."""
        import numpy as np

        ticks = [(_wrap_id(g, 14) if "_" in g and " " not in g else _short(g))
                 + (f"\n{group_notes[g]}" if group_notes and g in group_notes else "") for g in groups]
        width_in = max(6.5, 1.2 * len(groups) * max(1, len(labels)) / 3)
        across = width_in <= MAX_WIDTH and fits_across(ticks, width_in)  # wider: shrunk past reading in a page
        size = (width_in, 4.6) if across else (7.5, min(30.0, 1.6 + 0.22 * len(groups) * max(1, len(labels))))
        fig, ax = self.subplots(figsize=size)
        width = 0.8 / max(1, len(labels))
        x = np.arange(len(groups))
        style_of = as_styles(colour_of)
        for i, label in enumerate(labels):
            heights = [values.get((g, label), 0.0) for g in groups]
            style = style_of.get(label, Style(NONE_COLOUR))
            look = {"label": _short(label, 40), "color": style.colour, "hatch": style.hatch or None,  # a title: 2 lines
                    "edgecolor": "white" if style.hatch else None}
            at = x + i * width - 0.4 + width / 2
            bars = ax.bar(at, heights, width, **look) if across else ax.barh(at, heights, width, **look)
            if annotate:
                for bar, g in zip(bars, groups):
                    n = annotate.get((g, label))
                    if n and across:
                        ax.annotate(str(n), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                                    ha="center", va="bottom", fontsize=8)
                    elif n:
                        ax.annotate(f" {n}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                                    ha="left", va="center", fontsize=8)
        if across:
            ax.set_xticks(x, ticks)
            ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
        else:
            ax.set_yticks(x, ticks)
            ax.invert_yaxis()  # the first group at the top, as it is leftmost across
            ax.set(title=title, xlabel=ylabel, ylabel=xlabel)
        _legend(ax, fontsize=9, bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
        self.save(fig, name, title)

    def heatmap(self, name: str, title: str, rows: list[str], cols: list[str], values: dict[tuple[str, str], float],
                xlabel: str, ylabel: str, fmt: str = "d", cmap: str = "Blues") -> None:
        import seaborn as sns

        data = [[values.get((r, c), 0) for c in cols] for r in rows]
        names = [_short(r, 30, 3) for r in rows]  # a thread's title: three lines before it is cut
        tall = max((n.count("\n") + 1 for n in names), default=1)
        fig, ax = self.subplots(figsize=(1.1 * len(cols) + 3.5, (0.35 + 0.2 * tall) * len(rows) + 2))
        sns.heatmap(data, annot=True, fmt=fmt, cmap=cmap, xticklabels=[_wrap_id(c) for c in cols],
                    yticklabels=names, ax=ax, cbar_kws={"shrink": 0.7}, linewidths=0.5,
                    vmin=0, vmax=max((v for row in data for v in row), default=0) or 1)  # counts: 0 is white
        ax.tick_params(axis="x", labelrotation=0)  # level, on up to three lines; turned only if they crowd (draw)
        ax.tick_params(axis="y", labelrotation=0)  # level: seaborn turns a lone row's label upright
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
        self.save(fig, name, title)

    def term_bars(self, name: str, title: str, terms: dict[str, list[tuple]], colour_of: dict[str, str],
                  xlabel: str) -> None:
        """Small multiples: one horizontal bar chart of terms per group (each a (term, z, …) tuple)."""
        groups = [g for g, t in terms.items() if t]
        if not groups:
            return
        cols = min(2, len(groups))
        rows = (len(groups) + cols - 1) // cols
        fig, axes = self.subplots(rows, cols, figsize=(6 * cols, 3.4 * rows), squeeze=False)
        style_of = as_styles(colour_of)
        for ax, group in zip(axes.flat, groups):
            words = terms[group][:10][::-1]
            style = style_of.get(group, Style(OKABE_ITO[0]))
            ax.barh([w for w, *_ in words], [z for _, z, *_ in words], color=style.colour, hatch=style.hatch or None,
                    edgecolor="white" if style.hatch else None)
            ax.set(title=_short(group), xlabel=xlabel)
        for ax in list(axes.flat)[len(groups):]:
            ax.axis("off")
        fig.suptitle(title, fontweight="bold")
        self.save(fig, name, title)

    def lines(self, name: str, title: str, series: dict[str, list[tuple[float, float]]], colour_of: dict[str, str],
              xlabel: str, ylabel: str, stacked: bool = False, xticks: list[tuple[float, str]] | None = None,
              integer_x: bool = False, bases: dict[str, list[int]] | None = None,
              counts: tuple[list[tuple[float, int]], str] | None = None) -> None:
        """Lines per label (a NaN point breaks a line); ``stacked``: shares of a whole, drawn
        on 0–1 as touching stacked bars (:func:`stacked_bars`; a NaN: a gap); ``xticks``: (position, label), at most ``MAX_TICKS`` of them shown;
        ``integer_x``: depths; ``bases``: each point's base (the n its rate is of), written
        beside the point (:func:`based`), so 1 of 6 does not read as a trend; ``counts``: the
        base shared by every line at an x, ((x, n) pairs, axis label), on an axis along the top: each
        x's n up to :data:`LABELLED_POINTS` xs (the figure widened for them), every k-th beyond."""
        if bases is not None:
            series, title = based(series, bases, title)
        from matplotlib.ticker import MaxNLocator

        shown_counts = [] if counts is None else counts[0] if len(counts[0]) <= LABELLED_POINTS else \
            counts[0][:: -(-len(counts[0]) // LABELLED_POINTS)]  # every period's n up to 60 of them
        span = shown_counts[-1][0] - shown_counts[0][0] + 1 if shown_counts else 0  # calendar months, gaps too
        fig, ax = self.subplots(figsize=(min(MAX_WIDTH, max(7.5, 2.5 + 0.11 * span)), 4.4))  # room for each n
        if integer_x:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if xticks:
            shown = xticks[:: -(-len(xticks) // MAX_TICKS)]
            ax.set_xticks([x for x, _ in shown], [label for _, label in shown], rotation=30, ha="right")
        style_of = as_styles(colour_of)
        if stacked and series:
            stacked_bars(ax, series, style_of)
        else:
            for label, pts in series.items():
                style = style_of.get(label, Style(NONE_COLOUR))
                ax.plot([x for x, *_ in pts], [y for _, y, *_ in pts], marker=style.marker, linestyle=style.linestyle,
                        label=label, color=style.colour)
                for x, y, *n in pts:
                    if n and n[0] is not None:
                        ax.annotate(f"n={n[0]:,}", (x, y), textcoords="offset points", xytext=(6, 5), fontsize=8,
                                    color=style.colour, annotation_clip=False)
        if shown_counts:  # each period's own n, so a peak of 3 of 16 is not read against a neighbour's n
            top = ax.secondary_xaxis("top")
            top.set_xticks([x for x, _ in shown_counts], [f"{n:,}" for _, n in shown_counts], fontsize=7,
                           rotation=90 if len(shown_counts) > 6 else 0)  # upright: neighbouring months' counts apart
            top.set_xlabel(counts[1], fontsize=9)
        ys = [y for pts in series.values() for _, y, *_ in pts if y == y]
        if not stacked and ys and 0 <= min(ys) and max(ys) <= 1:  # shares: from 0 (one point at 1.0 drew 0.96–1.04)
            ax.set_ylim(0, min(1.05, max(ys) * 1.15) or 1.05)
        elif bases is not None and not ys:  # every rate left out (too thin): still a share's axis
            ax.set_ylim(0, 1.05)
        ax.margins(x=0.06)  # room for the last point's n
        if integer_x:
            whole_ticks(ax, [x for pts in series.values() for x, *_ in pts])
        ax.set(title=_short(title, 75, 3), xlabel=xlabel, ylabel=ylabel)  # a long title: lines, not a narrow plot
        if ax.get_legend_handles_labels()[0]:
            _legend(ax, fontsize=9, bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
        self.save(fig, name, title)

    def icicle(self, name: str, title: str, rects, max_depth: int) -> None:
        """Reply tree as an icicle (``rects``: :class:`comments.analyses.structure.Rect`):
        one row per depth, each comment as wide as its subtree, coloured by its first label in the topic tables
        (a spam or pending comment as `unpublished`, a deleted one as `deleted`)."""
        import numpy as np
        from matplotlib.collections import PathCollection, PolyCollection
        from matplotlib.path import Path as Shape

        fig, ax = self.subplots(figsize=(9, min(12, 0.45 * (max_depth + 2) + 1.8)))
        if hasattr(rects, "cells"):  # a Raster: a very large tree, sampled (the title says so)
            self._icicle_raster(fig, ax, name, title, rects, max_depth)
            return
        style_of = styles(self.topics)
        by_style: dict[Style, list] = {}  # one collection per style: a hatching is a collection's
        for r in rects:
            by_style.setdefault(style_of.get(r.topic, Style(NONE_COLOUR)), []).append(
                (r.left, r.left + r.width, r.depth))
        outlined = len(rects) < 400  # white edges between the boxes of small trees
        for style, boxes in by_style.items():
            left, right, depth = np.array(boxes, dtype=float).T
            corners = np.stack([np.stack([left, depth - 0.45], 1), np.stack([right, depth - 0.45], 1),
                                np.stack([right, depth + 0.45], 1), np.stack([left, depth + 0.45], 1)], 1)
            look = {"facecolors": style.colour, "edgecolors": "white" if outlined else "none", "linewidths": 0.4,
                    "hatch": style.hatch or None, "rasterized": len(rects) > 2000}  # huge trees: a bitmap in the SVG
            if outlined:  # each box filled, then outlined, in turn
                ax.add_collection(PolyCollection(corners, **look))
            else:  # one path: one SVG element instead of one per comment; snapped as the boxes were (same pixels)
                ax.add_collection(PathCollection([Shape.make_compound_path_from_polys(corners)], snap=True, **look))
        ax.set_xlim(0, max((r.left + r.width for r in rects), default=1))
        self._icicle_axes(fig, ax, name, title, max_depth, "comments (width = size of the subthread)",
                          {r.topic for r in rects})

    def _icicle_axes(self, fig, ax, name: str, title: str, max_depth: int, xlabel: str, drawn: set) -> None:
        """The icicle's axes and legend: every topic and ``none`` (the same key on every tree), a label counted
        apart (pingback, deleted, editorial_note, unpublished) only where a box of it is ``drawn``."""
        from matplotlib.patches import Patch

        from matplotlib.ticker import MaxNLocator

        from comments.analyses.topic_stats import SET_APART

        ax.set_ylim(max_depth + 0.6, -0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # comments are counted: no tick at 2.5
        step = max(1, (max_depth + 1) // 12)
        ax.set_yticks(range(0, max_depth + 1, step))
        ax.set(title=_short(title, 90), xlabel=xlabel, ylabel="depth")
        ax.legend(handles=[Patch(facecolor=s.colour, hatch=s.hatch or None, edgecolor="white", label=t)
                           for t, s in styles(self.topics).items() if t not in SET_APART or t in drawn], fontsize=8,
                  bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False, title="first topic")
        self.save(fig, name, title)

    def _icicle_raster(self, fig, ax, name: str, title: str, raster, max_depth: int) -> None:
        """A sampled icicle (:class:`comments.analyses.structure.Raster`) as one image:
        a bounded picture for any tree size; the axis label carries the raster's note."""
        import numpy as np
        from matplotlib.colors import to_rgb

        rgb = {t: to_rgb(c) for t, c in self.topics.items()}
        blank, other = (1.0, 1.0, 1.0), to_rgb(NONE_COLOUR)
        image = np.array([[blank if t is None else rgb.get(t, other) for t in row] for row in raster.cells])
        ax.imshow(image, aspect="auto", interpolation="nearest", extent=(0, raster.width, max_depth + 0.5, -0.5))
        ax.set_xlim(0, raster.width)
        ax.grid(False)
        self._icicle_axes(fig, ax, name, title, max_depth, f"comments (width = size of the subthread; {raster.note})",
                          {t for row in raster.cells for t in row})


    def rank_sizes(self, name: str, title: str, caption: str, sizes: dict[str, list[int]], xlabel: str,
                   ylabel: str) -> None:
        """Sizes per site against their rank, largest first, on log–log axes labelled 1, 2, 5, 10 …"""
        from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator

        fig, ax = self.subplots(figsize=(7.5, 4.4))
        style_of = styles(self.sites)
        for site in self.site_order(sizes):
            values = sizes[site]
            data = sorted(values, reverse=True)
            if data:
                ranks = rank_sample(len(data))
                style = style_of[site]
                ax.plot([r + 1 for r in ranks], [data[r] for r in ranks], marker=style.marker, markersize=3,
                        linestyle=style.linestyle, label=site, color=style.colour)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel, xscale="log", yscale="log")
        drawn = sorted({v for values in sizes.values() for v in values if v > 0})
        for axis in (ax.xaxis, ax.yaxis):  # 1, 2, 5, 10, 20 … instead of 6×10⁰
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
        if 1 < len(drawn) <= MAX_TICKS:  # few sizes (1 to 4 comments): a tick at each, not at 1 and 2 only
            ax.yaxis.set_major_locator(FixedLocator(drawn))
        if any(sizes.values()):  # beside the axes: inside, 13 sites' legend covered the lines
            _legend(ax, fontsize=9, bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
        self.save(fig, name, caption)

    def scatter_means(self, name: str, title: str, caption: str, points: list[tuple[int, float, str]], xlabel: str,
                      ylabel: str, limit: int = 3000) -> None:
        """(x, y, site) points (at most ``limit`` drawn, thinned deterministically) with
        each site's mean y per x as a line."""
        from matplotlib.ticker import MaxNLocator

        fig, ax = self.subplots(figsize=(7.5, 4.4))
        sample = points if len(points) <= limit else points[:: len(points) // limit + 1]
        drawn: dict[str, tuple[list, list]] = {}
        for x, y, site in sample:
            xs_, ys_ = drawn.setdefault(site, ([], []))
            xs_.append(x)
            ys_.append(y)
        by_site: dict[str, dict[int, list[float]]] = {}  # site → x → its ys, in point order (one pass)
        for x, y, site in points:
            by_site.setdefault(site, {}).setdefault(x, []).append(y)
        style_of = styles(self.sites)
        for site in self.site_order(by_site):
            style = style_of.get(site, Style(NONE_COLOUR))
            ax.scatter(*drawn.get(site, ([], [])), alpha=0.25, s=12, color=style.colour, marker=style.marker)
            means = by_site[site]
            xs = sorted(means)
            ax.plot(xs, [sum(means[x]) / len(means[x]) for x in xs], marker=style.marker, linestyle=style.linestyle,
                    color=style.colour, label=f"{site} (mean)")
        # the legend beside narrows the axes to about 40 bold characters: a longer title wraps, not over the y label
        ax.set(title=_short(title, 36, 3), xlabel=xlabel, ylabel=ylabel)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        whole_ticks(ax, [x for x, _, _ in sample])
        if points:
            _legend(ax, fontsize=9, bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
        self.save(fig, name, caption)


SUFFIXES = ("png", "svg")
MAX_TICKS = 12  # labelled ticks on a line chart's x axis
#: Inches of the widest grouped-bar chart drawn across: a page (about 1,050 pixels) shows a wider
#: one shrunk below two thirds, its 11-point labels under 7 points.
MAX_WIDTH = 13.0


def draw(fig, folder: Path, name: str) -> None:
    """A finished figure laid out and saved as ``name``.png and ``name``.svg in ``folder``:
    one draw per file. tight_layout leaves a placeholder layout engine, for which savefig
    first draws the whole figure without output; the layout is done, so the engine goes.
    (The SVG's draw without output at 72 dpi only changed the last bits of some clip boxes,
    and so the ids hashed from them: the same picture, about a third less SVG time.)"""
    import warnings

    visible(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.tight_layout()
        if unclash(fig):  # rotated labels are taller: lay the figure out again
            fig.tight_layout()
    with warnings.catch_warnings():  # one per glyph and chart: the report's one note says it (glyph_note)
        warnings.filterwarnings("ignore", message=GLYPH_WARNING)
        box = tight_box(fig)
        fig.set_layout_engine(None)
        for suffix in SUFFIXES:
            fig.savefig(folder / f"{name}.{suffix}", bbox_inches=box,
                        metadata={"Date": None} if suffix == "svg" else None)


#: matplotlib's warning for a character its font cannot draw (drawn as an empty box).
GLYPH_WARNING = r"Glyph \d+ .* missing from font"
#: The charts' font (:func:`_plt`): DejaVu Sans, shipped with matplotlib, on every machine the same.
FONT = "DejaVu Sans"


@cache
def _font_chars() -> frozenset[int]:
    """The code points :data:`FONT` (regular and bold: titles) has a glyph for."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    chars = None
    for weight in ("normal", "bold"):
        path = font_manager.findfont(font_manager.FontProperties(family=FONT, weight=weight), fallback_to_default=False)
        found = set(FT2Font(path).get_charmap())
        chars = found if chars is None else chars & found
    return frozenset(chars or ())


def unglyphed(fig) -> set[str]:
    """The characters of ``fig``'s texts (titles, labels, legends, category ticks), as
    :func:`visible` will draw them, that :data:`FONT` has no glyph for (a site or title in
    Chinese or Japanese: matplotlib ships no font for them)."""
    from matplotlib.text import Text

    have = _font_chars()
    return {ch for text in fig.findobj(Text) for ch in shown(text.get_text())
            if not ch.isspace() and ord(ch) not in have}


def glyph_note(missing: set[str]) -> str | None:
    """The one note on the characters no chart could draw (None when there are none)."""
    if not missing:
        return None
    sample = " ".join(sorted(missing)[:8]) + (" …" if len(missing) > 8 else "")
    return (f"the charts' font ({FONT}, the one matplotlib ships) has no glyph for {len(missing):,} "
            f"character{'' if len(missing) == 1 else 's'} of their labels ({sample}): the charts draw "
            f"{'it' if len(missing) == 1 else 'them'} as empty boxes; the tables, Markdown and index.html keep "
            "every character")


def stacked_bars(ax, series: dict[str, list[tuple[float, float]]], style_of: dict[str, Style]) -> None:
    """Shares of a whole (each label's (x, share) points) as stacked bars on 0–1, each as
    wide as the step between the xs so neighbours touch; an x where a share is NaN (nothing
    there to share out: a decile of the thread holding no comment) is left blank instead of
    drawn as share 0 — an area through such points drew a saw-tooth from nothing."""
    xs = sorted({x for pts in series.values() for x, _ in pts})
    width = min((b - a for a, b in zip(xs, xs[1:])), default=1)
    values = {label: dict(pts) for label, pts in series.items()}
    drawn = [x for x in xs if all(v.get(x, 0.0) == v.get(x, 0.0) for v in values.values())]
    bottom = [0.0] * len(drawn)
    for label, v in values.items():
        style = style_of.get(label, Style(NONE_COLOUR))
        heights = [v.get(x, 0.0) for x in drawn]
        ax.bar(drawn, heights, width, bottom=bottom, label=label, color=style.colour, alpha=0.9,
               hatch=style.hatch or None, edgecolor="white" if style.hatch else style.colour, linewidth=0)
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_ylim(0, 1)
    if xs:
        ax.set_xlim(xs[0] - width / 2, xs[-1] + width / 2)


def visible(fig) -> None:
    """Every text the finished ``fig`` draws — titles, axis labels, legends, annotations and
    tick labels (through their formatters, which make them at each draw) — as
    :func:`~comments.text.textsafe.shown` has it: a site or thread name with an escape
    sequence, a bidi override or a zero-width space is drawn with them escaped, so the SVG
    stays well-formed XML and no glyph is missing."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        raw, safe = text.get_text(), shown(text.get_text())
        if safe != raw:
            text.set_text(safe)
    shown_ticks = _shown_formatter()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                if not isinstance(get(), shown_ticks):
                    put(shown_ticks(get()))


@cache
def _shown_formatter():
    """The class of :func:`visible`'s tick formatters (matplotlib imported when a chart is drawn)."""
    from matplotlib.ticker import Formatter

    class Shown(Formatter):
        """Another formatter's tick labels as :func:`~comments.text.textsafe.shown` has them."""

        def __init__(self, inner) -> None:
            self.inner = inner

        def __call__(self, x, pos=None) -> str:
            return shown(self.inner(x, pos))

        def format_ticks(self, values) -> list[str]:
            return [shown(label) for label in self.inner.format_ticks(values)]

        def get_offset(self) -> str:
            return shown(self.inner.get_offset())

        def set_locs(self, locs) -> None:
            self.inner.set_locs(locs)

        def format_data_short(self, value) -> str:
            return shown(self.inner.format_data_short(value))

    return Shown


#: Angles x-axis category labels are turned to, in turn, until none overlaps its neighbour.
ROTATIONS = (30, 45, 90)


def unclash(fig) -> bool:
    """Turn the x-axis tick labels of every axes of the laid-out ``fig`` whose labels overlap
    (measured: their drawn extents, seaborn's ``axis_ticklabels_overlap``) until they do
    not, anchored at their right end so each still ends under its tick; whether any turned.
    Long site names side by side ("kuestenbote.de", "nordsee-nachrichten.de") ran into
    each other on a bar chart's x axis; labels that touch count as overlapping
    (:data:`LABEL_GAP`: "informative" and "questioning" ran together on a heatmap)."""
    turned = False
    for ax in fig.axes:
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()] if ax.axison else []
        for angle in ROTATIONS:
            if len(labels) < 2 or not crowded(labels):
                break
            for label in labels:  # the right end stays under its tick; upright labels centred on it
                label.set(rotation=angle, ha="center" if angle == 90 else "right",
                          rotation_mode="default" if angle == 90 else "anchor")
            turned = True
    return turned


#: Pixels (at the saved resolution) that must separate two neighbouring tick labels.
LABEL_GAP = 6


def crowded(labels) -> bool:
    """Whether any two of the drawn tick ``labels`` overlap or come within :data:`LABEL_GAP`
    pixels of each other (their extents widened by half the gap on each side)."""
    renderer = labels[0].figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer).expanded(1, 1).padded(LABEL_GAP / 2) for t in labels]
    boxes = [b.from_extents(b.x0, b.y0 + LABEL_GAP / 2, b.x1, b.y1 - LABEL_GAP / 2) for b in boxes]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def tight_box(fig):
    """The area ``savefig(bbox_inches="tight")`` saves (padded by ``savefig.pad_inches``),
    measured once, at the PNG's resolution, for both formats (``"tight"`` lays the whole
    figure out again, and draws it without output, for every file)."""
    import matplotlib

    fig.set_dpi(matplotlib.rcParams["savefig.dpi"])
    renderer = fig.canvas.get_renderer()
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return fig.get_tightbbox(renderer).padded(pad, pad)


#: Points drawn per series on log–log rank axes: beyond this, ranks are sampled evenly on the log scale.
RANK_POINTS = 2000


def rank_sample(n: int, limit: int = RANK_POINTS) -> list[int]:
    """Indices (0-based ranks) of ``n`` sorted values to draw: all of them up to ``limit``;
    else ranks evenly spaced on the log axis, the first and last included — the same
    curve on log–log axes, at a size (PNG time, SVG bytes) that does not grow with the corpus."""
    if n <= limit:
        return list(range(n))
    import numpy as np

    return np.unique(np.rint(np.geomspace(1, n, limit)).astype(np.int64) - 1).tolist()


#: Points of a line chart up to which each is labelled with its base (n) (and a top axis gives
#: each x's n); points resting on fewer than ``MIN_BASE`` are left out however many there are
#: (and the title says so).
LABELLED_POINTS = 60
MIN_BASE = 5


def based(series: dict[str, list[tuple[float, float]]], bases: dict[str, list[int]],
          title: str) -> tuple[dict[str, list[tuple]], str]:
    """``series`` with the points whose base is under :data:`MIN_BASE` left out (a break in
    the line; the minimum drift.md's rates keep: 1 of 1 is no 100 % rate) and the title saying
    so; with at most :data:`LABELLED_POINTS` points, each point drawn carries its base (x, y, n)
    to be labelled "n=…"."""
    points = sum(len(pts) for pts in series.values())
    labelled = points <= LABELLED_POINTS
    kept = {k: [(x, y, n if labelled else None) if n is None or n >= MIN_BASE else (x, float("nan"), None)
                for (x, y), n in zip(pts, bases.get(k, [None] * len(pts)))] for k, pts in series.items()}
    dropped = sum(y != y for pts in kept.values() for _, y, _ in pts) - sum(y != y for pts in series.values()
                                                                          for _, y in pts)
    return kept, title + (f" ({dropped:,} {'point' if dropped == 1 else 'points'} on fewer than {MIN_BASE} "
                          "left out)" if dropped else "")


#: Inches per character of a tick label (DejaVu Sans at the theme's 11 pt, a wide average).
CHAR_INCHES = 0.095


def fits_across(ticks: list[str], width_in: float) -> bool:
    """Whether ``ticks`` (lines split by "\\n") fit side by side along an axis of a figure
    ``width_in`` wide (its plotting area about three quarters of it), unturned."""
    if not ticks:
        return True
    longest = max(len(line) for tick in ticks for line in tick.split("\n"))
    return longest * CHAR_INCHES <= 0.75 * width_in / len(ticks) - 0.1


def whole_ticks(ax, xs) -> None:
    """Ticks at the whole x values drawn when there are few (one depth only drew 0.945 …
    1.05): MaxNLocator's integer ticks need a range wider than 1."""
    drawn = sorted({int(x) for x in xs if x == x and float(x).is_integer()})
    if drawn and drawn[-1] - drawn[0] < MAX_TICKS:
        ax.set_xticks(range(drawn[0], drawn[-1] + 1))
        ax.set_xlim(drawn[0] - 0.5, drawn[-1] + 0.5)


def _legend(ax, **options) -> None:
    """A legend when something is labelled (an empty corpus draws no labelled artist)."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**options)


def _wrap_id(name: str, width: int = 12) -> str:
    """A label id on lines of ``width``, broken after its underscores where it must
    ("bootloader_unlocking" → "bootloader_" / "unlocking"), at most three lines."""
    name = shown(name)
    if len(name) <= width:
        return name
    return "\n".join(line.replace("_ ", "_") for line in _short(name.replace("_", "_ "), width, 3).split("\n"))


#: A piece of a name a line may end after: a word and its space, or a run of characters up to and
#: including the dots, slashes, hyphens or underscores before the next piece ("wordpress." "com").
_PIECE = re.compile(r".+?(?: |[./_-]+(?=[^./_-])|$)")


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` characters, broken after a space or after a dot,
    slash, hyphen or underscore ("wpthemetestdata.wordpress." / "com", not "….co" / "m"); a
    piece longer than a line is cut."""
    out, line = [], ""
    for piece in _PIECE.findall(text):
        if len((line + piece).rstrip()) > width and line:
            out.append(line.rstrip())
            line = ""
        while len(piece.rstrip()) > width:
            out.append(piece[:width])
            piece = piece[width:]
        line += piece
    if line.strip():
        out.append(line.rstrip())
    return out


def _short(text: str, width: int = 28, lines: int = 2) -> str:
    """A long name on at most ``lines`` lines of ``width``, cut at a word boundary with "…"
    (measured as drawn: its hidden characters escaped — a heatmap is drawn while it is made,
    before :func:`visible`)."""
    text = " ".join(shown(text).split())
    if len(text) <= width:
        return text
    parts = _wrapped(text, width)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)
