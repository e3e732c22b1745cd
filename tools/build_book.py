"""Build the book strictly, with an execution cache that notices data and code.

Usage (from the repository root, with the project's virtual environment)::

    python tools/build_book.py html            # HTML into _build/html
    python tools/build_book.py figures         # figure files into _build/figures
    python tools/build_book.py pdf             # PDF into _build/latex/book.pdf
    python tools/build_book.py html figures pdf
    python tools/build_book.py key             # print the execution-cache key

Options: ``--root DIR`` builds the book found in DIR (default: the repository
that holds this script).

Why a wrapper around ``jupyter-book build``:

* Strictness. Sphinx runs with ``-W -n --keep-going``; the build fails on any
  warning, and the log is also scanned, so a warning can never slip through
  as a zero exit code. The PDF step also fails on LaTeX "Missing character"
  lines and on undefined references.
* A correct execution cache. Jupyter Book re-executes a chapter only when its
  code cells change; it does not notice new or edited data files, or edits in
  the ``kzanalysis`` package. The cache key is a SHA-256 over the corpus data
  directory actually used (``KZ_DATA_DIR`` if set, else ``data/``), every file
  of the ``kzanalysis`` package (the book's own and, if different, the one the
  kernels import) and ``requirements.txt``. It is stored in
  ``_build/.kz-cache-key``; when it changes, the execution cache
  (``_build/.jupyter_cache``) and the Sphinx environment (``_build/.doctrees``,
  which would otherwise keep unchanged chapters' old output) are removed
  before building, so every chapter runs again.
* Repeatable runs. matplotlib, IPython, xelatex and other tools write their
  caches under ``_build/.cache`` rather than the home directory.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: Lines of a Sphinx log that make the build fail even if the exit code is 0.
SPHINX_PROBLEM = re.compile(
    r"(^|\s)(WARNING|ERROR|CRITICAL|SEVERE):|Traceback \(most recent call last\)|build finished with problems"
)
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Lines of the LaTeX log that make the PDF build fail.
LATEX_PROBLEMS = [
    re.compile(r"Missing character"),
    re.compile(r"LaTeX Warning: (Reference|Citation|Hyper reference) .* undefined"),
    re.compile(r"There were undefined references"),
    re.compile(r"^! ", re.MULTILINE),
]


def data_dir() -> Path:
    """Return the corpus data directory the chapters will read."""
    env = os.environ.get("KZ_DATA_DIR")
    return Path(env).resolve() if env else (ROOT / "data")


def _hash_tree(digest, base: Path, label: str) -> None:
    """Feed every file under *base* (relative path and bytes) into *digest*."""
    if base.is_file():
        files = [base]
        base = base.parent
    elif base.is_dir():
        files = sorted(
            p
            for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
        )
    else:
        files = []
    digest.update(f"[{label}] {len(files)} files\n".encode())
    for path in files:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def package_dirs() -> list[Path]:
    """The kzanalysis package of this book, and the one the kernels import if that differs."""
    dirs = [ROOT / "kzanalysis"]
    spec = importlib.util.find_spec("kzanalysis")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).resolve() != dirs[0].resolve():
            dirs.append(Path(location))
    return dirs


def cache_key() -> str:
    """SHA-256 over the data directory, the kzanalysis package and requirements.txt."""
    digest = hashlib.sha256()
    _hash_tree(digest, data_dir(), "data")
    for package in package_dirs():
        _hash_tree(digest, package, "kzanalysis")
    _hash_tree(digest, ROOT / "requirements.txt", "requirements")
    return digest.hexdigest()


def refresh_execution_cache(build: Path) -> None:
    """Drop cached chapter outputs when data, package or pins have changed."""
    key = cache_key()
    key_file = build / ".kz-cache-key"
    old = key_file.read_text().strip() if key_file.exists() else None
    if old == key:
        print(f"execution cache key unchanged ({key[:12]}): cached chapter outputs are reused")
        return
    for stale in (build / ".jupyter_cache", build / ".doctrees"):
        if stale.exists():
            shutil.rmtree(stale)
    build.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key + "\n")
    print(f"execution cache key {'set' if old is None else 'changed'} ({key[:12]}): every chapter is executed")


def set_environment(build: Path) -> None:
    """Keep tool caches inside _build so that builds do not depend on the home folder."""
    cache = build / ".cache"
    for var, sub in [
        ("MPLCONFIGDIR", "matplotlib"),
        ("IPYTHONDIR", "ipython"),
        ("TEXMFVAR", "texmf-var"),
        ("XDG_CACHE_HOME", "xdg"),
    ]:
        path = cache / sub
        path.mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(path)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # Put the virtual environment first, as activating it would.
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"


def run_logged(cmd: list[str], log: Path, cwd: Path) -> tuple[int, str]:
    """Run *cmd*, echo its output and keep a copy in *log*."""
    log.parent.mkdir(parents=True, exist_ok=True)
    print("+", " ".join(str(c) for c in cmd), flush=True)
    proc = subprocess.Popen(
        [str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, errors="replace",
    )
    lines = []
    with log.open("w", encoding="utf-8") as out:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            out.write(line)
            lines.append(line)
    return proc.wait(), "".join(lines)


def sphinx_problems(text: str) -> list[str]:
    """Sphinx warning/error lines (and tracebacks) in a build log."""
    lines = ANSI_ESCAPE.sub("", text).splitlines()
    return [line for line in lines if SPHINX_PROBLEM.search(line)]


def build_sphinx(builder: str) -> None:
    build = ROOT / "_build"
    refresh_execution_cache(build)
    cmd = [BIN / "jupyter-book", "build", ROOT, "-W", "-n", "--keep-going"]
    if builder != "html":
        cmd += ["--builder", builder]
    name = "html" if builder == "html" else "pdf"
    code, text = run_logged(cmd, build / "logs" / f"{name}.log", ROOT)
    problems = sphinx_problems(text)
    if code != 0 or problems:
        for line in problems:
            print("problem:", line, file=sys.stderr)
        raise SystemExit(f"{name} build failed (exit code {code}, {len(problems)} warning/error lines); "
                         f"see _build/logs/{name}.log")


def build_html() -> None:
    build_sphinx("html")
    index = ROOT / "_build" / "html" / "index.html"
    if not index.exists():
        raise SystemExit("html build produced no _build/html/index.html")
    print(f"HTML: {index.relative_to(ROOT)}")


def build_pdf() -> None:
    build_sphinx("pdflatex")
    latex = ROOT / "_build" / "latex"
    pdf, tex, log = latex / "book.pdf", latex / "book.tex", latex / "book.log"
    # latexmk leaves the PDF alone when book.tex has not changed.
    if not pdf.exists() or not tex.exists() or pdf.stat().st_mtime < tex.stat().st_mtime:
        raise SystemExit("pdf build produced no up-to-date _build/latex/book.pdf")
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    problems = [line for line in text.splitlines() for pat in LATEX_PROBLEMS if pat.search(line)]
    if problems:
        for line in problems:
            print("problem:", line, file=sys.stderr)
        raise SystemExit(f"pdf build: {len(problems)} LaTeX problems; see _build/latex/book.log")
    print(f"PDF: {pdf.relative_to(ROOT)}")


def figures_key() -> str:
    """What the exported figures depend on: data, package and pins, plus the
    chapters and table of contents (which decide the figure numbers)."""
    digest = hashlib.sha256(cache_key().encode())
    _hash_tree(digest, ROOT / "chapters", "chapters")
    _hash_tree(digest, ROOT / "_toc.yml", "toc")
    return digest.hexdigest()


def build_figures() -> None:
    build = ROOT / "_build"
    catalog, published = build / "figures" / "catalog.json", build / "html" / "figures" / "catalog.json"
    stamp = build / "figures" / ".kz-figures-key"
    key = figures_key()
    if catalog.exists() and published.exists() and stamp.exists() and stamp.read_text().strip() == key:
        print(f"figure files up to date ({key[:12]}): nothing to export")
        return
    cmd = [sys.executable, "-m", "kzanalysis", "figures", build / "figures", "--html", build / "html"]
    code, _ = run_logged(cmd, build / "logs" / "figures.log", ROOT)
    if code != 0:
        raise SystemExit(f"figure export failed (exit code {code}); see _build/logs/figures.log")
    if not catalog.exists():
        raise SystemExit("figure export wrote no _build/figures/catalog.json")
    stamp.write_text(key + "\n")


STEPS = {"html": build_html, "pdf": build_pdf, "figures": build_figures}


def main(argv: list[str] | None = None) -> int:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="+", choices=[*STEPS, "key"])
    parser.add_argument("--root", type=Path, default=REPO, help="book root (default: this repository)")
    args = parser.parse_args(argv)
    ROOT = args.root.resolve()
    if args.steps == ["key"]:
        print(cache_key())
        return 0
    set_environment(ROOT / "_build")
    for step in args.steps:
        started = time.perf_counter()
        STEPS[step]()
        print(f"{step} step took {time.perf_counter() - started:.1f} s", flush=True)
    return 0


ROOT = REPO

if __name__ == "__main__":
    sys.exit(main())
