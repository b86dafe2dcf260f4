"""io/readers/declared.py: the comment count a page states, German and English."""

from __future__ import annotations

import pytest

from comments.io.readers.declared import declared_count
from conftest import CORPORA, FIXTURES, corpus, read


@pytest.mark.parametrize("text, count", [
    ("25 Kommentare", 25),
    ("1 Kommentar", 1),
    ("Leserkommentare\n12 Kommentar(e) zu diesem Artikel", 12),
    ("70 thoughts on “Best programming language for high performance (January 2017)?”", 70),
    ("One thought on this", 1),  # WordPress core themes' heading for one comment (newcomer21 F3)
    ("One thought on “Hochbeet”", 1),
    ("Ein Gedanke zu „Hochbeet“", 1),  # their German translation
    ("Ein Kommentar", 1),
    ("Zwei Kommentare", 2),
    ("## Zwölf Gedanken zu „Hochbeet“", 12),
    ("[Three thoughts on “Java”](/blog/java)", 3),
    ("One Reply to “Post”", 1),
    ("I have one comment on this", None),  # in a sentence: prose
    ("Eine Antwort hinterlassen", None),  # a reply form's heading
    ("Einen Kommentar schreiben", None),
    ("Thirteen comments", None),  # one to twelve only
    ("3 Gedanken zu „Zitronenkuchen“", 3),
    ("[ 8 comments ]", 8),
    ("(2 replies)", 2),
    ("14 Antworten", 14),
    ("5 Reaktionen", 5),
    ("42 responses to “Post”", 42),
    ("Artikel mit 9 Kommentaren", None),  # not the count line of a comment section
    ("Seit 2015 12345678 Kommentare", None),  # more than six digits: not a count we believe
    ("Kommentare", None),
    ("", None),
    (None, None),
    ("Beitrag: 4 Kommentare\n…\nKommentare (18)\n18 Kommentare", 18),  # the last one: nearest the comments
    ("abc25 comments", None),  # glued to a word
    ("Kommentare (12)", 12),  # JComments: the count after the word
    ("3 Kommentare\nComments (7)", 7),
    ("Kommentare (1234567)", None),
])
def test_declared_count(text, count):
    assert declared_count(text) == count


PLAIN = sorted(p.name for p in (CORPORA / "plaintext_en").glob("*.txt")) or ["(absent)"]


@pytest.mark.parametrize("name", PLAIN)
def test_the_count_a_text_browser_copy_states_is_the_number_of_comments_of_the_page(name):
    """The lemire.me pages state "N thoughts on …"; the HTML of the same thread has N comments."""
    text = corpus(f"plaintext_en/{name}").read_text(encoding="utf-8")
    page = CORPORA / "html_wordpress" / (name.rsplit(".", 2)[0] + ".md")
    assert declared_count(text) == len(read(page).comments)


def test_count_link_is_a_page_address_not_an_anchor():
    from comments.io.readers.declared import count_link

    assert count_link("[40 thoughts on “Java”](/lemire/blog/2019/03-28-java)") == "/lemire/blog/2019/03-28-java"
    assert count_link("[25 Kommentare](https://blog.example.de/p/1/)") == "https://blog.example.de/p/1/"
    assert count_link("[25 Kommentare](#comments)") is None
    assert count_link("[the post](/blog/x) has 25 Kommentare") is None  # the label states no count


def test_a_text_with_no_comment_section_states_no_count_its_prose_or_table_mentions(tmp_path):
    """A README in an input folder (the seeds, the corpora) was read as a page stating 15 comments,
    from the table cell "25 (10 top-level, 15 replies, depth 2)", and the summary warned of a loss.
    Without a comment section only a line the count opens states the page's count."""
    readme = read(FIXTURES / "readme_with_counts.md")
    assert [(pt.thread.declared_count, len(pt.comments)) for pt in readme.threads] == [(None, 0)]
    assert "another count than stated" not in readme.summary()
    page = tmp_path / "blog.example__post.txt"
    page.write_text("Mein Artikel\n\nText des Artikels, über den 3 Kommentare hinaus.\n\n25 Kommentare\n", encoding="utf-8")
    assert [pt.thread.declared_count for pt in read(page).threads] == [25]  # a page whose comments were not copied
    page.write_text("Mein Artikel\n\nText.\n\n## 70 thoughts on “Mein Artikel”\n", encoding="utf-8")
    assert [pt.thread.declared_count for pt in read(page).threads] == [70]
