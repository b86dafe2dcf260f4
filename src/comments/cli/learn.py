"""``comments classify``, ``comments evaluate`` and ``comments train``: thin layers over
:mod:`comments.api.learning` (which holds the rule on when to classify)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from comments.cli.common import (
    CORES, Adapt, Column, Command, Debug, EngineName, Follow, Format, Group, Inputs, JsonOut, MaxInput, ModelDir, Pseudo, Quiet,
    Salt, Scheduler, Site, Taxonomy, Workers, check_inputs, check_model, check_out, err, finish, guard, load, load_taxonomy, nothing_read,
)
from comments.cli.parse import check_engine, dask
from comments.text.plural import plural
from comments.text.textsafe import json_safe, term

app = typer.Typer(cls=Group)


@app.command(cls=Command)
def classify(
    inputs: Inputs,
    out: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to .jsonl, .csv or .parquet (default: JSON Lines on stdout).")] = None,
    taxonomy: Taxonomy = None, model: ModelDir = None, adapt: Adapt = False, jobs: Workers = CORES,
    fmt: Format = None, site: Site = None, column: Column = None, pseudonymize: Pseudo = False, salt: Salt = None,
    debug: Debug = False, quiet: Quiet = False, max_input_size: MaxInput = None, follow_symlinks: Follow = False,
    engine: EngineName = "local", scheduler: Scheduler = None,
) -> None:
    """The parse records, comments with language, topics, topic_scores, tone, tone_scores and polarity."""
    from comments.api.learning import classify as run_classify
    from comments.io import writers

    if out not in (None, "-") and Path(out).suffix not in writers.FORMATS:
        raise typer.BadParameter("use .jsonl, .csv or .parquet", param_hint="--out")
    check_out(out, inputs)
    check_inputs(inputs)
    on_dask = check_engine(engine, inputs, out, pseudonymize, adapt)
    tax = load_taxonomy(taxonomy)
    check_model(model)
    if on_dask:
        with guard(debug):
            dask(inputs, out, fmt, site, column, max_input_size, follow_symlinks, quiet, scheduler, jobs,
                 tax, model, classify=True)
        return
    with guard(debug):
        corpus = load(inputs, fmt, site, column, pseudonymize, salt, quiet, max_input_size, follow_symlinks)
        nothing_read(corpus, quiet)
        corpus = run_classify(corpus, tax if taxonomy else None, model, adapt, jobs, progress=False if quiet else None,
                              copy=False)
        writers.write(corpus.threads, out, JsonOut(sys.stdout))
        finish(corpus, quiet)


@app.command(cls=Command)
def evaluate(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Comments (raw dump, or parse/classify output).")],
    gold: Annotated[str, typer.Option("--gold", help="CSV with id (or position), topics, tone: ;-separated label ids.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    taxonomy: Taxonomy = None, model: ModelDir = None, adapt: Adapt = False,
    fmt: Format = None, site: Site = None, column: Column = None, debug: Debug = False, quiet: Quiet = False,
    max_input_size: MaxInput = None, follow_symlinks: Follow = False,
) -> None:
    """Precision, recall and F1 per label, and micro/macro F1, against hand labels."""
    import json

    from comments.api.learning import evaluate as score
    from comments.classification.evaluate import GoldError, gold_problems, read_gold
    from comments.model.records import TONES

    try:
        rows = read_gold(gold)
    except GoldError as exc:  # as train's --data: one line naming the file, exit 1
        err(f"error: {term(str(exc))}")
        raise typer.Exit(1) from None
    tax = load_taxonomy(taxonomy)
    for problem in gold_problems(rows, {"topics": set(tax.ids), "tone": None if model else set(TONES)}):
        err(f"warning: {problem}")
    check_model(model)
    with guard(debug):
        corpus = load(inputs, fmt, site, column, False, None, quiet, max_input_size, follow_symlinks)
        result = score(corpus, rows, tax if taxonomy else None, model, adapt)
        if result.unmatched:
            rows_ = plural(len(result.unmatched), "gold row")
            err(f"warning: {rows_} {'matches' if len(result.unmatched) == 1 else 'match'} no comment: "
                f"{', '.join(result.unmatched[:10])}")
        if result.ambiguous:
            rows_ = plural(len(result.ambiguous), "gold row")
            err(f"warning: {rows_} not scored: {'its' if len(result.ambiguous) == 1 else 'each'} "
                f"{'id' if any(r.get('id') for r in rows) else 'position'} belongs to comments of several "
                f"threads (add `site` and `thread_id` columns, or fill in their blank cells, to tell them apart): "
                f"{', '.join(result.ambiguous[:10])}")
        report = result.report
        if as_json:
            print(json_safe(json.dumps(report, indent=2, ensure_ascii=False)))
        else:
            for kind in ("topics", "tone"):
                print(f"{kind:<22}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
                for label, v in report[kind]["labels"].items():
                    print(f"  {term(label):<20}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>10.3f}{v['support']:>10}")
                print(f"  {'micro F1':<20}{'':>20}{report[kind]['micro_f1']:>10.3f}")
                print(f"  {'macro F1':<20}{'':>20}{report[kind]['macro_f1']:>10.3f}")
        finish(corpus, True)


@app.command(cls=Command)
def train(
    data: Annotated[str, typer.Option("--data", help="CSV with a text column and 0/1 label columns.")],
    kind: Annotated[str, typer.Option("--kind", metavar="[topics|tone]", help="topics or tone: which scores the model replaces in classify.")],
    out: Annotated[str, typer.Option("--out", help="Folder to write the model to.")],
    text_column: Annotated[str, typer.Option("--text-column", help="The text column.")] = "text",
    label: Annotated[Optional[list[str]], typer.Option("--label", help="COLUMN[=NAME]: a 0/1 label column, renamed (repeatable; default: every other numeric 0/1 column).")] = None,
    positive: Annotated[Optional[list[str]], typer.Option("--positive", metavar="VALUE", help="The value meaning 1 in a --label column that is not 0/1 (e.g. OFFENSE beside OTHER; repeatable); every other value is 0.")] = None,
    language: Annotated[str, typer.Option("--language", metavar="[de|en]", help="de or en (stemming and stop words).")] = "de",
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
    if positive and not label:
        raise typer.BadParameter("says which value of a label column is 1: name the columns with --label COLUMN[=NAME]",
                                 param_hint="--positive")
    if positive and not all(p.strip() for p in positive):
        raise typer.BadParameter("must be a value of the label column, not empty", param_hint="--positive")
    with guard(debug):
        from comments.api.learning import train as fit
        from comments.classification.training_data import TrainingDataError

        try:
            done = fit(data, kind, out, text_column, label, language, folds, base,  # a bar on a terminal only
                       log=(lambda _step: None) if quiet else None, positive=positive)
        except TrainingDataError as exc:  # the training CSV, or the default rows, cannot be used
            err(f"error: {term(exc)}")
            raise typer.Exit(1) from None
        if not quiet:
            for note in done.notes:
                err(f"note: {term(note)}")
        print(f"{'label':<24}{'positives':>10}{'F1 (positive)':>15}{'macro F1':>10}{'threshold':>11}")
        for r in done.reports:
            print(f"{term(r.label):<24}{r.positives:>10}{r.f1_positive:>15.3f}{r.macro_f1:>10.3f}{r.threshold:>11.3f}")
        if not quiet:
            err(f"{plural(done.rows, 'comment')}, {folds}-fold cross-validation; model written to {out}")
