"""Cross-checks of the curated files against each other and against the corpus.

Each curated file is validated by its own loader; what no single loader can
see is checked here: that every pipeline of ``routes.yml`` names a route of
``gazetteer.yml`` and every corridor's state a country there, and that every
erratum names an article of the manifest and quotes text that occurs in it.
:func:`kzanalysis.load.corpus.load_corpus` runs these checks on every load, so a
broken cross-reference stops the book as clearly as a broken manifest does;
``kzanalysis check`` reports them with the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CorpusError, CorpusValidationError

if TYPE_CHECKING:
    from .corpus import Corpus

__all__ = ["check_curated"]


#: The curated file each loader reads, relative to the data directory.
_FILES = {
    "gazetteer": "gazetteer.yml",
    "themes": "themes.yml",
    "errata": "errata.yml",
    "routes": "routes.yml",
    "countries": "geo/ne_110m_countries_region.geojson",
}


def check_curated(
    data_dir: Path, corpus: Corpus | None = None, *, missing_ok: bool = False
) -> tuple[list[CorpusError], dict[str, int]]:
    """Load each curated file and cross-check them: routes against the gazetteer, errata against the text.

    Returns the problems (each naming its file and the fix) and how many entities, themes, routes and
    errata the files hold. Without ``corpus`` the errata are not checked against the articles. With
    ``missing_ok`` (how every load runs them) a curated file that is absent is skipped (the analysis that
    needs it reports it), and so is an erratum of an article that is not in this corpus; ``kzanalysis
    check`` reports both.
    """
    from .resources import load_countries, load_errata, load_gazetteer, load_routes, load_themes

    problems: list[CorpusError] = []
    counts: dict[str, int] = {}
    loaded = {}
    for name, loader in (
        ("gazetteer", load_gazetteer),
        ("themes", load_themes),
        ("errata", load_errata),
        ("routes", load_routes),
        ("countries", load_countries),
    ):
        if missing_ok and not (Path(data_dir) / _FILES[name]).exists():
            continue
        try:
            loaded[name] = loader(data_dir)
        except CorpusValidationError as exc:
            problems.extend(exc.problems)
        except CorpusError as exc:
            problems.append(exc)
    if "gazetteer" in loaded:
        counts["entities"] = int(loaded["gazetteer"]["name"].nunique())
    if "themes" in loaded:
        counts["themes"] = len(loaded["themes"])
    if "routes" in loaded:
        counts["routes"] = len(loaded["routes"]["pipelines"])
        if "gazetteer" in loaded:
            gazetteer = loaded["gazetteer"]
            route_entities = set(gazetteer.loc[gazetteer["type"] == "route", "name"])
            for route in loaded["routes"]["pipelines"]:
                if route["entity"] not in route_entities:
                    problems.append(
                        CorpusError(
                            data_dir / "routes.yml",
                            f"pipeline {route['id']!r} names entity {route['entity']!r}, "
                            "which is not a route in gazetteer.yml",
                            "use the canonical gazetteer name of the route, or add it to gazetteer.yml with type route",
                        )
                    )
            countries = set(gazetteer.loc[gazetteer["type"] == "country", "name"])
            for corridor in loaded["routes"]["corridors"]:
                if corridor.get("state") and corridor["state"] not in countries:
                    problems.append(
                        CorpusError(
                            data_dir / "routes.yml",
                            f"corridor {corridor['id']!r} names state {corridor['state']!r}, "
                            "which is not a country in gazetteer.yml",
                            "use the canonical gazetteer name of the country",
                        )
                    )
    if "errata" in loaded and corpus is not None:
        counts["errata"] = len(loaded["errata"])
        raw = dict(zip(corpus.articles["id"], corpus.articles["raw_text"]))
        for number, row in enumerate(loaded["errata"].itertuples(index=False), start=1):
            if row.article_id not in raw:
                if missing_ok:  # an erratum of an article left out of this corpus concerns no text of it
                    continue
                problems.append(
                    CorpusError(
                        data_dir / "errata.yml",
                        f"erratum #{number} names article {row.article_id}, which is not in manifest.yml",
                        "correct the article_id",
                    )
                )
            elif row.original not in raw[row.article_id]:
                problems.append(
                    CorpusError(
                        data_dir / "errata.yml",
                        f"erratum #{number} ({row.article_id}): original {row.original!r} "
                        "does not occur in the article text",
                        "copy `original` exactly from the article file (same spelling, punctuation and spacing)",
                    )
                )
    return problems, counts
