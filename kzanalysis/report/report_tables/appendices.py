"""The tables and glued values of the methods, data and reproduction appendices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kzanalysis.load.corpus import Corpus
from kzanalysis.load.memo import per_corpus

from ..book import fmt_pct
from .common import Titled, _per_article

__all__ = [
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
]


# ------------------------------------------------------------------ methods appendix


def methods_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the methods appendix (prefix ``m-``): n-entities and n-aliases (gazetteer), n-themes and
    n-terms (lexicons), n-boilerplate (patterns), n-routes (pipelines), support-cues and doubt-cues (the route
    file's shared stance cues, comma-joined)."""
    from kzanalysis.load.resources import load_boilerplate, load_gazetteer, load_routes, load_themes

    gazetteer = load_gazetteer(corpus.data_dir)
    lexicons = load_themes(corpus.data_dir)
    route_file = load_routes(corpus.data_dir)
    return {
        "n-entities": int(gazetteer["name"].nunique()),
        "n-aliases": len(gazetteer),
        "n-themes": len(lexicons),
        "n-terms": sum(len(spec["terms"]) for spec in lexicons.values()),
        "n-boilerplate": len(load_boilerplate(corpus.data_dir)),
        "n-routes": len(route_file["pipelines"]),
        "support-cues": ", ".join(route_file["stance_cues"]["positive"]),
        "doubt-cues": ", ".join(route_file["stance_cues"]["negative"]),
    }


def codebook_table(corpus: Corpus) -> Titled:
    """The codebook's topics: topic, label, definition, includes, excludes."""
    from kzanalysis.analysis.claims import codebook_topics

    codebook = codebook_topics(corpus.data_dir)
    codebook.columns = ["Topic", "Label", "Definition", "Includes", "Excludes"]
    return codebook, "Codebook topics for the claims register"


@per_corpus
def _agreement(corpus) -> dict[str, Any]:
    from kzanalysis.analysis.claims import agreement_summary

    return agreement_summary(corpus)


def agreement_values(corpus: Corpus) -> dict[str, Any]:
    """Glue values of the agreement section (prefix ``m-``): agree-articles, agree-unit, agree-units,
    agree-pct (pooled agreement, text), agree-kappa (pooled kappa, 2 places), agree-voice (kappa on who
    speaks)."""
    from ..book import fmt_float

    agree = _agreement(corpus)
    return {
        "agree-articles": agree["n_articles"],
        "agree-unit": agree["unit"],
        "agree-units": agree["n_units"],
        "agree-pct": fmt_pct(agree["pooled_agreement"] / 100),
        "agree-kappa": fmt_float(agree["pooled_kappa"], 2),
        "agree-voice": fmt_float(agree["voice_kappa"], 2),
    }


def agreement_table(corpus: Corpus) -> Titled:
    """Machine proposals against the hand codes per topic: hand, machine, both, agreement (%), kappa."""
    shown = _agreement(corpus)["table"]
    shown.columns = ["Topic", "Hand", "Machine", "Both", "Agreement (%)", "Kappa"]
    return shown, "Machine proposals against the hand codes, per topic (paragraphs coded present)"


def gazetteer_table(corpus: Corpus) -> Titled:
    """One row per entity of the gazetteer, by type and name: entity, type, power and its aliases."""
    from kzanalysis.load.resources import load_gazetteer

    entities = (
        load_gazetteer(corpus.data_dir)
        .groupby(["name", "type"], sort=False)
        .agg(group=("group", "first"), aliases=("alias", lambda a: "; ".join(sorted(set(a)))))
        .reset_index()
        .sort_values(["type", "name"])
    )
    entities.columns = ["Entity", "Type", "Power", "Aliases matched"]
    return entities, "The entity gazetteer (data/gazetteer.yml)"


def themes_table(corpus: Corpus) -> Titled:
    """The theme lexicons: theme, description and terms."""
    from kzanalysis.load.resources import load_themes

    rows = [
        {"Theme": spec.get("label", key), "Description": spec.get("description", ""), "Terms": ", ".join(spec["terms"])}
        for key, spec in load_themes(corpus.data_dir).items()
    ]
    return pd.DataFrame(rows), "Theme lexicons (data/themes.yml)"


def pipelines_table(corpus: Corpus) -> Titled:
    """The route file's pipelines with their corridor and status by 2008."""
    from kzanalysis.load.resources import load_routes

    route_file = load_routes(corpus.data_dir)
    corridor_names = {c["id"]: c["name"] for c in route_file["corridors"]}
    rows = [
        {
            "Pipeline": route["name"],
            "Corridor": corridor_names.get(route["corridor"], route["corridor"]),
            "Status by 2008": route.get("status_2008", ""),
        }
        for route in route_file["pipelines"]
    ]
    return pd.DataFrame(rows), "Export pipelines and their corridors (data/routes.yml)"


# ------------------------------------------------------------------ data appendix


def data_values(corpus: Corpus) -> dict[str, int]:
    """Glue values of the data appendix (prefix ``d-``): n-articles, and how many are dated to the day
    (n-dated-day), the month (n-dated-month) or the year only (n-dated-year)."""
    lengths = corpus.articles["date"].astype(str).str.len()
    return {
        "n-articles": len(corpus.articles),
        "n-dated-day": int(lengths.eq(10).sum()),
        "n-dated-month": int(lengths.eq(7).sum()),
        "n-dated-year": int(lengths.eq(4).sum()),
    }


def manifest_table(corpus: Corpus) -> Titled:
    """The manifest as the package reads it: id, date, outlet, author ("(none)"), genre, first 12 of the SHA-256."""
    manifest = corpus.articles[["id", "date", "outlet", "author", "genre", "sha256"]].copy()
    manifest["author"] = manifest["author"].fillna("(none)")
    manifest["sha256"] = manifest["sha256"].str[:12] + "…"
    manifest.columns = ["Id (file name)", "Date", "Outlet", "Author", "Genre", "SHA-256 (first 12)"]
    return _per_article(manifest, "The manifest (data/manifest.yml)", corpus)


def date_evidence_table(corpus: Corpus) -> Titled:
    """Each article's date and the evidence for it."""
    evidence = corpus.articles[["date", "outlet", "date_evidence"]].copy()
    evidence.columns = ["Date", "Outlet", "Evidence for the date"]
    return _per_article(evidence, "How each article was dated", corpus)


# ------------------------------------------------------------------ reproduction


#: The packages whose versions the reproduction appendix lists, after Python itself.
ENVIRONMENT_PACKAGES = (
    "kzanalysis",
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "pandas",
    "numpy",
    "matplotlib",
    "scikit-learn",
    "networkx",
    "wordcloud",
    "yake",
    "vaderSentiment",
)


def environment_table(packages: Sequence[str] = ENVIRONMENT_PACKAGES) -> Titled:
    """Python's version and each package's installed version ("not installed" when missing)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    environment = pd.DataFrame(
        {"Package": ["Python", *packages], "Version": [platform.python_version()] + [installed(p) for p in packages]}
    )
    return environment, "Package versions used for this build"


def reproduce_values() -> dict[str, Any]:
    """Glue values of the reproduction appendix (prefix ``r-``): built (the as-of date) and version."""
    from kzanalysis import __version__

    from ..book import as_of

    return {"built": as_of(), "version": __version__}
