"""Figures: money with its currency, counts with the noun they count, targets
with their year, the subject; and every kind of number that carries no fact."""

from __future__ import annotations

import pytest

from pipeline.facts.figures import extract_figures
from tests.test_facts_common import article


def figures(text: str) -> dict[tuple[float, str], int | None]:
    return {(f.value, f.unit): f.year for f in extract_figures(article(text))}


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Le gouvernement a annoncé un plan de 7,5 milliards de dollars pour la recharge.", 7_500_000_000, "USD"),
        ("La Megane électrique est vendue 42 990 euros en France.", 42_990, "EUR"),
        ("Les propriétaires auront accès à plus de 12 000 superchargeurs aux États-Unis.", 12_000, "superchargeur"),
        ("Tesla s'est engagé à ouvrir 7 500 de ses bornes de recharge aux autres marques.", 7_500, "borne"),
        ("Stellantis s'est engagé à produire douze nouveaux modèles électriques en France.", 12, "modèle"),
        ("Le géant BAIC produit plus d’un million et demi de véhicules par an.", 1_500_000, "véhicule"),
        ("Xiaomi a une première usine d'une capacité de 300 000 unités par an.", 300_000, "unité"),
        ("Horse compte environ 19.000 salariés sur 17 sites de production.", 19_000, "salarié"),
        ("L'usine représentera une capacité de production de 100 GWh.", 100, "GWh"),
        ("Le taux de la surtaxe atteint 35,3 % pour SAIC.", 35.3, "%"),
        ("Le site s'étend sur 221 hectares près de Debrecen.", 221, "hectare"),
    ],
)
def test_each_kind_of_figure(text: str, value: float, unit: str) -> None:
    found = figures(text)
    assert (value, unit) in found, found


def test_a_target_keeps_its_year() -> None:
    found = figures("L'administration veut installer 500 000 chargeurs sur les routes d’ici 2030.")
    assert found == {(500_000, "chargeur"): 2030}
    found = figures("L'usine aura une capacité de 16 GWh en 2025 puis 50 GWh en 2030.")
    assert found == {(16, "GWh"): 2025, (50, "GWh"): 2030}


def test_a_bare_amount_takes_the_currency_or_noun_it_goes_with() -> None:
    assert set(figures("L'aide passe de 5.000 à 4.000 euros pour les ménages aisés.")) == {(5000, "EUR"), (4000, "EUR")}
    assert set(figures("Verkor a réuni 2 milliards d’euros, dont 850 millions auprès d’investisseurs privés.")) == {
        (2_000_000_000, "EUR"),
        (850_000_000, "EUR"),
    }
    assert set(figures("Le réseau compte 2 000 bornes, dont 400 en Île-de-France.")) == {(2000, "borne"), (400, "borne")}


def test_the_subject_is_the_organisation_of_the_sentence() -> None:
    (row,) = extract_figures(article("En tout cas, Xiaomi a une usine à Pékin d'une capacité de 300 000 unités par an."))
    assert row.subject_id == "org:xiaomi" and row.raw == "300 000"
    assert row.evidence == "En tout cas, Xiaomi a une usine à Pékin d'une capacité de 300 000 unités par an."


def test_one_row_per_value_and_unit() -> None:
    text = "Verkor a levé 850 millions d’euros.\n\nLe montant « d’au moins 850 millions d’euros » est un record."
    assert len(extract_figures(article(text))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Créée en 2012, la société maille le territoire depuis 2020.",  # years
        "La 46e station de recharge de France vient d’ouvrir à Troyes.",  # ordinal
        "La surtaxe s'applique dès ce jeudi 31 octobre, et depuis le 30.",  # day numbers
        "La Model 3 et l'ID.4 restent les plus vendues, devant la C30.",  # model numbers
        "Appelez le 01 23 45 67 89 pour plus d'informations.",  # phone number
        "Lecture 3 min",  # page chrome
        "Il y a trois ans, le cofondateur détaillait la mission de son entreprise.",  # duration
        "L'accord intervient moins de deux semaines après celui de Ford.",  # duration
        "Le site se trouve entre deux restaurants.",  # a small count in words
        "Il y a besoin d’une, deux, trois, quatre usines en France.",  # a counted list
        "La firme ne veut pas précipiter sa transition vers le 100 % électrique.",  # an idiom
        "La consommation est de 17,5 kWh aux 100 km.",  # '100 km' is the rate's denominator
        "Le constructeur a vendu deux fois plus de voitures qu'en 2022.",
    ],
)
def test_what_is_no_figure(text: str) -> None:
    found = figures(text)
    assert not found or text.startswith("La consommation") and set(found) == {(17.5, "kWh")}, found


def test_page_chrome_lines_give_no_figure() -> None:
    text = "Renault publie ses résultats.\n\nLire aussi : Renault Group : les 5 chiffres à retenir\n\n2 commentaires"
    assert figures(text) == {}


def test_a_count_of_products_is_in_the_product_s_name() -> None:
    assert (8900, "Model Y") in figures("Tesla reste en tête avec 8 900 Model Y vendus en Europe.")


def test_a_collective_number_word_is_its_round_number() -> None:
    assert figures("Le réseau vise une centaine de stations d'ici 2030.") == {(100, "station"): 2030}
    assert set(figures("L'usine créera un millier d'emplois et une vingtaine de lignes.")) == {(1000, "emploi"), (20, "ligne")}


@pytest.mark.parametrize(
    "text",
    [
        "Des centaines de bornes restent en panne.",  # a plural: no number
        "Le chantier a pris une quinzaine de jours.",  # a duration
        "Elle sort de sa quarantaine de salariés.",  # no 'un'/'une' before the noun
    ],
)
def test_no_round_number_without_one_of_them(text: str) -> None:
    assert figures(text) == {}


def test_a_bare_number_takes_the_noun_of_the_figure_it_is_joined_or_compared_to() -> None:
    assert figures("Le constructeur vise 300 concessions en Europe d'ici la fin de l'année, et 800 en 2026.") == {
        (300, "concession"): None,
        (800, "concession"): 2026,
    }
    found = figures("Le groupe a vendu 2 450 000 voitures, soit une hausse de 3 % par rapport aux 2 378 000 de 2022.")
    assert (2_378_000, "voiture") in found, found


def test_the_clitic_en_stands_for_the_noun_counted_before() -> None:
    text = (
        "L'opérateur gère aujourd'hui près de 2 400 bornes dans 12 pays. "
        "Il veut en installer plus de 9 000 d'ici 2028, réparties sur 900 sites."
    )
    assert figures(text) == {(2400, "borne"): None, (12, "pays"): None, (9000, "borne"): 2028, (900, "site"): 2028}


@pytest.mark.parametrize(
    "text",
    [
        "Le groupe a investi 2 milliards d'euros et 500 en 2025.",  # money needs its multiplier
        "Le réseau est présent dans 24 pays. Il en compte 300 aujourd'hui.",  # the count after 'dans' is no antecedent
        "La voiture consomme 15 kWh. Elle en a besoin de 20 en hiver.",  # no counted noun before
    ],
)
def test_no_inherited_noun_without_a_grammatical_link(text: str) -> None:
    found = figures(text)
    assert not any(value in (500, 300, 20) for value, _ in found), found
