"""The tables and glued values of the question chapters (energy routes, great-power balancing, human rights
versus security) and of the conclusions."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus

from ..book import PlainText, count_phrase, para_ref_column
from .common import Titled, _finding, _listing, _per_article, _register, _years
from .overview import corpus_overview

__all__ = [
    "energy_values",
    "route_who_table",
    "route_positions_table",
    "route_lines_table",
    "route_facts_table",
    "route_figures_table",
    "route_forecasts_table",
    "balancing_values",
    "balancing_who_table",
    "balancing_claims_table",
    "rights_values",
    "rights_who_table",
    "rights_register_table",
    "rights_period_table",
    "rights_compare_table",
    "rights_unclaimed_table",
    "conclusions_values",
    "topics_table",
    "loo_table",
]


# ------------------------------------------------------------------ energy


def _display(frame: pd.DataFrame, corpus, names: dict[str, str]) -> pd.DataFrame:
    from kzanalysis.analysis.positions import display_refs

    return display_refs(frame, corpus, list(names), names)


def energy_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the energy chapter (prefix ``energy-``): the route overview's counts and ranking
    (n-articles, n-corridors, n-pipelines, n-articles-speaking, n-references, n-named, n-described,
    corridor-ranking), n-positions and n-position-articles (claims on a route), change (what changed, text),
    n-figures (figures stated for a route) and n-forecasts; and the words that say what the register tables
    show, listed or counted (positions-listed, lines-listed, figures-listed, forecasts-listed)."""
    from kzanalysis.analysis import routes
    from kzanalysis.analysis.positions import article_labels

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
    out["positions-listed"] = _listing(
        corpus,
        "lists every claim with its evidence, so the reader can check each against the text",
        "counts them by voice and position; each claim, with its evidence, is in claims.csv of the CSV export, "
        "so the reader can check each against the text",
    )
    out["lines-listed"] = _listing(
        corpus,
        "gives each article's corridors and positions in date order",
        "counts per year the articles that name a pipeline, describe a corridor or take a position",
    )
    out["figures-listed"] = _listing(
        corpus,
        "shows it with its speaker, the erratum recorded for it",
        "gives for each route the number of figures stated, the number with an erratum recorded for them",
    )
    out["forecasts-listed"] = _listing(corpus, "sets each beside", "counts them by year beside")
    return out


def route_who_table(corpus: Corpus) -> Titled:
    """Positions on each corridor, by who takes them (:func:`kzanalysis.analysis.routes.position_summary`)."""
    from kzanalysis.analysis import routes

    return routes.position_summary(corpus), "Positions on each corridor, by who takes them"


def route_positions_table(corpus: Corpus) -> Titled:
    """Every claim taking a position on a route: article, ¶, voice, speaker, position, evidence."""
    from kzanalysis.analysis import routes

    positions = routes.position_claims(corpus)
    table = routes.positions_table(corpus, positions)
    shown = _display(
        table, corpus, {"voice": "Voice", "speaker": "Speaker", "position": "Position", "evidence": "Evidence"}
    )
    return _register(
        shown,
        "Every position on a route, with the words it rests on",
        corpus,
        keys=pd.DataFrame({"Voice": positions["voice"].tolist(), "Position": table["position"].tolist()}),
        articles=table["article_id"],
        count="Claims",
        csv="claims.csv",
        detail="the claims whose target is a pipeline or a corridor",
        flags={"Unreviewed machine proposals": ~table["reviewed"].astype(bool)},
    )


def route_lines_table(corpus: Corpus) -> Titled:
    """Per article, oldest first: the pipelines it names, the corridors it describes, who takes which position;
    past the per-article limit, per year: the articles, and those that name a pipeline, describe a corridor
    or take a position."""
    from kzanalysis.analysis import routes
    from kzanalysis.analysis.positions import article_labels

    lines = routes.article_route_lines(corpus)
    shown = lines.assign(Article=lines["article_id"].map(article_labels(corpus)))[
        ["Article", "named", "described", "positions"]
    ]
    shown.columns = ["Article", "Pipelines named", "Corridors described", "Who takes which position"]
    dates = dict(zip(corpus.articles["id"].tolist(), corpus.articles["date"].astype(str).tolist()))
    counts = {
        "Naming a pipeline": lines["named"],
        "Describing a corridor": lines["described"],
        "Taking a position": lines["positions"],
    }
    hidden = pd.DataFrame(
        {"Date": [dates.get(a, "") for a in lines["article_id"]]}
        | {name: (column != "").astype(int).tolist() for name, column in counts.items()}
    )
    return _per_article(
        shown,
        "Corridors and positions per article, oldest first",
        corpus,
        hidden=hidden,
        sums=tuple(counts),
        where="each reference to a route is a row of routes.csv, and each position one of claims.csv, in the CSV "
        "export",
    )


def route_facts_table(corpus: Corpus) -> Titled:
    """The route file's facts per pipeline: status, first oil, capacity, sources."""
    from kzanalysis.analysis import routes

    facts = routes.route_facts(corpus)[["pipeline", "status", "first_oil", "capacity", "sources"]]
    facts.columns = ["Pipeline", "Status around 2008", "First oil", "Capacity", "Sources"]
    return facts, "The pipelines: status, first oil and capacity, with sources"


def route_figures_table(corpus: Corpus) -> Titled:
    """Figures the articles state for a route, with speaker, erratum and the route file's figure."""
    from kzanalysis.analysis import routes

    figures = routes.stated_figures(corpus)
    shown = _display(
        figures,
        corpus,
        {
            "speaker": "Speaker",
            "route": "Route",
            "figure": "Figure stated",
            "erratum": "Erratum",
            "facts": "Route file",
        },
    )
    return _register(
        shown,
        "Figures the articles state for a route, against the errata and the route file",
        corpus,
        keys=pd.DataFrame({"Route": figures["route"].tolist(), "Route file": figures["facts"].tolist()}),
        articles=figures["article_id"],
        count="Figures",
        csv="numbers.csv",
        detail="with its sentence; the references to its route are rows of routes.csv",
        flags={"With an erratum": figures["erratum"].fillna("").astype(str) != ""},
    )


def route_forecasts_table(corpus: Corpus) -> Titled:
    """Each forecast on export routes beside the route events the chronology records after it."""
    from kzanalysis.analysis import routes

    forecasts = routes.route_forecasts(corpus)
    shown = _display(
        forecasts, corpus, {"speaker": "Speaker", "evidence": "Forecast", "later": "Later events on export routes"}
    )
    return _register(
        shown,
        "Forecasts on export routes and the route events that followed",
        corpus,
        keys=pd.DataFrame(
            {
                "Year": _years(corpus, forecasts["article_id"]),
                "Later events on export routes": forecasts["later"].tolist(),
            }
        ),
        articles=forecasts["article_id"],
        count="Forecasts",
        csv="claims.csv",
        detail="forecast true; the events are those of data/events.yml",
        flags={"Unreviewed machine proposals": ~forecasts["reviewed"].astype(bool)},
        by_keys=True,
    )


# ------------------------------------------------------------------ great-power balancing


def balancing_values(corpus: Corpus) -> dict[str, PlainText]:
    """Glue values of the balancing chapter (prefix ``bal-``): the sentences who, powers, positions, editors,
    and the words that say what the table of claims shows, listed or counted (claims-listed)."""
    from kzanalysis.analysis import balancing

    overview = balancing.balancing_overview(corpus)
    out = {key: PlainText(overview[key]) for key in ("who", "powers", "positions", "editors")}
    out["claims-listed"] = _listing(
        corpus,
        "lists every claim with its powers and its words",
        "counts the claims by voice and the powers in view (each claim, with its words, is in claims.csv of the "
        "CSV export)",
    )
    return out


def balancing_who_table(corpus: Corpus) -> Titled:
    """Claims on great-power balancing summed by who speaks and in which mode."""
    from kzanalysis.analysis import balancing

    return (balancing.balancing_summary(corpus), "Claims on great-power balancing, by who speaks and in whose words")


def balancing_claims_table(corpus: Corpus) -> Titled:
    """Every claim on great-power balancing: article, ¶, voice, speaker, the powers in view, evidence."""
    from kzanalysis.analysis import balancing

    claims = balancing.balancing_claims(corpus)
    table = balancing.balancing_table(corpus, claims)
    shown = _display(
        table, corpus, {"voice": "Voice", "speaker": "Speaker", "powers": "Powers", "evidence": "Evidence"}
    )
    return _register(
        shown,
        "Every claim on great-power balancing, with the powers in view",
        corpus,
        keys=pd.DataFrame({"Voice": claims["voice"].tolist(), "Powers": table["powers"].tolist()}),
        articles=table["article_id"],
        count="Claims",
        csv="claims.csv",
        detail=f"topic {balancing.TOPIC}",
        flags={"Unreviewed machine proposals": ~table["reviewed"].astype(bool)},
    )


# ------------------------------------------------------------------ human rights versus security


def rights_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the rights chapter (prefix ``rs-``): the counts and sentences of
    :func:`kzanalysis.analysis.rights.rights_summary` (n-claims, n-reviewed, n-articles, n-corpus, n-beside,
    n-unclaimed; raisers, silent-sentence, genres, periods, beside, comparison, unclaimed-articles), the
    rights finding's leave-one-out verdict (loo) and confidence, and the words that say what the register
    tables show, listed or counted (register-listed and register-where, before and after the table's number;
    beside-where; unclaimed-listed)."""
    from kzanalysis.analysis import rights

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
    out["register-listed"] = _listing(
        corpus, "Every rights claim is listed in", "The rights claims are counted by period, side and voice in"
    )
    out["register-where"] = _listing(
        corpus,
        "with the paragraph it rests on",
        "(each claim, with the paragraph it rests on, is in claims.csv of the CSV export)",
    )
    out["beside-where"] = _listing(
        corpus, "the words are shown in", "the claims beside security are counted per period, side and voice in"
    )
    out["unclaimed-listed"] = _listing(
        corpus,
        "with the voice of each sentence",
        "counted by voice and rights words; each sentence is in voices.csv of the CSV export",
    )
    return out


def rights_who_table(corpus: Corpus) -> Titled:
    """Who raises rights, beside all the claims of each side (:func:`kzanalysis.analysis.rights.who_table`)."""
    from kzanalysis.analysis import rights

    who = rights.who_table(corpus)
    who.columns = ["Who", "Rights claims", "Articles", "Periods", "Voices", "Beside security", "All their claims"]
    return who, "Who raises rights: claims about rights and democracy by speaker side, beside all claims of that side"


def rights_register_table(corpus: Corpus) -> Titled:
    """Every rights claim: article, ¶, speaker with side and voice, period, the security words of its sentence and
    the claim (marked when it is an unreviewed machine proposal)."""
    from kzanalysis.analysis import rights

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
    return _register(
        shown,
        "Every claim about rights and democracy in the register",
        corpus,
        keys=pd.DataFrame(
            {
                "Period": register["period_label"].tolist(),
                "Side": register["who"].tolist(),
                "Voice": register["voice"].tolist(),
            }
        ),
        articles=register["article_id"],
        count="Claims",
        csv="claims.csv",
        detail=f"topic {rights.RIGHTS_TOPIC}",
        flags={
            "Beside security": register["beside_security"].astype(bool),
            "Unreviewed machine proposals": ~register["reviewed"].astype(bool),
        },
    )


def rights_period_table(corpus: Corpus) -> Titled:
    """Rights claims per period, with each period's articles and genres
    (:func:`kzanalysis.analysis.rights.period_table`)."""
    from kzanalysis.analysis import rights

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


def rights_compare_table(corpus: Corpus) -> Titled:
    """Consecutive periods compared, or declined with the reason
    (:func:`kzanalysis.analysis.rights.period_comparisons`)."""
    from kzanalysis.analysis import rights

    compare = rights.period_comparisons(corpus)
    compare.columns = ["Earlier period", "Later period", "Verdict", "Comparison or reason declined"]
    return compare, "Before/after comparisons of consecutive periods: made within a genre, or declined with the reason"


def rights_unclaimed_table(corpus: Corpus) -> Titled:
    """Sentences with rights vocabulary in paragraphs that hold no rights claim, with voice and speaker."""
    from kzanalysis.analysis import rights

    unclaimed = rights.unclaimed_vocabulary(corpus)
    unclaimed = unclaimed.assign(ref=para_ref_column(unclaimed["article_id"], unclaimed["paragraph"]))
    shown = unclaimed[["article", "ref", "kind", "speaker", "words", "text"]]
    shown.columns = ["Article", "¶", "Voice", "Speaker", "Rights words", "Sentence"]
    return _register(
        shown,
        "Sentences with rights vocabulary in paragraphs that hold no rights claim",
        corpus,
        keys=pd.DataFrame({"Voice": unclaimed["kind"].tolist(), "Rights words": unclaimed["words"].tolist()}),
        articles=unclaimed["article_id"],
        count="Sentences",
        csv="voices.csv",
        detail="with its voice and speaker; the rights words are terms of the rights lexicon, data/themes.yml",
    )


# ------------------------------------------------------------------ conclusions


def conclusions_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the conclusions (prefix ``con-``): n-articles, first-year, last-year (the corpus
    overview); periods, every, some (:func:`kzanalysis.analysis.topics.topic_spread`); rights-periods,
    rights-comparison (the rights summary); n-claims and n-machine (claims of the register, unreviewed machine
    proposals among them); funding and genres (articles by funding and genre, from the sources finding, most
    first); loo-n-findings, loo-holds, loo-changes, loo-not-computable (leave-one-out verdicts)."""
    from kzanalysis.analysis import rights, topics
    from kzanalysis.analysis.claims import claims_table
    from kzanalysis.analysis.findings import loo_counts

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


def topics_table(corpus: Corpus) -> Titled:
    """Claims per topic and period (:func:`kzanalysis.analysis.topics.topic_period_table`)."""
    from kzanalysis.analysis import topics

    return (
        topics.topic_period_table(corpus),
        "Claims of the register per topic and period, with the articles and genres each period holds",
    )


def loo_table(corpus: Corpus) -> Titled:
    """The leave-one-article-out verdict of each finding without each article
    (:func:`kzanalysis.analysis.findings.loo_grid`).

    Past the per-article limit (a column per article would not fit), one row per finding: its verdict, the
    number of articles without which it holds, and the articles without which it changes or cannot be computed
    (named up to :data:`kzanalysis.report.book.LISTED_LIMIT`, the others counted)."""
    from kzanalysis.analysis.findings import loo_grid

    from ..book import LISTED_LIMIT, capped_list
    from ..scale import PER_ARTICLE_LIMIT, per_year_view

    grid = loo_grid(corpus)
    title = (
        "Leave-one-article-out check: does each finding hold, change, or become not computable without each article?"
    )
    n_articles = len(corpus.articles)
    if not per_year_view(n_articles):
        return grid, title
    left_out = [c for c in grid.columns if c not in ("Finding", "Verdict")]
    prefix = "Without "
    names = [c[len(prefix) :] if c.startswith(prefix) else c for c in left_out]
    rows = []
    for record in grid.to_dict("records"):
        verdicts = [record[c] for c in left_out]
        rows.append(
            {
                "Finding": record["Finding"],
                "Verdict": record["Verdict"],
                "Holds without (articles)": sum(v == "holds" for v in verdicts),
                "Changes without": capped_list([n for n, v in zip(names, verdicts) if v == "changes"], n_articles),
                "Not computable without": capped_list(
                    [n for n, v in zip(names, verdicts) if v == "not computable"], n_articles
                ),
            }
        )
    note = (
        f"per finding, as the corpus has {n_articles} articles (more than {PER_ARTICLE_LIMIT}): how many articles "
        f"it holds without, and the articles it changes or cannot be computed without (the first {LISTED_LIMIT} "
        "named, in date order)"
    )
    return pd.DataFrame(rows), f"{title} {note[0].upper()}{note[1:]}"
