"""Export corridors and pipelines: where a text speaks of them, in what spirit, and who takes which position.

Corridors (north via Russia, west across the Caspian and the Caucasus, east to China, south via Iran) and the
pipelines within them come from ``data/routes.yml``. The package is split by job, and its names are
re-exported here, so ``routes.<name>`` works for each:

- :mod:`.reader`: the route file's patterns, compiled once, and :class:`RouteReader`, which finds the
  corridor and pipeline references of one sentence (named or described);
- :mod:`.stance`: the stance of a reference's clause, from the shared cue words and VADER;
- :mod:`.references`: :func:`route_references` (every reference of the corpus, with its stance) and the
  tables and counts drawn from it (per article, per pipeline, corpus-wide);
- :mod:`.names`: the ids and names the route file and the codebook give pipelines and corridors;
- :mod:`.route_positions`: the positions the claims register records on routes, by who takes them and per
  article, and what changed from the earliest article to the latest;
- :mod:`.facts`: the record beside the articles: the route file's facts, the figures the articles state, and
  forecasts set against the later events of the chronology.
"""

from __future__ import annotations

from .facts import (
    MEASURE_UNIT_RE,
    ROUTE_TOPIC,
    event_corridors,
    fact_source_keys,
    reference_labels,
    route_facts,
    route_forecasts,
    stated_figures,
)
from .names import corridor_short_names, pipeline_labels
from .reader import CORRECTED_KINDS, RouteReader
from .references import (
    EVIDENCE_LIMIT,
    REFERENCE_COLUMNS,
    article_route_summary,
    corridors_by_article,
    pipeline_article_counts,
    reference_table,
    route_overview,
    route_references,
)
from .route_positions import (
    STANCE_WORDS,
    article_route_lines,
    first_named,
    position_claims,
    position_summary,
    positions_table,
    route_change_text,
)
from .stance import NEUTRAL, SCEPTICAL, SUPPORTIVE, VADER_THRESHOLD, CueCounter, classify_stance

__all__ = [
    "REFERENCE_COLUMNS",
    "EVIDENCE_LIMIT",
    "CORRECTED_KINDS",
    "SUPPORTIVE",
    "SCEPTICAL",
    "NEUTRAL",
    "VADER_THRESHOLD",
    "CueCounter",
    "classify_stance",
    "RouteReader",
    "route_references",
    "corridors_by_article",
    "article_route_summary",
    "pipeline_article_counts",
    "reference_table",
    "route_overview",
    "corridor_short_names",
    "pipeline_labels",
    "STANCE_WORDS",
    "position_claims",
    "position_summary",
    "positions_table",
    "article_route_lines",
    "first_named",
    "route_change_text",
    "reference_labels",
    "route_facts",
    "fact_source_keys",
    "MEASURE_UNIT_RE",
    "stated_figures",
    "ROUTE_TOPIC",
    "event_corridors",
    "route_forecasts",
]
