"""The book as a reader gets it: strict builds, pages in a browser, the PDF.

These tests build the book in throw-away copies of the repository, exactly
as ``make book`` does (``tools/build_book.py``), and then look at the output:

* one clean build of the real corpus (HTML, exported figures, PDF);
* one rebuild of that copy after two crafted articles were added to its
  data directory (through ``KZ_DATA_DIR``): an ordinary sixth article, and a
  hostile one whose title and text carry HTML, a script, Markdown and MyST
  markup. The copy keeps the first build's execution cache, so the rebuild
  also shows that changed data invalidates cached chapter outputs.

Pages are opened in headless Chromium (Debian's ``chromium``) driven through
the DevTools protocol over a websocket (``websocket-client``): console
errors, uncaught exceptions, failed or external requests, broken images and
any JavaScript dialog (``alert``) fail the test. Links, anchors, alt text and
error outputs are checked in the HTML itself. The PDF is read with poppler's
``pdftotext`` and ``pdffonts``.

Every test that builds or drives a browser is marked ``slow``; ``make test``
runs them all.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUILD_SCRIPT = REPO / "tools" / "build_book.py"
BUILD_TIMEOUT = 1800  # seconds, per build command

# --------------------------------------------------------------------------
# The crafted articles
# --------------------------------------------------------------------------

SIXTH_TEXT = """\
Kazakhstan and U.S. weigh Caspian oil routes

Astana, 12 May 2005 -- Kazakh President Nursultan Nazarbayev met a United States
delegation in Astana on Thursday to discuss oil exports from the Caspian Sea
through the Baku-Tbilisi-Ceyhan pipeline.

The talks also covered security cooperation, human rights and Kazakhstan's
relations with Russia and China. Officials said Kazakhstan would keep its
balanced foreign policy between the great powers.

"We value our partnership with Washington," Nazarbayev said after the meeting.

Oil output at Tengiz and Kashagan is expected to grow to 1.5 million barrels
per day by 2015, the energy ministry said.
"""

HOSTILE_MARKUP = (
    "<script>alert(1)</script> <b>bold</b><img src=x onerror=alert(1)> **bold** [link](http://x) {glue:text}`x`"
)

HOSTILE_TEXT = f"""\
Crafted article with markup in its text

Almaty, 3 March 2007 -- This article tests that article text is always shown
as text. {HOSTILE_MARKUP}

Raw HTML: <b>bold</b><img src=x onerror=alert(1)> and a script <script>alert(1)</script>

Markdown: **bold** [link](http://x) and a MyST role {{glue:text}}`x` and a fence:

More: {{raw}}`html <b>raw</b>` $$x^2$$ \\input{{/etc/hostname}} [click](javascript:alert(1)) \
and <a href="javascript:alert(2)">a</a>

```{{code-cell}} ipython3
import os
os.remove("everything")
```

The government of Kazakhstan said oil exports to China would grow, and the
United States raised human rights concerns with President Nazarbayev.
"""


def _article_id(number: int, text: str) -> str:
    return f"{number:03d}_{hashlib.sha256(text.encode()).hexdigest()[:16]}"


SIXTH_ID = _article_id(5, SIXTH_TEXT)
SIXTH_TITLE = "Kazakhstan and U.S. weigh Caspian oil routes (crafted test article)"
HOSTILE_ID = _article_id(6, HOSTILE_TEXT)
HOSTILE_TITLE = f"Crafted hostile article {HOSTILE_MARKUP}"


def add_article(data_dir: Path, article_id: str, text: str, meta: dict) -> None:
    """Add an article file and its manifest entry (with the right sha256)."""
    path = data_dir / "articles" / f"{article_id}.txt"
    path.write_text(text, encoding="utf-8")
    manifest_path = data_dir / "manifest.yml"
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    manifest["articles"].append(
        {
            "id": article_id,
            "file": path.name,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            **meta,
        }
    )
    manifest_path.write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")


# --------------------------------------------------------------------------
# Building copies of the book
# --------------------------------------------------------------------------


@dataclass
class Build:
    root: Path
    data_dir: Path
    output: str
    seconds: float

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def latex(self) -> Path:
        return self.root / "_build" / "latex"

    @property
    def pdf(self) -> Path:
        return self.latex / "book.pdf"


def copy_repo(target: Path) -> Path:
    """Copy the repository's sources (no virtual environment, no build output)."""
    shutil.copytree(
        REPO,
        target,
        ignore=shutil.ignore_patterns(
            ".venv",
            "_build",
            ".git",
            ".pytest_cache",
            "__pycache__",
            "*.egg-info",
            ".ipynb_checkpoints",
            "*.ipynb",
            "jupyter_execute",
        ),
    )
    return target


def tool_env(root: Path, **extra: str) -> dict:
    """Environment for subprocesses: caches inside the copy, nothing from the caller's data choice."""
    env = {k: v for k, v in os.environ.items() if k != "KZ_DATA_DIR"}
    cache = root / "_build" / ".cache"
    for var, sub in [
        ("MPLCONFIGDIR", "matplotlib"),
        ("IPYTHONDIR", "ipython"),
        ("TEXMFVAR", "texmf-var"),
        ("XDG_CACHE_HOME", "xdg"),
    ]:
        (cache / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(cache / sub)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def run_build(root: Path, data_dir: Path, steps: list[str]) -> Build:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(root / "tools" / "build_book.py"), *steps, "--root", str(root)],
        cwd=root,
        env=tool_env(root, KZ_DATA_DIR=str(data_dir)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    if proc.returncode != 0:
        pytest.fail(f"book build {steps} failed in {root}:\n{proc.stdout[-6000:]}", pytrace=False)
    return Build(root, data_dir, proc.stdout, time.perf_counter() - started)


@pytest.fixture(scope="session")
def main_build(tmp_path_factory) -> Build:
    """The book of the real corpus, built clean in a copy: HTML, figures, PDF."""
    root = copy_repo(tmp_path_factory.mktemp("book") / "repo")
    return run_build(root, root / "data", ["html", "figures", "pdf"])


@pytest.fixture(scope="session")
def extra_build(main_build, tmp_path_factory) -> Build:
    """The same copy, build cache included, rebuilt with two crafted articles added."""
    root = tmp_path_factory.mktemp("book_extra") / "repo"
    shutil.copytree(main_build.root, root, symlinks=True)
    data_dir = tmp_path_factory.mktemp("extra_data") / "data"
    shutil.copytree(main_build.root / "data", data_dir)
    add_article(
        data_dir,
        SIXTH_ID,
        SIXTH_TEXT,
        {
            "title": SIXTH_TITLE,
            "outlet": "Crafted test outlet",
            "author": "Test Author",
            "date": "2005-05-12",
            "date_evidence": "Crafted for the test suite; the dateline gives the day.",
            "genre": "news report",
            "provenance": "Written for the test suite; not a real article.",
        },
    )
    add_article(
        data_dir,
        HOSTILE_ID,
        HOSTILE_TEXT,
        {
            "title": HOSTILE_TITLE,
            "outlet": "Crafted <i>outlet</i> **bold**",
            "author": None,
            "date": "2007-03-03",
            "date_evidence": "Crafted for the test suite <script>alert(1)</script>.",
            "genre": "news report",
            "provenance": "Written for the test suite to carry markup; not a real article.",
            # its source page shows the whole text, so that every hostile paragraph is on it
            "rights": "full",
        },
    )
    return run_build(root, data_dir, ["html", "pdf"])


# --------------------------------------------------------------------------
# Reading built pages
# --------------------------------------------------------------------------


def html_pages(html_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in html_dir.rglob("*.html")
        if not ({"_static", "_sources", "_images"} & set(p.relative_to(html_dir).parts))
    )


def toc_docnames(root: Path = REPO) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        # (a `glob:` entry lists the generated source pages, not chapter files)
        names += [chapter["file"] for chapter in part.get("chapters", []) if "file" in chapter]
    return [re.sub(r"\.(md|ipynb)$", "", name) for name in names]


_SOUPS: dict[Path, BeautifulSoup] = {}


def soup_of(path: Path) -> BeautifulSoup:
    if path not in _SOUPS:
        _SOUPS[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return _SOUPS[path]


def main_text(path: Path) -> str:
    """The visible text of a page's article body (no navigation), whitespace collapsed."""
    soup = soup_of(path)
    body = soup.select_one("main") or soup.body or soup
    return " ".join(body.get_text(" ").split())


def squash(text: str) -> str:
    """Letters and digits only, case-folded: for comparing text across HTML and PDF."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def plain(element) -> str:
    """Text of a heading or caption without its permalink sign."""
    element = BeautifulSoup(str(element), "html.parser")
    for link in element.select("a.headerlink"):
        link.decompose()
    return " ".join(element.get_text(" ").split())


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def ids_of(path: Path) -> set[str]:
    soup = soup_of(path)
    return {el["id"] for el in soup.find_all(id=True)} | {el["name"] for el in soup.find_all("a", attrs={"name": True})}


def link_problems(html_dir: Path) -> list[str]:
    """Internal links, anchors, images and local assets that do not resolve."""
    problems = []
    for page in html_pages(html_dir):
        soup = soup_of(page)
        rel = page.relative_to(html_dir)
        refs = [("a", a.get("href")) for a in soup.find_all("a", href=True)]
        refs += [("img", img.get("src")) for img in soup.find_all("img")]
        refs += [("script", s.get("src")) for s in soup.find_all("script", src=True)]
        refs += [("link", link.get("href")) for link in soup.find_all("link", href=True)]
        for tag, ref in refs:
            if ref is None or ref == "" or ref == "#":
                if tag == "img":
                    problems.append(f"{rel}: <img> without src")
                continue
            if _SCHEME.match(ref) or ref.startswith("//"):
                if tag in ("img", "script") or (tag == "link" and not ref.startswith(("http://", "https://"))):
                    problems.append(f"{rel}: <{tag}> loads an external resource {ref}")
                continue
            parts = urlsplit(ref)
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{rel}: <{tag}> {ref} -> missing file")
                continue
            if parts.fragment and tag == "a" and target.suffix == ".html":
                if unquote(parts.fragment) not in ids_of(target):
                    problems.append(f"{rel}: <a> {ref} -> no anchor #{parts.fragment} in {target.name}")
    return problems


def output_problems(html_dir: Path) -> list[str]:
    """Error or stderr outputs of executed cells, and tracebacks anywhere in a page."""
    problems = []
    for page in html_pages(html_dir):
        soup = soup_of(page)
        rel = page.relative_to(html_dir)
        for node in soup.select(".output.stderr, .output.traceback, .output_error, .cell_output .stderr"):
            problems.append(f"{rel}: error/stderr output: {node.get_text(' ')[:300]!r}")
        if "Traceback (most recent call last)" in soup.get_text(" "):
            problems.append(f"{rel}: a traceback is shown")
    return problems


# --------------------------------------------------------------------------
# Headless Chromium through the DevTools protocol
# --------------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--window-size=1280,2000",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
]

# Runs before any script of the page: records dialogs instead of showing them.
INIT_SCRIPT = """
window.__kzDialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (message) => { window.__kzDialogs.push(name + ": " + String(message)); return null; };
}
"""

IMAGES_SCRIPT = """
(async () => {
  const images = [...document.images];
  for (const img of images) { img.loading = "eager"; }
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done); setTimeout(done, 10000);
  })));
  return {
    images: images.map((img) => ({src: img.getAttribute("src"), url: img.currentSrc || img.src,
                                  loaded: img.complete && img.naturalWidth > 0, alt: img.getAttribute("alt")})),
    dialogs: window.__kzDialogs || [],
    title: document.title,
  };
})()
"""


def stop_process_group(proc: subprocess.Popen) -> None:
    """Stop a process started with ``start_new_session=True`` and its children."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 20)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    if proc.poll() is None:
        proc.wait(timeout=20)


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    title: str = ""


class Chromium:
    """A headless Chromium with one tab, driven over the DevTools websocket."""

    def __init__(self, profile: Path):
        import websocket  # websocket-client, installed with JupyterLab

        self.profile = profile
        self.proc = subprocess.Popen(
            ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=tool_env(profile),
            start_new_session=True,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.time() + 60
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.proc.poll() is not None or time.time() > deadline:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
                self.close()
                raise RuntimeError(f"chromium did not start: {err[-2000:]}")
            time.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=60, suppress_origin=True)
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call("Page.addScriptToEvaluateOnNewDocument", session=True, source=INIT_SCRIPT)

    def call(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._on_event(reply)
        raise TimeoutError(method)

    def _on_event(self, event: dict) -> None:
        if "method" not in event:
            return
        self.events.append(event)
        if event["method"] == "Page.javascriptDialogOpening":
            self.ws.send(
                json.dumps(
                    {
                        "id": 10**9 + len(self.events),
                        "sessionId": self.session,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True},
                    }
                )
            )

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(e["method"] == method for e in self.events):
                return
            self.ws.settimeout(max(0.1, deadline - time.time()))
            self._on_event(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def drain(self, seconds: float) -> None:
        deadline = time.time() + seconds
        import websocket

        while time.time() < deadline:
            self.ws.settimeout(max(0.05, deadline - time.time()))
            try:
                self._on_event(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
        self.ws.settimeout(60)

    def visit(self, path: Path) -> PageReport:
        url = path.resolve().as_uri()
        self.events = []
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        self.drain(0.5)
        result = self.call(
            "Runtime.evaluate", session=True, expression=IMAGES_SCRIPT, awaitPromise=True, returnByValue=True
        )
        self.drain(0.2)
        value = result.get("result", {}).get("value") or {}
        report = PageReport(
            url=url,
            images=value.get("images", []),
            title=value.get("title", ""),
            dialogs=list(value.get("dialogs", [])),
        )
        requests = {}
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                report.console_errors.append(f"console.{params['type']}: {args}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                report.console_errors.append(
                    f"exception: {details.get('exception', {}).get('description') or details.get('text')}"
                )
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                report.console_errors.append(f"log: {entry.get('text')} {entry.get('url', '')}")
            elif method == "Network.requestWillBeSent":
                request_url = params.get("request", {}).get("url", "")
                requests[params.get("requestId")] = request_url
                if not request_url.startswith(("file:", "data:", "blob:", "about:")):
                    report.external_requests.append(request_url)
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                report.failed_requests.append(
                    f"{requests.get(params.get('requestId'), '?')}: {params.get('errorText')}"
                )
            elif method == "Page.javascriptDialogOpening":
                report.dialogs.append(f"{params.get('type')}: {params.get('message')}")
        return report

    def close(self) -> None:
        if getattr(self, "ws", None) is not None:
            try:
                self.ws.close()
            except Exception:
                pass
        stop_process_group(self.proc)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


_VISITS: dict[Path, list[PageReport]] = {}


def visit_all(browser: Chromium, html_dir: Path) -> list[PageReport]:
    if html_dir not in _VISITS:
        _VISITS[html_dir] = [browser.visit(page) for page in html_pages(html_dir)]
    return _VISITS[html_dir]


def browser_problems(reports: list[PageReport], html_dir: Path) -> list[str]:
    problems = []
    for report in reports:
        name = unquote(urlsplit(report.url).path).split(str(html_dir) + "/", 1)[-1]
        problems += [f"{name}: {msg}" for msg in report.console_errors]
        problems += [f"{name}: failed request {msg}" for msg in report.failed_requests]
        problems += [f"{name}: external request {msg}" for msg in report.external_requests]
        problems += [f"{name}: dialog {msg}" for msg in report.dialogs]
        for img in report.images:
            if not img["loaded"]:
                problems.append(f"{name}: broken image {img['src']}")
            if not (img.get("alt") or "").strip():
                problems.append(f"{name}: image without alt text {img['src']}")
    return problems


# --------------------------------------------------------------------------
# PDF helpers
# --------------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def unembedded_fonts(pdf: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    bad = []
    for line in lines[2:]:
        tokens = line.split()
        # name type... encoding emb sub uni object-number generation
        if len(tokens) >= 7 and tokens[-5] != "yes":
            bad.append(line)
    return bad


def headings_and_captions(html_dir: Path) -> tuple[list[str], list[str]]:
    """Chapter titles and figure/table captions, as the HTML shows them."""
    titles, captions = [], []
    for docname in toc_docnames():
        page = html_dir / f"{docname}.html"
        soup = soup_of(page)
        h1 = soup.select_one("main h1") or soup.find("h1")
        titles.append(plain(h1))
        for cap in soup.select("figure figcaption .caption-text, table caption .caption-text"):
            captions.append(plain(cap))
    return titles, captions


# ==========================================================================
# Fast tests of the build tooling
# ==========================================================================


def _load_build_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_book", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_relative_data_dir_means_the_same_folder_in_the_kernels(tmp_path, monkeypatch):
    """Kernels run in chapters/: a relative KZ_DATA_DIR is made absolute, from where the build started."""
    tool = _load_build_tool()
    (tmp_path / "corpus").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KZ_DATA_DIR", "corpus")
    for var in ("MPLCONFIGDIR", "IPYTHONDIR", "TEXMFVAR", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, os.environ.get(var, ""))
    tool.set_environment(tmp_path / "_build")
    assert os.environ["KZ_DATA_DIR"] == str(tmp_path / "corpus")


def test_cache_key_follows_data_package_and_pins(tmp_path, monkeypatch):
    tool = _load_build_tool()
    root = tmp_path / "book"
    (root / "data" / "articles").mkdir(parents=True)
    (root / "kzanalysis").mkdir()
    (root / "data" / "articles" / "a.txt").write_text("one")
    (root / "kzanalysis" / "mod.py").write_text("X = 1\n")
    (root / "requirements.txt").write_text("pandas==3.1.1\n")
    monkeypatch.setattr(tool, "ROOT", root)
    monkeypatch.delenv("KZ_DATA_DIR", raising=False)

    key = tool.cache_key()
    assert key == tool.cache_key()  # deterministic

    (root / "data" / "articles" / "b.txt").write_text("two")
    with_article = tool.cache_key()
    assert with_article != key

    (root / "kzanalysis" / "mod.py").write_text("X = 2\n")
    with_code = tool.cache_key()
    assert with_code != with_article

    (root / "requirements.txt").write_text("pandas==3.1.2\n")
    with_pins = tool.cache_key()
    assert with_pins != with_code

    # Byte-code caches do not count.
    (root / "kzanalysis" / "__pycache__").mkdir()
    (root / "kzanalysis" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    assert tool.cache_key() == with_pins

    # KZ_DATA_DIR selects the data directory that is hashed.
    other = tmp_path / "other_data"
    shutil.copytree(root / "data", other)
    monkeypatch.setenv("KZ_DATA_DIR", str(other))
    assert tool.cache_key() == with_pins
    (other / "articles" / "c.txt").write_text("three")
    assert tool.cache_key() != with_pins


def test_changed_key_wipes_execution_cache_and_environment(tmp_path, monkeypatch):
    tool = _load_build_tool()
    root = tmp_path / "book"
    (root / "data").mkdir(parents=True)
    (root / "data" / "manifest.yml").write_text("articles: []\n")
    (root / "kzanalysis").mkdir()
    (root / "requirements.txt").write_text("")
    build = root / "_build"
    monkeypatch.setattr(tool, "ROOT", root)
    monkeypatch.delenv("KZ_DATA_DIR", raising=False)

    def make_stale():
        for sub in (".jupyter_cache", ".doctrees"):
            (build / sub).mkdir(parents=True, exist_ok=True)
            (build / sub / "marker").write_text("old")

    make_stale()
    tool.refresh_execution_cache(build)  # no key yet: wipe
    assert not (build / ".jupyter_cache").exists() and not (build / ".doctrees").exists()
    assert (build / ".kz-cache-key").read_text().strip() == tool.cache_key()

    make_stale()
    tool.refresh_execution_cache(build)  # same key: keep
    assert (build / ".jupyter_cache" / "marker").exists()

    (root / "data" / "manifest.yml").write_text("articles: [x]\n")
    tool.refresh_execution_cache(build)  # data changed: wipe
    assert not (build / ".jupyter_cache").exists() and not (build / ".doctrees").exists()


def test_chapter_imports_are_collected_from_code_cells():
    import nbformat

    tool = _load_build_tool()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("import not_code"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport os, json as j\nfrom a.b import c, d\nx = 1"),
        nbformat.v4.new_code_cell("from . import relative\ndef f():\n    import inner\n"),
        nbformat.v4.new_code_cell("this is not python"),
    ]
    assert tool.chapter_imports([nb]) == ["os", "json", "a.b", "a.b.c", "a.b.d"]


def test_a_warm_kernel_runs_each_chapter_in_a_fresh_namespace(tmp_path):
    """One kernel runs chapter after chapter; no name, figure or count carries over to the next."""
    import nbformat

    tool = _load_build_tool()
    first, second = tmp_path / "one" / "first.md", tmp_path / "two" / "second.md"
    for path in (first, second):
        path.parent.mkdir()

    def notebook(*cells):
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        return nbformat.writes(nb)

    kernel = tool.WarmKernel(timeout=60, runtime_dir=str(tmp_path), preload=["json", "no_such_module_anywhere"])
    try:
        kernel.start("python3", str(tmp_path))  # as a worker does before its first chapter
        out, _, error = kernel.run(str(first), notebook("secret = 41", "import os, sys; os.getpid()", "os.getcwd()"))
        assert error is None
        cells = nbformat.reads(out, as_version=4).cells
        assert [c.execution_count for c in cells] == [1, 2, 3]
        pid = cells[1].outputs[0]["data"]["text/plain"]
        assert cells[2].outputs[0]["data"]["text/plain"] == repr(str(first.parent))  # the chapter's own folder
        out, _, error = kernel.run(str(first), notebook("import os; print(os.getcwd(), 'secret' in dir())"))
        assert error is None
        assert nbformat.reads(out, as_version=4).cells[0].outputs[0]["text"].split() == [str(first.parent), "False"]
        out, _, error = kernel.run(
            str(second),
            notebook(
                "import os, sys; os.getpid()",
                "print('secret' in dir(), os.getcwd(), 'json' in sys.modules)",
            ),
        )
        assert error is None
        cells = nbformat.reads(out, as_version=4).cells
        assert cells[0].outputs[0]["data"]["text/plain"] == pid  # the same kernel
        assert [c.execution_count for c in cells] == [1, 2]
        assert cells[1].outputs[0]["text"].split() == ["False", str(second.parent), "True"]
        # A failing chapter is reported, and the next chapter gets a new kernel.
        _, _, error = kernel.run(str(first), notebook("raise ValueError('boom')"))
        assert error is not None and "boom" in error
        out, _, error = kernel.run(str(first), notebook("import os; os.getpid()"))
        assert error is None
        assert nbformat.reads(out, as_version=4).cells[0].outputs[0]["data"]["text/plain"] != pid
    finally:
        kernel.shutdown()


def test_sphinx_warning_lines_are_detected():
    tool = _load_build_tool()
    log = "\n".join(
        [
            "reading sources... [ 50%] chapters/corpus",
            "\x1b[91m/x/chapters/corpus.md:12: WARNING: undefined label: 'fig-x'\x1b[39;49;00m",
            "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.",
            "build succeeded, 1 warning.",
            "ERROR: something broke",
        ]
    )
    problems = tool.sphinx_problems(log)
    assert len(problems) == 2
    assert "undefined label" in problems[0] and problems[1].startswith("ERROR")


def test_requirements_are_exact_pins_and_installed_as_pinned():
    from importlib.metadata import PackageNotFoundError, version

    lines = [line.strip() for line in (REPO / "requirements.txt").read_text().splitlines()]
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", p) for p in pins), pins
    # the package itself is installed from the working tree (pip install -e .), never from a pin
    assert "kzanalysis" not in {p.split("==")[0].lower() for p in pins}
    # the environment the tests run in is the one the pins describe
    drift = []
    for pin in pins:
        name, pinned = pin.split("==")
        try:
            installed = version(name.split("[")[0])
        except PackageNotFoundError:
            installed = "not installed"
        if installed != pinned:
            drift.append(f"{name}: pinned {pinned}, installed {installed}")
    assert not drift, drift


def test_citation_matches_the_package_version():
    import tomllib

    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == project["version"]
    assert citation["authors"] and citation["date-released"]
    book = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    assert citation["title"] == book["title"]


def test_toc_lists_every_chapter_file_once():
    docnames = toc_docnames()
    assert len(docnames) == len(set(docnames))
    for docname in docnames:
        assert (REPO / f"{docname}.md").exists(), docname
    on_disk = {f"chapters/{p.stem}" for p in (REPO / "chapters").glob("*.md")}
    assert on_disk == set(docnames), "every chapter file must be in _toc.yml and vice versa"


# ==========================================================================
# (a) strict HTML build
# ==========================================================================


@pytest.mark.slow
def test_html_build_is_strict_and_clean(main_build):
    tool = _load_build_tool()
    assert tool.sphinx_problems(main_build.output) == []
    assert "execution cache key set" in main_build.output  # a clean build executes every chapter
    log = (main_build.root / "_build" / "logs" / "html.log").read_text()
    assert "build succeeded." in log and "warning" not in log.split("build succeeded", 1)[1].splitlines()[0]
    for docname in toc_docnames():
        assert (main_build.html / f"{docname}.html").exists(), docname


@pytest.mark.slow
def test_exported_figures_are_catalogued(main_build):
    catalog = main_build.root / "_build" / "figures" / "catalog.json"
    assert catalog.exists()
    assert json.loads(catalog.read_text(encoding="utf-8"))
    assert (main_build.html / "figures").is_dir()


def _sphinx_log(build: Build, name: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", (build.root / "_build" / "logs" / f"{name}.log").read_text())


@pytest.mark.slow
def test_build_log_is_quiet_and_sphinx_executes_nothing(main_build):
    # Chapters run over IPC (no TCP warning) before Sphinx, which only reads their cached outputs.
    assert not [line for line in main_build.output.splitlines() if "WARNING" in line.upper()]
    for name in ("html", "pdf"):
        log = _sphinx_log(main_build, name)
        assert "Kernel is running over TCP" not in log
        assert "Executing notebook" not in log, f"Sphinx ({name}) executed a chapter itself"
        assert log.count("Using cached notebook") == len([d for d in toc_docnames() if d != "chapters/bibliography"])
    executed = re.findall(r"^  (chapters/\S+) +\d+\.\d s$", main_build.output, re.MULTILINE)
    assert sorted(executed) == sorted(d for d in toc_docnames() if d != "chapters/bibliography")


@pytest.mark.slow
def test_no_change_rebuild_reads_and_typesets_nothing(main_build):
    pdf_before = main_build.pdf.stat().st_mtime_ns
    rebuilt = run_build(main_build.root, main_build.data_dir, ["html", "pdf"])
    assert "execution cache key unchanged" in rebuilt.output
    assert "none is executed" in rebuilt.output, "a chapter ran again although nothing changed"
    for name in ("html", "pdf"):
        # No Sphinx read: the HTML and the LaTeX environments are both still valid.
        assert "updating environment: 0 added, 0 changed, 0 removed" in _sphinx_log(main_build, name), name
        assert "reading sources... [" not in _sphinx_log(main_build, name), name
    assert "(unchanged)" in rebuilt.output and main_build.pdf.stat().st_mtime_ns == pdf_before


@pytest.mark.slow
def test_prose_edit_rereads_only_that_chapter(main_build):
    chapter = main_build.root / "chapters" / "appendix_reproduce.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence of prose.\n", encoding="utf-8")
    rebuilt = run_build(main_build.root, main_build.data_dir, ["html"])
    assert "none is executed" in rebuilt.output
    log = _sphinx_log(main_build, "html")
    assert "updating environment: 0 added, 1 changed, 0 removed" in log
    assert re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", log) == ["chapters/appendix_reproduce"]
    page = (main_build.html / "chapters" / "appendix_reproduce.html").read_text(encoding="utf-8")
    _SOUPS.pop(main_build.html / "chapters" / "appendix_reproduce.html", None)
    assert "One more sentence of prose." in page


# ==========================================================================
# (b) a sixth article shows up wherever articles are listed
# ==========================================================================


def _pages_listing_articles(build: Build, ids: list[str], titles: list[str]) -> list[str]:
    pages = []
    for page in html_pages(build.html):
        text = squash(main_text(page))
        if all(squash(i) in text for i in ids) or all(squash(t) in text for t in titles):
            pages.append(page.relative_to(build.html).as_posix())
    return pages


@pytest.mark.slow
def test_added_article_appears_where_articles_are_listed(main_build, extra_build):
    manifest = yaml.safe_load((main_build.data_dir / "manifest.yml").read_text(encoding="utf-8"))
    ids = [a["id"] for a in manifest["articles"]]
    titles = [a["title"] for a in manifest["articles"]]
    listing = _pages_listing_articles(main_build, ids, titles)
    assert "chapters/corpus.html" in listing, f"the corpus chapter must list every article; listing pages: {listing}"
    assert "execution cache key changed" in extra_build.output, "new data must invalidate cached chapter outputs"
    missing = []
    for rel in listing:
        text = squash(main_text(extra_build.html / rel))
        for article_id, title in [(SIXTH_ID, SIXTH_TITLE), (HOSTILE_ID, HOSTILE_TITLE)]:
            if squash(article_id) not in text and squash(title) not in text:
                missing.append(f"{rel}: {article_id}")
    assert not missing, f"added articles missing from pages that list the articles: {missing}"


# ==========================================================================
# (c) every page in a browser; links, images, outputs
# ==========================================================================


@pytest.mark.slow
def test_pages_load_cleanly_in_chromium(main_build, browser):
    reports = visit_all(browser, main_build.html)
    assert len(reports) >= len(toc_docnames())
    assert browser_problems(reports, main_build.html) == []


@pytest.mark.slow
def test_internal_links_anchors_and_images_resolve(main_build):
    assert link_problems(main_build.html) == []


@pytest.mark.slow
def test_every_image_has_alt_text(main_build):
    missing = []
    for page in html_pages(main_build.html):
        for img in soup_of(page).find_all("img"):
            if not (img.get("alt") or "").strip():
                missing.append(f"{page.relative_to(main_build.html)}: {img.get('src')}")
    assert missing == []


@pytest.mark.slow
def test_no_error_outputs_in_pages(main_build):
    assert output_problems(main_build.html) == []


@pytest.mark.slow
def test_figures_are_numbered_and_referenced(main_build):
    """Chapters of Parts I-III number their figures by chapter ("Fig. 2.1")."""
    numbers = []
    for docname in toc_docnames()[1:]:
        soup = soup_of(main_build.html / f"{docname}.html")
        numbers += [plain(n) for n in soup.select("figure figcaption .caption-number")]
    assert numbers, "the book has no numbered figures"
    assert all(re.fullmatch(r"Fig\. \d+\.\d+", n) for n in numbers), numbers


# Every element of the page's article column, checked against the column's edges;
# the outermost element that crosses an edge is reported (its children are not).
OVERFLOW_SCRIPT = """
(() => {
  const col = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  const c = col.getBoundingClientRect();
  const out = [];
  const walk = (el) => {
    for (const ch of el.children) {
      const r = ch.getBoundingClientRect();
      if (r.width > 0 && (r.right > c.right + 1 || r.left < c.left - 1)) {
        out.push(ch.tagName.toLowerCase() + (ch.id ? "#" + ch.id : "") + " " + Math.round(r.width) + " px in a "
                 + Math.round(c.width) + " px column: " + (ch.textContent || "").slice(0, 60).replace(/\\s+/g, " "));
      } else { walk(ch); }
    }
  };
  walk(col);
  return out;
})()
"""


def overflowing_elements(browser: Chromium, html_dir: Path, width: int) -> list[str]:
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        session=True,
        width=width,
        height=1000,
        deviceScaleFactor=1,
        mobile=width < 600,
    )
    try:
        problems = []
        for page in html_pages(html_dir):
            browser.visit(page)
            result = browser.call("Runtime.evaluate", session=True, expression=OVERFLOW_SCRIPT, returnByValue=True)
            name = page.relative_to(html_dir)
            problems += [f"{name} at {width} px: {item}" for item in result.get("result", {}).get("value") or []]
        return problems
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride", session=True)


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 400])
def test_no_element_is_wider_than_the_text_column(main_build, browser, width):
    assert overflowing_elements(browser, main_build.html, width) == []


@pytest.mark.slow
def test_readers_see_no_code_and_every_page_links_the_pdf(main_build):
    assert (main_build.html / "book.pdf").read_bytes() == main_build.pdf.read_bytes()
    problems = []
    for page in html_pages(main_build.html):
        soup = soup_of(page)
        if soup.select_one("div.cell_input, details.hide.above-input, .dropdown-download-buttons"):
            problems.append(f"{page.name}: a code cell, code toggle or per-page download menu")
        if "Show code cell" in soup.get_text():
            problems.append(f"{page.name}: a 'Show code cell' toggle")
        if soup.select_one('meta[http-equiv="Refresh"]') is not None:
            continue  # the root index.html only redirects to the first page
        link = soup.select_one("a.kz-pdf-link")
        if link is None or not (page.parent / link["href"]).resolve() == (main_build.html / "book.pdf").resolve():
            problems.append(f"{page.name}: no footer link to book.pdf")
    assert problems == []


# ==========================================================================
# (d) the PDF
# ==========================================================================


@pytest.mark.slow
def test_pdf_has_every_title_and_caption(main_build):
    assert main_build.pdf.exists()
    text = squash(pdf_text(main_build.pdf))
    titles, captions = headings_and_captions(main_build.html)
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    parts = [part["caption"] for part in toc["parts"]]
    missing = [t for t in titles + parts + captions if squash(t) not in text]
    assert captions, "no figure captions found in the HTML"
    assert missing == [], "in the HTML but not in the PDF"


def pdf_pages(pdf: Path) -> list[str]:
    """The text of every page of ``pdf`` (pdftotext separates pages with form feeds)."""
    return pdf_text(pdf).split("\f")[:-1]


@pytest.mark.slow
def test_pdf_has_no_blank_page_and_a_title_page_with_abstract_version_and_one_date(main_build):
    pages = pdf_pages(main_build.pdf)
    info = subprocess.run(["pdfinfo", str(main_build.pdf)], check=True, capture_output=True, text=True).stdout
    n_pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert len(pages) == n_pages
    blank = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    assert blank == [], f"blank pages: {blank}"
    cff = yaml.safe_load((main_build.root / "CITATION.cff").read_text(encoding="utf-8"))
    released = cff["date-released"]
    if isinstance(released, str):
        released = datetime.date.fromisoformat(released)
    day = f"{released.day} {released:%B %Y}"
    title = squash(pages[0])
    assert "abstract" in title and squash(f"Version {cff['version']}") in title and squash(day) in title
    # One date: Sphinx's own date stamp ("Dec 01, 2026", the machine's clock) appears nowhere.
    clock_dates = re.findall(
        r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2}, \d{4}\b", pdf_text(main_build.pdf)
    )
    assert clock_dates == []


@pytest.mark.slow
def test_pdf_text_is_set_in_one_family(main_build):
    lines = subprocess.run(
        ["pdffonts", str(main_build.pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    families = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-")[0] for line in lines if line.strip()}
    # The text face and its monospace companion (code, paths); math symbols may come from the math font.
    text_families = {f for f in families if not f.startswith(("FreeMono", "LatinModernMath"))}
    assert len({re.sub(r"(Bold|Italic|Oblique)+$", "", f) for f in text_families}) == 1, families


@pytest.mark.slow
def test_pdf_fonts_are_embedded_and_complete(main_build):
    assert unembedded_fonts(main_build.pdf) == []
    log = (main_build.latex / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


# ==========================================================================
# (e) hostile input is shown as text, never run or interpreted
# ==========================================================================


@pytest.mark.slow
def test_hostile_article_is_escaped_in_html(extra_build):
    pages = html_pages(extra_build.html)
    raw_hits, live_markup, shown = [], [], []
    for page in pages:
        source = page.read_text(encoding="utf-8")
        rel = page.relative_to(extra_build.html).as_posix()
        if "<script>alert(1)" in source.lower():
            raw_hits.append(rel)
        soup = soup_of(page)
        if soup.find(attrs={"onerror": True}) or soup.find("img", src="x"):
            live_markup.append(f"{rel}: <img onerror>")
        if soup.find("a", href="http://x"):
            live_markup.append(f"{rel}: Markdown link became a link")
        if any("alert(1)" in (s.string or "") for s in soup.find_all("script")):
            live_markup.append(f"{rel}: <script> element")
        if soup.find(["b", "strong"], string="bold"):
            live_markup.append(f"{rel}: bold markup was interpreted")
        text = main_text(page)
        if "<script>alert(1)</script>" in text:
            shown.append(rel)
        # The title and the text carry the Markdown link and the MyST role together.
        # (A role that was interpreted would also fail the strict build: glue key "x" is unknown.)
        if "[link](http://x)" in text and "glue:text" not in text:
            live_markup.append(f"{rel}: MyST role in the article was interpreted")
    assert raw_hits == []
    assert live_markup == []
    assert shown, "the hostile article's text should be visible (escaped) somewhere in the book"


@pytest.mark.slow
def test_hostile_article_runs_nothing_in_chromium(extra_build, browser):
    reports = visit_all(browser, extra_build.html)
    assert [f"{r.url}: {d}" for r in reports for d in r.dialogs] == []
    assert browser_problems(reports, extra_build.html) == []


@pytest.mark.slow
def test_extended_book_links_and_outputs(extra_build):
    assert link_problems(extra_build.html) == []
    assert output_problems(extra_build.html) == []


@pytest.mark.slow
def test_hostile_article_is_plain_text_in_pdf(extra_build):
    text = "".join(pdf_text(extra_build.pdf).split())
    assert "<script>alert(1)</script>" in text
    log = (extra_build.latex / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert unembedded_fonts(extra_build.pdf) == []


# ==========================================================================
# (f) every chapter runs on its own, from its own folder, in a fresh kernel
# ==========================================================================


@pytest.fixture(scope="session")
def standalone_repo(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("standalone") / "repo")


@pytest.mark.slow
@pytest.mark.parametrize("docname", toc_docnames())
def test_chapter_runs_standalone(docname, standalone_repo):
    source = standalone_repo / f"{docname}.md"
    notebook = source.with_suffix(".ipynb")
    env = tool_env(standalone_repo)
    subprocess.run(
        [str(BIN / "jupytext"), "--to", "ipynb", "--output", str(notebook), str(source)],
        check=True,
        capture_output=True,
        env=env,
    )
    proc = subprocess.run(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--inplace",
            "--ExecutePreprocessor.timeout=600",
            "--ExecutePreprocessor.kernel_name=python3",
            notebook.name,
        ],
        cwd=source.parent,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    executed = nbformat.read(notebook, as_version=4)
    problems = []
    for index, cell in enumerate(executed.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"cell {index}: stderr: {output.get('text', '')[:300]}")
            elif "Traceback (most recent call last)" in json.dumps(output):
                problems.append(f"cell {index}: traceback in output")
    assert problems == []


# ==========================================================================
# Chapters open as notebooks in JupyterLab (jupytext contents manager)
# ==========================================================================


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_jupyterlab_opens_chapters_as_notebooks(standalone_repo, tmp_path):
    port, token = _free_port(), "kz-test-token"
    env = tool_env(
        standalone_repo, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config")
    )
    server = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={standalone_repo}",
            "--ServerApp.port_retries=0",
            "--LabApp.extension_manager=readonly",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )

    def get(path: str):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()

    try:
        deadline = time.time() + 90
        while True:
            try:
                status, _ = get("/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.time() > deadline:
                    pytest.fail(f"jupyter lab did not start: {server.stderr.read().decode()[-3000:]}")
                time.sleep(0.5)
        status, body = get("/api/contents/chapters/corpus.md?type=notebook&content=1")
        model = json.loads(body)
        assert model["type"] == "notebook"
        cells = model["content"]["cells"]
        assert any(c["cell_type"] == "code" for c in cells)
        assert model["content"]["metadata"]["kernelspec"]["name"] == "python3"
        status, body = get("/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
        # The project's overrides.json (installed by `make setup`) changes the default.
        schema = json.loads(body)["schema"]["properties"]["defaultViewers"]
        assert schema["default"].get("markdown") == "Jupytext Notebook", schema
        status, _ = get("/lab")
        assert status == 200
    finally:
        stop_process_group(server)


# ==========================================================================
# Source pages and paragraph references
# ==========================================================================

#: A paragraph reference as the book writes it.
PARA_REF_RE = re.compile(r"\u00b6\s?(\d+)")


def paragraph_reference_problems(html_dir: Path) -> tuple[int, list[str]]:
    """Every "¶ N" in the pages' main text: (how many, those not a link or whose target is missing)."""
    problems, total = [], 0
    for page in html_pages(html_dir):
        soup = soup_of(page)
        body = soup.select_one("main") or soup.body
        if body is None:
            continue
        rel = page.relative_to(html_dir)
        for text in body.find_all(string=PARA_REF_RE):
            if text.find_parent(["script", "style"]):
                continue
            for match in PARA_REF_RE.finditer(str(text)):
                total += 1
                link = text.find_parent("a", href=True)
                context = " ".join(str(text).split())[:80]
                if link is None:
                    problems.append(f"{rel}: \u00b6 {match.group(1)} is not a link ({context!r})")
                    continue
                parts = urlsplit(link["href"])
                target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
                if not target.exists() or not parts.fragment or unquote(parts.fragment) not in ids_of(target):
                    problems.append(f"{rel}: \u00b6 {match.group(1)} links to {link['href']}, which is missing")
    return total, problems


@pytest.mark.slow
def test_every_paragraph_reference_is_a_live_link(main_build):
    total, problems = paragraph_reference_problems(main_build.root / "_build" / "html")
    assert total > 0
    assert not problems, "\n".join(problems[:40])


@pytest.mark.slow
def test_every_article_has_a_source_page_with_numbered_paragraphs(main_build):
    html_dir = main_build.root / "_build" / "html"
    pages = {p.stem: p for p in (html_dir / "source_texts").glob("*.html")}
    manifest = yaml.safe_load((main_build.root / "data" / "manifest.yml").read_text(encoding="utf-8"))["articles"]
    for entry in manifest:
        found = [p for stem, p in pages.items() if stem.endswith(entry["id"])]
        assert len(found) == 1, entry["id"]
        ids = ids_of(found[0])
        assert any(i.startswith("para-") for i in ids)
    assert len(pages) == len(manifest)


@pytest.mark.slow
def test_hostile_text_on_its_source_page_takes_no_effect(extra_build):
    html_dir = extra_build.root / "_build" / "html"
    page = next(p for p in (html_dir / "source_texts").glob("*.html") if p.stem.endswith(HOSTILE_ID))
    soup = soup_of(page)
    main = soup.select_one("main")
    text = main.get_text(" ")
    # the markup is there, as text
    for literal in (
        "<script>alert(1)</script>",
        "<b>bold</b>",
        "{raw}",
        "$$x^2$$",
        "\\input{/etc/hostname}",
        "[click](javascript:alert(1))",
        "**bold**",
        "{code-cell}",
    ):
        assert literal in text, literal
    # and none of it took effect (the theme's own scripts, such as its thebe configuration, are not the article's)
    assert not [sc for sc in main.find_all("script") if "alert(1)" in (sc.string or "")]
    assert not main.find_all("img", src="x")
    assert not main.find_all("b")
    assert not [a for a in main.find_all("a", href=True) if a["href"].lower().startswith("javascript")]
    assert not main.select(".math, mjx-container")
    tex = (extra_build.root / "_build" / "latex" / "book.tex").read_text(encoding="utf-8")
    assert "\\input{/etc/hostname}" not in tex
    assert "\\textbackslash{}input" in tex
