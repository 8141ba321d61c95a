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
