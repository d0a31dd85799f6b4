"""Web pages for ingest tests: a news article wrapped in the menus, comments and footer of a real site."""

from __future__ import annotations

from html import escape

BODY = (
    "“The port will reopen next week,” said Harbour Master Tom Reyes on Wednesday, after storm damage "
    "closed it for a month.",
    "Fishermen said the closure had cost them thousands of pounds, and the council said repairs would "
    "continue into the spring.",
)
COMMENT = "Reader123 said the council had lied to everyone about the repairs."
MENU = "Subscribe today, said the menu"


def article_html(
    title: str = "Harbour to reopen next week",
    body: tuple[str, ...] = BODY,
    url: str = "https://coastal.example/news/harbour-reopens",
) -> str:
    """A complete page: metadata in the head, navigation, the article, reader comments, a footer."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | The Coastal Times</title>
<meta property="og:site_name" content="The Coastal Times">
<meta name="author" content="Maria Lind">
<meta property="article:published_time" content="2024-11-13T09:30:00+01:00">
<link rel="canonical" href="{url}">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/subscribe">{MENU}</a></li></ul></nav>
<header><h1>{escape(title)}</h1></header>
<article>
{paragraphs}
</article>
<section class="comments"><h2>Comments</h2><div class="comment"><p>{COMMENT}</p></div></section>
<footer><p>© 2024 The Coastal Times. All rights reserved.</p></footer>
</body></html>
"""


MENU_PAGE = """<!DOCTYPE html><html><head><title>Log in | The Coastal Times</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<form><input name="user"><button>Log in</button></form><footer>© 2024</footer></body></html>
"""
