"""Place a registry figure: ``{kz-figure} <id>`` (a local Sphinx extension).

Every figure of the book is specified once, in the registry
(:data:`kzanalysis.report.figures.FIGURES`): its id, title, alt text and caption
template. A chapter draws it with ``figures.glue_figure("<id>", corpus)`` in a
code cell and places it with one line of Markdown::

    ```{kz-figure} routes-map
    ```

The directive writes, from the registry, what a chapter would otherwise
repeat by hand: the glued image (myst-nb's ``glue:figure``), the label
``fig-<id>`` that ``{numref}`` refers to, the alt text, and the caption
glued by the chapter's code (``<id>-caption``). A figure id that is not in
the registry is an error naming the id and the registry's ids.

Figure numbers. When the HTML is built, the numbers Sphinx gave the figures
(``env.toc_fignumbers``) are written to ``figure-numbers.json`` beside the
pages (``{"fig-routes-map": "2.1"}``), where the figure export reads them
(:func:`kzanalysis.report.figures.read_figure_numbers`).
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def registry() -> dict:
    """The figure registry by id (imported when first needed: it brings matplotlib with it)."""
    from kzanalysis.report.figures import FIGURES

    return {spec.id: spec for spec in FIGURES}


def figure_markup(spec) -> list[str]:
    """The MyST lines that place ``spec``: a ``glue:figure`` with its label, alt text and glued caption."""
    alt = " ".join(str(spec.alt).split())
    return [
        f"```{{glue:figure}} {spec.id}",
        f":name: fig-{spec.id}",
        f":alt: {alt}",
        "",
        f"{{glue:text}}`{spec.id}-caption`",
        "```",
    ]


class RegistryFigure(SphinxDirective):
    """``{kz-figure} <id>``: the registry figure ``<id>``, numbered, with its alt text and caption."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        figure_id = self.arguments[0].strip()
        specs = registry()
        if figure_id not in specs:
            known = ", ".join(sorted(specs))
            raise self.error(
                f"kz-figure: no figure {figure_id!r} in the registry (kzanalysis.report.figures.FIGURES: {known})"
            )
        holder = nodes.container()
        self.state.nested_parse(
            StringList(figure_markup(specs[figure_id]), source=self.get_source_info()[0]), self.content_offset, holder
        )
        return list(holder.children)


def figure_numbers(toc_fignumbers: dict) -> dict[str, str]:
    """``{figure id: "2.1"}`` from Sphinx's ``env.toc_fignumbers`` (``{docname: {"figure": {id: (2, 1)}}}``)."""
    numbers = {}
    for by_type in toc_fignumbers.values():
        for figure_id, number in (by_type.get("figure") or {}).items():
            numbers[figure_id] = ".".join(str(part) for part in number)
    return dict(sorted(numbers.items()))


def write_figure_numbers(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from kzanalysis.report.figures import FIGURE_NUMBERS_FILE

    target = Path(app.outdir) / FIGURE_NUMBERS_FILE
    text = json.dumps(figure_numbers(app.env.toc_fignumbers), indent=1) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_directive("kz-figure", RegistryFigure)
    app.connect("build-finished", write_figure_numbers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
