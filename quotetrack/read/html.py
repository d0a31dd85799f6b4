"""The article in an HTML page, with its metadata, via trafilatura; menus, footers and comments left out."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from quotetrack.read.dates import iso_date
from quotetrack.read.decoding import decode
from quotetrack.read.documents import Unusable, make_document
from quotetrack.records import Document

# Fewer words than this after boilerplate removal is a navigation, login or error page, not an article.
MIN_ARTICLE_WORDS = 20
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
# publication date only: copyright lines and "last updated" stamps are not when an article appeared
DATE_OPTIONS = {"extensive_search": False, "original_date": True}
# Markup trafilatura (lxml, then its own Python passes) can get through in reasonable time. lxml checks
# each new attribute against the tag's others, so one tag with n attributes costs n^2 (900,000 took
# more than 300 s); trafilatura then costs about 0.5-1 ms per element, more with many attributes. A
# long news page has a few thousand tags of a few attributes each; a 1.9 MB book page of 24,500 tags
# took 21 s. Within these bounds a page takes at most about 30 s.
MAX_TAGS = 30_000
MAX_ATTRIBUTES = 300_000
MAX_TAG_ATTRIBUTES = 1_000
TAG = re.compile(r"<[A-Za-z][^>]*")
ATTRIBUTE_VALUE = re.compile(r"""=\s*("[^"]*"?|'[^']*'?|[^\s"'>]*)""")


def declared_charset(html: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start."""
    found = META_CHARSET.search(html[:4096])
    return found.group(1).decode("ascii") if found else None


def check_markup(html: str) -> None:
    """Refuse (`too complex`) markup beyond MAX_TAGS tags, MAX_ATTRIBUTES attributes in all, or
    MAX_TAG_ATTRIBUTES on one tag, counting in one pass that stops at the first bound passed."""
    attributes = 0
    for tags, tag in enumerate(TAG.finditer(html), start=1):
        if tags > MAX_TAGS:
            raise Unusable("too complex", f"more than {MAX_TAGS:,} HTML tags")
        # attribute names: the words left once values are taken out, less the tag's own name
        count = len(ATTRIBUTE_VALUE.sub(" ", tag.group()).split()) - 1
        if count > MAX_TAG_ATTRIBUTES:
            raise Unusable("too complex", f"an HTML tag with more than {MAX_TAG_ATTRIBUTES:,} attributes")
        attributes += count
        if attributes > MAX_ATTRIBUTES:
            raise Unusable("too complex", f"more than {MAX_ATTRIBUTES:,} HTML attributes")


def page_url(url: str | None) -> str | None:
    """A saved page's own URL (canonical link), unless it is a bare site root.

    Some sites point every page's canonical link at the home page; taken as the article's identity,
    that would make every article replace the previous one.
    """
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.path.strip("/") else None


def html_document(
    data: bytes, source: str, label: str, url: str | None = None, charset: str | None = None
) -> Document:
    """The article of an HTML page. `url` is where it was fetched from; a saved page's own link is used
    otherwise. `charset` is what the server declared."""
    import trafilatura  # imported here: it takes a while, and most commands never read HTML

    html = decode(data, charset or declared_charset(data))
    check_markup(html)
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_OPTIONS,
    )
    text = (extracted.text or "") if extracted else ""
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        raise Unusable("no article", f"no article text found ({words} words outside menus and boilerplate)")
    return make_document(
        text,
        source,
        label,
        extracted.title,
        url=url or page_url(extracted.url),
        author=extracted.author,
        outlet=extracted.sitename,
        published=iso_date(extracted.date),
    )
