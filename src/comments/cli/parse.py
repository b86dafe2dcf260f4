"""``comments parse`` and ``comments tree``, and the Dask engine's entry (issue 13)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from comments.cli.common import (
    CORES, Column, Command, Debug, EngineName, Follow, Format, Group, Inputs, JsonOut, MaxInput, Pseudo, Quiet, Salt, Scheduler,
    Site, Workers, check_format, check_inputs, check_out, columns, err, finish, guard, load, max_input, nothing_read, sites,
)
from comments.text.textsafe import term

app = typer.Typer(cls=Group)


def check_engine(engine: str, inputs: list[str], out: str | None = None, pseudonymize: bool = False,
                 adapt: bool = False, unsupported: str | None = None) -> bool:
    """Is this a Dask run? Combinations the Dask engine cannot do yet are usage errors (exit 2)."""
    from comments.engine import ENGINES

    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r} is not one of: {', '.join(ENGINES)}", param_hint="--engine")
    if engine == "local":
        return False
    table = out in (None, "-") or Path(out).suffix in (".jsonl", ".csv", ".parquet")
    refused = {unsupported: unsupported is not None, "--pseudonymize": pseudonymize,
               "--adapt": adapt, "a ConvoKit output": not table}
    what = next((name for name, hit in refused.items() if hit), None)
    if what is not None:
        raise typer.BadParameter(f"{what} is not yet supported with --engine dask", param_hint="--engine")
    return True


def dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, workers,
         taxonomy=None, model=None, classify=False, report: dict | None = None) -> None:
    """parse or classify on a Dask cluster (comments.engine): same records as the local
    engine; with ``report`` (which, by, max_threads), a report or comparison in ``out``."""
    from comments.engine import EngineError
    from comments.engine.run import Request, run

    check_format(fmt)
    sites(site)  # malformed --site values are usage errors before any work
    args = (list(inputs), out, fmt, site, columns(column), max_input(max_input_size), follow_symlinks,
            classify, taxonomy, model, scheduler, workers)
    try:
        if report is None:
            result = run(Request(*args, write_nothing=False), JsonOut(sys.stdout))
        else:
            from comments.engine.report import ReportRequest, run as run_report

            made, result = run_report(ReportRequest(*args, **report, progress=False if quiet else None,
                                                    write_nothing=False))
    except EngineError as exc:
        err(f"error: --engine dask: {term(str(exc).removeprefix('--engine dask '))}")  # (the option named once)
        raise typer.Exit(2) from None
    for line in result.errors:
        err(f"error: {term(line)}")
    if not quiet:
        from comments.io.pipeline import repeat_summaries

        for line in repeat_summaries(result.notes):
            err(f"note: {term(line)}")
    nothing_read(result, quiet)
    if not quiet:
        if report is not None:
            err(made.summary(report['which']))
        err(result.summary())
    if result.errors:
        raise typer.Exit(1)


@app.command(cls=Command)
def parse(
    inputs: Inputs,
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to .jsonl, .csv, .parquet, or a ConvoKit folder (.convokit or an existing directory); default: JSON Lines on stdout.")] = None,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False,
    engine: EngineName = "local", scheduler: Scheduler = None, workers: Workers = CORES,
) -> None:
    """Thread and comment records (JSON Lines on stdout, or OUT)."""
    from comments.io import writers

    if out not in (None, "-") and not (Path(out).suffix in writers.FORMATS or out.endswith((".convokit", "/"))
                                       or Path(out).is_dir()):
        raise typer.BadParameter("use .jsonl, .csv, .parquet, or a folder (.convokit) for ConvoKit", param_hint="--out")
    check_out(out, inputs)
    check_inputs(inputs)
    if check_engine(engine, inputs, out, pseudonymize):
        with guard(debug):
            dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, workers)
        return
    with guard(debug):
        if _fast_parse(inputs, out, fmt, site, column, pseudonymize, quiet, max_input_size):
            return
        corpus = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        nothing_read(corpus, quiet)
        writers.write(corpus.threads, out, JsonOut(sys.stdout))
        finish(corpus, quiet)


def _fast_parse(inputs, out, fmt, site, column, pseudonymize, quiet, max_input_size=None) -> bool:
    """One generic JSONL or Reddit dump, or several Reddit comment dumps, to Parquet, JSONL
    or CSV: the columnar path (same records, much faster). With ``--max-input-size`` only
    plain files within it: the general path refuses the others with its one error line."""
    if not inputs or out is None or not out.endswith((".parquet", ".jsonl", ".csv")) or pseudonymize \
            or "-" in inputs or not _within(inputs, max_input(max_input_size) if max_input_size else None):
        return False
    from comments.io.sources import undecoded_note

    if any(undecoded_note(item) for item in inputs):  # a name that is not UTF-8: the general path escapes it, noted
        return False
    _load_numpy_without_blas_threads()
    if len(inputs) > 1:
        return _fast_many(inputs, out, fmt, site, column, quiet)
    from comments.io import fastpath
    from comments.io.sources import Source

    path = Path(inputs[0])
    cols = columns(column)
    if not fastpath.is_generic_jsonl(path, fmt, cols):
        return False
    summary = _converted(inputs, lambda: fastpath.parse_to_parquet(
        path, Path(out), sites(site).for_path(path, inputs[0]), Source(inputs[0], b"", path).stem, cols, inputs[0],
        restore_pandas=False))  # the process ends here
    if summary is None:
        return False
    from comments.io.pipeline import problem_line

    for problem in summary.problems():  # as the general path says them: problems, notes, summary
        err(f"error: {term(problem_line(inputs[0], problem))}")
    if not quiet:
        for note in summary.notes:
            err(f"note: {term(f'{inputs[0]}: {note}')}")
        err(summary.line())
    if summary.problems():
        raise typer.Exit(1)
    return True


def _load_numpy_without_blas_threads() -> None:
    """Load numpy (the columnar path needs it, through pyarrow) with one OpenBLAS thread:
    its loader starts a thread per core that spins before it sleeps, about 0.04 s of CPU
    per run on 2 cores, and parsing multiplies no matrices. The setting is read only while
    numpy loads and is taken back right after (child processes and a user's own setting,
    OPENBLAS_NUM_THREADS or OMP_NUM_THREADS, are left as they were)."""
    import os

    if "numpy" in sys.modules or "OPENBLAS_NUM_THREADS" in os.environ or "OMP_NUM_THREADS" in os.environ:
        return  # a user's own thread setting (OpenBLAS also reads OMP_NUM_THREADS) is theirs
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        del os.environ["OPENBLAS_NUM_THREADS"]


def _within(inputs: list[str], limit: int | None) -> bool:
    """Every input is a plain (uncompressed) file of at most ``limit`` bytes (True without
    a limit): its size on disk is then the size the limit is about."""
    from comments.io.streams import compression_of

    if limit is None:
        return True
    try:
        for item in inputs:
            path = Path(item)
            with path.open("rb") as handle:
                if compression_of(handle.read(6)) is not None or path.stat().st_size > limit:
                    return False
    except OSError:
        return False
    return True


def _fast_many(inputs, out, fmt, site, column, quiet) -> bool:
    """Several Reddit comment dump files (no ``--site``/``--column``) on the columnar path,
    merged as the general path merges them (:func:`comments.io.fastpath_merge.convert_many`), in
    natural order as it reads them (:func:`comments.io.sources.expand`)."""
    from comments.io import fastpath_merge
    from comments.io.sources import Source, natural_key, same_bytes

    inputs = sorted(inputs, key=natural_key)
    paths = [Path(item) for item in inputs]
    if fmt not in (None, "reddit") or site or column or not all(p.is_file() for p in paths) \
            or len({(p.stat().st_dev, p.stat().st_ino) for p in paths}) != len(paths) \
            or same_bytes(inputs):  # hard links or copies: the general path reads them once, noted
        return False
    items = [(path, item, Source(item, b"", path).stem) for path, item in zip(paths, inputs)]
    got = _converted(inputs, lambda: fastpath_merge.convert_many(items, Path(out), restore_pandas=False))
    if got is None:
        return False
    if not quiet:
        from comments.io.pipeline import repeat_summaries

        for note in repeat_summaries(got[1]):
            err(f"note: {term(note)}")
        err(got[0].line())
    return True


def _converted(inputs: list[str], convert):
    """``convert()``'s result; None when the general path must do it (not eligible, or a
    bad record, which the general path reads and names by file and line). Out of memory is
    one clean line and exit 1, the output untouched: the general path would need more."""
    try:
        return convert()
    except MemoryError:
        from comments.io.fastpath_spill import HOLD

        err(f"error: {term(', '.join(inputs))}: out of memory while converting (it holds up to {HOLD >> 20} MB of "
            f"columns, then one range of threads at a time: more free memory is needed)")
        raise typer.Exit(1) from None
    except Exception:  # noqa: BLE001 - see above
        return None


@app.command(cls=Command)
def tree(
    inputs: Inputs,
    max_depth: Annotated[int, typer.Option(min=0, help="Collapse replies deeper than this depth (top-level comments: depth 0).")] = 12,
    max_children: Annotated[int, typer.Option(min=1, help="Show at most this many replies per comment.")] = 20,
    width: Annotated[Optional[int], typer.Option(min=40, help="Line width (default: terminal width).")] = None,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False,
) -> None:
    """Print each thread's reply tree."""
    from comments.api.views import tree as draw

    with guard(debug):
        corpus = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        # a narrow terminal draws at the least width (the tree needs 40 columns); --width below 40 stays an error
        cols = width or max(shutil.get_terminal_size((100, 24)).columns, 40)
        if corpus.threads:
            print(draw(corpus, max_depth=max_depth, max_children=max_children, width=cols))
        finish(corpus, quiet)
