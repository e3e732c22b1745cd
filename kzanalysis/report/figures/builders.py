"""The figure builders: for each registry figure, the analysis it draws, its data and its caption values.

A builder is ``builder(corpus, spec) -> (Figure, DataFrame, dict of values)``: the figure drawn by
:mod:`kzanalysis.report.plots`, the table behind it (what the figure's CSV holds) and the values its caption
template uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from kzanalysis import __version__

from .. import plots

if TYPE_CHECKING:
    from .registry import FigureSpec


# ---------------------------------------------------------------------------
# Helpers shared by builders
# ---------------------------------------------------------------------------


def _articles(corpus) -> pd.DataFrame:
    return corpus.articles


def _label_of(corpus) -> dict[str, str]:
    return plots.article_labels(corpus.articles)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _titles(spec: FigureSpec) -> dict[str, Any]:
    """The title and subtitle of ``spec`` as keyword arguments of a plotting function."""
    return {"title": spec.title, "subtitle": spec.subtitle}


def _period_counts(corpus) -> tuple[int, int]:
    starts = pd.to_datetime(corpus.articles["date_start"])
    before = int((starts < plots.EVENT_DATE).sum())
    return before, int(len(starts) - before)


# ---------------------------------------------------------------------------
# Builders: corpus -> (figure, data, caption values)
# ---------------------------------------------------------------------------


def _build_chronology(corpus, spec):
    articles = _articles(corpus)
    table = plots.article_table(articles)
    fig = plots.plot_timeline(articles, **_titles(spec))
    before, after = _period_counts(corpus)
    cols = [c for c in ("id", "title", "outlet", "author", "date", "genre", "funding") if c in articles.columns]
    data = articles[cols].copy()
    years = [y for y in table["year"] if y is not None]
    values = {
        "n_articles": len(table),
        "first_year": min(years, default=""),
        "last_year": max(years, default=""),
        "before_phrase": f"{_plural(before, 'article')} {'predates' if before == 1 else 'predate'}",
        "after_phrase": f"{after} {'follows' if after == 1 else 'follow'}",
        "n_outlets": table["outlet_short"].nunique(),
    }
    return fig, data, values


def _load_countries(data_dir):
    """Country outlines via ``resources.load_countries``."""
    from kzanalysis.load.resources import load_countries

    return load_countries(data_dir)


def _build_route_map(corpus, spec):
    from kzanalysis.analysis.routes import pipeline_article_counts
    from kzanalysis.load.resources import load_routes

    routes = load_routes(corpus.data_dir)
    pipelines = routes["pipelines"]
    corridor_names = {c["id"]: c["name"] for c in routes["corridors"]}
    countries = _load_countries(corpus.data_dir)
    per_route = pipeline_article_counts(corpus)
    fig = plots.plot_route_map(pipelines, countries, _articles(corpus), mentioned=per_route, **_titles(spec))
    rows = []
    for route in pipelines:
        legs = plots.route_legs(route)
        ends = route.get("endpoints", {})
        rows.append(
            {
                "route_id": route["id"],
                "route": route["name"],
                "corridor": route["corridor"],
                "start": ends.get("start", {}).get("name"),
                "end": ends.get("end", {}).get("name"),
                "modes": " + ".join(dict.fromkeys(leg["mode"] for leg in legs)),
                "status_2008": route.get("status_2008"),
                "n_articles": int(per_route.get(route["id"], 0)),
                "path": " | ".join(
                    f"{leg['mode']}: " + "; ".join(f"{lon:.2f} {lat:.2f}" for lon, lat in leg["points"]) for leg in legs
                ),
            }
        )
    columns = ["route_id", "route", "corridor", "start", "end", "modes", "status_2008", "n_articles", "path"]
    data = pd.DataFrame(rows, columns=columns)
    unnamed = [plots.short_route_name(r["route"]) for r in rows if r["n_articles"] == 0]
    values = {
        "n_routes": len(pipelines),
        "n_corridors": len(corridor_names),
        "corridors": ", ".join(name.split(",")[0].lower() for name in corridor_names.values()),
        "n_named": sum(1 for r in rows if r["n_articles"] > 0),
        "unnamed": ", ".join(unnamed) if unnamed else "none",
    }
    return fig, data, values


def _build_routes_by_article(corpus, spec):
    from kzanalysis.analysis.routes import corridors_by_article, route_references
    from kzanalysis.load.resources import load_routes

    routes = load_routes(corpus.data_dir)
    references = route_references(corpus)
    summary = corridors_by_article(corpus, references)
    names = {p["id"]: p["name"] for p in routes["pipelines"]}
    fig = plots.plot_route_matrix(
        summary, _articles(corpus), routes["corridors"], pipeline_names=names, **_titles(spec)
    )
    per_corridor = summary.groupby("corridor")["article_id"].nunique() if len(summary) else pd.Series(dtype=int)
    corridor_names = {c["id"]: c["name"] for c in routes["corridors"]}
    top = per_corridor[per_corridor == per_corridor.max()].index if len(per_corridor) else []
    values = {
        "n_articles": len(corpus.articles),
        "n_articles_speaking": int(summary["article_id"].nunique()) if len(summary) else 0,
        "top_corridors": " and ".join(
            f"the {corridor_names[c].split(',')[0].lower()}" for c in corridor_names if c in set(top)
        )
        or "none",
        "top_k": int(per_corridor.max()) if len(per_corridor) else 0,
        "n_named": int(references["named"].sum()) if len(references) else 0,
        "n_described": int((~references["named"]).sum()) if len(references) else 0,
    }
    return fig, summary, values


def _build_power_heatmap(corpus, spec):
    from kzanalysis.analysis.entities import group_mentions

    groups = group_mentions(corpus)
    # Each power on its own shade scale: the United States and Kazakhstan, named most, would
    # otherwise leave every other power's cells the same dark shade.
    fig = plots.plot_article_heatmap(
        groups,
        _articles(corpus),
        column="group",
        value="count",
        order=[g for g in plots.GROUP_ORDER if g != "Other"],
        scale="column",
        **_titles(spec),
    )
    wide = (
        groups.pivot_table(index="article_id", columns="group", values="count", aggfunc="sum", fill_value=0)
        if len(groups)
        else pd.DataFrame()
    )
    needed = ["United States", "Russia", "China"]
    k = int((wide.reindex(columns=needed, fill_value=0) > 0).all(axis=1).sum()) if len(wide) else 0
    wide = wide.reindex(index=corpus.articles["id"], columns=needed, fill_value=0).fillna(0)
    us_only = int(((wide["United States"] > 0) & (wide["Russia"] == 0) & (wide["China"] == 0)).sum())
    values = {"k_all_three": k, "k_us_only": us_only, "n_articles": len(corpus.articles)}
    return fig, groups, values


def _build_rights_security_timeline(corpus, spec):
    from kzanalysis.analysis.rights import rights_register
    from kzanalysis.load.knowledge import load_periods

    register = rights_register(corpus)
    counts = (
        register.groupby(["article_id", "who"], sort=False)
        .agg(claims=("id", "size"), beside=("beside_security", "sum"))
        .reset_index()
    )
    fig = plots.plot_rights_claims(counts, _articles(corpus), load_periods(corpus.data_dir), **_titles(spec))
    values = {
        "n_claims": len(register),
        "n_articles": int(register["article_id"].nunique()),
        "n_corpus": len(corpus.articles),
        "n_beside": int(register["beside_security"].sum()),
        "n_reviewed": int(register["reviewed"].sum()),
    }
    return fig, counts, values


def _build_quotes_by_group(corpus, spec):
    from kzanalysis.analysis.quotes import extract_quotes

    quotes = extract_quotes(corpus)
    # the source line names the articles the quotations come from
    quoting = _articles(corpus)[_articles(corpus)["id"].isin(set(quotes["article_id"]) if len(quotes) else set())]
    fig = plots.plot_quote_groups(quotes, quoting, **_titles(spec))
    attributed = quotes[quotes["speaker"].notna()] if len(quotes) else quotes
    by_group = attributed["speaker_group"].value_counts() if len(attributed) else pd.Series(dtype=int)
    values = {
        "n_quotes": int(len(quotes)),
        "n_attributed": int(len(attributed)),
        "n_kazakh": int(by_group.get("Kazakhstan", 0)),
        "n_us": int(by_group.get("United States", 0)),
    }
    return fig, quotes, values


def _build_theme_profile(corpus, spec):
    from kzanalysis.analysis.themes import theme_rates
    from kzanalysis.load.resources import load_themes

    rates = theme_rates(corpus)
    themes = load_themes(corpus.data_dir)
    labels = {k: v.get("label", k) for k, v in themes.items()}
    fig = plots.plot_article_heatmap(
        rates,
        _articles(corpus),
        column="theme",
        value="rate_per_1000",
        order=list(themes),
        column_labels=labels,
        fmt="{:.1f}",
        colorbar_label="Matches per 1,000 words",
        scale="column",
        **_titles(spec),
    )
    pooled = (
        rates.groupby("theme")[["hits", "n_words"]].sum() if len(rates) else pd.DataFrame(columns=["hits", "n_words"])
    )
    pooled["rate"] = 1000 * pooled["hits"] / pooled["n_words"].where(pooled["n_words"] > 0)
    top_theme = pooled["rate"].idxmax() if len(pooled) and pooled["rate"].notna().any() else None
    top = rates.sort_values("rate_per_1000", ascending=False).groupby("article_id").head(1) if len(rates) else rates
    label_of = _label_of(corpus)
    order = {aid: i for i, aid in enumerate(label_of)}
    top = top.sort_values("article_id", key=lambda ids: ids.map(order)) if len(top) else top
    values = {
        "leading": "; ".join(
            f"{label_of.get(a, a)}: {labels.get(t, t).lower()}" for a, t in zip(top["article_id"], top["theme"])
        )
        if len(top)
        else "none",
        "n_articles": len(corpus.articles),
        "n_themes": len(themes),
        "top_theme": labels.get(top_theme, str(top_theme)).lower() if top_theme else "none",
        "top_rate": f"{pooled['rate'].max():.1f}" if top_theme else "n/a",
    }
    return fig, rates, values


#: Codebook topics whose events the events timeline shows (the energy and balancing chapters' questions).
TIMELINE_TOPICS = ("export-routes", "great-power-balancing")


def _build_events_timeline(corpus, spec):
    from kzanalysis.load.knowledge import load_codebook, load_events

    events = load_events(corpus.data_dir)
    events = events[[bool(set(TIMELINE_TOPICS) & set(t)) for t in events["topics"]]] if len(events) else events
    topics = load_codebook(corpus.data_dir)["topics"]
    labels = {t: str(topics.get(t, {}).get("label", t)).lower() for t in TIMELINE_TOPICS}
    table = plots.article_table(corpus.articles)
    dated = table.dropna(subset=["date_start"])
    if plots.per_year_view(len(dated)):
        named = f"the {len(dated)} of the corpus (listed under Source texts)"
    else:
        named = ", ".join(
            row.label + (f" ({row.date})" if row.date and row.date != str(row.year) else "")
            for row in dated.itertuples(index=False)
        )
    source = (
        f"events.yml chronology, each event's source in the bibliography; articles: {named}; "
        f"analysis with kzanalysis {__version__}"
    )
    fig = plots.plot_event_timeline(events, corpus.articles, topic_labels=labels, source=source, **_titles(spec))
    first = dated["date_start"].min() if len(dated) else None
    last = dated["date_end"].max() if len(dated) else None
    starts = events["date_start"] if len(events) else pd.Series(dtype="datetime64[ns]")
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "kind": "event",
                    "date": events["date"] if len(events) else [],
                    "label": events["title"] if len(events) else [],
                    "topics": [", ".join(t) for t in events["topics"]] if len(events) else [],
                    "source": events["source"] if len(events) else [],
                }
            ),
            pd.DataFrame(
                {"kind": "article", "date": dated["date"], "label": dated["label"], "topics": "", "source": dated["id"]}
            ),
        ],
        ignore_index=True,
    )
    values = {
        "n_events": int(len(events)),
        "topics": " or ".join(labels.values()),
        "first_year": int(starts.min().year) if len(starts) else "",
        "last_year": int(starts.max().year) if len(starts) else "",
        "n_articles": int(len(dated)),
        "before_phrase": _plural(int((starts < first).sum()) if first is not None else 0, "event")
        + " "
        + ("comes" if first is not None and int((starts < first).sum()) == 1 else "come"),
        "between": int(((starts >= first) & (starts <= last)).sum()) if first is not None else 0,
        "after": int((starts > last).sum()) if last is not None else 0,
    }
    return fig, data, values
