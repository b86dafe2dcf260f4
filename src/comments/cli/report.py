"""``comments report …``, ``comments compare`` and ``comments taxonomy suggest``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from comments.cli.common import (
    CORES, Adapt, Column, Command, Debug, EngineName, Follow, Format, Group, Inputs, Jobs, MaxInput, ModelDir, Pseudo, Quiet, Salt,
    Scheduler, Site, Taxonomy, check_inputs, check_model, check_out, err, finish, guard, load, load_taxonomy, nothing_read,
    reading_options, tell,
)
from comments.cli.parse import check_engine, dask
from comments.text.textsafe import term_lines

app = typer.Typer(cls=Group)
report_app = typer.Typer(cls=Group, help="Reports: Markdown summary, CSV tables and charts (PNG, SVG) in --out DIR.",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")
taxonomy_app = typer.Typer(cls=Group, help="Taxonomies for --taxonomy: draft one from a corpus's own topics.",
                           no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy")

OutDir = Annotated[str, typer.Option("--out", "-o", help="Folder to write the report into (created if needed).")]
MaxThreads = Annotated[int, typer.Option("--max-threads", min=1, help="Reply trees drawn and listed for at most this many of the largest threads.")]
By = Annotated[str, typer.Option("--by", metavar="site|thread", help="What the comparison compares: site (threads resampled) or thread "
                                          "(comments resampled; for sites with too few threads).")]


def _report(which: str, inputs, out, taxonomy, model, adapt, max_threads, jobs, fmt, site, column, pseudonymize,
            salt, debug, quiet, max_input_size=None, follow_symlinks=False, by: str = "site",
            scheduler: str | None | bool = False) -> None:
    """Shared by the report commands: read, classify by the API's rule, write (on Dask
    unless ``scheduler`` is False: None there is a local cluster of ``jobs`` workers)."""
    from comments.api.learning import classify
    from comments.reporting import report as reporting

    if by not in ("site", "thread"):
        raise typer.BadParameter(f"{by!r} is not one of: site, thread", param_hint="--by")
    check_inputs(inputs)
    check_out(out, inputs)
    tax = load_taxonomy(taxonomy)
    check_model(model)
    if scheduler is not False:
        with guard(debug):  # the API's rule: an explicit --taxonomy re-classifies too
            dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, jobs, tax, model,
                 taxonomy is not None, report={"which": which, "by": by, "max_threads": max_threads})
        return
    with guard(debug):
        if not (adapt or pseudonymize or "-" in inputs) and _streamed(
                which, inputs, out, taxonomy, tax, model, max_threads, jobs, fmt, site, column, quiet, max_input_size,
                follow_symlinks, by):
            return
        corpus = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        nothing_read(corpus, quiet)
        corpus = classify(corpus, tax if taxonomy else None, model, adapt, jobs, progress=False if quiet else None,
                          keep_scores=False, copy=False)
        made = reporting.run(corpus.threads, tax, out, which, max_threads, by, jobs=jobs)
        if not quiet:
            err(made.summary(which))
        finish(corpus, quiet)


def _streamed(which, inputs, out, taxonomy, tax, model, max_threads, jobs, fmt, site, column, quiet, max_input_size,
              follow_symlinks, by) -> bool:
    """The report from inputs read one thread at a time (comments.analyses.stream);
    False when a thread comes in pieces: the caller reads the corpus whole."""
    from comments.analyses.stream import Request, analyse_inputs
    from comments.api.corpus import Corpus
    from comments.reporting.report import write_report

    cols, limit = reading_options(fmt, site, column, max_input_size)
    request = Request(list(inputs), fmt, site, cols, limit, follow_symlinks, classify=bool(taxonomy or model),
                      classify_taxonomy=tax if taxonomy else None, model=model, jobs=jobs)
    done = analyse_inputs(request, tax, (which,), by, max_threads, progress=False if quiet else None)
    if done is None:
        return False
    analysis, result = done
    corpus = Corpus(result)
    tell(corpus, quiet)
    nothing_read(corpus, quiet)
    made = write_report(analysis, out, (which,), max_threads, jobs=jobs)
    if not quiet:
        err(made.summary(which))
    finish(corpus, quiet)
    return True


def _report_command(which: str, doc: str):
    def command(
        inputs: Inputs, out: OutDir, taxonomy: Taxonomy = None, model: ModelDir = None, adapt: Adapt = False,
        max_threads: MaxThreads = 20, jobs: Jobs = CORES, fmt: Format = None, site: Site = None,
        column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None, debug: Debug = False,
        quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False, by: By = "site",
        engine: EngineName = "local", scheduler: Scheduler = None,
    ) -> None:
        on_dask = check_engine(engine, inputs, None, pseudonymize, adapt)
        _report(which, inputs, out, taxonomy, model, adapt, max_threads, jobs, fmt, site, column, pseudonymize,
                salt, debug, quiet, max_input_size, follow_symlinks, by, scheduler if on_dask else False)

    command.__doc__ = doc
    return command


report_app.command("topics", cls=Command)(_report_command(
    "topics", "Topic shares per thread and site, topic × tone, co-occurrence, characteristic terms, topics over time."))
report_app.command("depth", cls=Command)(_report_command(
    "depth", "Reply depth per thread and site: depth histogram, width, branching, h-index, structural virality."))
report_app.command("drift", cls=Command)(_report_command(
    "drift", "Topic drift: reply edges, topic transitions, stickiness, drift by depth and slope, drifting chains."))
report_app.command("all", cls=Command)(_report_command(
    "all", "Everything above plus the comparison, and DIR/index.html."))
app.command("compare", cls=Command)(_report_command(
    "compare", "Cross-site (--by site) or cross-thread (--by thread) comparison: structure, topic and tone mixes "
               "(permutation tests, Benjamini–Hochberg, Cohen's w), bootstrap intervals, distinguishing words."))


@taxonomy_app.command("suggest", cls=Command)
def taxonomy_suggest(
    inputs: Inputs,
    out: Annotated[str, typer.Option("--out", "-o", help="The taxonomy TOML to write (- for stdout).")],
    topics: Annotated[Optional[int], typer.Option("--topics", min=2, help="Exactly this many topics (default: chosen in 5–15 at the elbow of explained variance, at most one per 5 substantive comments; more than suggest can draft is an error naming the most it can).")] = None,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Discover the corpus's own topics and write an editable taxonomy TOML."""
    from comments.api.views import suggest_taxonomy
    from comments.classification.suggest import MAX_TOPICS, SuggestError

    if topics is not None and topics > MAX_TOPICS:  # checked here, not by typer: suggest imports numpy
        raise typer.BadParameter(f"{topics} is more than the {MAX_TOPICS} topics suggest can draft.",
                                 param_hint="'--topics'")
    check_out(out, inputs)
    check_inputs(inputs)
    with guard(debug):
        corpus = load(inputs, fmt, site, column, pseudonymize, salt, quiet)
        nothing_read(corpus, quiet)
        try:
            draft = suggest_taxonomy(corpus, out, topics)
        except SuggestError as exc:  # (an unwritable OUT is an OutputError, reported by guard)
            err(f"error: taxonomy suggest: {exc}")
            raise typer.Exit(1) from None
        if not quiet:
            err(term_lines(draft.summary(out)))
        finish(corpus, quiet)
