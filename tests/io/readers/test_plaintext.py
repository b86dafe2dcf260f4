"""Plain-text comment sections: flat headers with inferred parents, e-mail quoting, and numbered
article text that is not a comment section."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, read


def test_flat_section_infers_parent_from_mentions():
    result = read(FIXTURES / "flat_mentions.txt")
    comments = result.comments
    assert [c.author for c in comments] == ["Max Mustermann", "Erika", "Jan", "Max Mustermann"]
    assert comments[1].parent_id == comments[0].id and "inferred_parent" in comments[1].flags
    assert comments[3].parent_id == comments[1].id
    assert comments[2].parent_id is None and comments[2].flags == []
    assert comments[0].created_at == "2021-09-16T10:12"
    assert "Schreibe einen Kommentar" not in comments[-1].text


def test_email_quotes_each_block_after_a_wrote_line_is_a_comment():
    result = read(FIXTURES / "email_quotes.txt")
    comments = result.comments
    assert [c.author for c in comments] == ["John Smith", "Maria"]
    assert comments[0].text == ("This is what happens when you buy closed hardware.\n"
                                "Flash LineageOS and be done with it.\n\nAlso: vote with your wallet.")
    assert comments[0].created_at == "2021-09-17"
    assert "Thanks John" in result.threads[0].thread.article_text


@pytest.mark.parametrize("document", [
    "Zitronenkuchen\n\nZutaten: Mehl, Zucker.\n\n1. Den Ofen auf 180 Grad vorheizen.\n2. Mehl und Zucker mischen.\n"
    "3. Backen, bis der Kuchen goldbraun ist.\n",
    "Licence\n\nSection 1 – Definitions.\n\n  1. Adapted Material means material subject to copyright.\n"
    "  2. Licensor means the individual or entity granting rights.\n",
])
def test_numbered_article_text_without_a_comment_section_is_not_comments(tmp_path, document):
    """A numbered list is a comment section only with a stated count or bulleted replies."""
    path = tmp_path / "page.txt"
    path.write_text(document, encoding="utf-8")
    result = read(path)
    assert result.comments == [] and "1." in result.threads[0].thread.article_text
    assert any("no comment section recognised" in n for n in result.notes)
