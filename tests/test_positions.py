"""Positions on routes, route facts, stated figures, forecasts and balancing claims, on crafted texts.

Two crafted articles with hand-written claims (a claims.yml of their own) and a crafted chronology;
every expected answer below is worked out by hand from these texts and codes.
"""

from __future__ import annotations

import pytest
import yaml

from kzanalysis.analysis import balancing, routes
from kzanalysis.analysis.positions import WRITERS, mode_of, who_of, who_order
from kzanalysis.load.corpus import corpus_from_texts

TEXT_A = """American officials said they back a pipeline through the Caucasus to the West.

The author doubts that the oil will flow soon.

Russia and China watch Kazakhstan closely.
"""

TEXT_B = """"We have joined the Baku-Ceyhan pipeline, with a capacity of 60 million tons a year; \
we also ship grain," Tokaev said.

"We have excellent relations with Russia and the United States," Tokaev said.
"""

META = {
    "t_a": {"genre": "analysis", "outlet": "Test Wire", "date": "1999"},
    "t_b": {"genre": "news report", "outlet": "Test Wire", "date": "2005-03-01"},
}


def _claim(n, article, paragraph, voice, speaker, side, topic, stance, target, evidence, forecast=False):
    return {
        "id": f"h-{n}",
        "article_id": article,
        "paragraph": paragraph,
        "voice": voice,
        "speaker": speaker,
        "side": side,
        "topic": topic,
        "claim": "a crafted hand code",
        "stance": stance,
        "target": target,
        "evidence": evidence,
        "forecast": forecast,
        "coder": "hand",
        "reviewed": True,
    }


CLAIMS = [
    _claim(
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
    _claim(
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
    _claim(
        3,
        "t_a",
        3,
        "author",
        "Test Wire",
        "Unknown",
        "great-power-balancing",
        None,
        None,
        "Russia and China watch Kazakhstan",
    ),
    _claim(
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
    _claim(
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
]


def _event(event_id, date, title, topics):
    return {
        "id": event_id,
        "date": date,
        "title": title,
        "description": title + ".",
        "topics": topics,
        "source": "ev-bbc-2006-btc",
        "certainty": "certain",
    }


EVENTS = [
    _event("e-north", "1998-01-01", "Oil flows via Russia", ["export-routes"]),
    _event("e-caucasus", "2001-05-01", "A pipeline through the Caucasus opens for oil", ["export-routes"]),
    _event("e-china", "2002-01-01", "A pipeline to China carries oil", ["export-routes"]),
    _event("e-caspian", "2003-01-01", "Tankers carry oil across the Caspian Sea", ["export-routes"]),
    _event("e-summit", "2004-01-01", "A summit on rivalry", ["great-power-balancing"]),
]


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    import shutil

    from conftest import DATA_DIR

    data = tmp_path_factory.mktemp("positions") / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "claims.yml").write_text(yaml.safe_dump({"claims": CLAIMS}, sort_keys=False), encoding="utf-8")
    (data / "events.yml").write_text(yaml.safe_dump({"events": EVENTS}, sort_keys=False), encoding="utf-8")
    return corpus_from_texts({"t_a": TEXT_A, "t_b": TEXT_B}, META, data_dir=data)


def test_who_and_mode():
    assert who_of("United States", "quoted") == "United States"
    assert who_of("Kazakhstan", "editor") == WRITERS
    assert who_of(None, "paraphrased") == "speakers of unknown side"
    assert mode_of("interviewee") == "own words" and mode_of("editor") == "the editor's voice"
    assert who_order([WRITERS, "United States", "Kazakhstan"]) == ["Kazakhstan", "United States", WRITERS]


def test_position_claims_are_the_claims_on_a_route(crafted):
    positions = routes.position_claims(crafted)
    # h-1 (west), h-2 (west), h-4 (btc, a west pipeline); h-3 has no target, h-5 targets a power
    assert list(positions["id"]) == ["h-1", "h-2", "h-4"]
    assert list(positions["corridor"]) == ["west", "west", "west"]
    assert list(positions["who"]) == ["United States", WRITERS, "Kazakhstan"]


def test_position_summary_by_who(crafted):
    summary = routes.position_summary(crafted).set_index("Who")
    assert list(summary.index) == ["Speakers for Kazakhstan", "Speakers for the United States", "The writers"]
    assert summary.loc["Speakers for Kazakhstan", "west"] == "backs 1"
    assert summary.loc["Speakers for the United States", "west"] == "backs 1"
    assert summary.loc["The writers", "west"] == "doubts 1"
    assert summary.loc["The writers", "north"] == ""
    assert summary.loc["Speakers for the United States", "In whose words"] == "1 in paraphrase"
    assert summary.loc["Speakers for Kazakhstan", "In whose words"] == "1 in own words"
    assert list(summary["Claims"]) == [1, 1, 1]


def test_article_lines_and_what_changed(crafted):
    lines = routes.article_route_lines(crafted).set_index("article_id")
    assert list(lines.index) == ["t_a", "t_b"]  # date order
    assert lines.loc["t_a", "named"] == "" and lines.loc["t_a", "described"] == "west"
    assert lines.loc["t_a", "positions"] == "speakers for the United States back west; the writers doubt west"
    assert lines.loc["t_b", "named"] == "Baku-Tbilisi-Ceyhan pipeline" and lines.loc["t_b", "described"] == ""
    assert lines.loc["t_b", "positions"] == "speakers for Kazakhstan back west"
    text = routes.route_change_text(crafted, {"t_a": "A 1999", "t_b": "B 2005"})
    assert text == (
        "The earliest article to speak of a corridor, A 1999 (analysis), describes the west corridor without naming "
        "a pipeline. Pipelines are first named in B 2005 (Baku-Tbilisi-Ceyhan pipeline). No article names Caspian "
        "Pipeline Consortium pipeline, Kazakhstan-China pipeline, route south through Iran or Atyrau-Samara "
        "pipeline. The latest article, B 2005 (news report), names Baku-Tbilisi-Ceyhan pipeline."
    )


def test_a_figure_belongs_to_the_route_of_its_clause(crafted):
    stated = routes.stated_figures(crafted)
    # one number of measure ("60 million tons a year"), in the clause naming the Baku-Ceyhan pipeline;
    # "2 claims"-style counts and the grain clause give nothing
    assert len(stated) == 1
    row = stated.iloc[0]
    assert (row["article_id"], row["paragraph"], row["route"]) == ("t_b", 1, "Baku-Tbilisi-Ceyhan pipeline")
    assert row["figure"] == "60 million tons/year"
    assert row["speaker"] == "Kassymzhomart Tokaev (quotation)"
    assert row["erratum"] == ""
    assert row["facts"].startswith("1 million barrels a day")


def test_forecasts_meet_the_later_events_of_their_corridor(crafted):
    forecasts = routes.route_forecasts(crafted)
    assert list(forecasts["paragraph"]) == [2]  # h-2 is the one forecast
    # after 1999 (the article's year): the Caucasus and Caspian events speak of the west corridor;
    # the 1998 event is earlier, the China event another corridor, the summit another topic
    assert forecasts.iloc[0]["n_later"] == 2
    assert forecasts.iloc[0]["later"] == (
        "2001-05-01 A pipeline through the Caucasus opens for oil; 2003-01-01 Tankers carry oil across the Caspian Sea"
    )
    cut = routes.route_forecasts(crafted, most=1).iloc[0]["later"]
    assert cut == "2001-05-01 A pipeline through the Caucasus opens for oil; and 1 more"


def test_route_facts_come_with_their_sources(crafted):
    facts = routes.route_facts(crafted).set_index("route")
    assert facts.loc["btc", "first_oil"] == "2006"
    assert "BBC News 2006" in facts.loc["btc", "sources"]
    from kzanalysis.load.knowledge import bib_keys

    assert set(routes.fact_source_keys(crafted)) <= bib_keys(crafted.data_dir)


def test_balancing_claims_powers_and_summary(crafted):
    claims = balancing.balancing_claims(crafted)
    assert list(claims["id"]) == ["h-3", "h-5"]
    assert balancing.claim_powers(crafted, claims) == [("Russia", "China"), ("United States", "Russia")]
    summary = balancing.balancing_summary(crafted, claims)
    assert summary.values.tolist() == [
        ["Speakers for Kazakhstan", "own words", 1, 1, "Kassymzhomart Tokaev", "United States 1, Russia 1"],
        ["The writers", "the author's voice", 1, 1, "Test Wire", "Russia 1, China 1"],
    ]
    overview = balancing.balancing_overview(crafted, claims)
    assert overview["who"] == (
        "Of the 2 claims on Kazakhstan's place between the powers, in 2 of the 2 articles (2 reviewed), speakers "
        "for Kazakhstan 1 in 1 article (1 in own words); the writers 1 in 1 article (1 in the author's voice)."
    )
    assert overview["positions"] == "Speakers for Kazakhstan back Russia (1)."
    assert overview["editors"] == "No editor's heading is coded as a balancing claim."


def test_nothing_to_say_without_claims(tmp_path):
    import shutil

    from conftest import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    corpus = corpus_from_texts({"t_c": "The weather was mild in Almaty.\n"}, {"t_c": META["t_a"]}, data_dir=data)
    assert routes.position_summary(corpus).empty
    assert routes.route_forecasts(corpus).empty
    assert routes.route_change_text(corpus, {"t_c": "C"}) == "No article speaks of an export corridor."
    assert balancing.balancing_overview(corpus)["who"].startswith("No claim")
