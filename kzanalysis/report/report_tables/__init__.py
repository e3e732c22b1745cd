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

The tables are grouped by chapter, and their names are re-exported here, so
``report_tables.<name>`` works for each:

- :mod:`.common`: what the groups share: the ``(frame, title)`` type, a finding by id, the articles by
  citation label, per-article tables summarised past the article limit;
- :mod:`.overview`: the key findings and the corpus chapter (the corpus in numbers, its articles, sources,
  furniture, voices, boilerplate and errata);
- :mod:`.questions`: the chapters on energy routes, great-power balancing, and human rights versus security,
  and the conclusions;
- :mod:`.appendices`: the methods, data and reproduction appendices.

The figure catalogue appendix is built beside the figure registry (:mod:`kzanalysis.report.figures.catalogue`).
"""

from __future__ import annotations

from .appendices import (
    ENVIRONMENT_PACKAGES,
    agreement_table,
    agreement_values,
    codebook_table,
    data_values,
    date_evidence_table,
    environment_table,
    gazetteer_table,
    manifest_table,
    methods_values,
    pipelines_table,
    reproduce_values,
    themes_table,
)
from .common import Titled
from .overview import (
    FACTUAL_KINDS,
    articles_table,
    boilerplate_table,
    boilerplate_totals,
    bottom_line_table,
    corpus_overview,
    errata_summary,
    errata_table,
    furniture_table,
    furniture_totals,
    key_findings_values,
    provenance_table,
    sizes_table,
    voice_shares,
    voices_table,
)
from .questions import (
    balancing_claims_table,
    balancing_values,
    balancing_who_table,
    conclusions_values,
    energy_values,
    loo_table,
    rights_compare_table,
    rights_period_table,
    rights_register_table,
    rights_unclaimed_table,
    rights_values,
    rights_who_table,
    route_facts_table,
    route_figures_table,
    route_forecasts_table,
    route_lines_table,
    route_positions_table,
    route_who_table,
    topics_table,
)

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
    # shared
    "Titled",
    "FACTUAL_KINDS",
    "ENVIRONMENT_PACKAGES",
]
