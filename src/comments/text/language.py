"""Language of a comment: German, English or other.

Comments are short and mix languages; the share of each language's most frequent
function words is a robust, fast and explainable signal, read on what the comment says
itself (without "> " quoted lines and long passages in quotation marks). Words both
languages write alike ("in", "an", "will", "so", "was") count for neither; a tie goes to
the identifier (ten words or more), an umlaut, or the thread's language (None). Where the
evidence is weak (few German or English function words for the comment's length) a comment
mostly in another script (Cyrillic, Greek, CJK, …) is ``other``, and one of ten words or
more, or holding a stop word of another language, is read by a character n-gram identifier
(py3langid, 97 languages, offline):
a comment it is sure is in another language is ``other``; so is a short comment that shows
another Latin-script language (:func:`_short_foreign`) and that it is sure of, whatever function
words it shares with German or English. A comment too short to tell
(fewer than ``MIN_WORDS`` words, or no function word: "lol", "Danke!", "Great stuff.")
is left undecided (``None`` from :func:`identify`), so that classify can give it its
thread's majority language.
"""

from __future__ import annotations

import os
import re
from array import array
from functools import lru_cache
from itertools import compress
from pathlib import Path

from comments.text.quotes import own_words, quotes
from comments.text.tokens import words

_DE = frozenset("""der die das und ist nicht ich es sie du wir ihr er ein eine einen einem einer zu mit auf
für von den dem des sich auch noch nur wie aber wenn dann schon doch mal was wird werden hat haben sind war
kann ja nein so man im in bei aus als oder dass daß über um vom zum zur hier da jetzt sehr kein keine
mir mich dir dich uns euch ihm ihn sein seine gibt geht""".split())
_EN = frozenset("""the and is not it you we they he she a an to with on for of from this that these those
are was were be been have has had do does did but if then what which who how just only so very no yes
my your our their his her its at by as or about can could would should will there here all any""".split())
_FUNCTION = _DE | _EN
#: function words the other language writes alike and often ("Danke an alle", "Ich will …", "Same in
#: Brazil", "so", "was", "the war", "man"): evidence of German or English, but of neither against the other
_SHARED = (_DE & _EN) | frozenset("in an will war man".split())
_DE_ONLY = _DE - _SHARED
_EN_ONLY = _EN - _SHARED

#: Thresholds, chosen on the labelled corpus's training split and the team-written forum8
#: texts (8,020 German and English comments) and a few sentences in other languages written
#: for the purpose (docs/methods.md, "Language"): none of the 8,020 becomes ``other``, and the
#: identifier reads 0.2 % of them.
MIN_WORDS = 3  # fewer words: too short to tell
WEAK_SHARE = 0.2  # German and English function words below this share of the words: the identifier decides
SURE = 0.8  # the identifier's probability of its language needed to take its answer
OTHER_WORDS = 2  # different stop words of other languages a weak comment of LONG_WORDS needs before the identifier reads it
LONG_WORDS = 10  # (a shorter weak comment needs one foreign stop word to be read by the identifier)
READ_CHARS = 2_000  # the identifier reads a comment's opening this long (a pasted article need not be read whole)
MIXED = 4  # different German or English function words that make a comment German or English whatever else it quotes
_UMLAUTS = "äöüÄÖÜß"


#: Latin-script languages whose stop words make a comment worth the identifier's time (others
#: are told by their script)
OTHER_LANGUAGES = ("es", "fr", "it", "pt", "nl", "ca", "ro", "tr", "pl", "cs", "sk", "hu", "fi", "sv", "da", "no", "id",
                   "ms", "tl", "lv", "lt", "hr", "sl")


@lru_cache(maxsize=1)
def _other_words() -> frozenset[str]:
    """Stop words of other Latin-script languages (stopwords-iso) that are no German or English
    stop word: only a comment holding one is worth the identifier's time."""
    from stopwordsiso import stopwords

    ours = stopwords("de") | stopwords("en") | _FUNCTION
    return frozenset(w for lang in OTHER_LANGUAGES for w in stopwords(lang) if len(w) > 1 and w not in ours)


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier with probabilities, loaded once per process. Its shipped model
    is LZMA-compressed (about 0.6 s of CPU to unpack); the unpacked arrays are kept in the
    user's cache directory (:func:`cache_dir`, about 70 MB) and mapped from there by later
    runs (some 30 ms). Without a writable cache the model is unpacked each time."""
    from py3langid.langid import LanguageIdentifier

    arrays = _cached_model()
    if arrays is None:
        from py3langid.langid import MODEL_FILE

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ptc, pc, classes, nextmove, row, output = arrays
    return LanguageIdentifier(ptc, pc, classes.tolist(), _typed(nextmove), output.tolist(), norm_probs=True,
                              tk_row=_typed(row))


_MODEL_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def cache_dir() -> Path:
    """Where the unpacked identifier model is kept: ``$XDG_CACHE_HOME/comments`` (else
    ``~/.cache/comments``), one folder per py3langid version."""
    from importlib.metadata import version

    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "comments" / f"py3langid-{version('py3langid')}"


def _cached_model():
    """The model's arrays from the cache (memory-mapped), written there first if missing;
    None when the cache cannot be written or read."""
    import numpy as np

    folder = cache_dir()
    try:
        if not folder.is_dir():
            _write_cache(folder)
        ptc, pc, classes, nextmove, row, output = arrays = [
            np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _MODEL_PARTS]
    except (OSError, ValueError):
        return None
    if ptc.shape[1:] != pc.shape or pc.shape != classes.shape or nextmove.size % 256 or row.shape != output.shape:
        return None  # not what _write_cache wrote (damaged): unpack the shipped model instead
    return arrays


def _write_cache(folder: Path) -> None:
    """Unpack the shipped model into ``folder``: written into a temporary folder beside it
    and renamed, so a reader never sees half of it (a run writing it at the same time keeps
    the first)."""
    import shutil
    import tempfile

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".unpacking-"))
    try:
        parts = (ptc, pc, np.array(classes), np.frombuffer(nextmove, dtype=_DTYPE[nextmove.itemsize]),
                 np.frombuffer(row, dtype=_DTYPE[row.itemsize]), np.asarray(output, dtype=np.int32))
        for name, values in zip(_MODEL_PARTS, parts):
            np.save(scratch / f"{name}.npy", values, allow_pickle=False)
        try:
            scratch.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


_DTYPE = {2: "uint16", 4: "uint32", 8: "uint64"}
_TYPECODE = {2: "H", 4: "I", 8: "L"}


def _typed(values) -> array:
    """A cached unsigned array as the standard-library ``array`` py3langid walks."""
    import numpy as np

    out = array(_TYPECODE[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


_LATIN = "\x00-\u024f\u1e00-\u1eff"  # Basic Latin to Latin Extended-B, Latin Extended Additional
_OTHER_LETTER = re.compile(f"[^\\W\\d_{_LATIN}]")
_LATIN_LETTER = re.compile("[^\\W\\d_\u0250-\u1dff\u1f00-\U0010ffff]")


def _other_script(text: str) -> bool:
    """Whether most of the text's letters are not Latin (Cyrillic, Greek, Arabic, CJK, …):
    then it is neither German nor English, however short."""
    if _OTHER_LETTER.search(text) is None:
        return False
    return len(_OTHER_LETTER.findall(text)) > len(_LATIN_LETTER.findall(text))


_LINKS = re.compile(r"(?:https?://|www\.)\S+|@\w+")


def _decide(text: str, tokens: list[str], de: int, en: int, shared: int = 0) -> str | None:
    """``de``, ``en``, ``other`` or None (too short to tell) from a comment's words and
    its counts of German-only, English-only and shared function words (``_SHARED``)."""
    size = len(tokens)
    asked = None  # the identifier's (language, probability), once it has read the comment
    if de + en + shared < WEAK_SHARE * size:
        if not text.isascii() and _other_script(text):
            return "other"
        foreign = _other_language_words(text, tokens) if size >= MIN_WORDS else 0
        # weak evidence and a sign of another language: a stop word of one (two from ten words on), or with at
        # most one function word ("See on täiesti naeruväärne, ma ei osta …") one such word or a letter
        # neither German nor English has ("Þetta er …"): the identifier is asked (some 0.2 ms a comment)
        if foreign >= (1 if size < LONG_WORDS else OTHER_WORDS) or size >= LONG_WORDS and de + en + shared <= 1 and (
                foreign >= 1 or _FOREIGN_LETTER.search(text) is not None):
            found, p = _identified(text)
            if found == "other" and len(_FUNCTION.intersection(tokens)) >= MIXED:
                p = 0.0  # German or English sentences beside a quote in another language ("Lorem ipsum …")
            if p >= SURE:
                return found
            if de + en + shared <= 1 and found == "other" and foreign >= (1 if size < LONG_WORDS else OTHER_WORDS):
                return None  # one "a", "no" or "so", stop words of another language the identifier leans to
            asked = found, p
    if size < LONG_WORDS and _short_foreign(text, tokens):
        found, p = asked = asked or _identified(text)
        if found == "other" and p >= SURE:
            return "other"
    if de != en:
        return "de" if de > en else "en"
    # a tie (shared words count for neither): the identifier on a long comment, else an umlaut,
    # else the thread's language (None) — not English
    if size >= LONG_WORDS and de:  # (one language's function words against the other's, not shared ones alone)
        found, p = asked = asked or _identified(text)
        if found != "other" or p >= SURE:
            return found
    if asked is not None and asked[0] == "other":  # the identifier leans to another language: no umlaut rule
        # ("Es una vergüenza, Xiaomi ya no permite …": "es" and "no" tie; "ü"), other with stop words of one
        return "other" if _other_language_words(text, tokens) >= OTHER_WORDS else None
    return "de" if any(ch in text for ch in _UMLAUTS) else None


#: letters a short comment needs before the identifier's answer counts for it (fewer: too little to go by)
SHORT_LETTERS = 10
_FOREIGN_LETTER = re.compile(f"[^\\W\\d_a-zA-Z{_UMLAUTS}]")  # a letter neither English nor German has


def _short_foreign(text: str, tokens: list[str]) -> bool:
    """Whether a short comment (fewer than ``LONG_WORDS`` words) shows a sign of another Latin-script
    language — a stop word of one (:func:`_other_words`) or a letter neither English nor German
    has ("ł", "ş", "é", "ñ") — and has ``SHORT_LETTERS`` letters: then the identifier decides
    when it is sure (``SURE``), not a few function words shared with German or English ("To jest
    jakiś żart": "to"; "Kto za to zapłaci? Oczywiście my.": "to", "my") nor the thread's language."""
    foreign = ((not text.isascii() and _FOREIGN_LETTER.search(text) is not None)
               or _other_language_words(text, tokens) > 0)
    return foreign and len(_LETTER.findall(text)) >= SHORT_LETTERS


def _other_language_words(text: str, tokens: list[str]) -> int:
    """How many different stop words of other languages (:func:`_other_words`) the
    comment holds, links and account handles left out ("amazon.com", "@magna_est")."""
    if "@" in text or "http" in text or "www." in text:
        if _other_words().isdisjoint(tokens) and _whole_pieces(text):
            return 0  # (every link and handle a whole piece: the words left are among ``tokens``)
        tokens = words(_LINKS.sub(" ", text))
    return len(_other_words().intersection(tokens))


def _whole_pieces(text: str) -> bool:
    """Whether every link and account handle (``_LINKS``) of the text is a whole whitespace-separated
    piece ("@magna_est hallo", not "(@magna_est)" or "ab-www.x.de"): then the text without them has
    no word the text's own words lack (the tweets of GermEval: their words need not be read again)."""
    for found in _LINKS.finditer(text):
        start, end = found.span()
        if start and not text[start - 1].isspace() or end < len(text) and not text[end].isspace():
            return False
    return True


def _identified(text: str) -> tuple[str, float]:
    """The identifier's answer (``de``, ``en`` or ``other``) and its probability, read
    without links and account handles (which are no language); probability 0 when too
    few words are left."""
    if "@" in text or "http" in text or "www." in text:
        text = _LINKS.sub(" ", text)
        if len(words(text)) < MIN_WORDS:
            return "other", 0.0
    found, p = _identifier().classify(text[:READ_CHARS])
    return found if found in ("de", "en") else "other", p


def identify(text: str, tokens: list[str] | None = None) -> str | None:
    """``de``, ``en``, ``other`` (another language), or None when the comment is too short
    to tell ("+1", "lol", an empty text; see the module docstring). Decided on the comment's
    own words (:func:`quotes.own_words`: without "> " lines and long passages in quotation
    marks) when they are enough to tell (``MIN_WORDS`` words besides links and handles), else
    on the whole text ("> …quote…\n\nlol")."""
    if quotes(text) and (found := _own_language(own_words(text))) is not None:
        return found
    tokens = words(text) if tokens is None else tokens
    if not tokens:
        return None
    return _decide(text, tokens, *_counts(tokens))


def _own_language(own: str) -> str | None:
    """German or English when a comment's own words (:func:`identify`) say so by their function
    words alone (``MIN_WORDS`` words or more besides links and handles, function words not weak,
    more of one language's); None leaves the whole text to decide (the identifier is not asked
    here: a quote with a few words around it is read as before, at no extra cost)."""
    tokens = words(own)
    if len(tokens) < MIN_WORDS or ("@" in own or "http" in own or "www." in own) and len(
            words(_LINKS.sub(" ", own))) < MIN_WORDS:
        return None
    de, en, shared = _counts(tokens)
    if de == en or de + en + shared < WEAK_SHARE * len(tokens):
        return None
    return "de" if de > en else "en"


def _counts(tokens: list[str]) -> tuple[int, int, int]:
    """The comment's German-only, English-only and shared function words."""
    return (sum(map(_DE_ONLY.__contains__, tokens)), sum(map(_EN_ONLY.__contains__, tokens)),
            sum(map(_SHARED.__contains__, tokens)))


def detect(text: str, tokens: list[str] | None = None) -> str:
    """``de``, ``en`` or ``other`` (also for a comment too short to tell)."""
    return identify(text, tokens) or "other"


#: A letter of any script: text without one ("+1", "👍", "100%", "...") has no language.
_LETTER = re.compile(r"[^\W\d_]")


def closer(text: str) -> str:
    """``de`` or ``en``, whichever the identifier finds likelier: for the comments too
    short to tell of a thread where no comment can tell. Text without a letter has no
    language to find: ``en`` (the tie's answer) without loading the identifier (0.6 s
    on a first run), whose ranking of digits, signs and emoji would be noise."""
    if _LETTER.search(text) is None:
        return "en"
    ranks = dict(_identifier().rank(text))
    return "de" if ranks.get("de", 0.0) > ranks.get("en", 0.0) else "en"


def identify_many(texts: list[str], tokens: list[list[str]], ids, lengths, table) -> list[str | None]:
    """:func:`identify` of a chunk of comments (``ids``: the chunk's token ids in the token
    ``table``, comment after comment; ``lengths``: each comment's tokens): the function
    words are counted from two columns over the ids."""
    import numpy as np

    n = len(texts)
    owners = np.repeat(np.arange(n, dtype=np.int64), lengths)
    de = np.bincount(owners[table.column("de-only function word", _DE_ONLY.__contains__, bool)[ids]], minlength=n)
    en = np.bincount(owners[table.column("en-only function word", _EN_ONLY.__contains__, bool)[ids]], minlength=n)
    shared = np.bincount(owners[table.column("shared function word", _SHARED.__contains__, bool)[ids]], minlength=n)
    # most comments are long and hold enough function words, of one language more than the other,
    # and quote nothing: for them :func:`_decide` asks nothing else (the same comparisons, in array steps)
    sizes = np.asarray(lengths)
    plain = (sizes >= LONG_WORDS) & ~(de + en + shared < WEAK_SHARE * sizes) & (de != en)
    out: list[str | None] = np.where(de > en, "de", "en").tolist()
    for i in compress(range(n), map(quotes, texts)):  # decided on its own words when they can tell
        if (found := _own_language(own_words(texts[i]))) is not None:
            out[i] = found
            plain[i] = True  # (decided)
    foreign = np.bincount(owners[table.column("other stop word", _other_words().__contains__, bool)[ids]], minlength=n)
    _decide_plain(texts, plain, sizes, de, en, shared, foreign > 0)  # (``out`` holds their answer already)
    for i in np.flatnonzero(~plain).tolist():
        out[i] = _decide(texts[i], tokens[i], int(de[i]), int(en[i]), int(shared[i])) if tokens[i] else None
    return out


def _decide_plain(texts: list[str], plain, sizes, de, en, shared, foreign) -> None:
    """Marks ``plain`` (in place) the comments :func:`_decide` answers "de" or "en" by their function
    words alone, the larger count's language, without asking anything costly: a short comment that is not
    weak, or a long weak one with two or more function words, of one language more than the other,
    holding no stop word of another language (``foreign``: any token among :func:`_other_words`), every
    link and handle a whole piece (:func:`_whole_pieces`) and no letter of another language or script
    (short: ``_FOREIGN_LETTER``; long: ``_OTHER_LETTER``, :func:`_other_script`'s first test). For them
    :func:`_other_language_words` is 0, so :func:`_decide` neither asks the identifier nor finds a sign
    of another language (about 15 % of real comments: short tweets with handles, weak long ones)."""
    import numpy as np

    functional = de + en + shared
    weak = functional < WEAK_SHARE * sizes
    short = sizes < LONG_WORDS
    maybe = ~plain & (de != en) & ~foreign & np.where(short, ~weak, weak & (functional >= 2))
    for i in np.flatnonzero(maybe).tolist():
        text = texts[i]
        if ("@" in text or "http" in text or "www." in text) and not _whole_pieces(text):
            continue
        if not text.isascii() and (_FOREIGN_LETTER if short[i] else _OTHER_LETTER).search(text) is not None:
            continue
        plain[i] = True
