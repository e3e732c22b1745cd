"""Claims: machine proposals for uncoded articles, the combined table, agreement with the hand codes, CLI, export.

Every expected value below is worked out by hand from the crafted texts, the
codebook's cues and the lexicons of themes.yml.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import DATA_DIR, read_manifest, sha256_of, write_manifest

from kzanalysis.analysis.claims import FORECAST_RE, agreement, claims_table, propose_claims, topic_cues
from kzanalysis.cli import main
from kzanalysis.export import TABLES, export_tables
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.errors import CorpusError
from kzanalysis.load.knowledge import CLAIM_COLUMNS, check_claims, load_claims, load_codebook

DEVTEXTS = Path(__file__).resolve().parent / "fixtures" / "devtexts"

# A news story, five paragraphs, no furniture (paragraphs 1-5).
STORY = """Condoleezza Rice said that the United States supports the Baku-Tbilisi-Ceyhan pipeline.

"Human rights and free elections matter more than ever," Rice said.

Kazakhstan will sell more oil to investors in Europe.

The weather in Astana was cold on Monday. Security and democracy were discussed, Rice said.

Rice said the OSCE chairmanship is a matter for Kazakhstan.
"""
STORY_META = {"genre": "news report", "outlet": "Test Wire", "date": "1990-05-01"}

# A press-briefing transcript: a spokesperson's turns and a reporter's question.
BRIEFING = """MS. PSAKI: Good afternoon. The United States supports the Baku-Tbilisi-Ceyhan pipeline.

Q Tell us about the oil pipeline and human rights.

MS. PSAKI: Are you asking about oil? The pipeline will carry oil.
"""
BRIEFING_META = {"genre": "press briefing", "outlet": "The White House", "date": "2007-06-01"}

CSV_COLUMNS = [
    "article_id",
    "paragraph",
    "voice",
    "speaker",
    "side",
    "topic",
    "claim",
    "stance",
    "evidence",
    "coder",
    "reviewed",
    "id",
    "target",
    "forecast",
]


@pytest.fixture(scope="module")
def crafted():
    return corpus_from_texts(
        {"t_story": STORY, "t_brief": BRIEFING}, {"t_story": STORY_META, "t_brief": BRIEFING_META}, data_dir=DATA_DIR
    )


def _row(frame: pd.DataFrame, article_id: str, paragraph: int, evidence_start: str) -> pd.Series:
    rows = frame[
        (frame["article_id"] == article_id)
        & (frame["paragraph"] == paragraph)
        & frame["evidence"].str.startswith(evidence_start)
    ]
    assert len(rows) == 1, (article_id, paragraph, evidence_start, rows)
    return rows.iloc[0]


# ---------------------------------------------------------------- proposals


def test_news_story_proposals_have_topic_voice_speaker_and_side(crafted):
    proposals = propose_claims(crafted)
    story = proposals[proposals["article_id"] == "t_story"]
    assert list(proposals.columns) == list(CLAIM_COLUMNS)
    # the weather sentence has no cue; every other sentence is one proposal
    assert len(story) == 5
    assert list(story["id"]) == [f"mt_story-{n}" for n in range(1, 6)]
    # reported speech, a route reference with "supports": stance on the pipeline
    first = _row(story, "t_story", 1, "Condoleezza Rice said")
    assert (first["voice"], first["speaker"], first["side"], first["topic"]) == (
        "paraphrased",
        "Condoleezza Rice",
        "United States",
        "export-routes",
    )
    assert (first["stance"], first["target"], first["forecast"]) == ("supports", "btc", False)
    # a quotation with two rights terms (human rights, elections)
    second = _row(story, "t_story", 2, '"Human rights')
    assert (second["voice"], second["speaker"], second["side"], second["topic"]) == (
        "quoted",
        "Condoleezza Rice",
        "United States",
        "rights-democracy",
    )
    assert second["stance"] is None and second["target"] is None
    # narration: oil (energy: export-routes and economy) + investors (economy) -> economy; "will" -> forecast
    third = _row(story, "t_story", 3, "Kazakhstan will sell")
    assert (third["voice"], third["speaker"], third["side"], third["topic"], third["forecast"]) == (
        "author",
        "Test Wire",
        "Unknown",
        "economy-investment",
        True,
    )
    # one security and one rights hit: the tie goes to rights-democracy, listed first in the codebook
    fourth = _row(story, "t_story", 4, "Security and democracy")
    assert (fourth["voice"], fourth["topic"]) == ("paraphrased", "rights-democracy")
    # the OSCE by name (its "Security" would be masked anyway)
    fifth = _row(story, "t_story", 5, "Rice said the OSCE")
    assert fifth["topic"] == "osce"
    assert set(story["coder"]) == {"machine"} and not story["reviewed"].any()


def test_evidence_is_the_sentence_and_an_exact_span(crafted):
    proposals = propose_claims(crafted)
    assert check_claims(crafted, proposals) == []
    texts = {
        (a, p): t
        for a, p, t in zip(
            crafted.paragraphs["article_id"], crafted.paragraphs["paragraph"], crafted.paragraphs["text"]
        )
    }
    for row in proposals.itertuples(index=False):
        assert row.evidence in texts[(row.article_id, row.paragraph)]
        assert row.claim == row.evidence  # short sentences are kept whole


def test_a_long_sentence_is_cut_in_the_claim_but_whole_in_the_evidence():
    sentence = "Condoleezza Rice said that the oil " + "and gas " * 40 + "will flow."
    corpus = corpus_from_texts({"t_long": sentence}, {"t_long": STORY_META}, data_dir=DATA_DIR)
    (row,) = propose_claims(corpus).itertuples(index=False)
    assert row.evidence == sentence
    # cut after 199 characters, where "... and gas and " ends in a space: 198 characters and the ellipsis
    assert row.claim == sentence[:198] + "\u2026"


def test_a_reporters_question_is_never_a_claim(crafted):
    proposals = propose_claims(crafted)
    brief = proposals[proposals["article_id"] == "t_brief"]
    # paragraph 2 is the reporter's question (oil, pipeline, human rights: cues, but a question)
    assert 2 not in set(brief["paragraph"])
    # "Are you asking about oil?" in the spokesperson's turn asks too; "Good afternoon." has no cue
    assert set(brief["evidence"]) == {
        "The pipeline will carry oil.",
        "The United States supports the Baku-Tbilisi-Ceyhan pipeline.",
    }
    assert set(brief["voice"]) == {"quoted"} and set(brief["side"]) == {"United States"}
    assert all(speaker.endswith("Psaki") for speaker in brief["speaker"])


def test_forecast_cues():
    for text in (
        "Oil will flow.",
        "It is set to open.",
        "Exports are expected to rise.",
        "He plans to visit.",
        "No oil appears likely to flow.",
        "That would help.",
    ):
        assert FORECAST_RE.search(text), text
    for text in (
        "The political will is lacking.",
        "The will of the people.",
        "Oil flowed last year.",
        "Goodwill was shown.",
    ):
        assert not FORECAST_RE.search(text), text


# ------------------------------------------------------------------- table


def test_hand_coded_article_gets_no_machine_proposals(corpus):
    assert propose_claims(corpus).empty
    table = claims_table(corpus)
    hand = load_claims(DATA_DIR)
    assert len(table) == len(hand) and set(table["coder"]) == {"hand"} and table["reviewed"].all()


def test_claims_table_mixes_hand_and_machine_in_date_order():
    coded_id = "002_b4b5912900beeb87"
    real_text = (DATA_DIR / "articles" / f"{coded_id}.txt").read_text(encoding="utf-8")
    corpus = corpus_from_texts(
        {coded_id: real_text, "t_story": STORY},
        {coded_id: {"genre": "analysis", "date": "1997-11-24"}, "t_story": STORY_META},
        data_dir=DATA_DIR,
    )
    table = claims_table(corpus)
    hand = load_claims(DATA_DIR)
    coded_rows = table[table["article_id"] == coded_id]
    assert len(coded_rows) == int((hand["article_id"] == coded_id).sum())
    assert set(coded_rows["coder"]) == {"hand"} and coded_rows["reviewed"].all()
    story_rows = table[table["article_id"] == "t_story"]
    assert len(story_rows) == 5 and set(story_rows["coder"]) == {"machine"} and not story_rows["reviewed"].any()
    # t_story is dated 1990, before the 1997 article: its rows come first, each article by paragraph
    assert list(table["article_id"]) == ["t_story"] * 5 + [coded_id] * len(coded_rows)
    assert list(coded_rows["paragraph"]) == sorted(coded_rows["paragraph"])


# --------------------------------------------------------------- agreement

KAPPA_TEXT = """Condoleezza Rice said that the United States supports the Baku-Tbilisi-Ceyhan pipeline.

"Human rights and free elections matter more than ever," Rice said.

Kazakhstan will sell more oil to investors in Europe.
"""


def _hand_claim(n, paragraph, voice, topic, evidence):
    return {
        "id": f"h-{n}",
        "article_id": "t_kappa",
        "paragraph": paragraph,
        "voice": voice,
        "speaker": "Someone",
        "side": "Unknown",
        "topic": topic,
        "claim": "a crafted hand code",
        "stance": None,
        "target": None,
        "evidence": evidence,
        "forecast": False,
        "coder": "hand",
        "reviewed": True,
    }


def test_kappa_equals_the_hand_computed_value(data_copy):
    claims = [
        _hand_claim(1, 1, "paraphrased", "export-routes", "supports the Baku-Tbilisi-Ceyhan pipeline"),
        _hand_claim(2, 2, "paraphrased", "security-terrorism", "Human rights"),
        _hand_claim(3, 3, "author", "economy-investment", "oil to investors"),
        _hand_claim(4, 3, "author", "us-policy-shift", "Kazakhstan will sell"),
    ]
    (data_copy / "claims.yml").write_text(yaml.safe_dump({"claims": claims}, sort_keys=False), encoding="utf-8")
    corpus = corpus_from_texts({"t_kappa": KAPPA_TEXT}, {"t_kappa": STORY_META}, data_dir=data_copy)
    assert list(corpus.paragraphs["paragraph"]) == [1, 2, 3]
    assert propose_claims(corpus).empty  # the article is coded
    result = agreement(corpus)
    assert result["articles"] == ["t_kappa"]
    topics = result["topics"].set_index("topic")
    assert list(topics.index[:-1]) == list(load_codebook(data_copy)["topics"])
    # machine: 1 export-routes, 2 rights-democracy, 3 economy-investment (see the story test)
    # hand:    1 export-routes, 2 security-terrorism, 3 economy-investment and us-policy-shift
    assert topics.loc["export-routes", "kappa"] == pytest.approx(1.0)
    assert topics.loc["economy-investment", "kappa"] == pytest.approx(1.0)
    # hand [0,0,0] vs machine [0,1,0]: po = 2/3, pe = 2/3 -> 0
    assert topics.loc["rights-democracy", "kappa"] == pytest.approx(0.0)
    assert topics.loc["rights-democracy", "agreement_pct"] == pytest.approx(200 / 3)
    assert topics.loc["security-terrorism", "kappa"] == pytest.approx(0.0)
    assert topics.loc["us-policy-shift", "kappa"] == pytest.approx(0.0)
    for topic in ("great-power-balancing", "osce", "regional-leadership"):
        assert math.isnan(topics.loc[topic, "kappa"]) and topics.loc[topic, "agreement_pct"] == 100.0
    # pooled, 3 x 8 = 24 units: both 2, hand only 2, machine only 1, neither 19
    # po = 21/24, pe = (4*3 + 20*21) / 24**2 = 0.75, kappa = (0.875 - 0.75) / 0.25 = 0.5
    pooled = topics.iloc[-1]
    assert (pooled["n_units"], pooled["n_hand"], pooled["n_machine"], pooled["n_both"]) == (24, 4, 3, 2)
    assert pooled["agreement_pct"] == pytest.approx(87.5)
    assert pooled["kappa"] == pytest.approx(0.5)
    # voice per paragraph: hand paraphrased, paraphrased, author; machine paraphrased, quoted, author
    # po = 2/3, pe = 2/3*1/3 + 0*1/3 + 1/3*1/3 = 1/3, kappa = (2/3 - 1/3) / (2/3) = 0.5
    assert result["voice"]["n_units"] == 3
    assert result["voice"]["kappa"] == pytest.approx(0.5)
    assert "paragraph" in result["unit"] and "topic" in result["unit"]


def test_agreement_on_the_seed_articles_compares_every_text_paragraph(corpus):
    result = agreement(corpus)
    topics = result["topics"]
    n_paragraphs = len(corpus.paragraphs)
    assert set(topics["n_units"].iloc[:-1]) == {n_paragraphs}
    assert topics["n_units"].iloc[-1] == n_paragraphs * len(load_codebook(DATA_DIR)["topics"])
    # us-policy-shift has no cues: the machine never proposes it
    assert topics.set_index("topic").loc["us-policy-shift", "n_machine"] == 0


# --------------------------------------------------------------------- cues


def test_a_cue_naming_an_unknown_theme_or_entity_is_an_error(data_copy):
    path = data_copy / "codebook.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("cues: {themes: [rights]}", "cues: {themes: [rihgts]}"), encoding="utf-8")
    with pytest.raises(CorpusError, match="rihgts"):
        topic_cues(data_copy)
    path.write_text(original.replace("cues: {entities: [OSCE]}", "cues: {entities: [OSCE chair]}"), encoding="utf-8")
    with pytest.raises(CorpusError, match="OSCE chair"):
        topic_cues(data_copy)
    path.write_text(original.replace("cues: {entities: [OSCE]}", "cues: {entity: [OSCE]}"), encoding="utf-8")
    with pytest.raises(CorpusError, match="cues"):
        load_codebook(data_copy)


def test_every_topic_has_cues_except_the_state_of_the_relationship():
    cues = topic_cues(DATA_DIR)
    assert list(cues) == list(load_codebook(DATA_DIR)["topics"])
    empty = [t for t, c in cues.items() if not (c["themes"] or c["entities"] or c["routes"])]
    assert empty == ["us-policy-shift"]


# ----------------------------------------------------------------- devtexts


@pytest.fixture(scope="module")
def devtexts():
    entries = yaml.safe_load((DEVTEXTS / "devtexts.yml").read_text(encoding="utf-8"))["articles"]
    texts = {e["id"]: (DEVTEXTS / e["file"]).read_text(encoding="utf-8") for e in entries}
    meta = {e["id"]: {k: v for k, v in e.items() if k not in ("id", "file", "source_url")} for e in entries}
    return corpus_from_texts(texts, meta, data_dir=DATA_DIR), {e["id"]: e["genre"] for e in entries}


def test_devtexts_readout_and_statement_speak_as_the_white_house(devtexts):
    corpus, genres = devtexts
    proposals = propose_claims(corpus)
    assert check_claims(corpus, proposals) == []
    institutional = [a for a, g in genres.items() if g in ("readout", "statement")]
    assert len(institutional) == 2
    for article_id in institutional:
        rows = proposals[proposals["article_id"] == article_id]
        assert len(rows) > 0, article_id
        assert set(rows["voice"]) == {"statement"} and set(rows["side"]) == {"United States"}, article_id


def test_devtexts_briefings_propose_no_question(devtexts):
    from kzanalysis.analysis.reading.voices import sentence_voices

    corpus, genres = devtexts
    proposals = propose_claims(corpus)
    voices = sentence_voices(corpus)
    questions = set(
        zip(voices.loc[voices["kind"] == "question", "article_id"], voices.loc[voices["kind"] == "question", "text"])
    )
    assert questions  # the transcripts have reporters' questions
    for article_id in (a for a, g in genres.items() if g == "press briefing"):
        rows = proposals[proposals["article_id"] == article_id]
        assert len(rows) > 0 and set(rows["voice"]) == {"quoted"}
        assert not any((article_id, e) in questions for e in rows["evidence"])
        assert not any(e.rstrip().endswith("?") for e in rows["evidence"])


# ---------------------------------------------------------------------- CLI


def _lines(capsys) -> tuple[list[str], str]:
    captured = capsys.readouterr()
    return [line for line in captured.out.splitlines() if line.strip()], captured.err


def test_cli_filters_by_topic_speaker_and_article(capsys):
    hand = load_claims(DATA_DIR)
    assert main(["claims", "--data", str(DATA_DIR), "--topic", "osce"]) == 0
    lines, err = _lines(capsys)
    assert len(lines) == int((hand["topic"] == "osce").sum()) and all(" osce " in line for line in lines)
    assert f"{len(lines)} claims" in err
    assert main(["claims", "--data", str(DATA_DIR), "--speaker", "RICE"]) == 0
    lines, _ = _lines(capsys)
    assert len(lines) == int(hand["speaker"].str.contains("Rice").sum()) and all("Rice" in line for line in lines)
    article = "001_b26ba8fe6375836e"
    assert main(["claims", "--data", str(DATA_DIR), "--article", article, "--topic", "security-terrorism"]) == 0
    lines, _ = _lines(capsys)
    expected = hand[(hand["article_id"] == article) & (hand["topic"] == "security-terrorism")]
    assert [line.split()[0] for line in lines] == list(expected["id"])
    assert main(["claims", "--data", str(DATA_DIR), "--unreviewed"]) == 0
    lines, err = _lines(capsys)
    assert lines == [] and "0 claims" in err


def test_cli_unknown_topic_lists_the_topics(capsys):
    assert main(["claims", "--data", str(DATA_DIR), "--topic", "weather"]) == 2
    err = capsys.readouterr().err
    assert "weather" in err
    for topic in load_codebook(DATA_DIR)["topics"]:
        assert topic in err


def test_cli_unreviewed_lists_the_machine_proposals_of_a_new_article(data_copy, capsys):
    article = data_copy / "articles" / "zz_new.txt"
    article.write_text(STORY, encoding="utf-8")
    manifest = read_manifest(data_copy)
    manifest["articles"].append(
        {
            "id": "zz_new",
            "file": "zz_new.txt",
            "sha256": sha256_of(article),
            "title": "Rice on Kazakhstan",
            "outlet": "Test Wire",
            "author": None,
            "date": "2007-05-01",
            "date_evidence": "crafted for a test",
            "genre": "news report",
            "provenance": "crafted for a test",
        }
    )
    write_manifest(data_copy, manifest)
    assert main(["claims", "--data", str(data_copy), "--unreviewed"]) == 0
    lines, _ = _lines(capsys)
    assert lines and all(line.startswith("mzz_new-") for line in lines)
    assert main(["claims", "--data", str(data_copy), "--unreviewed", "--topic", "osce"]) == 0
    lines, _ = _lines(capsys)
    assert len(lines) == 1 and "Rice said the OSCE chairmanship" in lines[0]
    assert "Condoleezza Rice (United States)" in lines[0] and "paraphrased" in lines[0]


def test_cli_output_is_terminal_safe(data_copy, capsys):
    path = data_copy / "claims.yml"
    register = yaml.safe_load(path.read_text(encoding="utf-8"))
    claim = dict(register["claims"][0])
    claim.update({"id": "c-escape", "claim": "a claim with \x1b[31m an escape", "speaker": "Someone \u202e"})
    register["claims"].append(claim)
    path.write_text(yaml.safe_dump(register, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["claims", "--data", str(data_copy), "--speaker", "someone"]) == 0
    lines, _ = _lines(capsys)
    assert len(lines) == 1 and lines[0].startswith("c-escape ")
    assert "\x1b" not in lines[0] and "\u202e" not in lines[0]
    assert "\\x1b[31m" in lines[0] and "\\u202e" in lines[0]


# ------------------------------------------------------------------- export


def test_claims_csv_has_the_columns(crafted, tmp_path):
    assert "claims" in TABLES
    written = export_tables(crafted, tmp_path / "out", progress=False)
    header = written["claims"].read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == CSV_COLUMNS
    table = pd.read_csv(written["claims"])
    assert len(table) == len(propose_claims(crafted)) and set(table["coder"]) == {"machine"}


def test_claims_csv_of_the_seed_corpus_is_the_register(corpus):
    from kzanalysis.export import build_table

    table = build_table(corpus, "claims")
    assert list(table.columns) == CSV_COLUMNS
    assert sorted(table["id"]) == sorted(load_claims(DATA_DIR)["id"])


def test_agreement_summary_matches_agreement_and_codebook_topics_follow_the_codebook(corpus):
    from kzanalysis.analysis.claims import agreement, agreement_summary, codebook_topics
    from kzanalysis.load.knowledge import load_codebook

    summary = agreement_summary(corpus)
    raw = agreement(corpus)["topics"]
    assert summary["pooled_kappa"] == raw["kappa"].iloc[-1]
    assert list(summary["table"]["hand"]) == list(raw["n_hand"])
    assert summary["n_articles"] == corpus.articles["id"].nunique()
    assert list(codebook_topics(corpus.data_dir)["topic"]) == list(load_codebook(corpus.data_dir)["topics"])


@pytest.mark.parametrize(
    "hand, machine",
    [
        ([0, 1, 1, 0, 1, 0, 0, 0], [0, 1, 0, 0, 1, 1, 0, 0]),
        ([1, 1, 1, 1], [0, 0, 0, 0]),
        ([0, 0, 0, 1], [0, 0, 0, 0]),
        (["a", "b", "c", "a", "b"], ["a", "c", "c", "a", "a"]),
        ([1, 0] * 50 + [1] * 7, [1, 1] * 50 + [0] * 7),
    ],
)
def test_kappa_is_the_value_scikit_learn_gives(hand, machine):
    from sklearn.metrics import cohen_kappa_score

    from kzanalysis.analysis.claims.agreement import _kappa

    assert _kappa(hand, machine) == pytest.approx(cohen_kappa_score(hand, machine))


def test_kappa_is_not_computable_when_both_coders_use_one_value_throughout():
    from kzanalysis.analysis.claims.agreement import _kappa

    assert math.isnan(_kappa([0, 0, 0], [0, 0, 0]))
    assert math.isnan(_kappa([], []))
