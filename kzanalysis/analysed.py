"""The analysed corpus: analyse once, read many times.

Every chapter of the book needs the same analyses of the same corpus
(findings, theme rates, route references, actors...). :func:`analysed_corpus`
returns the corpus with those analyses already in ``corpus.cache`` (see
:mod:`kzanalysis.load.memo`), so a chapter that calls ``themes.theme_rates(corpus)``
gets the stored table instead of computing it again.

The analysed corpus is kept as a pickle, ``analysis-<key>.pkl``, in the
``.kz`` folder of the book's build directory. The key is a SHA-256 over
the data directory in use, the files of the ``kzanalysis`` package that is
imported and the ``requirements.txt`` next to it, so any change to data,
code or pins gives a new file and a fresh analysis; an artefact is never
used for a state it was not made from. The file is written atomically
(a temporary file renamed into place), so parallel chapters never read a
half-written one.

The build writes the artefact before any chapter runs::

    python -m kzanalysis.analysed            # prints the artefact's path

A chapter opened on its own in Jupyter calls the same function: it loads
the artefact if the build made one for this state, and otherwise computes
the analyses (and saves them for next time when it can).

Where the build directory is: ``KZ_BUILD_DIR`` if set; else ``_build`` in
the nearest folder, from the working directory up, that holds the book's
``_toc.yml``; else ``_build`` next to the package.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from .load.corpus import Corpus, load_corpus
from .load.resources import resolve_data_dir

__all__ = [
    "analysed_corpus",
    "analysis_key",
    "artefact_path",
    "build_dir",
    "run_standard_analyses",
    "STANDARD_ANALYSES",
]

#: Bumped when the artefact's layout changes.
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_ENV = "KZ_BUILD_DIR"
EACH_ARTICLE = "<each article>"

#: The analyses every build needs, as (module, function, keyword arguments).
#: They are computed once by :func:`run_standard_analyses` and kept in
#: ``corpus.cache``. Only functions wrapped with :func:`kzanalysis.load.memo.per_corpus`
#: store their results; the others are skipped. A keyword argument given as
#: :data:`EACH_ARTICLE` makes one call per article id. A call with other
#: arguments than listed here is simply computed where it is made. Only what the
#: chapters or the source pages read belongs here: each entry runs on every build.
STANDARD_ANALYSES: list[tuple[str, str, dict]] = [
    ("load.stats", "corpus_stats", {}),
    ("analysis.findings", "key_findings", {}),
    ("analysis.findings", "leave_one_out", {}),
    ("analysis.themes", "theme_scores", {}),
    ("analysis.themes", "theme_rates", {}),
    ("analysis.themes", "theme_collisions", {}),
    ("analysis.entities", "find_entities", {}),
    ("analysis.entities", "entity_counts", {}),
    ("analysis.entities", "group_mentions", {}),
    ("analysis.entities", "unknown_names", {}),
    (
        "analysis.entities",
        "cooccurrence_graph",
        {"types": ["person", "country", "organization", "route"], "min_weight": 1},
    ),
    ("analysis.routes", "route_references", {}),
    ("analysis.tone", "sentence_tone", {}),
    ("analysis.tone", "tone_by_actor", {}),
    ("analysis.quotes", "extract_quotes", {}),
    ("analysis.quotes", "quote_spans", {}),
    ("analysis.errata", "locate_errata", {}),
    ("analysis.numbers", "extract_numbers", {}),
    ("analysis.reading.voices", "sentence_voices", {}),
    ("analysis.claims", "agreement", {}),
]


def _hash_tree(digest, base: Path, label: str) -> None:
    """Feed every file under ``base`` (relative path and bytes) into ``digest``."""
    if base.is_file():
        files, root = [base], base.parent
    elif base.is_dir():
        files = sorted(
            p
            for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
        )
        root = base
    else:
        files, root = [], base
    digest.update(f"[{label}] {len(files)} files\n".encode())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def analysis_key(data_dir: str | os.PathLike | None = None) -> str:
    """SHA-256 over the data directory, this package's files and the pins next to it."""
    digest = hashlib.sha256(f"kzanalysis analysis format {FORMAT}\n".encode())
    _hash_tree(digest, resolve_data_dir(data_dir), "data")
    _hash_tree(digest, PACKAGE_DIR, "kzanalysis")
    _hash_tree(digest, PACKAGE_DIR.parent / "requirements.txt", "requirements")
    return digest.hexdigest()


def build_dir() -> Path:
    """The book's build directory (see the module docstring)."""
    env = os.environ.get(BUILD_ENV, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "_config.yml").is_file():
            return folder / "_build"
    return PACKAGE_DIR.parent / "_build"


def artefact_path(key: str, build: Path | None = None) -> Path:
    """Where the analysed corpus for ``key`` is kept."""
    return (build or build_dir()) / ".kz" / f"analysis-{key[:20]}.pkl"


def run_standard_analyses(corpus: Corpus) -> Corpus:
    """Compute every analysis in :data:`STANDARD_ANALYSES` into ``corpus.cache``."""
    import importlib

    for module_name, function, kwargs in STANDARD_ANALYSES:
        module = importlib.import_module(f"{__package__}.{module_name}")
        func = getattr(module, function, None)
        if func is None or not hasattr(func, "uncached"):
            continue
        each = [name for name, value in kwargs.items() if value == EACH_ARTICLE]
        if not each:
            func(corpus, **kwargs)
            continue
        for article_id in corpus.articles["id"]:
            func(corpus, **{**kwargs, **{name: article_id for name in each}})
    return corpus


def _load(path: Path, key: str) -> Corpus | None:
    try:
        with path.open("rb") as handle:
            stored_key, corpus = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return corpus if stored_key == key and isinstance(corpus, Corpus) else None


def _save(corpus: Corpus, path: Path, key: str) -> bool:
    """Write atomically; False when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, corpus), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    for old in path.parent.glob("analysis-*.pkl"):
        if old != path:
            old.unlink(missing_ok=True)
    return True


def analysed_corpus(data_dir: str | os.PathLike | None = None, *, save: bool = True) -> Corpus:
    """The corpus with the standard analyses computed, from the artefact when it matches.

    ``data_dir`` as for :func:`kzanalysis.load.corpus.load_corpus`. With
    ``save=False`` a computed corpus is not written to the build directory.
    Within one process the same state gives the same corpus object, which
    callers must treat as read-only (as :class:`~kzanalysis.load.corpus.Corpus` says).
    """
    key = analysis_key(data_dir)
    path = artefact_path(key)
    where = (key, str(path), str(resolve_data_dir(data_dir)))
    kept = _IN_PROCESS.get(where)
    if kept is not None:
        return kept
    corpus = _load(path, key)
    if corpus is None:
        corpus = run_standard_analyses(load_corpus(data_dir))
        if save:
            _save(corpus, path, key)
    _IN_PROCESS.clear()
    _IN_PROCESS[where] = corpus
    return corpus


#: The analysed corpus last returned in this process, by key, artefact and
#: data directory: a kernel that runs several chapters (as the book build
#: does) loads the artefact once.
_IN_PROCESS: dict[tuple[str, str, str], Corpus] = {}


def export_book_figures(
    outdir: Path, html_dir: Path | None, drawn_dir: Path | None, data_dir: str | os.PathLike | None = None
) -> Path:
    """Write the figure files and catalogue, reusing what the chapters drew.

    Figures :func:`kzanalysis.report.figures.glue_figure` wrote into ``drawn_dir``
    for the current analysis state are copied; any other figure is drawn
    from the analysed corpus.
    """
    from .report.figures import export_figures

    key = analysis_key(data_dir)
    return export_figures(
        lambda: analysed_corpus(data_dir), outdir, html_dir=html_dir, progress=False, drawn_dir=drawn_dir, key=key
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compute the analysed corpus for the book (once per state).")
    parser.add_argument("--data", default=None, help="data directory (default: KZ_DATA_DIR or data/)")
    parser.add_argument(
        "--figures",
        type=Path,
        metavar="OUTDIR",
        default=None,
        help="instead: write the figure files and catalogue into OUTDIR",
    )
    parser.add_argument("--html", type=Path, default=None, help="with --figures: the built HTML book")
    parser.add_argument("--drawn", type=Path, default=None, help="with --figures: figures the chapters drew")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.figures is not None:
        catalog = export_book_figures(args.figures, args.html, args.drawn, args.data)
        print(f"figure catalogue {catalog} written in {time.perf_counter() - started:.1f} s")
        return 0
    key = analysis_key(args.data)
    path = artefact_path(key)
    if _load(path, key) is not None:
        print(f"analysis up to date ({key[:12]})")
        return 0
    corpus = run_standard_analyses(load_corpus(args.data))
    if not _save(corpus, path, key):
        print(f"cannot write {path}", file=sys.stderr)
        return 1
    print(f"analysis computed ({key[:12]}) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
