"""Locating curated errata in the clean text."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR

from kzanalysis.analysis.errata import ERRATA_COLUMNS, locate_errata
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.resources import load_errata

ERRATA = """
errata:
  - article_id: a
    original: "seaport of Novosibirsk"
    correction: "seaport of Novorossiysk"
    kind: wrong place name
    evidence: Novosibirsk is inland.
  - article_id: a
    original: "John's Hopkins"
    correction: "Johns Hopkins"
    kind: wrong name
    evidence: The founder was Johns Hopkins.
  - article_id: a
    original: "not in the text"
    correction: "x"
    kind: typo
    evidence: crafted miss
  - article_id: missing
    original: "anything"
    correction: "x"
    kind: typo
    evidence: article not in the corpus
"""


def test_locate_crafted_errata(tmp_path):
    (tmp_path / "errata.yml").write_text(ERRATA, encoding="utf-8")
    # paragraph 2 holds the seaport (split over a line break); paragraph 3 has
    # the curly-apostrophe form of "John's Hopkins".
    text = "Headline\n\nA pipeline to the Russian seaport\nof Novosibirsk opened.\n\nHe spoke at John\u2019s Hopkins."
    located = locate_errata(corpus_from_texts({"a": text}, data_dir=tmp_path, boilerplate=[]))
    assert list(located.columns) == ERRATA_COLUMNS
    assert located["found"].tolist() == [True, True, False, False]
    assert located["paragraph"].tolist()[:2] == [2, 3]
    assert located["paragraph"].isna().tolist() == [False, False, True, True]
    assert located["correction"].iat[0] == "seaport of Novorossiysk"


def test_real_corpus_every_erratum_found(corpus):
    located = locate_errata(corpus)
    assert len(located) == len(load_errata())
    assert located["found"].all()
    texts = corpus.paragraphs.set_index(["article_id", "paragraph"])["text"]
    for row in located.itertuples():
        assert row.original in texts[(row.article_id, int(row.paragraph))]
    # "destrcution" is in 001's paragraph on weapons of mass destruction
    row = located[located["original"] == "destrcution"].iloc[0]
    assert "Bush Administration claims" in texts[(row.article_id, int(row.paragraph))]
    assert isinstance(located["paragraph"].dtype, pd.Int64Dtype)


def test_load_corpus_refuses_an_erratum_that_quotes_text_not_in_its_article(tmp_path):
    """The cross-checks run on every load, not only in `kzanalysis check` (naming the file and the fix)."""
    import shutil

    import yaml

    from kzanalysis.load.corpus import load_corpus
    from kzanalysis.load.errors import CorpusValidationError

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    errata = yaml.safe_load((data / "errata.yml").read_text(encoding="utf-8"))
    entries = errata["errata"] if isinstance(errata, dict) else errata
    entries[0]["original"] = "words that appear in no article of this corpus"
    (data / "errata.yml").write_text(yaml.safe_dump(errata, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CorpusValidationError) as caught:
        load_corpus(data)
    messages = [str(p) for p in caught.value.problems]
    assert any("errata.yml" in m and "does not occur in the article text" in m for m in messages), messages
