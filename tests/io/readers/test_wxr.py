"""WXR (WordPress export) files: posts, comment kinds, statuses and text."""

from __future__ import annotations

from conftest import FIXTURES, corpus, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_wxr_post_comments_kinds_statuses_and_text():
    result = read(FIXTURES / "wxr_small.xml")
    (pt,) = result.threads  # the attachment without comments is not a thread
    t = pt.thread
    assert (t.site, t.thread_id, t.format) == ("technikblog.example.de", "4711", "wxr")
    assert t.published_at == "2021-09-16T08:00:00Z"
    assert t.article_text == "Xiaomi sperrt Geräte in Kuba & Syrien.\n\nZweiter Absatz."
    c = by_id(result)
    assert c["11"].text == 'Das ist die lange Hand der US-Sanktionen.\nZweite Zeile.\n\nNeuer Absatz mit "Zitat".'
    assert c["11"].created_at == "2021-09-16T08:12:00Z"
    assert (c["12"].parent_id, c["12"].depth) == ("11", 1)
    assert (c["13"].parent_id, c["13"].depth, c["13"].status) == ("12", 2, "pending")
    assert c["14"].kind == "pingback"
    assert c["15"].status == "spam"


def test_titles_and_authors_decoded_meta_trimmed_blocks_apart():
    """WordPress stores titles and pingback authors HTML-escaped, with markup: decoded and
    stripped as text is ("Jo <3 Elektronik", no markup, kept); meta values trimmed of the
    export's indentation; ``</address><strong>`` is a break, not "MusterstadtDanke!"."""
    result = read(FIXTURES / "wxr_escaped_fields.xml")
    (pt,) = result.threads
    assert pt.thread.title == "Lötkolben im Test: Günstig & gut2"
    c = by_id(result)
    assert c["301"].author == "Lötstation « Bastlers Notizen – Werkstatt’s Liste"
    assert c["302"].author == "Jo <3 Elektronik"
    assert (c["301"].meta["comment_author_email"], c["302"].meta["comment_author_email"]) == ("", "jo@example.org")
    assert c["302"].text == "Meine Adresse für das Paket:\n\nHauptstr. 1\n12345 Musterstadt\n\nDanke!"


def test_corpus_theme_unit_test_titles_authors_and_blocks():
    """The theme unit test export: pingback authors and a marked-up title decoded, the
    address block apart from the next element; isso's export: e-mail values trimmed."""
    result = read(corpus("wordpress/wp-theme-test-data__themeunittestdata.wordpress.xml"))
    titles = {pt.thread.title for pt in result.threads}
    assert "Markup: Title With Markup" in titles
    assert "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>" in titles
    authors = {c.author for c in result.comments}
    assert "Ping 1 « What’s a tellyworth?" in authors and not any("&" in (a or "") for a in authors)
    assert "United States\n\nAnchor Tag (aka. Link)" in by_id(result)["881"].text
    isso = read(corpus("wordpress/isso__wordpress.xml"))
    emails = {c.meta.get("comment_author_email") for c in isso.comments}
    assert "test@example.org" in emails and all(e == e.strip() for e in emails if e)


def test_an_element_a_comment_repeats_keeps_the_first_and_the_later_in_meta(tmp_path):
    """A second ``wp:comment_author`` or ``wp:comment_content`` was dropped silently (the first
    won); now the later one is kept in meta as ``TAG~2`` with a note, as a repeated JSON key is."""
    from comments.io.pipeline import read_inputs

    path = tmp_path / "dup.xml"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                    'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>S</title><link>https://ex.com</link>'
                    "<item><title>Post</title><link>https://ex.com/p</link><wp:post_id>1</wp:post_id><wp:comment>"
                    "<wp:comment_id>1</wp:comment_id><wp:comment_author>alice</wp:comment_author>"
                    "<wp:comment_author>mallory</wp:comment_author><wp:comment_content>first</wp:comment_content>"
                    "<wp:comment_content>SECOND</wp:comment_content><wp:comment_content>third</wp:comment_content>"
                    "<wp:comment_parent>0</wp:comment_parent></wp:comment></item></channel></rss>", encoding="utf-8")
    result = read_inputs([str(path)])
    (comment,) = result.comments
    assert (comment.author, comment.text) == ("alice", "first")
    assert comment.meta == {"comment_author~2": "mallory", "comment_content~2": "SECOND", "comment_content~3": "third"}
    assert any("3 elements of a comment given again (first: comment 1, 'comment_author')" in n for n in result.notes)


def test_comment_types_beyond_pingbacks_are_kept_and_editorial_notes_are_no_readers():
    """WordPress 6.9 exports block notes (editors' remarks on the draft) as comments of type
    ``note``; WooCommerce reviews are ``review``, the Webmention plugin's ``webmention``. The
    type was dropped and a note read as a visible reader comment."""
    result = read(FIXTURES / "wxr_comment_types.xml")
    by_id = {c.id: c for pt in result.threads for c in pt.comments}
    assert {i: (c.kind, c.status, c.meta.get("comment_type")) for i, c in by_id.items()} == {
        "11": ("comment", "visible", None), "12": ("comment", "visible", None),
        "31": ("comment", "note", "note"), "32": ("comment", "note", "note"),
        "33": ("comment", "visible", "review"), "34": ("comment", "visible", "webmention"),
        "35": ("pingback", "visible", None)}
    assert (by_id["31"].meta["comment_approved"], by_id["31"].meta["_wp_note_status"]) == ("0", "open")
    assert by_id["32"].parent_id == "31" and by_id["33"].meta["rating"] == "5"
    assert any("2 editorial notes" in n and "status 'note'" in n for n in result.notes), result.notes


def test_woocommerce_order_notes_are_the_shops_own_notes_not_reader_comments():
    """WooCommerce keeps an order's notes (status changes it writes itself, staff remarks, notes
    sent to the customer) as comments of type ``order_note`` on the ``shop_order`` post, and the
    exporter writes them into every WXR. They were visible reader comments (classified, counted
    in every share); now status ``note`` like WordPress's block notes, the type and approval in
    meta, counted in a reading note. A product review stays a customer's visible comment."""
    from comments.model.placeholders import NOT_READERS

    result = read(FIXTURES / "wxr_woocommerce_orders.xml")
    by_id = {c.id: c for c in result.comments}
    assert {i: (c.thread_id, c.status, c.meta.get("comment_type")) for i, c in by_id.items()} == {
        "51": ("310", "visible", "review"), "61": ("402", "note", "order_note"),
        "62": ("402", "note", "order_note"), "63": ("402", "note", "order_note")}
    assert by_id["61"].meta["comment_approved"] == "1" and by_id["63"].meta["is_customer_note"] == "1"
    assert {c.id for c in result.comments if c.status in NOT_READERS} == {"61", "62", "63"}
    assert [n for n in result.notes if "order note" in n] == [
        f"{FIXTURES / 'wxr_woocommerce_orders.xml'}: 3 order notes (WooCommerce comment type 'order_note': the "
        "shop's record of an order, written by its staff or its software) kept with status 'note', not 'visible': "
        "no reader wrote them"]
