"""The compare section of the reports: ``compare --by site`` (default: sites compared,
threads the resampling unit) or ``--by thread`` (threads compared, comments the unit —
for corpora with too few threads per site for site intervals).

Its tables (compare_sites.csv, compare_threads.csv, compare_tests.csv,
compare_words.csv) are reductions over per-thread partials (compare.py: per-thread
rows, per-label hit counts per thread, per-thread word counts).
"""

from __future__ import annotations

from comments.analyses.compare import comparison_rows, distinguishing_words, label_tests, unit_interval
from comments.analyses.sentences import FINDINGS, misfit_sentence, mix_sentence, num, pct, plural
from comments.text.textsafe import md
from comments.model.records import TONES


def write(report, by: str = "site") -> None:
    """compare.md, its four tables and three charts into the report's folder."""
    threads = report.threads
    site_rows, thread_rows = comparison_rows(threads, report.topics, report.drift_results()[1])
    if by == "thread":
        for row, pt in zip(thread_rows, _by_row(threads, thread_rows)):
            depth = unit_interval(pt.comments, lambda c: float(c.depth))
            polarity = unit_interval(pt.comments, lambda c: c.polarity)
            row.update({"mean_depth_ci_low": depth.low, "mean_depth_ci_high": depth.high,
                        "mean_polarity_ci_low": polarity.low, "mean_polarity_ci_high": polarity.high,
                        "interval_note": depth.note or polarity.note})
    report.table("compare_sites", site_rows)
    report.table("compare_threads", thread_rows)
    tests = {"topics": label_tests(threads, "topics", report.topics, by),
             "tone": label_tests(threads, "tone", list(TONES), by)}
    report.table("compare_tests", [{"by": by, "field": field, **_fields(t), "effect": t.effect}
                                   for field, rows in tests.items() for t in rows])
    words = distinguishing_words(threads, stems=report.stems, by=by)
    report.table("compare_words", [{"group": s, "rank": i + 1, "term": w, "z": round(z, 3)}
                                   for s, ws in words.items() for i, (w, z) in enumerate(ws)])
    if by == "thread":
        groups = [r | {"group": f"{r['site']}/{r['thread_id']}", "name": _thread_name(r)} for r in thread_rows]
    else:
        groups = [r | {"group": r["site"], "name": r["site"]} for r in site_rows]
    active = sorted((r for r in groups if r["comments"]), key=lambda r: (-r["comments"], r["group"]))
    _charts(report, active, by)

    unit = "thread" if by == "site" else "comment"
    lines = ["# Comparison of sites and threads" if by == "site" else "# Comparison of threads"]
    lines.append(f"{plural(len(site_rows), 'site')}, {plural(len(thread_rows), 'thread')}, "
                 f"{plural(len(report.comments), 'comment')}; compared by {by} (resampling unit: {unit}).")
    for field, rows in tests.items():
        lines.append(mix_sentence(field, rows, by))
    misfit = misfit_sentence(report.misfit())
    if misfit:
        lines.append(misfit)
    for r in active[:FINDINGS]:
        top = max(report.topics, key=lambda t: (r[f"topic_{t}"] or 0, t)) if report.topics else None
        if misfit:
            leading = f"{pct(r['topic_none'])} of comments have no topic"
        elif top and r[f"topic_{top}"]:
            leading = f"the leading topic is {md(top)} ({pct(r[f'topic_{top}'])})"
        else:
            leading = "no comment has a topic"
        interval = (f"95 % CI {num(r['mean_depth_ci_low'])}–{num(r['mean_depth_ci_high'])} over {unit}s"
                    if r["mean_depth_ci_low"] is not None else r["interval_note"])
        size = (f"{plural(r['threads'], 'thread')}, " if by == "site" else "") + plural(r["comments"], "comment")
        lines.append(f"On **{md(r['name'])}** ({size}) {leading}; mean depth {num(r['mean_depth'])} ({interval}), "
                     f"mean polarity {num(r['mean_polarity'])}.")
        if words.get(r["group"]):
            lines.append(f"Words that set {md(r['name'])} apart: "
                         + ", ".join(md(w) for w, _ in words[r["group"]][:8]) + ".")
    if len(active) > FINDINGS:
        table = "compare_sites.csv" if by == "site" else "compare_threads.csv"
        rest = len(active) - FINDINGS
        lines.append(f"{plural(rest, 'smaller ' + by)} {'is' if rest == 1 else 'are'} in {table}.")
    report.markdown("compare", "\n\n".join(lines) + "\n")


def _by_row(threads, rows):
    index = {(pt.thread.site or "", pt.thread.thread_id): pt for pt in threads}
    return [index[(r["site"], r["thread_id"])] for r in rows]


def _thread_name(row: dict) -> str:
    title = (row.get("title") or "").strip()
    return f"{row['site']} · {title or row['thread_id']}"


def _fields(record) -> dict:
    from dataclasses import fields

    return {f.name: getattr(record, f.name) for f in fields(record)}


def _charts(report, active: list[dict], by: str) -> None:
    c = report.charts
    if not active:
        return
    shown = active[:12]
    names = [r["name"] for r in shown]
    colour = {r["name"]: c.sites.get(r["site"], "#777777") for r in shown}
    note = f" ({len(shown)} of {len(active)} {by}s, largest first)" if len(shown) < len(active) else ""
    labels = report.topics + ["none"]
    c.grouped_bars("compare_topics", f"Topic mix by {by}{note}", labels, names,
                   {(t, r["name"]): r[f"topic_{t}"] or 0.0 for r in shown for t in labels},
                   colour, "topic", f"share of the {by}'s comments")
    c.grouped_bars("compare_tone", f"Tone mix by {by}{note}", list(TONES), names,
                   {(t, r["name"]): r[f"tone_{t}"] or 0.0 for r in shown for t in TONES},
                   colour, "tone", f"share of the {by}'s comments")
    fig, axes = c.plt.subplots(1, 3, figsize=(13, 1.6 + 0.6 * len(shown)), sharey=True)
    ys = list(range(len(shown)))
    for ax, (key, label) in zip(axes, (("mean_depth", "mean reply depth"), ("reply_share", "share of replies"),
                                       ("mean_polarity", "mean polarity"))):
        vals = [r[key] or 0.0 for r in shown]
        err = None
        if key in ("mean_depth", "mean_polarity"):
            lows = [r[f"{key}_ci_low"] for r in shown]
            highs = [r[f"{key}_ci_high"] for r in shown]
            err = [[v - (lo if lo is not None else v) for v, lo in zip(vals, lows)],
                   [(hi if hi is not None else v) - v for v, hi in zip(vals, highs)]]
        ax.barh(ys, vals, xerr=err, capsize=4, color=[colour[n] for n in names])  # names read horizontally
        ax.set(title=label, xlabel=label)
    axes[0].set_yticks(ys, [c.short(n, 34) for n in names])
    axes[0].invert_yaxis()  # largest first, at the top
    unit = "threads" if by == "site" else "comments"
    fig.suptitle(f"Structure and polarity by {by}{note} (95 % intervals from resampling {unit})", fontweight="bold")
    c.save(fig, "compare_structure", f"Structure and polarity by {by}")
