"""Export corridors and pipelines: references (named and described) and stance.

The pattern tests read crafted sentences with the real data/routes.yml, so each
pattern there is tested on a sentence written for it, including sentences it
must not match. Expected answers are worked out by hand.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA_DIR

from kzanalysis.analysis.routes import (
    EVIDENCE_LIMIT,
    REFERENCE_COLUMNS,
    CueCounter,
    RouteReader,
    article_route_summary,
    classify_stance,
    corridors_by_article,
    pipeline_article_counts,
    reference_table,
    route_overview,
    route_references,
)
from kzanalysis.load.corpus import corpus_from_texts
from kzanalysis.load.resources import load_gazetteer, load_routes


@pytest.fixture(scope="module")
def reader():
    gazetteer = load_gazetteer(DATA_DIR)
    countries = gazetteer[gazetteer["type"] == "country"]
    return RouteReader(load_routes(DATA_DIR), dict(zip(countries["alias"], countries["name"])))


def refs(reader, sentence):
    """{(pipeline or None, corridor, named)} read in one sentence."""
    return {(pipeline, corridor, named) for _, pipeline, corridor, named in reader.read(sentence)}


# ----------------------------------------------------------------- named


@pytest.mark.parametrize(
    "sentence, pipeline, corridor",
    [
        ("Astana backed the Baku-Ceyhan pipeline.", "btc", "west"),
        ("The Baku–Tbilisi–Ceyhan line opened.", "btc", "west"),
        ("BTC Co. reported record loadings.", "btc", "west"),
        ("The Kazakhstan Caspian Transportation System was planned.", "btc", "west"),
        ("KCTS talks resumed.", "btc", "west"),
        ("The Caspian Pipeline Consortium is expanding.", "cpc", "north"),
        ("CPC shareholders met.", "cpc", "north"),
        ("The Tengiz-Novorossiysk line was full.", "cpc", "north"),
        ("The Kazakhstan-China oil pipeline opened.", "kazakhstan-china", "east"),
        ("Work on Atasu–Alashankou ended.", "kazakhstan-china", "east"),
        ("The Kenkiyak-Kumkol section was late.", "kazakhstan-china", "east"),
        ("A Kazakhstan-Turkmenistan-Iran link was studied.", "iran", "south"),
        ("The Atyrau-Samara line was upgraded.", "atyrau-samara", "north"),
        ("The Uzen-Atyrau-Samara system dates from Soviet times.", "atyrau-samara", "north"),
    ],
)
def test_named_patterns_hold_without_context(reader, sentence, pipeline, corridor):
    assert refs(reader, sentence) == {(pipeline, corridor, True)}


@pytest.mark.parametrize(
    "sentence, pipeline, corridor",
    [
        ("Oil is loaded at Ceyhan.", "btc", "west"),
        ("We built a pipeline to the seaport of Novorossiysk.", "cpc", "north"),
        ("Crude crosses into China at Alashankou.", "kazakhstan-china", "east"),
        ("Tankers carry oil from Aktau to Neka.", "iran", "south"),
        ("Kazakh oil enters the network at Samara.", "atyrau-samara", "north"),
    ],
)
def test_terminals_name_their_pipeline_in_an_energy_context(reader, sentence, pipeline, corridor):
    assert (pipeline, corridor, True) in refs(reader, sentence)
    without_context = sentence.replace("oil", "grain").replace("Oil", "Grain").replace("pipeline", "road")
    without_context = without_context.replace("Crude", "Grain").replace("Tankers carry", "Ferries take")
    assert refs(reader, without_context) == set()


def test_a_name_does_not_match_inside_a_longer_word(reader):
    assert refs(reader, "The CPCs and the BTCX were not pipelines at all.") == set()


# ------------------------------------------------------------- described


@pytest.mark.parametrize(
    "sentence, corridor",
    [
        # north
        ("Oil flowed via Russia.", "north"),
        ("The crude moved through Russian territory.", "north"),
        ("They feed the Russian pipeline network with oil.", "north"),
        ("Transneft sets the oil tariffs.", "north"),
        ("The northern route carries most of the oil.", "north"),
        # west
        ("A pipeline through the Caucasus was planned.", "west"),
        ("They would pipe oil to world markets via Turkey.", "west"),
        ("A trans-Caspian pipeline was discussed.", "west"),
        ("Tankers cross the oil across the Caspian Sea.", "west"),
        ("The western route for oil was costly.", "west"),
        # east
        ("Gas will run through Xinjiang.", "east"),
        ("The eastern route for oil opened.", "east"),
        # south
        ("Oil through Iran would be cheapest.", "south"),
        ("They wanted the most direct route out -- Iran -- for an oil pipeline.", "south"),
        ("The Iranian route for crude was blocked.", "south"),
        ("Oil swaps with Iran continued.", "south"),
        ("The southern route for gas was shelved.", "south"),
    ],
)
def test_described_patterns(reader, sentence, corridor):
    assert refs(reader, sentence) == {(None, corridor, False)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The delegation travelled through the Caucasus.",
        "Talks ran via Turkey and Russia.",
        "He flew across the Caspian Sea.",
        "The trans-Caspian ferry was late.",
    ],
)
def test_described_references_need_an_energy_word(reader, sentence):
    assert refs(reader, sentence) == set()


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("We have built a pipeline to China.", {"east"}),
        ("Oil exports to Russia rose.", {"north"}),
        ("Crude is shipped by tanker to Baku.", {"west"}),
        ("A gas pipeline to Europe is planned.", {"west"}),
        ("A pipeline to the Persian Gulf was studied.", {"south"}),
        # a list after one "to": every item counts
        (
            "Oil projects would deliver Kazakhstan's natural resources to China, the Mediterranean, Russia, "
            "and elsewhere.",
            {"east", "west", "north"},
        ),
        # a destination chained from one already counted
        (
            "The two pipeline routes -- one through the Caucasus to the West and another to East Asia -- "
            "are unfinished.",
            {"west", "east"},
        ),
        ("Oil begins to flow out to the West.", {"west"}),
    ],
)
def test_destinations_after_a_delivery_word(reader, sentence, expected):
    assert refs(reader, sentence) == {(None, corridor, False) for corridor in expected}


@pytest.mark.parametrize(
    "sentence",
    [
        "Tokaev flew to China for oil talks.",  # no delivery word before "to"
        "Oil exports matter to Russia's economy.",  # "Russia's economy" is no destination
        "The oil minister said a visit to the West would help.",  # "said a visit": no delivery word
        "Oil was delivered by truck; then the minister went to China.",  # the delivery word is in another clause
        "The pipeline, built with great effort by many workers over many years of hard work, matters to China.",
    ],
)
def test_destinations_not_reached(reader, sentence):
    assert refs(reader, sentence) == set()


def test_its_territory_goes_to_the_state_named_last(reader):
    assert refs(reader, "We signed an agreement with Russia to use pipelines across its territory.") == {
        (None, "north", False)
    }
    assert refs(reader, "The Russian government wants Caspian oil to flow out only via its own territory.") == {
        (None, "north", False)
    }
    # Kazakhstan is named last: its own territory is no export corridor.
    assert refs(reader, "Russia urged Kazakhstan to build oil pipelines across its territory.") == set()
    # No state named before the pronoun.
    assert refs(reader, "Oil pipelines across its territory are safe.") == set()


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # bypassing two routes is no reference to them
        ("The significance of this oil venture is that it bypasses Russia and Iran.", set()),
        ("The Baku-Ceyhan pipeline bypasses Russia and Iran.", {("btc", "west", True)}),
        ("NATO's corridor for delivering nonlethal cargo to Afghanistan was opened.", set()),
        ("The country lies between Russia and China.", set()),
        ("The oil-rich country lies between Russia and China.", set()),
        ("Backed by wealth from its oil sales, Kazakhstan has emerged as a dominant presence.", set()),
    ],
)
def test_sentences_that_are_no_route(reader, sentence, expected):
    assert refs(reader, sentence) == expected


def test_one_row_per_pipeline_and_per_described_corridor_in_a_sentence(reader):
    sentence = (
        "We have built a huge oil pipeline to the seaport of Novorossiysk; we have built a pipeline to "
        "China; we have an agreement with Russia to use pipelines across its territory and via Russian "
        "territory; and we joined the Baku-Ceyhan pipeline, the BTC."
    )
    found = reader.read(sentence)
    assert {(p, c, n) for _, p, c, n in found} == {
        ("cpc", "north", True),
        (None, "east", False),
        (None, "north", False),
        ("btc", "west", True),
    }
    assert len(found) == 4
    assert [p for _, p, _, _ in found] == ["cpc", None, None, "btc"]  # reading order


# ------------------------------------------------------------- the table


def test_route_references_rows_stance_and_evidence():
    texts = {
        # clause 1: "built" (+1) -> supportive; clause 2: "oppose" (-1) -> sceptical
        "a": "Kazakhstan has built a pipeline to China; critics oppose the Iranian route for its oil.",
        # "unwillingness to support" is one negative cue, not also a positive one
        "b": "Washington showed an unwillingness to support the Baku-Ceyhan pipeline.",
        "c": "Nothing about corridors here.",
    }
    corpus = corpus_from_texts(texts, data_dir=DATA_DIR, boilerplate=[])
    table = route_references(corpus)
    assert list(table.columns) == REFERENCE_COLUMNS
    rows = [(r.article_id, r.route, r.corridor, bool(r.named), r.stance) for r in table.itertuples()]
    assert rows == [
        ("a", None, "east", False, "supportive"),
        ("a", None, "south", False, "sceptical"),
        ("b", "btc", "west", True, "sceptical"),
    ]
    assert set(table["evidence"]) == {texts["a"], texts["b"]}
    assert set(table["sentence_no"]) == {1}


def test_evidence_is_capped():
    long = "The Baku-Ceyhan pipeline " + "runs on and on " * 40 + "to the sea."
    table = route_references(corpus_from_texts({"a": long}, data_dir=DATA_DIR, boilerplate=[]))
    assert len(table) == 1 and len(table.loc[0, "evidence"]) == EVIDENCE_LIMIT
    assert long.startswith(table.loc[0, "evidence"])


def test_a_corrected_misprint_names_the_pipeline_and_the_evidence_stays_as_written(tmp_path):
    for name in ("routes.yml", "gazetteer.yml", "boilerplate.yml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / "errata.yml").write_text(
        "errata:\n"
        "  - article_id: a\n"
        "    original: seaport of Novosibirsk\n"
        "    correction: seaport of Novorossiysk\n"
        "    kind: wrong place name\n"
        "    evidence: Novosibirsk is no seaport.\n",
        encoding="utf-8",
    )
    text = "We built an oil pipeline to the seaport of Novosibirsk."
    table = route_references(corpus_from_texts({"a": text, "b": text}, data_dir=tmp_path, boilerplate=[]))
    assert [(r.article_id, r.route, r.corridor) for r in table.itertuples()] == [("a", "cpc", "north")]
    assert table.loc[0, "evidence"] == text


def test_summaries_per_article():
    texts = {
        "a": "The Baku-Ceyhan pipeline opened. Oil flows through the Caucasus. A pipeline to China is planned.",
        "b": "Nothing here.",
    }
    corpus = corpus_from_texts(texts, data_dir=DATA_DIR, boilerplate=[])
    references = route_references(corpus)
    by_corridor = corridors_by_article(corpus, references)
    assert [
        tuple(r)
        for r in by_corridor[["article_id", "corridor", "n_named", "n_described", "pipelines"]].itertuples(index=False)
    ] == [("a", "west", 1, 1, "btc"), ("a", "east", 0, 1, "")]
    summary = article_route_summary(corpus, references).set_index("article_id")
    assert summary.loc["a", "n_named"] == 1 and summary.loc["a", "n_described"] == 2
    assert summary.loc["a", "corridors"] == "west, east" and summary.loc["a", "n_corridors"] == 2
    assert summary.loc["b", "n_references"] == 0 and summary.loc["b", "corridors"] == ""
    counts = pipeline_article_counts(corpus, references)
    assert counts["btc"] == 1 and counts["cpc"] == 0 and len(counts) == 5
    overview = route_overview(corpus, references)
    assert overview["n_articles_speaking"] == 1 and overview["n_named"] == 1 and overview["n_described"] == 2
    assert overview["top_pipeline"] == "Baku–Tbilisi–Ceyhan" and overview["top_pipeline_k"] == 1
    assert overview["corridor_articles"] == {"north": 0, "west": 1, "east": 1, "south": 0}
    assert overview["corridor_ranking"] == "west (1), east (1), north (0), south (0)"
    shown = reference_table(corpus, references)
    assert list(shown["reference"]) == ["named", "described", "described"]
    assert list(shown["pipeline"]) == ["Baku–Tbilisi–Ceyhan", "", ""]


def test_no_sentences_gives_an_empty_table():
    table = route_references(corpus_from_texts({"a": "Nothing about oil routes."}, data_dir=DATA_DIR, boilerplate=[]))
    assert table.empty and list(table.columns) == REFERENCE_COLUMNS


# ------------------------------------------------------------------ cues


def test_cue_counter_longest_first_and_prefixes():
    counter = CueCounter(["support*", "firm"], ["unwillingness to support", "not as firm", "waver*"])
    assert counter.count("an unwillingness to support it") == (0, 1)
    assert counter.count("Supporters wavered; it is not as firm as a firm deal") == (2, 2)


def test_classify_stance_thresholds():
    assert classify_stance(2, -0.9) == "supportive"  # cues decide
    assert classify_stance(-1, 0.9) == "sceptical"
    assert classify_stance(0, 0.05) == "supportive"  # VADER breaks the tie
    assert classify_stance(0, -0.05) == "sceptical"
    assert classify_stance(0, 0.049) == "neutral/descriptive"


# ------------------------------------------------------------ real corpus

#: Hand annotation of the five seed articles: the corridors each speaks of.
EXPECTED_CORRIDORS = {
    "000": set(),  # Rice in Astana, 2008: no export route
    "001": {"north", "west", "east"},  # BTC named; "to China, the Mediterranean, Russia"
    "002": {"north", "west", "east", "south"},  # "via its own territory", "through the Caucasus", ...
    "003": {"west"},  # Baku-Ceyhan, "via Turkey"; "bypasses Russia and Iran" is none
    "004": {"north", "west", "east"},  # CPC terminal, "across its territory", "to China", Baku-Ceyhan
}
EXPECTED_NAMED = {"001": {"btc"}, "003": {"btc"}, "004": {"btc", "cpc"}}


def test_real_corpus_corridors_per_article(corpus):
    references = route_references(corpus)
    found = {key: set() for key in EXPECTED_CORRIDORS}
    named = {}
    for row in references.itertuples():
        found.setdefault(row.article_id[:3], set()).add(row.corridor)
        if row.named:
            named.setdefault(row.article_id[:3], set()).add(row.route)
    assert found == EXPECTED_CORRIDORS
    assert named == EXPECTED_NAMED
    assert "atyrau-samara" not in set(references["route"].dropna())
    assert set(references["stance"]) <= {"supportive", "sceptical", "neutral/descriptive"}
    text_of = {a: " ".join(t.split()) for a, t in zip(corpus.articles["id"], corpus.articles["text"])}
    for row in references.itertuples():
        assert " ".join(row.evidence.split()) in text_of[row.article_id]


def test_real_corpus_stances(corpus):
    references = route_references(corpus)
    rows = {(r.article_id[:3], r.route or r.corridor, bool(r.named)): r for r in references.itertuples()}
    # "enlist firm Astana backing for the Baku-Ceyhan pipeline"
    assert rows[("003", "btc", True)].stance == "supportive"
    # "Nazarbaev has in the past wavered over the project which would pipe ... oil ... via Turkey"
    assert rows[("003", "west", False)].stance == "sceptical"
    # "an unwillingness to support their use of the most direct route out -- Iran -- for an oil pipeline"
    assert rows[("002", "south", False)].stance == "sceptical"
    # the CPC, named by its (misprinted) terminal: "we have built a huge oil pipeline to the Russian seaport"
    assert rows[("004", "cpc", True)].stance == "supportive"
    assert "Novosibirsk" in rows[("004", "cpc", True)].evidence
