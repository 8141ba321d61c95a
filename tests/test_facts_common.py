"""Facts, shared ground: triggers.yaml, sentence units, references.

The helper `article()` parses a short text of our own the way the pipeline
does (spaCy + knowledge-base rules, linking, value scanner) and wraps it in
`ArticleFacts`; the other tests/test_facts_*.py modules import it, so the
model is loaded once per test session.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import ConfigError
from pipeline.facts.common import (
    ArticleFacts,
    TriggerFile,
    ends_sentence,
    load_triggers,
    open_quote,
    starts_sentence,
)
from pipeline.knowledge import KnowledgeBase
from pipeline.linking import link_entities
from pipeline.nlp import annotate
from pipeline.process import value_mentions
from pipeline.values import UnitTable, load_units
from tests.conftest import ROOT, clean_document, shared_kb, shared_nlp


@lru_cache(maxsize=1)
def _resources() -> tuple[object, KnowledgeBase, UnitTable, TriggerFile]:
    units, triggers = load_units(ROOT / "data" / "units.yaml"), load_triggers(ROOT / "data" / "triggers.yaml")
    return shared_nlp(), shared_kb(), units, triggers


@lru_cache(maxsize=256)
def article(text: str) -> ArticleFacts:
    """A text of ours, parsed and linked as the pipeline does it (paragraphs split on blank lines)."""
    nlp, kb, units, triggers = _resources()
    clean = clean_document("t", text)
    (doc,) = list(annotate(nlp, [("t", text)], batch_size=4))  # type: ignore[arg-type]
    mentions, records = link_entities(doc, clean, kb)
    mentions += value_mentions(doc, clean, units, mentions)
    mentions.sort(key=lambda m: (m.start, m.end, m.label))
    return ArticleFacts(doc, mentions, {r.entity_id: r for r in records}, triggers)


# ---------------------------------------------------------------------------
# triggers.yaml
# ---------------------------------------------------------------------------


def test_the_trigger_file_loads_and_every_family_is_filled() -> None:
    triggers = load_triggers(ROOT / "data" / "triggers.yaml")
    assert {"partnership", "agreement", "joint_venture", "investment", "supply"} <= set(triggers.partnership.kinds)
    lex = triggers.lexicon
    assert "associer" in lex.partnership.words and lex.partnership_kind["coentreprise"] == "joint_venture"
    assert any(phrase == "entrer au capital" for phrase, _ in lex.partnership.phrases)
    assert "joint-venture" in lex.partnership.words
    assert "adopter" in lex.adoption_verbs.words and "déclarer" in lex.quote_verbs
    assert "an" in lex.ignored_units and "constructeur" in lex.org_nouns


def test_a_wrong_key_in_the_trigger_file_names_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "triggers.yaml"
    bad.write_text("partnership:\n  kinds: {partnership: [partenariat]}\n  verbs: [x]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="partnership.verbs"):
        load_triggers(bad)


def test_users_extend_the_trigger_file_without_code(tmp_path: Path) -> None:
    extra = tmp_path / "triggers.yaml"
    extra.write_text(
        "partnership:\n  kinds: {licensing: [licence, \"accord de licence\"]}\n", encoding="utf-8"
    )
    lex = load_triggers(extra).lexicon
    assert lex.partnership_kind["licence"] == "licensing"
    facts = article("Renault a signé un accord de licence avec Nissan.")
    assert [phrase for phrase, _ in lex.partnership.find(list(facts.doc))] == ["accord de licence"]


def test_phrases_are_matched_on_lemmas() -> None:
    lex = load_triggers(ROOT / "data" / "triggers.yaml").lexicon
    facts = article("Rivian prendra en charge le NACS. Geely est entré au capital de Volvo.")
    assert [p for p, _ in lex.adoption_verbs.find(list(facts.doc))] == ["prendre en charge"]
    assert [p for p, _ in lex.partnership.find(list(facts.doc))] == ["entrer au capital"]


# ---------------------------------------------------------------------------
# Sentence units: spaCy's French splits, merged back
# ---------------------------------------------------------------------------


def test_sentence_end_and_start_rules() -> None:
    assert ends_sentence("Il a signé un accord.") and ends_sentence("« Nous y allons. »")
    assert not ends_sentence("selon M.") and not ends_sentence("Les modèles Honda commercialisés d’ici")
    assert starts_sentence("Le groupe") and starts_sentence("« Nous") and not starts_sentence("et le géant chinois")
    assert open_quote("Il a déclaré : « Nous") and not open_quote("« Oui », dit-il.")
    assert open_quote('Il a dit : "Nous') and not open_quote('"Oui", dit-il.')


@pytest.mark.parametrize(
    "text",
    [
        # a quotation of several sentences and its incise
        "“Nous nous associons à Tesla pour vos trajets. Plus de bornes, moins d’anxiété d’autonomie. "
        "Il s’agit de votre commodité”, a tweeté GM jeudi.",
        # a list of names and a hyphenated name that the model cuts
        "Ford, GM, Rivian, Volvo et Mercedes-Benz ont déjà adopté la norme NACS.",
        # a title with a hyphen, an apostrophe before a number
        "Sebastian Mackensen, le président-directeur général de BMW Amérique du Nord, a souligné l’engagement de la marque.",
        "Les modèles Honda commercialisés d’ici 2025 disposeront de ports CCS.",
        # a quotation closed after its full stop, then the incise
        "« Nous sommes prêts. » a-t-il ajouté devant la presse.",
    ],
)
def test_one_sentence_is_one_unit_whatever_spacy_splits(text: str) -> None:
    facts = article(text)
    assert len(facts.units) == 1
    assert facts.evidence(facts.units[0]) == " ".join(text.split())


def test_units_never_cross_a_paragraph_and_real_sentences_stay_apart() -> None:
    text = "Renault signe avec Geely. Le groupe chinois apporte ses moteurs.\n\nUn porte-parole a précisé :\n\n« Rien ne change. »"
    facts = article(text)
    assert [facts.evidence(u) for u in facts.units] == [
        "Renault signe avec Geely.",
        "Le groupe chinois apporte ses moteurs.",
        "Un porte-parole a précisé :",
        "« Rien ne change. »",
    ]
    assert [u.paragraph for u in facts.units] == [0, 0, 1, 2]


def test_an_abbreviation_does_not_end_a_unit() -> None:
    facts = article("L'usine créera 9 000 emplois, selon M. Szijjarto, ministre hongrois.")
    assert len(facts.units) == 1


# ---------------------------------------------------------------------------
# The article's subject and references
# ---------------------------------------------------------------------------


def test_the_topic_is_the_organisation_the_article_is_about() -> None:
    facts = article(
        "Kia passe au NACS\n\nLe constructeur Kia a confirmé jeudi son choix, après Ford et General Motors.\n\n"
        "La marque précise que Kia équipera ses modèles dès 2025."
    )
    assert facts.topic == "org:kia"


def test_references_to_the_subject_organisation() -> None:
    facts = article("Le constructeur a confirmé. Les constructeurs hésitent. Il a ajouté. La marque Kia confirme.")
    tokens = {t.text: t for t in facts.doc}
    assert facts.is_org_reference(facts.doc[1])  # 'constructeur', singular with 'le'
    assert not facts.is_org_reference([t for t in facts.doc if t.text == "constructeurs"][0])
    assert facts.is_org_reference(tokens["Il"])


def test_a_noun_phrase_names_its_organisations_not_its_complements() -> None:
    facts = article("Toyota et sa filiale Lexus adopteront la norme. Les conducteurs de BMW pourront recharger.")
    toyota = next(t for t in facts.doc if t.text == "Toyota")
    assert {m.entity_id for m in facts.np_orgs(toyota)} >= {"org:toyota", "org:lexus"}
    drivers = next(t for t in facts.doc if t.text == "conducteurs")
    assert facts.np_orgs(drivers) == []


# ---------------------------------------------------------------------------
# Robustness: odd texts never break an extractor
# ---------------------------------------------------------------------------

_PIECES = [
    "«", "»", "“", "”", '"', "Tesla", "GM", "s'associe à", "avec", "Ford", "partenariat", "entre", "et", ",", ".",
    ":", "\n\n", "a déclaré", "Elon Musk", "Il", "12 000", "bornes", "2025", "NACS", "adoptera", "la norme", "qui",
    "ce partenariat", "dont", "(", ")", "-", "’", "nous", "10 %", "7,5 milliards de dollars", "le constructeur",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30))
def test_odd_texts_never_break_an_extractor(pieces: list[str]) -> None:
    from pipeline.facts.adoptions import extract_adoptions
    from pipeline.facts.figures import extract_figures
    from pipeline.facts.partnerships import extract_partnerships
    from pipeline.facts.quotes import extract_quotes

    text = " ".join(pieces).strip() or "x"
    facts = article(text)
    for extract in (extract_partnerships, extract_adoptions, extract_figures, extract_quotes):
        for row in extract(facts):
            assert row.evidence.strip()
