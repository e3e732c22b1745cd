"""Costs Sphinx, its extensions and xelatex pay over and over, paid once or not at all (a local Sphinx extension).

Numbered references. To resolve a ``{numref}`` Sphinx's standard domain
unpickles the whole doctree of the document that holds the target, once
per reference, only to look the target node up by its id. The book has
dozens of numbered references into a handful of documents, so the HTML and
the LaTeX builds each spent seconds unpickling the same doctrees again.
:func:`resolve_numref_once` gives the resolver a view of the environment in
which each document's doctree is unpickled once per write phase. The
resolver only reads the target node (its type, ids and caption), so sharing
one copy is safe; the cache is emptied when the environment changes.

Bibliography plugins. pybtex looks its plugins up among the installed
packages' entry points on every call (``importlib.metadata.entry_points``
scans every installed distribution), and sphinxcontrib-bibtex asks for
a plugin for each citation it formats. :func:`_memoised_entry_points`
answers a repeated question from memory: the installed packages do not
change while a book builds.

Unused LaTeX packages. sphinx-jupyterbook-latex appends ``unicode-math``
and ``ucharclasses`` to the preamble; loading them is a sixth of every
xelatex pass (about 0.7 s of 3.8 s, three passes a book). The book sets no
mathematics and configures no character classes: the only math glyph Sphinx
uses is the arrow that marks a wrapped line of code, which
:data:`VERBATIM_CONTINUED` takes from the text font instead (GNU FreeFont
has it). :func:`drop_unused_latex_packages` removes the two lines.
"""

from __future__ import annotations

import functools
import re
from importlib import metadata
from typing import Any

from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain

#: Doctrees unpickled for the numref resolver, by document name.
_DOCTREES: dict[str, Any] = {}


class _OnceDoctrees:
    """The build environment, except that each doctree is unpickled once (read-only use)."""

    def __init__(self, env: Any):
        self._env = env

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)

    def get_doctree(self, docname: str) -> Any:
        doctree = _DOCTREES.get(docname)
        if doctree is None:
            doctree = _DOCTREES[docname] = self._env.get_doctree(docname)
        return doctree


_RESOLVE_NUMREF = StandardDomain._resolve_numref_xref


def resolve_numref_once(self: StandardDomain, env: Any, *args: Any, **kwargs: Any) -> Any:
    """StandardDomain._resolve_numref_xref, reading target doctrees from :data:`_DOCTREES`."""
    return _RESOLVE_NUMREF(self, _OnceDoctrees(env), *args, **kwargs)


def _forget_doctrees(*_: Any) -> None:
    _DOCTREES.clear()


@functools.cache
def _entry_points(group: str | None, name: str | None) -> tuple:
    selection = {key: value for key, value in (("group", group), ("name", name)) if value is not None}
    return tuple(metadata.entry_points(**selection))


def _memoised_entry_points(*, group: str | None = None, name: str | None = None) -> tuple:
    """``importlib.metadata.entry_points(group=..., name=...)``, looked up once per question."""
    return _entry_points(group, name)


#: Preamble lines of sphinx-jupyterbook-latex that load packages the book does not use.
UNUSED_LATEX_PACKAGES = re.compile(
    r"^[ \t]*\\usepackage(\[Latin,Greek\])?\{(ucharclasses|unicode-math)\}[ \t]*\n", re.MULTILINE
)
#: The mark of a wrapped line of code: Sphinx's own (a red hook arrow), set in the text font, not in math.
VERBATIM_CONTINUED = (
    "\\sphinxsetup{verbatimcontinued={\\makebox[2\\fontcharwd\\font`\\x][r]{\\textcolor{red}{\\tiny \u21aa}}}}\n"
)


def drop_unused_latex_packages(app: Sphinx, config: Any) -> None:
    """Remove unicode-math and ucharclasses from the preamble (after sphinx-jupyterbook-latex added them)."""
    elements = config.latex_elements
    preamble = elements.get("preamble", "")
    trimmed = UNUSED_LATEX_PACKAGES.sub("", preamble)
    if trimmed != preamble:
        elements["preamble"] = trimmed + VERBATIM_CONTINUED


def setup(app: Sphinx) -> dict:
    # sphinx-jupyterbook-latex writes its preamble at config-inited, priority 500.
    app.connect("config-inited", drop_unused_latex_packages, priority=900)
    StandardDomain._resolve_numref_xref = resolve_numref_once
    app.connect("env-updated", _forget_doctrees)
    app.connect("build-finished", _forget_doctrees)
    try:
        import pybtex.plugin
    except ImportError:  # pragma: no cover - sphinxcontrib-bibtex requires it
        pass
    else:
        pybtex.plugin.entry_points = _memoised_entry_points
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
