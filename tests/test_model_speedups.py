"""The faster lemma index and attribute ruler give the model's own annotations."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.model_speedups import (
    TableAttributeRuler,
    compile_attribute_ruler,
    compile_model_attribute_ruler,
    index_lemmas_as_sets,
)

TEXTS = [
    "Stellantis et CATL ont signé jeudi un accord pour une usine de 40 GWh en Espagne.",
    "« Nous investirons 2 milliards d'euros », a déclaré le PDG.  \n\n",
    "Le 3 mai  à Paris\t! Les bornes NACS arrivent en 2025…",
    "  ",
    "\n",
]
ATTRS = [TAG, POS, MORPH, DEP, HEAD, LEMMA]


def annotations(doc: Doc) -> tuple[list[list[int]], list[str]]:
    return doc.to_array(ATTRS).tolist(), [str(token.morph) for token in doc]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load("fr_core_news_md")


def test_the_pipeline_uses_the_table_ruler(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), TableAttributeRuler)
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    assert all(isinstance(lemmas, frozenset) for lemmas in index.values())
    doc = nlp("Les constructeurs ont annoncé des partenariats et elles investissaient davantage.")
    assert [t.lemma_ for t in doc if t.pos_ in ("NOUN", "VERB")] == ["constructeur", "annoncer", "partenariat", "investir"]


def test_the_model_annotations_are_unchanged(stock: Language) -> None:
    fast = spacy.load("fr_core_news_md")
    index_lemmas_as_sets(fast)
    assert compile_model_attribute_ruler(fast)
    for ours, theirs in zip(fast.pipe(TEXTS), stock.pipe(TEXTS)):
        assert annotations(ours) == annotations(theirs)
        assert [s.text for s in ours.sents] == [s.text for s in theirs.sents]


def _blank_with_ruler(patterns: list[dict]) -> Language:  # type: ignore[type-arg]
    nlp = spacy.blank("fr")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def test_later_rules_win_and_in_not_in_lists_are_honoured() -> None:
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["usine", "bornes"]}}], [{"IS_DIGIT": True}]], "attrs": {"TAG": "NOUN", "LEMMA": "x"}},
        {"patterns": [[{"ORTH": "bornes"}]], "attrs": {"TAG": "PLURAL"}},
        {"patterns": [[{"IS_PUNCT": True, "ORTH": {"NOT_IN": ["!"]}}]], "attrs": {"POS": "PUNCT", "MORPH": "PunctType=Comm"}},
    ]
    stock, fast = _blank_with_ruler(patterns), _blank_with_ruler(patterns)
    assert compile_model_attribute_ruler(fast)
    for text in ["Une usine, des bornes et 40 GWh !", "Usine : 3 BORNES.", ""]:
        ours, theirs = fast(text), stock(text)
        assert annotations(ours) == annotations(theirs)
    assert [t.tag_ for t in fast("des bornes")] == ["", "PLURAL"]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"ORTH": "voiture"}, {"ORTH": "électrique"}],  # two tokens
        [{"LOWER": {"REGEX": "^bat"}}],  # an operator the table does not know
        [{"ORTH": "voiture", "OP": "?"}],
        [{"_": {"weak": True}}],  # an extension attribute
    ],
)
def test_what_the_table_cannot_say_keeps_the_matcher(pattern: list[dict]) -> None:  # type: ignore[type-arg]
    nlp = _blank_with_ruler([{"patterns": [pattern], "attrs": {"TAG": "X"}}])
    assert compile_attribute_ruler(nlp.get_pipe("attribute_ruler"), nlp.vocab) is None  # type: ignore[arg-type]
    assert not compile_model_attribute_ruler(nlp)
    assert nlp.get_pipe("attribute_ruler").__class__.__name__ == "AttributeRuler"


def test_setting_a_lexical_attribute_keeps_the_matcher() -> None:
    nlp = spacy.blank("fr")
    nlp.add_pipe("attribute_ruler").add(patterns=[[{"ORTH": "voiture"}]], attrs={"NORM": "auto"})  # type: ignore[attr-defined]
    assert not compile_model_attribute_ruler(nlp)  # NORM is not a plain token field
