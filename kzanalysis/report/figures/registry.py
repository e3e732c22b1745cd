"""The figure registry: one :class:`FigureSpec` per figure, in book order, and :func:`make_figure`.

Each entry names the chapter that shows the figure, its title, a caption template, alt text for screen
readers and its builder (:mod:`.builders`). The book, the command line and the tests all draw a figure
through :func:`make_figure`, so they show the same figure from the same code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from kzanalysis.load.corpus import Corpus

from .. import scale

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CHAPTERS", "FigureSpec", "FigureResult", "FIGURES", "figure_spec", "make_figure", "scale_note"]

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
    builder : str
        The name of its function in :mod:`.builders`, ``builder(corpus, spec) -> (Figure, DataFrame, dict of
        values)`` (see :meth:`draw`; named rather than imported, so that reading the registry, as the book's
        Sphinx extension does, does not import matplotlib).
    subtitle : str or None
        Drawn under the title.
    per_article : bool
        The figure shows each article (a row, marker or label); past
        :data:`kzanalysis.report.scale.PER_ARTICLE_LIMIT` articles it shows years
        instead, and its caption says so (:func:`scale_note`).
    """

    id: str
    chapter: str
    title: str
    caption: str
    alt: str
    builder: str = field(repr=False, compare=False)
    subtitle: str | None = None
    per_article: bool = False

    def draw(self, corpus: Corpus) -> tuple[Figure, pd.DataFrame, dict[str, Any]]:
        """Run the figure's builder on ``corpus``: the figure, its data and its caption values."""
        builders = importlib.import_module(f"{__package__}.builders")
        return getattr(builders, self.builder)(corpus, self)


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


def scale_note(n_articles: int) -> str:
    """The caption sentence of a per-article figure drawn per year (past :data:`PER_ARTICLE_LIMIT` articles)."""
    return (
        f"With {n_articles} articles, more than the {scale.PER_ARTICLE_LIMIT} a figure shows one by one, "
        "each row, bar or marker stands for the articles of one year of publication; the figure's data file "
        "keeps every article."
    )


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
        builder="_build_chronology",
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
        builder="_build_route_map",
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
        builder="_build_routes_by_article",
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
        builder="_build_events_timeline",
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
        builder="_build_power_heatmap",
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
        builder="_build_quotes_by_group",
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
        builder="_build_rights_security_timeline",
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
        builder="_build_theme_profile",
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


def make_figure(figure_id: str, corpus: Corpus) -> FigureResult:
    """Draw one registry figure from ``corpus``.

    Returns a :class:`FigureResult`; its ``caption`` is the registry caption
    with placeholders filled from computed values, followed by the source
    line drawn in the figure.
    """
    spec = figure_spec(figure_id)
    from .. import plots

    fig, data, values = spec.draw(corpus)
    source = plots.figure_source(fig) or plots.source_line(corpus.articles)
    caption = spec.caption.format(**values).strip()
    if spec.per_article and scale.per_year_view(len(corpus.articles)):
        caption += " " + scale_note(len(corpus.articles))
    return FigureResult(
        fig=fig,
        data=data.reset_index(drop=True),
        spec=spec,
        source=source,
        caption=f"{caption} {source}",
        values=values,
    )
