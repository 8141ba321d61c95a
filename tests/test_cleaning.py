"""The cleaning chain on whole pages, in the styles of many French news sites.

Each `tests/articles/<name>.txt` is a page as a scraper saves it; the
`<name>.yaml` beside it holds what a careful editor keeps (`clean`: the
paragraphs, separated by blank lines), the headline and the publication
date. Every chrome line must go and every paragraph of the article stay.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from pipeline.cleaning import CleaningRules, assemble, clean_article, guess_title, publication_date
from pipeline.config import load_config
from pipeline.dedup import fingerprint_text
from pipeline.models import BOILERPLATE, DUPLICATE, KEEP, METADATA, Segment, SourceFile
from pipeline.process import Resources
from pipeline.segment import split_metadata

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
PAGES = sorted(ARTICLES.glob("*.txt"))


@lru_cache(maxsize=1)
def cleaning_rules() -> CleaningRules:
    return Resources(load_config(ROOT / "config.yaml")).cleaning


def source(text: str | bytes, doc_id: str = "doc") -> SourceFile:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return SourceFile(doc_id, f"{doc_id}.txt", raw, hashlib.sha256(raw).hexdigest())


def expected_of(page: Path) -> dict:
    return yaml.safe_load(page.with_suffix(".yaml").read_text(encoding="utf-8"))


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def same_paragraph(a: str, b: str) -> bool:
    """Equal up to the repair stage's small corrections."""
    fa, fb = fingerprint_text(a), fingerprint_text(b)
    return fa == fb or fuzz.ratio(fa, fb) >= 95


def test_every_test_page_has_its_expectations() -> None:
    assert len(PAGES) >= 10
    for page in PAGES:
        expected = expected_of(page)
        assert set(expected) <= {"style", "published", "title", "clean"}, page.name
        assert paragraphs_of(expected["clean"]), page.name


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_chrome_dropped_and_content_kept(page: Path) -> None:
    expected = expected_of(page)
    result = clean_article(source(page.read_bytes(), page.stem), cleaning_rules())
    kept = paragraphs_of(result.clean.text)
    wanted = paragraphs_of(expected["clean"])
    lost = [w for w in wanted if not any(same_paragraph(w, k) for k in kept)]
    extra = [k for k in kept if not any(same_paragraph(k, w) for w in wanted)]
    assert not lost, f"content lost: {lost}"
    assert not extra, f"chrome kept: {extra}"
    assert len(kept) == len(wanted), "a paragraph is kept twice"
    # Every raw paragraph has a fate and a rule that decided it.
    for seg in result.segments:
        assert seg.action in (KEEP, BOILERPLATE, DUPLICATE, METADATA)
        if seg.action != KEEP:
            assert seg.rule, seg.text
    assert result.document.n_paragraphs_kept == len(wanted)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_title_and_publication_date(page: Path) -> None:
    expected = expected_of(page)
    result = clean_article(source(page.read_bytes(), page.stem), cleaning_rules())
    assert result.document.title == (expected.get("title") or "")
    assert result.document.published == (expected.get("published") or "")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_cleaning_a_clean_page_changes_nothing(page: Path) -> None:
    first = clean_article(source(page.read_bytes(), page.stem), cleaning_rules())
    second = clean_article(source(first.clean.text, page.stem), cleaning_rules())
    assert second.clean.text == first.clean.text
    assert second.document.title == first.document.title


def test_date_line_is_metadata_not_content() -> None:
    text = " date 2023-10 BMW rejoint le réseau Tesla Supercharger au Canada.\n\nLes conducteurs de BMW auront accès aux bornes dès 2025, a précisé le constructeur."
    result = clean_article(source(text), cleaning_rules())
    assert result.document.published == "2023-10"
    assert not result.clean.text.startswith("date")
    assert result.segments[0].action == METADATA and result.segments[0].rule == "date_line"
    assert result.clean.text.startswith("BMW rejoint le réseau Tesla Supercharger")


def test_results_do_not_depend_on_what_ran_before() -> None:
    """No state is carried from one article to the next."""
    a, b = PAGES[0], PAGES[1]
    alone = clean_article(source(b.read_bytes(), b.stem), cleaning_rules())
    clean_article(source(a.read_bytes(), a.stem), cleaning_rules())
    after = clean_article(source(b.read_bytes(), b.stem), cleaning_rules())
    assert after.clean.text == alone.clean.text
    assert after.segments == alone.segments


def test_assemble_joins_kept_paragraphs_with_offsets() -> None:
    segments = [
        Segment(0, "date 2024-01", METADATA, "date_line"),
        Segment(1, "Titre de l’article"),
        Segment(2, "Partager", BOILERPLATE, "pattern:share_buttons"),
        Segment(3, "Premier paragraphe."),
        Segment(4, "Premier paragraphe.", DUPLICATE, "duplicate:exact", "3"),
        Segment(5, "Second paragraphe."),
    ]
    clean = assemble("doc", segments)
    assert clean.text == "Titre de l’article\n\nPremier paragraphe.\n\nSecond paragraphe."
    assert clean.paragraphs == [1, 3, 5]
    for (start, end), index in zip(clean.paragraph_spans, clean.paragraphs):
        assert clean.text[start:end] == segments[index].text


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("Tesla ouvre son réseau de recharge aux autres marques", "Tesla ouvre son réseau de recharge aux autres marques"),
        ("Voiture électrique : le bonus baisse en 2024", "Voiture électrique : le bonus baisse en 2024"),
        ("BMW s’associe au réseau Tesla Supercharger pour ses clients au Canada.", "BMW s’associe au réseau Tesla Supercharger pour ses clients au Canada."),
        ("Renault accélère. Le groupe vise 2030 pour passer au tout électrique.", ""),  # two sentences: a lede
        ("Voici les modèles concernés :", ""),  # the lead-in of a list
        ("• 200 km d’autonomie en ville ;", ""),  # a list item
        (" ".join(["mot"] * 31), ""),  # too long for a headline
        ("Renault 5 : prix, équipements, recharge… ce qu’il faut savoir", "Renault 5 : prix, équipements, recharge… ce qu’il faut savoir"),
        ("Renault accélère… Le groupe vise 2030 pour passer au tout électrique", ""),  # an ellipsis ending a sentence
    ],
)
def test_guess_title(first: str, title: str) -> None:
    segments = [Segment(0, first), Segment(1, "Le corps de l’article commence ici, avec une phrase complète.")]
    assert guess_title(segments) == title


BODY = "Le corps de l’article commence ici, avec une phrase complète et des chiffres précis."


def test_title_is_the_headline_closest_above_the_prose_not_the_first_line() -> None:
    kicker = "Le grand dossier de la semaine"
    headline = "Tesla ouvre son réseau de recharge aux autres marques en Europe"
    segments = [Segment(0, kicker), Segment(1, headline), Segment(2, BODY)]
    assert guess_title(segments) == headline


def test_headline_above_its_standfirst_is_the_title() -> None:
    headline = "Tesla ouvre son réseau de recharge aux autres marques"
    standfirst = "Les conducteurs de voitures électriques de toutes marques pourront utiliser 500 stations en France"
    body = BODY + " Les premières stations ouvriront en mars."  # a one-sentence lead could be the headline itself
    assert guess_title([Segment(0, headline), Segment(1, standfirst), Segment(2, body)]) == headline


@pytest.mark.parametrize(
    "chrome",
    [
        "MONSITE.FR   Actualité | Essais | Électrique | Occasion | Vidéos",
        "Accueil · Actus · Essais · Recharge · Contact",
        "monsite-auto.fr",
        "AUTO-MAG.FR — L’actu de la voiture électrique",
    ],
)
def test_menus_and_domain_names_are_never_the_title(chrome: str) -> None:
    assert guess_title([Segment(0, chrome), Segment(1, BODY), Segment(2, BODY)]) == ""


def test_chrome_above_the_headline_is_neither_kept_nor_the_title() -> None:
    page = "\n".join([
        "La Gazette du Val",
        "Menu   Régions   Économie   Sports   Loisirs   S’abonner 1€ le premier mois",
        "Mon compte",
        "Voitures électriques : la région finance 300 bornes de plus",
        "Par Jean Dupont",
        BODY,
        "Les travaux commenceront au printemps sur les parkings des gares et des lycées de la région.",
    ])
    result = clean_article(source(page), cleaning_rules())
    assert result.document.title == "Voitures électriques : la région finance 300 bornes de plus"
    assert paragraphs_of(result.clean.text)[0] == result.document.title


@pytest.mark.parametrize(
    ("chrome", "title_above"),
    [
        ("Réagir | Suivre | Imprimer | Envoyer", True),  # a row of buttons under the headline
        ("Ajouter à ma liste Imprimer Partager", True),
        ("12 450 vues il y a 3 heures", True),  # a video's counter under its title
        ("1,2 k vues · 14 mai 2025", False),  # …or above it
    ],
)
def test_buttons_and_counters_are_never_the_title(chrome: str, title_above: bool) -> None:
    headline = "Bornes rapides : Fastned ouvre sa centième station en France"
    lines = [headline, chrome] if title_above else [chrome, headline]
    page = "\n".join(["Le Mag Vidéo", *lines, BODY, "Les travaux commenceront au printemps sur les parkings des gares et des lycées."])
    result = clean_article(source(page), cleaning_rules())
    assert result.document.title == headline
    assert chrome not in result.clean.text


def test_no_title_for_a_single_paragraph() -> None:
    assert guess_title([Segment(0, "Tesla ouvre son réseau de recharge")]) == ""


# --- Property: cleaning an already cleaned text changes nothing -------------


def _pools() -> tuple[list[str], list[str], list[str]]:
    """Headlines, content paragraphs and chrome lines taken from the test pages.

    A page's date line is neither: it is metadata only as the first line.
    """
    headlines: list[str] = []
    content: list[str] = []
    chrome: list[str] = []
    for page in PAGES:
        expected = expected_of(page)
        wanted = paragraphs_of(expected["clean"])
        if expected.get("title"):
            headlines.append(expected["title"])
        content += [w for w in wanted if w != expected.get("title")]
        for line in page.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if split_metadata(line)[1]:
                continue
            if line and not any(same_paragraph(line, w) for w in wanted) and not line.startswith(("-", "BMW, Ford")):
                chrome.append(line)
    return headlines, content, chrome


HEADLINES, CONTENT, CHROME = _pools()


@st.composite
def scraped_pages(draw: st.DrawFn) -> str:
    """A page: chrome, maybe a headline, paragraphs with chrome and repeats between, chrome."""
    parts: list[str] = draw(st.lists(st.sampled_from(CHROME), max_size=4))
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(HEADLINES)))
    body = draw(st.lists(st.sampled_from(CONTENT), min_size=1, max_size=6))
    for paragraph in body:
        parts.append(paragraph)
        if draw(st.integers(0, 3)) == 0:
            parts.append(draw(st.sampled_from(CHROME)))
    if draw(st.booleans()):
        parts += draw(st.lists(st.sampled_from(body), max_size=3))  # repeats
    parts += draw(st.lists(st.sampled_from(CHROME), max_size=4))
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\u00a0\n"]), min_size=len(parts), max_size=len(parts)))
    return "".join(part + sep for part, sep in zip(parts, separators))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scraped_pages())
def test_cleaning_is_idempotent(page: str) -> None:
    first = clean_article(source(page), cleaning_rules())
    second = clean_article(source(first.clean.text), cleaning_rules())
    assert second.clean.text == first.clean.text
    assert second.document.title == first.document.title


@pytest.mark.parametrize(
    ("date_line", "from_page", "published"),
    [
        ("2024-10", "2024-10-29", "2024-10-29"),  # the byline only adds the day
        ("2024-10", "2023-05-02", "2024-10"),  # another month: the date line wins
        ("2024-10", "", "2024-10"),
        ("", "2024-10-29", "2024-10-29"),
        ("2024-10-03", "2024-10-29", "2024-10-03"),
    ],
)
def test_date_line_is_made_precise_by_the_page_only_within_its_month(date_line: str, from_page: str, published: str) -> None:
    assert publication_date(date_line, from_page) == published
