"""What the chapter tables share: the ``(frame, title)`` type, a finding by id, the articles by citation
label, per-article tables summarised past the article limit, register tables counted past it, and the
words of the prose that describe them."""

from __future__ import annotations

import pandas as pd

from ..book import PlainText, article_rows_or_summary, listed_or_counted, register_rows_or_summary

Titled = tuple[pd.DataFrame, str]


def _finding(corpus, finding_id: str):
    from kzanalysis.analysis.findings import key_findings

    return next(f for f in key_findings(corpus) if f.id == finding_id)


def _labelled(corpus) -> pd.DataFrame:
    """The articles with ``outlet`` replaced by the citation label ("Kalpykova 2002"), as the bibliography names
    them."""
    from kzanalysis.load.labels import citation_labels

    articles = corpus.articles
    return articles.assign(outlet=articles["id"].map(citation_labels(articles, corpus.data_dir)))


def _per_article(frame: pd.DataFrame, title: str, corpus, **kwargs) -> Titled:
    return article_rows_or_summary(frame, title, len(corpus.articles), **kwargs)


def _register(frame: pd.DataFrame, title: str, corpus, **kwargs) -> Titled:
    return register_rows_or_summary(frame, title, len(corpus.articles), **kwargs)


def _listing(corpus, listed: str, counted: str) -> PlainText:
    return listed_or_counted(len(corpus.articles), listed, counted)


def _years(corpus, article_ids) -> list[str]:
    """The year of publication of each article id ("undated" when the manifest gives none)."""
    articles = corpus.articles
    year_of = {
        a: "undated" if y is None or pd.isna(y) else str(int(y))
        for a, y in zip(articles["id"].tolist(), articles["year"].tolist())
    }
    return [year_of.get(a, "undated") for a in article_ids]
