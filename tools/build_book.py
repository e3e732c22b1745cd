"""Build the book strictly, once, and in parallel; do nothing when nothing changed.

Usage (from the repository root, with the project's virtual environment)::

    python tools/build_book.py html            # HTML into _build/html
    python tools/build_book.py figures         # figure files into _build/figures
    python tools/build_book.py pdf             # PDF into _build/latex/book.pdf
    python tools/build_book.py html figures pdf
    python tools/build_book.py key             # print the execution-cache key

Options: ``--root DIR`` builds the book found in DIR (default: the repository
that holds this script); ``--jobs N`` runs N chapters at a time (default:
the number of CPU cores).

What a build does, in order:

* Cache key. A SHA-256 over the corpus data directory actually used
  (``KZ_DATA_DIR`` if set, else ``data/``), every file of the ``kzanalysis``
  package (the book's own and, if different, the one the kernels import)
  and ``requirements.txt``, stored in ``_build/.kz-cache-key``. Jupyter
  Book re-executes a chapter only when its code cells change; when the key
  changes, the execution cache (``_build/.jupyter_cache``), the Sphinx
  environments (``_build/.doctrees``) and the chapters' figure files
  (``_build/.kz/figures``) are removed, so every chapter runs again.
* Analyse once. ``python -m kzanalysis.analysed`` computes the analyses the
  chapters share and keeps them in ``_build/.kz/analysis-<key>.pkl``; each
  chapter loads them (:func:`kzanalysis.analysed.analysed_corpus`).
* Run the chapters in parallel. Each chapter whose code cells have no
  cached outputs is executed by nbclient in one of ``--jobs`` worker
  processes, over IPC sockets; the outputs go into the execution cache
  that myst-nb reads (``execute_notebooks: cache``), so Sphinx itself
  executes nothing. A worker keeps its kernel from chapter to chapter
  (:class:`WarmKernel`): the kernel imports the modules the chapters
  import once, while the analysis runs, and before each further chapter
  its namespace and history are emptied, so that a chapter still has to
  import and compute all it uses, as it must when run on its own in
  Jupyter (a test runs every chapter alone, in a fresh kernel). A chapter
  whose prose alone changed is not executed again. Only each executed
  chapter's name and time is printed.
* Draw once. While a chapter runs, :func:`kzanalysis.report.figures.glue_figure`
  also writes each figure's PNG, SVG and CSV into ``_build/.kz/figures``;
  the ``figures`` step only copies them and writes the catalogue.
* Strict Sphinx. Sphinx runs with ``-W -n --keep-going``, quietly (the full
  log is in ``_build/logs``); the build fails on any warning, and the log
  is also scanned, so a warning can never slip through as a zero exit code.
  HTML and LaTeX keep separate environments (``_build/.doctrees/html`` and
  ``.../latex``), so building one never makes the other re-read every
  chapter. The PDF step also fails on LaTeX "Missing character" lines and
  on undefined references.
* The PDF in the HTML. When both exist, ``_build/latex/book.pdf`` is copied
  to ``_build/html/book.pdf``, which every page's footer links.
* Repeatable runs. matplotlib, IPython, xelatex and other tools write their
  caches under ``_build/.cache`` rather than the home directory.

``make`` adds one more layer: each output has a stamp and is rebuilt only
when one of its inputs is newer, so a ``make book`` with nothing changed
runs no Python at all.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import get_context
from pathlib import Path

# jsonschema (imported by Jupyter Book's config check and by nbformat) compiles
# the 39 grammars of rfc3987-syntax when that is installed (JupyterLab needs
# it), about 3 s per process, for an IRI format check no build step uses.
sys.modules.setdefault("rfc3987_syntax", None)

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
#: A chapter that loads the analysed corpus waits for the analysis step.
USES_ANALYSIS = re.compile(r"\banalysed_corpus\b")
#: Kernels talk to nbclient over Unix sockets, not TCP.
KERNEL_TRANSPORT = "ipc"
#: Run in each kernel before the chapter: myst-nb's glue imports nbformat,
#: hence jsonschema, hence rfc3987-syntax (see above).
KERNEL_SETUP = "__import__('sys').modules.setdefault('rfc3987_syntax', None)"


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
    for stale in (build / ".jupyter_cache", build / ".doctrees", build / ".kz" / "figures"):
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
    # The kernels run in chapters/, the CLI wherever it is called: a relative
    # KZ_DATA_DIR means the folder relative to where the build was started.
    if os.environ.get("KZ_DATA_DIR", "").strip():
        os.environ["KZ_DATA_DIR"] = str(Path(os.environ["KZ_DATA_DIR"].strip()).expanduser().resolve())
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # latexmk runs xelatex in batch mode: its pass-by-pass chatter (warnings a
    # later pass resolves) stays out of the log; book.log is checked instead.
    # With -xelatex each pass writes only XDV and xdvipdfmx makes the PDF once
    # at the end (rather than a PDF per pass), as Sphinx's LaTeX Makefile advises.
    os.environ.setdefault("LATEXMKOPTS", "-silent -xelatex")
    # Where the chapters find the analysed corpus and write their figure files.
    os.environ["KZ_BUILD_DIR"] = str(build)
    os.environ["KZ_FIGURE_DIR"] = str(build / ".kz" / "figures")
    # Put the virtual environment first, as activating it would.
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"


def run_logged(cmd: list, log: Path, cwd: Path, echo=None) -> tuple[int, str]:
    """Run *cmd*, keep its output in *log*; print only the lines ``echo(line)`` accepts."""
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [str(c) for c in cmd],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    )
    lines = []
    with log.open("w", encoding="utf-8") as out:
        out.write("+ " + " ".join(str(c) for c in cmd) + "\n")
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line)
            lines.append(line)
            if echo is not None and echo(line):
                sys.stdout.write(ANSI_ESCAPE.sub("", line))
                sys.stdout.flush()
    return proc.wait(), "".join(lines)


def sphinx_problems(text: str) -> list[str]:
    """Sphinx warning/error lines (and tracebacks) in a build log."""
    lines = ANSI_ESCAPE.sub("", text).splitlines()
    return [line for line in lines if SPHINX_PROBLEM.search(line)]


# --------------------------------------------------------------------------
# Chapters: read as myst-nb reads them, execute in parallel, cache the outputs
# --------------------------------------------------------------------------


def book_config() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}


def chapter_files() -> list[Path]:
    """The book's source files in table-of-contents order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [chapter["file"] for chapter in part.get("chapters", []) if "file" in chapter]
    # (`glob:` entries are the generated source pages, which have no code to run)
    names += [chapter["file"] for chapter in toc.get("chapters", []) if "file" in chapter]
    files = []
    for name in names:
        for candidate in (ROOT / name, ROOT / f"{name}.md", ROOT / f"{name}.ipynb"):
            if candidate.is_file():
                files.append(candidate)
                break
    return files


def read_notebook(path: Path):
    """The notebook myst-nb makes of *path*, or None when it has no code to run."""
    import nbformat

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        nb = nbformat.reads(text, as_version=4)
    else:
        from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
        from myst_parser.config.main import MdParserConfig

        if not is_myst_markdown_notebook(text):
            return None
        extensions = set(book_config().get("parse", {}).get("myst_enable_extensions", []))
        nb = read_myst_markdown_notebook(
            text, config=MdParserConfig(enable_extensions=extensions), add_source_map=True, path=str(path)
        )
    return nb if any(cell.cell_type == "code" for cell in nb.cells) else None


#: Run silently in a kernel before each chapter after its first: a fresh
#: namespace and history (execution counts from 1 again), no figures left
#: open, and the chapter's folder as working directory. Modules stay imported.
KERNEL_RESET = """\
import os as _kz_os, sys as _kz_sys
_kz_os.chdir({cwd!r})
if "matplotlib.pyplot" in _kz_sys.modules:
    _kz_sys.modules["matplotlib.pyplot"].close("all")
get_ipython().reset(new_session=True)
"""
#: Run silently in each new kernel: import the modules the chapters import,
#: so that the chapters do not each pay for pandas and matplotlib.
KERNEL_PRELOAD = """\
import importlib as _kz_importlib
for _kz_name in {names!r}:
    try:
        _kz_importlib.import_module(_kz_name)
    except Exception:
        pass
del _kz_importlib, _kz_name
"""


def chapter_imports(notebooks: list) -> list[str]:
    """The modules the chapters' code cells import (``from a.b import c`` gives a.b and a.b.c)."""
    import ast

    names: dict[str, None] = {}
    for nb in notebooks:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    names.update((alias.name, None) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names[node.module] = None
                    names.update((f"{node.module}.{alias.name}", None) for alias in node.names)
    return list(names)


class WarmKernel:
    """One kernel that runs chapter after chapter (in a worker process).

    Starting a kernel and importing pandas and matplotlib costs about 3 s,
    more than most chapters' own work, so each worker keeps its kernel:
    before each chapter after the first, :data:`KERNEL_RESET` empties the
    namespace (the chapter must import and compute everything it uses, as
    it must when run on its own in Jupyter) while the imported modules stay.
    A chapter that fails, or a kernel that dies, ends the kernel; the next
    chapter gets a new one.
    """

    def __init__(self, timeout: int, runtime_dir: str, preload: list[str]):
        from jupyter_core.utils import ensure_event_loop

        self.timeout, self.runtime_dir, self.preload = timeout, runtime_dir, preload
        self.loop = ensure_event_loop()
        self.km = self.kc = self.kernel_name = self.cwd = None
        self.fresh = False  # started in self.cwd, and no chapter run in it yet

    def _client(self, nb, cwd: str):
        from nbclient import NotebookClient
        from traitlets.config import Config

        # The socket paths must be absolute: the kernel runs in the chapter's folder.
        config = Config(
            {
                "KernelManager": {
                    "transport": KERNEL_TRANSPORT,
                    "ip": os.path.join(self.runtime_dir, f"kernel-{os.getpid()}"),
                }
            }
        )
        client = NotebookClient(
            nb,
            km=self.km,
            timeout=self.timeout,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": cwd}},
            config=config,
            extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_SETUP}"],
        )
        if self.km is None:
            self.km = client.create_kernel_manager()
            client.km = self.km
        client.owns_km = False  # the kernel outlives this chapter
        client.kc = self.kc
        return client

    async def _silent(self, code: str) -> None:
        reply = await self.kc.execute_interactive(
            code, silent=True, store_history=False, timeout=self.timeout, output_hook=lambda msg: None
        )
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"kernel set-up failed: {reply['content'].get('evalue', '')}")

    async def _start(self, client) -> None:
        async with client.async_setup_kernel():
            self.kc = client.kc
        await self._silent(KERNEL_PRELOAD.format(names=self.preload))

    def start(self, name: str, cwd: str) -> None:
        """Start a kernel of kernelspec ``name`` in ``cwd`` and import the chapters' modules in it."""
        import atexit

        import nbformat

        self.shutdown()
        self.kernel_name, self.cwd = name, cwd
        spec = {"kernelspec": {"name": name, "display_name": name}}
        client = self._client(nbformat.v4.new_notebook(metadata=spec), cwd)
        try:
            self.loop.run_until_complete(self._start(client))
        except BaseException:
            self.shutdown()
            raise
        finally:
            atexit.unregister(client._cleanup_kernel)
        self.fresh = True

    def run(self, path: str, nb_json: str) -> tuple[str | None, float, str | None]:
        """Execute one chapter. Returns (notebook JSON, seconds, error)."""
        import atexit

        import nbformat
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        nb = nbformat.reads(nb_json, as_version=4)
        name = nb.metadata.get("kernelspec", {}).get("name", "python3")
        cwd = str(Path(path).parent)
        started = time.perf_counter()
        error = None
        try:
            if self.km is None or name != self.kernel_name:
                self.start(name, cwd)
            elif not (self.fresh and cwd == self.cwd):
                self.loop.run_until_complete(self._silent(KERNEL_RESET.format(cwd=cwd)))
            self.fresh = False
            client = self._client(nb, cwd)
            try:
                self.loop.run_until_complete(client.async_execute())
            finally:
                atexit.unregister(client._cleanup_kernel)
        except (CellExecutionError, CellTimeoutError) as problem:
            error = str(problem)
        except Exception as problem:  # kernel died, could not start...
            error = f"{type(problem).__name__}: {problem}"
        took = time.perf_counter() - started
        if error is not None:
            self.shutdown()
            return None, took, error
        return nbformat.writes(nb), took, None

    def shutdown(self) -> None:
        if self.km is None:
            return
        km, kc, self.km, self.kc = self.km, self.kc, None, None
        try:
            if kc is not None:
                kc.stop_channels()
            self.loop.run_until_complete(km.shutdown_kernel(now=True))
        except Exception:  # already gone
            pass


def _chapter_worker(
    tasks, results, timeout: int, runtime_dir: str, preload: list[str], kernel_name: str, cwd: str
) -> None:
    """A worker process: start a kernel at once (it is ready when the analysis is), then run the
    chapters it is given in it."""
    os.environ["JUPYTER_RUNTIME_DIR"] = runtime_dir
    kernel = WarmKernel(timeout, runtime_dir, preload)
    try:
        try:
            kernel.start(kernel_name, cwd)
        except Exception:  # reported with the first chapter, which tries again
            pass
        while True:
            task = tasks.get()
            if task is None:
                break
            path, nb_json = task
            results.put((path, *kernel.run(path, nb_json)))
    finally:
        kernel.shutdown()


def _timings_file() -> Path:
    return ROOT / "_build" / ".kz" / "chapter-seconds.json"


def execute_chapters(jobs: int) -> None:
    """Execute every chapter without cached outputs, in parallel, and cache the results."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    build = ROOT / "_build"
    cache = get_cache(str(build / ".jupyter_cache"))
    timeout = int(book_config().get("execute", {}).get("timeout", 300))
    pending: list[tuple[Path, object]] = []
    for path in chapter_files():
        nb = read_notebook(path)
        if nb is None:
            continue
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            pending.append((path, nb))
    if not pending:
        print("chapters: every chapter's outputs are cached; none is executed")
        return
    try:
        seconds = json.loads(_timings_file().read_text())
    except (OSError, ValueError):
        seconds = {}

    def rel(path: Path) -> str:
        return path.relative_to(ROOT).with_suffix("").as_posix()

    # Longest first (as last measured), so that the pool finishes together.
    pending.sort(key=lambda item: -float(seconds.get(rel(item[0]), 0)))
    needs_analysis = [p for p in pending if USES_ANALYSIS.search(p[0].read_text(encoding="utf-8"))]
    free = [p for p in pending if p not in needs_analysis]

    analysis: dict = {}

    def analyse() -> None:
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "kzanalysis.analysed"],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        (build / "logs").mkdir(parents=True, exist_ok=True)
        (build / "logs" / "analysis.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
        analysis.update(code=proc.returncode, seconds=time.perf_counter() - started, output=proc.stdout + proc.stderr)

    analyser = threading.Thread(target=analyse) if needs_analysis else None
    if analyser is not None:
        analyser.start()

    runtime_dir = tempfile.mkdtemp(prefix="kz-kernels-")
    failures = []
    started_all = time.perf_counter()
    context = get_context("spawn")
    tasks, results = context.Queue(), context.Queue()
    preload = chapter_imports([nb for _, nb in pending])
    by_path = {str(path): (path, nb) for path, nb in pending}
    first_path, first_nb = pending[0]
    kernel_name = first_nb.metadata.get("kernelspec", {}).get("name", "python3")
    worker_args = (tasks, results, timeout, runtime_dir, preload, kernel_name, str(first_path.parent))
    workers = [
        context.Process(target=_chapter_worker, args=worker_args, daemon=True)
        for _ in range(max(1, min(jobs, len(pending))))
    ]
    try:
        for worker in workers:
            worker.start()
        for path, nb in free:
            tasks.put((str(path), nbformat.writes(nb)))
        waiting = list(needs_analysis)
        left = len(pending)
        while left:
            if waiting and analyser is not None and not analyser.is_alive():
                if analysis.get("code") != 0:
                    failures.append(("analysis", analysis.get("output", "")[-4000:]))
                    left -= len(waiting)
                    waiting = []
                    continue
                print(f"  analysis{'':<26} {analysis['seconds']:5.1f} s", flush=True)
                for path, nb in waiting:
                    tasks.put((str(path), nbformat.writes(nb)))
                waiting = []
            try:
                done, nb_json, took, error = results.get(timeout=0.2)
            except queue.Empty:
                # A worker stops only when told to, after the last chapter: one that has
                # stopped before took its chapter with it, which would never report.
                stopped = [worker.exitcode for worker in workers if not worker.is_alive()]
                if stopped:
                    failures.append(("chapters", f"a chapter worker stopped unexpectedly (exit code {stopped[0]})"))
                    break
                continue
            left -= 1
            path, nb = by_path[done]
            if error is not None:
                failures.append((rel(path), error))
                continue
            executed = nbformat.reads(nb_json, as_version=4)
            cache.cache_notebook_bundle(
                CacheBundleIn(executed, str(path), data={"execution_seconds": took}),
                check_validity=False,
                overwrite=True,
            )
            seconds[rel(path)] = round(took, 2)
            print(f"  {rel(path):<34} {took:5.1f} s", flush=True)
    finally:
        for _ in workers:
            tasks.put(None)
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.terminate()
        if analyser is not None:
            analyser.join()
        shutil.rmtree(runtime_dir, ignore_errors=True)
    _timings_file().parent.mkdir(parents=True, exist_ok=True)
    _timings_file().write_text(json.dumps(seconds, indent=1, sort_keys=True) + "\n")
    if failures:
        for name, error in failures:
            print(f"problem: {name} failed:\n{error}", file=sys.stderr)
        raise SystemExit(f"{len(failures)} chapter(s) failed: {', '.join(n for n, _ in failures)}")
    print(
        f"chapters: {len(pending)} executed in {time.perf_counter() - started_all:.1f} s ({max(1, jobs)} at a time)",
        flush=True,
    )


# --------------------------------------------------------------------------
# Sphinx
# --------------------------------------------------------------------------


def _latex_overrides() -> dict:
    """The settings sphinx-jupyterbook-latex changes once the LaTeX builder starts.

    It sets them after the configuration is read, so Sphinx would find the
    saved environment's configuration different on every run and read every
    chapter again. Giving the same values up front keeps the environment valid.
    """
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    latex = book_config().get("latex") or {}
    if latex.get("use_jupyterbook_latex", True) is False or toc.get("format") != "jb-book":
        return {}
    if len(toc.get("parts", [])) > 1:
        return {"latex_toplevel_sectioning": "part", "numfig_secnum_depth": 2}
    return {"latex_toplevel_sectioning": "chapter"}


def _run_sphinx(builder: str) -> int:
    """Run Jupyter Book's Sphinx build in this process, as ``jupyter-book build`` does,
    but with an environment (doctree folder) of the builder's own."""
    from jupyter_book.cli.main import builder_specific_actions
    from jupyter_book.sphinx import build_sphinx

    build = ROOT / "_build"
    sphinx_builder = "html" if builder == "html" else "latex"
    overrides = {"external_toc_path": (ROOT / "_toc.yml").as_posix(), "latex_individualpages": False, "nitpicky": True}
    if sphinx_builder == "latex":
        overrides.update(_latex_overrides())
    result = build_sphinx(
        ROOT,
        build / sphinx_builder,
        use_external_toc=True,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides,
        doctreedir=build / ".doctrees" / sphinx_builder,
        builder=sphinx_builder,
        warningiserror=True,
        keep_going=True,
    )
    builder_specific_actions(result, builder, build / sphinx_builder, "book", None, print)
    return 0 if not isinstance(result, Exception) and not result else 1


def _echo_problem(line: str) -> bool:
    return bool(SPHINX_PROBLEM.search(ANSI_ESCAPE.sub("", line)))


def build_sphinx(builder: str) -> None:
    build = ROOT / "_build"
    name = "html" if builder == "html" else "pdf"
    cmd = [sys.executable, Path(__file__).resolve(), "_sphinx", builder, "--root", ROOT]
    code, text = run_logged(cmd, build / "logs" / f"{name}.log", ROOT, echo=_echo_problem)
    problems = sphinx_problems(text)
    executed = re.findall(r"(\S+): Executing notebook", ANSI_ESCAPE.sub("", text))
    for source in executed:
        print(f"note: Sphinx executed {source} itself (the cached outputs did not match)")
    if code != 0 or problems:
        raise SystemExit(
            f"{name} build failed (exit code {code}, {len(problems)} warning/error lines); see _build/logs/{name}.log"
        )


def build_html() -> None:
    build_sphinx("html")
    index = ROOT / "_build" / "html" / "index.html"
    if not index.exists():
        raise SystemExit("html build produced no _build/html/index.html")
    print(f"HTML: {index.relative_to(ROOT)}")


def build_pdf() -> None:
    latex = ROOT / "_build" / "latex"
    pdf, tex, log = latex / "book.pdf", latex / "book.tex", latex / "book.log"
    before = pdf.stat().st_mtime if pdf.exists() else None
    build_sphinx("pdflatex")
    # latexmk leaves the PDF alone when book.tex has not changed.
    if not pdf.exists() or not tex.exists() or pdf.stat().st_mtime < tex.stat().st_mtime:
        raise SystemExit("pdf build produced no up-to-date _build/latex/book.pdf")
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    problems = [line for line in text.splitlines() for pat in LATEX_PROBLEMS if pat.search(line)]
    if problems:
        for line in problems:
            print("problem:", line, file=sys.stderr)
        raise SystemExit(f"pdf build: {len(problems)} LaTeX problems; see _build/latex/book.log")
    state = "typeset" if before is None or pdf.stat().st_mtime != before else "unchanged"
    print(f"PDF: {pdf.relative_to(ROOT)} ({state})")


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
    cmd = [
        sys.executable,
        "-m",
        "kzanalysis.analysed",
        "--figures",
        build / "figures",
        "--html",
        build / "html",
        "--drawn",
        build / ".kz" / "figures",
    ]
    code, _ = run_logged(cmd, build / "logs" / "figures.log", ROOT)
    if code != 0:
        raise SystemExit(f"figure export failed (exit code {code}); see _build/logs/figures.log")
    if not catalog.exists():
        raise SystemExit("figure export wrote no _build/figures/catalog.json")
    stamp.write_text(key + "\n")
    print(f"figures: {catalog.relative_to(ROOT)}")


STEPS = {"html": build_html, "pdf": build_pdf, "figures": build_figures}


def main(argv: list[str] | None = None) -> int:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="+", choices=[*STEPS, "key", "_sphinx", "pdflatex"])
    parser.add_argument("--root", type=Path, default=REPO, help="book root (default: this repository)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="chapters run at a time")
    args = parser.parse_args(argv)
    ROOT = args.root.resolve()
    if args.steps == ["key"]:
        print(cache_key())
        return 0
    if args.steps[0] == "_sphinx":  # internal: one Sphinx run, in its own process
        return _run_sphinx(args.steps[1])
    set_environment(ROOT / "_build")
    refresh_execution_cache(ROOT / "_build")
    if {"html", "pdf", "figures"} & set(args.steps):
        started = time.perf_counter()
        execute_chapters(args.jobs)
        print(f"chapters step took {time.perf_counter() - started:.1f} s", flush=True)
    steps = list(dict.fromkeys(args.steps))
    # HTML and PDF have environments of their own, so they can be built at
    # the same time; the figure files (which need the HTML's figure numbers)
    # are written while LaTeX typesets.
    parallel_pdf = "pdf" in steps and "html" in steps and args.jobs > 1
    pdf_thread, pdf_error = None, []
    if parallel_pdf:
        steps.remove("pdf")

        def pdf_step() -> None:
            try:
                timed_step("pdf")
            except BaseException as error:  # reported after the other steps
                pdf_error.append(error)

        pdf_thread = threading.Thread(target=pdf_step)
        pdf_thread.start()
    try:
        for step in steps:
            timed_step(step)
    finally:
        if pdf_thread is not None:
            pdf_thread.join()
    if pdf_error:
        raise pdf_error[0]
    publish_pdf()
    return 0


def publish_pdf() -> None:
    """Put the PDF edition next to the HTML (every page's footer links ``book.pdf``)."""
    pdf, html = ROOT / "_build" / "latex" / "book.pdf", ROOT / "_build" / "html"
    if not pdf.exists() or not (html / "index.html").exists():
        return
    target = html / "book.pdf"
    if not target.exists() or target.read_bytes() != pdf.read_bytes():
        shutil.copyfile(pdf, target)


def timed_step(step: str) -> None:
    started = time.perf_counter()
    STEPS[step]()
    print(f"{step} step took {time.perf_counter() - started:.1f} s", flush=True)


ROOT = REPO

if __name__ == "__main__":
    sys.exit(main())
