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


# ---------------------------------------------------------------------------
# Relative clauses over a list, adding connectors, following others
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        (
            "Nissan rejoint Ford, GM et Rivian, qui ont déjà choisi la norme NACS.",
            {"org:nissan", "org:ford", "org:general-motors", "org:rivian"},
        ),
        ("Subaru suit Toyota et Lexus, qui ont opté pour le NACS en 2025.", {"org:subaru", "org:toyota", "org:lexus"}),
        (
            "Kia emboîte le pas à Volvo, Polestar et Lucid, qui ont déjà adopté le NACS.",
            {"org:kia", "org:volvo-cars", "org:polestar", "org:lucid"},
        ),
        ("Ford a été le premier à adopter le NACS, suivi par GM et Rivian.", {"org:ford", "org:general-motors", "org:rivian"}),
        # no joining verb: the subject is no adopter
        ("Rivian, Lucid et Fisker, qui ont adopté le NACS, restent rivaux de Tesla.", {"org:rivian", "org:lucid", "org:fisker"}),
    ],
)
def test_a_relative_clause_over_a_list_and_who_joins_it(text: str, orgs: set[str]) -> None:
    assert {org for org, _ in adoptions(text)} == orgs


@pytest.mark.parametrize(
    ("text", "org", "year"),
    [
        ("Ford ajoutera des connecteurs NACS à ses véhicules dès 2025.", "org:ford", 2025),
        ("Polestar ajoutera un port NACS à ses futurs modèles à partir de 2025.", "org:polestar", 2025),
        ("GM proposera des adaptateurs pour le NACS dès 2024.", "org:general-motors", 2024),
        ("Lucid a annoncé qu'il proposera des adaptateurs NACS à ses clients.", "org:lucid", None),
        ("Mercedes-Benz passe au NACS dès 2025.", "org:mercedes-benz", 2025),  # a name the parse splits
    ],
)
def test_adding_a_connector_or_an_adapter(text: str, org: str, year: int | None) -> None:
    assert adoptions(text) == {(org, NACS): year}


@pytest.mark.parametrize(
    "text",
    [
        "« Tesla a ouvert le NACS à tous », a ajouté Ford.",  # 'ajouter' of saying
        "La station propose des prises CCS et NACS.",  # a thing, no organisation
        "Lucid proposera un adaptateur CCS vers NACS.",  # which one the cars carry is unsaid
        "Nissan rejoint Ford et GM dans le classement des ventes.",
    ],
)
def test_what_adds_no_adoption(text: str) -> None:
    assert adoptions(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jaguar adoptera le NACS en 2025. Land Rover suivra le même calendrier.",
            {("org:jaguar", NACS): 2025, ("org:land-rover", NACS): 2025},
        ),
        (
            "Mercedes-Benz passe au NACS dès 2025.\n\nSmart suivra la même voie.",
            {("org:mercedes-benz", NACS): 2025, ("org:smart", NACS): None},
        ),
        ("Kia adopte le NACS en 2025. Genesis fera de même.", {("org:kia", NACS): 2025, ("org:genesis", NACS): None}),
        ("Hyundai adopte le NACS en 2025. Kia suivra.", {("org:hyundai", NACS): 2025, ("org:kia", NACS): None}),
        ("Ford a adopté le NACS en mai. Il a été suivi par General Motors.", {("org:ford", NACS): None, ("org:general-motors", NACS): None}),
    ],
)
def test_following_the_one_before(text: str, expected: dict[tuple[str, str], int | None]) -> None:
    assert adoptions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ford adopte le NACS. BYD poursuit la même stratégie de prix en Europe.",
        "Hyundai adopte le NACS en 2025. Kia suivra de près les résultats de Ford.",
        "Hyundai adopte le NACS en 2025. Kia ne suivra pas.",
        "Tesla a ouvert sa norme NACS. Lucid suivra le même calendrier.",  # nothing adopted before
        "Ford adopte le NACS. La décision a été suivie par Morgan Stanley.",
        "Ford adopte le NACS, une décision suivie par les analystes de Morgan Stanley.",
    ],
)
def test_following_something_else(text: str) -> None:
    found = adoptions(text)
    assert set(found) <= {("org:ford", NACS), ("org:hyundai", NACS)}


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("Le NACS a été adopté par Ford, GM et Rivian.", {"org:ford", "org:general-motors", "org:rivian"}),
        ("Le standard NACS, déjà adopté par Lucid et Fisker, séduit Nissan.", {"org:lucid", "org:fisker"}),
        # the maker named by the subject is the adopter, not an owner
        ("Les véhicules Nissan seront équipés du port NACS dès 2025.", {"org:nissan"}),
    ],
)
def test_the_agent_of_a_passive(text: str, orgs: set[str]) -> None:
    assert {org for org, _ in adoptions(text)} == orgs


def test_the_maker_of_a_standard_is_no_passive_adopter() -> None:
    assert adoptions("Le NACS a été développé par Tesla.") == {}
    assert adoptions("Le NACS a été adopté par les conducteurs américains.") == {}


@pytest.mark.parametrize(
    ("text", "org", "standard", "year"),
    [
        ("Mitsubishi bascule vers le CCS2 pour ses modèles européens.", "org:mitsubishi-motors", "standard:ccs2", None),
        ("Les futurs modèles de Lucid utiliseront la prise NACS dès 2026.", "org:lucid", NACS, 2026),
        ("Les bornes de Fastned prendront en charge la norme ISO 15118 en 2025.", "org:fastned", "standard:iso-15118", 2025),
        ("Ionity déploiera la norme ISO 15118 sur toutes ses stations dès 2024.", "org:ionity", "standard:iso-15118", 2024),
    ],
)
def test_using_or_deploying_a_standard_and_forms_the_lemmatizer_misses(
    text: str, org: str, standard: str, year: int | None
) -> None:
    assert adoptions(text) == {(org, standard): year}


@pytest.mark.parametrize(
    "text",
    [
        "Les clients de Tesla utilisent le CCS en Europe.",
        "Les conducteurs utilisent surtout la prise Type 2 à domicile.",
        "La station propose des prises CCS et CHAdeMO.",
    ],
)
def test_using_is_no_adoption_without_a_maker_or_operator(text: str) -> None:
    assert adoptions(text) == {}


def test_a_standard_named_by_its_maker_is_that_standard() -> None:
    text = "Le CCS domine en Europe, le NACS aux États-Unis. Subaru adoptera le connecteur de Tesla en 2025."
    assert adoptions(text) == {("org:subaru", NACS): 2025}


def test_the_makers_standard_is_not_the_articles_other_one() -> None:
    """Only the CCS is named: 'le connecteur de Tesla' is not it, and the NACS has no row to point at."""
    assert adoptions("Le CCS domine en Europe. Subaru adoptera le connecteur de Tesla en 2025.") == {}


def test_the_names_a_follower_joins_made_the_same_choice() -> None:
    text = (
        "Kia passera au NACS en 2025 sur ses modèles américains. "
        "La marque coréenne suit ainsi Nissan et Mazda, qui ont fait le même choix l'an dernier."
    )
    found = adoptions(text)
    assert found == {("org:kia", NACS): 2025, ("org:nissan", NACS): None, ("org:mazda", NACS): None}


@pytest.mark.parametrize(
    "text",
    [
        # joined in something else
        "Volvo adoptera la norme NACS. Volvo rejoint Ford et Rivian au capital de la coentreprise.",
        # no 'même': their decision is another one
        "Volvo adoptera la norme NACS. Volvo rejoint Ford et Rivian, qui ont pris une autre décision.",
        # the follower adopted nothing
        "Volvo rejoint Ford et Rivian, qui ont pris la même décision l'an dernier.",
        # negated
        "Volvo adoptera la norme NACS. Le groupe ne rejoint pas Ford et Rivian, qui ont pris la même décision.",
    ],
)
def test_joined_names_adopt_nothing_without_the_same_choice(text: str) -> None:
    assert set(adoptions(text)) <= {("org:volvo-cars", NACS)}


def test_an_owner_through_dont_with_the_object_after_a_date() -> None:
    found = adoptions("Renault, dont les modèles vendus en Europe utilisent depuis 2019 la prise CCS, grandit vite.")
    assert found == {("org:renault", CCS): 2019}


@pytest.mark.parametrize(
    "text",
    [
        "Ionity, dont les clients utilisent depuis 2019 le connecteur CCS, grandit vite.",  # customers, not the firm
        "Les voitures utilisent depuis 2019 le connecteur européen CCS.",  # nobody named
    ],
)
def test_no_owner_through_dont_for_people_or_nobody(text: str) -> None:
    assert adoptions(text) == {}


MCS = "standard:megawatt-charging-system"


def test_compatible_with_no_preposition_read_on_the_surface() -> None:
    assert adoptions("Les stations de Fastned seront compatibles MCS à partir de 2026.") == {("org:fastned", MCS): 2026}


def test_our_things_in_an_interview_answer_are_the_interviewee_s_organisation() -> None:
    text = (
        "Entretien avec Anja van Niersen, directrice générale de Milence\n\n"
        "Anja van Niersen dirige Milence depuis sa création.\n\n"
        "Q : Quelle technologie retenez-vous ?\n\n"
        "R : Tous nos nouveaux hubs seront compatibles MCS à partir de 2026."
    )
    assert adoptions(text) == {("org:milence", MCS): 2026}


@pytest.mark.parametrize(
    "text",
    [
        "Les clients de Fastned seront compatibles MCS.",  # people, not the firm
        "Les stations de Fastned ne sont pas compatibles MCS.",  # negated
        "Tous nos nouveaux hubs seront compatibles MCS à partir de 2026.",  # 'nos' with no one quoted
    ],
)
def test_compatible_states_no_adoption_for_others(text: str) -> None:
    assert adoptions(text) == {}


def test_a_standard_kept_beside_the_new_one_takes_no_year() -> None:
    found = adoptions("Fastned sera compatible MCS dès 2026, en plus du CCS.")
    assert found == {("org:fastned", MCS): 2026, ("org:fastned", CCS): None}
