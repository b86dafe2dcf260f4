"""What every command shares: option types, reading through the Python API (with the
CLI's stderr lines), and the guard that turns unexpected errors into one line."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional
from pathlib import Path

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from comments.api.corpus import FORMAT_NAMES, RANDOM_SALT, Corpus
from comments.text.textsafe import json_safe, term, term_lines

Inputs = Annotated[list[str], typer.Argument(metavar="INPUT", help="Files, directories (read recursively) or - for stdin.")]
Format = Annotated[Optional[str], typer.Option("--format", "-f", help="Input format (default: detected). One of: " + ", ".join(FORMAT_NAMES) + ".")]
Site = Annotated[Optional[list[str]], typer.Option(
    "--site", metavar="NAME[=PATH]", help="Site name where the source names none: NAME for every input, NAME=PATH (repeatable) for one "
                   "input file or every file under a folder.")]
Column = Annotated[Optional[list[str]], typer.Option("--column", help="FIELD=NAME: read FIELD (id, parent_id, thread_id, text, author, created_at, …) from column NAME of CSV/JSONL input.")]
Pseudo = Annotated[bool, typer.Option("--pseudonymize", help="Replace authors (and their names in texts, e-mail addresses) by salted hashes.")]
Salt = Annotated[Optional[str], typer.Option("--salt", envvar="COMMENTS_SALT", help="Salt for --pseudonymize (default: $COMMENTS_SALT, else random).")]
Debug = Annotated[bool, typer.Option("--debug", help="Show Python tracebacks.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No summary, notes or progress bars on stderr.")]
MaxInput = Annotated[Optional[str], typer.Option("--max-input-size", metavar="SIZE", help="Largest decompressed input read, e.g. 512M, 2G. Default: whole documents (JSON, XML, HTML, YAML) up to 2G, line formats (NDJSON, CSV) streamed without a total cap (64 MiB per line); when given, it caps every input.")]
Follow = Annotated[bool, typer.Option("--follow-symlinks", help="Read symlinks inside input folders (default: skipped with a note; loops are cut).")]
Taxonomy = Annotated[Optional[str], typer.Option("--taxonomy", help="Topic taxonomy TOML (default: the shipped Xiaomi-lock taxonomy).")]
ModelDir = Annotated[Optional[str], typer.Option("--model", help="A model folder made by `comments train`.")]
Adapt = Annotated[bool, typer.Option("--adapt", help="Also learn topics from this corpus (seed terms as weak labels); results then depend on the whole run.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for classification and for the reports' per-thread analyses (default: all cores).")]
# --- engine options (issue 13) ---
EngineName = Annotated[str, typer.Option("--engine", metavar="[local|dask]", help="local (this machine, the default) or dask (a Dask cluster; pip install 'comments\\[dask]').")]
Scheduler = Annotated[Optional[str], typer.Option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", metavar="ADDRESS", help="With --engine dask: the scheduler of an existing cluster (default: $DASK_SCHEDULER_ADDRESS, else a local cluster).")]
Workers = Annotated[int, typer.Option("--jobs", "--workers", "-j", min=1, help="Worker processes (classification; with --engine dask, the local cluster's workers). Default: all cores.")]
# --- end engine options ---
CORES = os.cpu_count() or 1

# --- help: conventional metavars ---
# Typer 0.29 shows each parameter's Python type in help ("<list[str]>", "--debug <bool>")
# and required arguments in braces ("{INPUT}..."); these classes restore Click's names.
_TYPE_NAMES = {str: "TEXT", int: "INTEGER", float: "FLOAT", bool: "BOOLEAN"}


def type_name(param) -> str:
    """Click's name for a parameter's values: TEXT, INTEGER, [a|b] for choices, PATH."""
    d = param.type_descriptor
    if d.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in d.choices) + "]"
    if d.is_path:
        return "PATH"
    annotation = d.annotation
    element = (getattr(annotation, "__args__", None) or (str,))[0] if d.is_list else annotation
    return _TYPE_NAMES.get(element, "TEXT")


class _Argument(TyperArgument):
    def _name(self) -> str:
        return (self.metavar or (self.name or "").upper()) + ("..." if self.nargs != 1 else "")

    def _rich_display_name(self) -> str:
        return self._name()

    def display_type_rich(self, ctx) -> str | None:
        return type_name(self)

    def get_usage_pieces(self, ctx) -> list[str]:
        return [self._name() if self.required else f"[{self._name()}]"]


class _Option(TyperOption):
    def display_type_rich(self, ctx) -> str | None:
        if self.is_flag or self.count:
            return None
        return self.metavar or type_name(self)


def _conventional(param):
    """``param`` shown with Click's metavars (its class swapped for a subclass that only
    changes how help shows it)."""
    if type(param) is TyperArgument:
        param.__class__ = _Argument
    elif type(param) is TyperOption:
        param.__class__ = _Option
    return param


class _Conventional:
    """Parameters (and the help option, made on demand: no "--help <bool>" either) shown
    with Click's metavars; mixed into :class:`Command` and :class:`Group`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _conventional(param)

    def get_help_option(self, ctx):
        return _conventional(super().get_help_option(ctx))


class Command(_Conventional, TyperCommand):
    """A command whose help shows Click's metavars (INPUT..., --column TEXT, --kind
    [topics|tone]; flags none): pass as ``cls`` to every ``app.command``."""


class Group(_Conventional, TyperGroup):
    """A command group shown like :class:`Command`: pass as ``cls`` to every ``typer.Typer``."""

    def invoke(self, ctx):
        """Run the command; Ctrl-C ends it with one line saying what was (not) written, exit 130."""
        from comments.io.atomic import LEDGER

        LEDGER.reset()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            err(interrupted())
            raise typer.Exit(130) from None


def interrupted() -> str:
    """What an interrupted command leaves: outputs finished before it, and the previous
    outputs it was replacing, kept as they were (outputs are whole or untouched)."""
    from comments.io.atomic import LEDGER

    done = ", ".join(str(p) for p in dict.fromkeys(LEDGER.done))
    kept = [str(p) for p in LEDGER.kept()]
    if LEDGER.stdout:
        return "interrupted: the output on stdout is incomplete"
    line = f"interrupted: {done} written before it; nothing else written" if done else "interrupted: nothing written"
    if kept:
        line += f"; the previous {', '.join(kept)} {'is' if len(kept) == 1 else 'are'} kept"
    return line
# --- end help ---


def err(message: str) -> None:
    """A message on stderr; controls, escape sequences and bidi overrides from file names
    and data are shown escaped (textsafe.term), only our own line breaks are kept."""
    print(term_lines(message), file=sys.stderr)


class JsonOut:
    """stdout for JSON Lines: every write through :func:`~comments.text.textsafe.json_safe`,
    so controls, bidi overrides and zero-width characters of the data reach a terminal as
    JSON ``\\u`` escapes (the same records once parsed; files keep them as they are). Its
    ``buffer`` takes UTF-8 bytes (the Dask engine copies its parts' bytes)."""

    def __init__(self, stream) -> None:
        import codecs

        self.stream = stream
        self.buffer = self
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: str | bytes) -> None:
        if isinstance(data, bytes):  # a part's bytes may end inside a character
            data = self._decoder.decode(data)
        self.stream.write(json_safe(data))

    def flush(self) -> None:
        self.stream.flush()


def columns(values: list[str] | None) -> dict[str, str]:
    """``--column FIELD=NAME`` values as a map (usage error when malformed)."""
    out = {}
    for value in values or []:
        if "=" not in value:
            raise typer.BadParameter(f"expected FIELD=NAME, got {value!r}", param_hint="--column")
        key, name = value.split("=", 1)
        if key.strip() in out and out[key.strip()] != name.strip():
            raise typer.BadParameter(f"{key.strip()!r} is named twice: {out[key.strip()]!r} and {name.strip()!r}",
                                     param_hint="--column")
        out[key.strip()] = name.strip()
    if out:
        from comments.io.readers.tabular import unknown_fields

        if problem := unknown_fields(out):
            raise typer.BadParameter(problem, param_hint="--column")
    return out


def max_input(value: str | None) -> int:
    """``--max-input-size`` in bytes (usage error when malformed)."""
    from comments.io.streams import DEFAULT_MAX_INPUT, InputLimit, parse_size

    try:  # given: it caps every input (InputLimit); the default caps whole documents only
        return InputLimit(parse_size(value)) if value is not None else DEFAULT_MAX_INPUT
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--max-input-size") from None


def sites(values: list[str] | None):
    """``--site`` values checked before any input is read."""
    from comments.io.sites import SiteError, Sites

    try:
        return Sites.parse(values)
    except SiteError as exc:
        raise typer.BadParameter(str(exc), param_hint="--site") from None


def check_format(fmt: str | None) -> None:
    """``--format`` names a reader (usage error when not)."""
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise typer.BadParameter(f"{fmt!r} is not one of: {', '.join(FORMAT_NAMES)}", param_hint="--format")


def load(inputs: list[str], fmt: str | None, site: list[str] | None, column: list[str] | None, pseudonymize: bool,
         salt: str | None, quiet: bool, max_input_size: str | None = None, follow_symlinks: bool = False) -> Corpus:
    """Shared by every command that reads inputs: :func:`comments.api.read`, then its
    warnings, problems and notes as stderr lines."""
    from comments.api.corpus import read

    cols, limit = reading_options(fmt, site, column, max_input_size)
    corpus = read(*inputs, format=fmt, site=site, columns=cols, pseudonymize=pseudonymize, salt=salt,
                  progress=False if quiet else None,
                  max_input_size=limit if max_input_size is not None else None, follow_symlinks=follow_symlinks)
    tell(corpus, quiet)
    return corpus


def reading_options(fmt: str | None, site: list[str] | None, column: list[str] | None,
                    max_input_size: str | None) -> tuple[dict[str, str], int]:
    """The reading options checked before any input is read (usage errors): the
    ``--column`` map and the ``--max-input-size`` limit in bytes."""
    check_format(fmt)
    cols, limit = columns(column), max_input(max_input_size)
    sites(site)
    return cols, limit


def tell(corpus, quiet: bool) -> None:
    """What reading found, as stderr lines: warnings, problems, and notes (unless quiet)."""
    if RANDOM_SALT in corpus.warnings:
        err(f"warning: --pseudonymize without --salt or COMMENTS_SALT: {RANDOM_SALT}")
    for line in corpus.problems:
        err(f"error: {term(line)}")
    if not quiet:
        from comments.io.pipeline import repeat_summaries

        for line in repeat_summaries(corpus.notes):
            err(f"note: {term(line)}")


def nothing_read(corpus, quiet: bool) -> None:
    """When every input failed to read, say so and exit 1 before any output is made (as
    :func:`check_inputs` for missing inputs): a previous output stays untouched.
    ``corpus``: a Corpus, or the Dask engine's totals (a :class:`Result`)."""
    result = getattr(corpus, "result", corpus)
    if result.nothing_read():
        if not quiet:
            err(f"{result.summary()}; nothing written")
        raise typer.Exit(1)


def finish(corpus, quiet: bool) -> None:
    """The closing summary line (unless quiet); exit 1 when an input had a problem."""
    if not quiet:
        err(corpus.summary())
    if corpus.problems:
        raise typer.Exit(1)


def check_out(out: str | None, inputs: list[str] | None = None) -> None:
    """Fail before any work when ``--out`` cannot be written (its folder is a file, or
    not writable): one ``error: OUT: …`` line, exit 1. Missing folders are made on writing.
    An output (or the ``.threads`` sibling a table output writes) that is one of ``inputs``
    — by name, symlink or hard link — is a usage error (exit 2): the source would be replaced."""
    from comments.io.atomic import LEDGER, OutputError, check_parent

    LEDGER.stdout = out in (None, "-")
    if out not in (None, "-"):
        same = _an_input(out, inputs or [])
        if same is not None:
            err(f"error: {term(same)}: output is also an input")
            raise typer.Exit(2)
        LEDGER.begin(out)  # an interrupt says whether a previous one is kept: the threads table too, begun now
        if Path(out).suffix in (".csv", ".parquet"):  # (begun only when written, a Ctrl-C just before named one)
            from comments.io.writers import sibling

            LEDGER.begin(sibling(Path(out)))
        try:
            check_parent(out)
        except OutputError as exc:
            err(f"error: {term(exc)}")
            raise typer.Exit(1) from None


def _an_input(out: str, inputs: list[str]) -> str | None:
    """The input that the output ``out`` (or its table sibling ``NAME.threads.EXT``) is the
    same file or folder as (:func:`os.path.samefile`), else None: a folder given as input
    counts as the files read from it (``parse d -o d/x.jsonl`` read d/x.jsonl, then replaced
    it), and a ConvoKit corpus folder as every file inside it."""
    from comments.io.sources import expand
    from comments.io.writers import sibling

    written = [Path(out)]
    if Path(out).suffix in (".csv", ".parquet"):
        written.append(sibling(Path(out)))
    written = [target for target in written if target.exists()]  # one not there yet is no input
    if not written:
        return None
    items = [item for item in inputs if item != "-"]
    if any(Path(item).is_dir() for item in items):
        items = items + [item for item in expand(items, [], follow_symlinks=True) if item not in items]
    for target in written:
        for item in items:
            try:
                if os.path.samefile(target, item) or (Path(item).is_dir() and target.resolve().is_relative_to(
                        Path(item).resolve())):
                    return str(target)
            except (OSError, ValueError):  # either does not exist (yet): not the same
                continue
    return None


def check_inputs(inputs: list[str]) -> None:
    """When no input exists at all (a mistyped name), say so and exit 1 before any output is
    made: a previous output of the same name stays untouched, not replaced by an empty one."""
    if not inputs or "-" in inputs or any(Path(item).exists() for item in inputs):
        return
    from comments.io.pipeline import Result

    result = Result()
    result.errors = [f"{item}: no such file" for item in inputs]
    for line in result.errors:
        err(f"error: {term(line)}")
    err(f"{result.summary()}; nothing written")
    raise typer.Exit(1)


def unreadable_option(option: str, path: str | None, folder: bool = False) -> None:
    """A file (``folder``: a folder) given with ``option`` that does not exist or cannot be
    read: one ``error: OPTION: FILE: cannot read (…)`` line and exit 1, as for an input (and
    ``train --data``); what is wrong inside a readable one is :func:`bad_option`'s."""
    if path is None:
        return
    try:
        if folder:
            os.listdir(path)
        else:
            with open(path, "rb"):
                pass
    except OSError as exc:
        err(f"error: {option}: {term(str(path))}: cannot read ({exc.strerror or exc})")
        raise typer.Exit(1) from None


def bad_option(option: str, exc: Exception) -> None:
    """A file given with an option that cannot be used: one line, exit 2 (a bad option value)."""
    err(f"error: {option}: {term(exc)}")
    raise typer.Exit(2)


def load_taxonomy(path: str | None):
    """The ``--taxonomy`` file (or the shipped default); exit 1 when it cannot be read, 2 when unusable."""
    from comments.classification.taxonomy import TaxonomyError, load as load_taxonomy

    unreadable_option("--taxonomy", path)
    try:
        taxonomy = load_taxonomy(path)
    except TaxonomyError as exc:
        bad_option("--taxonomy", exc)
    for problem in taxonomy.problems(path or "the default taxonomy"):
        err(f"warning: {problem}")
    return taxonomy


def check_model(path: str | None) -> None:
    """The ``--model`` folder loads; exit 1 when it cannot be read, 2 when it is no model."""
    from comments.api.learning import check_model as check

    unreadable_option("--model", path, folder=True)
    try:
        check(path)
    except ValueError as exc:
        bad_option("--model", exc)


class guard:
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
        from comments.analyses.analysis import TaxonomyMismatch
        from comments.io.atomic import OutputError
        if isinstance(exc, (OutputError, TaxonomyMismatch)):  # names the file; the previous output is untouched
            err(f"error: {term(exc)}")
        else:
            err(f"error: {term(type(exc).__name__)}: {term(exc)} (run with --debug for details)")
        raise typer.Exit(1)
