"""Chapters hold narrative and calls only: no analysis in a chapter's code cells.

Every table and value a chapter shows is built by a tested package function
(:mod:`kzanalysis.report.report_tables` and the analysis modules); a chapter cell
imports, calls, glues and shows tables. This test reads every code cell of
every chapter (parsed with jupytext) and fails on pandas work (grouping,
pivoting, merging, assigning, mapping, applying, sorting, renaming or
selecting columns), conditionals, comprehensions, arithmetic, comparisons,
function definitions and loops that do anything but glue.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import pytest

CHAPTERS = sorted((Path(__file__).resolve().parent.parent / "chapters").glob("*.md"))

#: Methods whose call in a chapter is analysis, whatever object they are called on.
ANALYSIS_METHODS = frozenset(
    {
        "groupby",
        "pivot",
        "pivot_table",
        "merge",
        "join",
        "assign",
        "map",
        "apply",
        "agg",
        "aggregate",
        "sort_values",
        "sort_index",
        "value_counts",
        "nunique",
        "sum",
        "mean",
        "count",
        "drop",
        "rename",
        "fillna",
        "reindex",
        "set_index",
        "reset_index",
        "query",
        "where",
        "mask",
        "loc",
        "iloc",
        "str",
        "isin",
        "notna",
        "isna",
        "round",
        "astype",
        "melt",
        "stack",
        "unstack",
        "explode",
        "head",
        "tail",
    }
)

#: Built-in functions that compute a value from data.
ANALYSIS_BUILTINS = frozenset(
    {"len", "sum", "max", "min", "sorted", "round", "abs", "any", "all", "next", "filter", "zip", "enumerate"}
)

#: Calls allowed in the body of a chapter's loop: a loop may only glue.
GLUE_CALLS = frozenset({"glue_value", "glue"})


def _called_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_glue_statement(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and _called_name(statement.value) in GLUE_CALLS
    )


def analysis_in(source: str) -> list[str]:
    """What in a chapter cell's code is analysis rather than a call, a glue or a table; [] when nothing is."""
    tree = ast.parse(source)
    problems: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, (ast.If, ast.IfExp)):
            problems.append(f"line {line}: an if (a verdict belongs in a package function)")
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            problems.append(f"line {line}: a comprehension")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            problems.append(f"line {line}: a function or class defined in a chapter")
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) or (
            isinstance(node, ast.UnaryOp) and not isinstance(node.operand, ast.Constant)
        ):
            problems.append(f"line {line}: arithmetic")
        elif isinstance(node, (ast.Compare, ast.BoolOp)):
            problems.append(f"line {line}: a comparison (filtering)")
        elif isinstance(node, (ast.For, ast.While, ast.AsyncFor)):
            if isinstance(node, ast.While) or not all(_is_glue_statement(s) for s in node.body) or node.orelse:
                problems.append(f"line {line}: a loop that does more than glue")
        elif isinstance(node, ast.Attribute) and node.attr in ANALYSIS_METHODS:
            problems.append(f"line {line}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ANALYSIS_BUILTINS:
            problems.append(f"line {line}: {node.func.id}()")
        elif isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Constant, ast.Name)):
            problems.append(f"line {line}: selection by a list, slice or mask")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, (ast.Attribute, ast.Subscript)) for t in targets):
                problems.append(f"line {line}: assignment into an object (renaming or adding columns)")
    return problems


def _code_cells(path: Path) -> list[str]:
    notebook = jupytext.read(path)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_every_chapter_is_read():
    names = {path.stem for path in CHAPTERS}
    assert {
        "key_findings",
        "corpus",
        "energy",
        "balancing",
        "rights_security",
        "conclusions",
        "appendix_methods",
        "appendix_data",
    } <= names
    assert all(_code_cells(path) for path in CHAPTERS if path.stem != "bibliography")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_cells_hold_calls_only(path):
    found = {i: analysis_in(source) for i, source in enumerate(_code_cells(path))}
    assert {i: p for i, p in found.items() if p} == {}


CALLS_ONLY = """
from kzanalysis.report import report_tables as tables
from kzanalysis.report.book import Table, glue_value

corpus = analysed_corpus()
for key, value in tables.corpus_overview(corpus).items():
    glue_value(f"corpus-{key}", value)
Table(*tables.articles_table(corpus), name="tbl-articles")
figures.glue_figure("chronology", corpus);
"""


def test_a_cell_of_calls_glue_and_tables_passes():
    assert analysis_in(CALLS_ONLY) == []


@pytest.mark.parametrize(
    "cell, problem",
    [
        ('shares = claims.groupby("side").size()', ".groupby"),
        ('table = counts.pivot_table(index="a", columns="b")', ".pivot_table"),
        ('table = a.merge(b, on="id")', ".merge"),
        ("shown = table.assign(ref=refs)", ".assign"),
        ('shown = table["id"].map(labels)', ".map"),
        ("shown = table.apply(str, axis=1)", ".apply"),
        ('shown = table.sort_values("date")', ".sort_values"),
        ('table.columns = ["Date", "Outlet"]', "assignment into an object"),
        ('shown = table[["date", "outlet"]]', "selection by a list"),
        ('verdict = "holds" if n > 2 else "changes"', "an if"),
        ('if n > 2:\n    glue_value("x", 1)', "an if"),
        ("share = part / whole", "arithmetic"),
        ('machine = int((~claims["reviewed"]).sum())', "arithmetic"),
        ("n = len(table)", "len()"),
        ("for row in rows:\n    total = total + row", "a loop that does more than glue"),
        ('labels = [f"{a} {b}" for a, b in pairs]', "a comprehension"),
        ("def installed(name):\n    return name", "a function or class"),
    ],
)
def test_a_cell_with_analysis_fails(cell, problem):
    found = analysis_in(cell)
    assert any(problem in p for p in found), found


def test_every_table_name_is_unique_and_every_table_reference_has_its_table():
    import re

    names: list[str] = []
    referenced: set[str] = set()
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        names += re.findall(r'name="(tbl-[\w-]+)"', text)
        referenced |= set(re.findall(r"\{numref\}`(tbl-[\w-]+)`", text))
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert sorted(referenced - set(names)) == []
