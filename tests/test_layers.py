"""The package's layers, and the rule that its imports run one way.

Every module of ``kzanalysis`` belongs to one layer (the README's "How the code is laid out" names the same
lists):

- data: loading and validating the corpus and the curated files, and the plain-text foundations every layer
  uses (errors, limits, memoisation, tokens, sentences, labels, paragraph references);
- analysis: the reading layer (actors, quotations, voices) and every measure and judgment, pure functions of the corpus
  and the curated knowledge;
- report: what the book shows (style, plots, the figure registry, book helpers, tables, source pages);
- entry: the command line, the CSV export and the analysed-corpus cache, which call any layer.

The rule checked here: no data or analysis module imports a plotting, notebook or Sphinx library or a report
(or entry) module, at module level or inside a function; no data module imports an analysis module; and no
module of the reading layer (``kzanalysis.reading``) imports ``kzanalysis.entities`` or any other analysis
module outside the reading layer. The checker reads each module's source with :mod:`ast`, so an import inside
a function counts as much as one at the top of the file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "kzanalysis"

#: Each layer's modules. A name also covers the modules of the package it names (``kzanalysis.plots``).
LAYERS: dict[str, list[str]] = {
    "data": [
        "kzanalysis",  # the package's __init__: version and the public loader
        "kzanalysis.errors",
        "kzanalysis.limits",
        "kzanalysis.memo",
        "kzanalysis.parallel",
        "kzanalysis.textutil",
        "kzanalysis.refs",
        "kzanalysis.labels",
        "kzanalysis.clean",
        "kzanalysis.extract",
        "kzanalysis.extract.files",
        "kzanalysis.extract.cleanup",
        "kzanalysis.extract.markup",
        "kzanalysis.extract.pdf",
        "kzanalysis.resources",  # the package: one module per curated file family
        "kzanalysis.resources.datadir",
        "kzanalysis.resources.gazetteer",
        "kzanalysis.resources.lexicons",
        "kzanalysis.resources.geography",
        "kzanalysis.knowledge",  # the package: one module per curated knowledge file
        "kzanalysis.knowledge.schema",
        "kzanalysis.knowledge.codebook",
        "kzanalysis.knowledge.claims",
        "kzanalysis.knowledge.events",
        "kzanalysis.knowledge.periods",
        "kzanalysis.bibliography",
        "kzanalysis.crosscheck",
        # Paragraph numbering and document parts are assigned as the corpus loads (corpus.all_paragraphs).
        "kzanalysis.reading.paragraphs",
        "kzanalysis.reading.parts",
        # The sentences of article text every sentence-level measure splits alike (memo and textutil only).
        "kzanalysis._sentences",
        # The word, sentence and paragraph counts load_corpus stores on every article, and their totals.
        "kzanalysis.stats",
        "kzanalysis.corpus",  # the package: the Corpus and its loading, the manifest, the checks of the files
        "kzanalysis.corpus.loading",
        "kzanalysis.corpus.manifest",
        "kzanalysis.corpus.validation",
        "kzanalysis.add",
        "kzanalysis.add.propose",
        "kzanalysis.add.plan",
        "kzanalysis.add.write",
        "kzanalysis.add.command",
    ],
    "analysis": [
        "kzanalysis.reading",
        "kzanalysis.reading.gazetteer",
        "kzanalysis.reading.lexicon",
        "kzanalysis.reading.runs",
        "kzanalysis.reading.mentions",
        "kzanalysis.reading.actors",
        "kzanalysis.reading.quotes",
        "kzanalysis.reading.voices",
        "kzanalysis.reading.tables",
        "kzanalysis.terms",
        "kzanalysis.entities",
        "kzanalysis.themes",
        "kzanalysis.tone",
        "kzanalysis.quotes",
        "kzanalysis.numbers",
        "kzanalysis.summarize",
        "kzanalysis.errata",
        "kzanalysis.routes",
        "kzanalysis.routes.reader",
        "kzanalysis.routes.stance",
        "kzanalysis.routes.references",
        "kzanalysis.routes.names",
        "kzanalysis.routes.route_positions",
        "kzanalysis.routes.facts",
        "kzanalysis.claims",
        "kzanalysis.claims.proposals",
        "kzanalysis.claims.agreement",
        "kzanalysis.positions",
        "kzanalysis.balancing",
        "kzanalysis.rights",
        "kzanalysis.topics",
        "kzanalysis.findings",
        "kzanalysis.findings.model",
        "kzanalysis.findings.spec",
        "kzanalysis.findings.policy",
        "kzanalysis.findings.voices",
        "kzanalysis.findings.registry",
        "kzanalysis.findings.loo",
        "kzanalysis.findings.assemble",
    ],
    "report": [
        "kzanalysis.edition",
        "kzanalysis.book",
        "kzanalysis.plots",
        "kzanalysis.figures",
        "kzanalysis.figures.registry",
        "kzanalysis.figures.builders",
        "kzanalysis.figures.glue",
        "kzanalysis.figures.export",
        "kzanalysis.figures.catalogue",
        "kzanalysis.report_tables",
        "kzanalysis.report_tables.common",
        "kzanalysis.report_tables.overview",
        "kzanalysis.report_tables.questions",
        "kzanalysis.report_tables.appendices",
        "kzanalysis.findings_glue",
        "kzanalysis.sources",
    ],
    "entry": [
        "kzanalysis.export",
        "kzanalysis.analysed",
        "kzanalysis.cli",
        "kzanalysis.__main__",
    ],
}

#: Libraries that draw, run notebooks or build the book: only the report and entry layers may import them.
PRESENTATION_LIBRARIES = (
    "matplotlib",
    "wordcloud",
    "sphinx",
    "sphinxcontrib",
    "docutils",
    "myst_nb",
    "myst_parser",
    "IPython",
    "jupyter_book",
)

#: For each layer checked, the layers it must not import from.
FORBIDDEN_LAYERS = {"data": ("analysis", "report", "entry"), "analysis": ("report", "entry")}


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """``kzanalysis.reading.voices`` for ``kzanalysis/reading/voices.py`` (a package's ``__init__`` is the package)."""
    parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def package_modules(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}


def layer_of(name: str, layers: dict[str, list[str]] = LAYERS) -> str | None:
    """The layer of module ``name``: the layer whose list names it or, failing that, the package it is in."""
    best, best_len = None, -1
    for layer, names in layers.items():
        for listed in names:
            if name == listed or (listed != "kzanalysis" and name.startswith(listed + ".")):
                if len(listed) > best_len:
                    best, best_len = layer, len(listed)
    return best


def imported_modules(source: str, name: str, package: bool, known: set[str]) -> list[tuple[int, str]]:
    """``(line, dotted name)`` of every import in ``source``, relative imports resolved, wherever it is written.

    ``from X import y`` counts as an import of ``X.y`` when that is a module of the package (``from . import
    figures``), else of ``X``.
    """
    base = name.split(".") if package else name.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(anchor + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if sub in known else target))
    return list(dict.fromkeys(found))


def layer_violations(
    source: str,
    name: str,
    *,
    package: bool = False,
    layers: dict[str, list[str]] = LAYERS,
    known: set[str] | None = None,
) -> list[str]:
    """Every import of module ``name`` (given its ``source``) that breaks the layer rule, as readable lines."""
    known = set(package_modules()) if known is None else known
    layer = layer_of(name, layers)
    if layer not in FORBIDDEN_LAYERS:
        return []
    problems = []
    for line, target in imported_modules(source, name, package, known):
        top = target.split(".")[0]
        if top in PRESENTATION_LIBRARIES:
            problems.append(f"{name}:{line} ({layer}) imports the presentation library {target}")
        elif top == "kzanalysis":
            target_layer = layer_of(target, layers)
            if target_layer in FORBIDDEN_LAYERS[layer]:
                problems.append(f"{name}:{line} ({layer}) imports {target} ({target_layer})")
    return problems


# ------------------------------------------------------------------------------------------- the real package


def test_every_module_is_in_exactly_one_layer():
    modules = package_modules()
    unplaced = [name for name in modules if layer_of(name) is None]
    assert unplaced == [], f"put these modules in a layer of LAYERS (and the README): {unplaced}"
    listed = [name for names in LAYERS.values() for name in names]
    assert len(listed) == len(set(listed)), "a module is listed in two layers"
    stale = [name for name in listed if name not in modules]
    assert stale == [], f"LAYERS names modules that do not exist: {stale}"


@pytest.mark.parametrize("name", sorted(n for n in package_modules() if layer_of(n) in FORBIDDEN_LAYERS))
def test_data_and_analysis_modules_import_no_presentation_and_no_higher_layer(name):
    path = package_modules()[name]
    assert layer_violations(path.read_text(encoding="utf-8"), name, package=is_package(path)) == []


#: The reading layer's package. The measures and judgments build on the reading, never the reverse.
READING = "kzanalysis.reading"
READING_MODULES = sorted(n for n in package_modules() if n == READING or n.startswith(READING + "."))


def _is_entities(target: str) -> bool:
    return target == "kzanalysis.entities" or target.startswith("kzanalysis.entities.")


def reading_violations(
    source: str,
    name: str,
    *,
    package: bool = False,
    layers: dict[str, list[str]] = LAYERS,
    known: set[str] | None = None,
) -> list[str]:
    """Every import of reading module ``name`` of :mod:`kzanalysis.entities` or of another analysis module
    outside the reading layer, as readable lines."""
    known = set(package_modules()) if known is None else known
    problems = []
    for line, target in imported_modules(source, name, package, known):
        if target.split(".")[0] != "kzanalysis" or target == READING or target.startswith(READING + "."):
            continue
        if _is_entities(target) or layer_of(target, layers) == "analysis":
            problems.append(f"{name}:{line} (reading) imports {target}")
    return problems


def test_no_reading_module_imports_entities():
    modules = package_modules()
    assert {"kzanalysis.reading.actors", "kzanalysis.reading.voices"} <= set(READING_MODULES)
    importers = [
        f"{name}:{line}"
        for name in READING_MODULES
        for line, target in imported_modules(
            modules[name].read_text(encoding="utf-8"), name, is_package(modules[name]), set(modules)
        )
        if _is_entities(target)
    ]
    assert importers == []


@pytest.mark.parametrize("name", READING_MODULES)
def test_reading_modules_import_no_analysis_module_outside_reading(name):
    path = package_modules()[name]
    assert reading_violations(path.read_text(encoding="utf-8"), name, package=is_package(path)) == []


# ---------------------------------------------------------------------------------- the checker on crafted code

KNOWN = {
    "kzanalysis",
    "kzanalysis.corpus",
    "kzanalysis.themes",
    "kzanalysis.findings",
    "kzanalysis.plots",
    "kzanalysis.plots.style",
    "kzanalysis.figures",
    "kzanalysis.book",
    "kzanalysis.labels",
    "kzanalysis.reading",
    "kzanalysis.reading.parts",
    "kzanalysis.reading.voices",
    "kzanalysis.entities",
}


def check(source: str, name: str, package: bool = False) -> list[str]:
    return layer_violations(source, name, package=package, known=KNOWN)


def test_checker_flags_a_plotting_import_inside_an_analysis_function():
    source = "import re\n\ndef draw(frame):\n    import matplotlib.pyplot as plt\n    return plt.figure()\n"
    assert check(source, "kzanalysis.themes") == [
        "kzanalysis.themes:4 (analysis) imports the presentation library matplotlib.pyplot"
    ]


def test_checker_flags_report_modules_however_they_are_imported():
    source = (
        "from .plots import new_figure\n"
        "from . import figures\n"
        "from kzanalysis.book import glue_value\n"
        "import kzanalysis.plots.style\n"
        "from . import labels\n"
    )  # labels is data: allowed
    assert check(source, "kzanalysis.findings") == [
        "kzanalysis.findings:1 (analysis) imports kzanalysis.plots (report)",
        "kzanalysis.findings:2 (analysis) imports kzanalysis.figures (report)",
        "kzanalysis.findings:3 (analysis) imports kzanalysis.book (report)",
        "kzanalysis.findings:4 (analysis) imports kzanalysis.plots.style (report)",
    ]


def test_checker_flags_sphinx_and_notebook_libraries():
    source = "from docutils import nodes\nfrom sphinx.util import logging\nfrom myst_nb import glue\nimport IPython\n"
    assert len(check(source, "kzanalysis.corpus")) == 4


def test_checker_flags_a_data_module_importing_analysis_with_a_relative_import():
    # reading/parts.py is data; ``..entities`` from inside the reading package is kzanalysis.entities (analysis).
    source = "def f():\n    from ..entities import find_entities\n    from .voices import sentence_voices\n"
    assert check(source, "kzanalysis.reading.parts") == [
        "kzanalysis.reading.parts:2 (data) imports kzanalysis.entities (analysis)",
        "kzanalysis.reading.parts:3 (data) imports kzanalysis.reading.voices (analysis)",
    ]


def test_reading_checker_flags_entities_and_analysis_outside_reading_wherever_imported():
    source = (
        "from ..entities import GazetteerMatcher\n"
        "def f():\n    from .. import entities\n    from ..themes import theme_scores\n"
        "from .parts import PARTS\nfrom ..labels import short_label\nfrom .voices import sentence_voices\n"
    )  # parts and voices are reading, labels is data: allowed
    assert reading_violations(source, "kzanalysis.reading.actors", known=KNOWN) == [
        "kzanalysis.reading.actors:1 (reading) imports kzanalysis.entities",
        "kzanalysis.reading.actors:3 (reading) imports kzanalysis.entities",
        "kzanalysis.reading.actors:4 (reading) imports kzanalysis.themes",
    ]


def test_checker_accepts_imports_that_run_down_the_layers():
    analysis = "import pandas as pd\nfrom .corpus import Corpus\nfrom .reading.parts import PARTS\nimport networkx\n"
    assert check(analysis, "kzanalysis.findings") == []
    report = "import matplotlib\nfrom ..findings import key_findings\nfrom . import style\n"
    assert check(report, "kzanalysis.plots", package=True) == []
    # the package's own __init__ resolves ``from . import x`` inside itself
    assert check("from .reading import parts\n", "kzanalysis", package=True) == []


# ------------------------------------------------------------------------------------------------ the README

README = PACKAGE_DIR.parent / "README.md"
_LAYER_HEADING = re.compile(r"^#### Layer `(\w+)`", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)- `([\w.]+)`", re.MULTILINE)


def readme_layers(text: str) -> dict[str, list[str]]:
    """The modules the README's "How the code is laid out" lists under each ``#### Layer `<name>``` heading."""
    section = text.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    headings = list(_LAYER_HEADING.finditer(section))
    layers: dict[str, list[str]] = {}
    for i, heading in enumerate(headings):
        block = section[heading.end() : headings[i + 1].start() if i + 1 < len(headings) else len(section)]
        names = []
        for bullet in _BULLET.finditer(block):
            shown = bullet.group(2)
            names.append("kzanalysis" if shown == "__init__" else f"kzanalysis.{shown}")
        layers[heading.group(1)] = names
    return layers


def test_readme_lists_every_module_under_its_layer():
    text = README.read_text(encoding="utf-8")
    assert "## How the code is laid out" in text
    listed = readme_layers(text)
    assert set(listed) == set(LAYERS)
    modules = package_modules()
    for layer, names in listed.items():
        assert [n for n in names if n not in modules] == [], f"README lists modules that do not exist ({layer})"
        assert {layer_of(n) for n in names} == {layer}, f"README puts a module of another layer under {layer}"
        assert set(LAYERS[layer]) <= set(names), f"README leaves out modules of {layer}"


def test_readme_reader_sees_a_misplaced_module():
    text = (
        "## How the code is laid out\n\n#### Layer `data`: x\n\n- `corpus`: loads.\n- `findings`: judges.\n\n"
        "#### Layer `report`: y\n\n- `plots`: draws.\n  - `plots.style`: style.\n\n## Next\n\n- `cli`: no.\n"
    )
    assert readme_layers(text) == {
        "data": ["kzanalysis.corpus", "kzanalysis.findings"],
        "report": ["kzanalysis.plots", "kzanalysis.plots.style"],
    }
    assert {layer_of(n) for n in readme_layers(text)["data"]} == {"data", "analysis"}
