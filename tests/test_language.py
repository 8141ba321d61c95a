"""Language stage: French articles pass, others get not_french (clean text, no facts)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import iter_wordlist, zipf_frequency

from pipeline.config import load_config
from pipeline.language import _LOWER_LATIN, SHORT_TEXT_LANGUAGES, detect_language, word_list
from pipeline.models import STATUS_NOT_FRENCH, STATUS_OK, SourceFile
from pipeline.process import Resources, process_sources

ROOT = Path(__file__).resolve().parent.parent

FRENCH = (
    "Le constructeur chinois a annoncé mardi l'ouverture d'une usine de batteries en Hongrie, "
    "sa deuxième en Europe. Le site, qui emploiera 9 000 personnes, doit produire ses premières "
    "cellules en 2026, a précisé le groupe dans un communiqué."
)
ENGLISH = (
    "The Chinese carmaker announced on Tuesday that it will open a battery plant in Hungary, its "
    "second in Europe. The site, which will employ 9,000 people, is expected to produce its first "
    "cells in 2026, the group said in a statement."
)
CHINESE = "这家中国汽车制造商周二宣布，将在匈牙利开设一家电池工厂，这是其在欧洲的第二家工厂。该工厂将雇用九千人。"
GERMAN = "Der chinesische Autobauer kündigte am Dienstag an, in Ungarn ein Batteriewerk zu eröffnen, sein zweites in Europa."


@pytest.mark.parametrize(
    ("text", "language"),
    [(FRENCH, "fr"), (ENGLISH, "en"), (CHINESE, "zh-cn"), (GERMAN, "de")],
)
def test_articles_in_several_languages(text: str, language: str) -> None:
    detected, probability = detect_language(text, seed=0)
    assert detected == language
    assert probability >= 0.8


def test_a_long_article_is_judged_on_windows_spread_over_it() -> None:
    """An English headline and lead do not make a French article English, and
    a French lead does not make an English article French."""
    french_body = "\n\n".join([FRENCH] * 6)
    english_body = "\n\n".join([ENGLISH] * 6)
    assert detect_language(ENGLISH + "\n\n" + french_body, seed=0)[0] == "fr"
    assert detect_language(FRENCH + "\n\n" + english_body, seed=0)[0] == "en"


def test_sample_is_bounded_and_cut_at_words() -> None:
    from pipeline.language import SAMPLE_CHARS, _sample

    text = " ".join(f"mot{i}" for i in range(2000))
    sample = _sample(text)
    assert len(sample) <= SAMPLE_CHARS + 2
    words = set(text.split())
    assert all(word in words for word in sample.split())
    assert sample.split()[0] == "mot0" and sample.split()[-1].startswith("mot19")


@pytest.mark.parametrize(
    "text",
    [
        "Volkswagen confirme.",
        "Stellantis investit 2 milliards",
        "La Zoe est morte.",
        "Le CEO de Tesla démissionne.",
        "BYD ouvre une usine en Hongrie",
        "Voiture électrique : le bonus en baisse",
    ],
)
def test_short_french_text_is_not_misjudged(text: str) -> None:
    language, probability = detect_language(text, seed=0)
    assert language == "fr" and probability >= 0.6


@pytest.mark.parametrize(
    ("text", "language"),
    [("Tesla cuts prices again in China.", "en"), ("BMW stellt ein neues Elektroauto vor.", "de"), ("特斯拉在中国降价", "zh-cn")],
)
def test_short_foreign_text_is_not_french(text: str, language: str) -> None:
    assert detect_language(text, seed=0)[0] == language


def test_same_seed_same_answer() -> None:
    text = "Tesla a dévoilé sa Model Y. Musk parle d'une étape."
    assert len({detect_language(text, seed=0) for _ in range(5)}) == 1


def test_nothing_to_judge() -> None:
    assert detect_language("", seed=0) == ("", 0.0)
    assert detect_language("2024 — 12 000 / 5 %", seed=0) == ("", 0.0)


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(load_config(ROOT / "config.yaml"))


def _source(doc_id: str, text: str) -> SourceFile:
    raw = text.encode("utf-8")
    return SourceFile(doc_id, f"{doc_id}.txt", raw, hashlib.sha256(raw).hexdigest())


@pytest.mark.parametrize(("text", "language"), [(ENGLISH, "en"), (CHINESE, "zh-cn")])
def test_non_french_article_is_cleaned_but_gets_no_facts(resources: Resources, text: str, language: str) -> None:
    article = "\n\n".join([text, text.replace("2026", "2027"), text[: len(text) // 2]])
    (result,) = process_sources([_source("foreign", article)], resources)
    assert result.document.status == STATUS_NOT_FRENCH
    assert result.document.language == language
    if language == "en":  # the boilerplate features are French ones: Chinese prose may all go
        assert result.clean_text.strip()
    assert (result.mentions, result.partnerships, result.adoptions, result.figures, result.quotes) == ([], [], [], [], [])
    assert all(r.kind == "encoding" for r in result.repairs)  # French repairs are not applied


def test_french_article_status_ok(resources: Resources) -> None:
    item = resources.cleaning
    from pipeline.cleaning import clean_article

    cleaned = clean_article(_source("fr", FRENCH + "\n\n" + FRENCH.replace("mardi", "jeudi")), item)
    assert cleaned.document.status == STATUS_OK
    assert cleaned.document.language == "fr"


@pytest.mark.parametrize("seed", [0, 3])
def test_vectorised_detector_gives_langdetects_answer_to_the_last_bit(seed: int) -> None:
    """LangDetector is langdetect's algorithm on numpy vectors: same language, same float."""
    from langdetect import DetectorFactory, detect_langs

    from pipeline.language import lang_detector

    texts = [FRENCH, ENGLISH, CHINESE, GERMAN, FRENCH[:40], "Le PDG de BMW, ABC DEF, à Paris.", ENGLISH + " " + FRENCH]
    for text in texts:
        DetectorFactory.seed = seed
        expected = detect_langs(text)[0]
        assert lang_detector().best(text, seed) == (expected.lang, expected.prob)


@pytest.mark.parametrize("language", ["es", "fr"])
def test_word_list_gives_wordfreqs_zipf_for_every_listed_word(language: str) -> None:
    words = [word for word in iter_wordlist(language) if _LOWER_LATIN.fullmatch(word)]
    assert word_list(language).zipf(words) == [zipf_frequency(word, language) for word in words]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeilmnorstuyzàéèêïôœæø", min_size=1, max_size=12))
def test_word_list_gives_wordfreqs_zipf_for_any_word(word: str) -> None:
    for language in SHORT_TEXT_LANGUAGES:
        assert word_list(language).zipf([word]) == [zipf_frequency(word, language)]


def test_no_two_listed_words_share_a_hash() -> None:
    for language in SHORT_TEXT_LANGUAGES:
        hashes = word_list(language)._hashes
        assert len(np.unique(hashes)) == len(hashes)
