"""A registry figure and its caption glued for a chapter (:func:`glue_figure`)."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from kzanalysis.load.corpus import Corpus

from .export import save_drawn
from .registry import FigureResult, make_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DRAWN_ENV", "glue_figure"]


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


def glue_figure(figure_id: str, corpus: Corpus) -> FigureResult:
    """Draw a registry figure and glue it (and its caption) for the chapter.

    Glues the image under ``figure_id`` and the filled caption (with the
    source line) under ``f"{figure_id}-caption"`` as plain text, both with
    ``display=False``. Returns the :class:`FigureResult`.
    """
    from myst_nb import glue

    try:
        from ..book import PlainText
    except ImportError:  # pragma: no cover - book helpers ship with the package
        PlainText = str  # noqa: N806

    result = make_figure(figure_id, corpus)
    glue(figure_id, _FigureImage(result.fig), display=False)
    glue(f"{figure_id}-caption", PlainText(result.caption), display=False)
    folder = os.environ.get(DRAWN_ENV, "").strip()
    if folder:
        from kzanalysis.analysed import analysis_key

        save_drawn(result, Path(folder), analysis_key(corpus.data_dir))
    return result


#: Environment variable naming the folder where :func:`glue_figure` keeps
#: each figure it draws for the export step (set by the book build).
DRAWN_ENV = "KZ_FIGURE_DIR"
