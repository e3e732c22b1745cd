"""The figure registry: every figure in the report, its caption and alt text.

:data:`FIGURES` lists each figure once, in book order, with the chapter that
shows it, its title, a caption template, alt text for screen readers and a
builder (analysis -> :mod:`kzanalysis.plots`). The book, the command line
and the tests all draw a figure through :func:`make_figure`, so they show
the same figure from the same code.

In a chapter::

    from kzanalysis.figures import glue_figure
    glue_figure("chronology", corpus)

and then, in Markdown::

    ```{glue:figure} chronology
    :name: fig-chronology
    :alt: <the registry's alt text, verbatim>

    {glue:text}`chronology-caption`
    ```

:func:`export_figures` writes every figure as PNG (300 dpi) and SVG, the
data behind it as CSV, and ``catalog.json`` with numbers, captions, alt
text and a ready citation for each.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from . import __version__, plots
from .bibliography import BASE_TITLE, report_title

__all__ = [
    "REPORT_TITLE",
    "report_title",
    "FigureSpec",
    "FigureResult",
    "FIGURES",
    "CHAPTERS",
    "figure_spec",
    "make_figure",
    "glue_figure",
    "export_figures",
    "write_figure_files",
    "save_drawn",
    "load_drawn",
    "read_figure_numbers",
    "citation",
    "build_date",
    "scale_note",
]

#: The report's title without the years of its corpus. The book's ``_config.yml``
#: ``title`` must be the same (a test checks it); citations use :func:`report_title`.
REPORT_TITLE = BASE_TITLE

#: Chapter file stems (``chapters/<stem>.md``) that show registry figures.
CHAPTERS = ["corpus", "energy", "balancing", "rights_security", "appendix_methods"]


@dataclass(frozen=True)
class FigureSpec:
    """One registry entry.

    Attributes
    ----------
    id : str
        Lower-case, hyphenated; the glue key and, as ``fig-<id>``, the label.
    chapter : str
        Stem of the chapter file that shows the figure.
    title : str
        Drawn into the figure and used in the catalogue and citation.
    caption : str
        What the figure shows and its takeaway; ``{placeholders}`` are filled
        from the values the builder computes.
    alt : str
        Description for screen readers (what is plotted and the pattern).
    builder : callable
        ``builder(corpus, spec) -> (Figure, DataFrame, dict of values)``.
    subtitle : str or None
        Drawn under the title.
    per_article : bool
        The figure shows each article (a row, marker or label); past
        :data:`kzanalysis.plots.PER_ARTICLE_LIMIT` articles it shows years
        instead, and its caption says so (:func:`scale_note`).
    """

    id: str
    chapter: str
    title: str
    caption: str
    alt: str
    builder: Callable[..., tuple[Figure, pd.DataFrame, dict[str, Any]]] = field(repr=False, compare=False)
    subtitle: str | None = None
    per_article: bool = False


@dataclass
class FigureResult:
    """A drawn figure with everything needed to show, export or cite it.

    ``fig`` the matplotlib Figure; ``data`` the table behind it (what the CSV
    holds); ``spec`` the registry entry; ``source`` the source line drawn in
    the figure; ``caption`` the filled caption followed by the source line;
    ``values`` the computed values the caption uses.
    """

    fig: Figure
    data: pd.DataFrame
    spec: FigureSpec
    source: str
    caption: str
    values: dict[str, Any] = field(default_factory=dict)


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


def scale_note(n_articles: int) -> str:
    """The caption sentence of a per-article figure drawn per year (past ``plots.PER_ARTICLE_LIMIT`` articles)."""
    return (
        f"With {n_articles} articles, more than the {plots.PER_ARTICLE_LIMIT} a figure shows one by one, "
        "each row, bar or marker stands for the articles of one year of publication; the figure's data file "
        "keeps every article."
    )


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
    from .resources import load_countries

    return load_countries(data_dir)


def _build_route_map(corpus, spec):
    from .resources import load_routes
    from .routes import pipeline_article_counts

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
    from .resources import load_routes
    from .routes import corridors_by_article, route_references

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
    from .entities import group_mentions

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
    from .knowledge import load_periods
    from .rights import rights_register

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
    from .quotes import extract_quotes

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
    from .resources import load_themes
    from .themes import theme_rates

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
    from .knowledge import load_codebook, load_events

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


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

FIGURES: list[FigureSpec] = [
    FigureSpec(
        id="chronology",
        chapter="corpus",
        title="When the articles were published",
        subtitle="Publication date of each article, with outlet and genre",
        caption=(
            "Publication dates of the {n_articles} articles ({first_year}–{last_year}) from {n_outlets} "
            "outlets, labelled with outlet and genre; a grey bar spans the period a partial date leaves open. "
            "{before_phrase} "
            "11 September 2001 and {after_phrase} it, so every before-and-after comparison in this report rests "
            "on very few texts."
        ),
        alt=(
            "Timeline of publication dates with one marker per article, each labelled with its outlet, genre and "
            "date, and a dashed vertical line at 11 September 2001 separating the articles before it from those "
            "after it."
        ),
        builder=_build_chronology,
        per_article=True,
    ),
    FigureSpec(
        id="routes-map",
        chapter="energy",
        title="Export routes for Kazakhstan's oil",
        subtitle="Pipelines of the four corridors; legend counts the articles that name each",
        caption=(
            "The {n_routes} export pipelines of the {n_corridors} corridors ({corridors}) in the debate over "
            "Caspian oil, drawn from the waypoints in the route file; {n_named} are named in at least one "
            "article. Named in no article: {unnamed}. Lines are schematic, not surveyed pipeline tracks."
        ),
        alt=(
            "Map of the Caspian region from Turkey to western China with Kazakhstan shaded darker. Each export "
            "pipeline is a line with its own colour and marker symbol; sea legs by tanker are dashed; endpoints are "
            "circles labelled with their names, and the legend lists each pipeline with the number of articles "
            "naming it."
        ),
        builder=_build_route_map,
    ),
    FigureSpec(
        id="routes-by-article",
        chapter="energy",
        title="Which article speaks of which export corridor",
        subtitle="Square: a pipeline named; circle: the corridor described; number: references",
        caption=(
            "The export corridors each article speaks of, by naming a pipeline or by describing the corridor "
            '("through the Caucasus", "a pipeline to China"). {n_articles_speaking} of {n_articles} articles '
            "speak of at least one corridor; most often of {top_corridors} ({top_k} articles). In all, "
            "{n_named} references name a pipeline and {n_described} describe a corridor."
        ),
        alt=(
            "Matrix with articles in date order as rows and the export corridors (north via Russia, west across "
            "the Caspian and the Caucasus, east to China, south via Iran) as columns. A cell holds a filled square "
            "with the number of references naming a pipeline, with the pipeline's name beneath, and an open circle "
            "with the number of references describing the corridor; an article that speaks of no corridor says so."
        ),
        builder=_build_routes_by_article,
        per_article=True,
    ),
    FigureSpec(
        id="events-timeline",
        chapter="energy",
        title="The articles among the events",
        subtitle="Events on export routes and great-power balancing, and the articles, in date order",
        caption=(
            "The {n_events} events of the chronology on {topics} ({first_year}–{last_year}) with the "
            "{n_articles} articles placed among them: the left axis is calendar time, and each event or article "
            "has a row of its own, in date order. {before_phrase} before the first article, {between} between the "
            "first and the last, and {after} after the last: what the later articles knew and the earlier could "
            "only forecast."
        ),
        alt=(
            "Vertical timeline: a calendar axis on the left, oldest at top, with a marker for each event (filled "
            "circles for export routes, open diamonds for great-power balancing) and a black square for each "
            "article; thin lines join each marker to its own row on the right, which gives the date and the "
            "event's title or the article's label in bold."
        ),
        builder=_build_events_timeline,
        per_article=True,
    ),
    FigureSpec(
        id="power-heatmap",
        chapter="balancing",
        title="Which powers each article mentions",
        subtitle="Mentions of each power's people, places and institutions; each column shaded on its own scale",
        caption=(
            "Mentions of each power per article, from the gazetteer of people, places and institutions. "
            "{k_all_three} of {n_articles} articles mention the United States, Russia and China together, and "
            "{k_us_only} mention the United States without either of the other two."
        ),
        alt=(
            "Heatmap with articles as rows in date order and powers (United States, Kazakhstan, Russia, China, "
            "Europe, Iran, other) as columns; every cell shows its mention count, and each column is shaded on its "
            "own scale, from dark for none to light for the article that mentions that power most; a dashed line "
            "separates articles before and after 11 September 2001."
        ),
        builder=_build_power_heatmap,
        per_article=True,
    ),
    FigureSpec(
        id="quotes-by-group",
        chapter="balancing",
        title="Who is quoted, by side",
        subtitle="Direct quotations by the speaker's side",
        caption=(
            "Direct quotations by the side the speaker speaks for ({n_quotes} quotations, {n_attributed} "
            "attributed): {n_kazakh} come from Kazakh voices and {n_us} from US voices. The bars name the most "
            "quoted speakers of each side."
        ),
        alt=(
            "Horizontal bar chart of the number of direct quotations per speaker group, such as Kazakhstan, the "
            "United States and unattributed, each bar with its own shade and hatch and labelled with its count, "
            "the number of articles and the most quoted speakers."
        ),
        builder=_build_quotes_by_group,
    ),
    FigureSpec(
        id="rights-security-timeline",
        chapter="rights_security",
        title="Who raises human rights, and when",
        subtitle="Rights claims of the claims register per article and speaker; filled: beside security",
        caption=(
            "Claims about human rights and democracy in the claims register, per article (by date) and by who "
            "makes them; a filled marker holds at least one claim beside security, dotted lines mark where the "
            "named periods begin. {n_claims} claims ({n_reviewed} reviewed) in {n_articles} of {n_corpus} "
            "articles, {n_beside} of them beside security."
        ),
        alt=(
            "Dot chart on a time axis: one row per speaker group that raises rights (such as the writers or "
            "speakers for the United States) and a last row of crosses for the articles with no rights claim; "
            "each dot is one article, larger for more claims and labelled with the count and the article, filled "
            "black when a claim stands beside security, with dotted vertical lines where the periods begin."
        ),
        builder=_build_rights_security_timeline,
        per_article=True,
    ),
    FigureSpec(
        id="theme-rates",
        chapter="appendix_methods",
        title="Theme vocabulary per article (a word count)",
        subtitle="Theme matches per 1,000 words; each column shaded on its own scale",
        caption=(
            "A word count, not a measure of coverage: matches of the {n_themes} theme lexicons per 1,000 words "
            "of each article's text, names masked. A match is a word, not a topic (\u201ctolerance\u201d among "
            "religions counts as rights vocabulary); the chapters answer their questions from the claims "
            "register instead. Pooled, the densest vocabulary is {top_theme} ({top_rate} per 1,000 words)."
        ),
        alt=(
            "Heatmap with articles as rows in date order and the five themes (energy, security, rights, balancing, "
            "economy) as columns; each cell shows the rate per 1,000 words, each column is shaded on its own scale "
            "(light for the article with that theme's highest rate), and a dashed line separates articles before "
            "and after 11 September 2001."
        ),
        builder=_build_theme_profile,
        per_article=True,
    ),
]

_BY_ID = {spec.id: spec for spec in FIGURES}


def figure_spec(figure_id: str) -> FigureSpec:
    """The registry entry for ``figure_id`` (KeyError listing valid ids if unknown)."""
    try:
        return _BY_ID[figure_id]
    except KeyError:
        raise KeyError(f"unknown figure id {figure_id!r}; known: {', '.join(_BY_ID)}") from None


def make_figure(figure_id: str, corpus) -> FigureResult:
    """Draw one registry figure from ``corpus``.

    Returns a :class:`FigureResult`; its ``caption`` is the registry caption
    with placeholders filled from computed values, followed by the source
    line drawn in the figure.
    """
    spec = figure_spec(figure_id)
    fig, data, values = spec.builder(corpus, spec)
    source = plots.figure_source(fig) or plots.source_line(corpus.articles)
    caption = spec.caption.format(**values).strip()
    if spec.per_article and plots.per_year_view(len(corpus.articles)):
        caption += " " + scale_note(len(corpus.articles))
    return FigureResult(
        fig=fig,
        data=data.reset_index(drop=True),
        spec=spec,
        source=source,
        caption=f"{caption} {source}",
        values=values,
    )


class _FigureImage:
    """Display wrapper: a figure as a PNG for IPython and myst-nb's glue.

    Gluing this rather than the Figure makes the stored image independent of
    the notebook's matplotlib backend set-up and of pyplot (the report's
    figures are not pyplot figures); 200 dpi stays sharp in HTML and PDF.
    """

    def __init__(self, fig: Figure, dpi: int = 200):
        self.fig = fig
        self.dpi = dpi

    def _repr_png_(self) -> bytes:
        buffer = BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()

    def __repr__(self) -> str:
        width, height = self.fig.get_size_inches()
        return f"<Figure {width:.1f}x{height:.1f} in>"


def glue_figure(figure_id: str, corpus) -> FigureResult:
    """Draw a registry figure and glue it (and its caption) for the chapter.

    Glues the image under ``figure_id`` and the filled caption (with the
    source line) under ``f"{figure_id}-caption"`` as plain text, both with
    ``display=False``. Returns the :class:`FigureResult`.
    """
    from myst_nb import glue

    try:
        from .book import PlainText
    except ImportError:  # pragma: no cover - book helpers ship with the package
        PlainText = str  # noqa: N806

    result = make_figure(figure_id, corpus)
    glue(figure_id, _FigureImage(result.fig), display=False)
    glue(f"{figure_id}-caption", PlainText(result.caption), display=False)
    folder = os.environ.get(DRAWN_ENV, "").strip()
    if folder:
        from .analysed import analysis_key

        save_drawn(result, Path(folder), analysis_key(corpus.data_dir))
    return result


#: Environment variable naming the folder where :func:`glue_figure` keeps
#: each figure it draws for the export step (set by the book build).
DRAWN_ENV = "KZ_FIGURE_DIR"


def write_figure_files(result: FigureResult, outdir: Path) -> dict[str, str]:
    """Write ``<id>.png`` (300 dpi), ``<id>.svg`` and ``<id>.csv`` from a drawn figure.

    Each file is written to a temporary name and renamed, so a reader never
    sees half a file. Returns the file names by kind.
    """
    spec = result.spec
    outdir.mkdir(parents=True, exist_ok=True)
    files = {"png": f"{spec.id}.png", "svg": f"{spec.id}.svg", "csv": f"{spec.id}.csv"}
    metadata = {"Title": spec.title, "Description": result.caption}

    def atomic(name: str, write) -> None:
        temporary = outdir / f".{name}.{os.getpid()}.tmp"
        write(temporary)
        os.replace(temporary, outdir / name)

    atomic(
        files["png"],
        lambda p: result.fig.savefig(
            p, format="png", dpi=300, metadata={**metadata, "Software": f"kzanalysis {__version__}"}
        ),
    )
    atomic(files["svg"], lambda p: result.fig.savefig(p, format="svg", metadata={**metadata, "Date": None}))
    atomic(files["csv"], lambda p: result.data.to_csv(p, index=False))
    return files


def save_drawn(result: FigureResult, folder: Path, key: str | None = None) -> Path:
    """Keep a drawn figure for the export step: ``<id>.pkl`` in ``folder``.

    The pickle holds the matplotlib Figure as drawn, its data, caption and
    source, and ``key``, the analysis state it was drawn from; the export
    renders the PNG and SVG from it without drawing the figure again. The
    file is written to a temporary name and renamed into place.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.spec.id}.pkl"
    temporary = folder / f".{result.spec.id}.{os.getpid()}.tmp"
    state = {
        "id": result.spec.id,
        "key": key,
        "fig": result.fig,
        "data": result.data,
        "caption": result.caption,
        "source": result.source,
        "values": result.values,
    }
    with temporary.open("wb") as out:
        pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
    return path


def _written_from(outdir: Path, figure_id: str, drawing: Path) -> bool:
    """Whether ``outdir`` already holds the files of ``figure_id``, written after ``drawing`` was saved."""
    try:
        drawn = drawing.stat().st_mtime_ns
        return all((outdir / f"{figure_id}.{ext}").stat().st_mtime_ns >= drawn for ext in ("png", "svg", "csv"))
    except OSError:
        return False


def load_drawn(folder: Path, figure_id: str, key: str | None = None) -> FigureResult | None:
    """The figure :func:`save_drawn` kept for analysis state ``key`` (any when None), or None."""
    try:
        with (folder / f"{figure_id}.pkl").open("rb") as handle:
            state = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    if not isinstance(state, dict) or state.get("id") != figure_id or (key is not None and state.get("key") != key):
        return None
    return FigureResult(
        fig=state["fig"],
        data=state["data"],
        spec=figure_spec(figure_id),
        source=state["source"],
        caption=state["caption"],
        values=state.get("values") or {},
    )


# ---------------------------------------------------------------------------
# Export and catalogue
# ---------------------------------------------------------------------------


#: The file, in the built HTML, where the book's figure numbers are written by the
#: ``kz_figures`` Sphinx extension from Sphinx's own numbering (``env.toc_fignumbers``).
FIGURE_NUMBERS_FILE = "figure-numbers.json"


def read_figure_numbers(html_dir: str | os.PathLike) -> dict[str, str]:
    """Figure numbers as the built book shows them, by registry id: ``{figure_id: "3.2"}``.

    Read from ``<html_dir>/figure-numbers.json``, which the book's ``kz_figures``
    extension writes from Sphinx's numbering when the HTML is built (``{"fig-<id>":
    "3.2"}``). A book not built yet, or a figure it does not place, is simply absent.
    """
    path = Path(html_dir) / FIGURE_NUMBERS_FILE
    try:
        numbers = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(numbers, dict):
        return {}
    return {spec.id: str(numbers[f"fig-{spec.id}"]) for spec in FIGURES if f"fig-{spec.id}" in numbers}


def build_date() -> date:
    """The date of the edition (:mod:`kzanalysis.edition`): the one date the book prints."""
    from .edition import edition

    return edition().date


def citation(spec: FigureSpec, number: str | None, built: date | None = None) -> str:
    """A ready citation for a figure of the built report.

    ``'<report title>, Figure 3.2: "<title>". Version 1.0.0 (built
    2026-11-23). figures/<id>.png in the built report.'`` -- without a
    number the figure is cited by its label ``fig-<id>``.
    """
    from .edition import edition

    built = built or build_date()
    which = f"Figure {number}" if number else f"figure fig-{spec.id}"
    url = edition().url  # the book's stable address (html.baseurl in _config.yml), once it has one
    where = f"{url}figures/{spec.id}.png" if url else f"figures/{spec.id}.png in the built report"
    return (
        f'{report_title(REPORT_TITLE)}, {which}: "{spec.title}". Version {__version__} (built {built.isoformat()}). '
        f"{where}."
    )


def _progress(items, enabled):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="figures", unit="figure", file=sys.stderr)


def export_figures(
    corpus, outdir, html_dir=None, progress: bool | None = None, drawn_dir=None, key: str | None = None
) -> Path:
    """Write every registry figure, its data and a catalogue to ``outdir``.

    For each figure: ``<id>.png`` (300 dpi), ``<id>.svg`` and ``<id>.csv``
    (the data behind it). Then ``catalog.json``: a list, in registry order,
    of ``{id, number, chapter, title, caption, alt, source, files: {png, svg,
    csv}, cite}`` with file paths relative to ``outdir``. ``number`` is the
    number the built book shows (read from ``html_dir``, a Jupyter Book
    ``_build/html``) or null when no ``html_dir`` is given or the figure is
    not found there. With ``html_dir`` the files are also copied to
    ``html_dir/figures/`` so the book's figure catalogue can link to them.
    ``progress``: show a progress bar (default: when stderr is a terminal).

    ``drawn_dir``: a folder :func:`glue_figure` kept drawn figures in (see
    :func:`save_drawn`); a figure found there, drawn for analysis state
    ``key`` (any state when ``key`` is None), is written from that drawing
    rather than drawn again. ``corpus`` may then be a callable returning the
    corpus, called only if some figure still has to be drawn.

    Returns the path of ``catalog.json``.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    numbers = read_figure_numbers(html_dir) if html_dir is not None else {}
    built = build_date()
    catalog = []
    drawn_dir = Path(drawn_dir) if drawn_dir is not None else None
    for spec in _progress(FIGURES, progress):
        result = load_drawn(drawn_dir, spec.id, key) if drawn_dir is not None else None
        if result is None:
            if callable(corpus):
                corpus = corpus()
            result = make_figure(spec.id, corpus)
            files = write_figure_files(result, outdir)
        elif _written_from(outdir, spec.id, drawn_dir / f"{spec.id}.pkl"):
            files = {ext: f"{spec.id}.{ext}" for ext in ("png", "svg", "csv")}
        else:
            files = write_figure_files(result, outdir)
        # Free the figure's memory now rather than at the end of the loop.
        result.fig.clear()
        number = numbers.get(spec.id)
        catalog.append(
            {
                "id": spec.id,
                "number": number,
                "chapter": spec.chapter,
                "title": spec.title,
                "caption": result.caption,
                "alt": spec.alt,
                "source": result.source,
                "files": files,
                "cite": citation(spec, number, built),
            }
        )
    catalog_path = outdir / "catalog.json"
    catalog_path.write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _remove_stale_files(outdir, catalog)
    if html_dir is not None:
        target = Path(html_dir) / "figures"
        target.mkdir(parents=True, exist_ok=True)
        for entry in catalog:
            for name in entry["files"].values():
                shutil.copy2(outdir / name, target / name)
        shutil.copy2(catalog_path, target / "catalog.json")
        _remove_stale_files(target, catalog)
    return catalog_path


def _remove_stale_files(folder: Path, catalog: list[dict]) -> None:
    """Delete figure files in ``folder`` that the catalogue does not list (figures since removed)."""
    keep = {name for entry in catalog for name in entry["files"].values()} | {"catalog.json"}
    for path in folder.iterdir():
        if path.is_file() and path.suffix in (".png", ".svg", ".csv") and path.name not in keep:
            path.unlink()
