"""The command line: every subcommand, --data everywhere, exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from kzanalysis.cli import main
from kzanalysis.errors import CorpusError

from conftest import DATA_DIR

IDS = [
    "000_227c2561fdf8ecac", "001_b26ba8fe6375836e", "002_b4b5912900beeb87",
    "003_40d1a890abeb5e88", "004_ee13d1e9892b13ab",
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


def test_kwic_invalid_regex(capsys):
    assert main(["kwic", "(", "--regex", "--data", str(DATA_DIR)]) == 2
    assert "invalid regular expression" in capsys.readouterr().err


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

def _fake_figures(monkeypatch, behaviour):
    module = types.ModuleType("kzanalysis.figures")
    module.export_figures = behaviour
    monkeypatch.setitem(sys.modules, "kzanalysis.figures", module)


def test_figures_delegates_to_export_figures(tmp_path, monkeypatch, capsys):
    calls = []

    def export_figures(corpus, outdir, html_dir=None):
        calls.append((len(corpus.articles), Path(outdir), html_dir))
        return Path(outdir) / "catalog.json"

    _fake_figures(monkeypatch, export_figures)
    assert main(["figures", str(tmp_path / "figs"), "--data", str(DATA_DIR)]) == 0
    assert calls == [(5, tmp_path / "figs", None)]
    assert "catalog.json" in capsys.readouterr().out
    # --html must name a built book
    assert main(["figures", str(tmp_path / "figs"), "--html", str(tmp_path / "missing"), "--data", str(DATA_DIR)]) == 2
    assert "missing: no built HTML book there" in capsys.readouterr().err
    (tmp_path / "html").mkdir()
    assert main(["figures", str(tmp_path / "figs"), "--html", str(tmp_path / "html"), "--data", str(DATA_DIR)]) == 0
    assert calls[-1][2] == tmp_path / "html"


def test_corpus_error_raised_anywhere_exits_2(tmp_path, monkeypatch, capsys):
    def export_figures(corpus, outdir, html_dir=None):
        raise CorpusError(corpus.data_dir / "routes.yml", "route 'x' has no path", "add the path")

    _fake_figures(monkeypatch, export_figures)
    assert main(["figures", str(tmp_path), "--data", str(DATA_DIR)]) == 2
    err = capsys.readouterr().err
    assert "routes.yml: route 'x' has no path. Fix: add the path." in err


# ------------------------------------------------------ as a real process

def test_python_dash_m_and_console_script(data_copy):
    module = subprocess.run([sys.executable, "-m", "kzanalysis", "check", "--data", str(data_copy)],
                            capture_output=True, text=True, timeout=120)
    assert module.returncode == 0, module.stderr
    assert module.stdout.startswith("OK: 5 articles")
    script = Path(sys.executable).parent / "kzanalysis"
    assert script.is_file(), "console script not installed (pip install -e .)"
    break_copy(data_copy)
    broken = subprocess.run([str(script), "check", "--data", str(data_copy)], capture_output=True, text=True, timeout=120)
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
