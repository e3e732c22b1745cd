"""The command line: every subcommand, --data everywhere, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_DIR

from kzanalysis.cli import main
from kzanalysis.load.errors import CorpusError

IDS = [
    "000_227c2561fdf8ecac",
    "001_b26ba8fe6375836e",
    "002_b4b5912900beeb87",
    "003_40d1a890abeb5e88",
    "004_ee13d1e9892b13ab",
]
SUBCOMMANDS = ["check", "summary", "kwic", "export", "figures"]


def break_copy(data_dir: Path) -> None:
    """Two problems: a missing article file and an impossible date."""
    (data_dir / "articles" / "001_b26ba8fe6375836e.txt").unlink()
    manifest = data_dir / "manifest.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"2002"', '"2002-02-30"'), encoding="utf-8")


# -------------------------------------------------------------------- help


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert command in out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_accepts_data(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "--data DIR" in capsys.readouterr().out


def test_missing_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# ------------------------------------------------------------------- check


def test_check_ok_prints_one_line_with_counts(data_copy, capsys):
    assert main(["check", "--data", str(data_copy)]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("OK: 5 articles, ")
    assert "boilerplate lines removed" in lines[0] and "errata" in lines[0]
    assert err == ""


def test_check_reports_every_problem_on_stderr(data_copy, capsys):
    break_copy(data_copy)
    assert main(["check", "--data", str(data_copy)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("2 problems found in")
    assert "001_b26ba8fe6375836e.txt" in err and "2002-02-30" in err
    assert "Traceback" not in err


def test_check_cross_checks_errata_against_the_articles(data_copy, capsys):
    errata = data_copy / "errata.yml"
    errata.write_text(
        'errata:\n  - article_id: "002_b4b5912900beeb87"\n    original: "words that are not there"\n'
        '    correction: "x"\n    kind: typo\n    evidence: "test"\n'
        '  - article_id: "999_missing"\n    original: "a"\n    correction: "b"\n    kind: typo\n    evidence: "test"\n',
        encoding="utf-8",
    )
    assert main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "errata.yml: erratum #1 (002_b4b5912900beeb87): original 'words that are not there' does not occur" in err
    assert "errata.yml: erratum #2 names article 999_missing, which is not in manifest.yml" in err


def test_data_option_before_the_subcommand(data_copy, capsys):
    break_copy(data_copy)
    assert main(["--data", str(data_copy), "check"]) == 2


def test_data_from_environment(data_copy, monkeypatch, capsys):
    break_copy(data_copy)
    monkeypatch.setenv("KZ_DATA_DIR", str(data_copy))
    assert main(["check"]) == 2


def test_missing_data_directory(tmp_path, capsys):
    assert main(["summary", "--data", str(tmp_path / "absent")]) == 2
    assert "absent: data directory not found" in capsys.readouterr().err


# ----------------------------------------------------------------- summary


def test_summary_lists_articles_totals_and_extremes(capsys):
    assert main(["summary", "--data", str(DATA_DIR)]) == 0
    out = capsys.readouterr().out
    for article_id in IDS:
        assert article_id in out
    assert "1997-11-24" in out and "2006-07" in out
    assert "Total: 5 articles" in out and "1997\u20132008" in out
    assert "Longest: 004_ee13d1e9892b13ab" in out
    assert "Shortest: " in out


def test_summary_on_broken_data_exits_2_without_traceback(data_copy, capsys):
    break_copy(data_copy)
    assert main(["summary", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "2 problems found" in err and "Traceback" not in err


# -------------------------------------------------------------------- kwic


def test_kwic_plain_term(capsys):
    assert main(["kwic", "Baku", "--data", str(DATA_DIR), "--window", "20"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert lines and all("[Baku]" in line for line in lines)
    assert err.strip() == f"{len(lines)} matches for 'Baku'"


def test_kwic_regex_finds_both_spellings(capsys):
    assert main(["kwic", r"Nazarba(y)?ev\b", "--regex", "--data", str(DATA_DIR)]) == 0
    out = capsys.readouterr().out
    assert "[Nazarbayev]" in out and "[Nazarbaev]" in out


@pytest.mark.parametrize(
    "pattern, problem",
    [
        ("(", "invalid regular expression '(': missing ), unterminated subpattern at position 0"),
        ("a{99999999999}", "invalid regular expression 'a{99999999999}': the repetition number is too large"),
        ("x{2,1}", "invalid regular expression 'x{2,1}': min repeat greater than max repeat"),
        # each of these matches the empty string, so it would "match" between every two characters
        ("a*", "regular expression 'a*' matches the empty string"),
        ("x|", "regular expression 'x|' matches the empty string"),
        (r"\b", r"regular expression '\\b' matches the empty string"),
        ("(?=oil)", "regular expression '(?=oil)' matches the empty string"),
        ("(a+)+", "regular expression '(a+)+' has a repeat without an upper bound inside another one"),
    ],
)
def test_kwic_refuses_a_bad_regex_with_exit_2_and_no_traceback(pattern, problem, capsys):
    assert main(["kwic", pattern, "--regex", "--data", str(DATA_DIR)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"kzanalysis kwic: {problem}")
    assert "Traceback" not in err and err.count("\n") == 1


def test_kwic_console_script_refuses_an_empty_matching_regex_with_exit_2():
    script = Path(sys.executable).parent / "kzanalysis"
    done = subprocess.run(
        [str(script), "kwic", "--regex", "a*", "--data", str(DATA_DIR)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "kzanalysis kwic: regular expression 'a*' matches the empty string. Fix: give an "
        "expression that matches at least one character.\n"
    )


def test_kwic_an_empty_term_exits_2(capsys):
    assert main(["kwic", "  ", "--data", str(DATA_DIR)]) == 2
    assert capsys.readouterr().err == "kzanalysis kwic: the search term is empty. Fix: give a word or a phrase.\n"


# ------------------------------------------------------------------ export


def test_export_writes_the_tables(tmp_path, capsys):
    outdir = tmp_path / "tables"
    assert main(["export", str(outdir), "--data", str(DATA_DIR)]) == 0
    printed = capsys.readouterr().out.split()
    assert {Path(p).name for p in printed} >= {"articles.csv", "entities.csv", "summaries.csv"}
    assert all(Path(p).is_file() for p in printed)


def test_export_into_a_file_path_exits_2(tmp_path, capsys):
    target = tmp_path / "occupied"
    target.write_text("not a directory", encoding="utf-8")
    assert main(["export", str(target), "--data", str(DATA_DIR)]) == 2
    err = capsys.readouterr().err
    assert "occupied" in err and "Traceback" not in err


# ----------------------------------------------------------------- figures


@pytest.fixture
def two_articles(data_copy) -> Path:
    """A copy of data/ holding only its first two articles (so drawing every figure is quick)."""
    from conftest import read_manifest, write_manifest

    manifest = read_manifest(data_copy)
    for entry in manifest["articles"][2:]:
        (data_copy / "articles" / entry["file"]).unlink()
    manifest["articles"] = manifest["articles"][:2]
    write_manifest(data_copy, manifest)
    return data_copy


def test_figures_writes_every_registry_figure_and_the_catalogue(two_articles, tmp_path, capsys):
    from kzanalysis.report.figures import FIGURES

    outdir = tmp_path / "figs"
    assert main(["figures", str(outdir), "--data", str(two_articles)]) == 0
    assert capsys.readouterr().out.strip() == f"figures written to {outdir}; catalogue: {outdir / 'catalog.json'}"
    catalog = json.loads((outdir / "catalog.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in catalog] == [spec.id for spec in FIGURES]
    for entry in catalog:
        figure_id = entry["id"]
        assert entry["files"] == {"png": f"{figure_id}.png", "svg": f"{figure_id}.svg", "csv": f"{figure_id}.csv"}
        assert (outdir / f"{figure_id}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (outdir / f"{figure_id}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert (outdir / f"{figure_id}.csv").stat().st_size > 0
        # the corpus of two articles, not the full one, is what the figures were drawn from
        assert "n = 2 articles" in entry["source"], figure_id
        assert entry["number"] is None  # no built book given
    assert sorted(path.name for path in outdir.iterdir()) == sorted(
        ["catalog.json"] + [name for entry in catalog for name in entry["files"].values()]
    )


def test_figures_with_html_naming_no_built_book_exits_2(tmp_path, capsys):
    missing = tmp_path / "missing"
    assert main(["figures", str(tmp_path / "figs"), "--html", str(missing), "--data", str(DATA_DIR)]) == 2
    assert f"{missing}: no built HTML book there" in capsys.readouterr().err
    assert not (tmp_path / "figs").exists()


def test_corpus_error_raised_anywhere_exits_2(tmp_path, monkeypatch, capsys):
    from kzanalysis.report import figures

    def export_figures(corpus, outdir, html_dir=None):
        raise CorpusError(corpus.data_dir / "routes.yml", "route 'x' has no path", "add the path")

    monkeypatch.setattr(figures, "export_figures", export_figures)
    assert main(["figures", str(tmp_path), "--data", str(DATA_DIR)]) == 2
    err = capsys.readouterr().err
    assert "routes.yml: route 'x' has no path. Fix: add the path." in err
    assert "Traceback" not in err


# ------------------------------------------------------ as a real process


def test_python_dash_m_and_console_script(data_copy):
    module = subprocess.run(
        [sys.executable, "-m", "kzanalysis", "check", "--data", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert module.returncode == 0, module.stderr
    assert module.stdout.startswith("OK: 5 articles")
    script = Path(sys.executable).parent / "kzanalysis"
    assert script.is_file(), "console script not installed (pip install -e .)"
    break_copy(data_copy)
    broken = subprocess.run(
        [str(script), "check", "--data", str(data_copy)], capture_output=True, text=True, timeout=120
    )
    assert broken.returncode == 2
    assert "001_b26ba8fe6375836e.txt" in broken.stderr and "Traceback" not in broken.stderr


def test_figures_to_an_empty_path_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["figures", ""])
    assert exit_info.value.code == 2
    assert "empty path is not an output directory" in capsys.readouterr().err


def test_check_error_output_escapes_control_characters(data_copy, capsys):
    from conftest import read_manifest, write_manifest

    manifest = read_manifest(data_copy)
    manifest["articles"][0]["outlet"] = "\x1b[2JOutlet"
    write_manifest(data_copy, manifest)
    assert main(["check", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "U+001B" in err and "`outlet`" in err and "\x1b" not in err
