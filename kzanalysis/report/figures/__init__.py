"""The figure registry: every figure in the report, its caption and alt text.

:data:`FIGURES` lists each figure once, in book order, with the chapter that
shows it, its title, a caption template, alt text for screen readers and a
builder (analysis -> :mod:`kzanalysis.report.plots`). The book, the command line
and the tests all draw a figure through :func:`make_figure`, so they show
the same figure from the same code.

In a chapter::

    from kzanalysis.report.figures import glue_figure
    glue_figure("chronology", corpus)

and then, in Markdown::

    ```{glue:figure} chronology
    :name: fig-chronology
    :alt: <the registry's alt text, verbatim>

    {glue:text}`chronology-caption`
    ```

:func:`export_figures` writes every figure as PNG (300 dpi) and SVG, the
data behind it as CSV, and ``catalog.json`` with numbers, captions, alt
text and a ready citation for each.

The package is split by job, and its names are re-exported here, so ``figures.<name>`` works for each:

- :mod:`.registry`: :class:`FigureSpec`, :data:`FIGURES` (ids, chapters, titles, captions, alt texts),
  :func:`figure_spec` and :func:`make_figure`;
- :mod:`.builders`: one builder per figure: the analysis it draws, its data and its caption values;
- :mod:`.glue`: :func:`glue_figure`, a figure and its caption glued for a chapter;
- :mod:`.export`: the figure files (PNG, SVG, CSV), the drawings kept for the export step, the book's figure
  numbers and :func:`export_figures`;
- :mod:`.catalogue`: how a figure is cited (:func:`citation`, :func:`build_date`) and the book's figure
  catalogue (:func:`catalogue_values`, :func:`figure_catalogue`).
"""

from __future__ import annotations

from kzanalysis.load.bibliography import report_title

from .catalogue import REPORT_TITLE, build_date, catalogue_values, citation, figure_catalogue
from .export import (
    FIGURE_NUMBERS_FILE,
    export_figures,
    load_drawn,
    read_figure_numbers,
    save_drawn,
    write_figure_files,
)
from .glue import DRAWN_ENV, glue_figure
from .registry import CHAPTERS, FIGURES, FigureResult, FigureSpec, figure_spec, make_figure, scale_note

__all__ = [
    "REPORT_TITLE",
    "report_title",
    "FigureSpec",
    "FigureResult",
    "FIGURES",
    "CHAPTERS",
    "figure_spec",
    "make_figure",
    "glue_figure",
    "DRAWN_ENV",
    "export_figures",
    "write_figure_files",
    "save_drawn",
    "load_drawn",
    "FIGURE_NUMBERS_FILE",
    "read_figure_numbers",
    "citation",
    "build_date",
    "scale_note",
    "catalogue_values",
    "figure_catalogue",
]
