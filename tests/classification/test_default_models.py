"""The shipped tone model, precise term matching and the revised default taxonomy
(issue 11 items 2–4) on realistic comments."""

from __future__ import annotations

import hashlib

from comments.classification.classify import DEFAULT_TONE, classify
from comments.classification.learn import TextModel
from comments.classification.lexicon import Lexicon, Term
from comments.model.records import Comment, ParsedThread, Thread
from comments.classification.tone import features, stem_words
from comments.text.tokens import tokenize


def one(text: str) -> Comment:
    threads = [ParsedThread(Thread(thread_id="t", site="s"), [Comment(id="c", text=text)])]
    classify(threads)
    return threads[0].comments[0]


def test_short_terms_match_whole_words_and_compound_heads():
    lex = Lexicon([Term("us-", "g"), Term("=root", "r"), Term("adb", "a"), Term("adb*", "p"), Term("=eu", "e")])
    assert lex.scores("Please use it, users.") == {}
    assert lex.scores("Die US-Sanktionen treffen Kuba.") == {"g": 1.0}
    assert lex.scores("rm -rf / --no-preserve-root") == {}
    assert lex.scores("Root-Rechte braucht man dafür") == {"r": 1.0}
    assert lex.scores("adbd läuft") == {"p": 1.0}  # a short term is a prefix only when written so
    assert lex.scores("adb devices") == {"a": 1.0, "p": 1.0}
    assert lex.scores("Die EU-Kommission prüft") == {"e": 1.0}


def test_default_taxonomy_ignores_pronouns_commands_and_metaphors():
    for text in ("Let us know if the users can use the new feature.",
                 "Run it with sudo rm -rf --no-preserve-root only in a throwaway VM, states can audit that later.",
                 "Die iPhone-Kriege in den Foren nerven, das kriegen wir nicht mehr weg."):
        assert one(text).topics == [], text


def test_domestic_party_politics_is_not_geopolitics():
    c = one("Die Partei hat im Bundestag die Regierung kritisiert, der Politiker will jetzt die Steuerpolitik ändern.")
    assert "geopolitics" not in c.topics
    assert "geopolitics" in one("Die US-Sanktionen gegen Kuba und Iran sind Wirtschaftskrieg, sagt die NATO.").topics


def test_figurative_war_is_not_geopolitics_but_named_conflicts_are():
    """Wave 5's cross-validated errors: "Krieg" said of domestic politics was read as geopolitics
    (now a weak term), and conflicts named without a state word were missed."""
    for text in ("Das ist ein Krieg der Eliten gegen das eigene Volk, sagt er im Bundestag.",
                 "Mir war nicht bekannt, dass Deutschland ein Kriegsgebiet geworden ist!"):
        assert "geopolitics" not in one(text).topics, text
    for text in ("Assad bombardiert weiter, und in Afrin sterben jeden Tag Zivilisten.",
                 "Im Nahen Osten wird nach dem Anschlag im Gazastreifen wieder verhandelt.",
                 "Ohne Brexit wäre London heute noch in der Union, die Verhandlungen mit Brüssel ziehen sich.",
                 "Russland führt Krieg gegen die Ukraine."):
        assert "geopolitics" in one(text).topics, text



def test_states_as_actors_are_geopolitics_and_armies_or_equipment_at_home_are_not():
    """Session 16's revision from the cross-validated errors: the EU as an actor between states weighs what NATO
    does, named conflicts and missions count; equipment ("Ausrüstung"), upgrading a computer ("aufrüsten"), an
    army said of a party or a service record, nuclear power and a Berlin square named Washington are no state
    conflict (LABELLING.md)."""
    for text in ("Die EU verhandelt seit Monaten mit London über das Abkommen, und am Ende setzt sich wieder keiner "
                 "durch. So wird das nichts.",
                 "Die Flugverbotszone über Syrien wird wohl nie kommen, dafür sind sich die Großmächte zu uneinig.",
                 "I think the EU has to speak with one voice on this, otherwise every member state cuts its own deal "
                 "and the bloc looks weak.",
                 "The peacekeeping mission was pulled out after the new government asked the foreign soldiers to "
                 "leave. Nobody knows who protects the villages now."):
        assert "geopolitics" in one(text).topics, text
    for text in ("Die Polizei bekommt endlich bessere Ausrüstung, das war überfällig. Mehr Personal wäre aber auch "
                 "nicht schlecht.",
                 "Diese Partei führt sich auf wie eine Armee, die jeden Kritiker niedermachen will.",
                 "Ich würde eher den RAM aufrüsten, das bringt bei dem alten Laptop mehr als eine neue SSD.",
                 "My grandfather served in the military for twenty years and still talks about it at every family "
                 "dinner.",
                 "Unsere Atomkraftwerke werden abgeschaltet und der Strom kommt dann aus dem Ausland. Wer soll das "
                 "verstehen?",
                 "Wir haben uns am Washingtonplatz getroffen und sind dann zum Hauptbahnhof gelaufen, war ein schöner "
                 "Abend."):
        assert "geopolitics" not in one(text).topics, text

def test_gender_star_is_not_masked_vulgarity():
    text = "Staatsanwält*innen und Richter*innen müssen unabhängig bleiben, auch jede*r Kolleg*in."
    assert features(text)["masked"] == 0
    assert "hostile" not in one(text).tone
    assert features("Ziemlicher d*ck-move, alles wird gef****t.")["masked"] == 2


def test_technical_critical_issue_is_not_hostile():
    c = one("It is not a critical issue, the build just needs a newer compiler version.")
    assert "hostile" not in c.tone


def test_learned_tones_without_cue_words():
    assert "supportive" in one("I love these breakdowns. Great stuff.").tone
    assert "supportive" in one("Echt toller Service!").tone
    assert "critical" in one("Maybe you should look at the data before posting this.").tone


def test_shipped_model_is_checked_attributed_and_per_language():
    model = TextModel.load(DEFAULT_TONE)
    assert model.kind == "tone" and model.language == "auto"
    assert "GermEval 2018" in model.attribution and "CC BY 4.0" in model.attribution
    assert stem_words(tokenize("The users were running"), "en") == "user run"
    assert stem_words(tokenize("Die Nutzer liefen"), "de") == "nutz lief"


def test_model_files_are_written_byte_identical(tmp_path):
    model = TextModel.load(DEFAULT_TONE)
    model.save(tmp_path / "a")
    model.save(tmp_path / "b")
    digest = [hashlib.sha256((tmp_path / d / "weights.npz").read_bytes()).hexdigest() for d in "ab"]
    assert digest[0] == digest[1]
    assert (tmp_path / "a" / "model.json").read_bytes() == (DEFAULT_TONE / "model.json").read_bytes()


#: readers answering a quoted passage: the quote is someone else's words (the reader's own line is friendly or
#: plainly critical)
QUOTED_REPLIES = ["> Du Idiot\nDa hast du recht.",
                  "> Was für ein Arschloch.\n\nNein, so redet man hier nicht miteinander. Bitte sachlich bleiben.",
                  ">> You are an idiot.\n> No, you are.\nCan we all calm down and talk about the phones again?"]


def test_the_shipped_tone_model_reads_no_quoted_line():
    """A "> " line is the passage answered, not the commenter's words (session 15: the shipped tone model is
    trained and applied without them; docs/models.md). On main "> Du Idiot\\nDa hast du recht." was hostile."""
    from comments.classification.tone import own_lines

    assert TextModel.load(DEFAULT_TONE).own_lines
    texts = QUOTED_REPLIES + [own_lines(t) for t in QUOTED_REPLIES]
    threads = [ParsedThread(Thread(thread_id="t", site="s"), [Comment(id=str(i), text=t) for i, t in enumerate(texts)])]
    classify(threads)
    quoted, own = threads[0].comments[:len(QUOTED_REPLIES)], threads[0].comments[len(QUOTED_REPLIES):]
    for q, o in zip(quoted, own):  # exactly what the reader's own lines get (the token ids made again in place)
        assert "hostile" not in q.tone, q.text
        assert (q.tone, q.tone_scores, q.polarity) == (o.tone, o.tone_scores, o.polarity), q.text
    assert "hostile" in one("Du Idiot, da hast du recht.").tone  # the reader's own insult still counts


def test_a_models_quoted_lines_setting_is_saved_and_checked(tmp_path):
    import json

    import pytest

    model = TextModel.load(DEFAULT_TONE)
    model.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))["quoted_lines"] == "skipped"
    assert TextModel.load(tmp_path / "m").predict_proba(["> Du Idiot\nDa hast du recht."]).tolist() == \
        model.predict_proba(["\nDa hast du recht."]).tolist()  # --model DIR reads it the same way
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    meta["quoted_lines"] = "sometimes"
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="quoted_lines"):
        TextModel.load(tmp_path / "m")


#: realistic friendly comments and genuine questions, German and English (a few sentences each): no one is disputing
#: anything (LABELLING.md: not critical)
FRIENDLY = ["Danke für die ausführliche Erklärung! Das hilft mir sehr weiter, jetzt verstehe ich endlich, wie die "
            "Förderung funktioniert.",
            "Thanks for the detailed write-up. I tried the second approach on my own data and it worked right away. "
            "Great stuff!",
            "Weiß jemand, ob das auch für Geräte gilt, die man vor 2020 gekauft hat? Ich finde dazu nichts in der "
            "Mitteilung.",
            "Does anyone know whether this also applies to phones bought in the EU? The statement only mentions China.",
            "Kann man das Rezept auch mit Dinkelmehl backen? Ich habe gerade kein Weizenmehl im Haus."]
COMPLAINTS = ["Das ist doch völliger Unsinn, was die Regierung da macht. Erst kürzen sie die Förderung, dann wundern "
              "sie sich, dass niemand mehr saniert.",
              "This update broke my phone. Support keeps telling me to reset it, which deletes everything, and the "
              "company still pretends nothing is wrong."]


def test_the_shipped_tone_model_calibrates_each_label_on_all_six():
    """Session 16 (docs/models.md): each tone's probability is a logistic function of all six labels' Platt logits
    (stacked calibration), so a comment the model finds thankful or asking is less likely ``critical`` than its own
    Platt scaling says, and a plain complaint stays ``critical``."""
    import dataclasses
    import json

    model = TextModel.load(DEFAULT_TONE)
    assert json.loads((DEFAULT_TONE / "model.json").read_text(encoding="utf-8"))["calibration"] == "stacked"
    assert model.stack.shape == (6, 7)
    own = dataclasses.replace(model, stack=None)  # each label's own Platt scaling
    critical = model.labels.index("critical")
    stacked, plain = model.predict_proba(FRIENDLY)[:, critical], own.predict_proba(FRIENDLY)[:, critical]
    assert (stacked < plain).all(), (stacked, plain)
    for text in FRIENDLY:
        assert "critical" not in one(text).tone, text
    for text in COMPLAINTS:
        assert "critical" in one(text).tone, text


def test_a_models_stacked_calibration_is_saved_and_checked(tmp_path):
    """``"calibration": "stacked"`` and its ``stack`` array go together: a model saved with one reads back the same
    scores; another calibration name, a missing or a misshapen stack is one clear error, not a wrong score."""
    import json

    import numpy as np
    import pytest

    model = TextModel.load(DEFAULT_TONE)
    model.save(tmp_path / "m")
    again = TextModel.load(tmp_path / "m")
    assert np.array_equal(again.stack, model.stack)
    assert again.predict_proba(COMPLAINTS).tolist() == model.predict_proba(COMPLAINTS).tolist()
    meta_path = tmp_path / "m" / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for value, message in (("isotonic", "calibration"), ("platt", "unexpected")):
        meta_path.write_text(json.dumps(dict(meta, calibration=value)), encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            TextModel.load(tmp_path / "m")
    import dataclasses

    dataclasses.replace(model, stack=model.stack[:, :-1]).save(tmp_path / "bad")  # 6 × 6: no intercepts
    with pytest.raises(ValueError, match="stack"):
        TextModel.load(tmp_path / "bad")
    dataclasses.replace(model, stack=None).save(tmp_path / "plain")  # a model without one: each label's own Platt
    assert "calibration" not in json.loads((tmp_path / "plain" / "model.json").read_text(encoding="utf-8"))
    assert TextModel.load(tmp_path / "plain").stack is None
