"""Curated knowledge: the codebook, the hand-coded claims register, the chronology and named periods.

Four files in the data directory, documented in ``data/README.md`` ("Claims,
codebook, events and periods"):

* ``codebook.yml`` -- topics (id, label, definition, include and exclude
  rules), voices, stances, sides and stance targets;
* ``claims.yml`` -- one entry per claim: article, paragraph (the numbering of
  ``corpus.all_paragraphs``), voice, speaker, side, topic, paraphrase, stance
  and target, the exact evidence span, forecast flag, coder and review flag;
* ``events.yml`` -- dated events, each with topics, a BibTeX source key of
  ``references.bib`` and a certainty;
* ``periods.yml`` -- named, non-overlapping periods, each opened by an event.

Claims, events and periods are optional: a data directory without the file
gives an empty table. The codebook is needed as soon as claims or events
exist, because their topics, voices, sides and stances are checked against it.

Every problem is a :class:`~kzanalysis.load.errors.CorpusError` naming the file,
the entry (by id, or by position when the id is missing), the field and the
fix; several problems in one file are raised together as a
:class:`~kzanalysis.load.errors.CorpusValidationError`. Checks that need the text
(the paragraph exists, the evidence is a substring of it, headlines are coded
as the editor's voice) are in :func:`check_claims`, which returns the problems
instead of raising, like the other corpus checks.

Every loader and check is one pass over its entries (set and dict look-ups),
so the cost is linear in the size of the files and the corpus.

One module per curated file, and one for what they share; every name below is importable from
``kzanalysis.load.knowledge``:

- :mod:`~kzanalysis.load.knowledge.schema`: entry lists, field checks and messages, ISO date spans;
- :mod:`~kzanalysis.load.knowledge.codebook`: ``codebook.yml``;
- :mod:`~kzanalysis.load.knowledge.claims`: ``claims.yml``, checked against the codebook and the text, and queried;
- :mod:`~kzanalysis.load.knowledge.events`: ``events.yml`` and the keys of ``references.bib``;
- :mod:`~kzanalysis.load.knowledge.periods`: ``periods.yml`` and the period of a date or an article.
"""

from __future__ import annotations

from .claims import CLAIM_COLUMNS, EDITOR_PARTS, TEXT_PARTS, check_claims, load_claims, route_stances, select_claims
from .codebook import SIDES, TARGET_KINDS, load_codebook
from .events import CERTAINTIES, EVENT_COLUMNS, bib_keys, events_between, load_events
from .periods import PERIOD_COLUMNS, article_periods, load_periods, period_of
from .schema import date_span

__all__ = [
    "CLAIM_COLUMNS",
    "EVENT_COLUMNS",
    "PERIOD_COLUMNS",
    "SIDES",
    "CERTAINTIES",
    "TARGET_KINDS",
    "EDITOR_PARTS",
    "TEXT_PARTS",
    "date_span",
    "bib_keys",
    "load_codebook",
    "load_claims",
    "check_claims",
    "load_events",
    "load_periods",
    "period_of",
    "article_periods",
    "events_between",
    "select_claims",
    "route_stances",
]
