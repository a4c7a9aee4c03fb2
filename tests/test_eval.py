"""The scorer itself, on small hand-made cases (no extractor involved)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.eval import (ORG, PRF, ConllSentence, bio_spans, evaluate, event_tuples, format_report,
                     plover_gold_tuples, read_conll, score_agreement, score_conll04, score_ner,
                     score_plover, text_match)
from kg.extract.entities import LOCATION_USE
from kg.gold import GoldFormatError
from kg.model import Entity, Fact, Mention

USA = Entity("Q30", "United States", "Country", country="USA", aliases=("U.S.", "US"))
IRN = Entity("Q794", "Iran", "Country", country="IRN")
JPN = Entity("Q17", "Japan", "Country", country="JPN")
NATO = Entity("Q7184", "NATO", "Organization")
HAMAS = Entity("Q38799", "Hamas", "Organization", country="PSE")
NOBODY = Entity("person:x", "John Doe", "Person")  # a person with no known country
BOOTH = Entity("person:booth", "John Wilkes Booth", "Person", country="USA")
LINCOLN = Entity("Q91", "Abraham Lincoln", "Person", country="USA")
SF = Entity("geonames:5391959", "San Francisco", "Place", country="USA")
CALIFORNIA = Entity("geonames:5332921", "California", "Place", country="USA")
ACME = Entity("org:acme", "Acme Corp", "Organization", country="USA")


def ev(category, source, target=None, **kw) -> Fact:
    return Fact("event", category, source, target, **kw)


def plover_record(rid, text, *events) -> dict:
    return {"id": rid, "text": text,
            "events": [dict(zip(("source", "target", "code"), e)) for e in events]}


def extractor(table: dict):
    """An extract function answering from a {text: facts} table."""
    return lambda text: table.get(text, [])


# --------------------------------------------------------------------------- PRF

def test_prf_scores_and_sums():
    a, b = PRF(tp=2, fp=1, fn=1), PRF(tp=1, fp=0, fn=2)
    a += b
    assert (a.tp, a.fp, a.fn) == (3, 1, 3)
    assert a.precision == pytest.approx(0.75) and a.recall == pytest.approx(0.5)
    assert a.f1 == pytest.approx(0.6)


def test_prf_empty_scores_zero_not_division_error():
    assert PRF().precision == PRF().recall == PRF().f1 == 0.0


# --------------------------------------------------------------------------- event tuples

def test_event_tuples_use_country_and_org_sentinel():
    facts = [ev("ACCUSE", NATO, IRN), ev("ASSAULT", HAMAS, None)]
    assert event_tuples(facts) == {(ORG, "IRN", "ACCUSE"), ("PSE", None, "ASSAULT")}


def test_symmetric_event_gives_both_directions():
    assert event_tuples([ev("AGREE", JPN, NATO, symmetric=True)]) == {
        ("JPN", ORG, "AGREE"), (ORG, "JPN", "AGREE")}


def test_event_without_placeable_source_is_skipped_and_unplaceable_target_is_none():
    assert event_tuples([ev("CONSULT", NOBODY, USA)]) == set()
    assert event_tuples([ev("CONSULT", USA, NOBODY)]) == {("USA", None, "CONSULT")}


def test_relations_and_negated_events_are_not_event_tuples():
    facts = [Fact("relation", "member_of", USA, NATO),
             ev("ASSAULT", USA, IRN, modality="negated")]
    assert event_tuples(facts) == set()
    assert event_tuples(facts, include_negated=True) == {("USA", "IRN", "ASSAULT")}


# --------------------------------------------------------------------------- PLOVER gold

def test_plover_old_names_are_mapped_to_current_categories():
    rec = plover_record("r", "t", ("USA", "IRN", "DEMAND"), ("USA", "IRN", "DISAPPROVE"),
                        ("USA", "IRN", "INVESTIGATE"), ("USA", "IRN", "FIGHT"),
                        ("USA", "IRN", "AGREE"))
    assert {c for _, _, c in plover_gold_tuples(rec)} == {"REQUEST", "ACCUSE", "ASSAULT", "AGREE"}


def test_plover_actor_codes_keep_first_three_letters_and_rename_old_codes():
    rec = plover_record("r", "t", ("USAGOV", "JAP", "AGREE"), ("ITLMIL", "VTN***", "ASSAULT"),
                        ("SDNREB", None, "RETREAT"))
    assert plover_gold_tuples(rec) == {("USA", "JPN", "AGREE"), ("ITA", "VNM", "ASSAULT"),
                                       ("SDN", None, "RETREAT")}


def test_plover_igo_ngo_img_codes_all_map_to_the_org_sentinel():
    rec = plover_record("r", "t", ("IGOGOV", "USA", "ACCUSE"), ("NGO", "HRVGOV", "ACCUSE"),
                        ("IMG", "ISR", "THREATEN"))
    assert plover_gold_tuples(rec) == {(ORG, "USA", "ACCUSE"), (ORG, "HRV", "ACCUSE"),
                                       (ORG, "ISR", "THREATEN")}


def test_org_without_country_matches_gold_igo_code():
    rec = plover_record("r", "NATO warned Iran.", ("IGOMIL", "IRN", "THREATEN"))
    report = score_plover([rec], extractor({"NATO warned Iran.": [ev("THREATEN", NATO, IRN)]}))
    assert report["overall"]["f1"] == 1.0


# --------------------------------------------------------------------------- PLOVER scoring

def test_perfect_prediction_scores_one():
    recs = [plover_record("a", "US struck Iran.", ("USAMIL", "IRN", "FIGHT")),
            plover_record("b", "Japan and NATO agreed.", ("JPNGOV", "IGO", "AGREE"),
                          ("IGO", "JPNGOV", "AGREE"))]
    table = {"US struck Iran.": [ev("ASSAULT", USA, IRN)],
             "Japan and NATO agreed.": [ev("AGREE", JPN, NATO, symmetric=True)]}
    report = score_plover(recs, extractor(table))
    assert report["overall"] == {"tp": 3, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0,
                                 "f1": 1.0}
    assert report["misses"] == report["false_alarms"] == []


def test_wrong_direction_is_both_a_false_alarm_and_a_miss():
    rec = plover_record("a", "Iran accused the US.", ("IRN", "USA", "DISAPPROVE"))
    report = score_plover([rec], extractor({"Iran accused the US.": [ev("ACCUSE", USA, IRN)]}))
    assert (report["overall"]["tp"], report["overall"]["fp"], report["overall"]["fn"]) == (0, 1, 1)
    assert report["misses"][0]["tuple"] == ["IRN", "USA", "ACCUSE"]
    assert report["false_alarms"][0]["tuple"] == ["USA", "IRN", "ACCUSE"]
    assert report["misses"][0]["id"] == "a"


def test_wrong_category_is_both_a_false_alarm_and_a_miss_in_each_category():
    rec = plover_record("a", "US threatened Iran.", ("USA", "IRN", "THREATEN"))
    report = score_plover([rec], extractor({"US threatened Iran.": [ev("COERCE", USA, IRN)]}))
    per = report["per_category"]
    assert (per["THREATEN"]["fn"], per["THREATEN"]["fp"]) == (1, 0)
    assert (per["COERCE"]["fp"], per["COERCE"]["fn"]) == (1, 0)
    assert report["overall"]["f1"] == 0.0


def test_missing_target_must_be_missing_in_prediction_too():
    rec = plover_record("a", "Syria refused.", ("SYR", None, "REJECT"))
    syria = Entity("Q858", "Syria", "Country", country="SYR")
    assert score_plover([rec], extractor({"Syria refused.": [ev("REJECT", syria)]}))[
        "overall"]["f1"] == 1.0
    assert score_plover([rec], extractor({"Syria refused.": [ev("REJECT", syria, USA)]}))[
        "overall"]["tp"] == 0


def test_format_report_prints_overall_categories_and_errors():
    rec = plover_record("rec-1", "Iran accused the US.", ("IRN", "USA", "ACCUSE"))
    text = format_report(score_plover([rec], extractor({"Iran accused the US.": [
        ev("ACCUSE", USA, IRN)]})))
    assert "overall" in text and "ACCUSE" in text and "rec-1" in text
    assert "USA -> IRN  ACCUSE" in text and "IRN -> USA  ACCUSE" in text


# --------------------------------------------------------------------------- CoNLL04

def conll04_record(text, *rels) -> dict:
    return {"id": "c", "text": text, "relations": [
        {"head_text": h, "tail_text": t, "type": r} for h, t, r in rels]}


def test_text_match_is_lenient_but_not_blind():
    assert text_match("U.S.", "US")
    assert text_match("President Lincoln", "Abraham Lincoln")  # same head word
    assert text_match("the Palace of Fine Arts", "Palace of Fine Arts")
    assert not text_match("San Francisco", "California")


def test_conll04_relations_map_from_our_facts():
    text = "Booth killed Lincoln. Acme of San Francisco, California, employs Booth."
    rec = conll04_record(text, ("John Wilkes Booth", "President Lincoln", "Kill"),
                         ("Acme", "San Francisco", "OrgBased_In"),
                         ("San Francisco", "California", "Located_In"),
                         ("John Wilkes Booth", "Acme Corp", "Work_For"),
                         ("John Wilkes Booth", "San Francisco", "Live_In"))  # not scored
    facts = [ev("ASSAULT", BOOTH, LINCOLN, cameo="186"),
             Fact("relation", "located_in", ACME, SF),
             Fact("relation", "located_in", SF, CALIFORNIA),
             Fact("relation", "holds_role", BOOTH, ACME, role="employee")]
    report = score_conll04([rec], extractor({text: facts}))
    assert report["overall"]["f1"] == 1.0
    assert set(report["per_category"]) == {"Kill", "OrgBased_In", "Located_In", "Work_For"}


def test_conll04_ignores_relations_to_entities_the_sentence_does_not_name():
    text = "He was born in San Francisco."
    rec = conll04_record(text)
    facts = [Fact("relation", "located_in", SF, CALIFORNIA)]  # background knowledge
    overall = score_conll04([rec], extractor({text: facts}))["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (0, 0, 0)


def test_conll04_kill_needs_a_killing_cameo_unless_any_assault_is_asked():
    text = "Booth shot Lincoln."  # "Booth" names John Wilkes Booth (a word of his name)
    rec = conll04_record(text, ("Booth", "Lincoln", "Kill"))
    shot = [ev("ASSAULT", BOOTH, LINCOLN, cameo="182")]
    assert score_conll04([rec], extractor({text: shot}))["overall"]["tp"] == 0
    assert score_conll04([rec], extractor({text: shot}), kill_rule="any")["overall"]["tp"] == 1


def test_conll04_one_prediction_matches_one_gold_relation():
    text = "Booth and Booth killed Lincoln."
    rec = conll04_record(text, ("Booth", "Lincoln", "Kill"))
    other = Entity("person:jb", "Booth", "Person")
    facts = [ev("ASSAULT", BOOTH, LINCOLN, cameo="186"), ev("ASSAULT", other, LINCOLN, cameo="186")]
    overall = score_conll04([rec], extractor({text: facts}))["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (1, 1, 0)


# --------------------------------------------------------------------------- NER

IDNER = ("Presiden PROPN O\r\nJoko PROPN B-PER\r\nWidodo PROPN I-PER\r\ntiba VERB O\r\n"
         "di ADP O\r\nJakarta PROPN B-LOC\r\n. PUNCT O\r\n\r\n"
         "PKB PROPN B-ORG\r\nmenang VERB O\r\n\r\n")
INDONLU = "kantor\tO\nberita\tO\nrusia\tB-PLC\nvladimir\tB-PPL\nvoronin\tI-PPL\npesta\tB-EVT\n\n"
INDONLU_CASED = "Kantor\tO\nberita\tO\nRusia\tB-PLC\nVladimir\tB-PPL\nVoronin\tI-PPL\n\n"


def mention(text, sub, type_, occurrence=0, rule="test"):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(sub, start + 1)
    return Mention(Entity(sub, sub, type_), start, start + len(sub), sub, rule)


def test_read_conll_reads_space_separated_iob_files(tmp_path):
    path = tmp_path / "idner.conll"
    path.write_bytes(IDNER.encode())
    sents = read_conll(path)
    assert [s.tokens for s in sents] == [
        ["Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "."], ["PKB", "menang"]]
    assert sents[0].text == "Presiden Joko Widodo tiba di Jakarta ."
    assert bio_spans(sents[0].tags) == {(1, 3, "PER"), (5, 6, "LOC")}


def test_read_conll_reads_tab_separated_indonlu_tags(tmp_path):
    path = tmp_path / "nerp.conll"
    path.write_text(INDONLU)
    (sent,) = read_conll(path)
    assert bio_spans(sent.tags) == {(2, 3, "LOC"), (3, 5, "PER")}  # EVT not scored


def test_ner_exact_spans_per_type(tmp_path):
    path = tmp_path / "idner.conll"
    path.write_bytes(IDNER.encode())
    sents = read_conll(path)
    s1, s2 = sents[0].text, sents[1].text
    predicted = {
        s1: [mention(s1, "Joko Widodo", "Person"),            # right
             mention(s1, "Presiden Joko Widodo", "Person"),   # wrong span: fp
             mention(s1, "Jakarta", "Country", rule="metonym" + LOCATION_USE)],  # LOC: right
        s2: [mention(s2, "PKB", "Place")],                    # wrong type: fp + fn
    }
    report = score_ner(sents, lambda text: predicted[text])
    per = report["per_category"]
    assert per["PER"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0,
                          "f1": pytest.approx(2 / 3, abs=1e-4)}
    assert (per["LOC"]["tp"], per["LOC"]["fp"]) == (1, 1)
    assert (per["ORG"]["tp"], per["ORG"]["fn"]) == (0, 1)
    assert (report["overall"]["tp"], report["overall"]["fp"], report["overall"]["fn"]) == (2, 2, 1)
    assert ["PKB", 0, "ORG"] in [m["tuple"] for m in report["misses"]]


def test_ner_state_counts_as_loc_only_where_used_as_a_location():
    sent = ConllSentence(["Israel", "menyerang", "Gaza", "dari", "Mesir"],
                         ["O", "O", "B-LOC", "O", "B-LOC"])
    text = sent.text
    found = [mention(text, "Israel", "Country", rule="gazetteer"),
             mention(text, "Gaza", "Place"),
             mention(text, "Mesir", "Country", rule="gazetteer" + LOCATION_USE)]
    report = score_ner([sent], lambda _: found)
    assert (report["overall"]["tp"], report["overall"]["fp"], report["overall"]["fn"]) == (2, 0, 0)


def test_ner_mentions_inside_a_token_widen_to_the_whole_token():
    sent = ConllSentence(["ke", "Jakarta-Pusat", "."], ["O", "B-LOC", "O"])
    report = score_ner([sent], lambda text: [mention(text, "Jakarta", "Place")])
    assert report["overall"]["f1"] == 1.0


# --------------------------------------------------------------------------- agreement

def test_agreement_f1_between_english_and_indonesian():
    pairs = [{"id": "p1", "en": "US struck Iran.", "id_text": "AS menyerang Iran."},
             {"id": "p2", "en": "Japan met NATO.", "id_text": "Jepang bertemu NATO."},
             {"id": "p3", "en": "It rained.", "id_text": "Hujan."}]
    en = {"US struck Iran.": [ev("ASSAULT", USA, IRN)],
          "Japan met NATO.": [ev("CONSULT", JPN, NATO)]}
    id_ = {"AS menyerang Iran.": [ev("ASSAULT", USA, IRN)],
           "Jepang bertemu NATO.": [ev("CONSULT", NATO, JPN)]}  # direction flipped
    report = score_agreement(pairs, extractor(en), extractor(id_))
    assert (report["overall"]["tp"], report["overall"]["fp"], report["overall"]["fn"]) == (1, 1, 1)
    assert report["overall"]["f1"] == 0.5
    assert report["pairs"] == 3 and report["pairs_scored"] == 2
    assert report["en_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert [d["id"] for d in report["disagreements"]] == ["p2"]


def test_agreement_perfect_when_both_sides_agree():
    pairs = [{"id": "p1", "en": "a", "id_text": "b"}]
    facts = [ev("AGREE", JPN, NATO, symmetric=True)]
    report = score_agreement(pairs, lambda t: facts, lambda t: facts)
    assert report["overall"]["f1"] == 1.0 and report["disagreements"] == []


# --------------------------------------------------------------------------- evaluate

class FakePipeline:
    """Stands in for kg.extract.pipeline.Pipeline: answers from tables, records the languages asked."""

    def __init__(self, facts=None, mentions=None):
        self.facts, self.mention_table, self.langs = facts or {}, mentions or {}, []

    def extract_text(self, text, lang="en"):
        self.langs.append(lang)
        return self.facts.get((text, lang), [])

    def mentions(self, text, lang="id"):
        self.langs.append(lang)
        return self.mention_table.get(text, [])


def test_evaluate_dispatches_plover_file_and_returns_json_on_request(tmp_path):
    path = tmp_path / "plover.jsonl"
    path.write_text(json.dumps(plover_record("a", "US struck Iran.", ("USA", "IRN", "FIGHT"))) + "\n")
    pipe = FakePipeline({("US struck Iran.", "en"): [ev("ASSAULT", USA, IRN)]})
    report = evaluate(path, pipe)
    assert report["task"] == "plover" and report["overall"]["f1"] == 1.0
    assert json.loads(evaluate(path, pipe, json=True))["overall"]["f1"] == 1.0
    assert "overall" in format_report(report)


def test_evaluate_dispatches_panl_pairs_to_both_languages(tmp_path):
    path = tmp_path / "panl.jsonl"
    path.write_text(json.dumps({"id": "p", "en": "US and Iran agreed.",
                                "id_text": "AS dan Iran sepakat."}) + "\n")
    pipe = FakePipeline({("US and Iran agreed.", "en"): [ev("AGREE", USA, IRN)],
                         ("AS dan Iran sepakat.", "id"): [ev("AGREE", USA, IRN)]})
    report = evaluate(path, pipe)
    assert report["task"] == "agreement" and report["overall"]["f1"] == 1.0
    assert sorted(pipe.langs) == ["en", "id"]


def test_evaluate_dispatches_conll_files_to_ner_in_indonesian(tmp_path):
    path = tmp_path / "x.conll"
    path.write_text(INDONLU_CASED)
    pipe = FakePipeline()
    assert evaluate(path, pipe)["task"] == "ner" and pipe.langs == ["id"]


def test_person_holding_a_role_of_an_organisation_acts_for_it():
    chief = Entity("person:ban", "Ban Ki-moon", "Person")
    role = Fact("relation", "holds_role", chief, Entity("Q1065", "United Nations", "Organization"))
    party = Fact("relation", "holds_role", NOBODY, HAMAS)
    facts = [ev("REQUEST", chief, IRN), ev("ACCUSE", NOBODY, USA), role, party]
    assert event_tuples(facts) == {(ORG, "IRN", "REQUEST"), ("PSE", "USA", "ACCUSE")}


def test_person_without_an_organisation_role_is_still_unscored():
    assert event_tuples([ev("REQUEST", NOBODY, IRN)]) == set()


# --------------------------------------------------------------------------- CAMEO-coded gold

GOLD = Path(__file__).parent / "gold"
ISR = Entity("Q801", "Israel", "Country", country="ISR")
YEM = Entity("Q805", "Yemen", "Country", country="YEM")
IDN = Entity("Q252", "Indonesia", "Country", country="IDN")
CAMEO_FACTS = {  # answers for tests/gold/cameo_sample.jsonl
    ("Israeli jets struck Hodeidah port in Yemen on Monday.", "en"):
        [ev("ASSAULT", ISR, YEM, cameo="190")],                   # root 19 = gold 195: right
    ("Japan's foreign minister met NATO's secretary general in The Hague.", "en"):
        [ev("CONSULT", JPN, NATO, cameo="036")],                  # root 03, gold 042: wrong root
    ("Pemerintah Indonesia mengecam serangan Israel.", "id"):
        [ev("ACCUSE", IDN, ISR, cameo="111")],                    # right; c3 is missed
}


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_cameo_file_is_scored_on_cameo_root_and_on_plover_category():
    pipe = FakePipeline(CAMEO_FACTS)
    report = evaluate(GOLD / "cameo_sample.jsonl", pipe)
    assert report["task"] == "cameo" and report["records"] == 4
    root = report["overall"]
    assert (root["tp"], root["fp"], root["fn"]) == (2, 1, 2)
    assert {"03", "04", "19", "11", "02"} == set(report["per_category"])
    plover = report["plover"]["overall"]  # 0256 (appeal) maps to REQUEST, which was missed
    assert (plover["tp"], plover["fp"], plover["fn"]) == (3, 0, 1)
    assert report["plover"]["per_category"]["REQUEST"]["fn"] == 1
    assert "id" in pipe.langs  # a record's "lang" picks the extractor's language


def test_cameo_report_prints_both_tables():
    text = format_report(evaluate(GOLD / "cameo_sample.jsonl", FakePipeline(CAMEO_FACTS)))
    assert "By PLOVER category" in text and "ASSAULT" in text and "\n19 " in text


def test_cameo_file_keeps_the_seeded_split():
    pipe = FakePipeline(CAMEO_FACTS)
    tuned = evaluate(GOLD / "cameo_sample.jsonl", pipe, part="tuned")
    aside = evaluate(GOLD / "cameo_sample.jsonl", pipe, part="set-aside")
    assert tuned["task"] == aside["task"] == "cameo"
    assert tuned["records"] + aside["records"] == 4


def test_cameo_codes_scored_as_plover_are_an_error_not_a_zero():
    with pytest.raises(GoldFormatError, match="CAMEO codes, not PLOVER categories"):
        evaluate(GOLD / "cameo_sample.jsonl", FakePipeline(), kind="plover")


@pytest.mark.parametrize("events,message", [
    ([{"source": "USA", "target": "IRN", "code": "ATTACK"}], "neither a PLOVER category"),
    ([{"source": "USA", "target": "IRN", "code": "190"},
      {"source": "USA", "target": "IRN", "code": "ASSAULT"}], "mixes PLOVER categories and CAMEO"),
    ([{"source": "GOVREB", "target": "IRN", "code": "190"}], "does not start with a state"),
])
def test_unreadable_event_records_are_an_error_saying_what_was_expected(tmp_path, events, message):
    path = write_jsonl(tmp_path / "gold.jsonl", {"id": "x", "text": "The US struck Iran.",
                                                 "events": events})
    with pytest.raises(GoldFormatError, match=message):
        evaluate(path, FakePipeline())


def test_lower_cased_event_text_is_an_error(tmp_path):
    path = write_jsonl(tmp_path / "gold.jsonl",
                       plover_record("a", "the us struck iran.", ("USA", "IRN", "ASSAULT")),
                       plover_record("b", "japan met nato.", ("JPN", "IGO", "CONSULT")))
    with pytest.raises(GoldFormatError, match="lower case"):
        evaluate(path, FakePipeline())


def test_ner_file_with_unknown_tag_names_is_an_error():
    with pytest.raises(GoldFormatError, match="'B-PERSON'.*PER, LOC, ORG"):
        evaluate(GOLD / "ner_unknown_tags.conll", FakePipeline())


def test_lower_cased_ner_file_is_an_error():
    with pytest.raises(GoldFormatError, match="3 of 3 gold names are all lower case"):
        evaluate(GOLD / "ner_lower_cased.conll", FakePipeline())


def test_kg_eval_prints_the_format_error_without_a_traceback():
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD / "ner_unknown_tags.conll")])
    assert result.exit_code != 0
    assert "expected IOB tags" in result.output and "Traceback" not in result.output
