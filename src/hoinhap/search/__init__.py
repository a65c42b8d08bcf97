"""Lexical search over legal provisions, framework-free: Vietnamese tokens and an embedded BM25 index.

Django code (``hoinhap.corpus.search``) keeps the index in sync with the database; the retrieval
benchmark drives the same code directly."""
