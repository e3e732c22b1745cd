"""Tests for kzanalysis.report.figures: the registry, figure export and the chapters' use of it."""

from __future__ import annotations

import io
import json
import re
import struct
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import REPO_ROOT
from matplotlib.figure import Figure

from kzanalysis import __version__
from kzanalysis.report import figures, plots
from kzanalysis.report.figures import builders

CHAPTERS_DIR = REPO_ROOT / "chapters"
CATALOG_KEYS = {"id", "number", "chapter", "title", "caption", "alt", "source", "files", "cite"}


@pytest.fixture(scope="module")
def results(corpus):
    """Every registry figure drawn once from the real corpus."""
    return {spec.id: figures.make_figure(spec.id, corpus) for spec in figures.FIGURES}


# ----------------------------------------------------------------------------- the registry


def test_registry_is_well_formed():
    ids = [spec.id for spec in figures.FIGURES]
    assert len(ids) >= 8
    assert len(set(ids)) == len(ids)
    for spec in figures.FIGURES:
        # Sphinx turns ``:name: fig-<id>`` into an HTML id; only these characters survive unchanged.
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", spec.id), spec.id
        assert spec.chapter in figures.CHAPTERS
        assert spec.title and spec.title[0].isupper()
        assert len(spec.alt) >= 80 and spec.alt != spec.title
        assert "{" not in spec.alt
        assert callable(getattr(builders, spec.builder)), spec.builder
    assert set(figures.CHAPTERS) == {spec.chapter for spec in figures.FIGURES}


def test_unknown_figure_id_names_the_known_ones(corpus):
    with pytest.raises(KeyError, match="chronology"):
        figures.make_figure("no-such-figure", corpus)


def test_findings_point_at_registry_figures(corpus):
    from kzanalysis.analysis.findings import key_findings

    named = {finding.figure for finding in key_findings(corpus)} - {None}
    assert named, "findings name no figures"
    assert named <= {spec.id for spec in figures.FIGURES}


def test_every_figure_builds_from_the_real_corpus(results, corpus):
    n = len(corpus.articles)
    for figure_id, result in results.items():
        spec = figures.figure_spec(figure_id)
        assert isinstance(result.fig, Figure)
        assert isinstance(result.data, pd.DataFrame) and len(result.data) > 0, figure_id
        assert plots.figure_title(result.fig) == spec.title
        assert f"n = {n} articles" in result.source
        assert result.caption.endswith(result.source)
        assert "{" not in result.caption and "}" not in result.caption, figure_id
        assert result.spec is spec


def test_every_registry_figure_saves_as_png(results):
    for figure_id, result in results.items():
        buffer = io.BytesIO()
        result.fig.savefig(buffer, format="png", dpi=100)
        assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n", figure_id


def test_captions_state_counts_from_the_data(results, corpus):
    # by hand from the claims register: 9 rights claims in the 1997 and 2002 analyses, 4 of them in a
    # sentence with security words ("stability", "security", "terrorism", "military")
    assert (
        "9 claims (9 reviewed) in 2 of 5 articles, 4 of them beside security"
        in results["rights-security-timeline"].caption
    )
    # by hand from data/manifest.yml: 5 articles dated 1997 to 2008, from RFE/RL (twice), IWPR, TOL and
    # DiplomaticTraffic.com; only the 1997 one is older than 11 September 2001
    assert results["chronology"].caption.startswith(
        "Publication dates of the 5 articles (1997–2008) from 4 outlets, labelled with outlet and genre; "
    )
    assert "1 article predates 11 September 2001 and 4 follow it," in results["chronology"].caption


# ----------------------------------------------------------------------------- glue


def test_glue_figure_glues_image_and_caption(monkeypatch, corpus):
    import myst_nb

    calls = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: calls.append((name, value, display)))
    result = figures.glue_figure("chronology", corpus)
    assert [(name, display) for name, _, display in calls] == [("chronology", False), ("chronology-caption", False)]
    image, caption = calls[0][1], calls[1][1]
    png = image._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = struct.unpack(">I", png[16:20])[0]
    assert width >= 1200  # sharp enough for print and high-density screens
    assert str(caption) == result.caption
    # {glue:text} literal-evals the text/plain form: it must give back the caption exactly
    from myst_nb.core.variables import format_plain_text

    assert format_plain_text(repr(caption), "s") == result.caption


# ----------------------------------------------------------------------------- export and catalogue


def fake_html(html_dir: Path, numbers: dict[str, str]) -> None:
    """A minimal built book: the figure numbers the kz_figures extension writes beside the HTML."""
    html_dir.mkdir(parents=True, exist_ok=True)
    (html_dir / figures.FIGURE_NUMBERS_FILE).write_text(
        json.dumps({f"fig-{key}": number for key, number in numbers.items()} | {"fig-not-in-registry": "9.9"}),
        encoding="utf-8",
    )


def test_read_figure_numbers_from_built_html(tmp_path):
    fake_html(tmp_path, {"chronology": "1.1", "routes-map": "2.3"})
    assert figures.read_figure_numbers(tmp_path) == {"chronology": "1.1", "routes-map": "2.3"}
    assert figures.read_figure_numbers(tmp_path / "missing") == {}


def test_citation_names_report_version_and_file():
    spec = figures.figure_spec("routes-map")
    cite = figures.citation(spec, "3.2", built=pd.Timestamp("2026-01-02").date())
    assert cite.startswith(f'{figures.report_title(figures.REPORT_TITLE)}, Figure 3.2: "{spec.title}".')
    assert f"Version {__version__} (built 2026-01-02)" in cite
    assert "figures/routes-map.png" in cite
    assert "fig-routes-map" in figures.citation(spec, None)


def test_build_date_is_the_editions_date_whatever_the_clock(monkeypatch):
    from kzanalysis.report import book, edition

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a clock setting must not create a second date
    cff = (edition.ROOT / "CITATION.cff").read_text(encoding="utf-8")
    released = next(
        line.split(":", 1)[1].strip().strip('"') for line in cff.splitlines() if line.startswith("date-released:")
    )
    assert figures.build_date().isoformat() == released
    day = figures.build_date()
    assert str(book.as_of()) == f"{day.day} {day:%B %Y}"


def test_edition_reads_version_and_date_from_the_citation_file(tmp_path):
    from kzanalysis.report import edition

    (tmp_path / "CITATION.cff").write_text('title: "T"\nversion: "2.1.0"\ndate-released: "2025-03-04"\n')
    ed = edition.edition(tmp_path)
    assert (ed.version, ed.date.isoformat(), ed.date_text, ed.title) == ("2.1.0", "2025-03-04", "4 March 2025", "T")
    (tmp_path / "CITATION.cff").write_text("title: T\n")
    edition._read.cache_clear()
    with pytest.raises(RuntimeError, match="date-released"):
        edition.edition(tmp_path)


def test_export_figures_writes_every_file_and_catalog(tmp_path, corpus):
    outdir = tmp_path / "figures"
    html_dir = tmp_path / "html"
    fake_html(html_dir, {"chronology": "1.1", "theme-rates": "5.1"})
    # files of a figure that has since left the registry, from an earlier export
    for folder in (outdir, html_dir / "figures"):
        folder.mkdir(parents=True, exist_ok=True)
        for ext in ("png", "svg", "csv"):
            (folder / f"retired-figure.{ext}").write_text("old")
        (folder / "notes.txt").write_text("not a figure file")
    catalog_path = figures.export_figures(corpus, outdir, html_dir=html_dir, progress=False)
    for folder in (outdir, html_dir / "figures"):
        assert not list(folder.glob("retired-figure.*"))
        assert (folder / "notes.txt").exists()
    assert catalog_path == outdir / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    assert [entry["id"] for entry in catalog] == [spec.id for spec in figures.FIGURES]
    for entry in catalog:
        assert set(entry) == CATALOG_KEYS
        assert set(entry["files"]) == {"png", "svg", "csv"}
        for name in entry["files"].values():
            assert (outdir / name).stat().st_size > 0
            assert (html_dir / "figures" / name).stat().st_size > 0
        png = (outdir / entry["files"]["png"]).read_bytes()
        width = struct.unpack(">I", png[16:20])[0]
        assert width == round(plots.FIG_WIDTH * 300)  # 300 dpi
        assert "<svg" in (outdir / entry["files"]["svg"]).read_text(encoding="utf-8")[:2000]
        assert len(pd.read_csv(outdir / entry["files"]["csv"])) > 0
        assert entry["source"].startswith("Source:") and entry["caption"].endswith(entry["source"])
        assert entry["cite"].startswith(figures.report_title(figures.REPORT_TITLE))
    numbers = {entry["id"]: entry["number"] for entry in catalog}
    assert numbers["chronology"] == "1.1" and numbers["theme-rates"] == "5.1"
    assert numbers["routes-map"] is None
    assert (html_dir / "figures" / "catalog.json").is_file()


def test_export_without_html_leaves_numbers_null(tmp_path, corpus):
    catalog = json.loads(figures.export_figures(corpus, tmp_path, progress=False).read_text(encoding="utf-8"))
    assert all(entry["number"] is None for entry in catalog)
    assert all("figure fig-" in entry["cite"] for entry in catalog)


# ----------------------------------------------------------------------------- the book uses the registry


def placed_figures(path: Path) -> list[dict]:
    """Every figure a MyST file places: ``{kz-figure} <id>`` directives, and any ``{glue:figure}`` by hand."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^```\{(kz-figure|glue:figure)\}\s+(\S+)\s*$", line.strip())
        if match:
            found.append({"key": match.group(2), "file": path.name, "how": match.group(1)})
    return found


def written_chapters() -> dict[str, Path]:
    """Chapter files of the registry that hold real content (code cells)."""
    out = {}
    for stem in figures.CHAPTERS:
        path = CHAPTERS_DIR / f"{stem}.md"
        if path.is_file() and "{code-cell}" in path.read_text(encoding="utf-8"):
            out[stem] = path
    return out


def test_every_figure_is_placed_once_by_the_registry_directive():
    """Chapters place figures with {kz-figure} <id>, never by hand, so no label, alt text or caption is repeated."""
    chapters = written_chapters()
    assert set(chapters) == set(figures.CHAPTERS), "a chapter the registry places figures in has no code cell"
    placed: dict[str, list[dict]] = {}
    for path in sorted(CHAPTERS_DIR.glob("*.md")):
        for directive in placed_figures(path):
            placed.setdefault(directive["key"], []).append(directive)
    problems = [
        f"{key}: placed by hand with glue:figure in {use['file']}"
        for key, uses in placed.items()
        for use in uses
        if use["how"] != "kz-figure"
    ]
    problems += [f"{key}: not in the registry" for key in placed if key not in {s.id for s in figures.FIGURES}]
    for spec in figures.FIGURES:
        if spec.chapter not in chapters:
            continue
        uses = placed.get(spec.id, [])
        if len(uses) != 1:
            problems.append(f"{spec.id}: placed {len(uses)} times (expected once, in {spec.chapter}.md)")
        elif uses[0]["file"] != f"{spec.chapter}.md":
            problems.append(f"{spec.id}: in {uses[0]['file']}, registry says {spec.chapter}.md")
    assert not problems, "\n".join(problems)


def test_figure_directive_writes_label_alt_text_and_caption_from_the_registry():
    import importlib.util

    spec_file = REPO_ROOT / "_ext" / "kz_figures.py"
    module_spec = importlib.util.spec_from_file_location("kz_figures", spec_file)
    ext = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(ext)
    spec = figures.FIGURES[0]
    lines = ext.figure_markup(spec)
    assert lines[0] == f"```{{glue:figure}} {spec.id}"
    assert f":name: fig-{spec.id}" in lines
    assert f":alt: {' '.join(spec.alt.split())}" in lines
    assert f"{{glue:text}}`{spec.id}-caption`" in lines and lines[-1] == "```"
    assert set(ext.registry()) == {s.id for s in figures.FIGURES}


def test_config_title_matches_report_title():
    config = REPO_ROOT / "_config.yml"
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["title"] == figures.REPORT_TITLE


# ----------------------------------------------------------------------------- labels never collide


def _text_boxes(fig):
    """(text, display box) of every visible, non-empty text of ``fig``, boxes shrunk by a hair."""
    import matplotlib.text as mtext

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for artist in fig.findobj(mtext.Text):
        if not artist.get_visible() or not artist.get_text().strip():
            continue
        box = artist.get_window_extent(renderer)
        if box.width >= 1 and box.height >= 1:
            boxes.append((" ".join(artist.get_text().split())[:40], box.shrunk(0.95, 0.9)))
    return boxes


def label_collisions(fig) -> list[str]:
    """Texts that overlap each other, or that sit on a plotted line of the data."""
    import itertools

    import numpy as np

    boxes = _text_boxes(fig)
    problems = [f"{a!r} overlaps {b!r}" for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_visible() or line.get_linestyle() in ("None", "", " "):
                continue
            points = ax.transData.transform(np.asarray(line.get_xydata(), dtype=float))
            if len(points) < 2:
                continue
            dense = np.vstack(
                [np.linspace(p, q, max(2, int(np.hypot(*(q - p)) / 2))) for p, q in zip(points[:-1], points[1:])]
            )
            for text, box in boxes:
                inside = (
                    (dense[:, 0] > box.x0) & (dense[:, 0] < box.x1) & (dense[:, 1] > box.y0) & (dense[:, 1] < box.y1)
                )
                if inside.any():
                    problems.append(f"{text!r} lies on a plotted line")
    return sorted(set(problems))


def test_no_figure_has_colliding_labels(results):
    problems = {fid: label_collisions(result.fig) for fid, result in results.items()}
    assert {fid: p for fid, p in problems.items() if p} == {}


def test_label_collision_check_finds_overlaps_and_labels_on_lines():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 10], [5, 5])
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.text(1, 8, "first label")
    ax.text(1.3, 8.1, "second label")
    ax.text(6, 5, "on the line", va="center")
    ax.text(6, 1, "clear of everything")
    found = label_collisions(fig)
    assert any("'first label' overlaps 'second label'" in p for p in found)
    assert "'on the line' lies on a plotted line" in found
    assert not any("clear of everything" in p for p in found)


def test_figure_numbers_come_from_sphinx_numbering():
    import importlib.util

    module_spec = importlib.util.spec_from_file_location("kz_figures", REPO_ROOT / "_ext" / "kz_figures.py")
    ext = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(ext)
    toc = {
        "chapters/energy": {
            "figure": {"fig-routes-map": (2, 1), "fig-events-timeline": (2, 3)},
            "table": {"tbl-x": (2, 1)},
        },
        "chapters/corpus": {"figure": {"fig-chronology": (1, 1)}},
        "chapters/key_findings": {},
    }
    assert ext.figure_numbers(toc) == {"fig-chronology": "1.1", "fig-events-timeline": "2.3", "fig-routes-map": "2.1"}


def test_citation_gives_the_books_stable_address_when_the_config_sets_one(tmp_path, monkeypatch):
    from kzanalysis.report import edition

    (tmp_path / "CITATION.cff").write_text('title: "T"\nversion: "1.0.0"\ndate-released: "2026-11-23"\n')
    (tmp_path / "_config.yml").write_text('html:\n  baseurl: "https://example.org/kz-book"\n')
    assert edition.edition(tmp_path).url == "https://example.org/kz-book/"
    (tmp_path / "_config.yml").write_text('html:\n  baseurl: "javascript:alert(1)"\n')
    edition._read.cache_clear()
    assert edition.edition(tmp_path).url == ""
    edition._read.cache_clear()
    monkeypatch.setattr(edition, "ROOT", tmp_path)
    (tmp_path / "_config.yml").write_text('html:\n  baseurl: "https://example.org/kz-book/"\n')
    spec = figures.FIGURES[0]
    assert figures.citation(spec, "1.1").endswith(f"https://example.org/kz-book/figures/{spec.id}.png.")
    edition._read.cache_clear()
