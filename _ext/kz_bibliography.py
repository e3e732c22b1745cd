"""The bibliography and the title of the corpus in use (a local Sphinx extension).

When the configuration is read, the BibTeX file of the corpus in use
(:func:`kzanalysis.load.bibliography.corpus_bibtex`: one entry per article, and
the sources the curated knowledge cites) is written into the build folder
(``<build>/.kz/references.bib``, beside the builder's output folder) and
sphinxcontrib-bibtex is pointed at it, with the author–year label style
(:func:`kzanalysis.load.bibliography._register_author_year_style`). The book's
title gets the years its corpus spans (:func:`kzanalysis.load.bibliography.report_title`),
in the HTML and, once Jupyter Book has filled ``latex_documents``, in the PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx

from kzanalysis.load.bibliography import _register_author_year_style, report_title, write_bibtex


def bibliography_file(app: Sphinx) -> Path:
    """Where the corpus's BibTeX file is written: ``.kz/references.bib`` in the build folder."""
    return Path(app.outdir).resolve().parent / ".kz" / "references.bib"


def on_config_inited(app: Sphinx, config) -> None:
    target = write_bibtex(bibliography_file(app))
    config.bibtex_bibfiles = [os.path.relpath(target, app.confdir)]
    config.bibtex_default_style = _register_author_year_style()
    config.html_title = report_title(config.html_title or None)
    config.project = config.html_title


def title_latex_documents(app: Sphinx, env, docnames) -> None:
    # Jupyter Book writes the configured title into latex_documents after the
    # configuration is read, so the title with the corpus's years goes in here.
    documents = []
    for document in app.config.latex_documents:
        document = list(document)
        if len(document) > 2:
            document[2] = report_title(document[2] or None)
        documents.append(tuple(document))
    app.config.latex_documents = documents


def setup(app: Sphinx) -> dict:
    # Before sphinxcontrib-bibtex (priority 500) reads bibtex_bibfiles.
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("env-before-read-docs", title_latex_documents)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
