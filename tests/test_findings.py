"""Key findings: numbers worked out by hand on crafted texts and codes, headlines follow the data, leave-one-out in
one pass."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DATA_DIR, read_manifest

from kzanalysis.analysis.claims import claims_table
from kzanalysis.analysis.findings import (
    FINDINGS,
    LOO_VERDICTS,
    bottom_line,
    evidence_text,
    findings_table,
    key_findings,
    leave_one_out,
    loo_counts,
    loo_grid,
    subset,
)
from kzanalysis.analysis.findings.loo import _contributions, _sum
from kzanalysis.load.corpus import corpus_from_texts

DEVTEXTS = Path(__file__).resolve().parent / "fixtures" / "devtexts"


def _by_id(corpus):
    return {f.id: f for f in key_findings(corpus)}


# ----------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def real(corpus):
    return corpus, _by_id(corpus)


def test_every_finding_has_its_parts(real):
    corpus, found = real
    assert list(found) == [spec.id for spec, _ in FINDINGS]
    for f in found.values():
        assert f.question.endswith("?") and f.headline and f.statement and f.caveat
        assert f.confidence in ("high", "moderate", "low")
        assert f.loo in LOO_VERDICTS and f.loo_detail
        assert f.n_articles <= len(corpus.articles)
        assert evidence_text(f, corpus) != "none"


def test_n_claims_is_the_evidence_claims(real):
    # n behind each claim-based finding is the claims its evidence cites
    _, found = real
    for f in found.values():
        if all(p is not None for _, p, _ in f.evidence):  # the sources finding cites whole articles
            assert f.n_claims == sum(len(ids) for _, _, ids in f.evidence)


def test_funding_counts_equal_the_manifest(real):
    corpus, found = real
    manifest = read_manifest(DATA_DIR)["articles"]
    expected = {}
    for entry in manifest:
        expected[entry.get("funding") or "unknown"] = expected.get(entry.get("funding") or "unknown", 0) + 1
    assert found["sources"].values["funding"] == expected


def test_who_speaks_names_no_one_an_official(real):
    # the Kazakh-side words include a state broadcaster (Khabar) and an analyst (Erbol Japarov): named, not "officials"
    _, found = real
    statement = found["who-speaks"].statement
    assert "Khabar" in statement and "Erbol Japarov" in statement
    assert "officials" not in found["who-speaks"].headline


def test_rights_declines_the_before_after_verdict(real):
    # by hand: before September 11 one analysis (1997); after it one analysis (2002) and one news report (2003)
    _, found = real
    rights = found["rights-security"]
    assert "no period comparison" in rights.headline
    assert "declined, one analysis article in a period" in rights.statement
    assert rights.values["articles_by_period"]["pre-2001"] == {"analysis": 1}
    assert rights.values["articles_by_period"]["post-911"] == {"analysis": 1, "news report": 1}


def test_bottom_line_has_three_to_five_judgments(real):
    corpus, _ = real
    brief = bottom_line(key_findings(corpus))
    assert 3 <= len(brief) <= 5
    ranks = [("high", "moderate", "low").index(f.confidence) for f in brief]
    assert ranks == sorted(ranks)


def test_findings_table_for_export(real):
    corpus, found = real
    table = findings_table(corpus)
    assert list(table.columns) == ["id", "headline", "statement", "n", "confidence", "caveat", "loo", "evidence"]
    assert list(table["id"]) == list(found)
    assert set(table["loo"]) <= set(LOO_VERDICTS)
    assert all("¶ " in e for e, i in zip(table["evidence"], table["id"]) if i != "sources")


# ----------------------------------------------------------------- crafted corpora


def _crafted(texts, genres):
    meta = {
        a: {"genre": genres[a], "outlet": f"Outlet {a.upper()}", "date": d}
        for a, d in zip(texts, ("1998", "2003-02", "2004-06", "2006-01"))
    }
    return corpus_from_texts(texts, meta, data_dir=DATA_DIR)


def test_loo_not_computable_when_the_only_rights_article_is_left_out():
    corpus = _crafted(
        {
            "a": "The writer says human rights and democracy matter in Kazakhstan.",
            "b": "Oil and gas prices rose in Astana this year.",
        },
        {"a": "analysis", "b": "analysis"},
    )
    rights = _by_id(corpus)["rights-security"]
    table = leave_one_out(corpus).set_index(["finding", "left_out"])
    assert table.loc[("rights-security", "a"), "verdict"] == "not computable"
    assert table.loc[("rights-security", "b"), "verdict"] == "holds"
    assert rights.loo == "not computable" and "Outlet A" in rights.loo_detail
    # the claims are machine proposals, shown as unreviewed, and confidence is low
    assert rights.n_machine == rights.n_claims > 0
    assert "unreviewed machine proposal" in evidence_text(rights, corpus)
    assert rights.confidence == "low"


def test_loo_changes_when_an_article_carries_a_headline_value():
    # rights raised in an analysis (a) and in a news report (c): without c, "analysis and news report" becomes
    # "analysis" and the headline changes; without b (no rights words) it holds
    corpus = _crafted(
        {
            "a": "The writer says human rights and democracy matter in Kazakhstan.",
            "b": "Oil and gas prices rose in Astana this year.",
            "c": "The reporter notes that human rights groups criticised the election.",
        },
        {"a": "analysis", "b": "analysis", "c": "news report"},
    )
    table = leave_one_out(corpus).set_index(["finding", "left_out"])
    assert table.loc[("rights-security", "c"), "verdict"] == "changes"
    assert table.loc[("rights-security", "b"), "verdict"] == "holds"
    rights = _by_id(corpus)["rights-security"]
    assert "analysis and news report" in rights.headline
    assert rights.loo == "changes" and "Outlet C" in rights.loo_detail


def test_loo_subtraction_equals_a_rerun_on_the_subset():
    corpus = _crafted(
        {
            "a": "The United States backs the Baku-Tbilisi-Ceyhan pipeline, officials said.",
            "b": "Human rights and democracy were raised by the writer.",
            "c": "Kazakhstan exports oil through Russia, the minister said.",
        },
        {"a": "news report", "b": "analysis", "c": "news report"},
    )
    whole = _contributions(corpus)
    for spec, summariser in FINDINGS:
        summarise = summariser(corpus)
        total = _sum(whole[spec.id])
        for left_out in corpus.articles["id"]:
            reduced = subset(corpus, [a for a in corpus.articles["id"] if a != left_out])
            rerun = summarise(_sum(spec.contribute(reduced)))
            assert summarise(total - whole[spec.id][left_out]) == rerun, (spec.id, left_out)


def test_leave_one_out_reads_each_article_once(monkeypatch):
    corpus = _crafted(
        {"a": "Oil in Astana.", "b": "Gas in Almaty.", "c": "Oil and gas in Atyrau."},
        {"a": "analysis", "b": "analysis", "c": "analysis"},
    )
    calls = []
    for spec, _ in FINDINGS:
        original = spec.contribute

        def counted(c, original=original, name=spec.id):
            calls.append(name)
            return original(c)

        monkeypatch.setattr(spec, "contribute", counted)
    table = leave_one_out(corpus)
    assert len(table) == 3 * len(FINDINGS)
    assert sorted(calls) == sorted(spec.id for spec, _ in FINDINGS)  # once per finding, not per article


def test_leave_one_out_needs_two_articles():
    corpus = corpus_from_texts({"only": "The United States and Russia."}, data_dir=DATA_DIR)
    assert leave_one_out(corpus).empty
    assert all(f.loo == "not computable" for f in key_findings(corpus))


# ----------------------------------------------------------------- a crafted corpus with its own claims register
#
# Three crafted articles and a claims.yml of their own (seven hand codes, all reviewed), so every claim behind a
# finding is known; each expected answer below is worked out by hand from these texts and codes. Words are counted
# as the voice tables count them (a hyphenated name is one word; a quotation sentence, "... ," X said, is the
# speaker's throughout).

CODED_TEXTS = {
    # 1999 (Before September 11), analysis, Test Wire, commercial
    "t_a": "American officials said they back a pipeline through the Caucasus to the West.\n\n"  # reported, US, 13
    "The author doubts that the oil will flow soon.\n\n"  # author, 9
    "Human rights and democracy matter for stability, the author argues.\n",  # author, 10 ("stability": security)
    # 2003 (After September 11), news report, Test Wire, commercial
    "t_b": '"We have joined the Baku-Ceyhan pipeline," Tokaev said.\n\n'  # quotation, Kazakhstan, 8
    '"We have excellent relations with Russia and the United States," Tokaev said.\n\n'  # quotation, Kazakhstan, 12
    "Rights groups criticised the election.\n",  # author, 5 (no security word)
    # 2006 (After Andijan), analysis, Other Post, US-government-funded
    "t_c": "Kazakhstan balances Russia and China, the author writes.\n",  # author, 8
}

CODED_META = {
    "t_a": {"genre": "analysis", "outlet": "Test Wire", "date": "1999", "funding": "commercial"},
    "t_b": {"genre": "news report", "outlet": "Test Wire", "date": "2003-02-01", "funding": "commercial"},
    "t_c": {"genre": "analysis", "outlet": "Other Post", "date": "2006-01-01", "funding": "us-government"},
}


def _code(n, article, paragraph, voice, speaker, side, topic, stance, target, evidence, forecast=False):
    return {
        "id": f"h-{n}",
        "article_id": article,
        "paragraph": paragraph,
        "voice": voice,
        "speaker": speaker,
        "side": side,
        "topic": topic,
        "claim": f"crafted claim {n}",
        "stance": stance,
        "target": target,
        "evidence": evidence,
        "forecast": forecast,
        "coder": "hand",
        "reviewed": True,
    }


CODES = [
    _code(
        1,
        "t_a",
        1,
        "paraphrased",
        "American officials",
        "United States",
        "export-routes",
        "supports",
        "west",
        "back a pipeline through the Caucasus",
    ),
    _code(
        2,
        "t_a",
        2,
        "author",
        "Test Wire",
        "Unknown",
        "export-routes",
        "doubts",
        "west",
        "the oil will flow soon",
        forecast=True,
    ),
    _code(
        3,
        "t_a",
        3,
        "author",
        "Test Wire",
        "Unknown",
        "rights-democracy",
        None,
        None,
        "Human rights and democracy matter",
    ),
    _code(
        4,
        "t_b",
        1,
        "quoted",
        "Kassymzhomart Tokaev",
        "Kazakhstan",
        "export-routes",
        "supports",
        "btc",
        "We have joined the Baku-Ceyhan pipeline",
    ),
    _code(
        5,
        "t_b",
        2,
        "quoted",
        "Kassymzhomart Tokaev",
        "Kazakhstan",
        "great-power-balancing",
        "supports",
        "Russia",
        "excellent relations with Russia",
    ),
    _code(
        6,
        "t_b",
        3,
        "author",
        "Test Wire",
        "Unknown",
        "rights-democracy",
        None,
        None,
        "Rights groups criticised the election",
    ),
    _code(
        7,
        "t_c",
        1,
        "author",
        "Other Post",
        "Unknown",
        "great-power-balancing",
        None,
        None,
        "Kazakhstan balances Russia and China",
    ),
]


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    import shutil

    data = tmp_path_factory.mktemp("findings") / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "claims.yml").write_text(yaml.safe_dump({"claims": CODES}, sort_keys=False), encoding="utf-8")
    corpus = corpus_from_texts(CODED_TEXTS, CODED_META, data_dir=data)
    return corpus, _by_id(corpus)


def test_claims_behind_each_finding_by_hand(coded):
    corpus, found = coded
    # corridors: the codes on a corridor or pipeline with a stance (h-1, h-2 west; h-4 btc, a west pipeline);
    # balancing h-5, h-7; rights h-3, h-6; who speaks: the codes not in the author's or editor's voice (h-1, h-4,
    # h-5); sources: the codes in a speaker's own words (h-4, h-5 quoted); forecasts h-2
    claims = {f.id: sorted(i for _, _, ids in f.evidence for i in ids) for f in found.values()}
    assert claims == {
        "export-corridors": ["h-1", "h-2", "h-4"],
        "balancing": ["h-5", "h-7"],
        "rights-security": ["h-3", "h-6"],
        "who-speaks": ["h-1", "h-4", "h-5"],
        "sources": ["h-4", "h-5"],
        "forecasts": ["h-2"],
    }
    assert {f.id: f.n_claims for f in found.values()} == {k: len(v) for k, v in claims.items()}
    # articles behind each: the claims' articles; for who speaks the articles with words of a known side (t_a,
    # t_b); for sources the whole corpus
    assert {f.id: f.n_articles for f in found.values()} == {
        "export-corridors": 2,
        "balancing": 2,
        "rights-security": 2,
        "who-speaks": 2,
        "sources": 3,
        "forecasts": 1,
    }
    assert found["balancing"].values["n_claims"] == 2
    assert "2 claims in 2 articles are about Kazakhstan's place between the powers" in found["balancing"].statement
    assert found["balancing"].values["by_who"] == {
        "Kazakhstan": {"claims": 1, "articles": 1, "modes": {"own words": 1}},
        "the writers": {"claims": 1, "articles": 1, "modes": {"the author's voice": 1}},
    }
    assert "2 claims in 2 of 3 articles are about rights and democracy" in found["rights-security"].statement
    assert "1 claims in 1 articles are forecasts" in found["forecasts"].statement
    assert found["sources"].values["funding"] == {"commercial": 2, "us-government": 1}
    assert found["sources"].values["outlets"] == {"Test Wire": 2, "Other Post": 1}
    assert all(f.reviewed_share == 1 and f.n_machine == 0 for f in found.values())
    # the evidence names articles by outlet and year, in corpus order, with their paragraphs
    assert str(evidence_text(found["export-corridors"], corpus)) == "Test Wire 1999 ¶ 1, ¶ 2; Test Wire 2003 ¶ 1"
    assert str(evidence_text(found["sources"], corpus)) == "Test Wire 1999; Test Wire 2003 ¶ 1, ¶ 2; Other Post 2006"


def test_corridor_positions_by_hand(coded):
    _, found = coded
    corridors = found["export-corridors"]
    # t_a describes the west corridor (through the Caucasus), t_b names the Baku-Ceyhan pipeline (west); t_c none
    assert corridors.values["articles_by_corridor"] == {"west": 2}
    assert corridors.values["n_articles_speaking"] == 2
    assert "2 of 3 articles speak of an export corridor" in corridors.statement
    assert corridors.values["n_claims"] == 3
    assert "Of 3 claims that take a position on a corridor or pipeline (3 reviewed)" in corridors.statement
    assert corridors.headline == (
        "Speakers for Kazakhstan back the west corridor; speakers for the United States back the west corridor; "
        "the writers doubt the west corridor."
    )
    assert corridors.values["claims_by_who"] == {
        "Kazakhstan": {"supports": 1},
        "United States": {"supports": 1},
        "the writers": {"doubts": 1},
    }


def test_words_by_voice_and_side_by_hand(coded):
    _, found = coded
    speaks = found["who-speaks"]
    # 13 + 9 + 10 (t_a) + 8 + 12 + 5 (t_b) + 8 (t_c) = 65 words; the author's 9 + 10 + 5 + 8 = 32;
    # Tokaev's quotations 8 + 12 = 20 (Kazakhstan); the American officials' reported sentence 13 (United States)
    assert speaks.values["n_words"] == 65
    assert speaks.values["author_words"] == 32
    assert speaks.values["author_share"] == pytest.approx(32 / 65)
    assert speaks.values["side_words"] == {"Kazakhstan": 20, "United States": 13}
    assert speaks.key == ("Kazakhstan", "United States")
    assert speaks.headline == (
        "Speakers for Kazakhstan supply most of the words that are not the writers' own, ahead of speakers for "
        "the United States."
    )
    assert "the writers' own narration is 49% (32)" in speaks.statement
    assert "speakers for Kazakhstan 31% (20 words: Kassymzhomart Tokaev 20)" in speaks.statement
    # all 20 of Kazakhstan's words are in t_b, where quotations are 20 of its 25 words
    assert speaks.values["lead_top_article"] == "t_b"
    assert speaks.values["lead_top_article_words"] == 20
    assert speaks.values["lead_top_article_kind_share"] == pytest.approx(0.8)
    assert "where quotation sentences are 80% of its words" in speaks.statement
    assert speaks.values["claims_by_side"] == {"Kazakhstan": 2, "United States": 1}


def test_rights_by_article_and_period_by_hand(coded):
    _, found = coded
    rights = found["rights-security"]
    # h-3's sentence holds "stability" (a security word), h-6's no security word and no security claim
    assert rights.values["by_article"] == {
        "t_a": {"claims": 1, "with_security": 1},
        "t_b": {"claims": 1, "with_security": 0},
    }
    assert rights.values["articles_by_period"] == {
        "pre-2001": {"analysis": 1},
        "post-911": {"news report": 1},
        "after-andijan": {"analysis": 1},
    }
    # raised by the writers in an analysis (1999) and a news report (2003): no period has two articles of a genre
    # the other has, so every before/after comparison is declined
    assert rights.key == (("the writers",), ("analysis", "news report"), ("pre-2001", "post-911"), "declined")
    assert rights.headline.startswith(
        "Rights are raised only in analysis and news report texts (Before September 11 and After September 11), "
        "by the writers; no period comparison can be made"
    )


def test_leave_one_out_by_hand(coded):
    corpus, found = coded
    table = leave_one_out(corpus).set_index(["finding", "left_out"])["verdict"]
    # without t_a only Kazakhstan backs the west corridor; without t_b the US and the writers remain; t_c has none
    assert [table[("export-corridors", a)] for a in ("t_a", "t_b", "t_c")] == ["changes", "changes", "holds"]
    # the rights genres lose "analysis" without t_a and "news report" without t_b
    assert [table[("rights-security", a)] for a in ("t_a", "t_b", "t_c")] == ["changes", "changes", "holds"]
    # the only forecast is in t_a
    assert [table[("forecasts", a)] for a in ("t_a", "t_b", "t_c")] == ["not computable", "holds", "holds"]
    assert found["forecasts"].loo == "not computable" and "Test Wire 1999" in found["forecasts"].loo_detail
    # who speaks loses the United States without t_a and Kazakhstan without t_b; sources lose the news report
    # genre without t_b and US-government funding without t_c; balancing changes without t_b (see below)
    assert [f.loo for f in found.values()] == ["changes"] * 5 + ["not computable"]
    assert loo_counts(corpus) == {"n_findings": 6, "holds": 0, "changes": 5, "not computable": 1}
    grid = loo_grid(corpus)
    assert list(grid.columns) == [
        "Finding",
        "Verdict",
        "Without Test Wire 1999",
        "Without Test Wire 2003",
        "Without Other Post 2006",
    ]
    assert grid.iloc[-1].tolist() == [
        "What do the texts forecast, and what happened after?",
        "not computable",
        "not computable",
        "holds",
        "holds",
    ]


def test_balancing_described_by_the_writers_alone(coded):
    # without t_b the only balancing claim is h-7, in the author's voice: the writers' frame, not "not computable"
    corpus, found = coded
    table = leave_one_out(corpus).set_index(["finding", "left_out"])["verdict"]
    assert [table[("balancing", a)] for a in ("t_a", "t_b", "t_c")] == ["holds", "changes", "holds"]
    assert found["balancing"].loo == "changes" and found["balancing"].loo_detail == "changes without Test Wire 2003"
    alone = _by_id(subset(corpus, ["t_a", "t_c"]))["balancing"]
    assert alone.key == (None, (), None, False)
    assert alone.headline == "Only the writers describe Kazakhstan as balancing; no speaker for a side does."
    assert alone.implication == "Balancing is the writers' frame, not a speaker's claim."


# ----------------------------------------------------------------- real texts of other genres


def _real_texts():
    manifest = read_manifest(DATA_DIR)["articles"]
    texts = {e["id"]: (DATA_DIR / "articles" / e["file"]).read_text(encoding="utf-8") for e in manifest}
    meta = {e["id"]: {k: v for k, v in e.items() if k not in ("id", "file", "sha256")} for e in manifest}
    return texts, meta


def _devtexts():
    entries = yaml.safe_load((DEVTEXTS / "devtexts.yml").read_text(encoding="utf-8"))["articles"]
    texts = {e["id"]: (DEVTEXTS / e["file"]).read_text(encoding="utf-8") for e in entries}
    meta = {e["id"]: {k: v for k, v in e.items() if k not in ("id", "file", "source_url")} for e in entries}
    return texts, meta


@pytest.fixture(scope="module")
def with_devtexts():
    texts, meta = _real_texts()
    more_texts, more_meta = _devtexts()
    return corpus_from_texts({**texts, **more_texts}, {**meta, **more_meta}, data_dir=DATA_DIR)


def test_who_speaks_follows_the_data_when_white_house_transcripts_are_added(corpus, with_devtexts):
    # by hand: in the five articles the Kazakh foreign minister's interview answers outweigh every US speaker;
    # two White House briefing transcripts of about 5,000 words each are US officials' turns
    before = _by_id(corpus)["who-speaks"]
    after = _by_id(with_devtexts)["who-speaks"]
    assert before.key[0] == "Kazakhstan"
    assert after.key[0] == "United States"
    assert before.headline != after.headline
    assert after.headline.startswith("Speakers for the United States")


def test_findings_with_devtexts_mark_machine_claims_and_new_genres(with_devtexts):
    found = _by_id(with_devtexts)
    sources = found["sources"]
    assert "government's own" in sources.headline and "none is" not in sources.headline
    assert "press briefing" in sources.headline and "readout" in sources.headline
    machine = claims_table(with_devtexts)
    machine = machine[~machine["reviewed"]]
    assert len(machine) > 0
    # any finding resting on machine claims says so, and its evidence marks them
    for f in found.values():
        if f.n_machine:
            assert "unreviewed machine proposals" in f.caveat
            assert "unreviewed machine proposal" in evidence_text(f, with_devtexts)
            assert f.confidence != "high" or f.reviewed_share == 1


def test_the_analysis_does_not_import_plotting(tmp_path):
    # findings name articles by outlet without drawing anything: matplotlib stays unloaded
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kzanalysis.load.corpus import load_corpus\n"
        "from kzanalysis.analysis.findings import key_findings\n"
        f"key_findings(load_corpus({str(DATA_DIR)!r}))\n"
        "print('matplotlib' in sys.modules, 'kzanalysis.report.plots' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_rights_claims_beside_security_in_the_real_corpus(real):
    # by hand: 1 claim beside security in the 1997 analysis ("stability"), 3 in the 2002 one
    _, found = real
    by_article = found["rights-security"].values["by_article"]
    assert by_article["002_b4b5912900beeb87"]["with_security"] == 1
    assert by_article["003_40d1a890abeb5e88"]["with_security"] == 3
