"""The book's tables and glued values, finished for display.

The chapters hold narrative and calls only: every table a chapter shows and
every value it glues is built here, from the analysis functions, with its
display column names and its title. A table builder returns ``(frame,
title)``, so a chapter cell reads ``Table(*report_tables.articles_table(corpus),
name="tbl-articles")``; a values function returns a dict whose keys are the
glue keys without the chapter's prefix, so a chapter glues them in one loop.

This is the report side: it calls the analysis modules (statistics, routes,
balancing, rights, claims, findings, topics...) and never computes a
statistic they already compute. Where one number appears in several
chapters (the corpus overview in the key findings, the corpus chapter and the
conclusions; the funding of the outlets in the corpus chapter, the sources
finding and the conclusions), every chapter calls the one function here or
the finding that computes it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from .book import PlainText, article_rows_or_summary, count_phrase, fmt_pct, para_ref_column
from .memo import per_corpus

__all__ = [
    # key findings
    "key_findings_values",
    "bottom_line_table",
    # the corpus and its sources
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
    # energy
    "energy_values",
    "route_who_table",
    "route_positions_table",
    "route_lines_table",
    "route_facts_table",
    "route_figures_table",
    "route_forecasts_table",
    # balancing
    "balancing_values",
    "balancing_who_table",
    "balancing_claims_table",
    # rights and security
    "rights_values",
    "rights_who_table",
    "rights_register_table",
    "rights_period_table",
    "rights_compare_table",
    "rights_unclaimed_table",
    # conclusions
    "conclusions_values",
    "topics_table",
    "loo_table",
    # appendices
    "methods_values",
    "codebook_table",
    "agreement_values",
    "agreement_table",
    "gazetteer_table",
    "themes_table",
    "pipelines_table",
    "data_values",
    "manifest_table",
    "date_evidence_table",
    "environment_table",
    "reproduce_values",
]

Titled = tuple[pd.DataFrame, str]


def _finding(corpus, finding_id: str):
    from .findings import key_findings

    return next(f for f in key_findings(corpus) if f.id == finding_id)


def _labelled(corpus) -> pd.DataFrame:
    """The articles with ``outlet`` replaced by the citation label ("Kalpykova 2002"), as the bibliography names
    them."""
    from .labels import citation_labels

    articles = corpus.articles
    return articles.assign(outlet=articles["id"].map(citation_labels(articles, corpus.data_dir)))


def _per_article(frame: pd.DataFrame, title: str, corpus, **kwargs) -> Titled:
    return article_rows_or_summary(frame, title, len(corpus.articles), **kwargs)


# ------------------------------------------------------------------ key findings


def key_findings_values(corpus) -> dict[str, Any]:
    """Glue values of the key findings chapter (prefix ``kf-``): as-of, n-articles, n-words, first-year,
    last-year, n-outlets and confidence-rule."""
    from .book import as_of
    from .findings import CONFIDENCE_RULE

    overview = corpus_overview(corpus)
    out: dict[str, Any] = {"as-of": as_of()}
    out.update({key: overview[key] for key in ("n-articles", "n-words", "first-year", "last-year", "n-outlets")})
    out["confidence-rule"] = PlainText(CONFIDENCE_RULE)
    return out


def bottom_line_table(corpus) -> Titled:
    """The opening brief: the bottom-line findings with confidence, n and what they imply."""
    from .findings import bottom_line, brief_table, key_findings

    return (
        brief_table(bottom_line(key_findings(corpus))),
        "Bottom line: the judgments, how far to trust them, and what they imply",
    )


# ------------------------------------------------------------------ the corpus and its sources


def corpus_overview(corpus) -> dict[str, Any]:
    """The corpus in numbers, for every chapter that states them (glue keys without prefix).

    Keys: n-articles, n-words, n-paragraphs (article text, :func:`kzanalysis.stats.corpus_stats`), first-year,
    last-year (text), n-outlets, n-genres (distinct values of the manifest), n-signed (articles with an author),
    n-usgov (articles from US-government-funded outlets, as the sources finding counts them), and for the
    longest and shortest article its outlet, year (text) and words (longest-outlet, longest-year,
    longest-words, shortest-...).
    """
    from .stats import corpus_stats

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


def articles_table(corpus) -> Titled:
    """The articles, oldest first: date, outlet, genre, author ("(unsigned)" when none) and title."""
    articles = corpus.articles
    listing = articles.assign(author=articles["author"].fillna("(unsigned)"))[
        ["date", "outlet", "genre", "author", "title"]
    ]
    listing.columns = ["Date", "Outlet", "Genre", "Author", "Title"]
    return _per_article(listing, "The articles, oldest first (dates as established in the manifest)", corpus)


def provenance_table(corpus) -> Titled:
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


def sizes_table(corpus) -> Titled:
    """Words, sentences and paragraphs of article text per article (articles by citation label)."""
    summary = _labelled(corpus)[["date", "outlet", "genre", "n_words", "n_sentences", "n_paragraphs"]].copy()
    summary.columns = ["Date", "Article", "Genre", "Words", "Sentences", "Paragraphs"]
    return _per_article(summary, "Size of each article (article text only)", corpus)


def furniture_totals(corpus) -> dict[str, Any]:
    """Words in the files (file-words), of them furniture (furniture-words) and its share (furniture-pct, text)."""
    from .reading.tables import furniture_summary

    furniture = furniture_summary(corpus)
    furniture_words = int(furniture["furniture_words"].sum())
    file_words = int(furniture["text_words"].sum()) + furniture_words
    return {
        "file-words": file_words,
        "furniture-words": furniture_words,
        "furniture-pct": fmt_pct(furniture_words / file_words if file_words else 0),
    }


def furniture_table(corpus) -> Titled:
    """Per article: words of article text, words of furniture, and the furniture's parts and paragraphs."""
    from .reading.tables import furniture_summary

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


def voice_shares(corpus) -> dict[str, PlainText]:
    """Share of the corpus's words of article text by voice group, as percentages (voice-author, voice-quoted,
    voice-speakers, voice-statement)."""
    from .reading.tables import voice_totals

    totals = voice_totals(corpus)
    return {f"voice-{key}": fmt_pct(totals[key]) for key in ("author", "quoted", "speakers", "statement")}


def voices_table(corpus) -> Titled:
    """Per article: its words, and the share of them in each voice ("64 %")."""
    from .reading.tables import voice_summary

    shares = voice_summary(corpus)
    table = shares.drop(columns="n_words").mul(100).round(0).astype(int).astype(str).add(" %")
    table.insert(0, "Words", shares["n_words"])
    table = table.merge(_labelled(corpus).set_index("id")[["date", "outlet"]], left_index=True, right_index=True)
    table = table[["date", "outlet"] + [c for c in table.columns if c not in ("date", "outlet")]]
    table.columns = ["Date", "Outlet"] + [c.capitalize() for c in table.columns[2:]]
    return _per_article(table, "Share of each article's words by voice", corpus)


def _removed(corpus) -> pd.DataFrame:
    return corpus.boilerplate.merge(_labelled(corpus)[["id", "outlet"]], left_on="article_id", right_on="id")


def boilerplate_totals(corpus) -> dict[str, int]:
    """Lines removed as boilerplate (n-boilerplate) and the articles they come from (n-boilerplate-articles)."""
    removed = _removed(corpus)
    return {"n-boilerplate": len(removed), "n-boilerplate-articles": int(removed["article_id"].nunique())}


def boilerplate_table(corpus) -> Titled:
    """Every line removed as boilerplate: the article, line number, kind of rule and the text."""
    shown = _removed(corpus)[["outlet", "line_no", "kind", "line"]].copy()
    shown.columns = ["Outlet", "Line", "Kind", "Removed text"]
    return _per_article(
        shown, "Every line removed as boilerplate, by article", corpus, by="Outlet", count="Lines", sums=()
    )


#: Kinds of erratum that are errors of fact rather than of typing or grammar.
FACTUAL_KINDS = "place|name|fact"


def _errata(corpus) -> pd.DataFrame:
    from .errata import locate_errata

    errata = locate_errata(corpus).merge(
        _labelled(corpus)[["id", "outlet", "date"]], left_on="article_id", right_on="id"
    )
    return errata.assign(factual=errata["kind"].str.contains(FACTUAL_KINDS, case=False, regex=True).astype(bool))


def errata_summary(corpus) -> dict[str, Any]:
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


def errata_table(corpus) -> Titled:
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


# ------------------------------------------------------------------ energy


def _display(frame: pd.DataFrame, corpus, names: dict[str, str]) -> pd.DataFrame:
    from .positions import display_refs

    return display_refs(frame, corpus, list(names), names)


def energy_values(corpus) -> dict[str, Any]:
    """Glue values of the energy chapter (prefix ``energy-``): the route overview's counts and ranking
    (n-articles, n-corridors, n-pipelines, n-articles-speaking, n-references, n-named, n-described,
    corridor-ranking), n-positions and n-position-articles (claims on a route), change (what changed, text),
    n-figures (figures stated for a route) and n-forecasts."""
    from . import routes
    from .positions import article_labels

    references = routes.route_references(corpus)
    overview = routes.route_overview(corpus, references)
    positions = routes.position_claims(corpus)
    out: dict[str, Any] = {
        key.replace("_", "-"): overview[key]
        for key in (
            "n_articles",
            "n_corridors",
            "n_pipelines",
            "n_articles_speaking",
            "n_references",
            "n_named",
            "n_described",
            "corridor_ranking",
        )
    }
    out["n-positions"] = len(positions)
    out["n-position-articles"] = int(positions["article_id"].nunique())
    out["change"] = PlainText(routes.route_change_text(corpus, article_labels(corpus), references))
    out["n-figures"] = len(routes.stated_figures(corpus, references))
    out["n-forecasts"] = len(routes.route_forecasts(corpus))
    return out


def route_who_table(corpus) -> Titled:
    """Positions on each corridor, by who takes them (:func:`kzanalysis.routes.position_summary`)."""
    from . import routes

    return routes.position_summary(corpus), "Positions on each corridor, by who takes them"


def route_positions_table(corpus) -> Titled:
    """Every claim taking a position on a route: article, ¶, voice, speaker, position, evidence."""
    from . import routes

    shown = _display(
        routes.positions_table(corpus),
        corpus,
        {"voice": "Voice", "speaker": "Speaker", "position": "Position", "evidence": "Evidence"},
    )
    return shown, "Every position on a route, with the words it rests on"


def route_lines_table(corpus) -> Titled:
    """Per article, oldest first: the pipelines it names, the corridors it describes, who takes which position."""
    from . import routes
    from .positions import article_labels

    lines = routes.article_route_lines(corpus)
    shown = lines.assign(Article=lines["article_id"].map(article_labels(corpus)))[
        ["Article", "named", "described", "positions"]
    ]
    shown.columns = ["Article", "Pipelines named", "Corridors described", "Who takes which position"]
    return shown, "Corridors and positions per article, oldest first"


def route_facts_table(corpus) -> Titled:
    """The route file's facts per pipeline: status, first oil, capacity, sources."""
    from . import routes

    facts = routes.route_facts(corpus)[["pipeline", "status", "first_oil", "capacity", "sources"]]
    facts.columns = ["Pipeline", "Status around 2008", "First oil", "Capacity", "Sources"]
    return facts, "The pipelines: status, first oil and capacity, with sources"


def route_figures_table(corpus) -> Titled:
    """Figures the articles state for a route, with speaker, erratum and the route file's figure."""
    from . import routes

    shown = _display(
        routes.stated_figures(corpus),
        corpus,
        {
            "speaker": "Speaker",
            "route": "Route",
            "figure": "Figure stated",
            "erratum": "Erratum",
            "facts": "Route file",
        },
    )
    return shown, "Figures the articles state for a route, against the errata and the route file"


def route_forecasts_table(corpus) -> Titled:
    """Each forecast on export routes beside the route events the chronology records after it."""
    from . import routes

    shown = _display(
        routes.route_forecasts(corpus),
        corpus,
        {"speaker": "Speaker", "evidence": "Forecast", "later": "Later events on export routes"},
    )
    return shown, "Forecasts on export routes and the route events that followed"


# ------------------------------------------------------------------ great-power balancing


def balancing_values(corpus) -> dict[str, PlainText]:
    """Glue values of the balancing chapter (prefix ``bal-``): the sentences who, powers, positions, editors."""
    from . import balancing

    overview = balancing.balancing_overview(corpus)
    return {key: PlainText(overview[key]) for key in ("who", "powers", "positions", "editors")}


def balancing_who_table(corpus) -> Titled:
    """Claims on great-power balancing summed by who speaks and in which mode."""
    from . import balancing

    return (balancing.balancing_summary(corpus), "Claims on great-power balancing, by who speaks and in whose words")


def balancing_claims_table(corpus) -> Titled:
    """Every claim on great-power balancing: article, ¶, voice, speaker, the powers in view, evidence."""
    from . import balancing

    shown = _display(
        balancing.balancing_table(corpus),
        corpus,
        {"voice": "Voice", "speaker": "Speaker", "powers": "Powers", "evidence": "Evidence"},
    )
    return shown, "Every claim on great-power balancing, with the powers in view"


# ------------------------------------------------------------------ human rights versus security


def rights_values(corpus) -> dict[str, Any]:
    """Glue values of the rights chapter (prefix ``rs-``): the counts and sentences of
    :func:`kzanalysis.rights.rights_summary` (n-claims, n-reviewed, n-articles, n-corpus, n-beside,
    n-unclaimed; raisers, silent-sentence, genres, periods, beside, comparison, unclaimed-articles), and the
    rights finding's leave-one-out verdict (loo) and confidence."""
    from . import rights

    summary = rights.rights_summary(corpus)
    out: dict[str, Any] = {
        key.replace("_", "-"): summary[key]
        for key in ("n_claims", "n_reviewed", "n_articles", "n_corpus", "n_beside", "n_unclaimed")
    }
    out.update(
        {
            key.replace("_", "-"): PlainText(summary[key])
            for key in ("raisers", "silent_sentence", "genres", "periods", "beside", "comparison", "unclaimed_articles")
        }
    )
    finding = _finding(corpus, "rights-security")
    out["loo"] = PlainText(f"{finding.loo}: {finding.loo_detail}")
    out["confidence"] = PlainText(finding.confidence)
    return out


def rights_who_table(corpus) -> Titled:
    """Who raises rights, beside all the claims of each side (:func:`kzanalysis.rights.who_table`)."""
    from . import rights

    who = rights.who_table(corpus)
    who.columns = ["Who", "Rights claims", "Articles", "Periods", "Voices", "Beside security", "All their claims"]
    return who, "Who raises rights: claims about rights and democracy by speaker side, beside all claims of that side"


def rights_register_table(corpus) -> Titled:
    """Every rights claim: article, ¶, speaker with side and voice, period, the security words of its sentence and
    the claim (marked when it is an unreviewed machine proposal)."""
    from . import rights

    register = rights.rights_register(corpus)
    speakers = [f"{s} ({w}; {v})" for s, w, v in zip(register["speaker"], register["who"], register["voice"])]
    claims = [c if r else f"{c} (unreviewed machine proposal)" for c, r in zip(register["claim"], register["reviewed"])]
    shown = register.assign(
        ref=para_ref_column(register["article_id"], register["paragraph"]), speaker=speakers, claim=claims
    )[["article", "ref", "speaker", "period_label", "security_words", "claim"]]
    shown.columns = [
        "Article",
        "¶",
        "Speaker (side; voice)",
        "Period",
        "Security words in its sentence",
        "Claim (coder's summary)",
    ]
    return shown, "Every claim about rights and democracy in the register"


def rights_period_table(corpus) -> Titled:
    """Rights claims per period, with each period's articles and genres (:func:`kzanalysis.rights.period_table`)."""
    from . import rights

    periods = rights.period_table(corpus)
    periods.columns = [
        "Period",
        "Articles",
        "Genres",
        "Rights claims",
        "Articles raising rights",
        "Who (claims)",
        "Beside security",
    ]
    return periods, "Rights claims per period, with the articles and genres each period holds"


def rights_compare_table(corpus) -> Titled:
    """Consecutive periods compared, or declined with the reason (:func:`kzanalysis.rights.period_comparisons`)."""
    from . import rights

    compare = rights.period_comparisons(corpus)
    compare.columns = ["Earlier period", "Later period", "Verdict", "Comparison or reason declined"]
    return compare, "Before/after comparisons of consecutive periods: made within a genre, or declined with the reason"


def rights_unclaimed_table(corpus) -> Titled:
    """Sentences with rights vocabulary in paragraphs that hold no rights claim, with voice and speaker."""
    from . import rights

    unclaimed = rights.unclaimed_vocabulary(corpus)
    unclaimed = unclaimed.assign(ref=para_ref_column(unclaimed["article_id"], unclaimed["paragraph"]))
    unclaimed = unclaimed[["article", "ref", "kind", "speaker", "words", "text"]]
    unclaimed.columns = ["Article", "¶", "Voice", "Speaker", "Rights words", "Sentence"]
    return unclaimed, "Sentences with rights vocabulary in paragraphs that hold no rights claim"


# ------------------------------------------------------------------ conclusions


def conclusions_values(corpus) -> dict[str, Any]:
    """Glue values of the conclusions (prefix ``con-``): n-articles, first-year, last-year (the corpus
    overview); periods, every, some (:func:`kzanalysis.topics.topic_spread`); rights-periods,
    rights-comparison (the rights summary); n-claims and n-machine (claims of the register, unreviewed machine
    proposals among them); funding and genres (articles by funding and genre, from the sources finding, most
    first); loo-n-findings, loo-holds, loo-changes, loo-not-computable (leave-one-out verdicts)."""
    from . import rights, topics
    from .claims import claims_table
    from .findings import loo_counts

    overview = corpus_overview(corpus)
    spread = topics.topic_spread(corpus)
    summary = rights.rights_summary(corpus)
    claims = claims_table(corpus)
    sources = _finding(corpus, "sources").values if len(corpus.articles) else {"funding": {}, "genres": {}}
    out: dict[str, Any] = {key: overview[key] for key in ("n-articles", "first-year", "last-year")}
    out.update({key: PlainText(spread[key]) for key in ("periods", "every", "some")})
    out["rights-periods"] = PlainText(summary["periods"])
    out["rights-comparison"] = PlainText(summary["comparison"])
    out["n-claims"] = len(claims)
    out["n-machine"] = int((~claims["reviewed"].astype(bool)).sum())
    for key in ("funding", "genres"):
        out[key] = count_phrase(pd.Series(dict(Counter(sources[key]).most_common()), dtype=int))
    out.update({f"loo-{key.replace(' ', '-').replace('_', '-')}": value for key, value in loo_counts(corpus).items()})
    return out


def topics_table(corpus) -> Titled:
    """Claims per topic and period (:func:`kzanalysis.topics.topic_period_table`)."""
    from . import topics

    return (
        topics.topic_period_table(corpus),
        "Claims of the register per topic and period, with the articles and genres each period holds",
    )


def loo_table(corpus) -> Titled:
    """The leave-one-article-out verdict of each finding without each article (:func:`kzanalysis.findings.loo_grid`)."""
    from .findings import loo_grid

    return (
        loo_grid(corpus),
        "Leave-one-article-out check: does each finding hold, change, or become not computable without each article?",
    )


# ------------------------------------------------------------------ methods appendix


def methods_values(corpus) -> dict[str, Any]:
    """Glue values of the methods appendix (prefix ``m-``): n-entities and n-aliases (gazetteer), n-themes and
    n-terms (lexicons), n-boilerplate (patterns), n-routes (pipelines), support-cues and doubt-cues (the route
    file's shared stance cues, comma-joined)."""
    from .resources import load_boilerplate, load_gazetteer, load_routes, load_themes

    gazetteer = load_gazetteer(corpus.data_dir)
    lexicons = load_themes(corpus.data_dir)
    route_file = load_routes(corpus.data_dir)
    return {
        "n-entities": int(gazetteer["name"].nunique()),
        "n-aliases": len(gazetteer),
        "n-themes": len(lexicons),
        "n-terms": sum(len(spec["terms"]) for spec in lexicons.values()),
        "n-boilerplate": len(load_boilerplate(corpus.data_dir)),
        "n-routes": len(route_file["pipelines"]),
        "support-cues": ", ".join(route_file["stance_cues"]["positive"]),
        "doubt-cues": ", ".join(route_file["stance_cues"]["negative"]),
    }


def codebook_table(corpus) -> Titled:
    """The codebook's topics: topic, label, definition, includes, excludes."""
    from .claims import codebook_topics

    codebook = codebook_topics(corpus.data_dir)
    codebook.columns = ["Topic", "Label", "Definition", "Includes", "Excludes"]
    return codebook, "Codebook topics for the claims register"


@per_corpus
def _agreement(corpus) -> dict[str, Any]:
    from .claims import agreement_summary

    return agreement_summary(corpus)


def agreement_values(corpus) -> dict[str, Any]:
    """Glue values of the agreement section (prefix ``m-``): agree-articles, agree-unit, agree-units,
    agree-pct (pooled agreement, text), agree-kappa (pooled kappa, 2 places), agree-voice (kappa on who
    speaks)."""
    from .book import fmt_float

    agree = _agreement(corpus)
    return {
        "agree-articles": agree["n_articles"],
        "agree-unit": agree["unit"],
        "agree-units": agree["n_units"],
        "agree-pct": fmt_pct(agree["pooled_agreement"] / 100),
        "agree-kappa": fmt_float(agree["pooled_kappa"], 2),
        "agree-voice": fmt_float(agree["voice_kappa"], 2),
    }


def agreement_table(corpus) -> Titled:
    """Machine proposals against the hand codes per topic: hand, machine, both, agreement (%), kappa."""
    shown = _agreement(corpus)["table"]
    shown.columns = ["Topic", "Hand", "Machine", "Both", "Agreement (%)", "Kappa"]
    return shown, "Machine proposals against the hand codes, per topic (paragraphs coded present)"


def gazetteer_table(corpus) -> Titled:
    """One row per entity of the gazetteer, by type and name: entity, type, power and its aliases."""
    from .resources import load_gazetteer

    entities = (
        load_gazetteer(corpus.data_dir)
        .groupby(["name", "type"], sort=False)
        .agg(group=("group", "first"), aliases=("alias", lambda a: "; ".join(sorted(set(a)))))
        .reset_index()
        .sort_values(["type", "name"])
    )
    entities.columns = ["Entity", "Type", "Power", "Aliases matched"]
    return entities, "The entity gazetteer (data/gazetteer.yml)"


def themes_table(corpus) -> Titled:
    """The theme lexicons: theme, description and terms."""
    from .resources import load_themes

    rows = [
        {"Theme": spec.get("label", key), "Description": spec.get("description", ""), "Terms": ", ".join(spec["terms"])}
        for key, spec in load_themes(corpus.data_dir).items()
    ]
    return pd.DataFrame(rows), "Theme lexicons (data/themes.yml)"


def pipelines_table(corpus) -> Titled:
    """The route file's pipelines with their corridor and status by 2008."""
    from .resources import load_routes

    route_file = load_routes(corpus.data_dir)
    corridor_names = {c["id"]: c["name"] for c in route_file["corridors"]}
    rows = [
        {
            "Pipeline": route["name"],
            "Corridor": corridor_names.get(route["corridor"], route["corridor"]),
            "Status by 2008": route.get("status_2008", ""),
        }
        for route in route_file["pipelines"]
    ]
    return pd.DataFrame(rows), "Export pipelines and their corridors (data/routes.yml)"


# ------------------------------------------------------------------ data appendix


def data_values(corpus) -> dict[str, int]:
    """Glue values of the data appendix (prefix ``d-``): n-articles, and how many are dated to the day
    (n-dated-day), the month (n-dated-month) or the year only (n-dated-year)."""
    lengths = corpus.articles["date"].astype(str).str.len()
    return {
        "n-articles": len(corpus.articles),
        "n-dated-day": int(lengths.eq(10).sum()),
        "n-dated-month": int(lengths.eq(7).sum()),
        "n-dated-year": int(lengths.eq(4).sum()),
    }


def manifest_table(corpus) -> Titled:
    """The manifest as the package reads it: id, date, outlet, author ("(none)"), genre, first 12 of the SHA-256."""
    manifest = corpus.articles[["id", "date", "outlet", "author", "genre", "sha256"]].copy()
    manifest["author"] = manifest["author"].fillna("(none)")
    manifest["sha256"] = manifest["sha256"].str[:12] + "…"
    manifest.columns = ["Id (file name)", "Date", "Outlet", "Author", "Genre", "SHA-256 (first 12)"]
    return _per_article(manifest, "The manifest (data/manifest.yml)", corpus)


def date_evidence_table(corpus) -> Titled:
    """Each article's date and the evidence for it."""
    evidence = corpus.articles[["date", "outlet", "date_evidence"]].copy()
    evidence.columns = ["Date", "Outlet", "Evidence for the date"]
    return _per_article(evidence, "How each article was dated", corpus)


# ------------------------------------------------------------------ reproduction


#: The packages whose versions the reproduction appendix lists, after Python itself.
ENVIRONMENT_PACKAGES = (
    "kzanalysis",
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "pandas",
    "numpy",
    "matplotlib",
    "scikit-learn",
    "networkx",
    "wordcloud",
    "yake",
    "vaderSentiment",
)


def environment_table(packages=ENVIRONMENT_PACKAGES) -> Titled:
    """Python's version and each package's installed version ("not installed" when missing)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    environment = pd.DataFrame(
        {"Package": ["Python", *packages], "Version": [platform.python_version()] + [installed(p) for p in packages]}
    )
    return environment, "Package versions used for this build"


def reproduce_values() -> dict[str, Any]:
    """Glue values of the reproduction appendix (prefix ``r-``): built (the as-of date) and version."""
    from . import __version__
    from .book import as_of

    return {"built": as_of(), "version": __version__}
