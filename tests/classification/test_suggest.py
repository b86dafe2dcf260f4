"""`comments taxonomy suggest`: topics discovered from the corpus, written as a taxonomy
that `--taxonomy` reads, measured by classifying the same corpus with it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from comments.classification import suggest as sg
from comments.classification.taxonomy import load as load_taxonomy
from comments.classification.taxonomy_draft import MIN_PREFIX, DraftTopic
from comments.classification.topics import is_reaction
from conftest import FIXTURES, corpus, jsonl_records, read, run

SUBJECTS = FIXTURES / "suggest_subjects.jsonl"  # ids: SUBJECT-LANGUAGE-NN


def suggest_and_classify(tmp_path: Path, *inputs: str, extra: tuple[str, ...] = ()):
    """Draft a taxonomy with the CLI, then classify the same inputs with it; returns
    (draft path, stderr summary, comment records, share of substantive comments given a topic)."""
    draft = tmp_path / "draft.toml"
    made = run("taxonomy", "suggest", *inputs, "-o", str(draft), *extra)
    assert made.exit_code == 0, made.output
    classified = run("classify", *inputs, "--taxonomy", str(draft), "-q", "-j", "1")
    assert classified.exit_code == 0, classified.output
    comments = [r for r in jsonl_records(classified.stdout) if r["record"] == "comment"]
    substantive = substantive_records(comments)
    covered = sum(1 for c in substantive if c["topics"]) / len(substantive)
    return draft, made.stderr, comments, covered


def substantive_records(records: list[dict]) -> list[dict]:
    """The comment records (classify's JSONL) the analyses' one test (``suggest.says_something``, each thread's
    author names an address) calls substantive: the base of suggest's coverage and of the taxonomy fit."""
    from comments.model.records import Comment

    made = [Comment(id=r["id"], text=r["text"], kind=r["kind"], status=r.get("status") or "visible", author=r.get("author"),
                    language=r.get("language")) for r in records]
    threads: dict = {}
    for r, c in zip(records, made):
        threads.setdefault((r.get("site"), r.get("thread_id")), []).append(c)
    names = {key: sg.thread_names(cs) for key, cs in threads.items()}
    return [r for r, c in zip(records, made) if sg.says_something(c, names=names[(r.get("site"), r.get("thread_id"))])]


def check_draft(draft: Path, fewest: int = 5) -> dict:
    """The file loads as --taxonomy loads it, with 5–15 topics of precise terms and ASCII ids;
    a topic without a strong term (none specific to it) has two terms or more."""
    taxonomy = load_taxonomy(draft)
    data = tomllib.loads(draft.read_text(encoding="utf-8"))
    assert fewest <= len(taxonomy.topics) <= 15
    for topic_id, spec in data["topics"].items():
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", topic_id)
        assert spec["label"] and spec["description"] and (spec["strong"] or len(spec["terms"]) >= 2)
        for term in spec["strong"] + spec["terms"]:
            assert term == term.lower().strip()
            if not term.startswith("=") and " " not in term and "-" not in term:
                assert len(term) >= MIN_PREFIX, f"{topic_id}: prefix term {term!r} is too short"
    return data


def test_fixture_topics_match_the_subjects(tmp_path):
    draft, summary, comments, covered = suggest_and_classify(tmp_path, str(SUBJECTS))
    data = check_draft(draft)
    assert f"{len(data['topics'])} topics" in summary and "%" in summary
    assert covered >= 0.5
    by_topic: dict[str, Counter] = {}
    for c in comments:
        for topic in c["topics"]:
            by_topic.setdefault(topic, Counter())[c["id"].split("-")[0]] += 1
    majority = {}
    for topic, subjects in by_topic.items():
        subject, n = subjects.most_common(1)[0]
        if sum(subjects.values()) >= 3:
            assert n / sum(subjects.values()) >= 0.8, (topic, subjects)  # a topic is about one subject
            majority[topic] = subject
    assert set(majority.values()) == {"heat", "bread", "bike"}
    for subject in ("heat", "bread", "bike"):  # and most of each subject's comments get its topics
        mine = [c for c in comments if c["id"].startswith(subject)]
        hit = sum(1 for c in mine if any(majority.get(t) == subject for t in c["topics"]))
        assert hit / len(mine) >= 0.6, subject


def test_subject_words_become_terms(tmp_path):
    draft, *_ = suggest_and_classify(tmp_path, str(SUBJECTS))
    data = tomllib.loads(draft.read_text(encoding="utf-8"))
    terms = {t for spec in data["topics"].values() for t in spec["strong"] + spec["terms"]}
    for expected in ("heat pump", "bread", "bike", "radweg"):
        assert any(t.lstrip("=").startswith(expected) for t in terms), expected
    assert any(t.startswith(("=wärmepumpe", "wärmepump")) for t in terms) or any(
        t.startswith(("=brot", "brot")) for t in terms)


@pytest.mark.slow
def test_same_bytes_on_every_run(tmp_path):
    """Also across processes with different hash seeds (set and dict orders)."""
    outputs = []
    for seed in ("1", "2"):
        (tmp_path / seed).mkdir()
        out = tmp_path / seed / "draft.toml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "comments", "taxonomy", "suggest", str(SUBJECTS), "-o",
                               str(out), "-q"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_topics_can_be_forced(tmp_path):
    draft, summary, *_ = suggest_and_classify(tmp_path, str(SUBJECTS), extra=("--topics", "7"))
    assert len(load_taxonomy(draft).topics) == 7
    assert "as asked" in summary


def test_stdout_and_errors(tmp_path):
    printed = run("taxonomy", "suggest", str(SUBJECTS), "-o", "-", "-q")
    assert printed.exit_code == 0 and tomllib.loads(printed.stdout)["topics"]
    assert printed.stderr == ""
    few = tmp_path / "few.jsonl"
    few.write_text("".join(SUBJECTS.read_text(encoding="utf-8").splitlines(keepends=True)[:8]), encoding="utf-8")
    failed = run("taxonomy", "suggest", str(few), "-o", str(tmp_path / "x.toml"))
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert [line for line in failed.stderr.splitlines() if line.startswith("error:")] == [
        f"error: taxonomy suggest: 8 substantive comments; at least {sg.MIN_COMMENTS} are needed to discover topics"]
    assert not (tmp_path / "x.toml").exists()
    # a missing input is reported, the others still make the draft
    partly = run("taxonomy", "suggest", str(tmp_path / "missing.jsonl"), str(SUBJECTS), "-o", str(tmp_path / "y.toml"))
    assert partly.exit_code == 1 and "error: " in partly.stderr
    assert load_taxonomy(tmp_path / "y.toml").topics
    # an output that cannot be written: one line naming it, the folder left as it was
    (tmp_path / "folder.toml").mkdir()
    unwritable = run("taxonomy", "suggest", str(SUBJECTS), "-o", str(tmp_path / "folder.toml"), "-q")
    assert unwritable.exit_code == 1 and "Traceback" not in unwritable.output
    assert unwritable.stderr.strip() == f"error: {tmp_path / 'folder.toml'}: is a folder"
    assert not any((tmp_path / "folder.toml").iterdir())


@pytest.mark.slow
def test_lemire_threads(tmp_path):
    folder = corpus("html_wordpress")
    paths = sorted(str(p) for p in folder.glob("*.md"))
    draft, _, _, covered = suggest_and_classify(tmp_path, *paths)
    check_draft(draft)
    assert covered >= 0.5


def test_one_huge_thread_does_not_make_all_topics():
    """The four lemire threads: the Minecraft one has ~70 % of the comments. Balanced,
    every thread leads a topic of its own; unbalanced, the big thread takes most topics
    and the other three share one."""
    folder = corpus("html_wordpress")
    docs = sg.substantive(read(*sorted(folder.glob("*.md"))).threads)
    threads = np.asarray(docs.thread_of)
    sizes = np.bincount(threads)

    def leaders(balance: bool) -> Counter:
        model = sg.TopicDiscovery(n_topics=5, balance=balance).fit(docs)
        top = model.doc_topics_.argmax(axis=1)
        return Counter(int(np.bincount(threads[top == k], minlength=len(sizes)).argmax())
                       for k in range(model.k_) if (top == k).any())

    big = int(sizes.argmax())
    assert sizes[big] / sizes.sum() > 0.6
    balanced, unbalanced = leaders(True), leaders(False)
    assert set(balanced) == set(range(len(sizes)))
    assert balanced[big] <= 2 < unbalanced[big]


def test_reddit_polls_thread(tmp_path):
    path = corpus("reddit/reddit_fo7p5b_announcements_polls.json")
    draft, _, _, covered = suggest_and_classify(tmp_path, str(path))
    check_draft(draft)
    assert covered >= 0.5


def test_summary_says_when_the_draft_covers_too_little():
    topic = DraftTopic("heat_pump", "heat / heat pump", "…", ["heat"], [], 1.0)
    low = sg.Draft("", [topic], 5, {4: 0.1, 5: 0.2, 6: 0.3}, 35, 100, 1).summary("d.toml")
    assert "from 100 substantive comments in 1 thread;" in low and "35% of them (35)" in low
    assert "note: under 50% of the substantive comments get a topic" in low
    fine = sg.Draft("", [topic], 1, {}, 60, 100, 2).summary("-")
    assert "note:" not in fine and "(as asked)" in fine and "written to stdout" in fine


def test_the_draft_header_states_the_reaction_rule_its_strong_terms_obey(tmp_path):
    """The header said "a `strong` term gives a comment the topic on its own", but a short
    comment with one ("Der Klimaschutz ist wichtig.") is a bare reaction and gets none. The
    header now states the rule with its numbers, and classify keeps to it both ways."""
    from comments.classification.reactions import REACTION_TOKENS, REACTION_WORDS
    from comments.classification.classify import classify
    from comments.model.records import Comment, ParsedThread, Thread

    draft = tmp_path / "draft.toml"
    assert run("taxonomy", "suggest", str(SUBJECTS), "-o", str(draft)).exit_code == 0
    header = " ".join(line.lstrip("# ") for line in draft.read_text(encoding="utf-8").splitlines()
                      if line.startswith("#"))
    assert (f"a comment of at most {REACTION_TOKENS} words, at most {REACTION_WORDS} of them neither stop words "
            "nor single letters, is a bare reaction and gets no topic") in header
    taxonomy = load_taxonomy(draft)
    spec = tomllib.loads(draft.read_text(encoding="utf-8"))["topics"]
    topic, word = next((t, s) for t, v in spec.items() for s in v["strong"] if s.isalpha() and len(s) > 4)
    short = Comment(id="a", text=f"Die {word.capitalize()} ist wichtig.", language="de")
    longer = Comment(id="b", text=f"Die {word.capitalize()} ist mir wirklich sehr wichtig, ehrlich gesagt.",
                     language="de")
    threads = [ParsedThread(Thread(thread_id="t"), [short, longer])]
    classify(threads, taxonomy)
    assert short.topics == [] and topic in longer.topics


def test_the_topic_limit_is_one_constant_that_the_cli_and_the_reports_use(tmp_path):
    """MAX_TOPICS was 50 twice (the report advice and typer's max=50): now suggest defines
    it, `--topics` above it is refused naming it, and the advice stops at it."""
    from comments.analyses.sentences import misfit_sentence

    src = Path(sg.__file__).parents[1]
    assert [p.name for p in src.rglob("*.py") if re.search(r"^MAX_TOPICS\s*=", p.read_text(encoding="utf-8"), re.M)] \
        == ["suggest.py"]
    refused = run("taxonomy", "suggest", str(SUBJECTS), "-o", str(tmp_path / "d.toml"), "--topics", str(sg.MAX_TOPICS + 1))
    said = re.sub(r"[\s│]+", " ", refused.output)  # the error box wraps its lines
    assert refused.exit_code == 2 and f"more than the {sg.MAX_TOPICS} topics suggest can draft" in said
    assert not (tmp_path / "d.toml").exists()
    assert f"`--topics {sg.MAX_TOPICS}`" in misfit_sentence((0.7, 400), draft=(sg.MAX_TOPICS - 1, 1, 400))
    assert "cannot draft more topics" in misfit_sentence((0.7, 400), draft=(sg.MAX_TOPICS, 1, 400))


@pytest.mark.parametrize("languages, example", [
    (("en",), '("Climate action matters.")'), (("de",), '("Klimaschutz ist wichtig.")'),
    (("de", "en"), '("Klimaschutz ist wichtig.", "Climate action matters.")')])
def test_the_header_example_of_a_bare_reaction_is_in_the_corpus_languages(tmp_path, languages, example):
    """The draft header showed a German example ("Klimaschutz ist wichtig.") to a corpus of
    English comments: it now shows one per language of the substantive comments, each a
    bare reaction in its language."""
    from comments.text.tokens import tokenize

    lines = [line for line in SUBJECTS.read_text(encoding="utf-8").splitlines()
             if any(f'-{lang}-' in line.split('"id": "', 1)[1][:12] for lang in languages)]
    data = tmp_path / "subjects.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    draft = tmp_path / "draft.toml"
    assert run("taxonomy", "suggest", str(data), "-o", str(draft)).exit_code == 0
    header = " ".join(line.lstrip("# ") for line in draft.read_text(encoding="utf-8").splitlines()
                      if line.startswith("#"))
    assert f"is a bare reaction and gets no topic {example}." in header, header
    for lang in languages:
        assert is_reaction(tokenize(sg.REACTION_EXAMPLES[lang]), lang)


def test_the_header_groups_a_count_over_999(tmp_path):
    """"from 1080 substantive comments": the draft's header and description now group it."""
    rows = [json.loads(line) for line in SUBJECTS.read_text(encoding="utf-8").splitlines()]
    data = tmp_path / "many.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"{r['id']}-{k}", "thread_id": f"{r['thread_id']}-{k}",
                                        "parent_id": r["parent_id"] and f"{r['parent_id']}-{k}"},
                                       ensure_ascii=False) + "\n" for k in range(15) for r in rows), encoding="utf-8")
    draft = tmp_path / "draft.toml"
    assert run("taxonomy", "suggest", str(data), "-o", str(draft), "--topics", "6").exit_code == 0
    text = draft.read_text(encoding="utf-8")
    grouped = re.search(r"from (\d{1,3}(?:,\d{3})+) substantive comments", text)  # 72 comments × 15, less reactions
    assert grouped and int(grouped[1].replace(",", "")) > 999, text[:400]
    assert tomllib.loads(text)["description"].startswith(f"Topics discovered in {grouped[1]} comments of")


def tweets(tmp_path: Path) -> Path:
    """The subjects fixture written as GermEval 2018's tweets are: each reply opens with the
    handles it answers (two per thread, recurring), every third has "|LBR|" line breaks."""
    handles = ["krippmarie", "jouwatch", "feldenfrizz", "macmike", "tagesschau", "welt", "anna_IIna", "Ralf_Stegner"]
    threads: dict[str, int] = {}
    lines = []
    for i, line in enumerate(SUBJECTS.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        t = threads.setdefault(record["thread_id"], len(threads))
        text = record["text"].replace(". ", ". |LBR| ") if i % 3 == 0 else record["text"]
        record["text"] = f"@{handles[2 * t % 8]} @{handles[(2 * t + 1) % 8]} {text}"
        lines.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path / "tweets.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_handles_and_placeholders_make_no_topics(tmp_path):
    """GermEval 2018 gave topics such as `feldenfrizz_macmike` (strong "feldenfrizz", "macmike")
    and `lbr_illegal` (strong "=lbr"): handles, which classify does not read as topic words,
    and the "|LBR|" line-break placeholder. The draft now holds the words classify matches:
    the same topics as the corpus without handles, none of their words a handle or "lbr"."""
    assert_plain_topics_without(tmp_path, tweets(tmp_path), {"krippmarie", "jouwatch", "feldenfrizz", "macmike",
                                                            "tagesschau", "welt", "anna", "iina", "ralf", "stegner",
                                                            "lbr"})


def assert_plain_topics_without(tmp_path: Path, path: Path, left_out: set[str]) -> None:
    """The draft of ``path`` (the subjects fixture with words added) has the plain fixture's
    topics, none of its words in ``left_out``, and covers ≥ 85 % of the comments (the plain
    fixture: 88 %; its words of two comments make no terms, ``MIN_DOCS``)."""
    draft, summary, comments, covered = suggest_and_classify(tmp_path, str(path))
    data = check_draft(draft)
    plain = run("taxonomy", "suggest", str(SUBJECTS), "-o", "-", "-q")
    assert set(data["topics"]) == set(tomllib.loads(plain.stdout)["topics"])
    words = {w for spec in data["topics"].values() for t in spec["strong"] + spec["terms"]
             for w in t.lstrip("=").split()}
    assert not words & left_out
    assert covered >= 0.85


def test_no_phrase_spans_a_left_out_handle_placeholder_or_address():
    corpus = sg.Corpus()
    corpus.add("@krippmarie Merkel |LBR| Tagesschau https://example.org/welt Wahlkampf @welt Umfrage", "de", 0)
    assert corpus.docs == [["merkel", "tagesschau", "wahlkampf", "umfrage"]]


def test_the_summary_shares_are_what_classify_gives(tmp_path):
    """One Million Posts: `posting_bitten 42%` in the summary, 25.9 % of the comments after
    classify, and five shares adding up to 101 % under "36 % get a topic". Each topic's figure
    is now the share of the substantive comments classify gives it with the draft."""
    draft, summary, comments, covered = suggest_and_classify(tmp_path, str(tweets(tmp_path)))
    substantive = substantive_records(comments)
    given = Counter(t for c in substantive for t in c["topics"])
    lines = summary.splitlines()
    assert lines[1] == "  per topic, the share of them classify gives it (a comment may get several):"
    shown = {line.split()[0]: line.split()[1] for line in lines[2:2 + len(given)]}
    assert shown == {t: f"{n / len(substantive):.0%}" for t, n in given.items()}
    order = list(tomllib.loads(draft.read_text(encoding="utf-8"))["topics"])
    assert order == list(shown) == sorted(given, key=lambda t: (-given[t], t))  # the file lists them so too


def test_own_words_leave_out_quoted_lines_also_inside_list_items():
    """A quote inside a list item ("1. > …", as the readers render it) is another comment's words."""
    from comments.classification.suggest import own_words

    text = "Der Reihe nach:\n\n1. > weniger Lärm\n\n   > bessere Luft\n\n- &gt; Schulwege\n- Zebrastreifen"
    kept = own_words(text)
    assert "Lärm" not in kept and "Luft" not in kept and "Schulwege" not in kept
    assert "Der Reihe nach" in kept and "Zebrastreifen" in kept


def greeted(tmp_path: Path) -> Path:
    """The subjects fixture written as a blog's comment section is: each comment opens with a
    salutation to a commenter and closes with a sign-off and the writer's name (names recurring
    across threads), as on a recipe or hair-care blog."""
    names = ["Claudia", "Petra", "Sabine", "Monika", "Renate", "Melanie", "Sara", "Paul"]
    lines = []
    for i, line in enumerate(SUBJECTS.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        to, by = names[i % 8], names[(3 * i + 1) % 8]
        german = "-de-" in record["id"]
        opening = (f"Liebe {to}, " if i % 2 else f"Hallo {to}! ") if german else (
            f"Hi {to}, " if i % 2 else f"Dear {to}, ")
        closing = (f"\nLiebe Grüße\n{by}" if i % 2 else f" LG {by}") if german else (
            f"\nThanks {by}" if i % 2 else f"\nCheers {by}")
        record["text"] = opening + record["text"] + closing
        lines.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path / "greeted.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_greetings_sign_offs_and_the_names_they_address_make_no_topics(tmp_path):
    """A hair-care blog's 21 comments gave the topics `liebe_gruss` ("liebe grüße / hallo"),
    `farbe_claudia`, `glueck_petra`, `renate_ergebnis`: greetings and the commenters they address
    or sign with. The draft of a corpus written so has the plain corpus's topics, none of its
    words a greeting, sign-off or name."""
    assert_plain_topics_without(tmp_path, greeted(tmp_path), {"claudia", "petra", "sabine", "monika", "renate",
                                                              "melanie", "sara", "paul", "liebe", "hallo", "grüße",
                                                              "lg", "hi", "dear", "thanks", "cheers"})


@pytest.mark.parametrize("text, kept", [
    ("Liebe Claudia, das Rezept ist toll.", ", das Rezept ist toll."),
    ("Super Tipp! Liebe Grüße\nMonika", "Super Tipp! "),
    ("Lieber Herr Herzke, nur hierzu", ", nur hierzu"),
    ("Thanks Paul, the lemon tree grew.", ", the lemon tree grew."),
    ("Liebe Grüße!", "!"),
    ("Danke für das Rezept, die Liebe zum Detail", "Danke für das Rezept, die Liebe zum Detail"),
    ("Thanks. Lemon trees need sun", "Thanks. Lemon trees need sun"),
    ("Frau Merkel und Herr Putin", "Frau Merkel und Herr Putin"),  # named, not addressed: may be a topic
])
def test_an_address_is_left_out_with_its_name(text, kept):
    assert "".join(sg.unaddressed(text)) == kept


def test_the_hair_care_blog_draft_names_no_commenter_and_no_greeting(tmp_path):
    path = corpus("html_comments/happyface313.com__plantur.html")
    draft, summary, comments, covered = suggest_and_classify(tmp_path, str(path))
    data = check_draft(draft, fewest=4)  # 21 comments: one of the 5 topics has no words of its own
    assert "1 topic of the 5 without words of its own left out" in summary.splitlines()[0], summary
    labels = " ".join(spec["label"].lower() for spec in data["topics"].values())
    for word in ("liebe grüße", "hallo", "claudia", "petra", "renate", "natascha", "miriam", "sabine", "lisa"):
        assert word not in labels, labels
    assert covered >= 0.5


@pytest.mark.parametrize("comments, tried", [(29, [5]), (30, [5, 6]), (72, list(range(5, 15)))])
def test_at_most_one_topic_per_five_comments(comments, tried):
    """k is chosen among at most one topic per ``COMMENTS_PER_TOPIC`` substantive comments (at
    least 5): a 25-comment gardening page gave 15 topics of 2-4 comments each."""
    corpus = sg.Corpus()
    for i, line in enumerate(SUBJECTS.read_text(encoding="utf-8").splitlines()[:comments]):
        record = json.loads(line)
        corpus.add(record["text"], "de" if "-de-" in record["id"] else "en", i // 12)
    model = sg.TopicDiscovery().fit(corpus)
    assert sorted(model.explained_)[1:-1] == tried and model.k_ in model.candidates_
    assert set(model.candidates_) <= set(tried)


def test_a_small_page_gets_a_few_topics_and_the_summary_says_why(tmp_path):
    path = corpus("html_comments/youhadmeatgardening.com__lemon.html")
    draft, summary, comments, covered = suggest_and_classify(tmp_path, str(path))
    check_draft(draft)
    assert summary.startswith("5 topics (the fewest it drafts: under 30 substantive comments allow no more) from 25 "
                              "substantive comments"), summary
    assert covered >= 0.6


def test_topics_above_what_suggest_can_draft_is_an_error_naming_the_most(tmp_path):
    """`--topics 20` on a 25-comment page wrote 15 topics and said "15 topics (as asked)"."""
    path = corpus("html_comments/backenmachtgluecklich.de__zitronenkuchen.html")
    out = tmp_path / "t20.toml"
    result = run("taxonomy", "suggest", str(path), "--topics", "20", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    error = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    most = re.fullmatch(r"error: taxonomy suggest: 20 topics asked, but (?:only \d+ of them have words of their "
                        r"own: )?the most it can draft here is (\d+) .*use --topics \1 or fewer\)", error[0])
    assert len(error) == 1 and most, result.stderr
    assert "as asked" not in result.stderr


def test_sign_offs_closings_and_parent_quotes_are_not_the_commenters_words():
    assert sg.own_parts("Der Teig war zu fest.\nViele Grüße, Kathrin") == ["Der Teig war zu fest.\n"]
    assert sg.own_parts("Keynes irrt hier.\nMFG\nDr. Webbaer", None, "Dr. Webbaer") == ["Keynes irrt hier.\n"]
    assert sg.own_parts("Gut gesagt.\n-- Georg Quaas", None, "GeorgQuaas") == ["Gut gesagt."]
    assert sg.own_parts("Tolle Idee. Ich backe ihn morgen!\nSchönes Wochenende und liebe Grüße, Jessica!") == \
        ["Tolle Idee. Ich backe ihn morgen!\n"]
    assert sg.own_parts("Ein Satz mit Inhalt, liebe Grüße") == ["Ein Satz mit Inhalt, liebe Grüße"]  # one sentence
    # a reply quoting six or more words of its parent, in <em> or indented: the quote is left out, no phrase across it
    parent = "Most Europeans speak English, so commercial oriented software need not be translated."
    reply = "  Most Europeans speak English, so commercial oriented software\nThat is not what I see in Germany."
    assert sg.own_parts(reply, parent) == ["\nThat is not what I see in Germany."]
    assert sg.own_parts("Europeans speak many languages here.", parent) == ["Europeans speak many languages here."]


def test_quote_and_closing_removal_is_linear():
    """Eight times the text (a reply quoting its parent whole, then a run of sign-offs) takes about eight times the
    time, not 64 (the best of three runs each: the machine is shared)."""
    import time

    def took(n: int) -> float:
        text, parent = "wort " * n + "lg " * (n // 4) + ".", "wort " * n
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            sg.own_parts(text, parent)
            best = min(best, time.perf_counter() - start)
        return best

    assert took(160_000) < 24 * took(20_000) + 0.1


def commented(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A one-thread JSONL corpus of (author, text, parent id or "") rows."""
    records = [{"record": "comment", "site": "s", "thread_id": "t", "id": str(i), "parent_id": p or None,
                "author": a, "text": text} for i, (a, text, p) in enumerate(rows)]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_one_authors_words_and_the_commenters_names_make_no_terms(tmp_path):
    """The subjects fixture with one commenter, "Dr. Webbaer", who adds his idiolect ("derart", "bspw") to every
    comment and signs "MFG Dr. Webbaer", while others address him as "Herr Webbaer" and "@ Webbaer": none of
    those words is a term or a label (a term needs 3 comments of 2 authors; a commenter's name is no topic)."""
    rows = []
    for i, line in enumerate(SUBJECTS.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        if i % 4 == 0:
            rows.append(("Dr. Webbaer", record["text"] + " Derart bspw sozusagen.\nMFG\nDr. Webbaer", ""))
        else:
            rows.append((record["author"], ("Herr Webbaer, " if i % 4 == 1 else "@ Webbaer ") + record["text"], ""))
    draft, summary, comments, covered = suggest_and_classify(tmp_path, str(commented(tmp_path, rows)))
    data = check_draft(draft)
    words = {w for spec in data["topics"].values() for t in spec["strong"] + spec["terms"] + [spec["label"].lower()]
             for w in re.split(r"[ /=]+", t)}
    assert not words & {"derart", "bspw", "sozusagen", "webbaer", "mfg", "dr"}, words
    assert covered >= 0.8


def test_strong_terms_are_specific_to_their_topic_in_the_corpus(tmp_path):
    """staticman's draft had strong "extra", "expensive", "helpful", "enable", "assum", "=accurate": words of every
    stylus, each giving a topic on its own ("This seems extra expensive but helpful" got 5 topics). A strong term now
    has most of its comments in its topic (``STRONG_PRECISION``, ``STRONG_LIFT``): those are ordinary terms at most."""
    draft, _, _, covered = suggest_and_classify(tmp_path, str(corpus("staticman")))
    data = check_draft(draft)
    strong = {t.lstrip("=") for spec in data["topics"].values() for t in spec["strong"]}
    assert not strong & {"extra", "expensive", "helpful", "enable", "assum", "accurate"}, strong
    assert covered >= 0.6


def test_the_topic_count_gives_every_topic_five_comments_and_is_not_the_cap(tmp_path):
    """staticman's 75 comments of one thread gave 14 topics (the cap: one per 5 comments) of 2-5 comments each."""
    threads = Corpus_of(corpus("staticman"))
    model = sg.TopicDiscovery().fit(sg.substantive(threads))
    assert model.k_ in model.candidates_ and model.k_ < 15
    main = np.argmax(model.doc_topics_, axis=1)
    assert min(np.bincount(main, minlength=model.k_)) >= sg.MIN_TOPIC_COMMENTS - 2  # the full fit, not the sample


def Corpus_of(path: Path):
    from comments.api.corpus import read

    return read(path).threads


def test_the_summary_names_the_threads_no_comment_of_gets_a_topic():
    topic = DraftTopic("heat_pump", "heat / heat pump", "…", ["heat"], [], 1.0)
    summary = sg.Draft("", [topic], 1, {}, 60, 100, 3, uncovered=[("exxpress.at: Zähne", 21),
                                                                  ("californiaglobe.com: Amazon", 11)]).summary("-")
    assert ("no topic for any substantive comment of 2 threads (its substantive comments): exxpress.at: Zähne (21), "
            "californiaglobe.com: Amazon (11)") in summary


def test_labels_show_written_forms_that_the_terms_match(tmp_path):
    """"Rezept / tollen" showed the lemma of "tolle"; "Zahn" was a label word no term matched."""
    draft, _, _, _ = suggest_and_classify(tmp_path, str(SUBJECTS))
    data = check_draft(draft)
    for spec in data["topics"].values():
        terms = [t.lstrip("=") for t in spec["strong"] + spec["terms"]]
        for word in spec["label"].lower().split(" / "):
            assert any(word.startswith(t) or word == t for t in terms), (spec["label"], terms)



@pytest.mark.parametrize("text", ["Atomkraft ist teuer, und das Endlager fehlt.\nAtomkraft? Nein danke.",
                                  "Reactors take decades to build.\nNuclear is expensive",
                                  "The court decided. Cheers to the EU for this ruling.",
                                  "Reactors take decades to build.\nAnn"])
def test_a_short_last_line_that_is_no_sign_off_is_kept(text):
    """A last line of three words or a last sentence with "cheers" was cut as a sign-off; only a greeting with
    at most a name, or the author's own name alone, is one ("Ann" here is not the author "Bob")."""
    assert "".join(sg.own_parts(text, None, "Bob")) == text


def test_a_commenters_name_takes_no_topic_word_from_the_corpus():
    """Commenter names were split at capitals and dropped everywhere: an author "NuclearFan" removed "nuclear"
    from a corpus half about nuclear power. A name is left out only where it addresses or signs."""
    from comments.model.records import Comment, ParsedThread, Thread

    texts = ["Nuclear power plants need long build times.", "Nuclear waste storage is unsolved.",
             "Nuclear energy is low carbon but nuclear reactors cost a lot.", "Wind parks and nuclear plants compete.",
             "The nuclear debate is about cost and waste."]
    other = ["Tomatoes need sun and water.", "My garden soil is sandy.", "Basil grows well next to tomatoes.",
             "Water the garden soil early.", "Sandy soil drains water fast."]
    comments = [Comment(id=str(i), thread_id="t", author="NuclearFan" if i == 0 else f"user{i % 7}",
                        text=(texts if i < 30 else other)[i % 5] + f" Point {i}.", language="en")
                for i in range(60)]
    corpus = sg.substantive([ParsedThread(Thread(site="s", thread_id="t"), comments)])
    assert any("nuclear" in doc for doc in corpus.docs)


def test_quotes_of_one_long_parent_by_many_replies_take_linear_time():
    """Each reply rebuilt its parent's 6-word runs (a 40,000-word parent with 1,000 replies: 31 s); they are built
    once per parent: four times the parent and the replies take about four times the time, not 16 (best of 3)."""
    import time

    from comments.model.records import Comment, ParsedThread, Thread

    def took(n: int) -> float:
        parent = " ".join(f"wort{i % 997} satz{i % 991}" for i in range(n * 50))
        comments = [Comment(id="p", thread_id="t", author="a", text=parent, language="de")]
        comments += [Comment(id=str(i), thread_id="t", parent_id="p", author=f"u{i}", language="de",
                             text=f"Antwort {i} zum Thema Heizung und Wärmepumpe.") for i in range(n)]
        threads = [ParsedThread(Thread(site="s", thread_id="t"), comments)]
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            sg.substantive(threads)
            best = min(best, time.perf_counter() - start)
        return best

    assert took(400) < 8 * took(100) + 0.1


@pytest.mark.parametrize("k, most, advice", [(5, 50, ", or try --topics 15)"), (5, 9, ", or try --topics 9)"),
                                             (9, 9, "(suggest a taxonomy per debate)")])
def test_the_low_coverage_note_advises_only_a_topic_count_allowed(k, most, advice):
    """The note advised "--topics 15" where at most 9 topics could be drafted: it names at most the most allowed,
    and no count at all when the draft has that many already."""
    topic = DraftTopic("heat_pump", "heat / heat pump", "…", ["heat"], [], 1.0)
    summary = sg.Draft("", [topic], k, {}, 30, 100, 3, most=most).summary("-")
    note = summary.splitlines()[-1]
    assert note.startswith("note: under 50%") and note.endswith(advice), note


def test_fillers_make_no_terms_while_the_nouns_they_resemble_stay():
    """Modal particles, hedges, intensifiers and the verbs of "I think" carry how a thing is
    said, not what it is about: on One Million Posts the largest drafted topic was "halt / eh /
    Problem" (strong terms eh, ehesten). They are topic stop words (``suggest.FILLERS``), as
    written forms, so the nouns "Glaube" and "Ehe" stay while "glaube" and "eh" go."""
    docs = sg.Corpus()
    docs.add("Ich glaube, der Glaube an die Ehe ist halt eh am ehesten Privatsache. Denk ich mir "
             "zumindest, najo, irgendwie ur wurscht.", "de", 0)
    docs.add("Honestly I guess the app basically crashes every time, I think. Hope they fix the "
             "Android version, damn.", "en", 0)
    assert docs.docs == [["glaube", "ehe", "privatsache", "wurscht"], ["app", "crash", "time", "android", "version",
                                                                        "android version"]]
    assert sg.FILLERS["de"] <= sg.topic_stop_words("de") and sg.FILLERS["en"] <= sg.topic_stop_words("en")


@pytest.mark.slow
def test_one_million_posts_draft_no_filler_topic():
    """Real Austrian German (the first ~2,500 comments of One Million Posts' dev file, whole
    threads): the draft had topics "halt / ah / Licht" and "glaub / Hotel / eh"; no topic's
    label, strong term or term is a filler now."""
    threads, size = [], 0
    for pt in read(corpus("labeled_de/one_million_posts/posts_labeled_dev.csv.xz")).threads:
        if size >= 2500:
            break
        threads.append(pt)
        size += len(pt.comments)
    draft = sg.suggest(threads, None, name="omp")
    fillers = sg.FILLERS["de"] | sg.FILLERS["en"]
    for topic in draft.topics:
        words = {w.lower() for w in re.split(r"[ /]+", topic.label)}
        words |= {w.lstrip("=") for term in topic.strong + topic.terms for w in term.split()}
        assert not words & fillers, (topic.id, sorted(words & fillers))
