"""Rebuild the default tone and topic models shipped in ``src/comments/data/models/``.

Trained on the ``train`` split of our labelled corpus (``data/labelled/``, texts re-read
from ``../shared/corpora/``; its 5,009 GermEval 2018 tweets — every tweet of that training
file, labelled by us — are CC BY 4.0, Wiegand, Siegel & Ruppenhofer 2018). No held-out set
is ever read here. Settings (C, cue-feature weight, word weight, source weights) are chosen by the **source
criterion** (``SOURCES``: each source predicted by folds that hold it out, the mean over
sources of per-source micro-F1); both it and thread-grouped CV are printed for every
candidate. Thresholds and Platt calibration come from 5-fold cross-validation grouped by
thread inside the training split (GermEval tweets in a few seeded random buckets).
Deterministic: the same inputs give the same bytes.

    python benchmarks/train_defaults.py                 # write the shipped tone model
    python benchmarks/train_defaults.py --cv            # compare tone settings (both criteria)
    python benchmarks/train_defaults.py --topics        # write the shipped topic model
    python benchmarks/train_defaults.py --topics-cv     # term rule vs. learned topics (both criteria)
    ... --cv --only 0,3   /   --topics-cv --only 1        # only those candidates (indices into the list)

The topic model (``classification/topic_model.py``) has the default taxonomy's term
evidence read in thread context as its features.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from labelled_corpus import CORPORA, GERMEVAL18, TEAM_SOURCES, TONES, read_labels, team_rows  # noqa: E402

OUT = ROOT / "src" / "comments" / "data" / "models" / "tone"
BUCKETS = 5  # GermEval tweets have no threads: seeded random buckets stand in for them
SEED = 20261122
ATTRIBUTION = ("Trained on the comments project's labelled corpus (training split: lemire.me comments, MIT; "
               "Reddit threads recorded by PRAW, BSD-2-Clause; Staticman comments, MIT; a Hacker News item, Free "
               "Public License 1.0; a CC0 German blog) and on GermEval 2018 (Wiegand, Siegel & Ruppenhofer 2018, "
               "https://github.com/uds-lsv/GermEval-2018-Data), CC BY 4.0. See LICENSES/README.md.")
#: what each team-written source adds to the credit of a model trained on it
TEAM_CREDITS = {"forum8": "forum8, news-forum comments written by AI sessions of the project's team, MIT",
                "forum13": "forum13, everyday comment-section comments (recipes, hobbies, how-tos, travel, product "
                           "help) written by AI sessions of the project's team, MIT"}


def attribution(settings: dict) -> str:
    """The credit line of a model trained with ``settings``: the real sources, and each team-written
    source it trains on (weight > 0)."""
    team = [TEAM_CREDITS[name] for name in TEAM_SOURCES if settings.get(name)]
    return ATTRIBUTION.replace("a CC0 German blog)", "; ".join(["a CC0 German blog", *team]) + ")")


#: chosen by ``--cv`` (see docs/models.md). Session 7, language-weighted criterion (source-held-out) /
#: thread-held-out pooled micro-F1: wave-5 settings (sources weighted equally) 0.583 / 0.663; nine candidates lie
#: within ``TIE`` of the best (by language, cues ×6: 0.585 / 0.672); of them **sources weighted by language with
#: hostile's positives ×2, 0.582 / 0.673**, has the best thread-held-out CV (all figures: docs/models.md)
#: Session 8 (same criterion, forum8 as training data only; docs/models.md): forum8 ×1 0.613 / 0.674, **×2 0.611 / 0.669**,
#: ×4 0.608 / 0.655 (0.0051 below the best: not tied), session 7's settings 0.582 / 0.673; the larger forum8 weight
#: within ``TIE`` of the best wins: ×2
#: Session 13 (the session-13 rule above; docs/models.md): the shipped settings 0.611 / 0.669; calibration by language
#: 0.610 / 0.673; critical's threshold by macro-F1 0.569 / 0.651, with calibration by language 0.570 / 0.657;
#: forum13 ×1 **0.617** / 0.671, **×2 0.614 / 0.669**, ×4 0.610 / 0.655 (0.007 below the best: not tied), ×2 with
#: calibration by language 0.615 / 0.671. Tied: forum13 ×1, ×2, ×2 with calibration by language; the larger
#: forum13 weight wins (×2), then the simpler model (no calibration change): forum13 ×2
#: Session 14 (the session-14 rule below; docs/models.md): the shipped settings 0.614 / 0.669; floors 26, 27, 28
#: each **0.615** / 0.669 (source-held-out ``hostile``: Reddit 0.61 → 0.65, tweets 0.52 → 0.52), 29 0.615 / 0.669
#: (Reddit ``hostile`` 0.67). All tied; a floor wins over none, then the simplest floor (26), then the one covering
#: more of SPEC's definition: 29, tone.toml's ``hostile_floor`` lists of both languages, no masked vulgarity
#: Session 15 (the session-15 rule below): the shipped settings (29) 0.615 / 0.669; 30, reading no "> " quoted line,
#: **0.618** / 0.668 (Reddit 0.61 → 0.62, tweets 0.59 → 0.60, blogs 0.66 → 0.65; source-held-out ``hostile`` unchanged,
#: Reddit 0.67, tweets 0.52). Tied (and 30 higher): 30 ships, the definitional choice
#: Session 16 (the session-16 rule below; docs/models.md): the shipped settings (30) 0.618 / 0.668; 31 joint micro-F1
#: thresholds 0.618 / 0.676; 32 reply context (measured only) 0.616 / 0.669; 33 ``critical`` C 0.03 0.617 / 0.666;
#: 34 both 0.618 / 0.674; 35 stacked calibration **0.628** / 0.672; 36 stacked for ``critical`` only 0.623 / 0.668.
#: 35 is the only one more than ``TIE`` above 30 by a clear margin and the best: 35 ships
#: Session 17 (the session-17 rule below; docs/models.md), criterion to five places / thread-held-out: the shipped
#: settings (35) 0.62804 / 0.672; 37 reply, parent asks 0.63278 / 0.668; 38 with answers, corrects, agrees 0.63107 /
#: 0.673; 39 reply only 0.63223 / 0.673; 40 answers, corrects, agrees 0.63044 / 0.677. None more than ``TIE`` above 35:
#: 35 stays (the plumbing for context columns stays in classify; the shipped model names none)
#: Session 19 (the session-19 rule below; docs/models.md), criterion to five places: the shipped settings (35) 0.62804;
#: 41 cue features by language 0.63480 and 46 (41 + 42 + 43) 0.63689 are more than ``TIE`` above 35, and tied (46
#: best); the simpler wins: 41 (``surface`` ["by_language"]: model.json ``"cues_by_language": true``). Not shipped:
#: its rebuilt model (``SETTINGS = CANDIDATES[41]``, byte for byte on a second run) fails three behaviour tests of the
#: shipped model (a plain criticism of an article ``hostile``; stacking no longer lowers ``critical`` on every friendly
#: comment; docs/models.md "Session 19"), so 35 stays and the choice goes to the lead
#: Session 20 (the session-20 rule below; docs/models.md "Session 20"), thread-held-out micro-F1 (35's five folds: sd
#: 0.0134, the margin a gain must exceed): 35 0.672; 47 C 0.03 0.669; 48 C 0.3 0.669; 49 character n-grams for hostile
#: and sarcastic 0.677; 50 separate character head 0.670; 51 hostile ×3, sarcastic ×2 0.672; 52 NB scaling 0.674; 53 NB
#: scaling for hostile and sarcastic 0.671. None more than the spread above 35: 35 stays. 54 (character n-grams for every
#: tone; added after the others ran, information only by its rule): 0.688, all five folds higher (+0.007 to +0.024),
#: source criterion 0.64516 against 35's 0.62826 — handed to the lead (speed guard, behaviour tests) to rule on
#: Session 24 (the session-24 rule below; docs/models.md "Session 24"), thread-held-out micro-F1 (35: 0.67247, its
#: folds' sd 0.01339): 55 per-word view, mean 0.676; 56 the same for four tones 0.670; 57 per-word view over √n
#: 0.68556 (+0.01309, all five folds higher; source criterion 0.64293). None more than the spread above 35: 35 stays
SETTINGS = {"chars": False, "c": 0.1, "hand_weight": 3.0, "objective": "positive", "source_balance": "language",
            "positive_weight": {"hostile": 2.0}, "forum8": 2.0, "forum13": 2.0, "floor": "both", "unquoted": True,
            "calibrate": "stacked"}
#: what ``--cv`` compares (wave 5: 6,080 training comments, 5,009 of them tweets), source-macro with source-held-out
#: folds / pooled micro-F1 with thread-held-out folds, 2026-11-22: the previous settings (unweighted) 0.571 / 0.682;
#: **sources weighted equally 0.596 / 0.663** (shipped), ^0.75 0.593 / 0.670, ^0.5 0.587 / 0.675; unweighted C 0.05
#: 0.567 / 0.673, C 0.2 0.561 / 0.680, cues ×6 0.573 / 0.680, cues ×1.5 0.571 / 0.681; equal weights with
#: C 0.05 0.590 / 0.653, C 0.2 0.588 / 0.668, cues ×6 0.596 / 0.664, cues ×1.5 0.595 / 0.661, character n-grams
#: 0.569 / 0.676 (and 30× slower). Equal weights win on the Reddit and blog folds (0.56 → 0.62, 0.59 → 0.62) and
#: lose on the tweets (0.56 → 0.54; hostile held out by source 0.47 → 0.35)
#: session 7 (language-weighted criterion, see ``source_macro``): source weighting schemes, and per-label class
#: weights and regularisation for the two weakest tones
_TONE = {"chars": False, "c": 0.1, "hand_weight": 3.0, "objective": "positive"}
CANDIDATES = (dict(_TONE), dict(_TONE, source_balance=1.0), dict(_TONE, source_balance="language"),
              dict(_TONE, source_balance=0.5),
              dict(_TONE, source_balance="language", positive_weight={"hostile": 2.0}),
              dict(_TONE, source_balance="language", positive_weight={"hostile": 1.5, "sarcastic": 1.5}),
              dict(_TONE, source_balance=1.0, positive_weight={"hostile": 2.0}),
              dict(_TONE, source_balance="language", label_c={"hostile": 0.2, "sarcastic": 0.2}),
              dict(_TONE, source_balance="language", label_c={"hostile": 0.05, "sarcastic": 0.05}),
              dict(_TONE, source_balance="language", hand_weight=6.0), dict(_TONE, source_balance="language", c=0.05),
              dict(_TONE, source_balance="language", c=0.2), dict(_TONE, source_balance=0.75))
#: session 8 (indices 13-): the shipped settings with character n-grams (for ``hostile``'s compounds; 17: for
#: ``hostile`` only, the other tones' weights on them zero), and with the team-written ``forum8`` rows at
#: weights 1, 2, 4 (× an average real comment of their language)
_SESSION7 = CANDIDATES[4]
CANDIDATES += (dict(_SESSION7, chars=True), dict(_SESSION7, forum8=1.0), dict(_SESSION7, forum8=2.0),
               dict(_SESSION7, forum8=4.0), dict(_SESSION7, chars=True, char_labels=["hostile"]))
#: session 9 (index 18): the shipped settings with ``HOSTILE_CUES`` added to the tone cue lists (``insult`` and
#: ``belittle``, German and English): group disparagement and belittling without swear words, written from
#: LABELLING.md's definition of ``hostile`` ("insults and name-calling of people or groups ('parrot'),
#: dehumanising or belittling people") and general knowledge — never from held-out or GermEval 2021 text
CANDIDATES += (dict(CANDIDATES[15], hostile_cues=True),)
#: session 13 (indices 19-21; issue #11, everyday comment sections): the shipped settings with Platt scaling and
#: thresholds per language (``calibrate="language"``: the diagnosis, ``diagnose_tone.py``, found English
#: ``critical`` over-confident — out-of-fold probability 0.75 where 51 % are critical), with ``critical``'s
#: threshold chosen by macro-F1 of both classes instead of positive F1 (its base rate is 66 % in German and 43 % in
#: English, where positive F1 favours recall: R 0.97 / 0.87 at P 0.71 / 0.50), and both (see :func:`recalibrate`)
_SESSION8 = CANDIDATES[15]
CANDIDATES += (dict(_SESSION8, calibrate="language"), dict(_SESSION8, objective_by={"critical": "macro"}),
               dict(_SESSION8, calibrate="language", objective_by={"critical": "macro"}))
#: (indices 22-) the shipped settings with the team-written everyday source ``forum13`` at weights 1, 2, 4 (× an
#: average real comment of its language), and ×2 with calibration by language
CANDIDATES += tuple(dict(_SESSION8, forum13=k) for k in (1.0, 2.0, 4.0)) + (
    dict(_SESSION8, forum13=2.0, calibrate="language"),)
#: session 14 (indices 26-28; issue #11: ``hostile`` misses a plain insult in a short comment — "Was für ein
#: Arschloch." 0.19 against the threshold 0.289): the shipped settings with the **definitional floor** (SPEC calls
#: insults and vulgarity hostile, so a comment with an unambiguous one outside quoted text is ``hostile`` whatever
#: the model says; ``tone.floor_hits``): 26 tone.toml's ``hostile_floor`` list (written from general knowledge
#: before any training comment was read), 27 that list and masked vulgarity (``d*ck``, ``A****loch``), 28 the same,
#: each term (masked vulgarity counting as one) dropped when the fold's training rows hold it in at least
#: ``FLOOR_SUPPORT`` real comments with a gold ``hostile`` share below ``FLOOR_PRECISION``
_SESSION13 = CANDIDATES[23]
CANDIDATES += tuple(dict(_SESSION13, floor=kind) for kind in ("terms", "masked", "precision"))
#: (index 29, added after 26-28 were run, before it was: ``classify`` read "Halt's Maul." as English, whose list
#: lacks it — a short comment's language is often guessed wrong) 26 with both languages' lists in every comment
CANDIDATES += (dict(_SESSION13, floor="both"),)
#: session 15 (index 30; the review: "> Du Idiot\nDa hast du recht." 0.91 hostile from the learned model alone, the
#: floor skips quoted text): the shipped settings (29) with the tone model reading each comment without its "> "
#: quoted lines (``tone.own_lines``), in training and in prediction; the floor unchanged (it already skips them)
CANDIDATES += (dict(CANDIDATES[29], unquoted=True),)
#: session 16 (indices 31-34; issue #11 tone quality; the session-16 rule below; docs/models.md "Session 16"). The
#: source-held-out predictions of the shipped settings (30) give ``critical`` to 98-99 % of every held-out source
#: (gold: blogs 27 %, Reddit 58 %, tweets 66 %; its threshold 0.272 by positive F1), and the weaker labels' own-F1
#: thresholds buy recall with false positives (tweets: ``informative`` 1,605, ``questioning`` 435, ``supportive``
#: 463). 31: the six thresholds chosen together to maximise the micro-F1 over all tones (``thresholds="micro"``,
#: ``calibration.micro_thresholds``, starting from the positive-F1 ones; the target is a micro-F1) instead of each
#: label's own F1. 32: the reply context as two cue features (``context``: the comment answers another; its parent
#: asks a question — LABELLING.md reads a comment with its parent: an answer to a question is informative, a
#: correction of the parent critical); measured only (``classify`` gives the tone model no parent yet). 33: ``critical``
#: regularised more (C 0.03 instead of 0.1: its words are source-specific, its AUC on a held-out source 0.63-0.77, so
#: weigh the cue features that carry more). 34: 31 and 33 together
_SESSION15 = CANDIDATES[30]
CANDIDATES += (dict(_SESSION15, thresholds="micro"), dict(_SESSION15, context=True),
               dict(_SESSION15, label_c={"critical": 0.03}),
               dict(_SESSION15, thresholds="micro", label_c={"critical": 0.03}))
#: (indices 35-36, added after 31-34 had been run — none more than ``TIE`` above 30 — and before these were) gold
#: ``critical`` rarely comes with ``supportive`` or ``questioning`` (blogs 13 % / 9 %, Reddit 29 % / 30 %, tweets
#: 25 % / 28 %, against 45 % / 73 % / 74 % of the other comments), and the held-out blogs are mostly supportive,
#: questioning or informative: **stacked calibration** (``calibrate="stacked"``), each label's probability a logistic
#: regression on all six labels' out-of-fold logits instead of its own Platt scaling (fitted where Platt is, rows
#: weighted as in the fit; thresholds by positive F1 on it as before): 35 for every label, 36 for ``critical`` only
CANDIDATES += (dict(_SESSION15, calibrate="stacked"), dict(_SESSION15, calibrate="stacked", stacked=["critical"]))
#: session 17 (indices 37-40; issue #11 tone quality with reply context; the session-17 rule below; docs/models.md
#: "Session 17"). ``classify`` now gives the tone model each reply's parent text when the parent is in the input
#: (``tone_context``: the same columns in training and in every classify path; a top-level comment or a reply whose
#: parent is missing reads "no parent", all zero). 37: candidate 32 as ``classify`` can compute it, on the shipped
#: settings (35): the comment answers a parent that is there, and that parent asks a question. 38: 37 and LABELLING.md's
#: three reply rules as columns — it answers a question without asking one (informative), it disputes a parent that
#: asked nothing (a correction: critical), it agrees with its parent (supportive). 39: only whether it is a reply (vs
#: top level). 40: only the three reply rules of 38 (without the generic reply and question columns)
_SESSION16 = CANDIDATES[35]
CANDIDATES += tuple(dict(_SESSION16, context=names) for names in (
    ["reply", "parent_asks"], ["reply", "parent_asks", "answers", "corrects", "agrees"], ["reply"],
    ["answers", "corrects", "agrees"]))
#: session 19 (indices 41-46; issue #11 tone quality; the session-19 rule below; docs/models.md "Session 19"), each on
#: the shipped settings (35), from the source-held-out error analysis (``diagnose_tone.py --errors``). 41: the cue
#: features **by language** — each cue column again for English comments, and an English flag (``surface``
#: "by_language": one model whose cue weights may differ by language, the cheap form of a model per language; words
#: are already language-specific) — a wink is sarcastic in German tweets, rarely in English comments, and one weight
#: serves both. 42: **sarcasm surface marks** (``surface`` "sarcasm": an ellipsis, "?!"/"!?", laughter — "haha",
#: "lol", "xD", 😂 —, a "/s" marker) — English irony without a wink is missed. 43: **negation scope** (``surface``
#: "negation": how many positive and how many negative opinion words stand within three words after a negation,
#: "nicht gut", "not bad") — the polarity feature sums them away, and `critical`/`supportive` hinge on them. 44: the
#: word block reads **stems only, no stem pairs** (``word_ngrams`` 1) — pairs are the most source-specific features and
#: words carry least to a held-out source. 45: **class weights per label**: ``sarcastic``'s positives counted twice
#: too (its misses on a held-out source outnumber its hits). 46: 41, 42 and 43 together
CANDIDATES += (dict(_SESSION16, surface=["by_language"]), dict(_SESSION16, surface=["sarcasm"]),
               dict(_SESSION16, surface=["negation"]), dict(_SESSION16, word_ngrams=1),
               dict(_SESSION16, positive_weight={"hostile": 2.0, "sarcastic": 2.0}),
               dict(_SESSION16, surface=["by_language", "sarcasm", "negation"]))
#: session 20 (indices 47-51; issue #11 tone quality: ``sarcastic`` and ``hostile`` generalise worst, and most of
#: their misses carry no cue word; the session-20 rule below; docs/models.md "Session 20"), each on the shipped
#: settings (35). 47, 48: **label-specific regularisation** for the two weakest tones — C 0.03 (the words weigh less
#: against the cue features) and C 0.3 (the words weigh more: abuse of a group in plain words is a word-level fact).
#: 49: a **character-n-gram view** for ``hostile`` and ``sarcastic`` only (the model file's own character block,
#: ``char_labels``: the other tones' weights on it zero) — spellings, compounds and inflections no stem or cue list
#: reads ("Volksverräter*", "Gutmenschen-", "sooo toll"). 50: the same view as a **separate head**: a character-n-gram
#: SVM of the comment's own words (no word block, no cue features) for ``hostile`` and ``sarcastic``, its
#: out-of-fold margins, Platt-scaled, two more inputs of the stacked calibration (so every tone's probability may
#: use them; measured only: the model file's stack reads six logits). 51: **class weights for the rare tones**:
#: ``hostile``'s positives ×3 (instead of ×2) and ``sarcastic``'s ×2 (thresholds stay chosen by CV on the
#: thread-grouped folds, as for every label)
_CHAR_HEAD = ["hostile", "sarcastic"]
CANDIDATES += (dict(_SESSION16, label_c={"hostile": 0.03, "sarcastic": 0.03}),
               dict(_SESSION16, label_c={"hostile": 0.3, "sarcastic": 0.3}),
               dict(_SESSION16, chars=True, char_labels=_CHAR_HEAD), dict(_SESSION16, char_head=_CHAR_HEAD),
               dict(_SESSION16, positive_weight={"hostile": 3.0, "sarcastic": 2.0}))
#: (indices 52-53, added after 47-51 had been started — 35, 47 and 50 had printed, none above 35 by the spread — and
#: before these were run) **NB-SVM word scaling** (Wang & Manning 2012; ``learn.train``'s ``nb_labels``): each word
#: column scaled, per label and fold, by the absolute naive-Bayes log-count ratio of that label on the fold's
#: training rows (document presence, rows weighted as in the fit; normalised to mean 1 so the words keep their weight
#: against the cues) — a per-word, per-label regularisation (idea (d)) that lets a word that tells a tone apart,
#: cue or not, count more. Shippable through this script alone: the saved weights absorb the scale (the model file
#: and classify unchanged, no speed cost). 52 for every tone, 53 for ``hostile`` and ``sarcastic`` only
CANDIDATES += (dict(_SESSION16, nb_labels=list(TONES)), dict(_SESSION16, nb_labels=_CHAR_HEAD))
#: (index 54, added after 47-53 had been run — 49 best, +0.005, a third of the spread — so information only, it cannot
#: ship this session) character n-grams for **every** tone on 35: session 8's candidate 13 scored 0.686 thread-held-out
#: against its baseline's 0.673 but 0.565 against 0.582 by source; whether the thread-grouped measure rewards it again
CANDIDATES += (dict(_SESSION16, chars=True),)
#: session 24 (indices 55-57; the session-24 rule below; docs/models.md "Session 24"): 54's character view made
#: **decomposable per word** (``learn.CHAR_VIEWS``), so classify can score it from a per-word cache instead of
#: reading every comment's character n-grams: the block is the mean over the comment's words (``char_wb``'s own
#: split of the lower-cased text) of each word's L2-normalised sublinear TF-IDF vector of its 2-5-grams (the fit's
#: idf; the same vocabulary as 54's). 55: for every tone; 56: only for the tones that gained in 54 (informative,
#: critical, hostile, questioning); 57: every tone, the words' vectors summed over the root of the word count
#: ("words_root": a long comment's block keeps a norm near one, as 54's has, where the mean shrinks it)
_CHAR_GAINED = ["informative", "critical", "hostile", "questioning"]
CANDIDATES += (dict(_SESSION16, chars=True, char_view="words"),
               dict(_SESSION16, chars=True, char_view="words", char_labels=_CHAR_GAINED),
               dict(_SESSION16, chars=True, char_view="words_root"))
SURFACE = ("by_language", "sarcasm", "negation")
_LAUGHTER = re.compile(r"(?<!\w)(?:(?:ha){2,}h?|(?:hi){2,}|lol|lmao|xd+)(?!\w)|[\U0001F602\U0001F923\U0001F606]", re.I)
_SARCASM_MARK = re.compile(r"(?:^|\s)/s(?!\w)")
FLOOR_PRECISION, FLOOR_SUPPORT = 0.8, 3
HOSTILE_CUES = {
    "de": {"insult": ["papagei", "papageien", "nachplapperer", "mitläufer", "lemminge", "herdentier", "ungeziefer",
                      "horden", "=horde", "kreaturen", "gestalten wie", "primaten", "barbaren", "=sippe", "blutsauger",
                      "zecken", "=made", "maden", "verschwinden sollen", "wegsperren", "ausrotten", "verrecken",
                      "solche leute", "diese leute", "dieses volk", "nützliche idioten"],
           "belittle": ["leute wie du", "leute wie sie", "typen wie du", "deinesgleichen", "ihresgleichen",
                        "armes würstchen", "kleingeist", "dummerchen", "geh spielen", "troll dich", "setzen sechs",
                        "zurück in die schule", "kannst du überhaupt lesen", "kannst du nicht lesen",
                        "nicht die hellste", "hellste kerze", "zwei gehirnzellen", "hirnzelle", "sesselfurzer",
                        "tastaturkrieger"]},
    "en": {"insult": ["parrot", "parrots", "=npc", "npcs", "bootlicker", "lemming", "lemmings", "savages", "=savage",
                      "hordes", "=horde", "infest", "breed like", "cockroach", "leech", "leeches", "go back to where",
                      "deport them", "lock them up", "get rid of them", "should be shot", "hang them", "wipe them out",
                      "=these people", "those people", "useful idiot"],
           "belittle": ["people like you", "your kind", "you people", "little boy", "kiddo", "sweetie",
                        "bless your heart", "can you even read", "go back to school", "adults are talking",
                        "mommy's basement", "neckbeard", "keyboard warrior", "armchair general", "not the brightest",
                        "room temperature iq", "two brain cells"]}}


class extra_cues:
    """While active, the tone cue lists (``tone.toml``) read with ``cues`` added (language → list
    → terms): a candidate's cue lists without editing the shipped file (the caches are cleared on
    entry and exit)."""

    def __init__(self, cues: dict[str, dict[str, list[str]]] | None) -> None:
        self.cues = cues

    def __enter__(self):
        from comments.classification import tone

        self.tone, self.original = tone, tone._cue_lists
        if self.cues:
            original = self.original

            def extended(language: str = "de") -> dict[str, list[str]]:
                lists = {k: list(v) for k, v in original(language).items()}
                for name, terms in self.cues.get(language, {}).items():
                    lists[name] = lists.get(name, []) + terms
                return lists

            tone._cue_lists = extended
            self._clear()
        return self

    def _clear(self) -> None:
        self.tone.cues.cache_clear()
        self.tone.question_words.cache_clear()

    def __exit__(self, *exc) -> None:
        if self.cues:
            self.tone._cue_lists = self.original
            self._clear()


def corpus_texts() -> list[dict]:
    """Rows of data/labelled/sample.csv with their texts (re-created from ../shared), by
    ``labelled_corpus.py texts`` run in this process (a subprocess's traceback reached the
    terminal of ``comments train --base default`` past its error line); its counts per source
    are not shown, its error line is the RuntimeError's message."""
    import contextlib
    import io

    import labelled_corpus

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "texts.jsonl"
        said = io.StringIO()
        try:
            with contextlib.redirect_stderr(said):
                code = labelled_corpus.main(["texts", str(out)])
        finally:
            labelled_corpus._omp_posts.cache_clear()  # One Million Posts' posts: not kept while training
        if code:
            raise RuntimeError(said.getvalue().strip().splitlines()[-1])
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def train_rows() -> list[dict]:
    """The training split's rows with their texts (cached: the texts are re-read once): the real
    comments first, in the order they always had (so their folds do not change), then each
    team-written source's rows that have a gold label (:func:`team_training_rows`; ``forum8``, then
    ``forum13``)."""
    if not hasattr(train_rows, "rows"):
        train_rows.rows = [r for r in corpus_texts() if r["split"] == "train"] + [
            r for folder in TEAM_SOURCES.values() for r in team_training_rows(folder)]
    return train_rows.rows


def team_training_rows(folder: Path) -> list[dict]:
    """A team-written source's rows with a gold label (none while ``folder`` has no
    ``gold.csv``); how many have none is said on stderr, not silently dropped."""
    if not (folder / "texts.jsonl").is_file() or not (folder / "gold.csv").is_file():
        return []
    rows = team_rows(folder)
    gold = read_labels(folder / "gold.csv")
    missing = [r["key"] for r in rows if r["key"] not in gold]
    if missing:
        print(f"{folder}: {len(missing)} of {len(rows)} comments have no gold label and are left out "
              f"(e.g. {missing[0]})", file=sys.stderr)
    return [r for r in rows if r["key"] in gold]


def gold_labels() -> dict[str, tuple[set[str], set[str]]]:
    """key → (topics, tones): our corpus's adjudicated labels and the team-written sources'."""
    gold = read_labels(ROOT / "data" / "labelled" / "gold.csv")
    for folder in TEAM_SOURCES.values():
        if (folder / "gold.csv").is_file():
            gold.update(read_labels(folder / "gold.csv"))
    return gold


def is_training_only(key: str) -> bool:
    """Whether a row (its thread key or CV group) belongs to a training-only source (``forum8``,
    ``forum13``): trained on, never held out by source, never scored by the criterion."""
    return source_of(key) in TRAINING_ONLY


def team_weights(settings: dict) -> dict[str, float]:
    """Each team-written source's weight in ``settings`` (0: not trained on), taken out of it."""
    return {name: float(settings.pop(name, 0.0) or 0.0) for name in TRAINING_ONLY}


def used_rows(keys: list[str], weights: dict[str, float]) -> np.ndarray:
    """Which rows a fit uses: every real comment, and a team-written row when its source has a weight."""
    return np.array([not is_training_only(k) or weights[source_of(k)] > 0 for k in keys], dtype=bool)


def _bucket(n: int) -> str:
    return f"germeval18-bucket{random.Random(SEED * 100003 + n).randrange(BUCKETS)}"


def training_data(team: bool | None = None) -> tuple[list[str], dict[str, np.ndarray], list[str], np.ndarray]:
    """Texts, gold tones (0/1 per tone), CV groups and which rows are real comments (the rest:
    the team-written rows, last; ``team`` True: all of them, None: those of the sources the shipped
    ``SETTINGS`` train on, False: none; a candidate leaves out those it gives no weight). Since wave 5 every GermEval 2018 tweet carries our labels, so
    ``hostile`` is trained on our own labels, SPEC's definition, for every row — never on
    GermEval's OFFENSE."""
    gold = gold_labels()
    rows = [r for r in train_rows() if not is_training_only(r["source"]) or (
        bool(SETTINGS.get(r["source"])) if team is None else team)]
    training_data.rows = rows
    texts = [r["text"] for r in rows]
    groups = [_bucket(int(r["id"])) if r["source"] == "germeval18" else f"{r['source']}:{r['thread_id']}"
              for r in rows]
    labels = {t: np.array([int(t in gold[r["key"]][1]) for r in rows]) for t in TONES}
    return texts, labels, groups, np.array([not is_training_only(g) for g in groups], dtype=bool)


def _scores(y: np.ndarray, pred: np.ndarray) -> tuple[int, int, int]:
    return int(np.sum(pred & y)), int(np.sum(pred & (1 - y))), int(np.sum((1 - pred) & y))


def tone_counts(pred: list[set[str]], gold: list[set[str]]) -> dict[str, tuple[int, int, int]]:
    """Per tone (tp, fp, fn)."""
    return {t: (sum(t in p and t in g for p, g in zip(pred, gold)), sum(t in p and t not in g for p, g in zip(pred, gold)),
                sum(t not in p and t in g for p, g in zip(pred, gold))) for t in TONES}


def cross_validate(settings: dict, texts, labels, groups, ours, folds: str = "thread"
                   ) -> dict[str, tuple[int, int, int]]:
    """Per tone (tp, fp, fn) of the cross-validated predictions on our corpus's rows."""
    return tone_counts(*tone_cv_predictions(settings, (texts, labels, groups, ours), folds)[:2])


def fit_tone(settings: dict, data, folds: str = "thread"):
    """The tone model, its CV reports and out-of-fold probabilities (NaN for rows not used)
    for ``settings`` (``source_balance`` and the team-written sources' weights become row weights, see
    :func:`row_weights`: a source without weight is left out; ``calibrate``/``objective_by``, CV
    candidates only, see :func:`recalibrate`; the rest goes to ``learn.train``). Each row's decision
    threshold per label is left in ``fit_tone.thresholds``."""
    from comments.classification.learn import train

    texts, labels, groups, ours = data
    settings = dict(settings)
    recalibration = {k: settings.pop(k) for k in ("calibrate", "objective_by", "stacked") if k in settings}
    settings.pop("floor", None)  # applied to the predictions (tone_cv_predictions) and the saved model (main)
    joint = settings.pop("thresholds", None) == "micro"  # session 16: the cuts chosen together (micro-F1)
    context = settings.pop("context", False)
    extra = reply_context(texts) if context is True else None  # session 16 (candidate 32), measured only
    languages = list(row_languages(texts))  # as classify reads them: the comment's language before its quotes go
    if settings.pop("unquoted", False):  # session 15: the model reads no "> " quoted line (tone.own_lines)
        from comments.classification.tone import own_lines

        texts = [own_lines(t) for t in texts]
    if context and context is not True:  # session 17: the columns classify gives the model (tone_context)
        extra = parent_context(context, texts)
    surface = settings.pop("surface", None)
    head = settings.pop("char_head", None)
    if surface:  # session 19 (candidates 41-43, 46; measured only: classify computes no such column)
        columns = surface_columns(surface, texts, languages)
        extra = columns if extra is None else np.hstack([extra, columns])
    team = team_weights(settings)
    use = np.flatnonzero(used_rows(groups, team))
    groups = [groups[i] for i in use]
    weights = row_weights(groups, settings.pop("source_balance", 0.0), team)
    labels_used = {t: y[use] for t, y in labels.items()}
    splits = fold_splits(labels_used[TONES[0]], groups, folds)
    fit_tone.folds = [(use[tr], use[te]) for tr, te in splits]  # as rows of ``texts``
    with extra_cues(HOSTILE_CUES if settings.pop("hostile_cues", False) else None):
        model, reports = train([texts[i] for i in use], labels_used, "tone", "auto", len(splits), None, groups,
                               sample_weight=weights, splits=splits, extra=None if extra is None else extra[use],
                               **settings)
    model.context = list(context) if context and context is not True else []
    model.cues_by_language = surface == ["by_language"]  # session 19: the one surface group classify computes
    oof = {t: np.full(len(texts), np.nan) for t in train.last_oof}
    for t, p in train.last_oof.items():
        oof[t][use] = p
    if head:  # session 20 (candidate 50, measured only): a character-n-gram head's out-of-fold probabilities
        oof.update(character_head(head, texts, labels, use, splits, weights, settings))
    if joint:
        model.thresholds = joint_thresholds(model, oof, labels, use, weights)
    fit_tone.thresholds = {t: np.full(len(texts), th) for t, th in zip(model.labels, model.thresholds)}
    if recalibration:
        w = np.zeros(len(texts))
        w[use] = 1.0 if weights is None else weights
        if recalibration.get("calibrate") == "stacked":  # session 16: shippable (the model file holds the stack)
            stack = stack_calibrate(oof, fit_tone.thresholds, labels, w, settings.get("objective", "macro"),
                                    recalibration.get("stacked") or (list(model.labels) if head else None))
            own = [[1.0 if j == i else 0.0 for j in range(len(model.labels))] + [0.0] for i in range(len(model.labels))]
            model.stack = np.array([stack[t] if t in stack else own[i] for i, t in enumerate(model.labels)])
            model.thresholds = np.array([fit_tone.thresholds[t][use[0]] for t in model.labels])
        else:
            recalibrate(oof, fit_tone.thresholds, labels, w, row_languages(texts), settings.get("objective", "macro"),
                        **recalibration)
    return model, reports, oof


def character_head(names: list[str], texts: list[str], labels: dict[str, np.ndarray], use: np.ndarray,
                   splits: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray | None, settings: dict
                   ) -> dict[str, np.ndarray]:
    """Session 20 (candidate 50, measured only): per label of ``names``, the out-of-fold probability (Platt-scaled,
    NaN where no fold holds the row out) of a second view that reads no stem and no cue — a linear SVM on the
    character n-grams (2-5 within words, sublinear TF-IDF, each fold's vocabulary from its training rows) of the text
    the model reads — keyed ``"LABEL:chars"`` for :func:`stack_calibrate`. ``splits`` are positions in ``use`` (the
    rows trained on); rows weighted as in the main fit (``weights``, the label's ``positive_weight``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    from comments.classification.calibration import platt

    docs = [texts[i] for i in use]
    base = np.ones(len(use)) if weights is None else np.asarray(weights, dtype=np.float64)
    margins = {t: np.zeros(len(use)) for t in names}
    scored = np.zeros(len(use), dtype=bool)
    for tr, te in splits:
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=150000,
                                     sublinear_tf=True)
        x_train = vectorizer.fit_transform([docs[i] for i in tr])
        x_test = vectorizer.transform([docs[i] for i in te])
        for t in names:
            y = labels[t][use]
            w = base[tr] * np.where(y[tr] == 1, settings.get("positive_weight", {}).get(t, 1.0), 1.0)
            svm = LinearSVC(C=settings.get("label_c", {}).get(t, settings.get("c", 0.1)), class_weight="balanced",
                            random_state=SEED)
            margins[t][te] = svm.fit(x_train, y[tr], w).decision_function(x_test)
        scored[te] = True
    out = {}
    for t in names:
        y = labels[t][use]
        a, b = platt(margins[t][scored], y[scored], base[scored])
        out[f"{t}:chars"] = np.full(len(texts), np.nan)
        out[f"{t}:chars"][use[scored]] = 1.0 / (1.0 + np.exp(-(a * margins[t][scored] + b)))
    return out


def joint_thresholds(model, oof: dict[str, np.ndarray], labels: dict[str, np.ndarray], use: np.ndarray,
                     weights: np.ndarray | None) -> np.ndarray:
    """Session 16 (candidates 31, 34): the model's cuts chosen together to maximise the micro-F1 over its labels
    on the out-of-fold probabilities of the rows its own cuts were chosen on (held out in some fold; rows weighted as
    in the fit), starting from those cuts (``calibration.micro_thresholds``)."""
    from comments.classification.calibration import micro_thresholds

    p = np.column_stack([oof[t][use] for t in model.labels])
    known = ~np.isnan(p).any(axis=1)
    y = np.column_stack([labels[t][use] for t in model.labels])
    w = np.ones(len(use)) if weights is None else np.asarray(weights)
    return micro_thresholds(y[known], p[known], np.asarray(model.thresholds), w[known])


def reply_context(texts: list[str]) -> np.ndarray:
    """Session 16 (candidate 32, measured only): per training row, whether it answers another comment and whether
    that parent asks a question ("?" outside its "> " quoted lines) — the rows of :func:`training_data`."""
    from comments.classification.tone import own_lines

    rows = training_data.rows
    assert len(rows) == len(texts), "reply context is read for training_data's rows"
    return np.array([[float(bool(r.get("parent_id"))), float("?" in own_lines(r.get("parent_text") or ""))]
                     for r in rows])


def parent_context(names: list[str], texts: list[str]) -> np.ndarray:
    """Session 17: the reply-context columns ``names`` (``tone_context.CONTEXT_FEATURES``) of the rows of
    :func:`training_data`, as ``classify`` computes them: from each row's parent text (blank: no parent — a
    top-level comment, a tweet, or a reply whose parent is not in the corpus) and its own cue features on ``texts``
    (the text the model reads)."""
    from comments.classification.learn import _hand
    from comments.classification.tone_context import context_columns

    rows = training_data.rows
    assert len(rows) == len(texts), "reply context is read for training_data's rows"
    return context_columns(names, [r.get("parent_text") or None for r in rows], _hand(texts))


def surface_columns(names: list[str], texts: list[str], languages: list[str] | None = None) -> np.ndarray:
    """Session 19 (candidates 41-43, 46): the extra columns ``names`` (of :data:`SURFACE`) of ``texts`` (the text the
    model reads): "by_language" each cue feature again for English comments (0 for German ones) and an English flag;
    "sarcasm" an ellipsis, "?!"/"!?", laughter and a "/s" marker (each capped); "negation" the positive and the
    negative opinion words within three words after a negation (each capped at 3). ``languages``: each text's
    ("en"/"de"; default :func:`row_languages` of ``texts``)."""
    from comments.classification.learn import _hand, language_columns
    from comments.classification.polarity import NEGATIONS, word_polarity
    from comments.text.tokens import words

    unknown = [n for n in names if n not in SURFACE]
    if unknown:
        raise ValueError(f"unknown surface columns {unknown}")
    languages = list(row_languages(texts)) if languages is None else languages
    blocks = []
    if "by_language" in names:
        blocks.append(language_columns(_hand(texts), languages))
    if "sarcasm" in names:
        blocks.append(np.array([[min(t.count("...") + t.count("\u2026"), 3), float("?!" in t or "!?" in t),
                                 min(len(_LAUGHTER.findall(t)), 3), float(bool(_SARCASM_MARK.search(t)))]
                                for t in texts], dtype=np.float64))
    if "negation" in names:
        rows = []
        for t, lang in zip(texts, languages):
            tokens, since, pos, neg = [w.lower() for w in words(t)], 99, 0, 0
            for token in tokens:
                if token in NEGATIONS:
                    since = 0
                    continue
                since += 1
                if since <= 3:
                    value = word_polarity(token, lang)
                    pos, neg = pos + (value > 0), neg + (value < 0)
            rows.append([min(pos, 3), min(neg, 3)])
        blocks.append(np.array(rows, dtype=np.float64).reshape(len(texts), 2))
    return np.hstack(blocks)


def row_languages(texts: list[str]) -> np.ndarray:
    """Each text's language as a tone model reads it (``en`` or ``de``: its stems and cue lists)."""
    from comments.classification.learn import comment_language

    cache = row_languages.__dict__.setdefault("cache", {})
    if len(texts) not in cache:
        cache[len(texts)] = np.array([comment_language(t) for t in texts])
    return cache[len(texts)]


def recalibrate(oof: dict[str, np.ndarray], thresholds: dict[str, np.ndarray], labels: dict[str, np.ndarray],
                weights: np.ndarray, languages: np.ndarray, objective: str, calibrate: str = "pooled",
                objective_by: dict[str, str] | None = None, stacked: list[str] | None = None) -> None:
    """Session-13 CV candidates, in place: Platt scaling and thresholds fitted per language
    (``calibrate`` "language": German and English comments each get their own, as ``learn.train``
    fits the pooled ones — on the out-of-fold margins, rows weighted as in the fit) and/or a label's
    threshold chosen by another F1 (``objective_by``: e.g. ``{"critical": "macro"}``). The out-of-fold
    probabilities are the pooled Platt of the margin, an affine map, so Platt on their logit is Platt
    on the margin. Measured only: the model file has one calibration per label, so a candidate with
    these could not be shipped without a format change (``main`` refuses it). Session 16: ``calibrate`` "stacked",
    each label of ``stacked`` (None: all) calibrated on every label's out-of-fold logit (:func:`stack_calibrate`)."""
    from comments.classification.calibration import best_threshold, platt

    if calibrate == "stacked":
        stack_calibrate(oof, thresholds, labels, weights, objective, stacked)
        return
    for t, p in oof.items():
        known = ~np.isnan(p)
        z = np.log(np.clip(p, 1e-12, 1.0) / np.clip(1.0 - p, 1e-12, 1.0))
        parts = [known & (languages == g) for g in ("de", "en")] if calibrate == "language" else [known]
        for part in parts:
            if not part.any():
                continue
            y, w = labels[t][part], weights[part]
            a, b = platt(z[part], y, w)
            q = 1.0 / (1.0 + np.exp(-(a * z[part] + b)))
            oof[t][part] = q
            thresholds[t][part] = best_threshold(y, q, (objective_by or {}).get(t, objective), w)

def stack_calibrate(oof: dict[str, np.ndarray], thresholds: dict[str, np.ndarray], labels: dict[str, np.ndarray],
                    weights: np.ndarray, objective: str, only: list[str] | None = None) -> dict[str, np.ndarray]:
    """Session 16 (candidates 35, 36), in place: each label of ``only`` (None: all) gets its probability from a
    logistic regression on all labels' out-of-fold logits (``calibration.stacked``; the rows Platt scaling was fitted
    on, weighted as in the fit) and its threshold by ``objective`` on it. Returns label → its coefficients (the
    labels' logits in ``oof``'s order, then the intercept)."""
    from comments.classification.calibration import best_threshold, logit, stacked

    names = list(oof)
    known = ~np.isnan(np.column_stack([oof[t] for t in names])).any(axis=1)
    z = np.column_stack([logit(oof[t][known]) for t in names])
    out = {}
    for t in names if only is None else only:
        y, w = labels[t][known], weights[known]
        out[t] = stacked(z, y, w)
        q = 1.0 / (1.0 + np.exp(-np.clip(z @ out[t][:-1] + out[t][-1], -30, 30)))
        oof[t][known] = q
        thresholds[t][known] = best_threshold(y, q, objective, w)
    return out


def tone_cv_predictions(settings: dict, data=None, folds: str = "thread"
                        ) -> tuple[list[set[str]], list[set[str]], list[str]]:
    """Our rows' out-of-fold tones, gold tones and thread keys; ``folds`` as in :func:`fold_splits`;
    ``settings["source_balance"]`` weights rows by source (:func:`source_weights`)."""
    texts, labels, groups, ours = data = data or training_data(team=True)
    fits = tone_cv_predictions.__dict__.setdefault("fits", {})  # the floor does not change the fit: fit once
    key = (json.dumps({k: v for k, v in settings.items() if k != "floor"}, sort_keys=True), folds, len(texts))
    if key not in fits:
        fits[key] = (*fit_tone(settings, data, folds), fit_tone.thresholds, fit_tone.folds)
    model, _, oof, cut, fold_rows = fits[key]
    keep = np.flatnonzero(ours)  # the real comments: a training-only source is never scored
    tone_cv_predictions.fold_rows = [te[te < len(keep)] for _, te in fold_rows]  # (real rows come first)

    def tones(rows):
        return ([{t for t in model.labels if oof[t][r] >= cut[t][r]} for r in rows],
                [{t for t in TONES if labels[t][r] == 1} for r in rows])

    pred, gold = tones(keep)
    if settings.get("floor"):
        hit = floor_predictions(settings["floor"], floor_units(texts), labels["hostile"], ours, fold_rows)
        for k in np.flatnonzero(hit[keep]):
            pred[k].add("hostile")
    tone_cv_predictions.team = {name: tones([i for i in np.flatnonzero(~ours) if source_of(groups[i]) == name])
                                for name in TRAINING_ONLY}  # (out of fold only by thread; information)
    keys = [f"{r['source']}:{r['thread_id']}" for r in train_rows()[:len(keep)]]
    return pred, gold, keys


def floor_units(texts: list[str]) -> list[frozenset[str]]:
    """Per text, what the floor finds outside quoted text (``tone.unquoted``): each ``hostile_floor`` term of its
    language that matches, and "masked" for masked vulgarity (cached per corpus)."""
    from comments.classification import lexicon as lexicon_mod
    from comments.classification import tone
    from comments.classification.surface import counts as surface_counts
    from comments.text.tokens import tokenize

    cache = floor_units.__dict__.setdefault("cache", {})
    if len(texts) not in cache:
        data = tomllib.loads((ROOT / "src" / "comments" / "data" / "tone.toml").read_text(encoding="utf-8"))
        lists = {"de": data[tone.FLOOR], "en": data["en"][tone.FLOOR]}  # each language's own list
        singles = {lang: [(term, lexicon_mod.build({"t": [term]})) for term in terms] for lang, terms in lists.items()}
        out = []
        for text, lang in zip(texts, row_languages(texts)):
            rest = tone.unquoted(text)
            tokens = tokenize(rest)
            units = set()
            if tone.cues(lang).scores(rest, tokens).get(tone.FLOOR, 0.0) > 0:
                units.update(term for term, lex in singles[lang] if lex.scores(rest, tokens).get("t", 0.0) > 0)
            other = "en" if lang == "de" else "de"
            units.update(f"{other}:{term}" for term, lex in singles[other] if lex.scores(rest, tokens).get("t", 0.0) > 0)
            if surface_counts(rest, tokens, 0, False)["masked"]:
                units.add("masked")
            out.append(frozenset(units))
        cache[len(texts)] = out
    return cache[len(texts)]


def floor_allowed(kind: str, units: list[frozenset[str]], hostile: np.ndarray, rows) -> set[str]:
    """The floor's terms (and "masked") a candidate of ``kind`` uses, judged on the real training ``rows``:
    "terms" the list, "masked" also masked vulgarity, "precision" both without those found in at least
    ``FLOOR_SUPPORT`` of the rows with a gold ``hostile`` share below ``FLOOR_PRECISION``."""
    seen: dict[str, list[int]] = {}
    for r in rows:
        for unit in units[r]:
            seen.setdefault(unit, []).append(int(hostile[r]))
    allowed = {u for r in range(len(units)) for u in units[r]}
    other = {u for u in allowed if u[2:3] == ":"}  # the other language's list ("en:fuck" in a German comment)
    if kind == "both":
        return allowed - {"masked"}
    allowed -= other
    if kind == "terms":
        return allowed - {"masked"}
    if kind == "precision":
        return {u for u in allowed if len(seen.get(u, ())) < FLOOR_SUPPORT or np.mean(seen[u]) >= FLOOR_PRECISION}
    return allowed


def shipped_floor(kind: str, texts, hostile, ours) -> tuple[dict[str, float], bool]:
    """The saved model's floor: its score, the share of the real training comments the floor hits that the gold
    labels call hostile (so the score stays a probability), and whether masked vulgarity counts. Refused when the
    rule of a "precision" floor would drop a term tone.toml still lists (drop it there)."""
    units = floor_units(texts)
    rows = np.flatnonzero(ours)
    allowed = floor_allowed(kind, units, hostile, rows)
    listed = floor_allowed("both" if kind == "both" else "masked", units, hostile, rows)
    listed -= {"masked"} if kind in ("terms", "both") else set()
    if listed - allowed:
        raise ValueError(f"hostile_floor terms the rule drops (remove them from tone.toml): {sorted(listed - allowed)}")
    hit = [r for r in rows if not units[r].isdisjoint(allowed)]
    share = round(float(np.mean(hostile[hit])), 4)
    print(f"floor: {len(hit)} real training comments, hostile share {share}")
    return {"hostile": share}, kind not in ("terms", "both")


def floor_predictions(kind: str, units, hostile, ours, folds) -> np.ndarray:
    """Out of fold, which rows the floor labels hostile (its terms chosen on each fold's real training rows)."""
    hit = np.zeros(len(units), dtype=bool)
    for train_rows_, test_rows in folds:
        allowed = floor_allowed(kind, units, hostile, [r for r in train_rows_ if ours[r]])
        for r in test_rows:
            hit[r] = not units[r].isdisjoint(allowed)
    return hit


def hand_baseline(texts, labels, ours) -> dict[str, tuple[int, int, int]]:
    from comments.classification.tone import classify_many

    results = classify_many([t for t, keep in zip(texts, ours) if keep])
    return {t: _scores(labels[t][ours], np.array([int(t in r.tone) for r in results])) for t in TONES}


def fold_spread(pred: list[set[str]], gold: list[set[str]], fold_rows: list[np.ndarray]) -> list[float]:
    """Session 20: the micro-F1 over all tones of each fold's held-out real comments (``fold_rows``: indices into
    ``pred``/``gold``), for the fold-to-fold spread the session-20 rule compares a gain with."""
    out = []
    for rows in fold_rows:
        counts = tone_counts([pred[i] for i in rows], [gold[i] for i in rows])
        tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
        out.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return out


def show(name: str, counts: dict[str, tuple[int, int, int]]) -> None:
    f1 = {t: 2 * tp / (2 * tp + fp + fn) if tp else 0.0 for t, (tp, fp, fn) in counts.items()}
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    micro = 2 * tp / (2 * tp + fp + fn)
    print(f"{name:<34} micro {micro:.3f}  " + "  ".join(f"{t[:5]} {f:.2f}" for t, f in f1.items()), flush=True)


#: The selection criterion that measures transfer to a site the model has not seen. The training
#: split's sources, as the criterion groups them: GermEval 2018 tweets (German), Reddit threads
#: (English) and the blog-like comment sections (lemire.me, Staticman, the German blog, the Hacker
#: News item: 568 comments together, 563 of them English). Pooled micro-F1 lets the 5,009 tweets
#: outweigh everything else; the criterion instead scores each source on its own (micro-F1 over the
#: kind's labels) from folds that hold out one whole source (``folds="source"``: trained on the two
#: others), so a setting is rewarded only for what carries to a new source. Session 7 fixed how the
#: sources are averaged, before any candidate was run: the users' comments are German and English
#: news/blog comments, so each **language** counts half — the German source (the tweets) ½, the two
#: English sources ¼ each (``SOURCE_LANGUAGE``). The former plain mean over the three sources counted
#: English twice and so rewarded trading German abuse detection for English (wave 5: tweets'
#: source-held-out ``hostile`` 0.47 → 0.35 while the mean rose). Sources with fewer than
#: ``SOURCE_MINIMUM`` positives are left out (a language whose sources all are, too).
#: Candidates within ``TIE`` of the best criterion value are tied (one blog comment moves it by ~0.01);
#: among tied candidates the higher thread-held-out pooled micro-F1 wins (rule fixed in session 7 before
#: any external figure was computed).
#:
#: **Session 8: the team-written source ``forum8`` (fixed and committed before any candidate with it was
#: run).** ``forum8`` is training data only, never a criterion fold: its comments were written by AI sessions
#: of the team (under invented news articles) and labelled by AI sessions, so a model that predicts them well
#: has learnt how those writers write — which says little about real forums — and a fold of it would reward
#: fitting that style. The criterion stays session 7's, over the real sources only. ``forum8`` rows sit on the
#: training side of every fold: source-held-out, they are trained on in each of the three folds; thread-held-out,
#: its threads are spread over the 5 folds (seeded) and predicted out of fold like the others (so they take part
#: in the thresholds and calibration at their weight), but they are not scored — the pooled micro-F1 counts the
#: real comments only, on exactly the folds they had before (the real rows come first and are split as before).
#: Because the criterion cannot see a news forum at all (no licence-ok real news-forum comment exists to train
#: or select on), it is the guard for adding ``forum8``: among candidates within ``TIE`` of the best criterion
#: value, the one with the larger ``forum8`` weight wins (the only news-forum-like text we may train on: a
#: prior the criterion cannot measure), then the higher thread-held-out micro-F1 of the real comments.
#: ``forum8``'s own out-of-fold micro-F1 is printed for information and never used to choose.
#:
#: **Session 13 rule (issue #11: everyday comment sections; fixed and committed before any session-13 candidate
#: was run).** The criterion stays session 7's language-weighted source-held-out criterion over the real sources;
#: the team-written sources (``TRAINING_ONLY``: ``forum8``, and ``forum13``, everyday recipe/hobby/how-to/travel/
#: product-help comments) are never criterion folds and never scored, sit on the training side of every
#: source-held-out fold and are spread over the thread-held-out folds by thread, each source on its own (so
#: ``forum8``'s folds do not move when ``forum13`` joins). Candidates within ``TIE`` of the best criterion value
#: are tied; among them the larger ``forum13`` weight wins (the only everyday-comment text we may train on: the
#: criterion cannot see such a section, as it could not see a news forum in session 8), then the simpler model
#: (each change to the shipped settings counts one: calibration by language, another threshold objective), then
#: the higher thread-held-out pooled micro-F1 of the real comments. Nothing is chosen on html_comments, One
#: Million Posts, GermEval 2021 or the held-out sets (scored once, after the choice); the foxyfolksy count of
#: ``critical`` comments is a user-visible check after the choice, not a target.
#:
#: **Session 14 rule (issue #11: ``hostile`` misses plain insults; fixed and committed before any session-14
#: candidate was run).** The criterion stays session 7's language-weighted source-held-out criterion over the real
#: sources (team-written sources on the training side only, as in session 13); the floor is applied to each fold's
#: out-of-fold predictions, a term filter (candidate 28) from that fold's training rows only. Candidates within
#: ``TIE`` of the best criterion value are tied; among them a floor candidate wins over the shipped settings (the
#: floor is SPEC's definition of ``hostile``: a tie means it costs nothing the criterion can measure), then the
#: simpler floor (26 < 27 < 28: each addition counts one), then the higher thread-held-out pooled micro-F1 of the
#: real comments (candidate 29, added later: tied with 26, the floor that covers more of SPEC's definition wins —
#: both languages' lists). Per-source ``hostile`` F1 is printed for information. Nothing is chosen on the test split,
#: html_comments, ``data/labelled/holdout*/``, One Million Posts or GermEval 2021 (scored once, after the choice).
#:
#: **Session 15 rule (quoted lines; fixed and committed before candidate 30 was run).** Candidate 30 (the shipped
#: settings, 29, with the model reading each comment without its "> " quoted lines) against 29, by session 7's
#: language-weighted source-held-out criterion over the real sources (team-written sources on the training side
#: only, as in sessions 13 and 14). 29 stays only when its criterion value is more than ``TIE`` above 30's; within
#: ``TIE`` (either way), or when 30 is higher, 30 ships: the definitional choice, since a "> " line is someone else's
#: words (tied means reading them buys nothing the criterion can measure). Thread-held-out pooled micro-F1 and
#: per-source ``hostile`` F1 are printed for information only. Nothing is chosen on the test split, html_comments,
#: the held-out sets, One Million Posts or GermEval 2021 (re-scored after the choice when 30 ships).
#:
#: **Session 16 rule (issue #11 tone quality; fixed and committed before any of candidates 31-34 was run).** The
#: criterion is session 7's language-weighted source-held-out criterion over the real sources (team-written sources
#: on the training side only, as since session 13). The shipped settings (30) stay unless a candidate's criterion
#: value is more than ``TIE`` above 30's. Among the candidates that are, the best criterion value wins; candidates
#: within ``TIE`` of it are tied and the simpler wins (each change to 30 counts one: joint thresholds, another C for
#: a label), then the higher thread-held-out pooled micro-F1 of the real comments. Candidate 32 (reply context)
#: cannot ship this session (``classify`` gives the tone model no parent): it is measured and reported, and the
#: choice is made among 31, 33 and 34 (and 35, 36, added after 31-34 were run, before they were: the same rule, the
#: stacked calibration counting one change). Per-label and per-source F1 are printed for information. Nothing is chosen
#: on the test split, html_comments, ``data/labelled/holdout*/``, One Million Posts or GermEval 2021.
#:
#: **Session 17 rule (issue #11 tone quality with reply context; fixed and committed before any of candidates 37-40
#: was run).** The criterion is session 7's language-weighted source-held-out criterion over the real sources
#: (team-written sources on the training side only, as since session 13), the shipped settings (35) measured in the
#: same run. 35 stays unless a candidate's criterion value is more than ``TIE`` above 35's. Among the candidates that
#: are, the best criterion value wins; candidates within ``TIE`` of it are tied and the one with fewer context columns
#: wins, then the higher thread-held-out pooled micro-F1 of the real comments. Per-label and per-source F1 are printed
#: for information. Nothing is chosen on the test split, html_comments, ``data/labelled/holdout*/``, One Million Posts
#: or GermEval 2021.
#:
#: **Session 19 rule (issue #11 tone quality; fixed and committed before any of candidates 41-46 was run).** The
#: criterion is session 7's language-weighted source-held-out criterion over the real sources (team-written sources on
#: the training side only, as since session 13), the shipped settings (35) measured in the same run. 35 stays unless a
#: candidate's criterion value is more than ``TIE`` above 35's. Among the candidates that are, the best criterion value
#: wins; candidates within ``TIE`` of it are tied and the simpler wins (each change to 35 counts one: each group of
#: surface columns, stems only, another class weight), then the higher thread-held-out pooled micro-F1 of the real
#: comments. 44 and 45 ship through this script alone; 41-43 and 46 read columns ``classify`` does not compute, so a
#: winner among them ships only with those columns built into every classify path (else it is recorded as the winner
#: and handed on). Per-label and per-source F1 are printed for information. Nothing is chosen on the test split,
#: html_comments, ``data/labelled/holdout*/``, One Million Posts or GermEval 2021 (the lead scores them at the end).
TIE = 0.005
SOURCES = {"germeval18": "tweets", "reddit": "reddit", **{name: name for name in TEAM_SOURCES}}  # else "blogs"
SOURCE_LANGUAGE = {"tweets": "de", "reddit": "en", "blogs": "en"}
TRAINING_ONLY = tuple(TEAM_SOURCES)  # trained on, never held out by source, never scored by the criterion
SOURCE_MINIMUM = 10


def source_of(key: str) -> str:
    """The criterion's source of a thread key ("reddit:abc", "germeval18-bucket3", …)."""
    return SOURCES.get(key.split(":")[0].split("-bucket")[0], "blogs")


def source_weights(sources: list[str], balance: float | str) -> np.ndarray | None:
    """Row weights ``n_source ** -balance`` scaled to mean 1 (0: none; 1: every source
    weighs the same in the fit, however many rows it has; "language": as the criterion
    counts them — each language half, each source of a language an equal share of it)."""
    if not balance:
        return None
    names, index, sizes = np.unique(sources, return_inverse=True, return_counts=True)
    if balance == "language":
        languages = [SOURCE_LANGUAGE.get(n, "en") for n in names]
        share = np.array([1.0 / len(set(languages)) / languages.count(lang) for lang in languages])
        w = (share / sizes)[index]
    else:
        w = sizes[index].astype(np.float64) ** -float(balance)
    return w * len(w) / w.sum()


def row_weights(groups: list[str], balance: float | str, team: dict[str, float] | None = None,
                languages: dict[str, str] | None = None) -> np.ndarray | None:
    """Each row's weight in the fits: the real rows' :func:`source_weights` (unchanged by the
    training-only rows), and each team-written row its source's weight in ``team`` (``forum8``,
    ``forum13``) times the mean weight of a real row of its language (``languages``: CV group →
    language, default :func:`team_languages`; the real sources' language from ``SOURCE_LANGUAGE``):
    at 1 a team-written German comment weighs what an average German training comment does."""
    sources = [source_of(g) for g in groups]
    real = np.array([s not in TRAINING_ONLY for s in sources])
    if real.all():
        return source_weights(sources, balance)
    base = source_weights([s for s, r in zip(sources, real) if r], balance)
    base = np.ones(int(real.sum())) if base is None else base
    real_language = np.array([SOURCE_LANGUAGE.get(s, "en") for s, r in zip(sources, real) if r])
    lang_of = team_languages() if languages is None else languages
    w = np.zeros(len(groups))
    w[real] = base
    for i in np.flatnonzero(~real):
        same = base[real_language == lang_of[groups[i]]]
        w[i] = (team or {}).get(sources[i], 0.0) * (same.mean() if same.size else base.mean())
    return w


def team_languages() -> dict[str, str]:
    """CV group (``forum8:THREAD``, ``forum13:THREAD``) → the language its writer gave the thread's
    comments (a thread mixing languages: its first comment's)."""
    out: dict[str, str] = {}
    for r in train_rows():
        if r["source"] in TRAINING_ONLY:
            out.setdefault(f"{r['source']}:{r['thread_id']}", r["lang"])
    return out


def fold_splits(y: np.ndarray, groups: list[str], folds: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The CV folds: the real rows (first) split as before — ``thread`` (5 folds stratified on
    ``y``, a thread or tweet bucket never split) or ``source`` (one fold per real source, each
    predicted by a model of the others) — and the training-only rows (last) added: in every
    fold's training part by source; by thread, each team-written source's threads spread over the 5
    folds (seeded, each source on its own: ``forum8``'s folds do not move when ``forum13`` joins)."""
    from comments.classification.learn import group_splits

    n = sum(1 for g in groups if not is_training_only(g))
    assert not any(is_training_only(g) for g in groups[:n]), "training-only rows must come last"
    if folds == "source":
        sources = [source_of(g) for g in groups[:n]]
        real = group_splits(y[:n], sources, len(set(sources)))
    else:
        real = group_splits(y[:n], groups[:n], 5)
    extra = np.arange(n, len(groups))
    if folds == "source" or not extra.size:
        return [(np.concatenate([tr, extra]), te) for tr, te in real]
    fold_of = {}
    for name in TRAINING_ONLY:
        threads = sorted({g for g in groups[n:] if source_of(g) == name})
        random.Random(SEED).shuffle(threads)
        fold_of.update({t: i % len(real) for i, t in enumerate(threads)})
    held = np.array([fold_of[groups[i]] for i in extra])
    return [(np.concatenate([tr, extra[held != k]]), np.concatenate([te, extra[held == k]]))
            for k, (tr, te) in enumerate(real)]


def source_scores(pred: list[set[str]], gold: list[set[str]], sources: list[str], labels) -> dict[str, tuple]:
    """Per source: (micro-F1 over ``labels``, gold positives, rows)."""
    from comments.classification.evaluate import group_scores

    return group_scores(pred, gold, sources, labels)


def source_macro(scores: dict[str, tuple]) -> float:
    """The criterion: per language the mean of its sources' micro-F1 (sources with enough
    positives), then the mean over languages — German and English count half each."""
    from comments.classification.evaluate import group_macro

    by_language: dict[str, dict[str, tuple]] = {}
    for source, score in scores.items():
        by_language.setdefault(SOURCE_LANGUAGE.get(source, "en"), {})[source] = score
    kept = [group_macro(s, SOURCE_MINIMUM) for s in by_language.values()
            if any(positives >= SOURCE_MINIMUM for _, positives, _ in s.values())]
    return float(np.mean(kept)) if kept else 0.0


def plain_macro(scores: dict[str, tuple]) -> float:
    """The criterion before session 7 (each source once), printed for comparison."""
    from comments.classification.evaluate import group_macro

    return group_macro(scores, SOURCE_MINIMUM)


def show_sources(name: str, pred, gold, sources, labels) -> float:
    """Print and return the criterion of these predictions (training-only sources' rows not scored)."""
    real = [i for i, s in enumerate(sources) if s not in TRAINING_ONLY]
    pred, gold, sources = [pred[i] for i in real], [gold[i] for i in real], [sources[i] for i in real]
    scores = source_scores(pred, gold, sources, labels)
    macro = source_macro(scores)
    print(f"{name}: language-weighted {macro:.5f}, plain source mean {plain_macro(scores):.3f}  (" + ", ".join(
        f"{s} {f:.2f} of {p} positives" for s, (f, p, _) in scores.items()) + ")", flush=True)
    return macro


TOPICS_OUT = ROOT / "src" / "comments" / "data" / "models" / "topics"
#: chosen by ``--topics-cv`` (see docs/models.md) by the source criterion (source-held-out folds,
#: macro over sources of per-source micro-F1; off-topic threads ≤ 3 %). Session 5 (3,191 training comments) chose
#: terms only, sources weighted equally (0.543). Wave 5 (6,080 comments, 5,009 of them tweets), measured
#: 2026-11-22, source-macro with source-held-out folds / pooled micro-F1 with thread-held-out folds. Previous
#: taxonomy: terms only, equal weights (the previous settings) 0.510 / 0.545; unweighted 0.512 / 0.521; weights
#: ^0.5 0.522 / 0.535; words ×0.2 0.493 / 0.556, with equal weights 0.478 / 0.543; words ×0.1 with equal weights
#: 0.503 / 0.540, with ^0.5 0.504 / 0.547. The CV false positives in the tweets were mostly "Krieg" used
#: figuratively (29 comments, no miss) and the misses named conflicts the terms lacked (Afrin, Assad, Nahost,
#: Gaza, Brexit, the Greek debt): "krieg" became a weak term, those were added (taxonomy.toml). Revised taxonomy:
#: equal weights 0.521 / 0.560 (tweets 0.50 → 0.55); unweighted 0.521 / 0.564; **^0.5 0.537 / 0.580**; C 0.3 /
#: 3 with ^0.5 0.521 / 0.545, 0.521 / 0.564; words ×0.1 0.519 / 0.570, ×0.2 0.521 / 0.581; with ^0.5 words ×0.1
#: 0.519 / 0.574, ×0.2 0.512 / 0.575; words ×0.1 for geopolitics only 0.536 / 0.582; no class weights 0.234 /
#: 0.455 (391 of 420 off-topic comments given a topic); weights ^0.25 0.522 / 0.580, ^0.75 0.521 / 0.577. Dropping
#: "europa" and "grenze" too: 0.534 / 0.559. The blogs have 11 positives: one comment moves them 0.36 ↔ 0.40.
#: Words still do not carry to a held-out source. Weights ^0.5 scored highest under both criteria, but its lead
#: over equal weights is the blogs' one comment (tweets and Reddit alike) — noise, no reason to leave equal
#: source weights (and with it the seed thread's topics fell to 0.81, one more consumer_rights false positive).
#: Shipped: terms only, sources weighted equally, on the revised taxonomy. Session 7 (language-weighted criterion):
#: equal weights 0.529 / 0.560; weights ^0.5 lead with 0.542 / 0.580 but lower the seed thread's topics to 0.81,
#: under the tests' 0.82 guard, so the wave-5 model stays; words, the gazetteer, C: 0.488–0.530 (docs/models.md).
#: Session 8 (forum8 as training data only): forum8 ×1 0.522 / 0.572, ×2 0.538 / 0.566, **×4 0.538 / 0.549** (the
#: same predictions by source as ×2), ×2 with words ×0.05 / ×0.1 / ×0.2 0.522 / 0.533 / 0.526; the wave-5 model
#: 0.529 / 0.560. By the rule the larger forum8 weight within ``TIE`` of the best would win (×4, then ×2), but both
#: lower the seed thread's topics to 0.70 / 0.71 (consumer_rights false positives 7 → 13, geopolitics 2 → 9: the
#: team-written threads stay on one subject, so the thread-share evidence learns to spread a topic over a thread),
#: far under the tests' 0.82 guard: as in session 7 the **wave-5 topic model stays** (byte for byte)
#: **Session 9 selection rule (fixed and committed before any session-9 candidate was run).** The criterion is
#: session 7's language-weighted source-held-out criterion over the real sources (``source_macro``; ``forum8`` is
#: never a criterion fold, never scored). Eligible: a candidate whose seed-thread topics micro-F1 (its full model,
#: ``seed_topics``) is ≥ 0.82 (the tests' guard) and whose share of comments given a topic on the training split's
#: off-topic threads (thread-held-out CV) is ≤ 3 %. Among the eligible, candidates within ``TIE`` (0.005) of the
#: best criterion value are tied and the **simpler** model wins: fewer additions to the shipped model, each new
#: feature kind (``states``), each cue list and each use of ``forum8`` rows counting one, a smaller ``forum8``
#: weight before a larger one; then the higher thread-held-out pooled micro-F1 of the real comments. GermEval
#: 2021, One Million Posts and the held-out sets are never used to choose (they are scored after the choice).
#: Session 15: the same settings refitted on today's features (split taxonomy terms such as ``=g7`` match since
#: b18ceae; the wave-5 file was fitted without them): no candidate run, nothing chosen (docs/models.md, session 15).
#: Session 16 (session 9's rule): the geopolitics term revisions 43-46 (``TERM_REVISIONS``) against the session-15
#: terms (47; 0.535 / 0.562): recall 0.553 / 0.586, precision 0.547 / 0.590, both 0.564 / 0.614, **both with the EU
#: strong 0.574 / 0.611 (seed 0.824, off-topic 0 of 420), shipped first; then 48 (46 with terms that also name
#: everyday things narrowed) **0.575 / 0.613**: tied with 46, the better thread-held-out figure — shipped in
#: taxonomy.toml (``SHIPPED_REVISIONS``), these settings refitted on it
TOPIC_SETTINGS = {"c": 1.0, "source_balance": 1.0}
#: session 7: source weighting schemes and the comment's own words at small weights
TOPIC_CANDIDATES = ({"c": 1.0, "source_balance": 1.0}, {"c": 1.0, "source_balance": "language"},
                    {"c": 1.0, "source_balance": 0.5},
                    {"c": 1.0, "source_balance": "language", "word_weight": 0.05},
                    {"c": 1.0, "source_balance": "language", "word_weight": 0.1},
                    {"c": 1.0, "source_balance": "language", "word_weight": 0.2},
                    {"c": 1.0, "source_balance": "language", "word_weight": {"geopolitics": 0.1}},
                    {"c": 0.3, "source_balance": "language"}, {"c": 3.0, "source_balance": "language"},
                    {"c": 1.0}, {"c": 1.0, "word_weight": 0.1},
                    {"c": 1.0, "source_balance": "language", "gazetteer": "only", "word_weight": 0.5},
                    {"c": 1.0, "source_balance": "language", "gazetteer": "only", "word_weight": 1.0},
                    {"c": 1.0, "source_balance": 1.0, "gazetteer": "only", "word_weight": 1.0},
                    {"c": 1.0, "source_balance": "language", "gazetteer": "words", "word_weight": 0.1},
                    {"c": 1.0, "source_balance": 0.5, "gazetteer": "only", "word_weight": 0.5},
                    {"c": 1.0, "source_balance": 0.5, "word_weight": 0.05},
                    {"c": 1.0, "source_balance": 0.25}, {"c": 1.0, "source_balance": 0.75},
                    {"c": 0.3, "source_balance": 0.5})
#: session 8 (indices 20-): the team-written ``forum8`` rows at weights 1, 2, 4, and with it the comment's own words
#: at small weights (now that forum text exists)
TOPIC_CANDIDATES += tuple(dict(TOPIC_CANDIDATES[0], forum8=k) for k in (1.0, 2.0, 4.0)) + tuple(
    dict(TOPIC_CANDIDATES[0], forum8=2.0, word_weight=w) for w in (0.05, 0.1, 0.2))
#: session 9 (indices 26-): the ``states`` feature kind (state and actor mentions, ``classification/states.py``);
#: ``forum8`` rows read as single-comment threads (``forum8_context="single"``: their parent evidence 0 and their
#: thread share their own evidence, so the team-written one-subject threads teach no thread share) at weights 1, 2,
#: 4; and both together
TOPIC_CANDIDATES += (dict(TOPIC_CANDIDATES[0], states=True),) + tuple(
    dict(TOPIC_CANDIDATES[0], forum8=k, forum8_context="single") for k in (1.0, 2.0, 4.0)) + tuple(
    dict(TOPIC_CANDIDATES[0], states=True, forum8=k, forum8_context="single") for k in (1.0, 2.0, 4.0))
#: (indices 36-) ``forum8`` single-comment threads on the training side of every fold, outside calibration and
#: thresholds (``forum8_calibrate=False``), ×1 / ×2 / ×4, and ×2 with the ``states`` kind
TOPIC_EXTRA = tuple(dict(TOPIC_CANDIDATES[0], forum8=k, forum8_context="single", forum8_calibrate=False)
                    for k in (1.0, 2.0, 4.0))
#: (indices 33-) the ``states`` kind with some of its columns: two or more states and actors; two or more states
#: only; actors only
TOPIC_CANDIDATES += tuple(dict(TOPIC_CANDIDATES[0], states=cols) for cols in (
    ["states:multi", "states:actor"], ["states:multi"], ["states:actor"]))
TOPIC_CANDIDATES += TOPIC_EXTRA + (dict(TOPIC_EXTRA[1], states=True),)
#: (indices 40-) states other than the home states of the comment's language ("states:foreign": Germany, Austria
#: and Switzerland named in German are mostly domestic politics), alone and with the actors / two or more states
TOPIC_CANDIDATES += tuple(dict(TOPIC_CANDIDATES[0], states=cols) for cols in (
    ["states:foreign"], ["states:foreign", "states:actor"], ["states:foreign", "states:multi", "states:actor"]))

#: session 16 (indices 43-): geopolitics term revisions read from the shipped settings' source-held-out CV errors in the
#: training split (docs/models.md, "Session 16"), each written from LABELLING.md's rule (states and their conflicts; not
#: one country's party politics, elections or migration debates, nor a place named in passing), the model refitted on
#: the revised terms with the shipped settings. "recall": state actors and conflicts the misses named and the terms
#: lacked; "precision": terms whose matches are mostly domestic (nuclear power, equipment, a Berlin square, an army
#: said of a party or of migrants) narrowed or made weak; "eu": the EU as an actor between states weighs what NATO does
TERM_REVISIONS = {
    "recall": {"terms": ["=ru", "ostblock", "jugoslawien", "yugoslavia", "mossul", "mosul", "=irak", "iraq",
                         "jemen", "yemen", "katar", "qatar", "venezuela", "poroschenko", "rouhani", "tempelberg",
                         "temple mount", "siedlungsbau", "kolonial", "colonial", "eurokrat", "nordstream",
                         "nord stream", "=zölle", "strafzoll", "strafzölle", "tariff", "kim jong",
                         "völkergemeinschaft", "weltgemeinschaft", "international community"],
               "strong": ["flugverbotszone", "no-fly zone", "friedensmission", "peacekeeping"]},
    "precision": {"remove": {"atom": 1.0, "nuclear": 1.0, "*rüstung": 2.0, "washington": 1.0, "regime": 1.0},
                  "terms": ["atomwaff", "atombomb", "atomabkommen", "atomprogramm", "atommacht", "atomkrieg",
                            "atomtest", "nuclear weapon", "nuclear war", "nuclear deal", "nuclear program",
                            "=washington", "=regime", "=regimes"],
                  "strong": ["rüstung", "aufrüst", "abrüst", "wettrüst"],
                  "weak": ["armee", "=army", "militär", "military", "invasion"]},
    "eu": {"strong_of": ["=eu"]},
    #: (candidate 48, written after 46 shipped, from LABELLING.md and German usage, not from an error count) terms of
    #: 46 that also name everyday things: "aufrüsten" is upgrading a computer ("den RAM aufrüsten"), "Rüstung" alone
    #: is also armour (in games), "katar" begins "Katarina" and "Katarakt": the nouns of armament, the arms
    #: compounds ("Rüstungsexport") and Qatar's whole names only
    "narrow": {"remove": {"aufrüst": 2.0, "abrüst": 2.0, "rüstung": 2.0, "katar": 1.0},
               "strong": ["aufrüstung", "abrüstung", "rüstungs"], "terms": ["=rüstung", "=katar", "=katars", "katarisch"]},
}
#: the revisions ``taxonomy.toml`` has (:func:`revised_taxonomy` undoes them to get the session-15 terms)
SHIPPED_REVISIONS = ("recall", "precision", "eu", "narrow")
TOPIC_CANDIDATES += tuple(dict(TOPIC_CANDIDATES[0], terms=names) for names in (
    ["recall"], ["precision"], ["recall", "precision"], ["recall", "precision", "eu"]))
#: (index 47) the session-15 terms with the shipped settings: the model shipped before session 16 (candidate 0 was it
#: when 43-46 were run; since 46 shipped, 0 is 46), so that the comparison can be re-run
TOPIC_CANDIDATES += (dict(TOPIC_CANDIDATES[0], terms=[]),)
#: (index 48) 46 with the terms that also name everyday things narrowed (``TERM_REVISIONS["narrow"]``)
TOPIC_CANDIDATES += (dict(TOPIC_CANDIDATES[0], terms=["recall", "precision", "eu", "narrow"]),)


def revised_taxonomy(names: list[str] | tuple[str, ...] | None = None):
    """The default taxonomy (``names`` None), or the taxonomy before session 16 (the shipped one with every
    :data:`TERM_REVISIONS` undone: candidates 43-46 revise it) with the revisions ``names`` applied to its
    geopolitics terms: "remove" drops terms (text → weight), "terms"/"strong" add weak/strong ones, "weak"/"strong_of"
    make existing terms weak/strong. Since candidate 46 shipped, ``revised_taxonomy(["recall", "precision", "eu"])``
    has the shipped terms."""
    from comments.classification.lexicon import Lexicon, Term
    from comments.classification.taxonomy import STRONG_WEIGHT, Taxonomy, load

    taxonomy = load()
    if names is None:
        return taxonomy
    weights = {t.text: t.weight for t in taxonomy.lexicon.terms if t.category == "geopolitics"}
    for rev in map(TERM_REVISIONS.get, reversed(SHIPPED_REVISIONS)):  # back to the session-15 terms
        for text in list(rev.get("terms", ())) + list(rev.get("strong", ())):
            weights.pop(text)
        weights.update(rev.get("remove", {}))
        weights.update(dict.fromkeys(rev.get("weak", ()), STRONG_WEIGHT))
        weights.update(dict.fromkeys(rev.get("strong_of", ()), 1.0))
    for name in names:
        rev = TERM_REVISIONS[name]
        changed = set(rev.get("remove", {})) | set(rev.get("weak", ())) | set(rev.get("strong_of", ()))
        assert changed <= set(weights), f"{name}: not geopolitics terms: {sorted(changed - set(weights))}"
        for text in rev.get("remove", {}):
            del weights[text]
        weights.update(dict.fromkeys(list(rev.get("terms", ())) + list(rev.get("weak", ())), 1.0))
        weights.update(dict.fromkeys(list(rev.get("strong", ())) + list(rev.get("strong_of", ())), STRONG_WEIGHT))
    terms = [t for t in taxonomy.lexicon.terms if t.category != "geopolitics"]
    return Taxonomy(taxonomy.name, taxonomy.description, taxonomy.topics,
                    Lexicon(terms + [Term(text, "geopolitics", w) for text, w in weights.items()]))


def chosen(candidates: tuple, argv: list[str]) -> list:
    """The candidates ``--only i,j`` names (all without it)."""
    if "--only" not in argv:
        return list(candidates)
    return [candidates[int(i)] for i in argv[argv.index("--only") + 1].split(",")]


def topic_training_data(taxonomy=None):
    """The training split read as ``classify`` reads it (threads, each comment's language,
    the term evidence of ``taxonomy`` — default: the shipped one — in context): feature rows, gold topics, CV groups,
    the term rule's labels, the taxonomy, each row's thread key, its (tokens, language) and
    its ``states`` feature kind's columns."""
    from evaluate_labels import threads_of

    from comments.classification.classify import set_languages
    from comments.classification.topics import TopicClassifier
    from comments.text.tokens import tokenize

    gold = gold_labels()
    rows = train_rows()
    key_of = {(f"{r['source']}:{r['thread_id']}", r["id"]): r for r in rows}
    threads = threads_of(rows)
    set_languages(threads)
    taxonomy = taxonomy or revised_taxonomy()
    terms = TopicClassifier(taxonomy, learned=False)
    terms.transform(threads)
    from comments.classification.states import features as state_features

    blocks, topics, groups, rule, thread_keys, docs, mentions = [], [], [], [], [], [], []
    for pt in threads:
        order, x = terms.features(pt, taxonomy.ids)
        blocks.append(x)
        for c in order:
            r = key_of[(pt.thread.thread_id, c.id)]
            topics.append(gold[r["key"]][0])
            groups.append(_bucket(int(r["id"])) if r["source"] == "germeval18" else pt.thread.thread_id)
            rule.append(set(c.topics))
            thread_keys.append(pt.thread.thread_id)
            docs.append((tokenize(c.text), c.language))
            mentions.append(state_features(c.text, docs[-1][0], c.language))
    y = {t: np.array([int(t in g) for g in topics]) for t in taxonomy.ids}
    return np.vstack(blocks), y, groups, rule, taxonomy, thread_keys, docs, np.array(mentions)


def topic_counts(pred: list[set[str]], y: dict[str, np.ndarray]) -> dict[str, tuple[int, int, int]]:
    return {t: _scores(v, np.array([int(t in p) for p in pred])) for t, v in y.items() if v.sum()}


def topic_cv_predictions(settings: dict, data=None, folds: str = "thread") -> list[set[str]]:
    """Each training row's topics as ``classify`` would set them, from out-of-fold
    probabilities (``folds`` as in :func:`fold_splits`): the model's topics and the term
    rule's, none for a bare reaction."""
    data = data or topic_training_data()
    x, rule, taxonomy = data[0], data[3], data[4]
    model, oof = fit_topics(settings, data, folds)
    reactions = x[:, 3 * len(taxonomy.ids)] > 0
    pred = []
    for i, labels in enumerate(rule):
        learned = {t for t, threshold in zip(model.labels, model.thresholds) if oof[t][i] >= threshold}
        pred.append(set() if reactions[i] else learned | labels)
    return pred


def gazetteer() -> list[str]:
    """The names of states and territories, German and English, from Babel's copy of the Unicode
    CLDR (``Locale.territories``, two-letter codes), lower-cased as the tokenizer reads them;
    single-token names only (the word block reads tokens: "Vereinigte Staaten" and "United
    Nations" are lost), not stop words nor names of one or two letters. Regions and continents
    (numeric codes: "Europa", "Welt") are left out: naming one is not naming a state."""
    from babel import Locale

    from comments.text.tokens import stop_words, tokenize

    stops = stop_words("de") | stop_words("en")
    names = set()
    for language in ("de", "en"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                tokens = list(tokenize(name))
                if len(tokens) == 1:
                    names.add(tokens[0])
    return sorted(t for t in names if len(t) > 2 and t not in stops)


def topic_docs(words: list[tuple[list[str], str]], mode: str | None, places: list[str]) -> list[list[str]]:
    """Each row's word-block entries: its content stems (``mode`` None), with the gazetteer's
    names read as PLACE ("words"), or PLACE alone when it names a state ("only")."""
    from comments.classification.topic_model import PLACE, content_stems

    names = frozenset(places) if mode else frozenset()
    if mode == "only":
        return [[PLACE] if any(t in names for t in tokens) else [] for tokens, _ in words]
    return [content_stems(tokens, language, names) for tokens, language in words]


def fit_topics(settings: dict, data, folds: str = "thread"):
    """The topic model and its out-of-fold probabilities for ``settings`` (``source_balance``
    becomes row weights, ``gazetteer`` the word block's reading of place names — "only" or
    "words"; the rest goes to ``topic_model.fit``)."""
    from comments.classification.topic_model import fit

    x, y, groups, _, taxonomy, thread_keys, words, mentions = data
    settings = dict(settings)
    settings.pop("terms", None)  # (term revisions are in ``data``: see :func:`candidate_data`)
    x = with_kinds(x, mentions, thread_keys, taxonomy, settings.pop("states", False),
                   settings.pop("forum8_context", None))
    team = team_weights(settings)
    idx = np.flatnonzero(used_rows(thread_keys, team))
    weights = row_weights([thread_keys[i] for i in idx], settings.pop("source_balance", 0.0), team)
    mode = settings.pop("gazetteer", None)
    uncalibrated = settings.pop("forum8_calibrate", True) is False
    places = gazetteer() if mode else []
    split_groups = [groups[i] for i in idx]
    docs = topic_docs([words[i] for i in idx], mode, places)
    # a topic is learnt when the real comments have enough positives (as before): forum8 adds examples to it, but
    # a topic known mostly from team-written text could not be calibrated or checked on real comments
    from comments.classification.topic_model import MINIMUM

    real = np.array([not is_training_only(k) for k in thread_keys])
    learnt = {t: v[idx] for t, v in y.items() if int(v[real].sum()) >= MINIMUM}
    kinds = ["states"] if x.shape[1] > 3 * len(taxonomy.ids) + 1 else []
    model, oof = fit(x[idx], learnt, split_groups, taxonomy.ids, taxonomy.fingerprint,
                     docs=docs, sample_weight=weights, gazetteer=places, kinds=kinds,
                     splits=lambda target: outside_calibration(fold_splits(target, split_groups, folds), idx, thread_keys,
                                                               uncalibrated), **settings)
    full = {t: np.full(len(x), np.nan) for t in oof}
    for t, p in oof.items():
        full[t][idx] = p
    return model, full


def with_kinds(x: np.ndarray, mentions: np.ndarray, thread_keys: list[str], taxonomy, use_states: bool,
               forum8_context: str | None) -> np.ndarray:
    """The topic features a candidate trains on: with ``use_states`` the ``states`` kind's columns
    appended (True: all; a list of column names: those, the others zero — weight 0 in the fit); with ``forum8_context`` "single" each training-only (``forum8``) row read as a thread of
    its own — no parent evidence, its thread share its own evidence (≥ 0.5) — so that the team-written
    single-subject threads teach the model nothing about thread share."""
    k = len(taxonomy.ids)
    x = x.copy()
    if forum8_context == "single":
        extra = np.array([is_training_only(key) for key in thread_keys])
        x[extra, k:2 * k] = 0.0
        x[extra, 2 * k:3 * k] = (x[extra, :k] >= 0.5).astype(np.float64)
    elif forum8_context is not None:
        raise ValueError(f"forum8_context: {forum8_context!r}")
    if not use_states:
        return x
    from comments.classification.states import FEATURES

    keep = FEATURES if use_states is True else use_states  # a candidate may use some of the kind's columns
    return np.hstack([x, mentions * np.array([float(name in keep) for name in FEATURES])])


def outside_calibration(pairs, idx, thread_keys, uncalibrated: bool):
    """``pairs`` as they are, or (``uncalibrated``) with the training-only rows taken out of every
    held-out part: they are then on the training side of every fold and take no part in Platt
    scaling and the thresholds (their base rates are the writers', not a real forum's)."""
    if not uncalibrated:
        return pairs
    extra = np.array([is_training_only(thread_keys[i]) for i in idx])
    rows = np.flatnonzero(extra)
    return [(np.union1d(tr, rows), te[~extra[te]]) for tr, te in pairs]


def seed_topics(model, taxonomy=None) -> float:
    """The seed thread's topics micro-F1 with ``model`` as the topic model and ``taxonomy``'s terms
    (default: the shipped ones; the tests' guard: ≥ 0.82); the seed is a check, never training data."""
    from comments.classification.classify import classify
    from comments.classification.evaluate import averages, evaluate, read_gold
    from comments.classification.taxonomy import load
    from comments.classification.topics import TopicClassifier
    from comments.io.pipeline import read_inputs

    result = read_inputs([str(ROOT / "data" / "raw" / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt")])
    classify(result.threads)
    TopicClassifier(taxonomy or load()).transform(result.threads, model=model)
    scores = evaluate(result.comments, read_gold(ROOT / "tests" / "fixtures" / "seed_gold.csv"))[0]
    return float(averages([s for s in scores if s.kind == "topics"])["micro_f1"])


def topics_cv(argv: list[str]) -> int:
    """The term rule against the learned model's out-of-fold labels under both criteria
    (thread-held-out folds: pooled micro-F1; source-held-out folds: source-macro), per
    topic, and the share of comments given a topic on threads gold gives none."""
    data = topic_training_data()
    y, rule, thread_keys = data[1], data[3], data[5]
    real = np.array([not is_training_only(k) for k in thread_keys])
    ours = {t: v[real] for t, v in y.items()}
    keys = [k for k, r in zip(thread_keys, real) if r]
    if "--only" not in argv:
        show_topics("term rule (in-sample)", [p for p, r in zip(rule, real) if r], ours, keys)
    for settings in chosen(TOPIC_CANDIDATES, argv):
        cand = candidate_data(settings, data)
        for folds in ("thread", "source"):
            pred = topic_cv_predictions(settings, cand, folds)
            show_topics(f"learned {json.dumps(settings)} ({folds}-held-out CV)",
                        [p for p, r in zip(pred, real) if r], ours, keys)
            for name in TRAINING_ONLY:
                mine = np.array([source_of(k) == name for k in thread_keys])
                if folds == "thread" and settings.get(name) and mine.any():
                    show(f"    {name} (training only; information)",
                         topic_counts([p for p, m in zip(pred, mine) if m], {t: v[mine] for t, v in y.items()}))
        seed = seed_topics(fit_topics(settings, cand)[0], cand[4])
        print(f"    seed thread topics micro-F1 (guard ≥ 0.82): {seed:.3f}", flush=True)
    return 0


def topic_errors(argv: list[str], topic: str = "geopolitics") -> int:
    """The error analysis behind session 16's candidates: for each candidate named by ``--only`` (47: the session-15
    terms), ``topic``'s source-held-out CV predictions on the real training comments by source — true and false
    positives, misses, how many predictions the term rule made, misses with no term / one weak term's evidence (own
    score < 0.5) — and the terms found in the false positives and the misses (a comment read without its handles,
    as ``classify`` reads it), most frequent first."""
    from collections import Counter

    from comments.classification.lexicon import Lexicon
    from comments.classification.topics import MENTION

    data = topic_training_data()
    texts = [r["text"] for r in topic_text_rows()]
    for settings in chosen(TOPIC_CANDIDATES, argv):
        cand = candidate_data(settings, data)
        x, y, rule, taxonomy, thread_keys = cand[0], cand[1], cand[3], cand[4], cand[5]
        single = [(term, Lexicon([term])) for term in taxonomy.lexicon.terms if term.category == topic]
        own = x[:, taxonomy.ids.index(topic)]
        pred = topic_cv_predictions(settings, cand, "source")
        counts, found = Counter(), {"false positive": Counter(), "miss": Counter()}
        for i, key in enumerate(thread_keys):
            gold, said = bool(y[topic][i]), topic in pred[i]
            if is_training_only(key) or not (gold or said):
                continue
            kind = "true positive" if gold and said else "false positive" if said else "miss"
            source = source_of(key)
            counts[(source, kind)] += 1
            counts[(source, kind, "by the term rule")] += topic in rule[i]
            if kind == "miss":
                counts[(source, kind, "no term" if own[i] == 0 else "one weak term" if own[i] < 0.5 else "terms")] += 1
            if kind != "true positive":
                text = MENTION.sub(" ", texts[i])
                found[kind].update(term.text for term, lexicon in single if lexicon.scores(text))
        print(f"{topic} errors, {json.dumps(settings)} (source-held-out CV, real comments):")
        for k, n in sorted(counts.items()):
            print(f"    {' / '.join(k)}: {n}")
        for kind, terms in found.items():
            print(f"    terms in the {kind.replace('miss', 'misse')}s: " + ", ".join(f"{t} {n}" for t, n in terms.most_common(20)), flush=True)
    return 0


def topic_text_rows() -> list[dict]:
    """The training rows in the order of :func:`topic_training_data`'s feature rows (thread by thread, each in
    walk order)."""
    from evaluate_labels import threads_of

    from comments.model.tree import walk

    rows = train_rows()
    key_of = {(f"{r['source']}:{r['thread_id']}", r["id"]): r for r in rows}
    return [key_of[(pt.thread.thread_id, c.id)] for pt in threads_of(rows) for c, _ in walk(pt.comments)]

def candidate_data(settings: dict, data):
    """``data`` (the shipped terms' features), or the training split read with the candidate's revised
    terms (``settings["terms"]``: :data:`TERM_REVISIONS` names)."""
    return topic_training_data(revised_taxonomy(settings["terms"])) if "terms" in settings else data


def show_topics(name, pred, y, thread_keys) -> None:
    show(name, topic_counts(pred, y))
    for t, (tp, fp, fn) in topic_counts(pred, y).items():
        print(f"    {t:<22} P {tp / (tp + fp) if tp + fp else 0:.2f}  R {tp / (tp + fn) if tp + fn else 0:.2f}  "
              f"(tp {tp}, fp {fp}, fn {fn})")
    gold = [{t for t, v in y.items() if v[i]} for i in range(len(pred))]
    show_sources("    criterion", pred, gold, [source_of(k) for k in thread_keys], list(y))
    gold_any = np.array([bool(g) for g in gold])
    on_topic = {k for k, g in zip(thread_keys, gold_any) if g}
    off = [bool(p) for p, k in zip(pred, thread_keys) if k not in on_topic and not k.startswith("germeval18")]
    polls = [bool(p) for p, k in zip(pred, thread_keys) if k == "reddit:fo7p5b"]
    print(f"    off-topic threads: {sum(off)} of {len(off)} given a topic ({sum(off) / max(len(off), 1):.1%}); "
          f"Reddit polls thread: {sum(polls)} of {len(polls)} (gold: a topic on "
          f"{int(sum(gold_any[i] for i, k in enumerate(thread_keys) if k == 'reddit:fo7p5b'))})", flush=True)


def train_topics() -> int:
    """Write the shipped topic model (``TOPIC_SETTINGS``) from the features ``classify`` computes today."""
    data = topic_training_data()
    y = data[1]
    model, _ = fit_topics(TOPIC_SETTINGS, data)
    model.attribution = attribution(TOPIC_SETTINGS)
    model.save(TOPICS_OUT)
    for label, threshold in zip(model.labels, model.thresholds):
        print(f"{label:<22}{int(y[label].sum()):>6}  threshold {threshold:.3f}")
    return 0


#:
#: **Session 20 rule (issue #11 tone quality: ``hostile`` and ``sarcastic`` that generalise; fixed and committed
#: before any of candidates 47-51 was run).** The brief of session 20 sets the measure: **thread-grouped CV** inside
#: the training split — the pooled micro-F1 over the six tones of the real comments, thread-held-out (the same 5
#: folds as since session 7; the floor applied out of fold as for the criterion), every candidate and
#: the shipped settings (35) in the same run. The **fold-to-fold spread** is the sample standard deviation of 35's
#: five per-fold micro-F1s (printed, ``fold_spread``). 35 stays unless a candidate's pooled thread-held-out micro-F1
#: is more than that spread above 35's; among those that are, the best wins, candidates within the spread of it are
#: tied and the simpler wins (each change to 35 counts one), then the higher figure. Guards, for a winner to ship:
#: its source criterion (session 7's, printed for every candidate) not more than ``TIE`` below 35's — what does not
#: carry to a held-out source is not what issue #11 asks for; classify speed not more than 5 % below the release's
#: (``bench_classify.py --real 100000``); and the behaviour tests of the shipped model hold without rewriting (a
#: winner that fails them is recorded and handed to the lead, as in session 19). 50 cannot ship this session (the
#: model file's stack reads six logits): if it wins, it is recorded and handed on. Per-label and per-source F1 are
#: printed for information. Nothing is chosen on the test split, html_comments, ``data/labelled/holdout*/``, One
#: Million Posts or GermEval 2021 (the lead scores them at the end).
#:
#: **Session 24 rule (issue #11 tone quality: candidate 54's character view at a cost classify can afford; fixed and
#: committed before any of candidates 55-57 was run).** Session 20's measure and margin, unchanged: the pooled
#: thread-held-out micro-F1 over the six tones of the real comments (the same 5 folds, floor out of fold), 35 and
#: 55-57 from the same deterministic code; 35 stays unless a candidate is more than the sample standard deviation
#: of 35's five per-fold micro-F1s (``fold_spread``) above 35's; among those that are, the best wins, candidates
#: within that spread of it are tied and the simpler wins (each change to 35 counts one: ``chars`` and
#: ``char_view`` two, ``char_labels`` a third), then the higher figure. Guards, for a winner to ship: its source
#: criterion not more than ``TIE`` below 35's; ``classify`` with its model file not more than 5 % slower than the
#: shipped model's (``bench_classify.py --real 100000 --baseline`` the session's main, ``/work/peers/main24/src``:
#: the median ratio of at least three runs at least 0.95); and the behaviour tests of the shipped model pass
#: without rewriting. A winner failing a guard is recorded and handed to the lead, nothing is shipped. Nothing is
#: chosen on the test split, html_comments, ``data/labelled/holdout*/``, One Million Posts or GermEval 2021.
def main(argv: list[str]) -> int:
    if "--topics-errors" in argv:
        return topic_errors(argv)
    if "--topics-cv" in argv:
        return topics_cv(argv)
    if "--topics" in argv:
        return train_topics()
    if "--cv" not in argv and ("objective_by" in SETTINGS or SETTINGS.get("calibrate") not in (None, "stacked")):
        raise ValueError("SETTINGS: calibration by language or per-label objectives are CV candidates only")
    if "--cv" not in argv and SETTINGS.get("surface", ["by_language"]) != ["by_language"]:
        raise ValueError("SETTINGS: sarcasm and negation columns are CV candidates only (classify computes none)")
    if "--cv" not in argv and SETTINGS.get("char_head"):
        raise ValueError("SETTINGS: a separate character head is a CV candidate only (the model file stacks six logits)")
    if "--cv" not in argv and SETTINGS.get("context") is True:
        raise ValueError("SETTINGS: candidate 32's reply context is a CV candidate only (session 17's columns ship)")
    data = training_data(team=True if "--cv" in argv else None)
    texts, labels, groups, ours = data
    if "--cv" in argv:
        if "--no-baseline" not in argv:
            show("hand-set weights (today)", hand_baseline(texts, labels, ours))
        for settings in chosen(CANDIDATES, argv):
            for folds in ("thread", "source"):
                pred, gold, keys = tone_cv_predictions(settings, data, folds)
                show(f"{json.dumps(settings)} ({folds}-held-out CV)", tone_counts(pred, gold))
                show_sources("    criterion", pred, gold, [source_of(k) for k in keys], TONES)
                show_sources("    hostile (information)", pred, gold, [source_of(k) for k in keys], ["hostile"])
                if folds == "thread":  # session 20: the per-fold figures, whose spread a gain must exceed
                    per_fold = fold_spread(pred, gold, tone_cv_predictions.fold_rows)
                    print("    per-fold micro-F1 " + " ".join(f"{f:.4f}" for f in per_fold)
                          + f"  (sd {np.std(per_fold, ddof=1):.4f})", flush=True)
                for name, (pred, gold) in tone_cv_predictions.team.items():
                    if folds == "thread" and settings.get(name) and pred:
                        show(f"    {name} (training only; information)", tone_counts(pred, gold))
        return 0
    model, reports, _ = fit_tone(SETTINGS, data)
    model.attribution = attribution(SETTINGS)
    model.own_lines = bool(SETTINGS.get("unquoted"))  # (fit_tone trained it on the texts without their quoted lines)
    if SETTINGS.get("floor"):
        model.floor, model.floor_masked = shipped_floor(SETTINGS["floor"], texts, labels["hostile"], ours)
    model.save(OUT)
    for r, threshold in zip(reports, model.thresholds):  # (the F1 is the label's own Platt scaling's, out of fold)
        print(f"{r.label:<14}{r.positives:>6}  F1 {r.f1_positive:.3f}  threshold {threshold:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
