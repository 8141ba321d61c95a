"""Segmentation: paragraphs as a reader sees them, and the page's own dates."""

from __future__ import annotations

import pytest

from pipeline.models import BOILERPLATE, KEEP, METADATA, Segment
from pipeline.segment import published_from_page, segment, split_metadata, split_paragraphs


def test_date_line_is_taken_off_and_the_rest_of_the_line_stays() -> None:
    metadata, segments = segment(" date 2023-10 BMW rejoint le réseau Tesla.\n\nSuite de l’article.")
    assert metadata.published == "2023-10"
    assert segments[0] == Segment(0, "date 2023-10", METADATA, "date_line")
    assert [s.text for s in segments[1:]] == ["BMW rejoint le réseau Tesla.", "Suite de l’article."]
    assert [s.index for s in segments] == [0, 1, 2]


def test_headline_on_the_date_line_is_a_paragraph_of_its_own() -> None:
    """Hard-wrapped text below does not continue the headline; a lower-case line does."""
    text = (
        " date 2025-03 Kia va produire l’EV2 en Slovaquie dès 2026\n"
        "Le constructeur coréen a confirmé lundi que la petite EV2 serait\n"
        "assemblée dans son usine de Zilina à partir du premier semestre.\n"
    )
    metadata, segments = segment(text)
    assert metadata.published == "2025-03"
    assert segments[1].text == "Kia va produire l’EV2 en Slovaquie dès 2026"
    assert segments[2].text.startswith("Le constructeur coréen")
    wrapped = " date 2025-03 Le constructeur coréen a confirmé lundi que la petite EV2\nserait assemblée à Zilina.\n"
    assert [s.text for s in segment(wrapped)[1][1:]] == ["Le constructeur coréen a confirmé lundi que la petite EV2 serait assemblée à Zilina."]


def test_thread_subject_label_is_taken_off_its_headline() -> None:
    _, segments = segment("Forum Auto\nSujet : [Actu] Kia va produire l’EV2 en Slovaquie\nTexte du message.")
    assert (segments[1].action, segments[1].rule, segments[1].text) == (BOILERPLATE, "thread_subject_label", "Sujet : [Actu]")
    assert (segments[2].action, segments[2].text) == (KEEP, "Kia va produire l’EV2 en Slovaquie")
    assert [s.index for s in segments] == [0, 1, 2, 3]


def test_a_file_name_does_not_continue_the_line_before() -> None:
    text = "Diffusé le 27/05/2025 à 09:00 par Electra, opérateur de recharge\nelectra-logo-2025.png"
    assert split_paragraphs(text) == ["Diffusé le 27/05/2025 à 09:00 par Electra, opérateur de recharge", "electra-logo-2025.png"]


@pytest.mark.parametrize(
    ("line", "date"),
    [(" date 2024-05 Renault", "2024-05"), ("date 2023", "2023"), ("Date: 2024-02-13\nTexte", "2024-02-13")],
)
def test_date_line_forms(line: str, date: str) -> None:
    assert split_metadata(line)[0].published == date


def test_no_date_line() -> None:
    metadata, taken, rest = split_metadata("Le 12 mars 2024, Renault a annoncé un accord.")
    assert metadata.published == "" and taken == "" and rest.startswith("Le 12 mars")


def test_blank_lines_and_single_line_breaks_both_separate_paragraphs() -> None:
    text = "Titre de l’article\nPremier paragraphe, complet.\n\nDeuxième paragraphe.\n\n\n\nTroisième."
    assert split_paragraphs(text) == ["Titre de l’article", "Premier paragraphe, complet.", "Deuxième paragraphe.", "Troisième."]


def test_lines_of_odd_spaces_are_blank() -> None:
    text = "Un paragraphe.\n\u00a0\n\u00a0\u00a0\n\u200b\nUn autre paragraphe.\r\nEncore un."
    assert split_paragraphs(text) == ["Un paragraphe.", "Un autre paragraphe.", "Encore un."]


def test_bullet_lines_are_paragraphs_of_their_own() -> None:
    text = "Les points clés :\n• 200 km d’autonomie ;\n- un prix de 25 000 euros ;\n1. livraisons en 2025."
    assert split_paragraphs(text) == ["Les points clés :", "• 200 km d’autonomie ;", "- un prix de 25 000 euros ;", "1. livraisons en 2025."]


def test_a_line_cut_in_the_middle_of_a_sentence_continues_in_lower_case() -> None:
    text = "Le constructeur a confirmé que ses modèles électriques seront\néquipés du port NACS dès 2025.\nUne autre phrase."
    assert split_paragraphs(text) == [
        "Le constructeur a confirmé que ses modèles électriques seront équipés du port NACS dès 2025.",
        "Une autre phrase.",
    ]


def test_runs_of_spaces_inside_a_line_are_kept_for_the_menu_rule() -> None:
    """A scraped menu bar separates its items by runs of spaces: boilerplate reads them."""
    line = "Menu   Régions   Économie   Sports   Loisirs"
    assert split_paragraphs(f"  {line}  \nTitre de l’article") == [line, "Titre de l’article"]
    assert segment(line)[1][0].text == line


def test_a_short_line_before_lower_case_is_not_joined() -> None:
    assert split_paragraphs("Auto\nélectrique") == ["Auto", "électrique"]


WRAPPED = """Communiqué

Ionity a mis en service sa 700e station européenne, sur l'aire de
Beaune-Tailly, en Bourgogne. Le réseau, fondé par BMW, Ford, Hyundai et
Mercedes-Benz, compte désormais plus de 4 000 points de charge répartis
dans vingt-quatre pays.

Ionity prévoit de :
- mettre en service 150 nouvelles stations, dont une trentaine en
  France ;
- doubler le nombre de bornes sur les sites les plus fréquentés.
"""


def test_hard_wrapped_text_is_joined_at_its_width() -> None:
    """Wrapped lines continue even when they start with a capital or a digit."""
    assert split_paragraphs(WRAPPED) == [
        "Communiqué",
        "Ionity a mis en service sa 700e station européenne, sur l'aire de Beaune-Tailly, en Bourgogne. "
        "Le réseau, fondé par BMW, Ford, Hyundai et Mercedes-Benz, compte désormais plus de 4 000 points "
        "de charge répartis dans vingt-quatre pays.",
        "Ionity prévoit de :",
        "- mettre en service 150 nouvelles stations, dont une trentaine en France ;",
        "- doubler le nombre de bornes sur les sites les plus fréquentés.",
    ]


def test_short_lines_one_per_paragraph_are_not_taken_for_wrapped_text() -> None:
    text = "Accueil\nActualités\nEssais\nTesla baisse ses prix en Europe\nLa Model Y perd 5 000 euros.\nUne autre brève du jour."
    assert split_paragraphs(text) == text.split("\n")


def _page(*items: tuple[str, str, str]) -> list[Segment]:
    """Segments from (action, rule, text) triples."""
    return [Segment(i, text, action, rule) for i, (action, rule, text) in enumerate(items)]


def test_publication_date_from_the_byline() -> None:
    segments = _page(
        (KEEP, "", "Titre de l’article"),
        (BOILERPLATE, "pattern:byline", "Par Jean Dupont, publié le 12/03/2024 à 10h15, mis à jour le 13/03/2024 à 08h00"),
        (KEEP, "", "Le corps de l’article."),
    )
    assert published_from_page(segments) == "2024-03-12"


def test_publication_date_before_the_update() -> None:
    segments = _page(
        (KEEP, "", "Titre"),
        (BOILERPLATE, "pattern:byline", "Mis à jour le 19 juin 2024 à 09:12"),
        (BOILERPLATE, "pattern:byline", "Publié le 18 juin 2024 à 14:30"),
        (KEEP, "", "Corps."),
    )
    assert published_from_page(segments) == "2024-06-18"


def test_update_date_when_it_is_the_only_one() -> None:
    segments = _page((BOILERPLATE, "pattern:byline", "Mis à jour le 29 sept. 2023 à 18:10"), (KEEP, "", "Corps."))
    assert published_from_page(segments) == "2023-09-29"


def test_date_line_alone() -> None:
    segments = _page((BOILERPLATE, "pattern:date_only", "05/02/24 - 08h30"), (KEEP, "", "Corps."))
    assert published_from_page(segments) == "2024-02-05"


@pytest.mark.parametrize(
    ("lede", "date"),
    [
        ("PARIS, 12 mars 2024 (AFP) - Le constructeur a annoncé un accord.", "2024-03-12"),
        ("Munich, le 1er août 2023 - Ionity ouvre une station.", "2023-08-01"),
        ("DEBRECEN (Hongrie), 5 septembre (Xinhua) -- CATL a signé.", ""),  # no year: not stated
        ("Le 14 mai 2024, Renault a annoncé un accord.", ""),  # the date of an event, not a dateline
    ],
)
def test_publication_date_from_an_agency_dateline(lede: str, date: str) -> None:
    assert published_from_page(_page((KEEP, "", "Titre"), (KEEP, "", lede))) == date


def test_dates_further_down_belong_to_other_articles() -> None:
    segments = _page(
        (KEEP, "", "Titre"),
        (KEEP, "", "Premier paragraphe."),
        (KEEP, "", "Deuxième paragraphe."),
        (KEEP, "", "Troisième paragraphe."),
        (BOILERPLATE, "pattern:byline", "Publié le 12/03/2021 à 10h15"),
    )
    assert published_from_page(segments) == ""


def test_relative_dates_give_nothing() -> None:
    segments = _page((BOILERPLATE, "pattern:byline", "Publié aujourd’hui à 10h15"), (KEEP, "", "Corps."))
    assert published_from_page(segments) == ""


# --- the date as pages write it, read through the boilerplate rules -------------------


def _published(*lines: str) -> str:
    """The publication date of a page made of `lines`, classified by the real rules."""
    from pipeline.boilerplate import classify, load_boilerplate_rules
    from pathlib import Path

    rules = load_boilerplate_rules(Path(__file__).resolve().parent.parent / "data" / "boilerplate.yaml")
    _, segments = segment("\n".join(lines))
    return published_from_page(classify(segments, rules))


_HEAD = "Bornes rapides : un nouvel opérateur s’installe sur les aires de l’A6"
_LEDE = (
    "L’opérateur a inauguré mercredi sa première station de douze points de charge, près de Mâcon, "
    "et en annonce dix autres d’ici à la fin de l’année prochaine sur l’axe Paris-Lyon."
)
_FACT = "Le chantier avait commencé le 3 janvier 2023, après une enquête publique de six mois menée par la préfecture."


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Publié le 2 octobre 2024 à 09h15", "2024-10-02"),
        ("02/10/2024 - 09:15", "2024-10-02"),
        ("Le 2 oct. 2024 à 9 h 15 | Par Léa Martin", "2024-10-02"),
        ("Mis à jour le 4 octobre 2024 à 17h02", "2024-10-04"),
        ("Dernière mise à jour : 4 octobre 2024", "2024-10-04"),
        ("Publication : 02.10.2024", "2024-10-02"),
        ("Grenoble, le 2 octobre 2024", "2024-10-02"),
        ("Communiqué de presse – Grenoble, 2 octobre 2024", "2024-10-02"),
        ("Message par voltfan » 2 oct. 2024, 08:12", "2024-10-02"),
        ("12 k vues · 2 octobre 2024", "2024-10-02"),
        ("Par Léa Martin | 2 octobre 2024 | Source : Reuters", "2024-10-02"),
        ("Publié par La Rédaction | 2 octobre 2024 | Temps de lecture : 3 min", "2024-10-02"),
        ("Source : AFP | 2024-10-02 08:15:00 | Éditeur : Léa Martin", "2024-10-02"),
        ("12 400 vues  2 oct. 2024  #recharge #autoroute", "2024-10-02"),
    ],
)
def test_publication_date_lines_under_the_headline(line: str, date: str) -> None:
    assert _published(_HEAD, line, _LEDE, _FACT) == date


def test_press_portal_distribution_line_above_the_headline() -> None:
    assert _published("Diffusé le 02/10/2024 à 09:00 par Voltéo", _HEAD, _LEDE, _FACT) == "2024-10-02"


def test_press_release_dateline_opening_the_third_paragraph() -> None:
    standfirst = "Le réseau compte désormais 40 stations en France."
    lede = "Lyon, le 5 mars 2025 – " + _LEDE
    assert _published(_HEAD, standfirst, lede, _FACT) == "2025-03-05"


def test_a_header_line_listing_other_words_with_its_date_gives_nothing() -> None:
    """Only a date standing as an item of its own is the page's: not one inside a teaser."""
    assert _published("Accueil | Voitures électriques | Le salon du 2 octobre 2024", _HEAD, _LEDE, _FACT) == ""


def test_dates_of_the_facts_are_not_the_publication_date() -> None:
    assert _published(_HEAD, _LEDE, _FACT) == ""
    assert _published(_HEAD, _LEDE, "Depuis le 3 janvier 2023, les bornes sont gratuites la nuit.", _FACT) == ""
