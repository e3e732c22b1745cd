"""Every public function of ``kzanalysis`` states the types of its parameters and of its return value.

A public function is one at module level whose name does not start with an underscore, or a public method (name
without a leading underscore) of a public class at module level. Each of its parameters (positional, keyword-only,
``*args`` and ``**kwargs``) carries an annotation, except the ``self`` or ``cls`` a method receives first, and
the function carries a return annotation. The checker reads each module's source with :mod:`ast`, so nothing is
imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "kzanalysis"

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _is_public(name: str) -> bool:
    return not name.startswith("_")


def _is_staticmethod(node: FunctionNode) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


def missing_annotations(node: FunctionNode, method: bool = False) -> list[str]:
    """The parameters of ``node`` without an annotation, then ``"return"`` when it has no return annotation."""
    args = node.args
    params = [*args.posonlyargs, *args.args]
    if method and not _is_staticmethod(node) and params and params[0].arg in ("self", "cls"):
        params = params[1:]
    params += args.kwonlyargs
    params += [a for a in (args.vararg, args.kwarg) if a is not None]
    missing = [p.arg for p in params if p.annotation is None]
    if node.returns is None:
        missing.append("return")
    return missing


def unannotated(source: str) -> list[str]:
    """``"name: param, ..."`` (``"Class.name: ..."`` for a method) for each public function missing an annotation."""
    problems = []
    for node in ast.parse(source).body:
        if isinstance(node, FunctionNode) and _is_public(node.name):
            missing = missing_annotations(node)
            if missing:
                problems.append(f"{node.name}: {', '.join(missing)}")
        elif isinstance(node, ast.ClassDef) and _is_public(node.name):
            for sub in node.body:
                if isinstance(sub, FunctionNode) and _is_public(sub.name):
                    missing = missing_annotations(sub, method=True)
                    if missing:
                        problems.append(f"{node.name}.{sub.name}: {', '.join(missing)}")
    return problems


MODULE_FILES = sorted(PACKAGE_DIR.rglob("*.py"))


def test_the_package_has_modules_to_check():
    assert len(MODULE_FILES) > 10
    assert PACKAGE_DIR / "__init__.py" in MODULE_FILES


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: str(p.relative_to(PACKAGE_DIR.parent)))
def test_public_functions_are_fully_annotated(path):
    assert unannotated(path.read_text(encoding="utf-8")) == []


def test_checker_flags_a_missing_parameter_and_a_missing_return():
    source = "def total(values, scale: float):\n    return sum(values) * scale\n"
    assert unannotated(source) == ["total: values, return"]


def test_checker_flags_starred_and_keyword_only_parameters():
    source = "def call(a: int, *args, key, **kwargs) -> None:\n    pass\n"
    assert unannotated(source) == ["call: key, args, kwargs"]


def test_checker_flags_positional_only_parameters_and_async_functions():
    source = "async def fetch(url, /, timeout: float = 1.0) -> bytes:\n    return b''\n"
    assert unannotated(source) == ["fetch: url"]


def test_checker_flags_public_methods_but_not_self_or_cls():
    source = (
        "class Table:\n"
        "    def __init__(self, rows):\n        self.rows = rows\n"
        "    def render(self, width) -> str:\n        return ''\n"
        "    @classmethod\n    def empty(cls) -> 'Table':\n        return cls([])\n"
        "    @staticmethod\n    def parse(self) -> 'Table':\n        return Table([])\n"
        "    def size(self):\n        return len(self.rows)\n"
    )
    assert unannotated(source) == ["Table.render: width", "Table.parse: self", "Table.size: return"]


def test_checker_ignores_private_functions_private_classes_and_nested_functions():
    source = (
        "def _helper(x):\n    return x\n"
        "class _Hidden:\n    def show(self, x):\n        return x\n"
        "def outer() -> int:\n    def inner(y):\n        return y\n    return inner(1)\n"
    )
    assert unannotated(source) == []


def test_checker_accepts_a_fully_annotated_module():
    source = (
        "from __future__ import annotations\n"
        "def share(part: int, whole: int, *, digits: int = 1) -> float:\n    return round(part / whole, digits)\n"
        "class Count:\n    def add(self, n: int) -> None:\n        pass\n"
    )
    assert unannotated(source) == []
