"""The key findings in the order the book presents them: each one's spec and how its headline is summarised."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from kzanalysis.load.corpus import Corpus

from .policy import (
    _balancing_build,
    _balancing_contribute,
    _balancing_key,
    _corridor_of,
    _corridors_build,
    _corridors_contribute,
    _corridors_key,
    _rights_build,
    _rights_contribute,
    _rights_key,
)
from .spec import _Spec
from .voices import (
    _forecasts_build,
    _forecasts_contribute,
    _forecasts_key,
    _sources_build,
    _sources_contribute,
    _sources_key,
    _speaks_build,
    _speaks_contribute,
    _speaks_key,
)

__all__ = ["FINDINGS"]


def _corridor_summary(corpus: Corpus) -> Callable[[Counter], Any]:
    _, order, _ = _corridor_of(corpus.data_dir)
    return lambda total: _corridors_key(total, order)


def _rights_summary(corpus: Corpus) -> Callable[[Counter], Any]:
    from kzanalysis.load.knowledge import load_periods

    periods = load_periods(corpus.data_dir)
    order, labels = list(periods["id"]), dict(zip(periods["id"], periods["label"]))
    return lambda total: _rights_key(total, order, labels)


#: The findings in the order the book presents them: (spec, function(corpus) -> summarise).
FINDINGS: list[tuple[_Spec, Callable[[Corpus], Callable[[Counter], Any]]]] = [
    (
        _Spec(
            "export-corridors",
            "Which export corridors do the articles speak of, and which sides back which?",
            _corridors_contribute,
            _corridors_build,
            figure="routes-by-article",
        ),
        _corridor_summary,
    ),
    (
        _Spec(
            "balancing",
            "Who describes Kazakhstan as balancing between the powers, and in whose words?",
            _balancing_contribute,
            _balancing_build,
            figure="power-heatmap",
        ),
        lambda c: _balancing_key,
    ),
    (
        _Spec(
            "rights-security",
            "Who raises human rights, who sets them beside security, and in which period?",
            _rights_contribute,
            _rights_build,
            figure="rights-security-timeline",
        ),
        _rights_summary,
    ),
    (
        _Spec(
            "who-speaks",
            "Whose words make up the article text, by voice and side?",
            _speaks_contribute,
            _speaks_build,
            figure="quotes-by-group",
        ),
        lambda c: _speaks_key,
    ),
    (
        _Spec(
            "sources",
            "Who publishes the corpus, how is it funded, in which genres, and who is heard?",
            _sources_contribute,
            _sources_build,
            figure="chronology",
        ),
        lambda c: _sources_key,
    ),
    (
        _Spec(
            "forecasts", "What do the texts forecast, and what happened after?", _forecasts_contribute, _forecasts_build
        ),
        lambda c: _forecasts_key,
    ),
]
