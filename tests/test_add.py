"""`kzanalysis add`: saved pages, PDFs and text files become articles, with nothing guessed.

Every fixture is built here (a saved government readout page with its
furniture, a handwritten PDF, text and Markdown files); the corpus is a
temporary copy of data/, never data/ itself. Expected texts are written by
hand from the fixtures.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zlib
from pathlib import Path

import pytest
import yaml

from kzanalysis.cli import main
from kzanalysis.load import extract as extract_module
from kzanalysis.load.corpus import load_corpus
from kzanalysis.load.extract import markup as markup_module
from kzanalysis.load.extract import pdf as pdf_module

REPO_DATA = Path(__file__).resolve().parent.parent / "data"

# ------------------------------------------------------------------ fixtures

READOUT_HTML = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>Readout of the Secretary&#8217;s Call with Foreign Minister Nurtleu | U.S. Department of State</title>
<meta property="og:title" content="Readout of the Secretary&#8217;s Call with Foreign Minister Nurtleu">
<meta property="og:site_name" content="U.S. Department of State">
<meta property="article:published_time" content="2024-02-15T18:30:00-05:00">
<link rel="canonical" href="https://www.state.gov/readout-call-foreign-minister-nurtleu/">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
<style>.site-nav { display: flex; }</style>
</head>
<body>
<div id="cookie-notice" class="cookie-banner">
<p>This website uses cookies to improve your experience and to measure how the site is used.</p>
<button>Accept all cookies</button>
</div>
<header class="site-header">
<a class="skip-link" href="#main">Skip to main content</a>
<nav class="site-nav" aria-label="Main menu">
<ul><li><a href="/countries/">Countries &amp; Areas</a></li><li><a href="/bureaus/">Bureaus &amp; Offices</a></li>
<li><a href="/about/">About</a></li><li><a href="/press/">Press Releases</a></li></ul>
</nav>
</header>
<main id="main">
<article>
<h1>Readout of the Secretary&#8217;s Call with Foreign Minister Nurtleu</h1>
<p class="byline"><a href="/office-of-the-spokesperson/">Office of the Spokesperson</a>
<time datetime="2024-02-15">February 15, 2024</time></p>
<div class="entry-content">
<p>The following is attributable to Spokesperson Matthew Miller:</p>
<p>Secretary Blinken spoke today with Kazakhstan&#8217;s Foreign Minister Murat Nurtleu to discuss
the C5+1 partnership and energy&nbsp;security in the Caspian region.</p>
<p>The Secretary underscored U.S. support for Kazakhstan&#8217;s sovereignty <s>upon</s> \\[until\\] the
summit<sup>1</sup> and welcomed progress on the Trans-Caspian route.</p>
</div>
</article>
</main>
<aside class="related-content"><h2>Related Articles</h2>
<ul><li><a href="/x/">Secretary Blinken&#8217;s Travel to Central Asia</a></li></ul></aside>
<footer class="site-footer">
<nav aria-label="Footer"><ul><li><a href="/privacy/">Privacy Policy</a></li>
<li><a href="/copyright/">Copyright Information</a></li><li><a href="/foia/">FOIA</a></li></ul></nav>
<p>U.S. Department of State, 2201 C Street NW, Washington, DC 20520</p>
</footer>
<script src="/js/site.min.js"></script>
<script>document.addEventListener("DOMContentLoaded", function () { trackPage("readout"); });</script>
</body>
</html>
"""

# The article text as a reader sees it, worked out by hand from READOUT_HTML: the struck word is left out,
# the escaped brackets are brackets, the note marker is gone and the non-breaking space is a space. The
# headline stands outside the page's content block, so the extractor leaves it with the furniture (the
# manifest's title has it).
READOUT_TEXT = [
    "The following is attributable to Spokesperson Matthew Miller:",
    "Secretary Blinken spoke today with Kazakhstan\u2019s Foreign Minister Murat Nurtleu to discuss the C5+1 "
    "partnership and energy security in the Caspian region.",
    "The Secretary underscored U.S. support for Kazakhstan\u2019s sovereignty [until] the summit and welcomed "
    "progress on the Trans-Caspian route.",
]
FURNITURE_WORDS = (
    "cookies",
    "Skip to main",
    "Bureaus",
    "Privacy Policy",
    "Related Articles",
    "dataLayer",
    "trackPage",
    "display: flex",
    "2201 C Street",
    "upon",
    "FOIA",
)

PDF_PAGES = [
    [
        "Embassy of the United States, Astana",
        "Joint Statement on the Strategic Partnership Dialogue",
        "March 1, 2024",
        "",
        "The United States and the Republic of Kazakhstan held the annual dialogue in",
        "Astana and reaffirmed their commitment to sovereignty and territorial integrity.",
        "1",
    ],
    ["Both delegations welcomed progress on the Middle Corridor and on critical minerals.", "2"],
]
# pypdf's text of PDF_PAGES (lines as laid out, pages a blank line apart, page numbers left out), by hand.
PDF_TEXT = (
    "Embassy of the United States, Astana\nJoint Statement on the Strategic Partnership Dialogue\n"
    "March 1, 2024\nThe United States and the Republic of Kazakhstan held the annual dialogue in\n"
    "Astana and reaffirmed their commitment to sovereignty and territorial integrity.\n\n"
    "Both delegations welcomed progress on the Middle Corridor and on critical minerals."
)

TEXT_FILE = """Kazakhstan and America Sign Trade Accord

By Jane Roe

ALMATY, 12 May 2005 -- Kazakhstan and the United States signed a trade and investment framework
agreement on Thursday, officials said, a step toward membership of the World Trade Organization.

The accord covers energy services and customs, and a council will meet once a year.
"""


def _pdf_string(text: str) -> bytes:
    return b"(" + text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], info: dict | None = None, compress_pad: int = 0) -> bytes:
    """A minimal PDF: every page's lines in Helvetica (a standard font, nothing embedded); no lines at all
    is a page without a text layer; ``compress_pad`` appends that many spaces to each content stream and
    Flate-compresses it (a small file that inflates a lot)."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    n_pages = len(pages)
    pages_id = 2 + 2 * n_pages
    kids = []
    for lines in pages:
        ops = b"BT /F1 11 Tf 14 TL 72 740 Td\n" + b"".join(_pdf_string(line) + b" Tj T*\n" for line in lines) + b"ET"
        if compress_pad:
            stream = zlib.compress(ops + b"\n" + b" " * compress_pad, 9)
            objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        else:
            objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 1 0 R >> >> >>" % (pages_id, content_id)
        )
        kids.append(len(objects))
    objects.append(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % n_pages)
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    catalog_id = len(objects)
    info_ref = b""
    if info:
        objects.append(b"<< " + b" ".join(b"/" + k.encode() + b" " + _pdf_string(v) for k, v in info.items()) + b" >>")
        info_ref = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog_id,
        info_ref,
        xref,
    )
    return bytes(out)


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(REPO_DATA, target)
    return target


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "readout.html").write_text(READOUT_HTML, encoding="utf-8")
    (folder / "dialogue.pdf").write_bytes(
        make_pdf(
            PDF_PAGES,
            info={
                "Title": "Joint Statement on the Strategic Partnership Dialogue",
                "CreationDate": "D:20240302093000Z",
            },
        )
    )
    (folder / "accord.txt").write_text(TEXT_FILE, encoding="utf-8")
    return folder


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def entries(data: Path) -> list[dict]:
    return yaml.safe_load((data / "manifest.yml").read_text(encoding="utf-8"))["articles"]


def fill_review(data: Path, **values) -> None:
    """What a person does after reading the document: fill the fields `review:` lists and delete the notes."""
    document = yaml.safe_load((data / "manifest.yml").read_text(encoding="utf-8"))
    for entry in document["articles"]:
        review = entry.pop("review", None) or {}
        for name in review:
            entry[name] = values[name]
    (data / "manifest.yml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(map(str, args)))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---------------------------------------------------------------- additions


def test_html_page_is_added_as_received_with_its_readout_text(data_copy, files, capsys):
    code, out, err = run(capsys, "add", "--data", data_copy, files / "readout.html")
    assert code == 0, err
    entry = entries(data_copy)[-1]
    assert entry["id"].startswith("005_")
    stored = data_copy / "articles" / entry["file"]
    assert entry["file"].endswith(".html")
    assert stored.read_bytes() == (files / "readout.html").read_bytes()
    assert entry["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert entry["title"] == "Readout of the Secretary\u2019s Call with Foreign Minister Nurtleu"
    assert entry["outlet"] == "U.S. Department of State"
    assert entry["date"] == "2024-02-15"
    assert "article:published_time" in entry["date_evidence"] and "2024-02-15T18:30:00-05:00" in entry["date_evidence"]
    assert "<time" in entry["date_evidence"] and "(agrees)" in entry["date_evidence"]
    assert entry["genre"] == "readout" and entry["evidence"]["genre"] == 'the title begins "Readout"'
    assert entry["url"] == "https://www.state.gov/readout-call-foreign-minister-nurtleu/"
    assert entry["extractor"].startswith("trafilatura ")
    assert entry["provenance"] is None and "provenance" in entry["review"]

    # check fails, naming the field and the file, until a person fills it in
    code, _, err = run(capsys, "check", "--data", data_copy)
    assert code == 2
    assert "`provenance`" in err and entry["file"] in err

    fill_review(data_copy, provenance="US government (Department of State).", author=None)
    code, out, err = run(capsys, "check", "--data", data_copy)
    assert code == 0, err
    corpus = load_corpus(data_copy)
    paragraphs = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == entry["id"]]
    assert list(paragraphs["text"]) == READOUT_TEXT
    article = corpus.articles.set_index("id").loc[entry["id"]]
    for word in FURNITURE_WORDS:
        assert word not in article["raw_text"], word
    assert "<" not in article["raw_text"] and "\\" not in article["raw_text"] and "\u00a0" not in article["raw_text"]
    assert list(paragraphs["part"]) == ["body", "body", "body"]


def test_pdf_is_added_with_the_date_printed_on_its_first_page(data_copy, files, capsys):
    code, _, err = run(capsys, "add", "--data", data_copy, files / "dialogue.pdf")
    assert code == 0, err
    entry = entries(data_copy)[-1]
    assert entry["file"].endswith(".pdf")
    assert entry["title"] == "Joint Statement on the Strategic Partnership Dialogue"
    assert entry["genre"] == "joint statement"
    # The printed date wins over the file's creation date, which is listed as differing.
    assert entry["date"] == "2024-03-01"
    assert '"March 1, 2024"' in entry["date_evidence"] and "/CreationDate" in entry["date_evidence"]
    assert "(differs)" in entry["date_evidence"]
    assert entry["extractor"].startswith("pypdf ")
    assert set(entry["review"]) == {"outlet", "author", "provenance"}
    fill_review(data_copy, outlet="U.S. Embassy in Kazakhstan", author=None, provenance="US government.")
    corpus = load_corpus(data_copy)
    article = corpus.articles.set_index("id").loc[entry["id"]]
    assert article["raw_text"] == PDF_TEXT
    body = corpus.paragraphs[corpus.paragraphs["article_id"] == entry["id"]]["text"].tolist()
    assert body[-1] == "Both delegations welcomed progress on the Middle Corridor and on critical minerals."


def test_text_file_gets_its_byline_and_dateline(data_copy, files, capsys):
    code, _, err = run(
        capsys,
        "add",
        "--data",
        data_copy,
        files / "accord.txt",
        "--outlet",
        "Example Wire",
        "--provenance",
        "A commercial wire service.",
        "--genre",
        "news report",
    )
    assert code == 0, err
    entry = entries(data_copy)[-1]
    assert entry["title"] == "Kazakhstan and America Sign Trade Accord"
    assert entry["author"] == "Jane Roe" and "By Jane Roe" in entry["evidence"]["author"]
    assert entry["date"] == "2005-05-12" and '"12 May 2005"' in entry["date_evidence"]
    assert entry["outlet"] == "Example Wire" and "--outlet" in entry["evidence"]["outlet"]
    assert "extractor" not in entry and "review" not in entry
    code, _, err = run(capsys, "check", "--data", data_copy)
    assert code == 0, err


def test_markdown_markup_does_not_survive(data_copy, tmp_path, capsys):
    page = tmp_path / "gaggle.md"
    page.write_text(
        "# Press Gaggle by the Press Secretary\n\nMS. SMITH:\u00a0 We expect the talks to go on "
        "<s>upon</s> \\[until\\] Friday.<sup>78</sup>\n\nQ\u00a0 Will Kazakhstan join?\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "add", "--data", data_copy, page, "--dry-run")
    assert code == 0, err
    assert re.search(r"\u00b62\s+turn\s+We expect the talks to go on \[until\] Friday\.\n", out)
    assert re.search(r"\u00b63\s+question\s+Will Kazakhstan join\?", out)
    text = extract_module.extract_text(page.read_bytes(), "markdown", page).text
    assert text == (
        "Press Gaggle by the Press Secretary\n\nMS. SMITH: We expect the talks to go on [until] Friday."
        "\n\nQ Will Kazakhstan join?"
    )
    assert "genre: gaggle" in out
    assert checksums(data_copy) == checksums(REPO_DATA)


def test_dry_run_shows_entry_and_parts_and_writes_nothing(data_copy, files, capsys):
    before = checksums(data_copy)
    code, out, err = run(
        capsys, "add", "--data", data_copy, files / "readout.html", files / "dialogue.pdf", "--dry-run"
    )
    assert code == 0, err
    assert checksums(data_copy) == before
    assert "sha256: " + hashlib.sha256((files / "readout.html").read_bytes()).hexdigest() in out
    assert re.search(r"\u00b61\s+body\s+The following is attributable", out)
    assert re.search(r"\u00b63\s+body\s+The Secretary underscored", out)
    # the second file of the batch takes the next number
    ids = re.findall(r"- id: (\S+)", out)
    assert [i[:4] for i in ids] == ["005_", "006_"]


# ----------------------------------------------------------------- refusals


def _refused(capsys, data: Path, path: Path, *extra) -> str:
    before = checksums(data)
    code, _, err = run(capsys, "add", "--data", data, path, *extra)
    assert code == 2
    assert path.name in err
    assert checksums(data) == before
    return err


def test_refuses_a_file_already_in_the_corpus(data_copy, tmp_path, capsys):
    copy = tmp_path / "again.txt"
    shutil.copyfile(REPO_DATA / "articles" / "002_b4b5912900beeb87.txt", copy)
    err = _refused(capsys, data_copy, copy)
    assert "already in the corpus" in err and "002_b4b5912900beeb87" in err


def test_refuses_a_near_duplicate(data_copy, tmp_path, capsys):
    text = (REPO_DATA / "articles" / "002_b4b5912900beeb87.txt").read_text(encoding="utf-8")
    near = tmp_path / "retyped.txt"
    near.write_text("  " + text.upper().replace(" ", "   ").replace(",", " ,") + "\n\n", encoding="utf-8")
    err = _refused(capsys, data_copy, near)
    assert "near-duplicate" in err and "002_b4b5912900beeb87" in err


def test_refuses_a_duplicate_within_the_batch(data_copy, files, tmp_path, capsys):
    twin = tmp_path / "twin.html"
    shutil.copyfile(files / "readout.html", twin)
    before = checksums(data_copy)
    code, _, err = run(capsys, "add", "--data", data_copy, files / "readout.html", twin)
    assert code == 2 and "twin.html" in err and "nothing was added" in err
    assert checksums(data_copy) == before


def test_refuses_an_existing_id(data_copy, files, capsys):
    err = _refused(capsys, data_copy, files / "accord.txt", "--id", "000_227c2561fdf8ecac")
    assert "000_227c2561fdf8ecac" in err and "exists" in err


def test_refuses_an_empty_extraction(data_copy, tmp_path, capsys):
    page = tmp_path / "app.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Readout</title><script src='app.js'></script></head>"
        "<body><div id='root'></div><noscript>You need to enable JavaScript to run this app.</noscript>"
        "<script>render(document.getElementById('root'))</script></body></html>",
        encoding="utf-8",
    )
    err = _refused(capsys, data_copy, page)
    assert "gives no text" in err


def test_refuses_a_scanned_pdf(data_copy, tmp_path, capsys):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[], []]))
    err = _refused(capsys, data_copy, scan)
    assert "no text layer" in err and "2 pages" in err and "OCR" in err


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("report.html", make_pdf(PDF_PAGES), "is a PDF"),
        ("report.pdf", READOUT_HTML.encode(), "is not a PDF"),
        ("notes.txt", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "ZIP archive"),
        ("page.txt", READOUT_HTML.encode(), "is a web page"),
        ("letter.docx", b"PK\x03\x04", "not a kind of article file"),
    ],
)
def test_refuses_a_file_that_is_not_what_its_extension_says(data_copy, tmp_path, capsys, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    err = _refused(capsys, data_copy, path)
    assert says in err


# ------------------------------------------------------------ hostile input


def test_deeply_nested_page_is_refused(data_copy, tmp_path, capsys):
    page = tmp_path / "deep.html"
    page.write_bytes(b"<html><body>" + b"<div>" * 5000 + b"text" + b"</div>" * 5000 + b"</body></html>")
    err = _refused(capsys, data_copy, page)
    assert "256" in err


def test_pdf_decompression_bomb_is_refused(data_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PDF_STREAM_BYTES", 1_000_000)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make_pdf([["A page of text about Kazakhstan."]], compress_pad=5_000_000))
    assert bomb.stat().st_size < 50_000
    err = _refused(capsys, data_copy, bomb)
    assert "cannot be read as a PDF" in err


def test_pdf_with_too_many_pages_is_refused(data_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 2)
    long = tmp_path / "long.pdf"
    long.write_bytes(make_pdf([["Page one."], ["Page two."], ["Page three."]]))
    err = _refused(capsys, data_copy, long)
    assert "3 pages" in err and "limit of 2" in err


def test_changed_extraction_is_reported_by_check(data_copy, files, capsys):
    code, _, err = run(capsys, "add", "--data", data_copy, files / "readout.html")
    assert code == 0, err
    fill_review(data_copy, provenance="US government.", author=None)
    assert run(capsys, "check", "--data", data_copy)[0] == 0
    manifest = data_copy / "manifest.yml"
    text = manifest.read_text(encoding="utf-8")
    recorded = entries(data_copy)[-1]["text_sha256"]
    manifest.write_text(text.replace(recorded, "f" * 64), encoding="utf-8")
    code, _, err = run(capsys, "check", "--data", data_copy)
    assert code == 2 and "differs from the text recorded" in err and entries(data_copy)[-1]["file"] in err


def test_page_with_too_many_elements_is_refused(data_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(markup_module, "MAX_HTML_ELEMENTS", 50)
    page = tmp_path / "menus.html"
    page.write_text("<html><body>" + "<div><a href='/'>Menu item</a></div>" * 40 + "<p>Text.</p></body></html>")
    err = _refused(capsys, data_copy, page)
    assert "more than 50 HTML elements" in err
