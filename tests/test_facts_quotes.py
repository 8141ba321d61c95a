"""Quotes: every quotation mark style, every way French news attributes a
quotation, and what is no quotation (names, single words, amounts, quoted
words with no clear speaker)."""

from __future__ import annotations

import pytest

from pipeline.facts.quotes import extract_quotes, quotations, quote_spans
from tests.test_facts_common import article


def quotes(text: str) -> list[tuple[str, str]]:
    return [(q.speaker_id, q.quote) for q in extract_quotes(article(text))]


def test_quotation_spans_on_paragraph_text() -> None:
    text = '« Un. » et “deux”, puis "trois".\n\n« ouvert jusqu\'à la fin\n\nSans ouverture », dit-il.'
    spans = [(text[s.text_start : s.text_end], s.closed, s.opened) for s in quote_spans(text)]
    assert spans == [
        (" Un. ", True, True),
        ("deux", True, True),
        ("trois", True, True),
        (" ouvert jusqu'à la fin", False, True),
        ("Sans ouverture ", True, False),
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "starts"),
    [
        # incise after, every mark style
        ("« Nous allons doubler notre production en Europe », a déclaré Carlos Tavares, le directeur général de Stellantis.",
         "per:carlos-tavares", "Nous allons doubler"),
        ("“Nous nous associons à Tesla pour vos trajets”, a tweeté GM jeudi.", "org:general-motors", "Nous nous associons"),
        ('"Il faut que l’Europe protège ses industries locales", insiste Valdis Dombrovskis, commissaire européen au commerce.',
         "per:valdis-dombrovskis", "Il faut que l’Europe"),
        ("« C'est une étape majeure pour l'industrie », estime Oliver Zipse, patron de BMW.", "per:oliver-zipse", "C'est une étape"),
        # a person apposed to a title after the verb, not the organisation of the title
        ('"Ce projet représente un pas de géant pour notre réseau", a indiqué dans un discours le fondateur et président '
         'de CATL, Zeng Yuqun.', "per:zeng-yuqun", "Ce projet représente"),
        # an organisation as speaker
        ("« Le marché européen ralentit, mais nos commandes progressent », a indiqué Volkswagen dans un communiqué.",
         "org:volkswagen", "Le marché européen"),
        # attribution before
        ("Le patron de Renault, Luca de Meo, a été clair : « La voiture électrique doit devenir abordable pour tous. »",
         "per:luca-de-meo", "La voiture électrique"),
        ("Selon Elon Musk, « la demande reste très forte en Chine ».", "per:elon-musk", "la demande reste"),
        ("Pour Jim Farley, « nous devons réduire nos coûts de 30 % ».", "per:jim-farley", "nous devons réduire"),
        # a spokesperson speaks for the organisation
        ("Le groupe a publié ses résultats. Un porte-parole de Renault a précisé : « Les ventes de la Mégane électrique "
         "progressent fortement. »", "org:renault", "Les ventes de la"),
    ],
)
def test_attributions(text: str, speaker: str, starts: str) -> None:
    found = quotes(text)
    assert any(s == speaker and q.startswith(starts) for s, q in found), found


def test_a_pronoun_is_the_last_person_named() -> None:
    text = (
        "Sebastian Mackensen, le président-directeur général de BMW Amérique du Nord, a souligné l’engagement de la marque. "
        "Il a déclaré : « Avec un portefeuille croissant de modèles électriques, notre objectif est la recharge rapide. »\n\n"
        "« Nous sommes prêts », a-t-il ajouté."
    )
    assert quotes(text) == [
        ("per:sebastian-mackensen", "Avec un portefeuille croissant de modèles électriques, notre objectif est la recharge rapide."),
        ("per:sebastian-mackensen", "Nous sommes prêts"),
    ]


def test_an_attribution_ending_the_previous_paragraph() -> None:
    text = (
        "Il y a trois ans, le cofondateur et président de Verkor, Benoît Lemaignan, détaillait la mission de son entreprise:\n\n"
        "« D’ici à 2030, nous allons massivement modifier notre façon de nous déplacer. »"
    )
    ((speaker, quote),) = quotes(text)
    assert speaker == "per:benoit-lemaignan" and quote.startswith("D’ici à 2030")
    (row,) = extract_quotes(article(text))
    assert row.evidence.startswith("Il y a trois ans") and row.evidence.endswith("déplacer. »")


def test_an_unclosed_quotation_runs_to_the_end_of_its_paragraph() -> None:
    text = (
        "Le groupe Volkswagen a confirmé son intérêt. Un porte-parole s'est exprimé par courriel :\n\n"
        '"Volkswagen Group et ses marques évaluent actuellement la mise en œuvre de la norme.\n\n'
        "Le groupe n'a pas donné de calendrier."
    )
    assert quotes(text) == [("org:volkswagen", "Volkswagen Group et ses marques évaluent actuellement la mise en œuvre de la norme.")]


def test_a_quotation_continued_over_paragraphs_is_one_quotation() -> None:
    text = (
        "Thierry Breton l'a dit sans détour :\n\n"
        "« L'Europe ne sera pas naïve face aux subventions chinoises.\n\n"
        "« Les enquêtes seront menées jusqu'au bout. »"
    )
    ((speaker, quote),) = quotes(text)
    assert speaker == "per:thierry-breton"
    assert quote == "L'Europe ne sera pas naïve face aux subventions chinoises. Les enquêtes seront menées jusqu'au bout."


def test_a_closing_mark_whose_opening_was_lost() -> None:
    text = "Avec ce projet, Renault et Geely bénéficieront d'un effet d'échelle immédiat», soulignent les dirigeants de Renault."
    found = quotes(text)
    assert found and found[0][1].startswith("Avec ce projet, Renault")


def test_a_short_quotation_inside_a_sentence_needs_an_incise() -> None:
    with_incise = "Un tour de table qui « envoie un signal fort sur notre ambition », s’est félicité Emmanuel Macron."
    assert quotes(with_incise) == [("per:emmanuel-macron", "envoie un signal fort sur notre ambition")]
    without = 'Elon Musk a déclaré que la marque veut "promouvoir la mobilité durable" et pas "détruire les concurrents".'
    assert quotes(without) == []


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre a qualifié le projet de « gigafactory du siècle ».",
        "Tesla a présenté son « Cybertruck » à Austin.",
        "L'usine produira « plus de 500 000 batteries » par an, a annoncé Verkor.",
        "Verkor a levé le montant record « d’au moins 850 millions d’euros » auprès d’investisseurs privés.",
        "La marque promet une autonomie « record » et une recharge « ultra-rapide ».",
        "Cette usine marque le début de la « Vallée de la batterie », a rappelé ACC.",
        "Les partenaires ont annoncé la création de «Horse Powertrain Limited», basée à Londres.",
        # reported by a news agency: the agency is no speaker
        "Le dirigeant a assuré que l'entreprise resterait « pleinement engagée dans la transition », a rapporté l'AFP.",
        # a speaker with no name
        "« L’objectif, c’est qu’un conducteur ne passe jamais plus de vingt minutes à la borne », a affirmé le ministre.",
    ],
)
def test_what_is_no_quotation_with_a_speaker(text: str) -> None:
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("« Il faut accélérer », confie un proche de Carlos Tavares.", None),
        ("« La demande reste faible », estime un analyste de Bernstein.", None),
        ("« Nous tenons nos objectifs », a indiqué à l'AFP le patron de Ford, Jim Farley.", "per:jim-farley"),
        ("« Nous sommes prêts pour 2025 », soulignent les dirigeants de Renault.", "org:renault"),
    ],
)
def test_a_name_in_a_complement_speaks_only_as_a_representative(text: str, speaker: str | None) -> None:
    assert [s for s, _ in quotes(text)] == ([speaker] if speaker else [])


def test_an_incise_inside_the_quotation() -> None:
    text = "« Nous sommes prêts, a déclaré Carlos Tavares. Nous allons investir massivement en Europe. »"
    assert [s for s, _ in quotes(text)] == ["per:carlos-tavares"]


def test_a_quotation_standing_alone_continues_the_speech_before() -> None:
    text = "« Nous sommes prêts », a déclaré Carlos Tavares.\n\n« Nous allons investir massivement en Europe dès cette année. »"
    assert [s for s, _ in quotes(text)] == ["per:carlos-tavares", "per:carlos-tavares"]
    text = "Carlos Tavares s'est montré confiant devant les analystes. « La marge opérationnelle restera solide cette année. »"
    assert [s for s, _ in quotes(text)] == ["per:carlos-tavares"]
    text = "Le marché a chuté de 10 % en mars. « C'est une catastrophe pour toute la filière automobile. »"
    assert quotes(text) == []


def test_the_evidence_of_a_quotation_over_paragraphs_covers_them_all() -> None:
    text = "Thierry Breton l'a dit sans détour :\n\n« L'Europe ne sera pas naïve.\n\n« Les enquêtes seront menées jusqu'au bout. »"
    (row,) = extract_quotes(article(text))
    assert row.evidence == "Thierry Breton l'a dit sans détour : « L'Europe ne sera pas naïve. « Les enquêtes seront menées jusqu'au bout. »"


_INTERVIEW = (
    "Entretien avec Carlos Tavares, directeur général de Stellantis\n\n"
    "Par Julie Martin\n\n"
    "Carlos Tavares dirige Stellantis depuis 2021. Il détaille la stratégie électrique du groupe.\n\n"
    "Q : Quand arriveront vos premiers modèles abordables ?\n\n"
    "R : Nous lancerons trois citadines électriques l'an prochain, sous 25 000 euros.\n\n"
    "Q : Et la recharge ?\n\n"
    "R : Nos clients auront accès à un réseau européen dense dès le lancement."
)


def test_an_interview_answer_is_the_interviewee_s_quote() -> None:
    found = quotes(_INTERVIEW)
    assert found == [
        ("per:carlos-tavares", "Nous lancerons trois citadines électriques l'an prochain, sous 25 000 euros."),
        ("per:carlos-tavares", "Nos clients auront accès à un réseau européen dense dès le lancement."),
    ]
    assert {q.affiliation for q in quotations(article(_INTERVIEW))} == {"org:stellantis"}


@pytest.mark.parametrize(
    "text",
    [
        # answers with no question: no interview
        "Carlos Tavares dirige Stellantis.\n\nR : Nous lancerons trois citadines électriques l'an prochain.",
        # an interview whose lede names nobody but the interviewer
        "Par Julie Martin\n\nQ : Quand arriveront les modèles ?\n\nR : Nous lancerons trois citadines l'an prochain.",
    ],
)
def test_no_interview_answer_without_questions_or_an_interviewee(text: str) -> None:
    assert quotes(text) == []
