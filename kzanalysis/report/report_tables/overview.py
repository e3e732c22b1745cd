"""The tables and glued values of the key findings and of the corpus chapter: the corpus in numbers, its
articles, sources, sizes, furniture, voices, removed boilerplate and errata."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus

from ..book import PlainText, fmt_pct, para_ref_column
from .common import Titled, _finding, _labelled, _per_article

__all__ = [
    "key_findings_values",
    "bottom_line_table",
    "corpus_overview",
    "articles_table",
    "provenance_table",
    "sizes_table",
    "furniture_totals",
    "furniture_table",
    "voice_shares",
    "voices_table",
    "boilerplate_totals",
    "boilerplate_table",
    "errata_summary",
    "errata_table",
]


# ------------------------------------------------------------------ key findings


def key_findings_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the key findings chapter (prefix ``kf-``): as-of, n-articles, n-words, first-year,
    last-year, n-outlets and confidence-rule."""
    from kzanalysis.analysis.findings import CONFIDENCE_RULE

    from ..book import as_of

    overview = corpus_overview(corpus)
    out: dict[str, Any] = {"as-of": as_of()}
    out.update({key: overview[key] for key in ("n-articles", "n-words", "first-year", "last-year", "n-outlets")})
    out["confidence-rule"] = PlainText(CONFIDENCE_RULE)
    return out


def bottom_line_table(corpus: Corpus) -> Titled:
    """The opening brief: the bottom-line findings with confidence, n and what they imply."""
    from kzanalysis.analysis.findings import bottom_line, brief_table, key_findings

    return (
        brief_table(bottom_line(key_findings(corpus))),
        "Bottom line: the judgments, how far to trust them, and what they imply",
    )


# ------------------------------------------------------------------ the corpus and its sources


def corpus_overview(corpus: Corpus) -> dict[str, Any]:
    """The corpus in numbers, for every chapter that states them (glue keys without prefix).

    Keys: n-articles, n-words, n-paragraphs (article text, :func:`kzanalysis.load.stats.corpus_stats`), first-year,
    last-year (text), n-outlets, n-genres (distinct values of the manifest), n-signed (articles with an author),
    n-usgov (articles from US-government-funded outlets, as the sources finding counts them), and for the
    longest and shortest article its outlet, year (text) and words (longest-outlet, longest-year,
    longest-words, shortest-...).
    """
    from kzanalysis.load.stats import corpus_stats

    stats = corpus_stats(corpus)
    articles = corpus.articles
    out: dict[str, Any] = {
        "n-articles": stats["n_articles"],
        "first-year": str(stats["first_year"]),
        "last-year": str(stats["last_year"]),
        "n-words": stats["n_words"],
        "n-paragraphs": stats["n_paragraphs"],
        "n-outlets": int(articles["outlet"].nunique()),
        "n-genres": int(articles["genre"].nunique()),
        "n-signed": int(articles["author"].notna().sum()),
        "n-usgov": int(_finding(corpus, "sources").values["funding"].get("us-government", 0)) if len(articles) else 0,
    }
    by_id = articles.set_index("id")
    for which in ("longest", "shortest"):
        article_id = stats[f"{which}_id"]
        row = by_id.loc[article_id] if article_id is not None else {"outlet": "", "year": ""}
        out[f"{which}-outlet"] = row["outlet"]
        out[f"{which}-year"] = str(row["year"])
        out[f"{which}-words"] = stats[f"{which}_words"]
    return out


def articles_table(corpus: Corpus) -> Titled:
    """The articles, oldest first: date, outlet, genre, author ("(unsigned)" when none) and title."""
    articles = corpus.articles
    listing = articles.assign(author=articles["author"].fillna("(unsigned)"))[
        ["date", "outlet", "genre", "author", "title"]
    ]
    listing.columns = ["Date", "Outlet", "Genre", "Author", "Title"]
    return _per_article(listing, "The articles, oldest first (dates as established in the manifest)", corpus)


def provenance_table(corpus: Corpus) -> Titled:
    """Outlet, date, genre, funding ("unknown" when not recorded) and provenance of each article."""
    articles = corpus.articles
    funding = (
        articles["funding"].fillna("unknown") if "funding" in articles else pd.Series("unknown", index=articles.index)
    )
    provenance = pd.DataFrame(
        {
            "Outlet": articles["outlet"],
            "Date": articles["date"],
            "Genre": articles["genre"],
            "Funding": funding,
            "Provenance": articles["provenance"],
        }
    )
    return _per_article(
        provenance,
        "Outlets, how they are funded, and what that means for reading them",
        corpus,
        by="Outlet",
        sums=(),
        first=("Funding", "Provenance"),
    )


def sizes_table(corpus: Corpus) -> Titled:
    """Words, sentences and paragraphs of article text per article (articles by citation label)."""
    summary = _labelled(corpus)[["date", "outlet", "genre", "n_words", "n_sentences", "n_paragraphs"]].copy()
    summary.columns = ["Date", "Article", "Genre", "Words", "Sentences", "Paragraphs"]
    return _per_article(summary, "Size of each article (article text only)", corpus)


def furniture_totals(corpus: Corpus) -> dict[str, Any]:
    """Words in the files (file-words), of them furniture (furniture-words) and its share (furniture-pct, text)."""
    from kzanalysis.analysis.reading.tables import furniture_summary

    furniture = furniture_summary(corpus)
    furniture_words = int(furniture["furniture_words"].sum())
    file_words = int(furniture["text_words"].sum()) + furniture_words
    return {
        "file-words": file_words,
        "furniture-words": furniture_words,
        "furniture-pct": fmt_pct(furniture_words / file_words if file_words else 0),
    }


def furniture_table(corpus: Corpus) -> Titled:
    """Per article: words of article text, words of furniture, and the furniture's parts and paragraphs."""
    from kzanalysis.analysis.reading.tables import furniture_summary

    labelled = _labelled(corpus)[["id", "date", "outlet", "genre"]]
    parts = furniture_summary(corpus).merge(labelled, left_on="article_id", right_on="id")
    parts = parts[["date", "outlet", "genre", "text_words", "furniture_words", "furniture"]]
    parts.columns = [
        "Date",
        "Outlet",
        "Genre",
        "Words of article text",
        "Words of furniture",
        "Furniture (part and paragraphs)",
    ]
    return _per_article(parts, "Article text and furniture per article", corpus)


def voice_shares(corpus: Corpus) -> dict[str, PlainText]:
    """Share of the corpus's words of article text by voice group, as percentages (voice-author, voice-quoted,
    voice-speakers, voice-statement)."""
    from kzanalysis.analysis.reading.tables import voice_totals

    totals = voice_totals(corpus)
    return {f"voice-{key}": fmt_pct(totals[key]) for key in ("author", "quoted", "speakers", "statement")}


def voices_table(corpus: Corpus) -> Titled:
    """Per article: its words, and the share of them in each voice ("64 %")."""
    from kzanalysis.analysis.reading.tables import voice_summary

    shares = voice_summary(corpus)
    table = shares.drop(columns="n_words").mul(100).round(0).astype(int).astype(str).add(" %")
    table.insert(0, "Words", shares["n_words"])
    table = table.merge(_labelled(corpus).set_index("id")[["date", "outlet"]], left_index=True, right_index=True)
    table = table[["date", "outlet"] + [c for c in table.columns if c not in ("date", "outlet")]]
    table.columns = ["Date", "Outlet"] + [c.capitalize() for c in table.columns[2:]]
    return _per_article(table, "Share of each article's words by voice", corpus)


def _removed(corpus) -> pd.DataFrame:
    return corpus.boilerplate.merge(_labelled(corpus)[["id", "outlet"]], left_on="article_id", right_on="id")


def boilerplate_totals(corpus: Corpus) -> dict[str, int]:
    """Lines removed as boilerplate (n-boilerplate) and the articles they come from (n-boilerplate-articles)."""
    removed = _removed(corpus)
    return {"n-boilerplate": len(removed), "n-boilerplate-articles": int(removed["article_id"].nunique())}


def boilerplate_table(corpus: Corpus) -> Titled:
    """Every line removed as boilerplate: the article, line number, kind of rule and the text."""
    shown = _removed(corpus)[["outlet", "line_no", "kind", "line"]].copy()
    shown.columns = ["Outlet", "Line", "Kind", "Removed text"]
    return _per_article(
        shown, "Every line removed as boilerplate, by article", corpus, by="Outlet", count="Lines", sums=()
    )


#: Kinds of erratum that are errors of fact rather than of typing or grammar.
FACTUAL_KINDS = "place|name|fact"


def _errata(corpus) -> pd.DataFrame:
    from kzanalysis.analysis.errata import locate_errata

    errata = locate_errata(corpus).merge(
        _labelled(corpus)[["id", "outlet", "date"]], left_on="article_id", right_on="id"
    )
    return errata.assign(factual=errata["kind"].str.contains(FACTUAL_KINDS, case=False, regex=True).astype(bool))


def errata_summary(corpus: Corpus) -> dict[str, Any]:
    """Errata in numbers: n-errata, n-errata-articles, n-errata-factual (kinds matching :data:`FACTUAL_KINDS`),
    and the first error of fact's original and correction (errata-fact-original, errata-fact-correction;
    "(none)" when there is none)."""
    errata = _errata(corpus)
    factual = errata[errata["factual"]]
    first = factual.iloc[0] if len(factual) else {"original": "(none)", "correction": "(none)"}
    return {
        "n-errata": len(errata),
        "n-errata-articles": int(errata["article_id"].nunique()),
        "n-errata-factual": len(factual),
        "errata-fact-original": first["original"],
        "errata-fact-correction": first["correction"],
    }


def errata_table(corpus: Corpus) -> Titled:
    """Every erratum, in date and paragraph order: article, paragraph link, as printed, correction, kind,
    evidence."""
    errata = _errata(corpus).sort_values(["date", "paragraph"])
    errata["ref"] = para_ref_column(errata["article_id"], errata["paragraph"])
    table = errata[["outlet", "ref", "original", "correction", "kind", "evidence"]]
    table.columns = ["Outlet", "¶", "As printed", "Correction", "Kind", "Evidence"]
    return _per_article(
        table,
        "Errors found in the source texts, with corrections and evidence",
        corpus,
        by="Outlet",
        count="Errata",
        sums=(),
    )
