"""Repeated paragraphs inside an article, and duplicate articles across the corpus."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.cleaning import CleaningRules, clean_article
from pipeline.config import load_config
from pipeline.dedup import (
    DocumentFingerprint,
    find_duplicate_documents,
    fingerprint_text,
    mark_duplicates,
    mark_syndicated,
    minhash_signature,
    shingles,
    text_key,
)
from pipeline.models import BOILERPLATE, DUPLICATE, KEEP, METADATA, STATUS_OK, Segment, SourceFile
from pipeline.process import Resources

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"

P1 = "Exide Energy construit actuellement une usine de 12 GWh à Bangalore, dont la première phase doit entrer en service fin 2024."
P2 = "« La localisation des batteries est la clé pour rendre les véhicules électriques accessibles en Inde », a déclaré le responsable."
P3 = "Le marché indien de la voiture électrique reste modeste, avec moins de 2 % des ventes, mais le gouvernement vise 30 % d’ici 2030."


def dedup(*texts: str, actions: dict[int, tuple[str, str]] | None = None) -> list[Segment]:
    actions = actions or {}
    segments = [Segment(i, t, *actions.get(i, (KEEP, ""))) for i, t in enumerate(texts)]
    return mark_duplicates(segments, threshold=0.8, shingle_size=3)


def fates(segments: list[Segment]) -> list[tuple[str, str, str]]:
    return [(s.action, s.rule, s.duplicate_of) for s in segments]


def test_fingerprint_ignores_apostrophes_case_and_punctuation() -> None:
    assert fingerprint_text("Xiaomi s’entend avec BAIC.") == fingerprint_text("xiaomi s'entend avec BAIC")
    assert fingerprint_text("« Oui »") == fingerprint_text('"oui"')


def test_whole_text_repeated_keeps_the_first_copy() -> None:
    result = dedup(P1, P2, P3, P1, P2, P3)
    assert fates(result) == [(KEEP, "", "")] * 3 + [
        (DUPLICATE, "duplicate:exact", "0"),
        (DUPLICATE, "duplicate:exact", "1"),
        (DUPLICATE, "duplicate:exact", "2"),
    ]


def test_headline_repeated_with_another_apostrophe() -> None:
    result = dedup("Hyundai et Kia s’associent à Exide en Inde", P1, "Hyundai et Kia s'associent à Exide en Inde")
    assert fates(result)[2] == (DUPLICATE, "duplicate:exact", "0")


def test_near_duplicate_with_a_word_changed() -> None:
    long = P3 + " Les constructeurs coréens comptent sur des modèles plus abordables pour convaincre les classes moyennes."
    changed = long.replace("reste modeste", "demeure modeste")
    assert fates(dedup(long, P1, changed))[2] == (DUPLICATE, "duplicate:near", "0")


def test_sentences_built_on_the_same_template_are_not_repeats() -> None:
    a = "Le modèle compact sera livré en 2025 en Europe, au prix de 25 000 euros."
    b = "Le modèle familial sera livré en 2026 en Europe, au prix de 35 000 euros."
    assert fates(dedup(a, b)) == [(KEEP, "", ""), (KEEP, "", "")]


def test_last_repeat_cut_mid_sentence() -> None:
    cut = P3[: P3.index("mais le") + 20]
    assert fates(dedup(P1, P3, P2, cut))[3] == (DUPLICATE, "duplicate:truncated", "1")


def test_passage_of_an_earlier_paragraph() -> None:
    """A caption or pull quote repeating one sentence of the text."""
    paragraph = P1 + " L’objectif est de réduire la dépendance aux importations chinoises de cellules."
    passage = "L’objectif est de réduire la dépendance aux importations chinoises de cellules."
    assert fates(dedup(paragraph, P2, passage))[2] == (DUPLICATE, "duplicate:contained", "0")


def test_teaser_before_the_paragraph_it_opens_stays() -> None:
    """The first occurrence is kept: a longer paragraph is never a repeat of a shorter one."""
    teaser = P1
    paragraph = P1 + " Elle fournira Hyundai et Kia à partir de 2025."
    assert fates(dedup(teaser, paragraph)) == [(KEEP, "", ""), (KEEP, "", "")]


def test_short_intertitle_found_inside_a_paragraph_is_not_a_repeat() -> None:
    paragraph = "Un maillage international : la société est présente dans sept pays européens depuis 2020."
    assert fates(dedup(paragraph, "Un maillage international", P1))[1] == (KEEP, "", "")


def test_caption_repeated_and_cut_is_a_repeat_of_the_dropped_caption() -> None:
    caption = "Les Américains vont devoir s’habituer à la norme NACS, présente sur de nombreux véhicules © Tesla"
    cut = "Les Américains vont devoir s’habituer à la norme NACS, présente sur de n"
    result = dedup(P1, caption, cut, actions={1: (BOILERPLATE, "pattern:photo_credit")})
    assert fates(result)[1:] == [(BOILERPLATE, "pattern:photo_credit", ""), (DUPLICATE, "duplicate:truncated", "1")]


def test_chrome_dropped_for_its_position_is_named_as_a_repeat() -> None:
    result = dedup(P1, P2, P1, actions={2: (BOILERPLATE, "feature:tail_chrome")})
    assert fates(result)[2] == (DUPLICATE, "duplicate:exact", "0")
    pattern = dedup(P1, P2, P1, actions={2: (BOILERPLATE, "pattern:photo_credit")})
    assert fates(pattern)[2] == (BOILERPLATE, "pattern:photo_credit", "")


def test_metadata_is_left_alone() -> None:
    result = dedup("date 2024-01", P1, actions={0: (METADATA, "date_line")})
    assert fates(result)[0] == (METADATA, "date_line", "")


def test_same_input_same_result() -> None:
    texts = (P1, P2, P1, P3, P3[:60], P2)
    assert dedup(*texts) == dedup(*texts)


# --- Across articles ---------------------------------------------------------


@lru_cache(maxsize=1)
def cleaning_rules() -> CleaningRules:
    return Resources(load_config(ROOT / "config.yaml")).cleaning


def cleaned(doc_id: str, raw: bytes):
    source = SourceFile(doc_id, f"{doc_id}.txt", raw, hashlib.sha256(raw).hexdigest())
    return clean_article(source, cleaning_rules())


def fingerprint(doc_id: str, raw: bytes, rank: int = 0) -> DocumentFingerprint:
    item = cleaned(doc_id, raw)
    return DocumentFingerprint(doc_id, item.document.status, minhash_signature(item.clean.text, 3), text_key(item.clean.text), rank)


def test_same_article_saved_in_another_encoding_is_a_duplicate() -> None:
    page = (ARTICLES / "fil_ariane_tags.txt").read_text(encoding="utf-8")
    utf8 = fingerprint("zz_original", page.encode("utf-8"), rank=0)
    cp1252 = fingerprint("aa_copie", page.replace("’", "'").encode("cp1252"), rank=1)
    assert cp1252.text_key == utf8.text_key
    assert find_duplicate_documents([cp1252, utf8], threshold=0.8) == {"aa_copie": "zz_original"}


def test_same_article_on_another_site_with_other_chrome_is_a_duplicate() -> None:
    page = (ARTICLES / "les_echos.txt").read_text(encoding="utf-8")
    other_site = "Accueil > Industrie\nPartager sur Facebook\n" + page.replace("Sur le même sujet", "Retour en haut")
    docs = [fingerprint("b_reprise", other_site.encode()), fingerprint("a_source", page.encode())]
    assert find_duplicate_documents(docs, threshold=0.8) == {"b_reprise": "a_source"}


def test_different_articles_are_not_duplicates() -> None:
    docs = [fingerprint(p.stem, p.read_bytes()) for p in sorted(ARTICLES.glob("*.txt"))]
    assert find_duplicate_documents(docs, threshold=0.8) == {}


def test_duplicate_documents_do_not_depend_on_input_order() -> None:
    page = (ARTICLES / "redevance_suisse.txt").read_bytes()
    a, b, c = fingerprint("a", page), fingerprint("b", page), fingerprint("c", page)
    expected = {"b": "a", "c": "a"}
    assert find_duplicate_documents([a, b, c], 0.8) == expected
    assert find_duplicate_documents([c, b, a], 0.8) == expected


def test_only_articles_with_status_ok_take_part() -> None:
    page = (ARTICLES / "redevance_suisse.txt").read_bytes()
    a = fingerprint("a", page)
    b = fingerprint("b", page)
    not_ok = DocumentFingerprint("a", "not_french", a.signature, a.text_key)
    assert a.status == STATUS_OK
    assert find_duplicate_documents([not_ok, b], 0.8) == {}


def test_syndicated_paragraph_stays_and_points_at_the_first_article() -> None:
    shared = "Le projet mis en consultation mercredi prévoit une taxe calculée selon les kilomètres parcourus et le poids du véhicule."
    first = [Segment(0, "Berne veut taxer les voitures électriques"), Segment(1, shared)]
    later = [Segment(0, "La Suisse prépare une redevance kilométrique"), Segment(1, "Un autre paragraphe, propre à ce site, sur les réactions."), Segment(2, shared)]
    seen: dict[str, str] = {}
    mark_syndicated("a_site", first, seen)
    mark_syndicated("b_site", later, seen)
    assert (first[1].rule, first[1].duplicate_of) == ("", "")
    assert (later[2].action, later[2].rule, later[2].duplicate_of) == (KEEP, "syndicated", "a_site#1")
    assert later[1].rule == ""


def test_short_common_lines_are_not_syndication() -> None:
    seen: dict[str, str] = {}
    a = [Segment(0, "Un maillage international")]
    b = [Segment(0, "Un maillage international")]
    mark_syndicated("a", a, seen)
    mark_syndicated("b", b, seen)
    assert b[0].rule == ""


def test_minhash_signature_is_datasketchs() -> None:
    """The array computation gives what datasketch's MinHash gives for the same shingles."""
    from datasketch import MinHash

    texts = [P1 + " " + P2, "Tesla et Ford.", "", "un deux trois quatre cinq six sept huit neuf dix onze"]
    for text in texts:
        for size in (3, 5):
            mh = MinHash(num_perm=64, seed=1, scheme="affine32")
            mh.update_batch([gram.encode("utf-8") for gram in shingles(text, size)])
            assert minhash_signature(text, size) == [int(v) for v in mh.hashvalues]


def test_minhash_signature_is_stable() -> None:
    text = P1 + "\n\n" + P2
    assert minhash_signature(text, 3) == minhash_signature(text, 3)
    assert len(minhash_signature(text, 3)) == 64


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_has_no_key(text: str) -> None:
    assert text_key(text) == ""


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_shingles_are_the_runs_of_size_words(size: int) -> None:
    for text in ["", "Un", "Un deux", "Un deux trois", "Le prix, le prix : le prix baisse encore et encore."]:
        words = fingerprint_text(text).split()
        runs = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
        expected = runs if len(words) >= size else ({" ".join(words)} if words else set())
        assert shingles(text, size) == expected
