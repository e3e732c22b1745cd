"""Key findings: numbers equal their tables, headlines follow the data, leave-one-out in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DATA_DIR, read_manifest

from kzanalysis.claims import claims_table
from kzanalysis.corpus import corpus_from_texts
from kzanalysis.findings import (
    FINDINGS,
    LOO_VERDICTS,
    bottom_line,
    evidence_text,
    findings_table,
    key_findings,
    leave_one_out,
    subset,
)
from kzanalysis.findings.loo import _contributions, _sum
from kzanalysis.reading.tables import voice_summary, voice_totals
from kzanalysis.routes import corridors_by_article

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


def test_claim_counts_equal_the_claims_table(real):
    corpus, found = real
    claims = claims_table(corpus)
    balancing = claims[claims["topic"] == "great-power-balancing"]
    assert found["balancing"].values["n_claims"] == len(balancing)
    assert f"{len(balancing)} claims in {balancing['article_id'].nunique()} articles" in found["balancing"].statement
    rights = claims[claims["topic"] == "rights-democracy"]
    assert found["rights-security"].values["n_claims"] == len(rights)
    assert (
        f"{len(rights)} claims in {rights['article_id'].nunique()} of {len(corpus.articles)} articles"
        in found["rights-security"].statement
    )
    for article_id, n in rights["article_id"].value_counts().items():
        assert found["rights-security"].values["by_article"][article_id]["claims"] == n
    forecasts = claims[claims["forecast"]]
    assert (
        f"{len(forecasts)} claims in {forecasts['article_id'].nunique()} articles are forecasts"
        in found["forecasts"].statement
    )
    # n behind each claim-based finding is the evidence's claims
    for f in found.values():
        if all(p is not None for _, p, _ in f.evidence):  # the sources finding cites whole articles
            assert f.n_claims == sum(len(ids) for _, _, ids in f.evidence)


def test_corridor_counts_equal_the_route_tables(real):
    corpus, found = real
    by_corridor = corridors_by_article(corpus).groupby("corridor")["article_id"].nunique().to_dict()
    assert found["export-corridors"].values["articles_by_corridor"] == by_corridor
    claims = claims_table(corpus)
    targets = {"btc", "cpc", "kazakhstan-china", "iran", "atyrau-samara", "north", "west", "east", "south"}
    positioned = claims[claims["target"].isin(targets) & claims["stance"].notna()]
    assert found["export-corridors"].values["n_claims"] == len(positioned)
    assert f"Of {len(positioned)} claims that take a position" in found["export-corridors"].statement


def test_voice_shares_equal_the_voice_tables(real):
    corpus, found = real
    speaks = found["who-speaks"]
    totals = voice_totals(corpus)
    assert speaks.values["n_words"] == totals["n_words"]
    assert speaks.values["author_share"] == pytest.approx(totals["author"])
    assert f"narration is {100 * totals['author']:.0f}%" in speaks.statement
    summary = voice_summary(corpus)
    top = speaks.values["lead_top_article"]
    kind_share = speaks.values["lead_top_article_kind_share"]
    assert kind_share == pytest.approx(summary.loc[top].drop("n_words").max())
    assert f"are {100 * kind_share:.0f}% of its words" in speaks.statement
    assert speaks.values["author_words"] + sum(speaks.values["side_words"].values()) == totals["n_words"]


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
        "from kzanalysis.corpus import load_corpus\n"
        "from kzanalysis.findings import key_findings\n"
        f"key_findings(load_corpus({str(DATA_DIR)!r}))\n"
        "print('matplotlib' in sys.modules, 'kzanalysis.plots' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_rights_finding_equals_the_rights_chapter_tables(real, with_devtexts):
    # the chapter's register, period table and comparisons are the finding's numbers, with and without new genres
    from kzanalysis import rights

    for corpus, found in (real, (with_devtexts, _by_id(with_devtexts))):
        finding = found["rights-security"]
        register = rights.rights_register(corpus)
        assert finding.values["n_claims"] == len(register) == rights.rights_summary(corpus)["n_claims"]
        beside = register.groupby("article_id")["beside_security"].sum()
        for article_id, values in finding.values["by_article"].items():
            assert values["claims"] == int((register["article_id"] == article_id).sum())
            assert values["with_security"] == int(beside.get(article_id, 0))
        table = rights.period_table(corpus)
        held = {p: sum(g.values()) for p, g in finding.values["articles_by_period"].items()}
        assert sorted(held.values()) == sorted(n for n in table["articles"] if n)
        for text in rights.period_comparisons(corpus)["text"]:
            assert text + "." in finding.statement
    # by hand: 1 claim beside security in the 1997 analysis ("stability"), 3 in the 2002 one
    corpus, found = real
    by_article = found["rights-security"].values["by_article"]
    assert by_article["002_b4b5912900beeb87"]["with_security"] == 1
    assert by_article["003_40d1a890abeb5e88"]["with_security"] == 3
