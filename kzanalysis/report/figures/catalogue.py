"""How a figure is cited, and the book's figure catalogue.

:func:`citation` gives the ready citation of a figure of the built report (in ``catalog.json`` and the
command line's export); :func:`catalogue_values` and :func:`figure_catalogue` give the figure catalogue
appendix its glue values and its list of figures, each with its download links and the text to cite it by.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kzanalysis import __version__
from kzanalysis.load.bibliography import BASE_TITLE, report_title

from .registry import FIGURES, FigureSpec

__all__ = ["REPORT_TITLE", "build_date", "citation", "catalogue_values", "figure_catalogue"]

#: The report's title without the years of its corpus. The book's ``_config.yml``
#: ``title`` must be the same (a test checks it); citations use :func:`report_title`.
REPORT_TITLE = BASE_TITLE


def build_date() -> date:
    """The date of the edition (:mod:`kzanalysis.report.edition`): the one date the book prints."""
    from ..edition import edition

    return edition().date


def citation(spec: FigureSpec, number: str | None, built: date | None = None) -> str:
    """A ready citation for a figure of the built report.

    ``'<report title>, Figure 3.2: "<title>". Version 1.0.0 (built
    2026-11-23). figures/<id>.png in the built report.'`` -- without a
    number the figure is cited by its label ``fig-<id>``.
    """
    from ..edition import edition

    built = built or build_date()
    which = f"Figure {number}" if number else f"figure fig-{spec.id}"
    url = edition().url  # the book's stable address (html.baseurl in _config.yml), once it has one
    where = f"{url}figures/{spec.id}.png" if url else f"figures/{spec.id}.png in the built report"
    return (
        f'{report_title(REPORT_TITLE)}, {which}: "{spec.title}". Version {__version__} (built {built.isoformat()}). '
        f"{where}."
    )


def catalogue_values() -> dict[str, Any]:
    """Glue values of the figure catalogue (prefix ``fc-``): n-figures, title, version, built (ISO date)."""
    return {
        "n-figures": len(FIGURES),
        "title": report_title(REPORT_TITLE),
        "version": __version__,
        "built": build_date().isoformat(),
    }


def figure_catalogue() -> str:
    """The figure catalogue as MyST: for each registry figure its number, title, chapter, download links and the
    text to cite it by."""
    from ..book import md_escape

    title = md_escape(report_title(REPORT_TITLE))
    built = build_date().isoformat()
    entries = []
    for spec in FIGURES:
        cite = (
            f"{title}, {{numref}}`Figure {{number}} <fig-{spec.id}>`: “{md_escape(spec.title)}”. Version "
            f"{md_escape(__version__)} (built {built}). figures/{spec.id}.png in the built report."
        )
        links = " · ".join(
            f'<a href="../figures/{spec.id}.{ext}" download>{ext.upper()}</a>' for ext in ("png", "svg", "csv")
        )
        entries.append(
            f"{{numref}}`fig-{spec.id}`\n"
            f": **{md_escape(spec.title)}** ({{ref}}`ch-{spec.chapter}`). "
            f"Files: {links} (`figures/{spec.id}.png`, `.svg`, `.csv`).\n\n"
            f"  Cite as: {cite}\n"
        )
    return "\n".join(entries)
