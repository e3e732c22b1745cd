"""The package's layers, the folder each one lives in, and the rule that its imports run one way.

Every module of ``kzanalysis`` belongs to one layer, and each layer but the entry commands has a folder of its
own in the package (the README's "How the code is laid out" names the same lists):

- load (``kzanalysis/load/``): loading and validating the corpus and the curated files, and the plain-text
  foundations every layer uses (errors, limits, memoisation, tokens, sentences, labels, paragraph numbering
  and parts, paragraph references);
- analysis (``kzanalysis/analysis/``): the reading layer (actors, quotations, voices) and every measure and
  judgment, pure functions of the corpus and the curated knowledge;
- report (``kzanalysis/report/``): what the book shows (style, plots, the figure registry, book helpers,
  tables, source pages);
- entry (the top of ``kzanalysis/``): the command line, the CSV export and the analysed-corpus cache, which
  call any layer. The package's own ``__init__`` sits at the top too (it is what ``import kzanalysis`` runs),
  but it is in the load layer: it holds the version and imports nothing above it.

The rules checked here: every module sits in its layer's folder; no load or analysis module imports a
plotting, notebook or Sphinx library or a report (or entry) module, at module level or inside a function; no
load module imports an analysis module; and no module of the reading layer (``kzanalysis.analysis.reading``)
imports ``kzanalysis.analysis.entities`` or any other analysis module outside the reading layer. The checker
reads each module's source with :mod:`ast`, so an import inside a function counts as much as one at the top
of the file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "kzanalysis"

#: Each layer's modules. A name also covers the modules of the package it names (``kzanalysis.report.plots``).
LAYERS: dict[str, list[str]] = {
    "load": [
        "kzanalysis",  # the package's __init__, at its top: the version (what `import kzanalysis` runs)
        "kzanalysis.load",  # the layer's folder
        "kzanalysis.load.errors",
        "kzanalysis.load.limits",
        "kzanalysis.load.memo",
        "kzanalysis.load.parallel",
        "kzanalysis.load.textutil",
        "kzanalysis.load.refs",
        "kzanalysis.load.labels",
        "kzanalysis.load.clean",
        "kzanalysis.load.extract",
        "kzanalysis.load.extract.files",
        "kzanalysis.load.extract.cleanup",
        "kzanalysis.load.extract.markup",
        "kzanalysis.load.extract.pdf",
        "kzanalysis.load.resources",  # the package: one module per curated file family
        "kzanalysis.load.resources.datadir",
        "kzanalysis.load.resources.gazetteer",
        "kzanalysis.load.resources.lexicons",
        "kzanalysis.load.resources.geography",
        "kzanalysis.load.knowledge",  # the package: one module per curated knowledge file
        "kzanalysis.load.knowledge.schema",
        "kzanalysis.load.knowledge.codebook",
        "kzanalysis.load.knowledge.claims",
        "kzanalysis.load.knowledge.events",
        "kzanalysis.load.knowledge.periods",
        "kzanalysis.load.bibliography",
        "kzanalysis.load.crosscheck",
        # Paragraph numbering and document parts are assigned as the corpus loads (corpus.all_paragraphs).
        "kzanalysis.load.paragraphs",
        "kzanalysis.load.parts",
        # The sentences of article text every sentence-level measure splits alike (memo and textutil only).
        "kzanalysis.load._sentences",
        # The word, sentence and paragraph counts load_corpus stores on every article, and their totals.
        "kzanalysis.load.stats",
        "kzanalysis.load.corpus",  # the package: the Corpus and its loading, the manifest, the checks of the files
        "kzanalysis.load.corpus.loading",
        "kzanalysis.load.corpus.manifest",
        "kzanalysis.load.corpus.validation",
        "kzanalysis.load.add",
        "kzanalysis.load.add.propose",
        "kzanalysis.load.add.plan",
        "kzanalysis.load.add.write",
        "kzanalysis.load.add.command",
    ],
    "analysis": [
        "kzanalysis.analysis",  # the layer's folder
        "kzanalysis.analysis.reading",
        "kzanalysis.analysis.reading.gazetteer",
        "kzanalysis.analysis.reading.lexicon",
        "kzanalysis.analysis.reading.runs",
        "kzanalysis.analysis.reading.mentions",
        "kzanalysis.analysis.reading.actors",
        "kzanalysis.analysis.reading.quotes",
        "kzanalysis.analysis.reading.voices",
        "kzanalysis.analysis.reading.tables",
        "kzanalysis.analysis.terms",
        "kzanalysis.analysis.entities",
        "kzanalysis.analysis.themes",
        "kzanalysis.analysis.tone",
        "kzanalysis.analysis.quotes",
        "kzanalysis.analysis.numbers",
        "kzanalysis.analysis.summarize",
        "kzanalysis.analysis.errata",
        "kzanalysis.analysis.routes",
        "kzanalysis.analysis.routes.reader",
        "kzanalysis.analysis.routes.stance",
        "kzanalysis.analysis.routes.references",
        "kzanalysis.analysis.routes.names",
        "kzanalysis.analysis.routes.route_positions",
        "kzanalysis.analysis.routes.facts",
        "kzanalysis.analysis.claims",
        "kzanalysis.analysis.claims.proposals",
        "kzanalysis.analysis.claims.agreement",
        "kzanalysis.analysis.positions",
        "kzanalysis.analysis.balancing",
        "kzanalysis.analysis.rights",
        "kzanalysis.analysis.topics",
        "kzanalysis.analysis.findings",
        "kzanalysis.analysis.findings.model",
        "kzanalysis.analysis.findings.spec",
        "kzanalysis.analysis.findings.policy",
        "kzanalysis.analysis.findings.voices",
        "kzanalysis.analysis.findings.registry",
        "kzanalysis.analysis.findings.loo",
        "kzanalysis.analysis.findings.assemble",
    ],
    "report": [
        "kzanalysis.report",  # the layer's folder
        "kzanalysis.report.edition",
        "kzanalysis.report.book",
        "kzanalysis.report.plots",
        "kzanalysis.report.figures",
        "kzanalysis.report.figures.registry",
        "kzanalysis.report.figures.builders",
        "kzanalysis.report.figures.glue",
        "kzanalysis.report.figures.export",
        "kzanalysis.report.figures.catalogue",
        "kzanalysis.report.report_tables",
        "kzanalysis.report.report_tables.common",
        "kzanalysis.report.report_tables.overview",
        "kzanalysis.report.report_tables.questions",
        "kzanalysis.report.report_tables.appendices",
        "kzanalysis.report.findings_glue",
        "kzanalysis.report.sources",
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
FORBIDDEN_LAYERS = {"load": ("analysis", "report", "entry"), "analysis": ("report", "entry")}


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """``kzanalysis.analysis.reading.voices`` for ``kzanalysis/analysis/reading/voices.py`` (a package's ``__init__`` is
    the package)."""
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


#: The folder of the package each layer lives in; the entry commands sit at the package's top.
FOLDERS = {"load": "kzanalysis.load", "analysis": "kzanalysis.analysis", "report": "kzanalysis.report"}
ENTRY = "entry"


def misplaced(names, layers: dict[str, list[str]] = LAYERS) -> list[str]:
    """Every module of ``names`` that does not sit where its layer lives, as readable lines.

    A module of a layer with a folder sits in that folder; an entry module sits at the top of the package; the
    package's own ``__init__`` (``kzanalysis``) sits at the top whatever its layer.
    """
    problems = []
    for name in sorted(names):
        if name == "kzanalysis":
            continue
        layer = layer_of(name, layers)
        if layer == ENTRY:
            if name.count(".") != 1:
                problems.append(f"{name} (entry) sits in a folder: entry modules sit at the top of kzanalysis/")
        elif layer in FOLDERS:
            folder = FOLDERS[layer]
            if name != folder and not name.startswith(folder + "."):
                problems.append(f"{name} ({layer}) sits outside {folder.replace('.', '/')}/")
        else:
            problems.append(f"{name} is in no layer with a place")
    return problems


def test_every_module_sits_in_its_layers_folder():
    assert set(LAYERS) == set(FOLDERS) | {ENTRY}
    assert misplaced(package_modules()) == []


def test_folder_checker_sees_a_module_outside_its_layers_folder():
    layers = {
        "load": ["kzanalysis", "kzanalysis.load", "kzanalysis.load.corpus"],
        "analysis": ["kzanalysis.analysis", "kzanalysis.stray", "kzanalysis.load.voices"],
        "report": ["kzanalysis.report"],
        "entry": ["kzanalysis.cli", "kzanalysis.report.export"],
    }
    names = [
        "kzanalysis",
        "kzanalysis.cli",
        "kzanalysis.load",
        "kzanalysis.load.corpus",
        "kzanalysis.load.voices",
        "kzanalysis.stray",
        "kzanalysis.report.export",
        "kzanalysis.analysis.tone",
    ]
    assert misplaced(names, layers) == [
        "kzanalysis.load.voices (analysis) sits outside kzanalysis/analysis/",
        "kzanalysis.report.export (entry) sits in a folder: entry modules sit at the top of kzanalysis/",
        "kzanalysis.stray (analysis) sits outside kzanalysis/analysis/",
    ]


@pytest.mark.parametrize("name", sorted(n for n in package_modules() if layer_of(n) in FORBIDDEN_LAYERS))
def test_load_and_analysis_modules_import_no_presentation_and_no_higher_layer(name):
    path = package_modules()[name]
    assert layer_violations(path.read_text(encoding="utf-8"), name, package=is_package(path)) == []


#: The reading layer's package. The measures and judgments build on the reading, never the reverse.
READING = "kzanalysis.analysis.reading"
READING_MODULES = sorted(n for n in package_modules() if n == READING or n.startswith(READING + "."))


def _is_entities(target: str) -> bool:
    return target == "kzanalysis.analysis.entities" or target.startswith("kzanalysis.analysis.entities.")


def reading_violations(
    source: str,
    name: str,
    *,
    package: bool = False,
    layers: dict[str, list[str]] = LAYERS,
    known: set[str] | None = None,
) -> list[str]:
    """Every import of reading module ``name`` of :mod:`kzanalysis.analysis.entities` or of another analysis module
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
    assert {"kzanalysis.analysis.reading.actors", "kzanalysis.analysis.reading.voices"} <= set(READING_MODULES)
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
    "kzanalysis.load.corpus",
    "kzanalysis.analysis.themes",
    "kzanalysis.analysis.findings",
    "kzanalysis.report.plots",
    "kzanalysis.report.plots.style",
    "kzanalysis.report.figures",
    "kzanalysis.report.book",
    "kzanalysis.load.labels",
    "kzanalysis.analysis.reading",
    "kzanalysis.load.parts",
    "kzanalysis.analysis.reading.voices",
    "kzanalysis.analysis.entities",
}


def check(source: str, name: str, package: bool = False) -> list[str]:
    return layer_violations(source, name, package=package, known=KNOWN)


def test_checker_flags_a_plotting_import_inside_an_analysis_function():
    source = "import re\n\ndef draw(frame):\n    import matplotlib.pyplot as plt\n    return plt.figure()\n"
    assert check(source, "kzanalysis.analysis.themes") == [
        "kzanalysis.analysis.themes:4 (analysis) imports the presentation library matplotlib.pyplot"
    ]


def test_checker_flags_report_modules_however_they_are_imported():
    source = (
        "from ..report.plots import new_figure\n"
        "from ..report import figures\n"
        "from kzanalysis.report.book import glue_value\n"
        "import kzanalysis.report.plots.style\n"
        "from ..load import labels\n"
    )  # labels is load: allowed
    assert check(source, "kzanalysis.analysis.findings") == [
        "kzanalysis.analysis.findings:1 (analysis) imports kzanalysis.report.plots (report)",
        "kzanalysis.analysis.findings:2 (analysis) imports kzanalysis.report.figures (report)",
        "kzanalysis.analysis.findings:3 (analysis) imports kzanalysis.report.book (report)",
        "kzanalysis.analysis.findings:4 (analysis) imports kzanalysis.report.plots.style (report)",
    ]


def test_checker_flags_sphinx_and_notebook_libraries():
    source = "from docutils import nodes\nfrom sphinx.util import logging\nfrom myst_nb import glue\nimport IPython\n"
    assert len(check(source, "kzanalysis.load.corpus")) == 4


def test_checker_flags_a_load_module_importing_analysis_with_a_relative_import():
    # load/parts.py is load; ``..analysis.entities`` from inside the load folder is kzanalysis.analysis.entities.
    source = "def f():\n    from ..analysis.entities import find_entities\n    from ..analysis.reading import voices\n"
    assert check(source, "kzanalysis.load.parts") == [
        "kzanalysis.load.parts:2 (load) imports kzanalysis.analysis.entities (analysis)",
        "kzanalysis.load.parts:3 (load) imports kzanalysis.analysis.reading.voices (analysis)",
    ]


def test_reading_checker_flags_entities_and_analysis_outside_reading_wherever_imported():
    source = (
        "from ..entities import GazetteerMatcher\n"
        "def f():\n    from .. import entities\n    from ..themes import theme_scores\n"
        "from kzanalysis.load.parts import PARTS\nfrom ...load.labels import short_label\n"
        "from .voices import sentence_voices\n"
    )  # parts and labels are load, voices is reading: allowed
    assert reading_violations(source, "kzanalysis.analysis.reading.actors", known=KNOWN) == [
        "kzanalysis.analysis.reading.actors:1 (reading) imports kzanalysis.analysis.entities",
        "kzanalysis.analysis.reading.actors:3 (reading) imports kzanalysis.analysis.entities",
        "kzanalysis.analysis.reading.actors:4 (reading) imports kzanalysis.analysis.themes",
    ]


def test_checker_accepts_imports_that_run_down_the_layers():
    analysis = (
        "import pandas as pd\nfrom ..load.corpus import Corpus\nfrom kzanalysis.load.parts import PARTS\n"
        "import networkx\nfrom .reading import voices\n"
    )
    assert check(analysis, "kzanalysis.analysis.findings") == []
    report = "import matplotlib\nfrom ...analysis.findings import key_findings\nfrom . import style\n"
    assert check(report, "kzanalysis.report.plots", package=True) == []
    # the package's own __init__ resolves ``from . import x`` inside itself
    assert check("from .load import parts\n", "kzanalysis", package=True) == []


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
        "## How the code is laid out\n\n#### Layer `load`: x\n\n- `load.corpus`: loads.\n"
        "- `analysis.findings`: judges.\n\n"
        "#### Layer `report`: y\n\n- `report.plots`: draws.\n  - `report.plots.style`: style.\n\n"
        "## Next\n\n- `cli`: no.\n"
    )
    assert readme_layers(text) == {
        "load": ["kzanalysis.load.corpus", "kzanalysis.analysis.findings"],
        "report": ["kzanalysis.report.plots", "kzanalysis.report.plots.style"],
    }
    assert {layer_of(n) for n in readme_layers(text)["load"]} == {"load", "analysis"}
