"""Linking: one id per real-world thing, every mention pointing at it.

Articles are short texts written for these tests, in the styles of several
kinds of sites (agency dispatch, trade press, regional paper).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.knowledge import KnowledgeBase
from pipeline.linking import link_entities
from pipeline.models import EntityRecord, Mention
from pipeline.nlp import annotate
from tests.conftest import ROOT, clean_document


def link(nlp: Language, kb: KnowledgeBase, text: str, doc_id: str = "t") -> tuple[list[Mention], list[EntityRecord]]:
    (doc,) = list(annotate(nlp, [(doc_id, text)], batch_size=4))
    return link_entities(doc, clean_document(doc_id, text), kb)


def ids_of(mentions: list[Mention]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for m in mentions:
        found.setdefault(m.text, set()).add(m.entity_id)
    return found


def test_every_mention_points_at_one_entity_with_exact_offsets(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Ionity ouvre une station près de Lyon\n\n"
        "Le réseau fondé par BMW, Ford et le groupe Volkswagen compte 700 stations. "
        "Son directeur, Jeroen van Tilburg, vise 7 000 points de charge."
    )
    mentions, records = link(nlp, kb, text)
    assert mentions
    known = {r.entity_id for r in records}
    for m in mentions:
        assert m.entity_id in known
        assert text[m.start : m.end] == m.text
    assert ids_of(mentions)["groupe Volkswagen"] == {"org:volkswagen"}


def test_a_last_name_alone_is_the_person_named_in_full(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Northvolt se place sous la protection de la loi sur les faillites. Son cofondateur Peter Carlsson "
        "a annoncé sa démission.\n\n« Nous avons pris cette décision difficile », a expliqué Carlsson à Stockholm.\n\n"
        "Pour Mary Barra, patronne de General Motors, la nouvelle est mauvaise. Barra a refusé de commenter."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Carlsson"] == found["Peter Carlsson"]
    assert found["Barra"] == {"per:mary-barra"}


def test_an_unknown_person_keeps_one_id_for_every_form(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Le réseau s'étend en France. « Nous accélérons », explique Clémentine Vauquelin, directrice France.\n\n"
        "Selon Vauquelin, dix stations ouvriront cette année. Mme Vauquelin n'a pas donné de montant."
    )
    mentions, records = link(nlp, kb, text)
    found = ids_of(mentions)
    assert found["Clémentine Vauquelin"] == {"per:clementine-vauquelin"}
    assert found["Vauquelin"] == {"per:clementine-vauquelin"}
    record = next(r for r in records if r.entity_id == "per:clementine-vauquelin")
    assert record.type == "PER" and record.name == "Clémentine Vauquelin"


def test_a_title_introduces_a_family_name_written_first(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "HEFEI, 29 février (Xinhua) -- Selon Wang Jianfeng, président du groupe, les modèles arriveront en 2026. "
        "M. Wang a précisé que la plateforme servirait de base."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Wang"] == found["Wang Jianfeng"] == {"per:wang-jianfeng"}


def test_an_acronym_defined_in_the_article_points_at_the_long_form(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "La Fédération française des loueurs électriques (FFLE) publie son baromètre.\n\n"
        "Selon la FFLE, la demande a doublé en un an."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["FFLE"] == found["Fédération française des loueurs électriques"]
    text = "Le fabricant Contemporary Amperex Technology Limited (CATL) signe avec la ville. CATL investira."
    assert ids_of(link(nlp, kb, text)[0])["CATL"] == {"org:catl"}


def test_an_unknown_company_short_form_points_at_its_long_form(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Le motoriste Kolvex Powertrain Limited sera basé à Londres.\n\n"
        "Kolvex emploiera 19 000 salariés sur 17 sites."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Kolvex"] == found["Kolvex Powertrain Limited"]


def test_a_product_named_with_its_maker_mentions_the_maker(nlp: Language, kb: KnowledgeBase) -> None:
    mentions, _ = link(nlp, kb, "BMW s'associe au réseau Tesla Supercharger pour ses clients américains.")
    found = ids_of(mentions)
    assert found["Tesla"] == {"org:tesla"}
    assert "product:supercharger" in {m.entity_id for m in mentions}
    found = ids_of(link(nlp, kb, "Mary Barra s'est exprimée lors d'un Twitter Spaces avec Elon Musk.")[0])
    assert "Twitter" not in found


def test_ordinary_words_and_cut_names_are_dropped(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Nouvel acteur\n\nLe groupe Renault lance une coentreprise. "
        "Alors que Pékin a réagi en portant la mesure devant l'Organ"
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert "Nouvel" not in found and "Organ" not in found
    assert found["Pékin"] == {"loc:pekin"}


def test_the_same_unknown_thing_in_two_articles_gets_the_same_id(nlp: Language, kb: KnowledgeBase) -> None:
    first = ids_of(link(nlp, kb, "La start-up Zorbix lève 20 millions d'euros à Grenoble.", "a")[0])
    second = ids_of(link(nlp, kb, "Le fabricant Zorbix s'installe à Dunkerque. Zorbix recrute.", "b")[0])
    assert first["Zorbix"] == second["Zorbix"] == {"org:zorbix"}


def test_one_article_one_type_per_unknown_name(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Le constructeur Kolvera présente sa berline. Kolvera vise la Chine.\n\n"
        "Kolvera espère vendre 10 000 voitures."
    )
    mentions, records = link(nlp, kb, text)
    ids = {m.entity_id for m in mentions if m.text == "Kolvera"}
    assert len(ids) == 1


def test_a_word_the_article_also_writes_in_lower_case_is_no_name(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Hydrogène : Hyvia placée en liquidation\n\n"
        "La société Hyvia développait des utilitaires à hydrogène pour Renault."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert "Hydrogène" not in found
    assert found["Hyvia"] == {"org:hyvia"}


def test_a_hyphenated_given_name_and_a_title_before_the_family_name(nlp: Language, kb: KnowledgeBase) -> None:
    text = "Kim Dong-myung, PDG du groupe, a salué l'accord. M. Kim a ajouté que d'autres sites étaient étudiés."
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Kim"] == found["Kim Dong-myung"] == {"per:kim-dong-myung"}


def test_values_inside_names_are_not_values(nlp: Language, kb: KnowledgeBase) -> None:
    from pipeline.process import value_mentions
    from pipeline.values import load_units

    text = "Le plan France 2030 finance l'usine de 40 GWh, qui ouvrira d'ici 2027 pour 1,5 milliard d'euros."
    (doc,) = list(annotate(nlp, [("v", text)], batch_size=4))
    clean = clean_document("v", text)
    entities, _ = link_entities(doc, clean, kb)
    values = value_mentions(doc, clean, load_units(ROOT / "data" / "units.yaml"), entities)
    found = {m.text: (m.label, m.value, m.unit) for m in values}
    assert "2030" not in found
    assert found["40 GWh"] == ("QUANTITY", 40, "GWh")
    assert found["1,5 milliard d'euros"] == ("MONEY", 1_500_000_000, "EUR")
    assert any(m.label == "DATE" and "2027" in m.text for m in values)
    for m in values:
        assert text[m.start : m.end] == m.text and m.entity_id == ""


def test_the_first_number_of_a_range_takes_the_currency(nlp: Language, kb: KnowledgeBase) -> None:
    from pipeline.process import value_mentions
    from pipeline.values import load_units

    text = "L'aide passe de 5.000 à 4.000 euros, et la part des ventes de 18 à 20 %, pour 150 000 voitures."
    (doc,) = list(annotate(nlp, [("r", text)], batch_size=4))
    values = value_mentions(doc, clean_document("r", text), load_units(ROOT / "data" / "units.yaml"), [])
    found = {m.text: (m.label, m.value, m.unit) for m in values}
    assert found["5.000"] == ("MONEY", 5000, "EUR")
    assert found["18"] == ("PERCENT", 18, "%")
    assert found["150 000"] == ("QUANTITY", 150000, "")


def test_bylines_and_photo_credits_are_not_news(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Tesla ouvre ses bornes\n\nPar Julien Martin\n\n"
        "Le constructeur Tesla ouvre son réseau, selon Jean Dupont, analyste. (Xinhua/Attila Volgyi)"
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert "Julien Martin" not in found and "Attila Volgyi" not in found
    assert found["Jean Dupont"] == {"per:jean-dupont"}


def test_a_short_form_is_the_longer_organisation_named_in_the_article(nlp: Language, kb: KnowledgeBase) -> None:
    # Known long form, short form unknown to the knowledge base; a lone word the model took for a person.
    text = (
        "Redwood Materials recycle les batteries usagées. Selon Redwood, la capacité doublera.\n\n"
        "Schneider Electric fournira les transformateurs. Schneider recrute 200 techniciens."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Redwood"] == {"org:redwood-materials"}
    assert found["Schneider"] == {"org:schneider-electric"}
    # A conglomerate's bare name in news about its battery arm is the arm.
    found = ids_of(link(nlp, kb, "Samsung SDI construit une usine avec Stellantis. Samsung y investira 3 milliards.")[0])
    assert found["Samsung"] == found["Samsung SDI"] == {"org:samsung-sdi"}
    # Group forms are the company itself (as the gold and the knowledge base have them).
    found = ids_of(link(nlp, kb, "Le groupe Volkswagen investit. Volkswagen Group recrute et Volkswagen vend.")[0])
    assert found["Volkswagen"] == found["Volkswagen Group"] == {"org:volkswagen"}


def test_a_short_form_known_as_another_entity_keeps_it(nlp: Language, kb: KnowledgeBase) -> None:
    found = ids_of(link(nlp, kb, "Renault Trucks électrifie sa gamme tandis que Renault lance la R5.")[0])
    assert found["Renault"] == {"org:renault"}
    found = ids_of(link(nlp, kb, "Tesla Energy a livré 10 GWh de Megapack. Tesla a aussi publié ses résultats.")[0])
    assert found["Tesla"] == {"org:tesla"}
    # The article names the conglomerate itself: its bare name is the conglomerate.
    found = ids_of(link(nlp, kb, "Le groupe Samsung et Samsung SDI investissent. Samsung reste prudent.")[0])
    assert found["Samsung"] == {"org:samsung"}


def test_a_short_form_of_two_long_forms_is_left_alone(kb: KnowledgeBase) -> None:
    from pipeline.linking import _Item, _link_org_short_forms

    items = [_Item(0, 14, "Velmora Motors", "ORG"), _Item(18, 32, "Velmora Energy", "ORG"), _Item(40, 47, "Velmora", "ORG")]
    _link_org_short_forms(items, kb)
    assert items[2].link is None
    items = [_Item(0, 14, "Velmora Motors", "ORG"), _Item(40, 47, "Velmora", "MISC")]
    _link_org_short_forms(items, kb)
    assert items[1].link == 0 and items[1].label == "ORG"


def test_a_place_cue_against_the_model_and_other_cues_in_the_article(nlp: Language, kb: KnowledgeBase) -> None:
    # The model's guesses elsewhere do not outvote a place cue ...
    text = (
        "Le constructeur produira sa citadine à Kolding, au Danemark.\n\n"
        "Kolding accueillera aussi un centre de recherche, a précisé le groupe."
    )
    mentions, records = link(nlp, kb, text)
    assert {m.entity_id for m in mentions if m.text == "Kolding"} == {"loc:kolding"}
    # ... but a company named so elsewhere stays a company ('l'usine de X' is X's plant).
    text = (
        "La start-up Quorvane lève 30 millions d'euros.\n\n"
        "L'usine de Quorvane, près de Grenoble, ouvrira en 2026."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Quorvane"] == {"org:quorvane"}
    assert found["Grenoble"] == {"loc:grenoble"}


def test_a_company_named_like_a_person_is_one_company(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Le distributeur Hans Vogler a racheté trois concessions en Suisse.\n\n"
        "Hans Vogler France ouvrira un site à Lyon. Selon Hans Vogler, la demande progresse."
    )
    mentions, records = link(nlp, kb, text)
    found = ids_of(mentions)
    assert found["Hans Vogler"] == found["Hans Vogler France"] == {"org:hans-vogler-france"}
    assert not any(r.type == "PER" for r in records)
    # A real person named beside a company stays a person.
    mentions, records = link(nlp, kb, "Chez Bosch, Stefan Hartung prépare la suite. Stefan Hartung l'a dit.")
    assert {r.type for r in records if r.name == "Stefan Hartung"} == {"PER"}


def test_a_place_beside_a_company_named_after_it_stays_a_place(nlp: Language, kb: KnowledgeBase) -> None:
    text = (
        "Dans le Finistère, le syndicat Finistère Énergies gère 400 bornes.\n\n"
        "Le Finistère compte aussi des stations privées."
    )
    found = ids_of(link(nlp, kb, text)[0])
    assert found["Finistère"] == {"loc:finistere"}
    assert found["Finistère Énergies"] == {"org:finistere-energies"}
