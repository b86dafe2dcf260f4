"""The ``comments`` command line (Typer). Heavy libraries are imported inside the
commands that need them, so ``comments --help`` stays instant."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from comments import __version__
from comments.text.textsafe import term, term_lines

app = typer.Typer(
    name="comments",
    help="Reader-comment discourse analyzer: reply trees, topics, tone and drift of comment sections.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FORMAT_NAMES = (
    "parquet", "wxr", "disqus", "wordpress-json", "reddit", "hackernews", "convokit", "jsonl", "staticman",
    "wordpress-html", "csv", "json", "plaintext",
)

Inputs = Annotated[list[str], typer.Argument(help="Files, directories (read recursively) or - for stdin.")]
Format = Annotated[Optional[str], typer.Option("--format", "-f", help="Input format (default: detected). One of: " + ", ".join(FORMAT_NAMES) + ".")]
Site = Annotated[Optional[list[str]], typer.Option(
    "--site", metavar="NAME[=PATH]", help="Site name where the source names none: NAME for every input, NAME=PATH (repeatable) for one "
                   "input file or every file under a folder.")]
Column = Annotated[Optional[list[str]], typer.Option("--column", help="FIELD=NAME: read FIELD (id, parent_id, thread_id, text, author, created_at, …) from column NAME of CSV/JSONL input.")]
Pseudo = Annotated[bool, typer.Option("--pseudonymize", help="Replace authors (and their names in texts, e-mail addresses) by salted hashes.")]
Salt = Annotated[Optional[str], typer.Option("--salt", envvar="COMMENTS_SALT", help="Salt for --pseudonymize (default: $COMMENTS_SALT, else random).")]
Debug = Annotated[bool, typer.Option("--debug", help="Show Python tracebacks.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or notes on stderr.")]
MaxInput = Annotated[Optional[str], typer.Option("--max-input-size", metavar="SIZE", help="Largest decompressed whole document (JSON, XML, HTML, YAML) read, e.g. 512M, 2G (default 2G); line formats (NDJSON, CSV) are streamed, capped at 64 MiB per line.")]
Follow = Annotated[bool, typer.Option("--follow-symlinks", help="Read symlinks inside input folders (default: skipped with a note; loops are cut).")]
# --- engine options (issue 13) ---
EngineName = Annotated[str, typer.Option("--engine", help="local (this machine, the default) or dask (a Dask cluster; pip install 'comments[dask]').")]
Scheduler = Annotated[Optional[str], typer.Option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", metavar="ADDRESS", help="With --engine dask: the scheduler of an existing cluster (default: $DASK_SCHEDULER_ADDRESS, else a local cluster).")]
Workers = Annotated[int, typer.Option("--jobs", "--workers", "-j", min=1, help="Worker processes (classification; with --engine dask, the local cluster's workers). Default: all cores.")]


def _check_engine(engine: str, inputs: list[str], out: str | None = None, pseudonymize: bool = False,
                  adapt: bool = False, unsupported: str | None = None) -> bool:
    """Is this a Dask run? Combinations the Dask engine cannot do yet are usage errors (exit 2)."""
    from comments.engine import ENGINES

    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r} is not one of: {', '.join(ENGINES)}", param_hint="--engine")
    if engine == "local":
        return False
    table = out in (None, "-") or Path(out).suffix in (".jsonl", ".csv", ".parquet")
    refused = {unsupported: unsupported is not None, "- (stdin)": "-" in inputs, "--pseudonymize": pseudonymize,
               "--adapt": adapt, "a ConvoKit output": not table}
    what = next((name for name, hit in refused.items() if hit), None)
    if what is not None:
        raise typer.BadParameter(f"{what} is not yet supported with --engine dask", param_hint="--engine")
    return True


def _dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, workers,
          taxonomy=None, model=None, classify=False) -> None:
    """parse or classify on a Dask cluster (comments.engine): same records as the local engine."""
    from comments.engine import EngineError
    from comments.engine.run import Request, run

    if fmt is not None and fmt not in FORMAT_NAMES:
        raise typer.BadParameter(f"{fmt!r} is not one of: {', '.join(FORMAT_NAMES)}", param_hint="--format")
    _sites(site)  # malformed --site values are usage errors before any work
    request = Request(list(inputs), out, fmt, site, _columns(column), _max_input(max_input_size), follow_symlinks,
                      classify, taxonomy, model, scheduler, workers)
    try:
        result = run(request, sys.stdout)
    except EngineError as exc:
        _err(f"error: --engine dask: {term(exc)}")
        raise typer.Exit(2) from None
    for line in result.errors:
        _err(f"error: {term(line)}")
    if not quiet:
        for line in result.notes:
            _err(f"note: {term(line)}")
    _finish(result, quiet)
# --- end engine options ---


def _err(message: str) -> None:
    """A message on stderr; controls, escape sequences and bidi overrides from file names
    and data are shown escaped (textsafe.term), only our own line breaks are kept."""
    print(term_lines(message), file=sys.stderr)


def _version(value: bool) -> None:
    if value:
        print(f"comments {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Reader-comment discourse analyzer."""


def _columns(values: list[str] | None) -> dict[str, str]:
    out = {}
    for value in values or []:
        if "=" not in value:
            raise typer.BadParameter(f"expected FIELD=NAME, got {value!r}", param_hint="--column")
        key, name = value.split("=", 1)
        out[key.strip()] = name.strip()
    return out


def _max_input(value: str | None) -> int:
    from comments.io.streams import DEFAULT_MAX_INPUT, parse_size

    try:
        return parse_size(value) if value is not None else DEFAULT_MAX_INPUT
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--max-input-size") from None


def load(inputs: list[str], fmt: str | None, site: list[str] | None, column: list[str] | None, pseudonymize: bool,
         salt: str | None, quiet: bool, max_input_size: str | None = None, follow_symlinks: bool = False):
    """Shared by every command that reads inputs: read, repair, report problems."""
    from comments.io.pipeline import read_inputs

    if fmt is not None and fmt not in FORMAT_NAMES:
        raise typer.BadParameter(f"{fmt!r} is not one of: {', '.join(FORMAT_NAMES)}", param_hint="--format")
    columns = _columns(column)
    limit = _max_input(max_input_size)
    site = _sites(site)
    progress = _progress(len(inputs)) if not quiet else None
    try:
        result = read_inputs(inputs, fmt=fmt, site=site, columns=columns, progress=progress, max_input_size=limit,
                             follow_symlinks=follow_symlinks)
    finally:
        if progress is not None:
            progress.close()
    if pseudonymize:
        from comments.io.pseudonymize import pseudonymize as apply

        if not salt:
            salt = secrets.token_hex(16)
            _err("warning: --pseudonymize without --salt or COMMENTS_SALT: a random salt was used, "
                 "so pseudonyms differ between runs")
        apply(result.threads, salt)
    for line in result.errors:
        _err(f"error: {term(line)}")
    if not quiet:
        for line in result.notes:
            _err(f"note: {term(line)}")
    return result


class _progress:
    """A progress line on stderr for long runs when stderr is a terminal."""

    def __init__(self, n: int) -> None:
        self.enabled = sys.stderr.isatty()
        self.count = 0

    def __call__(self, item: str) -> None:
        self.count += 1
        if self.enabled:
            print(f"\rreading {self.count}: {term(item)[-60:]:<60}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self.count:
            print("\r" + " " * 80 + "\r", end="", file=sys.stderr, flush=True)


def _finish(result, quiet: bool) -> None:
    if not quiet:
        _err(result.summary())
    if result.errors:
        raise typer.Exit(1)


@app.command()
def parse(
    inputs: Inputs,
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to .jsonl, .csv, .parquet, or a ConvoKit folder (.convokit or an existing directory); default: JSON Lines on stdout.")] = None,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False,
    engine: EngineName = "local", scheduler: Scheduler = None, workers: Workers = os.cpu_count() or 1,
) -> None:
    """Thread and comment records (JSON Lines on stdout, or OUT)."""
    from comments.io import writers

    if out not in (None, "-") and not (Path(out).suffix in writers.FORMATS or out.endswith((".convokit", "/"))
                                       or Path(out).is_dir()):
        raise typer.BadParameter("use .jsonl, .csv, .parquet, or a folder (.convokit) for ConvoKit", param_hint="--out")
    if _check_engine(engine, inputs, out, pseudonymize):
        with _guard(debug):
            _dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, workers)
        return
    with _guard(debug):
        if _fast_parse(inputs, out, fmt, site, column, pseudonymize, quiet):
            return
        result = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        writers.write(result.threads, out, sys.stdout)
        _finish(result, quiet)


def _sites(values: list[str] | None):
    """``--site`` values checked before any input is read."""
    from comments.io.sites import SiteError, Sites

    try:
        return Sites.parse(values)
    except SiteError as exc:
        raise typer.BadParameter(str(exc), param_hint="--site") from None


def _fast_parse(inputs, out, fmt, site, column, pseudonymize, quiet) -> bool:
    """One generic JSONL dump to Parquet, JSONL or CSV: the columnar path (same records, much faster)."""
    if len(inputs) != 1 or out is None or not out.endswith((".parquet", ".jsonl", ".csv")) or pseudonymize \
            or inputs[0] == "-":
        return False
    from comments.io import fastpath
    from comments.io.sources import Source

    path = Path(inputs[0])
    columns = _columns(column)
    if not fastpath.is_generic_jsonl(path, fmt, columns):
        return False
    try:
        summary = fastpath.parse_to_parquet(path, Path(out), _sites(site).for_path(path, inputs[0]), Source(inputs[0], b"", path).stem, columns,
                                            inputs[0])
    except Exception:  # noqa: BLE001 - not eligible, or a bad record: the general path reads it and names file and line
        return False
    if not quiet:
        if summary.repeated:
            _err(f"note: {inputs[0]}: {summary.repeated} repeated rows (same id and content as an earlier row) read once")
        repairs = ", ".join(f"{n} {name}" for name, n in sorted(summary.flags.items()))
        _err(f"{summary.threads} threads; {summary.comments} comments; " + (f"repairs: {repairs}" if repairs else "no repairs"))
    return True


@app.command()
def tree(
    inputs: Inputs,
    max_depth: Annotated[int, typer.Option(min=1, help="Collapse replies deeper than this.")] = 12,
    max_children: Annotated[int, typer.Option(min=1, help="Show at most this many replies per comment.")] = 20,
    width: Annotated[Optional[int], typer.Option(min=40, help="Line width (default: terminal width).")] = None,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False,
) -> None:
    """Print each thread's reply tree."""
    from comments.reporting.treeview import render

    with _guard(debug):
        result = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        cols = width or shutil.get_terminal_size((100, 24)).columns
        for i, pt in enumerate(result.threads):
            if i:
                print()
            print("\n".join(render(pt, max_depth=max_depth, max_children=max_children, width=cols)))
        _finish(result, quiet)


Taxonomy = Annotated[Optional[str], typer.Option("--taxonomy", help="Topic taxonomy TOML (default: the shipped Xiaomi-lock taxonomy).")]
ModelDir = Annotated[Optional[str], typer.Option("--model", help="A model folder made by `comments train`.")]
Adapt = Annotated[bool, typer.Option("--adapt", help="Also learn topics from this corpus (seed terms as weak labels); results then depend on the whole run.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for classification (default: all cores).")]


def _bad_option(option: str, exc: Exception) -> None:
    """A file given with an option that cannot be used: one line, exit 2 (a bad option value)."""
    _err(f"error: {option}: {term(exc)}")
    raise typer.Exit(2)


def _load_taxonomy(path: str | None):
    from comments.classification.taxonomy import TaxonomyError, load as load_taxonomy

    try:
        return load_taxonomy(path)
    except TaxonomyError as exc:
        _bad_option("--taxonomy", exc)


def _check_model(path: str | None) -> None:
    if path is None:
        return
    from comments.classification.learn import TextModel
    try:
        TextModel.load(path)
    except ValueError as exc:
        _bad_option("--model", exc)


@app.command()
def classify(
    inputs: Inputs,
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to .jsonl, .csv or .parquet (default: JSON Lines on stdout).")] = None,
    taxonomy: Taxonomy = None, model: ModelDir = None, adapt: Adapt = False, jobs: Workers = os.cpu_count() or 1,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False,
    engine: EngineName = "local", scheduler: Scheduler = None,
) -> None:
    """The parse records, comments with language, topics, topic_scores, tone, tone_scores and polarity."""
    from comments.io import writers
    from comments.classification.classify import classify as run_classify

    if out not in (None, "-") and Path(out).suffix not in writers.FORMATS:
        raise typer.BadParameter("use .jsonl, .csv or .parquet", param_hint="--out")
    dask = _check_engine(engine, inputs, out, pseudonymize, adapt)
    tax = _load_taxonomy(taxonomy)
    _check_model(model)
    if dask:
        with _guard(debug):
            _dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, jobs,
                  tax, model, classify=True)
        return
    with _guard(debug):
        result = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        run_classify(result.threads, tax, adapt=adapt, model=model, jobs=jobs)
        writers.write(result.threads, out, sys.stdout)
        _finish(result, quiet)


@app.command()
def evaluate(
    inputs: Annotated[list[str], typer.Argument(help="Comments (raw dump, or parse/classify output).")],
    gold: Annotated[str, typer.Option("--gold", help="CSV with id (or position), topics, tone: ;-separated label ids.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    taxonomy: Taxonomy = None, model: ModelDir = None, adapt: Adapt = False,
    fmt: Format = None, site: Site = None, column: Column = None, debug: Debug = False, quiet: Quiet = False,
    max_input_size: MaxInput = None, follow_symlinks: Follow = False,
) -> None:
    """Precision, recall and F1 per label, and micro/macro F1, against hand labels."""
    import json

    from comments.classification.classify import classify as run_classify
    from comments.classification.evaluate import GoldError, averages, evaluate as score, read_gold

    try:
        rows = read_gold(gold)
    except GoldError as exc:
        raise typer.BadParameter(str(exc), param_hint="--gold") from None
    tax = _load_taxonomy(taxonomy)
    _check_model(model)
    with _guard(debug):
        result = load(inputs, fmt, site, column, False, None, quiet, max_input_size, follow_symlinks)
        comments = result.comments
        if not all(c.classified for c in comments):
            run_classify(result.threads, tax, adapt=adapt, model=model)
        scores, unmatched = score(comments, rows)
        if unmatched:
            _err(f"warning: {len(unmatched)} gold rows match no comment: {', '.join(unmatched[:10])}")
        report = {}
        for kind in ("topics", "tone"):
            part = [s for s in scores if s.kind == kind]
            report[kind] = {"labels": {s.label: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                                                 "f1": round(s.f1, 4), "support": s.support} for s in part},
                            **{k: round(v, 4) for k, v in averages(part).items()}}
        if as_json:
            print(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            for kind in ("topics", "tone"):
                print(f"{kind:<22}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
                for label, v in report[kind]["labels"].items():
                    print(f"  {label:<20}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>10.3f}{v['support']:>10}")
                print(f"  {'micro F1':<20}{'':>20}{report[kind]['micro_f1']:>10.3f}")
                print(f"  {'macro F1':<20}{'':>20}{report[kind]['macro_f1']:>10.3f}")
        _finish(result, True)


@app.command()
def train(
    data: Annotated[str, typer.Option("--data", help="CSV with a text column and 0/1 label columns.")],
    kind: Annotated[str, typer.Option("--kind", help="topics or tone: which scores the model replaces in classify.")],
    out: Annotated[str, typer.Option("--out", help="Folder to write the model to.")],
    text_column: Annotated[str, typer.Option("--text-column", help="The text column.")] = "text",
    label: Annotated[Optional[list[str]], typer.Option("--label", help="COLUMN[=NAME]: a 0/1 label column, renamed (repeatable; default: every other numeric 0/1 column).")] = None,
    language: Annotated[str, typer.Option("--language", help="de or en (stemming and stop words).")] = "de",
    folds: Annotated[int, typer.Option(min=2, max=20, help="Cross-validation folds.")] = 5,
    base: Annotated[Optional[str], typer.Option("--base", help="default: add the shipped tone model's training rows to yours (a source checkout with ../shared/corpora; --kind tone).")] = None,
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Fit a topic or tone model from labelled comments; prints cross-validated F1 per label."""
    if kind not in ("topics", "tone"):
        raise typer.BadParameter("must be topics or tone", param_hint="--kind")
    if base not in (None, "default") or (base and kind != "tone"):
        raise typer.BadParameter("only `default` (with --kind tone)", param_hint="--base")
    if language not in ("de", "en"):
        raise typer.BadParameter("must be de or en", param_hint="--language")
    with _guard(debug):
        from comments.classification.training_data import TrainingDataError, read_training_csv

        try:
            texts, labels = read_training_csv(data, text_column, label or [])
        except TrainingDataError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1) from None
        from comments.classification.learn import train as fit

        progress = (lambda m: _err(f"  {m}")) if not quiet else None
        groups = None
        if base == "default":  # user rows added to the shipped model's (each comment in its own language)
            from comments.classification.learn import with_default_rows

            try:
                texts, labels, groups = with_default_rows(texts, labels)
            except ValueError as exc:
                _err(f"error: {exc}")
                raise typer.Exit(1) from None
            language = "auto"
        model, reports = fit(texts, labels, kind, language, folds, progress, groups)
        model.save(Path(out))
        print(f"{'label':<24}{'positives':>10}{'F1 (positive)':>15}{'macro F1':>10}{'threshold':>11}")
        for r in reports:
            print(f"{r.label:<24}{r.positives:>10}{r.f1_positive:>15.3f}{r.macro_f1:>10.3f}{r.threshold:>11.3f}")
        if not quiet:
            _err(f"{len(texts)} comments, {folds}-fold cross-validation; model written to {out}")


report_app = typer.Typer(help="Reports: Markdown summary, CSV tables and charts (PNG, SVG) in --out DIR.",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")

OutDir = Annotated[str, typer.Option("--out", "-o", help="Folder to write the report into (created if needed).")]
MaxThreads = Annotated[int, typer.Option("--max-threads", min=1, help="Reply trees drawn and listed for at most this many of the largest threads.")]


By = Annotated[str, typer.Option("--by", metavar="site|thread", help="What the comparison compares: site (threads resampled) or thread "
                                          "(comments resampled; for sites with too few threads).")]


def _report(which: str, inputs, out, taxonomy, model, adapt, max_threads, jobs, fmt, site, column, pseudonymize,
            salt, debug, quiet, max_input_size=None, follow_symlinks=False, by: str = "site") -> None:
    """Shared by the report commands: read, classify unless already classified, write."""
    from comments.reporting import report as reporting
    from comments.classification.classify import classify as run_classify

    if by not in ("site", "thread"):
        raise typer.BadParameter(f"{by!r} is not one of: site, thread", param_hint="--by")
    tax = _load_taxonomy(taxonomy)
    _check_model(model)
    with _guard(debug):
        result = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        comments = result.comments
        if not comments or not all(c.classified for c in comments) or model or adapt:
            run_classify(result.threads, tax, adapt=adapt, model=model, jobs=jobs, keep_scores=False)
        made = reporting.run(result.threads, tax, Path(out), which, max_threads, by)
        if not quiet:
            _err(f"{which} report: {len(made.tables)} tables, {len(made.charts.made)} charts in {out}")
        _finish(result, quiet)


def _report_command(which: str, doc: str):
    def command(
        inputs: Inputs, out: OutDir, taxonomy: Taxonomy = None, model: ModelDir = None, adapt: Adapt = False,
        max_threads: MaxThreads = 20, jobs: Jobs = os.cpu_count() or 1, fmt: Format = None, site: Site = None,
        column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None, debug: Debug = False,
        quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False, by: By = "site",
        engine: EngineName = "local", scheduler: Scheduler = None,
    ) -> None:
        _check_engine(engine, inputs, unsupported="compare" if which == "compare" else f"report {which}")
        _report(which, inputs, out, taxonomy, model, adapt, max_threads, jobs, fmt, site, column, pseudonymize,
                salt, debug, quiet, max_input_size, follow_symlinks, by)

    command.__doc__ = doc
    return command


report_app.command("topics")(_report_command(
    "topics", "Topic shares per thread and site, topic × tone, co-occurrence, characteristic terms, topics over time."))
report_app.command("depth")(_report_command(
    "depth", "Reply depth per thread and site: depth histogram, width, branching, h-index, structural virality."))
report_app.command("drift")(_report_command(
    "drift", "Topic drift: reply edges, topic transitions, stickiness, drift by depth and slope, drifting chains."))
report_app.command("all")(_report_command(
    "all", "Everything above plus the comparison, and DIR/index.html."))
app.command("compare")(_report_command(
    "compare", "Cross-site (--by site) or cross-thread (--by thread) comparison: structure, topic and tone mixes "
               "(permutation tests, Benjamini–Hochberg, Cohen's w), bootstrap intervals, distinguishing words."))


taxonomy_app = typer.Typer(help="Taxonomies for --taxonomy: draft one from a corpus's own topics.",
                           no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy")


@taxonomy_app.command("suggest")
def taxonomy_suggest(
    inputs: Inputs,
    out: Annotated[str, typer.Option("--out", "-o", help="The taxonomy TOML to write (- for stdout).")],
    topics: Annotated[Optional[int], typer.Option("--topics", min=2, max=50, help="Exactly this many topics (default: chosen in 5–15 at the elbow of explained variance).")] = None,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False,
) -> None:
    """Discover the corpus's own topics and write an editable taxonomy TOML."""
    from comments.classification.suggest import SuggestError, suggest
    from comments.classification.taxonomy_draft import write_draft

    with _guard(debug):
        result = load(inputs, fmt, site, column, pseudonymize, salt, quiet)
        try:
            draft = suggest(result.threads, topics, name=Path(out).stem if out != "-" else "draft")
            write_draft(draft.text, out, sys.stdout)
        except SuggestError as exc:  # (an unwritable OUT is an OutputError, reported by _guard)
            _err(f"error: taxonomy suggest: {exc}")
            raise typer.Exit(1) from None
        if not quiet:
            _err(term_lines(draft.summary(out)))
        _finish(result, quiet)


class _guard:
    """No tracebacks unless --debug: unexpected errors become one line and exit 1."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        passthrough = (typer.Exit, typer.Abort, typer.BadParameter, SystemExit, KeyboardInterrupt)
        if exc is None or isinstance(exc, passthrough) or self.debug:
            return False
        if isinstance(exc, BrokenPipeError):
            os._exit(0)
        from comments.io.atomic import OutputError
        if isinstance(exc, OutputError):  # names the output; the previous one is untouched
            _err(f"error: {term(exc)}")
        else:
            _err(f"error: {term(type(exc).__name__)}: {term(exc)} (run with --debug for details)")
        raise typer.Exit(1)


def _terminate(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary outputs are removed on the way out."""
    raise SystemExit(128 + signum)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Library warnings as one escaped ``warning:`` line (they may quote data)."""
    _err(f"warning: {term(category.__name__)}: {term(message)}")


def main() -> None:
    import warnings

    signal.signal(signal.SIGTERM, _terminate)
    warnings.showwarning = _show_warning
    app()
