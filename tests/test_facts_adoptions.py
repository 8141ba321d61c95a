"""Standard adoptions: one test per trigger family, the subject found through
pronouns and the article's subject, the year, and what must not be extracted."""

from __future__ import annotations

import pytest

from pipeline.facts.adoptions import extract_adoptions
from tests.test_facts_common import article

NACS = "standard:north-american-charging-standard"
CCS = "standard:combined-charging-system"


def adoptions(text: str) -> dict[tuple[str, str], int | None]:
    return {(r.org_id, r.standard_id): r.year for r in extract_adoptions(article(text))}


@pytest.mark.parametrize(
    ("text", "org", "year"),
    [
        ("Nissan adoptera la norme NACS en Amérique du Nord à partir de 2025.", "org:nissan", 2025),
        ("Hyundai passera au NACS dès 2024 sur ses modèles américains.", "org:hyundai", 2024),
        ("Jaguar intégrera le port NACS sur ses futurs modèles électriques.", "org:jaguar", None),
        ("Le constructeur suédois Polestar se rallie au NACS.", "org:polestar", None),
        ("Enfin, d’ici 2025, le groupe BMW adoptera la norme de recharge nord-américaine (NACS).", "org:bmw", 2025),
        ("Electrify America, fondée par Volkswagen, a annoncé l'adoption du NACS.", "org:electrify-america", None),
        ("Stellantis a confirmé que ses véhicules seront équipés de la prise NACS à partir de 2025.", "org:stellantis", 2025),
        ("Rivian prendra en charge le NACS sur ses R2.", "org:rivian", None),
    ],
)
def test_each_trigger_family(text: str, org: str, year: int | None) -> None:
    found = adoptions(text)
    assert (org, NACS) in found, found
    assert found[(org, NACS)] == year


def test_every_name_of_a_coordinated_subject_adopts() -> None:
    found = adoptions("Ford, GM, Rivian, Volvo et Mercedes-Benz ont déjà adopté la norme NACS.")
    assert {org for org, _ in found} == {"org:ford", "org:general-motors", "org:rivian", "org:volvo-cars", "org:mercedes-benz"}


def test_a_pronoun_in_a_reported_clause_is_the_main_subject() -> None:
    found = adoptions("Hyundai et Kia ont annoncé qu'ils passeront au NACS dès 2024.")
    assert found == {("org:hyundai", NACS): 2024, ("org:kia", NACS): 2024}


def test_the_article_subject_named_in_an_earlier_sentence() -> None:
    text = (
        "Le constructeur automobile General Motors a annoncé qu'il intégrerait la norme de recharge de Tesla.\n\n"
        "« Nous voulons une norme unique », a déclaré Mary Barra.\n\n"
        "Elle a en outre déclaré qu’à partir de 2025, la prochaine génération de véhicules électriques sera équipée "
        "du port de recharge de Tesla connu sous le nom de North American Charging Standard (NACS)."
    )
    found = adoptions(text)
    assert found == {("org:general-motors", NACS): 2025}  # Tesla owns the standard: it does not adopt it


def test_a_charging_port_with_no_name_is_the_article_s_one_standard() -> None:
    text = (
        "Toyota et sa filiale Lexus adopteront le port de charge de l'entreprise américaine à partir de 2025.\n\n"
        "Les prises NACS équipent les véhicules de Tesla depuis des années."
    )
    found = adoptions(text)
    assert found.get(("org:toyota", NACS)) == 2025 and ("org:lexus", NACS) in found
    assert ("org:tesla", NACS) not in found


def test_compatible_with_a_standard_of_the_article_subject() -> None:
    text = (
        "Honda confirme l'arrivée d'un adaptateur.\n\n"
        "Les modèles Honda commercialisés d’ici 2025 disposeront de ports CCS, et ces derniers seront compatibles "
        "avec le système NACS via un adaptateur."
    )
    assert ("org:honda", NACS) in adoptions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Lucid n'a pas encore adopté le NACS.",
        "BMW refuse d'adopter le NACS pour l'instant.",
        "Volkswagen étudie la possibilité d'adopter la norme NACS.",
        "Mais les constructeurs européens n'ont pas encore sauté sur le NACS.",
        # the doer of 'passer' is the object of 'convaincre', not Tesla
        "Au cours du mois dernier, Tesla a réussi à convaincre pratiquement tous les grands constructeurs automobiles "
        "américains de passer à sa nouvelle norme de connexion : NACS.",
        # drivers using a standard are no organisation adopting it
        "Les conducteurs de Rivian pourront utiliser les Superchargeurs équipés du NACS.",
        # a standard mentioned with no adoption word
        "En Europe, tous les véhicules électriques utilisent la prise CCS.",
        "Tesla a fait de son système de charge NACS une norme ouverte.",
    ],
)
def test_what_is_no_adoption(text: str) -> None:
    assert adoptions(text) == {}


def test_a_name_set_beside_a_generic_subject() -> None:
    text = "Hyundai Motor adoptera le connecteur NACS.\n\nGenesis, la marque de luxe du groupe, passera aussi au NACS."
    assert set(adoptions(text)) == {("org:hyundai", NACS), ("org:genesis", NACS)}


def test_joining_a_standard_is_adopting_it() -> None:
    assert ("org:hyundai", NACS) in adoptions("Hyundai rejoint le NACS, Kia suivra.")


def test_a_relative_clause_after_a_list_takes_the_whole_list() -> None:
    text = "Mercedes-Benz rejoint ainsi Ford, General Motors, Nissan et Volvo, qui ont tous opté pour le standard NACS."
    found = adoptions(text)
    assert {"org:ford", "org:general-motors", "org:nissan", "org:volvo-cars"} <= {org for org, _ in found}


def test_the_maker_of_a_standard_does_not_adopt_it() -> None:
    text = "Tesla prépare sa Model 2.\n\nLes prochains modèles de la marque seront compatibles avec le NACS dès 2025."
    assert adoptions(text) == {}
