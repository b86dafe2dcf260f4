"""The ``comments`` command line (Typer): a thin layer over the Python API
(:mod:`comments.api`), one module per group of commands composed with ``add_typer``.
Heavy libraries are imported inside the commands that need them, so ``comments --help``
stays instant."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from comments import __version__
from comments.api.corpus import FORMAT_NAMES
from comments.cli import learn, parse, report
from comments.cli.common import Group, err
from comments.text.textsafe import term

__all__ = ["FORMAT_NAMES", "app", "main"]

app = typer.Typer(
    name="comments",
    cls=Group,
    help="Reader-comment discourse analyzer: reply trees, topics, tone and drift of comment sections.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for part in (parse.app, learn.app, report.app):
    app.add_typer(part)


def _version(value: bool) -> None:
    if value:
        print(f"comments {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Reader-comment discourse analyzer."""


def _terminate(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary outputs are removed on the way out."""
    raise SystemExit(128 + signum)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Library warnings as one escaped ``warning:`` line (they may quote data)."""
    err(f"warning: {term(category.__name__)}: {term(message)}")


def main() -> None:
    """The console script: SIGTERM and warnings handled, then the app."""
    import warnings

    signal.signal(signal.SIGTERM, _terminate)
    warnings.showwarning = _show_warning
    try:
        app()
    finally:  # the command is over, its outputs whole: a Ctrl-C while Python shuts down no longer turns
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a finished run's exit code into 130
