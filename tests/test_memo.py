"""Compute once: the per-corpus cache, curated files read once, the analysed-corpus artefact."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kzanalysis import analysed
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.memo import freeze, per_corpus, per_data_dir

REPO_ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "a": "Kazakhstan exports oil.\n\nThe pipeline runs west.",
    "b": "Astana met Washington.\n\nThey spoke of rights.",
}


def crafted():
    return corpus_from_texts(TEXTS, boilerplate=[])


# ------------------------------------------------------------------ per_corpus


def test_per_corpus_computes_once_per_corpus_and_arguments():
    calls = []

    @per_corpus
    def count_articles(corpus, minimum: int = 0):
        calls.append(minimum)
        return pd.DataFrame({"n": [len(corpus.articles) + minimum]})

    corpus = crafted()
    assert count_articles(corpus).loc[0, "n"] == 2
    assert count_articles(corpus, minimum=0).loc[0, "n"] == 2  # the default, bound: same entry
    assert calls == [0]
    assert count_articles(corpus, 2).loc[0, "n"] == 4
    assert calls == [0, 2]
    other = crafted()
    count_articles(other)
    assert calls == [0, 2, 0]  # another corpus has its own cache


def test_per_corpus_returns_a_copy_so_callers_cannot_change_the_cache():
    @per_corpus
    def table(corpus):
        return pd.DataFrame({"x": [1, 2]})

    corpus = crafted()
    first = table(corpus)
    first.loc[0, "x"] = 99
    first["y"] = 0
    again = table(corpus)
    assert again["x"].tolist() == [1, 2] and "y" not in again.columns


def test_unhashable_arguments_bypass_the_cache():
    calls = []

    @per_corpus
    def with_frame(corpus, frame=None):
        calls.append(1)
        return 0

    corpus = crafted()
    with_frame(corpus, frame=pd.DataFrame({"a": [1]}))
    with_frame(corpus, frame=pd.DataFrame({"a": [1]}))
    assert len(calls) == 2
    assert not any(isinstance(k, tuple) and k[0].endswith("with_frame") for k in corpus.cache)


def test_freeze_makes_lists_and_dicts_keys():
    assert freeze(["a", "b"]) == freeze(["a", "b"]) != freeze(("a", "b"))
    assert freeze({"x": [1]}) == freeze({"x": [1]})
    hash(freeze({"x": [1, {"y": 2}]}))


def test_a_subset_of_a_corpus_starts_with_an_empty_cache():
    corpus = crafted()
    corpus.cache["something"] = "of the full corpus"
    reduced = dataclasses.replace(corpus, articles=corpus.articles.head(1))
    assert reduced.cache == {}
    assert corpus.cache == {"something": "of the full corpus"}


# ---------------------------------------------------------------- per_data_dir


def test_curated_file_is_read_once_and_again_after_a_change(tmp_path):
    reads = []

    @per_data_dir("list.txt")
    def load_list(data_dir=None):
        reads.append(1)
        return (Path(data_dir) / "list.txt").read_text().split()

    (tmp_path / "list.txt").write_text("one two")
    assert load_list(tmp_path) == ["one", "two"]
    assert load_list(str(tmp_path)) == ["one", "two"]
    assert len(reads) == 1
    value = load_list(tmp_path)
    value.append("three")  # a copy: the cached list is untouched
    assert load_list(tmp_path) == ["one", "two"] and len(reads) == 1
    (tmp_path / "list.txt").write_text("one six")  # same size: the bytes decide
    assert load_list(tmp_path) == ["one", "six"]
    assert len(reads) == 2


def test_a_broken_curated_file_fails_on_every_call(tmp_path):
    @per_data_dir("n.txt")
    def load_number(data_dir=None):
        return int((Path(data_dir) / "n.txt").read_text())

    (tmp_path / "n.txt").write_text("x")
    for _ in range(2):
        with pytest.raises(ValueError):
            load_number(tmp_path)
    (tmp_path / "n.txt").write_text("7")
    assert load_number(tmp_path) == 7


# -------------------------------------------------------------- the artefact


@pytest.fixture
def small_data(tmp_path):
    """A copy of data/ with only the first two articles (so the analyses are quick)."""
    import hashlib

    import yaml

    target = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", target)
    manifest = yaml.safe_load((target / "manifest.yml").read_text(encoding="utf-8"))
    keep = manifest["articles"][:2]
    for entry in manifest["articles"][2:]:
        (target / "articles" / entry["file"]).unlink()
    for entry in keep:
        assert entry["sha256"] == hashlib.sha256((target / "articles" / entry["file"]).read_bytes()).hexdigest()
    manifest["articles"] = keep
    (target / "manifest.yml").write_text(
        yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return target


def test_analysed_corpus_is_saved_once_and_loaded_for_the_same_state(small_data, tmp_path, monkeypatch):
    build = tmp_path / "_build"
    monkeypatch.setenv(analysed.BUILD_ENV, str(build))
    first = analysed.analysed_corpus(small_data)
    key = analysed.analysis_key(small_data)
    path = analysed.artefact_path(key)
    assert path.is_file() and path.parent == build / ".kz"
    assert any(
        isinstance(k, tuple) and k[0] == "kzanalysis.analysis.findings.assemble.key_findings" for k in first.cache
    )

    calls = []
    monkeypatch.setattr(analysed, "run_standard_analyses", lambda corpus: calls.append(1) or corpus)
    second = analysed.analysed_corpus(small_data)
    assert calls == []  # loaded, not computed
    assert second.articles["id"].tolist() == first.articles["id"].tolist()
    assert set(second.cache) == set(first.cache)

    # Another state of the data has another key: the old artefact is not used.
    (small_data / "themes.yml").write_text((small_data / "themes.yml").read_text() + "\n# edited\n")
    assert analysed.analysis_key(small_data) != key
    analysed.analysed_corpus(small_data)
    assert calls == [1]
    assert not path.exists()  # the stale artefact was replaced


def test_analysed_corpus_is_loaded_once_per_process(small_data, tmp_path, monkeypatch):
    """A kernel that runs several chapters loads the artefact once; another build folder loads its own."""
    monkeypatch.setattr(analysed, "_IN_PROCESS", {})
    monkeypatch.setenv(analysed.BUILD_ENV, str(tmp_path / "one"))
    first = analysed.analysed_corpus(small_data)
    loads = []
    real_load = analysed._load
    monkeypatch.setattr(analysed, "_load", lambda path, key: loads.append(path) or real_load(path, key))
    assert analysed.analysed_corpus(small_data) is first and loads == []
    monkeypatch.setenv(analysed.BUILD_ENV, str(tmp_path / "two"))
    other = analysed.analysed_corpus(small_data)
    assert other is not first and loads == [analysed.artefact_path(analysed.analysis_key(small_data))]


def test_an_artefact_with_a_wrong_key_inside_is_not_used(small_data, tmp_path, monkeypatch):
    import pickle

    monkeypatch.setenv(analysed.BUILD_ENV, str(tmp_path / "_build"))
    key = analysed.analysis_key(small_data)
    path = analysed.artefact_path(key)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(("not-the-key", "not a corpus")))
    corpus = analysed.analysed_corpus(small_data, save=False)
    assert len(corpus.articles) == 2


def test_build_dir_is_found_from_a_chapter_folder(tmp_path, monkeypatch):
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "_toc.yml").write_text("root: x\n")
    (book / "_config.yml").write_text("title: x\n")
    monkeypatch.delenv(analysed.BUILD_ENV, raising=False)
    monkeypatch.chdir(book / "chapters")
    assert analysed.build_dir() == (book / "_build").resolve()
    monkeypatch.setenv(analysed.BUILD_ENV, str(tmp_path / "elsewhere"))
    assert analysed.build_dir() == (tmp_path / "elsewhere").resolve()


# ---------------------------------------------------------------- derived lexicons on disk


def test_derived_json_built_once_then_read(monkeypatch, tmp_path):
    from kzanalysis.load.memo import derived_json

    monkeypatch.setenv("KZ_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return [["Almaty", "KZ"], ["Astana", "KZ"]]

    assert derived_json("cities", "pkg 1.0", build) == [["Almaty", "KZ"], ["Astana", "KZ"]]
    assert derived_json("cities", "pkg 1.0", build) == [["Almaty", "KZ"], ["Astana", "KZ"]]
    assert len(calls) == 1
    assert (tmp_path / "cities.json").is_file()


def test_derived_json_rebuilt_when_its_key_changes(monkeypatch, tmp_path):
    from kzanalysis.load.memo import derived_json

    monkeypatch.setenv("KZ_CACHE_DIR", str(tmp_path))
    derived_json("names", "pkg 1.0", lambda: ["Old"])
    assert derived_json("names", "pkg 2.0", lambda: ["New"]) == ["New"]
    assert derived_json("names", "pkg 2.0", lambda: ["Never built"]) == ["New"]


def test_derived_json_rebuilds_a_damaged_file(monkeypatch, tmp_path):
    from kzanalysis.load.memo import derived_json

    monkeypatch.setenv("KZ_CACHE_DIR", str(tmp_path))
    (tmp_path / "names.json").write_text('{"key": "pkg 1.0", "val', encoding="utf-8")
    assert derived_json("names", "pkg 1.0", lambda: ["Rebuilt"]) == ["Rebuilt"]


def test_derived_json_without_a_writable_folder(monkeypatch, tmp_path):
    from kzanalysis.load.memo import derived_json

    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KZ_CACHE_DIR", str(blocker / "cache"))
    assert derived_json("names", "pkg 1.0", lambda: ["Still computed"]) == ["Still computed"]
