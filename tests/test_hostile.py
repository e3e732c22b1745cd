"""Hostile or huge input: every case ends in exit 2 with the file and the fix
named, or in a correct result, within generous time and memory bounds.

All inputs are generated here (nothing large is committed). Cases that were
slow or unbounded before run in a child process with a timeout and a memory
limit (see tests/bounded.py); none asserts a timing.
"""

from __future__ import annotations

import hashlib
import os

import pytest
from bounded import run_bounded
from conftest import read_manifest, write_manifest

from kzanalysis.cli import main
from kzanalysis.load.limits import (
    MAX_ARTICLE_BYTES,
    MAX_LINE_CHARS,
    is_safe_url,
    regex_hazard,
    short_repr,
    terminal_safe,
    untypesettable_character,
)


def add_article(data_dir, article_id: str, content: bytes | str, **fields) -> None:
    """Add a file to articles/ and its manifest entry (fields override the defaults)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    name = fields.pop("file", f"{article_id}.txt")
    (data_dir / "articles" / name).write_bytes(raw)
    manifest = read_manifest(data_dir)
    entry = {
        "id": article_id,
        "file": name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "title": "A crafted article",
        "outlet": "Test Outlet",
        "author": None,
        "date": "2005-03",
        "date_evidence": "crafted",
        "genre": "news report",
        "provenance": "crafted for a test",
    }
    entry.update(fields)
    manifest["articles"].append(entry)
    write_manifest(data_dir, manifest)


PROSE = "Kazakhstan and the United States signed an agreement on oil exports in Astana.\n\nIt was welcomed.\n"


def check(data_dir, capsys) -> tuple[int, str, str]:
    code = main(["check", "--data", str(data_dir)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def check_bounded(data_dir) -> tuple[int, str, str]:
    result = run_bounded(["check", "--data", str(data_dir)])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result.returncode, result.stdout, result.stderr


# ------------------------------------------------------------ size limits


def test_article_over_the_size_limit_is_rejected_with_the_limit_stated(data_copy, capsys):
    add_article(
        data_copy,
        "big_article",
        "".join(f"Line {i} has some more words here.\n" for i in range(MAX_ARTICLE_BYTES // 30)),
    )
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "big_article.txt" in err and f"{MAX_ARTICLE_BYTES:,} bytes" in err and "Fix:" in err


def test_comma_ones_line_is_rejected_quickly(data_copy):
    # 200 KB of "1,1,1,..." on one line (it made a 20 GB numbers.csv)
    add_article(data_copy, "ones", "1," * 100000 + "\n")
    code, _, err = check_bounded(data_copy)
    assert code == 2
    assert "ones.txt" in err and "line 1 is 200,000 characters" in err and f"{MAX_LINE_CHARS:,}" in err


def test_initials_repeated_on_short_lines_pass_check(data_copy):
    # "A. " repeated to 200 KB (check took minutes) -- on lines below the limit
    add_article(data_copy, "initials", ("A. " * 1000 + "\n") * 66)
    code, out, err = check_bounded(data_copy)
    assert code == 0, err[-2000:]
    assert out.startswith("OK: 6 articles")


def test_hundred_thousand_short_lines_pass_check(data_copy):
    # distinct lines (no repeat rule), each ending in "and": one long wrapped sentence
    add_article(data_copy, "lines", "".join(f"word{i} and\n" for i in range(100000)))
    code, out, err = check_bounded(data_copy)
    assert code == 0, err[-2000:]
    assert out.startswith("OK: 6 articles")


# ------------------------------------------------------------------- YAML

BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("manifest.yml", BOMB + "articles: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"),
        ("gazetteer.yml", BOMB + "entities: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"),
    ],
)
def test_yaml_alias_bomb_is_refused(data_copy, name, document):
    (data_copy / name).write_text(document, encoding="utf-8")
    code, _, err = check_bounded(data_copy)
    assert code == 2
    assert f"{name}: uses a YAML alias (*a) at line 2" in err
    assert "aliases are not accepted" in err
    assert len(err) < 5000


def test_deeply_nested_yaml_is_refused(data_copy, capsys):
    (data_copy / "themes.yml").write_text("themes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _, err = check(data_copy, capsys)
    assert code == 2 and "themes.yml: nests lists or mappings more than 32 levels deep" in err


def test_error_messages_quote_only_a_prefix_of_a_huge_value(data_copy, capsys):
    add_article(data_copy, "longdate", PROSE, date="9" * 100000)
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "manifest.yml" in err and "has an invalid date '" + "9" * 60 + "\u2026' is not in the form" in err
    assert len(err) < 5000


# ---------------------------------------------------------- manifest rules


@pytest.mark.parametrize("bad_id", ["with space", "a,b", "<b>x</b>", "-leading", "x" * 65, "caf\u00e9"])
def test_ids_outside_the_alphabet_are_rejected(data_copy, capsys, bad_id):
    add_article(data_copy, bad_id, PROSE, file="crafted.txt")
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "manifest.yml" in err and "has an `id` that is not ASCII letters, digits, '_' and '-'" in err


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("title", "Oil \x1b[31mred", "U+001B"),
        ("title", "Oil\x00talks", "U+0000"),
        ("outlet", "Outlet \u202eevil", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("outlet", "Zero\u200bwidth", "U+200B ZERO WIDTH SPACE"),
    ],
)
def test_control_characters_in_manifest_fields_are_rejected(data_copy, capsys, field, value, named):
    add_article(data_copy, "ctrl", PROSE, **{field: value})
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert f"entry #6 (id ctrl) has the control or formatting character {named}" in err
    assert f"in `{field}`" in err and "\x1b" not in err and "\u202e" not in err


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("title", "Oil talks \U0001f6e2", "U+1F6E2"),
        ("outlet", "\u4eba\u6c11\u65e5\u62a5", "U+4EBA"),
    ],
)
def test_characters_the_pdf_fonts_lack_are_rejected(data_copy, capsys, field, value, named):
    add_article(data_copy, "glyphs", PROSE, **{field: value})
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert f"has the character {named}" in err and f"in `{field}`" in err and "PDF fonts cannot typeset" in err


def test_kazakh_cyrillic_and_accents_are_typeset():
    assert (
        untypesettable_character(
            "\u049a\u0430\u0437\u0430\u049b\u0441\u0442\u0430\u043d \u2013 Nazarba\u00ebv, \u20ac5"
        )
        is None
    )
    assert untypesettable_character("ok \u3042") == (3, "\u3042")


def test_unknown_funding_is_an_error_and_unknown_key_a_warning(data_copy, capsys):
    add_article(data_copy, "fund", PROSE, funding="oil money", fundign="commercial")
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "has `funding: 'oil money'`, which is not a known value" in err and "us-government" in err
    assert "warning:" in err and "entry #6 (id fund) has unknown field 'fundign'" in err


def test_unknown_key_alone_is_only_a_warning(data_copy, capsys):
    add_article(data_copy, "extra", PROSE, translator="Jane Doe")
    code, out, err = check(data_copy, capsys)
    assert code == 0 and out.startswith("OK: 6 articles")
    assert "warning:" in err and "unknown field 'translator'" in err


# ------------------------------------------------------------ article files


def test_article_of_only_boilerplate_is_rejected(data_copy, capsys):
    # Two lines that boilerplate.yml removes (RFE/RL furniture), nothing else.
    add_article(data_copy, "furniture", "Accessibility links\n\nBreaking News\n")
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "furniture.txt: has no article text: 0 words after cleaning (2 lines removed as boilerplate)" in err


def test_article_of_nul_bytes_is_rejected(data_copy, capsys):
    add_article(data_copy, "nuls", b"\x00" * 1000)
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "nuls.txt: contains the control character U+0000 at line 1, column 1" in err


def test_symlink_in_articles_is_rejected(data_copy, tmp_path, capsys):
    outside = tmp_path / "secret.txt"
    outside.write_text(PROSE, encoding="utf-8")
    os.symlink(outside, data_copy / "articles" / "linked.txt")
    manifest = read_manifest(data_copy)
    manifest["articles"].append(
        {
            "id": "linked",
            "file": "linked.txt",
            "sha256": hashlib.sha256(PROSE.encode()).hexdigest(),
            "title": "Linked",
            "outlet": "Test Outlet",
            "author": None,
            "date": "2005",
            "date_evidence": "crafted",
            "genre": "news report",
            "provenance": "crafted",
        }
    )
    write_manifest(data_copy, manifest)
    os.symlink(outside, data_copy / "articles" / "unlisted.txt")
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "linked.txt: is a symbolic link" in err and "unlisted.txt: is a symbolic link" in err


# --------------------------------------------------------------- regexes


def test_nested_quantifier_boilerplate_regex_is_rejected(data_copy):
    path = data_copy / "boilerplate.yml"
    text = path.read_text(encoding="utf-8")
    assert "\npatterns:\n" in text
    path.write_text(
        text.replace(
            "\npatterns:\n",
            ("\npatterns:\n  - id: greedy-line\n    kind: navigation\n    regex: '^(\\w+\\s?)+$'\n    note: hostile\n"),
            1,
        ),
        encoding="utf-8",
    )
    # a line that makes the pattern backtrack exponentially if it were run
    add_article(data_copy, "backtrack", "a" * 40 + "!\n\n" + PROSE)
    code, _, err = check_bounded(data_copy)
    assert code == 2
    assert "boilerplate.yml: pattern 'greedy-line' has a `regex` with a repeat without an upper bound" in err


@pytest.mark.parametrize(
    ("pattern", "hazardous"),
    [
        (r"^(\w+\s?)+$", True),
        (r"(a*)*", True),
        (r"(x(a+)?)+", True),
        (r"(?:\w{1,50})+", True),
        (r"(?:\s+\w+){0,2}", False),
        (r"^[A-Z][\w.' -]+ of RFE/RL$", False),
        (r"(a|b)+c", False),
        (r"(?>\w+\s?)+", False),
    ],
)
def test_regex_hazard(pattern, hazardous):
    assert (regex_hazard(pattern) is not None) is hazardous


def test_kwic_regex_matching_empty_string_exits_2(capsys):
    assert main(["kwic", "--regex", "a*"]) == 2
    err = capsys.readouterr().err
    assert "matches the empty string" in err and "Fix:" in err


def test_kwic_nested_quantifier_regex_exits_2(capsys):
    assert main(["kwic", "--regex", r"(\w+\s?)+$"]) == 2
    assert "nested quantifiers" in capsys.readouterr().err


# ---------------------------------------------------- terminal and output


def test_kwic_escapes_invisible_characters_from_the_text(data_copy, capsys):
    add_article(data_copy, "zw", "Kazakhstan said the pipe\u200bline was ready.\n")
    assert main(["kwic", "pipeline", "--data", str(data_copy)]) == 0
    out = capsys.readouterr().out
    # the reading layer removes the zero-width space: one word, nothing invisible printed
    assert "zw" in out and "the [pipeline] was ready" in out and "\u200b" not in out


def test_terminal_safe_escapes_controls():
    assert terminal_safe("a\x1b[2Jb\u202ec\nd\te") == "a\\x1b[2Jb\\u202ec\nd\te"


def test_export_to_an_empty_path_is_refused(tmp_path, capsys):
    os.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["export", ""])
    assert exit_info.value.code == 2
    assert "empty path is not an output directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_short_repr():
    assert short_repr("x" * 1000) == "'" + "x" * 60 + "\u2026'"
    assert short_repr([[1]] * 10**6) == "<list of 1000000 items>"
    assert short_repr("ok") == "'ok'"


# ----------------------------------------------------------- bibliography


def test_bibliography_keeps_manifest_text_exactly(data_copy):
    import pybtex.database
    from pybtex.plugin import find_plugin

    from kzanalysis.load.bibliography import corpus_bibtex

    title = "U.S.-Kazakhstan relations: NATO and the OSCE at 50% -- A & B #1"
    add_article(data_copy, "exact", PROSE, title=title, outlet="Oil & Gas % Weekly")
    database = pybtex.database.parse_string(corpus_bibtex(data_copy), "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    entry = next(e for e in style.format_entries([database.entries["exact"]]))
    text = entry.text.render_as("text")
    assert title in text and "Oil & Gas % Weekly" in text


def test_javascript_url_is_reported_and_never_published(data_copy, capsys):
    from kzanalysis.load.bibliography import corpus_bibtex

    bib = data_copy / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(
        text.replace(
            "@article{002_b4b5912900beeb87,", "@article{002_b4b5912900beeb87,\n  url = {javascript:alert(1)},", 1
        ),
        encoding="utf-8",
    )
    generated = corpus_bibtex(data_copy)
    assert "javascript" not in generated
    assert "Analysis From Washington" in generated  # the curated entry is kept, without the link
    code, _, err = check(data_copy, capsys)
    assert code == 2
    assert "references.bib: entry '002_b4b5912900beeb87': `url` links to 'javascript:alert(1)'" in err


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.rferl.org/a/x.html", True),
        ("http://x.org", True),
        ("mailto:a@b.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:x", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_safe_url(url, safe):
    assert is_safe_url(url) is safe


# ---------------------------------------------------------------- figures


def test_dollar_signs_in_labels_are_not_mathtext():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kzanalysis.report import plots

    plots.apply_style()
    figure, axes = plt.subplots()
    label = figure.text(0.1, 0.5, "Outlet $x^{2$ \\frac")  # unbalanced mathtext: a ValueError if parsed
    axes.set_yticks([0], ["$\\alpha$ and $5"])
    figure.canvas.draw()
    assert label.get_text() == "Outlet $x^{2$ \\frac"
    plt.close(figure)


def test_article_text_the_pdf_fonts_cannot_typeset_is_refused_with_line_and_column(data_copy):
    from conftest import read_manifest, sha256_of, write_manifest

    from kzanalysis.load.corpus import validate_corpus

    path = data_copy / "articles" / "001_b26ba8fe6375836e.txt"
    text = path.read_text(encoding="utf-8").split("\n")
    text[3] = text[3] + " \u5317\u4eac"  # Beijing in Chinese characters, on line 4
    path.write_text("\n".join(text), encoding="utf-8")
    manifest = read_manifest(data_copy)
    for entry in manifest["articles"]:
        if entry["id"] == "001_b26ba8fe6375836e":
            entry["sha256"] = sha256_of(path)
    write_manifest(data_copy, manifest)
    problems = [str(p) for p in validate_corpus(data_copy)]
    assert len(problems) == 1
    assert "001_b26ba8fe6375836e.txt" in problems[0] and "line 4" in problems[0] and "cannot typeset" in problems[0]


def test_overlapping_alternatives_in_an_unbounded_repeat_are_a_hazard():
    from kzanalysis.load.limits import regex_hazard

    assert "alternatives" in regex_hazard(r"^(a|aa)*$")
    assert "alternatives" in regex_hazard(r"(?:x|x)+y")
    # bounded repeats, character classes and plain alternations are fine
    assert regex_hazard(r"(?:oil|gas) pipelines?") is None
    assert regex_hazard(r"[ab]+c") is None
    assert regex_hazard(r"(?:x|y){1,5}") is None
