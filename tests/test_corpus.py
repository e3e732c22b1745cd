"""Loading and validating the corpus: the real data, and copies of it broken on purpose."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import DATA_DIR, read_manifest, sha256_of, write_manifest

from kzanalysis.load.corpus import ARTICLE_COLUMNS, corpus_from_texts, load_corpus, parse_date, validate_corpus
from kzanalysis.load.errors import CorpusError, CorpusValidationError

IDS_BY_DATE = [
    "002_b4b5912900beeb87",  # 1997-11-24
    "003_40d1a890abeb5e88",  # 2002
    "001_b26ba8fe6375836e",  # 2003-10-06
    "004_ee13d1e9892b13ab",  # 2006-07
    "000_227c2561fdf8ecac",  # 2008-10-05
]


def load_error(data_dir) -> CorpusValidationError:
    with pytest.raises(CorpusValidationError) as info:
        load_corpus(data_dir)
    return info.value


def replace_article(data_dir, article_id, data: bytes, update_manifest=True):
    """Overwrite an article file with ``data``; optionally record its new sha256."""
    path = data_dir / "articles" / f"{article_id}.txt"
    path.write_bytes(data)
    if update_manifest:
        document = read_manifest(data_dir)
        for entry in document["articles"]:
            if entry["id"] == article_id:
                entry["sha256"] = hashlib.sha256(data).hexdigest()
        write_manifest(data_dir, document)
    return path


def edit_entry(data_dir, article_id, **changes):
    """Change (value) or delete (None sentinel DELETE) fields of one manifest entry."""
    document = read_manifest(data_dir)
    for entry in document["articles"]:
        if entry["id"] == article_id:
            for key, value in changes.items():
                if value is DELETE:
                    del entry[key]
                else:
                    entry[key] = value
    write_manifest(data_dir, document)


DELETE = object()


# ---------------------------------------------------------------- real data


def test_real_corpus_has_the_five_articles_in_date_order(corpus):
    articles = corpus.articles
    assert list(articles["id"]) == IDS_BY_DATE
    assert list(articles["year"]) == [1997, 2002, 2003, 2006, 2008]
    assert articles["date_start"].is_monotonic_increasing
    row = articles.set_index("id").loc["004_ee13d1e9892b13ab"]
    assert row["date"] == "2006-07"
    assert row["date_start"] == pd.Timestamp("2006-07-01")
    assert set(ARTICLE_COLUMNS) <= set(articles.columns)
    assert corpus.data_dir == DATA_DIR.resolve()


def test_real_corpus_keeps_optional_manifest_fields(corpus):
    row = corpus.articles.set_index("id").loc["002_b4b5912900beeb87"]
    assert row["attributed_author"].startswith("Paul Goble")
    assert pd.isna(row["author"])  # unsigned: author is null in the manifest


def test_real_paragraphs_numbered_once_per_article_and_article_text_is_a_subset(corpus):
    for article in corpus.articles.itertuples():
        every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == article.id]
        assert list(every["paragraph"]) == list(range(1, len(every) + 1))
        text = corpus.paragraphs[corpus.paragraphs["article_id"] == article.id]
        assert len(text) == article.n_paragraphs
        assert set(text["paragraph"]) <= set(every["paragraph"])
        assert "\n\n".join(text["text"]) == article.text
        assert text["text"].str.strip().ne("").all()


def test_real_duplicated_headline_and_standfirst_are_removed_as_repeats(corpus):
    # 003 repeats its headline (line 1 -> line 5) and standfirst (line 3 -> line 7).
    removed = corpus.boilerplate[corpus.boilerplate["article_id"] == "003_40d1a890abeb5e88"]
    repeats = removed[removed["rule"] == "repeat"]
    assert {5, 7} <= set(repeats["line_no"])
    assert (repeats["kind"] == "repeated-headline").all()
    assert not {1, 3} & set(removed["line_no"])
    every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == "003_40d1a890abeb5e88"]
    assert list(every.loc[every["part"] == "headline", "line_start"]) == [1]
    assert list(every.loc[every["part"] == "standfirst", "line_start"]) == [3]
    # neither the headline nor the standfirst is article text
    text = corpus.articles.set_index("id").loc["003_40d1a890abeb5e88", "text"]
    assert "US-Kazak Relations Thaw" not in text
    assert not text.startswith("Washington seeks better relations")


def test_real_no_line_dropped_silently(corpus):
    # every non-blank line of the file as received belongs to exactly one numbered paragraph
    for article in corpus.articles.itertuples():
        raw_lines = article.raw_text.split("\n")
        every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == article.id]
        covered: list[int] = []
        for row in every.itertuples():
            covered.extend(range(row.line_start, row.line_end + 1))
            words = " ".join(" ".join(raw_lines[row.line_start - 1 : row.line_end]).split())
            assert row.text in words, (article.id, row.paragraph)
        non_blank = [i for i, line in enumerate(raw_lines, start=1) if line.strip()]
        assert sorted(i for i in covered if raw_lines[i - 1].strip()) == non_blank, article.id


def test_validate_corpus_real_data_has_no_problems():
    assert validate_corpus(DATA_DIR) == []


# ------------------------------------------------------------ broken copies


def test_missing_article_file(data_copy):
    (data_copy / "articles" / "001_b26ba8fe6375836e.txt").unlink()
    error = load_error(data_copy)
    assert len(error.problems) == 1
    assert "001_b26ba8fe6375836e.txt" in str(error)
    assert "does not exist" in str(error)


def test_article_file_without_manifest_entry(data_copy):
    (data_copy / "articles" / "999_stray.txt").write_text("A stray article.\n", encoding="utf-8")
    error = load_error(data_copy)
    assert "999_stray.txt" in str(error)
    assert "no entry in manifest.yml" in str(error)


def test_duplicate_id(data_copy):
    document = read_manifest(data_copy)
    document["articles"][1]["id"] = document["articles"][0]["id"]
    write_manifest(data_copy, document)
    error = load_error(data_copy)
    assert "manifest.yml" in str(error)
    assert f"duplicate id {document['articles'][0]['id']}" in str(error)


def test_checksum_mismatch_names_both_hashes(data_copy):
    path = data_copy / "articles" / "002_b4b5912900beeb87.txt"
    expected = sha256_of(path)
    path.write_bytes(path.read_bytes() + b"\nAn added line.\n")
    actual = sha256_of(path)
    error = load_error(data_copy)
    message = str(error)
    assert "002_b4b5912900beeb87.txt" in message
    assert expected in message and actual in message
    assert "changed" in message and "manifest.yml must be updated" in message


def test_empty_file(data_copy):
    replace_article(data_copy, "003_40d1a890abeb5e88", b"")
    error = load_error(data_copy)
    assert len(error.problems) == 1
    assert "003_40d1a890abeb5e88.txt: is empty" in str(error)


def test_whitespace_only_file(data_copy):
    replace_article(data_copy, "003_40d1a890abeb5e88", b" \r\n\t\n  \n")
    error = load_error(data_copy)
    assert "003_40d1a890abeb5e88.txt: contains only whitespace" in str(error)


def test_bytes_not_utf8_report_the_offset(data_copy):
    # "Hello\n" is 6 bytes, so the Latin-1 byte 0xe9 sits at offset 6.
    replace_article(data_copy, "000_227c2561fdf8ecac", b"Hello\n\xe9 world")
    error = load_error(data_copy)
    assert "000_227c2561fdf8ecac.txt" in str(error)
    assert "not valid UTF-8" in str(error)
    assert "byte offset 6" in str(error)


def test_unreadable_manifest_yaml_gives_line_number(data_copy):
    manifest = data_copy / "manifest.yml"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("    outlet:"))
    lines[index] = "    outlet: Radio: Free Europe"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    error = load_error(data_copy)
    assert "manifest.yml" in str(error)
    assert f"line {index + 1}," in str(error)
    assert "not valid YAML" in str(error)


def test_manifest_missing(data_copy):
    (data_copy / "manifest.yml").unlink()
    error = load_error(data_copy)
    assert "manifest.yml: manifest not found" in str(error)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("entries: []\n", "has no `articles:` key"),
        ("articles: just text\n", "not a list"),
        ("", "has no `articles:` key"),
    ],
)
def test_manifest_without_articles_list(data_copy, content, expected):
    (data_copy / "manifest.yml").write_text(content, encoding="utf-8")
    error = load_error(data_copy)
    assert "manifest.yml" in str(error)
    assert expected in str(error)


def test_missing_required_field(data_copy):
    edit_entry(data_copy, "004_ee13d1e9892b13ab", outlet=DELETE)
    error = load_error(data_copy)
    assert len(error.problems) == 1
    message = str(error.problems[0])
    assert "manifest.yml" in message
    assert "004_ee13d1e9892b13ab" in message and "missing required field `outlet`" in message


def test_empty_required_field(data_copy):
    edit_entry(data_copy, "004_ee13d1e9892b13ab", title="  ")
    error = load_error(data_copy)
    assert "manifest.yml" in str(error) and "empty or non-text `title`" in str(error)


@pytest.mark.parametrize(
    "date, expected",
    [
        ("06.x.03", "not in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2003-10-6", "not in the form"),
        ("2003-13", "not a real date"),
        ("2003-00", "not a real date"),
        ("2003-10-00", "not a real date"),
        ("2003-02-30", "not a real date"),
    ],
)
def test_invalid_date(data_copy, date, expected):
    edit_entry(data_copy, "001_b26ba8fe6375836e", date=date)
    error = load_error(data_copy)
    assert "manifest.yml" in str(error)
    assert "001_b26ba8fe6375836e" in str(error) and expected in str(error)


def test_unquoted_yaml_dates_are_accepted(data_copy):
    manifest = data_copy / "manifest.yml"
    text = manifest.read_text(encoding="utf-8").replace('date: "2003-10-06"', "date: 2003-10-06")
    text = text.replace('date: "2002"', "date: 2002")
    manifest.write_text(text, encoding="utf-8")
    articles = load_corpus(data_copy).articles.set_index("id")
    assert articles.loc["001_b26ba8fe6375836e", "date"] == "2003-10-06"
    assert articles.loc["003_40d1a890abeb5e88", "date"] == "2002"


def test_bom_and_crlf_or_cr_line_endings_are_accepted(data_copy, corpus):
    original = (DATA_DIR / "articles" / "002_b4b5912900beeb87.txt").read_bytes()
    replace_article(data_copy, "002_b4b5912900beeb87", b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    replace_article(
        data_copy,
        "003_40d1a890abeb5e88",
        (DATA_DIR / "articles" / "003_40d1a890abeb5e88.txt").read_bytes().replace(b"\n", b"\r"),
    )
    loaded = load_corpus(data_copy).articles.set_index("id")
    reference = corpus.articles.set_index("id")
    for article_id in ("002_b4b5912900beeb87", "003_40d1a890abeb5e88"):
        assert loaded.loc[article_id, "text"] == reference.loc[article_id, "text"]
        assert loaded.loc[article_id, "n_words"] == reference.loc[article_id, "n_words"]
        assert "\r" not in loaded.loc[article_id, "raw_text"] and "\ufeff" not in loaded.loc[article_id, "raw_text"]


def test_all_problems_are_reported_together(data_copy):
    (data_copy / "articles" / "001_b26ba8fe6375836e.txt").unlink()
    edit_entry(data_copy, "004_ee13d1e9892b13ab", date="July 2006")
    (data_copy / "articles" / "zzz.txt").write_text("text", encoding="utf-8")
    error = load_error(data_copy)
    assert len(error.problems) == 3
    message = str(error)
    assert message.startswith(f"{data_copy}: 3 problems found")
    for needle in ("001_b26ba8fe6375836e.txt", "July 2006", "zzz.txt"):
        assert needle in message
    assert all(isinstance(p, CorpusError) for p in error.problems)
    assert validate_corpus(data_copy) and len(validate_corpus(data_copy)) == 3


def test_missing_boilerplate_file_is_a_problem(data_copy):
    (data_copy / "boilerplate.yml").unlink()
    error = load_error(data_copy)
    assert "boilerplate.yml: file not found" in str(error)


def test_missing_data_directory(tmp_path):
    error = load_error(tmp_path / "nowhere")
    assert "nowhere: data directory not found" in str(error)


def test_data_dir_from_environment_and_argument_precedence(data_copy, monkeypatch):
    edit_entry(data_copy, "000_227c2561fdf8ecac", title="A changed title")
    monkeypatch.setenv("KZ_DATA_DIR", str(data_copy))
    from_env = load_corpus()
    assert from_env.data_dir == data_copy.resolve()
    assert "A changed title" in set(from_env.articles["title"])
    from_argument = load_corpus(DATA_DIR)
    assert "A changed title" not in set(from_argument.articles["title"])


# ------------------------------------------------------------ parse_date


def test_parse_date_returns_first_day_of_period():
    assert parse_date("2002") == ("2002", pd.Timestamp("2002-01-01"))
    assert parse_date("2006-07") == ("2006-07", pd.Timestamp("2006-07-01"))
    assert parse_date("2008-10-05") == ("2008-10-05", pd.Timestamp("2008-10-05"))
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("2001-02-29")  # 2001 is not a leap year


# ------------------------------------------------------- corpus_from_texts


def test_corpus_from_texts_defaults_and_hand_counts():
    # "b": paragraph 1 "Same Title" is a short first line over prose (the headline),
    # paragraph 2 is the article text (6 words, 2 sentences), paragraph 3 repeats
    # the headline (boilerplate, line 5).
    texts = {
        "b": "Same Title\n\nOil flows west. Gas flows east.\n\nSame Title\n",
        "a": "One short line.",
    }
    corpus = corpus_from_texts(texts, meta={"b": {"date": "1999-05", "outlet": "Test Wire"}}, boilerplate=[])
    articles = corpus.articles.set_index("id")
    assert list(corpus.articles["id"]) == ["b", "a"]  # 1999-05 sorts before the default 2000
    assert articles.loc["a", "title"] == "a" and articles.loc["a", "date"] == "2000"
    assert articles.loc["b", "outlet"] == "Test Wire" and articles.loc["b", "year"] == 1999
    assert articles.loc["b", "n_words"] == 6
    assert articles.loc["b", "n_sentences"] == 2
    assert articles.loc["b", "n_paragraphs"] == 1
    assert articles.loc["a", "n_words"] == 3  # a one-line article is its own text, not a headline
    assert list(corpus.boilerplate["line_no"]) == [5]
    every = corpus.all_paragraphs[corpus.all_paragraphs["article_id"] == "b"]
    assert list(every["part"]) == ["headline", "body", "boilerplate"]
    assert list(corpus.paragraphs.loc[corpus.paragraphs["article_id"] == "b", "paragraph"]) == [2]


def test_corpus_from_texts_uses_data_dir_boilerplate(data_copy):
    (data_copy / "boilerplate.yml").write_text(
        "patterns:\n  - id: test-subscribe\n    kind: subscription\n    regex: '^SUBSCRIBE'\n    note: test\n",
        encoding="utf-8",
    )
    corpus = corpus_from_texts({"x": "Body text here.\n\nSUBSCRIBE now!"}, data_dir=data_copy)
    assert corpus.articles["text"].iat[0] == "Body text here."
    assert corpus.boilerplate[["line_no", "rule", "kind"]].values.tolist() == [[3, "test-subscribe", "subscription"]]


@pytest.mark.parametrize(
    "texts, meta, expected",
    [
        ({"x": "   \n"}, None, "texts['x']: is empty"),
        ({"x": "Text."}, {"x": {"date": "2000-00"}}, "not a real date"),
        ({"x": "Text."}, {"y": {"date": "2000"}}, "meta['y']: names an article that is not in texts"),
    ],
)
def test_corpus_from_texts_rejects_bad_input(texts, meta, expected):
    with pytest.raises(CorpusValidationError, match="problem") as info:
        corpus_from_texts(texts, meta=meta, boilerplate=[])
    assert expected in str(info.value)


# ------------------------------------------------------------ hostile input


def test_manifest_warnings_name_unknown_fields(data_copy):
    from kzanalysis.load.corpus import manifest_warnings

    manifest = read_manifest(data_copy)
    manifest["articles"][0]["tittle"] = "typo"
    write_manifest(data_copy, manifest)
    warnings = manifest_warnings(data_copy)
    assert len(warnings) == 1 and "has unknown field 'tittle'" in str(warnings[0])
    assert validate_corpus(data_copy) == []  # a warning, not an error


def test_control_character_in_article_text_is_located(data_copy):
    manifest = read_manifest(data_copy)
    entry = manifest["articles"][0]
    path = data_copy / "articles" / entry["file"]
    path.write_bytes(b"First line\nSecond \x1b[2J line\n")
    entry["sha256"] = sha256_of(path)
    write_manifest(data_copy, manifest)
    problems = [str(p) for p in validate_corpus(data_copy)]
    assert problems == [
        f"{path}: contains the control character U+001B at line 2, column 8. Fix: the file is not plain text: "
        "restore a clean copy of the article (control characters and text-direction overrides break the HTML and "
        "the PDF), then update its sha256 in manifest.yml."
    ]


def test_manifest_parts_override_is_checked(data_copy):
    manifest = read_manifest(data_copy)
    manifest["articles"][0]["parts"] = {2: "footnote"}
    write_manifest(data_copy, manifest)
    error = load_error(data_copy)
    assert "`parts" in str(error) and "manifest.yml" in str(error) and "standfirst" in str(error)


def test_manifest_parts_override_applies(data_copy):
    manifest = read_manifest(data_copy)
    entry = next(e for e in manifest["articles"] if e["id"] == "003_40d1a890abeb5e88")
    entry["parts"] = {5: "standfirst"}  # an editor's choice the rules would not make
    write_manifest(data_copy, manifest)
    every = load_corpus(data_copy).all_paragraphs
    row = every[(every["article_id"] == "003_40d1a890abeb5e88") & (every["paragraph"] == 5)]
    assert list(row["part"]) == ["standfirst"] and list(row["rule"]) == ["manifest parts override"]
