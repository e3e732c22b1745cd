"""The tables and glued values of the question chapters (energy routes, great-power balancing, human rights
versus security) and of the conclusions."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ..book import PlainText, count_phrase, para_ref_column
from ..corpus import Corpus
from .common import Titled, _finding
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
    from ..positions import display_refs

    return display_refs(frame, corpus, list(names), names)


def energy_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the energy chapter (prefix ``energy-``): the route overview's counts and ranking
    (n-articles, n-corridors, n-pipelines, n-articles-speaking, n-references, n-named, n-described,
    corridor-ranking), n-positions and n-position-articles (claims on a route), change (what changed, text),
    n-figures (figures stated for a route) and n-forecasts."""
    from .. import routes
    from ..positions import article_labels

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


def route_who_table(corpus: Corpus) -> Titled:
    """Positions on each corridor, by who takes them (:func:`kzanalysis.routes.position_summary`)."""
    from .. import routes

    return routes.position_summary(corpus), "Positions on each corridor, by who takes them"


def route_positions_table(corpus: Corpus) -> Titled:
    """Every claim taking a position on a route: article, ¶, voice, speaker, position, evidence."""
    from .. import routes

    shown = _display(
        routes.positions_table(corpus),
        corpus,
        {"voice": "Voice", "speaker": "Speaker", "position": "Position", "evidence": "Evidence"},
    )
    return shown, "Every position on a route, with the words it rests on"


def route_lines_table(corpus: Corpus) -> Titled:
    """Per article, oldest first: the pipelines it names, the corridors it describes, who takes which position."""
    from .. import routes
    from ..positions import article_labels

    lines = routes.article_route_lines(corpus)
    shown = lines.assign(Article=lines["article_id"].map(article_labels(corpus)))[
        ["Article", "named", "described", "positions"]
    ]
    shown.columns = ["Article", "Pipelines named", "Corridors described", "Who takes which position"]
    return shown, "Corridors and positions per article, oldest first"


def route_facts_table(corpus: Corpus) -> Titled:
    """The route file's facts per pipeline: status, first oil, capacity, sources."""
    from .. import routes

    facts = routes.route_facts(corpus)[["pipeline", "status", "first_oil", "capacity", "sources"]]
    facts.columns = ["Pipeline", "Status around 2008", "First oil", "Capacity", "Sources"]
    return facts, "The pipelines: status, first oil and capacity, with sources"


def route_figures_table(corpus: Corpus) -> Titled:
    """Figures the articles state for a route, with speaker, erratum and the route file's figure."""
    from .. import routes

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


def route_forecasts_table(corpus: Corpus) -> Titled:
    """Each forecast on export routes beside the route events the chronology records after it."""
    from .. import routes

    shown = _display(
        routes.route_forecasts(corpus),
        corpus,
        {"speaker": "Speaker", "evidence": "Forecast", "later": "Later events on export routes"},
    )
    return shown, "Forecasts on export routes and the route events that followed"


# ------------------------------------------------------------------ great-power balancing


def balancing_values(corpus: Corpus) -> dict[str, PlainText]:
    """Glue values of the balancing chapter (prefix ``bal-``): the sentences who, powers, positions, editors."""
    from .. import balancing

    overview = balancing.balancing_overview(corpus)
    return {key: PlainText(overview[key]) for key in ("who", "powers", "positions", "editors")}


def balancing_who_table(corpus: Corpus) -> Titled:
    """Claims on great-power balancing summed by who speaks and in which mode."""
    from .. import balancing

    return (balancing.balancing_summary(corpus), "Claims on great-power balancing, by who speaks and in whose words")


def balancing_claims_table(corpus: Corpus) -> Titled:
    """Every claim on great-power balancing: article, ¶, voice, speaker, the powers in view, evidence."""
    from .. import balancing

    shown = _display(
        balancing.balancing_table(corpus),
        corpus,
        {"voice": "Voice", "speaker": "Speaker", "powers": "Powers", "evidence": "Evidence"},
    )
    return shown, "Every claim on great-power balancing, with the powers in view"


# ------------------------------------------------------------------ human rights versus security


def rights_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the rights chapter (prefix ``rs-``): the counts and sentences of
    :func:`kzanalysis.rights.rights_summary` (n-claims, n-reviewed, n-articles, n-corpus, n-beside,
    n-unclaimed; raisers, silent-sentence, genres, periods, beside, comparison, unclaimed-articles), and the
    rights finding's leave-one-out verdict (loo) and confidence."""
    from .. import rights

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


def rights_who_table(corpus: Corpus) -> Titled:
    """Who raises rights, beside all the claims of each side (:func:`kzanalysis.rights.who_table`)."""
    from .. import rights

    who = rights.who_table(corpus)
    who.columns = ["Who", "Rights claims", "Articles", "Periods", "Voices", "Beside security", "All their claims"]
    return who, "Who raises rights: claims about rights and democracy by speaker side, beside all claims of that side"


def rights_register_table(corpus: Corpus) -> Titled:
    """Every rights claim: article, ¶, speaker with side and voice, period, the security words of its sentence and
    the claim (marked when it is an unreviewed machine proposal)."""
    from .. import rights

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


def rights_period_table(corpus: Corpus) -> Titled:
    """Rights claims per period, with each period's articles and genres (:func:`kzanalysis.rights.period_table`)."""
    from .. import rights

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
    """Consecutive periods compared, or declined with the reason (:func:`kzanalysis.rights.period_comparisons`)."""
    from .. import rights

    compare = rights.period_comparisons(corpus)
    compare.columns = ["Earlier period", "Later period", "Verdict", "Comparison or reason declined"]
    return compare, "Before/after comparisons of consecutive periods: made within a genre, or declined with the reason"


def rights_unclaimed_table(corpus: Corpus) -> Titled:
    """Sentences with rights vocabulary in paragraphs that hold no rights claim, with voice and speaker."""
    from .. import rights

    unclaimed = rights.unclaimed_vocabulary(corpus)
    unclaimed = unclaimed.assign(ref=para_ref_column(unclaimed["article_id"], unclaimed["paragraph"]))
    unclaimed = unclaimed[["article", "ref", "kind", "speaker", "words", "text"]]
    unclaimed.columns = ["Article", "¶", "Voice", "Speaker", "Rights words", "Sentence"]
    return unclaimed, "Sentences with rights vocabulary in paragraphs that hold no rights claim"


# ------------------------------------------------------------------ conclusions


def conclusions_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the conclusions (prefix ``con-``): n-articles, first-year, last-year (the corpus
    overview); periods, every, some (:func:`kzanalysis.topics.topic_spread`); rights-periods,
    rights-comparison (the rights summary); n-claims and n-machine (claims of the register, unreviewed machine
    proposals among them); funding and genres (articles by funding and genre, from the sources finding, most
    first); loo-n-findings, loo-holds, loo-changes, loo-not-computable (leave-one-out verdicts)."""
    from .. import rights, topics
    from ..claims import claims_table
    from ..findings import loo_counts

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
    """Claims per topic and period (:func:`kzanalysis.topics.topic_period_table`)."""
    from .. import topics

    return (
        topics.topic_period_table(corpus),
        "Claims of the register per topic and period, with the articles and genres each period holds",
    )


def loo_table(corpus: Corpus) -> Titled:
    """The leave-one-article-out verdict of each finding without each article (:func:`kzanalysis.findings.loo_grid`)."""
    from ..findings import loo_grid

    return (
        loo_grid(corpus),
        "Leave-one-article-out check: does each finding hold, change, or become not computable without each article?",
    )
