"""Stage 7 — NLP: spaCy's French model plus entity rules from the knowledge base.

The model is loaded once per process. An `EntityRuler` built from the
knowledge base runs after the statistical NER with `overwrite_ents=True`:
where a known name overlaps a model entity the rule wins (Tesla is an ORG,
not a PER), and the model's other entities are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pipeline.knowledge import KnowledgeBase

RULER_NAME = "kb_entity_ruler"

if not Doc.has_extension("doc_id"):
    Doc.set_extension("doc_id", default="")


def knowledge_base_patterns(kb: KnowledgeBase, tokenizer: Tokenizer) -> list[dict[str, Any]]:
    """EntityRuler patterns: every surface form of every entry.

    Most forms are phrase patterns matched on the lower-cased text (the
    ruler's PhraseMatcher is fast whatever the number of names). Ambiguous
    forms (ordinary words such as 'Smart' or 'Spring') and short acronyms
    ('GM', 'ACC') are token patterns on the exact text: they are few, and in
    lower case they are words, not names.
    """
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for entry in kb.entries:
        for form in entry.surface_forms:
            exact = form in entry.ambiguous or _is_short_acronym(form)
            key = (form if exact else form.lower(), entry.id)
            if key in seen:
                continue
            seen.add(key)
            pattern: str | list[dict[str, str]]
            pattern = [{"ORTH": token.text} for token in tokenizer(form)] if exact else form.lower()
            patterns.append({"label": entry.type, "pattern": pattern, "id": entry.id})
    return patterns


def _is_short_acronym(form: str) -> bool:
    """'GM', 'ACC', 'JAC': written in capitals, they are names; in lower case, words."""
    return form.isupper() and len(form) <= 4


def build_nlp(model: str, kb: KnowledgeBase) -> Language:
    """Load the model once and add the knowledge-base entity rules.

    The ruler is filled in a tokenizer-only pipeline sharing the model's
    vocabulary, then placed after "ner": filling it in place would run the
    whole model over every name of the knowledge base.
    """
    nlp = spacy.load(model)
    builder = spacy.blank(nlp.lang, vocab=nlp.vocab)
    ruler = builder.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "LOWER"},
    )
    ruler.add_patterns(knowledge_base_patterns(kb, nlp.tokenizer))  # type: ignore[attr-defined]
    nlp.add_pipe(RULER_NAME, after="ner", source=builder)
    return nlp


PARAGRAPH_SEPARATOR = "\n\n"


def annotate(nlp: Language, texts: Iterable[tuple[str, str]], batch_size: int) -> Iterator[Doc]:
    """Run the pipeline over (doc_id, text) pairs, in batches.

    Each paragraph is parsed on its own and the article is put back together
    with `Doc.from_docs`, offsets unchanged: a paragraph break always ends a
    sentence (spaCy's parser otherwise runs a headline into the body, and
    presetting sentence starts before the parser derails it).
    """
    pending: list[tuple[str, int]] = []  # (doc_id, number of paragraphs)

    def paragraphs() -> Iterator[tuple[str, str]]:
        for doc_id, text in texts:
            parts = text.split(PARAGRAPH_SEPARATOR)
            pending.append((doc_id, len(parts)))
            for i, part in enumerate(parts):
                yield (part + PARAGRAPH_SEPARATOR if i < len(parts) - 1 else part), doc_id

    parsed = nlp.pipe(paragraphs(), as_tuples=True, batch_size=batch_size * 8)
    done = 0
    for doc, _ in parsed:
        # nlp.pipe reads ahead, so `pending` is filled before we need it.
        if done == 0:
            current_id, remaining = pending.pop(0)
            parts_docs: list[Doc] = []
            done = remaining
        parts_docs.append(doc)
        done -= 1
        if done == 0:
            article = Doc.from_docs(parts_docs, ensure_whitespace=False) if len(parts_docs) > 1 else parts_docs[0]
            article._.doc_id = current_id
            yield article
