"""Key findings, computed, and their leave-one-article-out robustness check.

Each finding is a function of a :class:`~kzanalysis.corpus.Corpus` that
returns a :class:`Finding`: a one-sentence statement built from computed
values, the values themselves (for gluing), the articles and paragraphs
behind it, and a yes/no ``holds`` flag for the claim it makes.  Nothing is
typed in: with another corpus the statements, values and flags change.

:func:`leave_one_out` re-runs every finding on the corpus without each
article in turn and reports whether the claim still holds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from .corpus import Corpus
from .memo import per_corpus

__all__ = [
    "Finding",
    "FINDINGS",
    "SEPT_11",
    "describe_evidence",
    "describe_robustness",
    "key_findings",
    "leave_one_out",
    "subset",
]

#: The date that splits the corpus into "before" and "after" the 2001 attacks.
SEPT_11 = pd.Timestamp("2001-09-11")


@dataclass
class Finding:
    """One computed finding.

    Attributes
    ----------
    id:
        Stable key (used for glue keys: ``finding-<id>``).
    claim:
        What the finding asserts, in words, independent of the numbers.
    statement:
        The sentence shown to readers, numbers filled in.
    holds:
        Whether the claim is true on this corpus.
    values:
        The computed numbers and names behind the statement.
    evidence:
        ``(article_id, paragraph)`` pairs behind it (paragraph may be None
        when the evidence is a whole article).
    figure:
        The registry id of the figure that shows it.
    headline:
        A short heading that agrees with ``holds`` (the claim, or its denial).
    """

    id: str
    claim: str
    statement: str
    holds: bool
    values: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)
    figure: str | None = None
    headline: str = ""


def subset(corpus: Corpus, article_ids) -> Corpus:
    """Return the corpus restricted to ``article_ids`` (tables filtered, order kept)."""
    keep = set(article_ids)
    return dataclasses.replace(
        corpus,
        articles=corpus.articles[corpus.articles["id"].isin(keep)].reset_index(drop=True),
        paragraphs=corpus.paragraphs[corpus.paragraphs["article_id"].isin(keep)].reset_index(drop=True),
        boilerplate=corpus.boilerplate[corpus.boilerplate["article_id"].isin(keep)].reset_index(drop=True),
    )


def _n(corpus: Corpus) -> int:
    return len(corpus.articles)


def _years(corpus: Corpus) -> str:
    years = corpus.articles["year"]
    return f"{int(years.min())}–{int(years.max())}" if len(years) else "n/a"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def finding_top_theme(corpus: Corpus) -> Finding:
    """Material interests (energy and economy) outweigh human-rights vocabulary, corpus-wide."""
    from .themes import theme_rates

    rates = theme_rates(corpus)
    totals = rates.groupby("theme")[["hits", "n_words"]].sum()
    totals["rate"] = 1000 * totals["hits"] / totals["n_words"].where(totals["n_words"] > 0)
    totals = totals.sort_values("rate", ascending=False)
    top = totals.index[0]
    second = totals.index[1] if len(totals) > 1 else None

    def rate_of(themes):
        chosen = totals.loc[totals.index.intersection(themes)]
        words = totals["n_words"].max() if len(totals) else 0
        return float(1000 * chosen["hits"].sum() / words) if words else float("nan")

    interests, rights = rate_of(["energy", "economy"]), rate_of(["rights"])
    per_article = rates.pivot_table(index="article_id", columns="theme", values="rate_per_1000", fill_value=0)
    ahead = per_article.get("energy", 0) + per_article.get("economy", 0) > per_article.get("rights", 0)
    ahead_ids = per_article.index[ahead].tolist() if len(per_article) else []
    values = {
        "top_theme": top,
        "top_rate": float(totals.loc[top, "rate"]),
        "second_theme": second,
        "second_rate": float(totals.loc[second, "rate"]) if second is not None else float("nan"),
        "interests_rate": interests,
        "rights_rate": rights,
        "n_ahead": len(ahead_ids),
        "n_articles": _n(corpus),
    }
    statement = (
        f"The densest theme is {top} ({values['top_rate']:.1f} matches per 1,000 words), then {second} "
        f"({values['second_rate']:.1f}); energy and economy together run at {interests:.1f} per 1,000 words "
        f"against {rights:.1f} for human rights and democracy, and outweigh it in "
        f"{len(ahead_ids)} of {_n(corpus)} articles."
    )
    holds = bool(interests > rights)
    return Finding(
        id="top-theme",
        claim="Energy and economy vocabulary outweighs human-rights vocabulary",
        statement=statement,
        holds=holds,
        values=values,
        evidence=[(a, None) for a in ahead_ids],
        figure="theme-rates",
        headline="Interests come before values." if holds else "Rights vocabulary matches material interests.",
    )


def finding_top_route(corpus: Corpus) -> Finding:
    """Baku–Tbilisi–Ceyhan is among the export pipelines named by the most articles."""
    from .resources import load_routes
    from .routes import route_references

    references = route_references(corpus)
    named = references[references["named"]]
    names = {p["id"]: p["name"] for p in load_routes(corpus.data_dir)["pipelines"]}
    by_route = named.groupby("route").agg(k=("article_id", "nunique"))
    by_route.index.name = "route_id"
    by_route["route"] = [names.get(r, r) for r in by_route.index]
    if by_route.empty:
        return Finding(
            id="top-route",
            claim="Baku–Tbilisi–Ceyhan is among the routes named by the most articles",
            statement="No article names an export pipeline.",
            holds=False,
            values={"n_articles": _n(corpus)},
            figure="routes-by-article",
            headline="No export pipeline is named.",
        )
    k = int(by_route["k"].max())
    leaders = by_route[by_route["k"] == k].sort_values("route")
    names = leaders["route"].tolist()
    lead_text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    values = {"routes": lead_text, "k": k, "n_articles": _n(corpus), "n_routes": int(len(by_route))}
    verb = "is the export pipeline" if len(names) == 1 else "are the export pipelines"
    statement = (
        f"{lead_text} {verb} named by the most articles ({k} of {_n(corpus)}); "
        f"{_plural(len(by_route), 'distinct pipeline')} {'is' if len(by_route) == 1 else 'are'} named in all."
    )
    holds = "btc" in leaders.index
    return Finding(
        id="top-route",
        claim="Baku–Tbilisi–Ceyhan is among the routes named by the most articles",
        statement=statement,
        holds=bool(holds),
        values=values,
        evidence=[(a, None) for a in named.loc[named["route"].isin(leaders.index), "article_id"].unique()],
        figure="routes-by-article",
        headline="The US-backed pipeline is at the centre of the energy story."
        if holds
        else "The US-backed pipeline is not the most-named route.",
    )


def finding_balancing(corpus: Corpus) -> Finding:
    """Most articles set the United States beside both Russia and China."""
    from .entities import group_mentions

    groups = group_mentions(corpus)
    wide = groups.pivot_table(index="article_id", columns="group", values="count", aggfunc="sum", fill_value=0)
    needed = ["United States", "Russia", "China"]
    for name in needed:
        if name not in wide.columns:
            wide[name] = 0
    all_three = wide[(wide[needed] > 0).all(axis=1)].index.tolist()
    k, n = len(all_three), _n(corpus)
    values = {"k": k, "n_articles": n, "share": k / n if n else float("nan")}
    statement = f"{k} of {n} articles mention the United States, Russia and China together" + (
        ": the relationship is rarely written about as bilateral only." if n and k / n > 0.5 else "."
    )
    return Finding(
        id="balancing",
        claim="A majority of articles mention the US, Russia and China together",
        statement=statement,
        holds=n > 0 and k / n > 0.5,
        headline='The relationship is written as a triangle.' if (n > 0 and k / n > 0.5) else 'Most articles do not set the US beside both Russia and China.',
        values=values,
        evidence=[(a, None) for a in all_three],
        figure="power-heatmap",
    )


def finding_rights_security(corpus: Corpus) -> Finding:
    """Does human-rights vocabulary fall after September 2001, as the crowding-out reading expects?"""
    from .themes import theme_rates

    rates = theme_rates(corpus).merge(
        corpus.articles[["id", "date_start"]], left_on="article_id", right_on="id", how="left"
    )
    rates["period"] = rates["date_start"].map(lambda d: "after" if d >= SEPT_11 else "before")
    pooled = rates.groupby(["period", "theme"])[["hits", "n_words"]].sum()
    pooled["rate"] = 1000 * pooled["hits"] / pooled["n_words"].where(pooled["n_words"] > 0)

    def rate(period, theme):
        try:
            return float(pooled.loc[(period, theme), "rate"])
        except KeyError:
            return float("nan")

    values = {
        "security_before": rate("before", "security"),
        "security_after": rate("after", "security"),
        "rights_before": rate("before", "rights"),
        "rights_after": rate("after", "rights"),
        "n_before": int((corpus.articles["date_start"] < SEPT_11).sum()),
        "n_after": int((corpus.articles["date_start"] >= SEPT_11).sum()),
    }
    holds = values["n_after"] > 0 and values["n_before"] > 0 and values["rights_after"] < values["rights_before"]
    direction = "falls" if values["rights_after"] < values["rights_before"] else "does not fall"
    statement = (
        f"Human-rights and democracy vocabulary {direction} after September 2001: "
        f"{values['rights_before']:.1f} matches per 1,000 words before ({_plural(values['n_before'], 'article')}) "
        f"and {values['rights_after']:.1f} after ({_plural(values['n_after'], 'article')}), while security "
        f"vocabulary runs at {values['security_before']:.1f} and {values['security_after']:.1f}."
    )
    return Finding(
        id="rights-security",
        claim="Rights vocabulary falls after September 2001 (the crowding-out reading)",
        statement=statement,
        holds=bool(holds),
        values=values,
        evidence=[(a, None) for a in corpus.articles["id"]],
        figure="rights-security-timeline",
        headline="Rights give way to security after September 2001."
        if holds
        else "Rights did not drop out after September 2001.",
    )


def finding_voices(corpus: Corpus) -> Finding:
    """Kazakh officials supply more of the attributed quotations than US officials."""
    from .quotes import extract_quotes

    quotes = extract_quotes(corpus)
    attributed = quotes[quotes["speaker"].notna()]
    by_group = attributed["speaker_group"].value_counts()
    kz, us = int(by_group.get("Kazakhstan", 0)), int(by_group.get("United States", 0))
    total = int(len(attributed))
    values = {"kazakh": kz, "us": us, "attributed": total, "all_quotes": int(len(quotes))}
    statement = (
        f"Of {total} attributed quotations, {kz} come from Kazakh voices and {us} from US voices: "
        "the corpus reports Kazakhstan's position largely in its officials' own words."
        if kz > us
        else f"Of {total} attributed quotations, {kz} come from Kazakh voices and {us} from US voices."
    )
    return Finding(
        id="voices",
        claim="Kazakh voices are quoted more than US voices",
        statement=statement,
        holds=kz > us,
        headline='Kazakhstan speaks for itself.' if (kz > us) else 'Kazakh voices are not quoted more than US voices.',
        values=values,
        evidence=list(attributed[["article_id", "paragraph"]].itertuples(index=False, name=None)),
        figure="quotes-by-group",
    )


def finding_us_funded(corpus: Corpus) -> Finding:
    """Share of the corpus published by US-government-funded outlets."""
    funding = corpus.articles.get("funding")
    if funding is None:
        funding = pd.Series([None] * _n(corpus), index=corpus.articles.index)
    us = corpus.articles.loc[funding == "us-government", "id"].tolist()
    k, n = len(us), _n(corpus)
    values = {"k": k, "n_articles": n, "first_year": _years(corpus)}
    statement = (
        f"{k} of {n} articles come from a US-government-funded outlet; read their framing of "
        "US policy with that in mind."
    )
    return Finding(
        id="us-funded",
        claim="At most half of the corpus comes from US-government-funded outlets",
        statement=statement,
        holds=n > 0 and k / n <= 0.5,
        headline='Mind the sources.' if (n > 0 and k / n <= 0.5) else 'Mind the sources: US-government-funded outlets dominate.',
        values=values,
        evidence=[(a, None) for a in us],
        figure="chronology",
    )


#: The findings, in the order the landing page presents them.
FINDINGS: list[Callable[[Corpus], Finding]] = [
    finding_top_theme,
    finding_top_route,
    finding_balancing,
    finding_rights_security,
    finding_voices,
    finding_us_funded,
]


@per_corpus
def key_findings(corpus: Corpus) -> list[Finding]:
    """Compute every finding in :data:`FINDINGS` on ``corpus``."""
    return [make(corpus) for make in FINDINGS]


@per_corpus
def leave_one_out(corpus: Corpus) -> pd.DataFrame:
    """Re-run each finding without each article in turn.

    Returns a DataFrame with columns ``finding``, ``claim``, ``holds_full``,
    ``left_out`` (article id), ``holds`` (on the reduced corpus) and
    ``statement`` (the reduced corpus's statement).  With a one-article corpus
    there is nothing to leave out and the table is empty.
    """
    full = {f.id: f for f in key_findings(corpus)}
    rows = []
    ids = corpus.articles["id"].tolist()
    if len(ids) < 2:
        return pd.DataFrame(columns=["finding", "claim", "holds_full", "left_out", "holds", "statement"])
    for left_out in ids:
        reduced = subset(corpus, [i for i in ids if i != left_out])
        for make in FINDINGS:
            finding = make(reduced)
            rows.append(
                {
                    "finding": finding.id,
                    "claim": full[finding.id].claim,
                    "holds_full": full[finding.id].holds,
                    "left_out": left_out,
                    "holds": finding.holds,
                    "statement": finding.statement,
                }
            )
    return pd.DataFrame(rows)


def _article_label(corpus: Corpus, article_id: str) -> str:
    row = corpus.articles.loc[corpus.articles["id"] == article_id]
    if row.empty:
        return article_id
    row = row.iloc[0]
    from .plots import short_outlet

    return f"{short_outlet(row['outlet'])}, {row['year']}"


def describe_evidence(finding: Finding, corpus: Corpus) -> str:
    """The articles (and paragraphs) behind a finding, in words.

    For example ``"RFE/RL, 1997; IWPR, 2002 (¶ 4, 9)"``; ``"none"`` when empty.
    """
    by_article: dict[str, list] = {}
    for article_id, paragraph in finding.evidence:
        by_article.setdefault(article_id, [])
        if paragraph is not None and not pd.isna(paragraph):
            by_article[article_id].append(int(paragraph))
    order = {aid: i for i, aid in enumerate(corpus.articles["id"])}
    parts = []
    for article_id in sorted(by_article, key=lambda a: order.get(a, len(order))):
        paragraphs = sorted(set(by_article[article_id]))
        label = _article_label(corpus, article_id)
        parts.append(f"{label} (¶ {', '.join(map(str, paragraphs))})" if paragraphs else label)
    return "; ".join(parts) if parts else "none"


def describe_robustness(finding: Finding, robustness: pd.DataFrame, corpus: Corpus) -> str:
    """Say whether the finding's verdict survives leaving out each article.

    ``robustness`` is the output of :func:`leave_one_out`.
    """
    rows = robustness[robustness["finding"] == finding.id] if len(robustness) else robustness
    if len(rows) == 0:
        return "not testable with a single article"
    flips = rows.loc[rows["holds"] != finding.holds, "left_out"].tolist()
    if not flips:
        return f"the verdict is the same whichever of the {len(rows)} articles is left out"
    labels = "; ".join(_article_label(corpus, a) for a in flips)
    return f"the verdict changes when one of these is left out: {labels}"
