"""What the chapter tables share: the ``(frame, title)`` type, a finding by id, the articles by citation
label, and per-article tables summarised past the article limit."""

from __future__ import annotations

import pandas as pd

from ..book import article_rows_or_summary

Titled = tuple[pd.DataFrame, str]


def _finding(corpus, finding_id: str):
    from ..findings import key_findings

    return next(f for f in key_findings(corpus) if f.id == finding_id)


def _labelled(corpus) -> pd.DataFrame:
    """The articles with ``outlet`` replaced by the citation label ("Kalpykova 2002"), as the bibliography names
    them."""
    from ..labels import citation_labels

    articles = corpus.articles
    return articles.assign(outlet=articles["id"].map(citation_labels(articles, corpus.data_dir)))


def _per_article(frame: pd.DataFrame, title: str, corpus, **kwargs) -> Titled:
    return article_rows_or_summary(frame, title, len(corpus.articles), **kwargs)
