"""CPU per comment of what the workers of `comments report all -j N` do, per phase, in one process.

Usage: python benchmarks/profile_workers.py DUMP.jsonl [--passes N] [--cprofile OUT.prof]

Reads every byte range of DUMP (our `classify` JSONL) as a worker does
(``comments.io.ranges.range_threads``) and computes each thread's partial piece by piece, as
``comments.analyses.analysis.partial`` does: reading, the topic counts with the taxonomy fit
(``topic_stats.thread_text``), depth, subthread sizes, drift, position deciles, the
comparison's counts; within drift, the pieces of its TF-IDF views (inclusive: a piece's
seconds hold those of the pieces it calls). Each pass prints CPU seconds
(``time.process_time``, no profiler) per phase and per comment. The first pass pays the
one-time loads (nltk's import, simplemma's dictionary); later passes run on warm caches, as
a worker forked after the parent's warm-up does. ``--cprofile``: one more pass under cProfile
(``partial`` itself, no timers), its statistics written to OUT.prof and the largest own times printed (cProfile times are wall
clock and inflate Python calls on a loaded machine: take shares from the table).
"""

from __future__ import annotations

import functools
import sys
import time
from collections import defaultdict

#: drift's pieces timed inside the drift phase: (module, owner, attribute)
PIECES = [("comments.analyses.drift", "_Similarity", "__init__", "views fitted (all below)"),
          ("comments.text.similarity", "Texts", "lemma_keys", "lemma keys"),
          ("comments.text.similarity", "Texts", "numbered", "words numbered (in lemma keys)"),
          ("comments.text.vectors", None, "char_wb_keys", "character n-gram keys"),
          ("comments.text.vectors", "Vocabulary", "add", "vocabulary add (sort, df)"),
          ("comments.text.vectors", "Vocabulary", "kept_rows", "rows weighted (TF-IDF, CSR)"),
          ("comments.analyses.drift", "_Similarity", "each", "pair cosines (all)"),
          ("comments.analyses.drift", None, "_chains", "chains"),
          ("comments.analyses.drift", None, "_slope", "slope")]


def _timed(spent: dict, owner, name: str, label: str):
    """Wrap ``owner.name`` so that its CPU seconds add up in ``spent[label]``; the original back."""
    f = getattr(owner, name)

    @functools.wraps(f)
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)
    return f


def main(argv: list[str]) -> None:
    import importlib

    from comments.analyses import compare as cmp
    from comments.analyses import depth as depth_mod
    from comments.analyses import drift as drift_mod
    from comments.analyses import structure
    from comments.analyses import topic_stats as ts
    from comments.analyses.analysis import partial
    from comments.analyses.parallel import RANGE
    from comments.classification.taxonomy import load
    from comments.io import gcpause
    from comments.io.ranges import offsets, range_threads
    from comments.io.streaming import Split, StreamResult, stream_inputs
    from comments.text.tokens import Stems

    dump = argv[0]
    passes = int(argv[argv.index("--passes") + 1]) if "--passes" in argv else 2
    out = argv[argv.index("--cprofile") + 1] if "--cprofile" in argv else None
    taxonomy = load()
    ids = taxonomy.ids
    whole = next(e for e in stream_inputs([dump], StreamResult(), None, [], None, lean=True, split=lambda item: True)
                 if isinstance(e, Split))
    spent: dict[str, float] = defaultdict(float)
    pieces: dict[str, float] = defaultdict(float)
    wrapped = []  # (owner, name, original)
    for module, owner, name, label in PIECES:
        found = importlib.import_module(module)
        target = getattr(found, owner) if owner else found
        wrapped.append((target, name, _timed(pieces, target, name, label)))
    phases = [("topic counts, taxonomy fit", lambda pt, stems: ts.thread_text(pt, ids, stems)),
              ("depth", lambda pt, stems: depth_mod.thread_stats(pt)),
              ("subthread sizes", lambda pt, stems: structure.subthread_sizes(pt)),
              ("drift", lambda pt, stems: drift_mod.thread_drift(pt, 5, stems)),
              ("position deciles", lambda pt, stems: structure.decile_counts(pt)),
              ("comparison counts", lambda pt, stems: cmp.thread_partial(pt))]

    def run(timed: bool = True) -> int:
        """One pass over every range (``timed``: each phase timed, else each partial made
        as a worker makes it); the comments read."""
        n, stems = 0, Stems()
        for span in offsets(whole.size, RANGE, 0):
            threads = range_threads(whole.path, whole.name, whole.ctx, *span, StreamResult(), [])
            if not timed:
                for pt in threads:
                    partial(pt, taxonomy, ("all",), stems)
                    n += len(pt.comments)
                continue
            while True:
                start = time.process_time()
                pt = next(threads, None)
                spent["reading (JSON → records, repairs)"] += time.process_time() - start
                if pt is None:
                    break
                n += len(pt.comments)
                for label, work in phases:
                    start = time.process_time()
                    work(pt, stems)
                    spent[label] += time.process_time() - start
        return n

    with gcpause.paused():
        for k in range(1, passes + 1):
            spent.clear()
            pieces.clear()
            n = run()
            total = sum(spent.values())
            print(f"pass {k}: {n:,} comments, {total:.2f} s CPU, {total / n * 1e6:.0f} µs per comment")
            for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
                print(f"  {label:<40} {seconds:7.2f} s {seconds / n * 1e6:6.1f} µs {seconds / total:6.1%}")
            drift = spent["drift"] or 1.0
            print("  within drift (inclusive):")
            for label, seconds in sorted(pieces.items(), key=lambda item: -item[1]):
                print(f"    {label:<38} {seconds:7.2f} s {seconds / n * 1e6:6.1f} µs {seconds / drift:6.1%} of drift")
        if out:
            import cProfile
            import pstats

            for target, name, original in wrapped:  # no timers in the profile
                setattr(target, name, original)
            profile = cProfile.Profile()
            profile.enable()
            run(timed=False)
            profile.disable()
            profile.dump_stats(out)
            pstats.Stats(out).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main(sys.argv[1:])
