"""Partnerships: one test per trigger family, per construction, and per thing
that must not be extracted. Sentences are our own, in the styles of agency
dispatches, trade press and blogs."""

from __future__ import annotations

import pytest

from pipeline.facts.partnerships import extract_partnerships
from tests.test_facts_common import article


def pairs(text: str) -> set[frozenset[str]]:
    return {frozenset((r.org_a_id, r.org_b_id)) for r in extract_partnerships(article(text))}


def kinds(text: str) -> dict[frozenset[str], str]:
    return {frozenset((r.org_a_id, r.org_b_id)): r.kind for r in extract_partnerships(article(text))}


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


@pytest.mark.parametrize(
    ("text", "a", "b", "kind"),
    [
        ("Stellantis s'associe à CATL pour construire une usine de batteries en Espagne.", "org:stellantis", "org:catl", "partnership"),
        ("Google s'est associé à Renault pour développer le logiciel de ses voitures.", "org:google", "org:renault", "partnership"),
        ("Mercedes-Benz a conclu un partenariat avec Rivian pour produire des fourgons électriques.", "org:mercedes-benz", "org:rivian", "partnership"),
        ("Hyundai s'allie avec LG pour une usine en Indonésie.", "org:hyundai", "org:lg", "partnership"),
        ("Toyota s'entend avec BYD pour développer des voitures électriques en Chine.", "org:toyota", "org:byd", "agreement"),
        ("Dans un communiqué, Stellantis annonce un accord avec Samsung SDI pour une deuxième usine.", "org:stellantis", "org:samsung-sdi", "agreement"),
        ("Le coréen SK On a conclu un contrat d'approvisionnement avec Ford portant sur 240 GWh.", "org:sk-on", "org:ford", "agreement"),
        ("Renault a annoncé la création d'une coentreprise avec Geely.", "org:renault", "org:geely", "joint_venture"),
        ("Amazon a investi dans Rivian en 2019.", "org:amazon", "org:rivian", "investment"),
        ("Le groupe chinois Geely a pris une participation de 9,7 % dans Mercedes-Benz.", "org:geely", "org:mercedes-benz", "investment"),
        ("LG Energy Solution fournira des batteries à General Motors à partir de 2025.", "org:lg-energy-solution", "org:general-motors", "supply"),
        ("Panasonic, fournisseur historique de Tesla, va construire une usine au Kansas.", "org:panasonic", "org:tesla", "supply"),
        ("Honda rejoint Sony dans une coentreprise baptisée Afeela.", "org:honda", "org:sony", "partnership"),
        ("Le partenariat entre Ford et SK On porte sur trois usines aux États-Unis.", "org:ford", "org:sk-on", "partnership"),
        ("BMW et Toyota collaborent depuis 2013 sur la pile à combustible.", "org:bmw", "org:toyota", "partnership"),
        ("Toyota annonce une collaboration avec Panasonic dans les batteries.", "org:toyota", "org:panasonic", "partnership"),
        ("Honda et Sony ont créé une joint-venture baptisée Afeela.", "org:honda", "org:sony", "joint_venture"),
        ("Ford a formé une joint venture avec SK On.", "org:ford", "org:sk-on", "joint_venture"),
        ("LG a signé avec Hyundai pour une usine en Géorgie.", "org:lg", "org:hyundai", "agreement"),
        ("Renault et Nissan ont signé un nouvel accord de coopération mardi.", "org:renault", "org:nissan", "agreement"),
    ],
)
def test_each_trigger_family(text: str, a: str, b: str, kind: str) -> None:
    found = kinds(text)
    assert found.get(pair(a, b)) == kind, found


def test_coordinated_subjects_of_a_joint_venture_are_the_pair() -> None:
    text = "Renault et le géant chinois Geely ont annoncé vendredi le lancement de leur coentreprise, baptisée Horse."
    assert pair("org:renault", "org:geely") in pairs(text)


def test_a_relative_clause_takes_its_antecedent() -> None:
    assert pairs("Northvolt, qui a signé un contrat avec Volvo, prévoit une deuxième usine.") == {
        pair("org:northvolt", "org:volvo-cars")
    }


def test_an_enumeration_after_dont_partners_the_subject_with_each() -> None:
    text = (
        "Le constructeur s'est engagé dans une coentreprise avec d'autres constructeurs automobiles dont BMW, "
        "GM et Stellantis, afin de construire un réseau de recharge."
    )
    found = pairs("Honda élargit son offre.\n\n" + text)
    assert {pair("org:honda", "org:bmw"), pair("org:honda", "org:general-motors"), pair("org:honda", "org:stellantis")} <= found
    assert pair("org:bmw", "org:stellantis") not in found


def test_the_year_is_the_date_of_the_sentence() -> None:
    (row,) = extract_partnerships(article("Mercedes-Benz a conclu un partenariat avec Rivian en 2022."))
    assert row.year == 2022 and row.evidence == "Mercedes-Benz a conclu un partenariat avec Rivian en 2022."


def test_a_pronoun_in_a_quotation_is_its_speaker() -> None:
    text = "« Nous nous associons à Tesla pour vos trajets », a tweeté GM jeudi."
    assert pairs(text) == {pair("org:general-motors", "org:tesla")}


def test_a_back_reference_is_the_main_pair_and_adds_nothing_else() -> None:
    text = (
        "Volvo s'associe à Northvolt pour ses batteries.\n\n"
        "Ce partenariat doit aboutir à une usine en Suède, a précisé BMW, qui n'y participe pas."
    )
    rows = extract_partnerships(article(text))
    assert {frozenset((r.org_a_id, r.org_b_id)) for r in rows} == {pair("org:volvo-cars", "org:northvolt")}


def test_between_two_names_after_a_verb_in_a_sentence_about_cooperation() -> None:
    text = "Les alliances sont utiles, comme cela s'est déjà produit entre Nio et JAC en Chine."
    assert pairs(text) == {pair("org:nio", "org:jac")}


@pytest.mark.parametrize(
    "text",
    [
        # co-mention and competition
        "Ford et GM sont concurrents sur le marché des pick-up.",
        "Tesla et BYD se livrent une concurrence féroce en Europe.",
        "La guerre des prix entre Tesla et BYD s'intensifie malgré l'accord de Panasonic.",
        "Les ventes de Tesla et de BYD ont progressé, selon un accord de méthode des analystes.",
        "Les discussions entre Stellantis et Leapmotor se poursuivent.",
        # negated, considered, abandoned, possible
        "Tesla n'a pas signé d'accord avec Panasonic cette année.",
        "Stellantis envisage un partenariat avec Leapmotor.",
        "Après des mois de négociations, Renault et Volkswagen ont renoncé à leur partenariat.",
        "Selon Reuters, Apple et Hyundai discutent d'une possible collaboration.",
        # ownership, subsidiaries, shareholders
        "Volvo, détenu par le chinois Geely depuis 2010, vise le tout-électrique.",
        "Saft, filiale de TotalEnergies, fournit des batteries.",
        "Mercedes-Benz et Stellantis sont actionnaires d'ACC aux côtés de TotalEnergies.",
        # joining others in doing something is no partnership
        "Mercedes-Benz a rejoint Ford et GM en adoptant le connecteur NACS.",
        # investing together in an unnamed thing is two investments
        "Ford et Volkswagen ont annoncé des investissements massifs en Europe.",
        # a cooperation with a thing that is no organisation
        "BMW et Rolls-Royce ont annoncé une nouvelle collaboration avec le réseau de recharge le plus dense du pays.",
        # an organisation name containing a trigger word
        "La Banque européenne d'investissement a prêté 600 millions d'euros à Verkor.",
    ],
)
def test_what_is_no_partnership(text: str) -> None:
    assert pairs(text) == set()


def test_a_reference_is_never_the_partner_itself() -> None:
    text = (
        "Batteries : Renault et LG Energy Solution s'entendent sur la technologie LFP\n\n"
        "Le constructeur français a signé un accord avec le sud-coréen LG Energy Solution pour des cellules LFP."
    )
    assert pairs(text) == {pair("org:renault", "org:lg-energy-solution")}


def test_every_name_of_a_list_the_parse_cut() -> None:
    text = "Ionity, la coentreprise fondée par BMW, Mercedes-Benz, Ford et le groupe Volkswagen, ouvre sa 700e station."
    found = pairs(text)
    assert {pair("org:bmw", "org:ford"), pair("org:ford", "org:volkswagen")} <= found


def test_an_ally_set_beside_a_name() -> None:
    assert pairs("Nissan, allié de Renault depuis 1999, a vendu 3,4 millions de véhicules l'an dernier.") == {
        pair("org:nissan", "org:renault")
    }


def test_le_constructeur_is_the_subject_of_the_previous_sentence_when_it_is_a_main_one() -> None:
    text = (
        "Volkswagen investit 5 milliards de dollars dans Rivian\n\n"
        "Volkswagen va injecter jusqu'à 5 milliards de dollars dans le constructeur américain Rivian.\n\n"
        "Rivian, qui a perdu 5,4 milliards de dollars l'an dernier, cherchait des partenaires financiers. "
        "Le constructeur avait déjà noué un partenariat avec Amazon."
    )
    found = pairs(text)
    assert pair("org:rivian", "org:amazon") in found and pair("org:volkswagen", "org:amazon") not in found


def test_a_back_reference_with_no_pair_stated_takes_the_lead_pair() -> None:
    text = (
        "Tesla et GM : la recharge change de visage\n\n"
        "Les conducteurs de GM pourront recharger sur les bornes de Tesla dès le printemps.\n\n"
        "Ce partenariat intervient deux semaines après celui de Ford."
    )
    assert pairs(text) == {pair("org:tesla", "org:general-motors")}


@pytest.mark.parametrize(
    "text",
    [
        "Tesla gagne des parts de marché face à BYD\n\nTesla a vendu plus de voitures que BYD.\n\n"
        "Ce partenariat avec les concessionnaires a porté ses fruits.",
        "Tesla gagne des parts de marché face à BYD\n\nTesla a vendu plus de voitures que BYD.\n\n"
        "Cette collaboration avec les chercheurs reste discrète.",
    ],
)
def test_no_lead_pair_for_rivals_or_another_cooperation(text: str) -> None:
    assert pairs(text) == set()


def test_an_investment_back_reference_is_no_partnership() -> None:
    text = (
        "Le fabricant chinois de batteries CATL officialise une usine en Hongrie\n\n"
        "DEBRECEN (Hongrie), 5 septembre (Xinhua) -- CATL a signé lundi un accord immobilier avec la ville de Debrecen.\n\n"
        "Cet investissement de CATL est le plus gros jamais réalisé en Hongrie."
    )
    assert pairs(text) == set()


def test_les_deux_constructeurs_is_the_pair_named_before() -> None:
    text = (
        "Hyundai et Kia s’associent pour produire des batteries LFP en Inde\n\n"
        "Les deux constructeurs sud-coréens ont signé un protocole d’accord avec Stellantis pour la production."
    )
    assert pairs(text) == {
        pair("org:hyundai", "org:kia"),  # 'X et Y s'associent' is a partnership of its own
        pair("org:hyundai", "org:stellantis"),
        pair("org:kia", "org:stellantis"),
    }


def test_a_participle_leads_to_the_partner_only_with_avec() -> None:
    assert pairs("Stellantis a dévoilé un accord conclu avec CATL pour une usine.") == {pair("org:stellantis", "org:catl")}
    text = "Renault et le géant chinois Geely ont annoncé le lancement de leur coentreprise dédiée aux moteurs thermiques, Horse."
    assert pair("org:renault", "org:geely") in pairs(text)


# ---------------------------------------------------------------------------
# Joint-venture owners, supply, 'son partenaire', stakes, things made together
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        (
            "Automotive Cells Company est une coentreprise détenue par Stellantis, Mercedes-Benz et TotalEnergies.",
            ["org:stellantis", "org:mercedes-benz", "org:totalenergies"],
        ),
        ("La société commune formée par Hyundai et SK On produira 35 GWh.", ["org:hyundai", "org:sk-on"]),
        (
            "Ultium Cells, la coentreprise créée par General Motors et LG Energy Solution, ouvre une troisième usine.",
            ["org:general-motors", "org:lg-energy-solution"],
        ),
        ("Ultium Cells est détenue à parts égales par General Motors et LG Energy Solution.", ["org:general-motors", "org:lg-energy-solution"]),
        ("Toyota et Panasonic détiennent respectivement 51 % et 49 % de Prime Planet Energy.", ["org:toyota", "org:panasonic"]),
    ],
)
def test_every_pair_of_joint_venture_owners(text: str, owners: list[str]) -> None:
    found = kinds(text)
    for i, a in enumerate(owners):
        for b in owners[i + 1 :]:
            assert found.get(pair(a, b)) == "joint_venture", found


@pytest.mark.parametrize(
    "text",
    [
        # an owner that is a person or a state is no partner, and one company alone is a subsidiary
        "La coentreprise, détenue par Geely et le milliardaire Li Shufu, vise 2026.",
        "La coentreprise, détenue par Renault et l'État français, vise 2026.",
        "Geely possède Volvo depuis 2010.",
    ],
)
def test_owner_lists_without_two_companies(text: str) -> None:
    assert pairs(text) == set()


def test_a_country_in_an_owner_list_is_left_out() -> None:
    found = pairs("Une coentreprise détenue par la Chine, Geely et Volvo a été créée.")
    assert found == {pair("org:geely", "org:volvo-cars")}


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Northvolt livrera des cellules à Volkswagen dès 2025.", "org:northvolt", "org:volkswagen"),
        ("Polestar se fournit auprès de CATL pour ses batteries.", "org:polestar", "org:catl"),
        ("Volvo s'approvisionne auprès de Northvolt pour ses batteries.", "org:volvo-cars", "org:northvolt"),
        ("SK On, fournisseur de batteries de Ford, ouvre une usine.", "org:sk-on", "org:ford"),
        ("Northvolt, fournisseur de Volvo, lève des fonds.", "org:northvolt", "org:volvo-cars"),
        ("CATL sera le fournisseur de batteries de Ford.", "org:catl", "org:ford"),
        ("LG Energy Solution a été choisi comme fournisseur par Honda.", "org:lg-energy-solution", "org:honda"),
    ],
)
def test_supply(text: str, a: str, b: str) -> None:
    assert kinds(text).get(pair(a, b)) == "supply"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kia a lancé le EV9 avec son partenaire coréen Hyundai Mobis.", {pair("org:kia", "org:hyundai")}),
        ("Nissan a dévoilé son partenaire, Foxconn.", {pair("org:nissan", "org:foxconn")}),
        (
            "Renault a présenté ses partenaires Nissan et Mitsubishi lors du salon.",
            {pair("org:renault", "org:nissan"), pair("org:renault", "org:mitsubishi-motors")},
        ),
        # the possessor is the article's subject, named in the sentence before
        ("Volkswagen accélère en Chine. Son partenaire Xpeng fournira la plateforme.", {pair("org:volkswagen", "org:xpeng")}),
        # the possessor is the name the phrase is coordinated with, not the subject
        ("BYD a dépassé Tesla et son partenaire Panasonic.", {pair("org:tesla", "org:panasonic")}),
    ],
)
def test_son_partenaire(text: str, expected: set[frozenset[str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Elon Musk et son partenaire Panasonic ont inauguré l'usine.",  # a person's partner
        "Les constructeurs comme Ford et GM ont choisi leurs partenaires.",  # each their own
        "Ford, concurrent de General Motors, accélère.",
        "BMW refuse de s'associer à Mercedes-Benz.",
    ],
)
def test_no_partner_of_someone_else(text: str) -> None:
    assert pairs(text) == set()


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Geely détient 9,7 % de Mercedes-Benz.", "org:geely", "org:mercedes-benz"),
        ("Volkswagen a acquis 4,99 % de Xpeng pour 700 millions de dollars.", "org:volkswagen", "org:xpeng"),
        ("Volkswagen est entré au capital de Xpeng en 2023.", "org:volkswagen", "org:xpeng"),
        ("Stellantis a pris une participation de 21 % dans Leapmotor.", "org:stellantis", "org:leapmotor"),
    ],
)
def test_stakes_are_investments(text: str, a: str, b: str) -> None:
    assert kinds(text) == {pair(a, b): "investment"}


@pytest.mark.parametrize(
    "text",
    [
        "BYD détient 30 % du marché chinois.",  # a market share is no stake
        "Tesla a pris 20 % de parts de marché à BYD.",
        "Stellantis n'a pas pris de participation dans Leapmotor.",
        "Renault envisage d'entrer au capital de Ampere.",
    ],
)
def test_what_is_no_stake(text: str) -> None:
    assert pairs(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Renault a développé la plateforme avec Nissan et Mitsubishi.",
            {pair("org:renault", "org:nissan"), pair("org:renault", "org:mitsubishi-motors")},
        ),
        ("La batterie a été conçue en collaboration avec CATL par Ford.", {pair("org:ford", "org:catl")}),
        ("Le moteur a été mis au point conjointement par Renault et Geely.", {pair("org:renault", "org:geely")}),
        ("Mitsubishi et Nissan ont conçu conjointement la Kei car.", {pair("org:mitsubishi-motors", "org:nissan")}),
        (
            "Le logiciel a été développé avec Google et Qualcomm, a indiqué Renault.",
            {pair("org:renault", "org:google"), pair("org:renault", "org:qualcomm")},
        ),
        # a thing made with a partner and no maker named: the article's subject made it
        ("Renault présente sa Twingo.\n\nLa citadine a été conçue avec Geely.", {pair("org:renault", "org:geely")}),
    ],
)
def test_made_together(text: str, expected: set[frozenset[str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tesla et BYD développent des batteries LFP.",  # each their own
        "Tesla a développé sa batterie avec ses propres équipes, contrairement à Ford.",
        "L'ensemble des constructeurs, dont Ford et GM, a développé des batteries.",
    ],
)
def test_what_is_not_made_together(text: str) -> None:
    assert pairs(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La start-up Verkor a levé 850 millions d'euros auprès de Renault, de la Banque des Territoires et d'EQT.",
            {pair("org:verkor", "org:renault"), pair("org:verkor", "org:banque-des-territoires"), pair("org:verkor", "org:eqt")},
        ),
        (
            "Le réseau Fastned a bouclé une levée de fonds auprès de Bpifrance et d'Eurazeo.",
            {pair("org:fastned", "org:bpifrance"), pair("org:fastned", "org:eurazeo")},
        ),
    ],
)
def test_money_raised_from_named_investors(text: str, expected: set[frozenset[str]]) -> None:
    found = kinds(text)
    assert set(found) == expected
    assert set(found.values()) == {"investment"}


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("Renault et Geely produiront ensemble des moteurs thermiques en Espagne.", pair("org:renault", "org:geely"), "partnership"),
        ("Stellantis construit une usine de batteries avec Samsung SDI dans l'Indiana.", pair("org:stellantis", "org:samsung-sdi"), "partnership"),
        ("Leapmotor International, la coentreprise de Stellantis et Leapmotor, vend la T03 en Europe.", pair("org:stellantis", "org:leapmotor"), "joint_venture"),
        ("TotalEnergies a racheté l'allemand Tesvolt en 2024.", None, "acquisition"),
        ("Electra rachète les 42 stations françaises d'Allego.", pair("org:electra", "org:allego"), "acquisition"),
        ("Stellantis achète aussi de l'hydroxyde de lithium à Vulcan Energy.", None, "supply"),
        ("Volvo a acheté des cellules auprès de Northvolt pendant trois ans.", None, "supply"),
    ],
)
def test_building_buying_and_owning_together(text: str, expected: frozenset[str] | None, kind: str) -> None:
    found = kinds(text)
    assert len(found) == 1
    if expected is not None:
        assert set(found) == {expected}
    assert set(found.values()) == {kind}


@pytest.mark.parametrize(
    "text",
    [
        "Ford et GM représentent ensemble 30 % du marché américain.",
        "BMW et Mercedes construisent chacun leur réseau de recharge.",
        "Tesla a levé le voile sur son Model Y auprès de ses clients chinois.",
        "Tesla a racheté ses propres actions pour 5 milliards de dollars.",
        "BYD achète massivement des terrains en Hongrie.",
        "Les clients achètent leurs voitures à crédit chez Renault.",
    ],
)
def test_no_cooperation_in_sums_separate_work_or_purchases(text: str) -> None:
    assert pairs(text) == set()


# ---------------------------------------------------------------------------
# Takeovers: a whole company bought is an acquisition, a part of one an investment
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "a", "b", "kind"),
    [
        ("Renault a annoncé l'acquisition de 100 % de Verkor.", "org:renault", "org:verkor", "acquisition"),
        ("Verkor, racheté à 100 % par Renault, poursuit son développement.", "org:renault", "org:verkor", "acquisition"),
        ("Verkor a été racheté par Renault en 2023.", "org:renault", "org:verkor", "acquisition"),
        ("Le rachat de Verkor par Renault est bouclé.", "org:renault", "org:verkor", "acquisition"),
        ("Renault rachète 100 % du capital de Verkor.", "org:renault", "org:verkor", "acquisition"),
        ("Renault a acquis 100 % de Verkor.", "org:renault", "org:verkor", "acquisition"),
        ("Stellantis s'offre Leapmotor.", "org:stellantis", "org:leapmotor", "acquisition"),
        ("Stellantis met la main sur Leapmotor.", "org:stellantis", "org:leapmotor", "acquisition"),
        ("Renault a pris le contrôle de Verkor.", "org:renault", "org:verkor", "acquisition"),
        # a stake below the whole stays an investment
        ("Renault a annoncé l'acquisition de 30 % de Verkor.", "org:renault", "org:verkor", "investment"),
        ("Renault va racheter 40 % de Verkor.", "org:renault", "org:verkor", "investment"),
    ],
)
def test_takeovers(text: str, a: str, b: str, kind: str) -> None:
    found = kinds(text)
    assert found.get(pair(a, b)) == kind, found


@pytest.mark.parametrize(
    "text",
    [
        "Renault détient 100 % de Verkor.",  # held whole: a subsidiary
        "Stellantis s'offre une nouvelle usine à Turin.",  # no company bought
        "Verkor, filiale du groupe Renault, ouvre une usine.",
        "Renault et sa filiale Verkor ouvrent une usine.",
    ],
)
def test_what_is_no_takeover(text: str) -> None:
    assert pairs(text) == set()


# ---------------------------------------------------------------------------
# Lists whose items carry an apposition, framework agreements
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Orano, acteur international du cycle du combustible, et Stellantis annoncent la signature d'un accord.", "org:orano", "org:stellantis"),
        ("Forvia, équipementier français, et Michelin ont signé un accord sur l'hydrogène.", "org:forvia", "org:michelin"),
        ("Verkor, filiale de Renault, et Valeo signent un accord.", "org:verkor", "org:valeo"),
        ("Renault et Valeo annoncent la signature d'un accord-cadre pour le recyclage des batteries.", "org:renault", "org:valeo"),
        ("Michelin a signé un contrat-cadre avec Forvia pour les piles à hydrogène.", "org:michelin", "org:forvia"),
        ("Saft et Airbus ont conclu un protocole-cadre de coopération.", "org:saft", "org:airbus"),
        ("Arkema a conclu un accord-cadre de fourniture avec Verkor.", "org:arkema", "org:verkor"),
        ("L'accord-cadre entre Renault et Valeo porte sur dix ans.", "org:renault", "org:valeo"),
    ],
)
def test_appositions_and_framework_agreements(text: str, a: str, b: str) -> None:
    assert pair(a, b) in pairs(text)


def test_a_name_completing_an_apposition_is_no_list_item() -> None:
    assert pair("org:renault", "org:valeo") not in pairs("Verkor, filiale de Renault, et Valeo signent un accord.")


def test_a_fundraising_list_skips_the_apposition() -> None:
    text = (
        "Verkor a bouclé une levée de fonds de 150 millions d'euros auprès de Renault, "
        "le fonds de capital-risque de Michelin, de Valeo et d'Arkema."
    )
    assert pairs(text) == {pair("org:verkor", "org:renault"), pair("org:verkor", "org:valeo"), pair("org:verkor", "org:arkema")}


# ---------------------------------------------------------------------------
# Supply stated by delivering or ordering goods, cooperation in other words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Le constructeur barcelonais Silence va fournir 5 000 scooters à Renault.", "org:silence", "org:renault"),
        ("Volvo Trucks livrera 150 camions électriques à DHL d'ici 2025.", "org:volvo-trucks", "org:dhl"),
        ("DHL a commandé 150 camions électriques à Volvo Trucks.", "org:dhl", "org:volvo-trucks"),
        ("Carrefour a commandé 150 scooters au constructeur barcelonais Silence.", "org:carrefour", "org:silence"),
        ("La marque Ferme a livré 150 vélos cargo à Carrefour.", "org:ferme", "org:carrefour"),
        ("Arkema fournira des électrolytes au fabricant grenoblois Verkor.", "org:arkema", "org:verkor"),
        ("Valeo a signé un contrat de fourniture avec Verkor.", "org:valeo", "org:verkor"),
        ("Renault travaille main dans la main avec Valeo sur ce projet.", "org:renault", "org:valeo"),
        ("Valeo s'appuie sur son partenaire Verkor, qui exploitera l'usine de Dunkerque.", "org:valeo", "org:verkor"),
        ("Valeo a annoncé mardi l'ouverture d'une usine à Douai, en partenariat avec Verkor.", "org:valeo", "org:verkor"),
    ],
)
def test_supply_and_cooperation_in_other_words(text: str, a: str, b: str) -> None:
    assert pair(a, b) in pairs(text)


@pytest.mark.parametrize(
    "text",
    [
        # a rejected offer, an abandoned project
        "TotalEnergies avait déposé une offre, rejetée par les actionnaires de Verkor.",
        "Le projet commun de Renault et Valeo a été abandonné.",
        # funds selling their stake end an investment: no row for the past one
        "Les fonds Ardian et Eurazeo cèdent leurs parts de Verkor.",
        # co-mention, parent and subsidiary
        "Renault et Valeo ont publié leurs résultats trimestriels.",
        "Verkor, filiale du groupe Renault, ouvre une usine à Dunkerque.",
        # goods delivered to people, no organisation
        "Renault a livré 150 Zoé à ses clients de Paris.",
    ],
)
def test_what_is_no_partnership_either(text: str) -> None:
    assert pairs(text) == set()


@pytest.mark.parametrize(
    ("text", "a", "b", "kind"),
    [
        ("Verkor passe sous le contrôle de Renault.", "org:renault", "org:verkor", "acquisition"),
        ("Renault va acquérir l'intégralité du capital de Verkor.", "org:renault", "org:verkor", "acquisition"),
        # the investors leading a fundraising
        ("Verkor a levé 100 millions d'euros lors d'un tour de table mené par Renault.", "org:verkor", "org:renault", "investment"),
        ("Verkor a réalisé une levée de fonds menée par Arkema, avec la participation de Valeo.", "org:verkor", "org:arkema", "investment"),
    ],
)
def test_control_and_lead_investors(text: str, a: str, b: str, kind: str) -> None:
    found = kinds(text)
    assert found.get(pair(a, b)) == kind, found


def test_a_whole_stake_held_is_a_subsidiary() -> None:
    assert pairs("Renault détient l'intégralité du capital de Verkor.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Stellantis et Orano : accord-cadre pour le recyclage des batteries",
        "Batteries : Stellantis et Orano : un partenariat pour le recyclage",
        "Orano et Stellantis annoncent un accord\u2011cadre.",  # a non-breaking hyphen keeps it one token
    ],
)
def test_headline_pairs_and_framework_agreements(text: str) -> None:
    assert pair("org:stellantis", "org:orano") in pairs(text)


@pytest.mark.parametrize(
    "text",
    [
        "Les ventes de Stellantis et Orano : accord en vue",
        "Stellantis et Orano : pas d'accord sur le recyclage",
        "Tesla et BYD : la concurrence s'intensifie malgré un accord de prix",
    ],
)
def test_headline_names_that_are_no_parties(text: str) -> None:
    assert pairs(text) == set()


def test_a_subject_in_apposition_is_the_name_before_it() -> None:
    text = "Hyvia, la coentreprise de Renault et Plug Power, s'appuie sur son partenaire Faurecia, qui fabriquera les réservoirs."
    found = pairs(text)
    assert pair("org:hyvia", "org:forvia") in found
    assert pair("org:plug-power", "org:forvia") not in found and pair("org:renault", "org:forvia") not in found


@pytest.mark.parametrize(
    "text",
    [
        "Le rachat de Verkor par Renault a été abandonné.",
        "La coentreprise de Renault et Geely a été abandonnée.",
        "Le partenariat entre Renault et Valeo a échoué.",
        "Renault a renoncé au rachat de Verkor.",
        "L'offre de rachat de Verkor par Renault a été rejetée.",
    ],
)
def test_a_cooperation_called_off_is_none(text: str) -> None:
    assert pairs(text) == set()


def test_list_items_named_with_their_kind_of_company() -> None:
    text = "Verkor a levé 50 millions d'euros auprès de Renault, du fonds Eurazeo et de Bpifrance."
    assert pairs(text) == {pair("org:verkor", "org:renault"), pair("org:verkor", "org:eurazeo"), pair("org:verkor", "org:bpifrance")}


def test_an_order_placed_with_a_seller() -> None:
    assert kinds("DHL a passé commande de 150 camions auprès de Volvo Trucks.") == {pair("org:dhl", "org:volvo-trucks"): "supply"}


def test_a_contract_won_is_with_the_one_who_awards_it() -> None:
    text = "Alstom a remporté en 2022 un contrat de la SNCF portant sur 60 rames."
    assert kinds(text) == {pair("org:alstom", "org:sncf"): "agreement"}


def test_co_winners_of_a_contract_are_no_partners_of_each_other() -> None:
    text = "Iveco a décroché, avec Solaris et Alstom, un accord-cadre de la RATP pour 500 bus."
    assert pairs(text) == {pair("org:iveco", "org:ratp"), pair("org:solaris", "org:ratp"), pair("org:alstom", "org:ratp")}
    assert pairs("Alstom a remporté, avec Siemens, un contrat pour 100 rames.") == set()


def test_a_parent_named_in_an_apposition_is_no_partner() -> None:
    text = "Filiale du groupe français Renault, Alpine a signé un accord avec Lotus pour une sportive."
    assert pairs(text) == {pair("org:alpine", "org:lotus")}


def test_the_year_comes_from_the_clause_of_the_trigger() -> None:
    text = "Stellantis a signé un accord avec Leapmotor pour produire des voitures dans l'usine de Saragosse, fermée en 2021."
    (row,) = extract_partnerships(article(text))
    assert row.year is None
    (row,) = extract_partnerships(article("L'accord entre Renault et Nissan, signé en 2019, prévoit une usine commune."))
    assert row.year == 2019


@pytest.mark.parametrize(
    "text",
    [
        "Renault s'est engagé à investir 300 millions d'euros dans Verkor.",
        "Renault va investir 300 millions d'euros dans Verkor.",
        "Renault doit investir 300 millions d'euros dans Verkor d'ici 2025.",
    ],
)
def test_the_doer_of_an_infinitive_is_the_subject_of_its_verb_group(text: str) -> None:
    assert kinds(text) == {pair("org:renault", "org:verkor"): "investment"}


def test_a_stake_after_dont_read_through_the_verb_group() -> None:
    text = "Le projet concerne la start-up Verkor, dont Renault va prendre 20 % du capital."
    assert kinds(text) == {pair("org:renault", "org:verkor"): "investment"}


def test_a_clause_with_its_verb_left_out_is_no_list_item() -> None:
    text = "Renault s'est engagé à investir 300 millions d'euros dans Verkor, Stellantis 200 millions dans ACC."
    found = pairs(text)
    assert pair("org:renault", "org:verkor") in found and pair("org:renault", "org:stellantis") not in found


def test_an_infinitive_of_an_object_control_verb_is_done_by_the_object() -> None:
    assert pairs("Renault a convaincu Nissan d'investir dans Verkor.") == {pair("org:nissan", "org:verkor")}


def test_a_plural_back_reference_joins_the_subject_to_each_name_of_the_headline() -> None:
    text = (
        "Batteries : Stellantis s'appuie sur CATL et Samsung SDI pour produire en Europe\n\n"
        "Stellantis a présenté sa stratégie de batteries mardi.\n\n"
        "Stellantis prend une participation dans CATL, selon le communiqué.\n\n"
        "« Ces partenariats nous donnent une longueur d'avance », a déclaré le directeur général."
    )
    found = pairs(text)
    assert {pair("org:stellantis", "org:catl"), pair("org:stellantis", "org:samsung-sdi")} <= found
    assert pair("org:catl", "org:samsung-sdi") not in found


def test_founders_named_in_a_participle_opening_the_sentence() -> None:
    text = "Fondée en 2019 par Renault et Nissan, puis rejointe par Mitsubishi en 2021, la coentreprise emploie 500 personnes."
    assert pairs(text) == {pair("org:renault", "org:nissan"), pair("org:renault", "org:mitsubishi-motors"), pair("org:nissan", "org:mitsubishi-motors")}


def test_founders_of_an_opening_participle_are_no_partners_of_anything_but_a_joint_venture() -> None:
    assert pairs("Fondée en 2017 par BMW et Daimler, la start-up développe des logiciels.") == set()


def test_owners_read_through_a_group_and_its_enumeration() -> None:
    text = "La coentreprise fondée par cinq constructeurs, dont Ford et Volkswagen, vise 1 000 stations."
    assert pairs(text) == {pair("org:ford", "org:volkswagen")}


@pytest.mark.parametrize(
    "text",
    [
        "Kia fait aussi partie de la coentreprise créée par six constructeurs, dont Ford et Volkswagen.",
        "Kia est membre fondateur de la coentreprise lancée avec notamment Ford et Volkswagen.",
    ],
)
def test_a_member_of_a_joint_venture_partners_each_owner(text: str) -> None:
    found = pairs(text)
    assert {pair("org:kia", "org:ford"), pair("org:kia", "org:volkswagen"), pair("org:ford", "org:volkswagen")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "Renault ne fait pas partie de la coentreprise créée par Ford et Volkswagen.",
        "Kia est membre de l'association créée par Ford et GM.",
    ],
)
def test_no_member_of_a_joint_venture_it_is_not_part_of(text: str) -> None:
    assert not any("org:kia" in p or "org:renault" in p for p in pairs(text))
