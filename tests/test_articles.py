"""Saved web pages: the charset they declare, and a canonical link that cannot serve as identity."""

from __future__ import annotations

import pytest
from pages import BODY, article_html

from quotetrack.read.documents import Unusable
from quotetrack.read.html import html_document


def test_a_meta_charset_is_honoured() -> None:
    html = article_html(body=("“Trams will run again,” said the mayor of Łódź on Monday. " * 3,))
    data = html.replace('charset="utf-8"', 'charset="windows-1250"').encode("cp1250")
    document = html_document(data, "page.html", "page.html")
    assert "the mayor of Łódź on Monday" in document.text  # as Windows-1252 it would read "£ódŸ"


def test_a_canonical_link_to_the_home_page_is_not_the_article_url() -> None:
    # Some sites point every page there; as identity it would make each article replace the last.
    home = html_document(article_html(url="https://coastal.example/").encode(), "a.html", "a.html")
    article = html_document(article_html().encode(), "b.html", "b.html")
    assert home.url is None
    assert article.url == "https://coastal.example/news/harbour-reopens"
    assert home.text == article.text == "\n".join(BODY)


def test_a_page_without_an_article_is_unusable() -> None:
    with pytest.raises(Unusable) as refused:
        html_document(b"<html><body><nav>Home | News | Sport</nav></body></html>", "nav.html", "nav.html")
    assert refused.value.kind == "no article"
