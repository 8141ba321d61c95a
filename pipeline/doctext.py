"""The text of a parsed article, built once.

spaCy's ``Doc.text`` joins every token's text anew on each access, which
costs as much as a pass over the document; linking and the fact extractors
read it many times. ``doc_text`` keeps it in ``Doc._.text``.
"""

from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("text"):
    Doc.set_extension("text", default=None)


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed on the first call only."""
    text: str | None = doc._.text
    if text is None:
        text = doc._.text = doc.text
    return text
