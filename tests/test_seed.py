"""The reference case: the seed page's 25-comment thread, exactly."""

from __future__ import annotations

from conftest import RAW, SEED, read

# (depth, opening words) of every comment in page order, written down by reading the page.
EXPECTED = [
    (0, "Tja, den Anweisungen"), (1, "Zumindest würde es"), (2, "Quelle?"), (2, "Deutsche Urlauber"),
    (1, "Die Anweisung wird"), (2, "Ja, genauuu."), (1, "Nur wirst du"),
    (0, "Da der Bootloader"), (1, "Das ist gar nicht"),
    (0, "WiFi bleibt erhalten?"),
    (0, "Regionalsperre wie Samsung"),
    (0, "Wieso eigentlich die Krim?"), (1, "Die annektierte Kirm"), (2, "? die ukraine"), (2, "„International“"),
    (2, "Deine Wissensquelle"), (1, "Naja, die Ukraine"), (1, "Die Frage ist ja nicht"),
    (0, "Solche Entwicklungen"), (1, "Apple wird wohl"), (1, "Die Konsequenz ist richtig"),
    (0, "Ziemlicher d*ck-move"),
    (0, "Wenn Hersteller soetwas"),
    (0, "Xiaomi scheint auf die Empörung"),
    (0, "Die Sanktionpolotik ist ja"),
]


def test_seed_thread_exactly():
    (pt,) = read(SEED).threads
    comments = pt.comments
    assert len(comments) == 25
    assert sum(c.depth == 0 for c in comments) == 10
    assert sum(c.depth > 0 for c in comments) == 15
    assert max(c.depth for c in comments) == 2
    assert pt.thread.declared_count == 25
    assert pt.thread.site == "stadt-bremerhaven.de"
    last_at_depth: dict[int, str] = {}
    for c, (depth, opening) in zip(comments, EXPECTED, strict=True):
        assert c.text.startswith(opening), (c.id, c.text[:40])
        assert c.depth == depth
        assert c.parent_id == (last_at_depth[depth - 1] if depth else None)
        last_at_depth[depth] = c.id


def test_seed_comment_text_keeps_paragraphs_and_lines():
    (pt,) = read(SEED).threads
    first = pt.comments[0]
    assert first.text.split("\n\n")[:2] == [
        "Tja, den Anweisungen der US-imperialistischen Weltpolizei ist halt auf der ganzen Welt Folge zu leisten!",
        "😉",
    ]
    second = pt.comments[1]
    assert second.text == ("Zumindest würde es wieder funktionieren, sobald wieder eine deutsche SIM drin steckt.\n"
                           "Es ist also kein kompletter Bann wie bei den Spielkonsolen.")
    long = pt.comments[13]
    assert long.text.startswith("? die ukraine ist nicht in der nato\n\nund fast jedes land")


def test_seed_chrome_is_not_in_comments_and_article_captured():
    (pt,) = read(SEED).threads
    texts = " ".join(c.text for c in pt.comments)
    for chrome in ("Neueste Beiträge", "Kommentarregeln", "Avatar-Foto", "Mit dem Absenden", "Hauptberuflich"):
        assert chrome not in texts
    assert pt.thread.title == "Xiaomi macht seine Smartphones in Ländern wie Kuba und Syrien unbrauchbar"
    assert pt.thread.article_text.startswith("Xiaomi macht seine Smartphones")
    assert "Der internationale Markt ist kompliziert" in pt.thread.article_text
    assert "Neueste Beiträge" not in pt.thread.article_text


def test_data_raw_has_25_comments_and_four_article_only_pages():
    result = read(RAW)
    counts = {pt.thread.site: len(pt.comments) for pt in result.threads}
    assert counts == {
        "cubaheute.de": 0, "euromaidanpress.com": 0, "stadt-bremerhaven.de": 25, "voonze.com": 0, "winfuture.de": 0,
    }
    assert all(pt.thread.article_text for pt in result.threads)
