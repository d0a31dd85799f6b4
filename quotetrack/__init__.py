"""quotetrack: who said what, where and when, across a pile of news articles."""

__version__ = "0.1.0"
