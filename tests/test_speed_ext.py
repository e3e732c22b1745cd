"""Tests for the book's build-speed extension (_ext/kz_speed.py)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))

import kz_speed  # noqa: E402

JBLATEX_PREAMBLE = r"""
        % Start of preamble defined in sphinx-jupyterbook-latex %
         \usepackage[Latin,Greek]{ucharclasses}
        \usepackage{unicode-math}
        % fixing title of the toc
        \addto\captionsenglish{\renewcommand{\contentsname}{Contents}}
"""


def test_unused_latex_packages_leave_the_preamble_and_nothing_else_does():
    config = SimpleNamespace(latex_elements={"preamble": r"\usepackage{ragged2e}" + "\n" + JBLATEX_PREAMBLE})
    kz_speed.drop_unused_latex_packages(None, config)
    preamble = config.latex_elements["preamble"]
    assert "ucharclasses" not in preamble and "unicode-math" not in preamble
    assert r"\usepackage{ragged2e}" in preamble and r"\renewcommand{\contentsname}{Contents}" in preamble
    # The wrapped-code arrow, which came from the math font, now comes from the text font.
    assert preamble.endswith(kz_speed.VERBATIM_CONTINUED) and "\u21aa" in preamble and "$" not in preamble
    # A preamble without those packages is left as it is.
    untouched = SimpleNamespace(latex_elements={"preamble": r"\usepackage{unicode-math-extra}"})
    kz_speed.drop_unused_latex_packages(None, untouched)
    assert untouched.latex_elements == {"preamble": r"\usepackage{unicode-math-extra}"}


def test_entry_points_are_the_installed_ones_looked_up_once():
    kz_speed._entry_points.cache_clear()
    group = "console_scripts"
    expected = sorted(ep.name for ep in metadata.entry_points(group=group))
    assert sorted(ep.name for ep in kz_speed._memoised_entry_points(group=group)) == expected
    name = expected[0]
    assert [ep.name for ep in kz_speed._memoised_entry_points(group=group, name=name)] == [name]
    kz_speed._memoised_entry_points(group=group)
    assert kz_speed._entry_points.cache_info().hits == 1


def test_numref_targets_are_unpickled_once_per_document():
    calls = []

    class Env:
        config = "the config"

        def get_doctree(self, docname):
            calls.append(docname)
            return object()

    kz_speed._forget_doctrees()
    view = kz_speed._OnceDoctrees(Env())
    first = view.get_doctree("chapters/energy")
    assert view.get_doctree("chapters/energy") is first and view.config == "the config"
    view.get_doctree("chapters/corpus")
    assert calls == ["chapters/energy", "chapters/corpus"]
    kz_speed._forget_doctrees()  # the environment changed: read again
    assert view.get_doctree("chapters/energy") is not first
    assert calls == ["chapters/energy", "chapters/corpus", "chapters/energy"]
