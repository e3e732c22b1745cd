"""The figure files: PNG, SVG and CSV of each figure, the drawings kept for the export step, the book's
figure numbers, and :func:`export_figures`, which writes them all with ``catalog.json``."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from kzanalysis import __version__
from kzanalysis.load.corpus import Corpus

from .catalogue import build_date, citation
from .registry import FIGURES, FigureResult, figure_spec, make_figure

__all__ = [
    "write_figure_files",
    "save_drawn",
    "load_drawn",
    "FIGURE_NUMBERS_FILE",
    "read_figure_numbers",
    "export_figures",
]


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


def _progress(items, enabled):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return items
    from kzanalysis.load.parallel import progress_bar

    return progress_bar(items, desc="figures", unit="figure", file=sys.stderr)


def export_figures(
    corpus: Corpus | Callable[[], Corpus],
    outdir: str | os.PathLike,
    html_dir: str | os.PathLike | None = None,
    progress: bool | None = None,
    drawn_dir: str | os.PathLike | None = None,
    key: str | None = None,
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
