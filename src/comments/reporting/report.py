"""Reports: a Markdown summary in sentences, CSV tables and charts (PNG and SVG) per
question — topics, depth, drift, comparison — and ``index.html`` for all of them.

A report is a list of :class:`Section` s (name, title, summary, tables, charts), each
written from an :class:`comments.analyses.analysis.Analysis`; the Markdown files and
``index.html`` render the same sections.

File names (in ``--out DIR``):

=========  =====================================================================
topics     topics.md; topic_shares_by_site.csv, topic_shares_by_thread.csv,
           tone_shares_by_site.csv, topic_tone.csv, topic_cooccurrence.csv,
           topic_terms.csv, topics_over_time.csv; charts topics_by_site,
           topics_by_thread, topic_tone, topic_cooccurrence, topic_terms,
           topics_over_time
depth      depth.md; depth_by_thread.csv, depth_by_site.csv; charts depth_by_site,
           subthread_sizes, tree_01 … (icicles of the largest threads)
drift      drift.md; drift_edges.csv, drift_by_thread.csv, drift_transitions.csv,
           drift_chains.csv; charts drift_transitions, drift_by_depth,
           drift_slope, drift_along_thread
compare    compare.md; compare_sites.csv, compare_threads.csv, compare_tests.csv,
           compare_words.csv; charts compare_topics, compare_tone,
           compare_structure
all        everything above, plus index.html (self-contained)
=========  =====================================================================
(every report also writes topic_coverage.csv, with its first section)
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from comments import progress as progress_bars
from comments.analyses.analysis import COLUMNS, Analysis, analyse, wanted_parts
from comments.analyses.sentences import misfit_sentence
from comments.analyses.topic_stats import DELETED, NOTE, PINGBACK, UNSHOWN
from comments.classification.taxonomy import Taxonomy
from comments.model.records import TONES
from comments.io import gcpause
from comments.io.atomic import OutputFolder, create
from comments.io.writers import write_table
from comments.model.records import ParsedThread
from comments.reporting import compare_report, empty, sections
from comments.reporting.charts import GLYPH_WARNING, SITE_PALETTE, Charts, colours, glyph_note
from comments.reporting.charts_workers import Writers
from comments.reporting.tables import write_edges
from comments.text.plural import plural

TITLES = {"topics": "Topics", "depth": "Reply depth", "drift": "Topic drift", "compare": "Comparison"}


@dataclass
class Section:
    """One part of a report: its summary (Markdown), the tables (CSV file names) and
    charts ((file stem, title)) it wrote, and reply-tree pictures shown with the trees."""

    name: str
    title: str
    markdown: str = ""
    tables: list[str] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)
    trees: list[tuple[str, str]] = field(default_factory=list)


class Report:
    """One output folder written from an Analysis: shared colours, the sections written
    and every file's name."""

    def __init__(self, analysis: Analysis, out: Path | str, max_threads: int = 20, jobs: int = 1) -> None:
        self.analysis = analysis
        self.by = analysis.by
        self.taxonomy = analysis.taxonomy
        self.topics = analysis.topics
        self.folder = OutputFolder(out)  # written aside, moved in when every file is complete
        self.target = Path(out)
        self.named = os.fspath(out)  # as the user wrote it ("reports/")
        self.out = self.folder.tmp
        self.max_threads = max_threads
        try:  # an error or Ctrl-C before the folder's `with` (matplotlib loads here) leaves no temporary folder
            self.writers = Writers(jobs)  # charts and tables drawn and written in forked processes (-j N)
            self.charts = Charts(self.out, colours([*self.topics, PINGBACK, "none", DELETED, NOTE, UNSHOWN]),
                                 colours(analysis.sites, SITE_PALETTE),
                                 self.writers)  # (pingback, deleted: colours of their own; none keeps its colour)
        except BaseException:
            self.folder.abort()
            raise
        self.tone_colours = colours([*TONES, "none"])
        self.sections: list[Section] = []
        self.tables: list[str] = []
        self._current: Section | None = None
        self._coverage_written = False  # topic_coverage.csv, by the first section naming the fit
        self._trees_from: int | None = None
        self._first_chart = 0  # charts made before the current section

    @property
    def files(self) -> list[str]:
        """The names of the files this report wrote into its folder (once written)."""
        return self.folder.written

    @property
    def removed(self) -> list[str]:
        """Files an earlier report listed in the folder's manifest that this one did not
        write, so removed (a smaller corpus draws fewer reply trees)."""
        return self.folder.removed

    def summary(self, which: str) -> str:
        """The CLI's line about the ``which`` report written (and what it removed)."""
        line = f"{which} report: {len(self.tables)} tables, {len(self.charts.made)} charts in {self.named}"
        if self.removed:
            shown = ", ".join(self.removed[:4]) + (", …" if len(self.removed) > 4 else "")
            line += (f"; removed {plural(len(self.removed), 'file')} of the previous report there that this one "
                     f"does not write ({shown})")
        return line

    def __repr__(self) -> str:
        return (f"<Report {self.named!r}: {plural(len(self.files), 'file')} written, "
                f"{plural(len(self.tables), 'table')}, {plural(len(self.charts.made), 'chart')}, "
                f"sections {', '.join(s.name for s in self.sections) or 'none'}>")

    @property
    def largest(self) -> list[ParsedThread]:
        return self.analysis.largest

    def table(self, name: str) -> None:
        """Write the analysis's table ``name`` as ``name.csv`` into the current section."""
        rows = self.analysis.rows[name]
        if name == "drift_edges" and rows and hasattr(rows, "columns") and "edges" in self.analysis.results:
            edges = self.analysis.results["edges"]
            self._write(name, lambda path: write_edges(path, rows.columns, edges))  # from its columns
            return
        if not rows:
            columns = COLUMNS.get(name, ["empty"])  # the header alone where the schema is fixed
        elif hasattr(rows, "columns"):  # a table made row by row as it is written (analysis.LazyRows)
            columns = rows.columns
        else:
            columns = list(dict.fromkeys(k for r in rows for k in r))
        self._write(name, lambda path: write_table(path, columns, rows))

    def _write(self, name: str, write) -> None:
        """``write(path)`` the table ``name``.csv (now, or by the writers) and list it."""
        path = self.out / f"{name}.csv"
        self.writers.add(lambda: write(path), [path])
        self.tables.append(f"{name}.csv")
        if self._current is not None:
            self._current.tables.append(f"{name}.csv")

    def markdown(self, name: str, text: str) -> None:
        """``name.md``: the section's summary ``text``, ending with why any of its tables
        is empty or its charts left out (reporting/empty.py), then the tables it wrote;
        the section keeps the summary without that list (index.html lists them once, under
        the charts)."""
        listed = text
        if self._current is not None:
            made = [chart for chart, _ in self.charts.made[self._first_chart:]]
            gaps = empty.lines(self.analysis, self._current.name, self._current.tables, made)
            if gaps:
                text = text.rstrip("\n") + "\n\n" + "\n\n".join(gaps) + "\n"
            self._current.markdown = listed = text
            if self._current.tables:
                listed = (text.rstrip("\n") + "\n\nTables: " + ", ".join(f"`{t}`" for t in self._current.tables)
                          + ".\n")
        with create(self.out / f"{name}.md") as handle:
            handle.write(listed)

    def misfit(self, names_topics: bool = True) -> str | None:
        """The sentence saying the taxonomy does not fit (None when it fits; ``names_topics``:
        the section would name a leading topic); the first section that asks writes
        topic_coverage.csv, the table it summarises."""
        self.coverage_table()
        return misfit_sentence(self.analysis.results["misfit"], names_topics, self.analysis.results.get("draft"))

    def coverage_table(self) -> None:
        """topic_coverage.csv, written once, by the first section that asks (every report
        writes it: the base of the taxonomy-fit figures each section may quote)."""
        if not self._coverage_written:
            self.table("topic_coverage")
            self._coverage_written = True

    def begin_trees(self) -> None:
        """Charts drawn from now on in this section are reply-tree pictures."""
        self._trees_from = len(self.charts.made)

    def section(self, name: str, write) -> Section:
        """Run ``write(report, analysis)`` as section ``name``, recording what it wrote."""
        self._current = current = Section(name, TITLES[name])
        first = self._first_chart = len(self.charts.made)
        self._trees_from = None
        write(self, self.analysis)
        made = self.charts.made[first:]
        split = len(made) if self._trees_from is None else self._trees_from - first
        current.charts, current.trees = made[:split], made[split:]
        self.sections.append(current)
        self._current = None
        self.writers.kick()  # this section's files drawn and written while the next is made
        return current

    def topics_report(self) -> None:
        self.section("topics", sections.topics)

    def depth_report(self) -> None:
        self.section("depth", sections.depth)

    def drift_report(self) -> None:
        self.section("drift", sections.drift)

    def compare_report(self) -> None:
        self.section("compare", compare_report.write)


def write_report(analysis: Analysis, out, parts=("all",), max_threads: int = 20,
                 progress: bool | None = None, jobs: int = 1) -> Report:
    """Write the report ``parts`` (``all``, or some of topics, depth, drift, compare) of
    ``analysis`` into the folder ``out`` (files moved in only when all are complete);
    ``all`` adds index.html; ``jobs`` > 1: charts and tables also drawn and written in
    forked processes (the same bytes)."""
    names = wanted_parts(parts)
    missing = [p for p in names if p not in analysis.parts]
    if missing:
        raise ValueError(f"the analysis has no {missing[0]} part: analyse(..., parts=...) with it")
    report = Report(analysis, out, max_threads, jobs)
    with report.folder, gcpause.frozen(), warnings.catch_warnings():  # (gc: the analysis is not scanned by
        warnings.filterwarnings("ignore", message=GLYPH_WARNING)  # every collection; glyphs: one note, below)
        try:
            with progress_bars.task("Writing report", total=len(names), enabled=progress) as advance:
                for part in names:
                    getattr(report, f"{part}_report")()
                    advance(1)
            page = None
            if names == list(analysis.parts) and len(names) == 4:  # index.html, made while the charts are drawn
                from comments.reporting.html_report import prepare

                page = prepare(report)
            report.writers.finish()
        finally:
            report.writers.close()
        if page is not None:
            from comments.reporting.html_report import write_index

            write_index(report, page)
    note = glyph_note(report.charts.missing)
    if note:  # once per report, not once per glyph and chart as matplotlib warns
        warnings.warn(note, UserWarning, stacklevel=2)
    return report


def run(threads: list[ParsedThread], taxonomy: Taxonomy, out: Path | str, which: str, max_threads: int = 20,
        by: str = "site", progress: bool | None = None, jobs: int = 1) -> Report:
    """Write one report (``topics``, ``depth``, ``drift``, ``compare``) or ``all`` (+ index.html)."""
    analysis = analyse(threads, taxonomy=taxonomy, parts=(which,), by=by, max_threads=max_threads,
                       progress=progress)
    return write_report(analysis, out, (which,), max_threads, progress, jobs)
