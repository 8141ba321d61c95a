"""Stage 7 — NLP: spaCy's French model plus entity rules from the knowledge base.

The model is loaded once per process. Two components follow its NER:

1. a `SpanRuler` with every surface form of the knowledge base, writing to
   ``doc.spans["kb"]`` (it leaves ``doc.ents`` alone);
2. the `entity_resolver`, which merges the model's entities with those
   matches, cleans the model's noise and writes ``doc.ents``:

   - a known name wins where it overlaps a model entity (Tesla is an ORG,
     not a PER; 'Tesla Elon Musk' is two names) and what the model found
     around it that is still a name is kept; but a known word inside a
     person's full name is the person's ('Charles Leclerc', 'Henry Ford');
   - 'Kia Europe' (a company then a place) is the company; 'Dolphin Mini'
     (a known model then a suffix) is another model;
   - the model's entities the knowledge base does not know are trimmed of
     articles, titles ('M.') and trailing lowercase words, cut at line
     breaks, and dropped when they are an abbreviation listed in
     `not_names` ('VE'), a unit ('GWh'), 'made in X', a MISC that is not
     the name of an event or law, or a headline in capitals;
   - the words around an unknown name type it: a noun in apposition ('le
     constructeur chinois X', 'X, la start-up…'), a nationality used as a
     noun ('l'américain X'), a legal suffix ('… Limited'), 'Source : X',
     'le/la X' (a car model), an enumeration with known names ('Volkswagen,
     BMW et X'); the same clues add names the model missed;
   - an office is no name: its title is trimmed ('Présidente-Directrice
     générale'), the ordinary words after it are its domain ('le ministre de
     l'Energie', 'président Marketing & Services de X'), and a name after
     them is the holder's ('le vice-président de la Commission Frans
     Timmermans' → Frans Timmermans); 'X Y, président de Z' is a person;
   - a span made only of ordinary French words ('État', 'Etats', 'Nouvel',
     'Abonnez', 'Conseil d'administration') is marked `weak`: linking keeps
     it only when the article shows it is a name (a person's last name...).

   - a name after a place cue ('une usine à X', 'près de X', 'le site de
     X', 'dans la région de X', 'l'usine Renault de X', 'l'usine de la X')
     is a place, whatever the model guessed or its neighbours in a list
     say, unless the knowledge base or another cue says it is a company;
   - an English word alone ('However', left by a machine translation) is
     no name; an acronym in brackets after the lowercase words it stands
     for ('extraction directe du lithium (DLE)') is a term (MISC);
   - a hyphenated name is one name ('Asie-Pacifique', 'Karl-Thomas
     Neumann', 'Hewlett-Packard'), except two known companies written
     as a pair ('Stellantis-CATL') or places as a route ('l'axe
     Paris-Lyon', every stop of 'Lille-Lyon-Marseille').

Custom attributes: ``Span._.source`` ('rule' for the knowledge base and the
resolver's own rules, 'model' for the statistical NER), ``Span._.weak`` and
``Span._.sure`` (typed by a rule, not only by the model's guess: linking
weighs it more when the article types one name two ways).
They live in ``doc.user_data`` keyed by character offsets, so they survive
``Doc.from_docs``. "Ordinary words" are the lemmas the French lemmatizer
knows (its lemma index), read once when the pipeline is built.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH, ORTH, POS, SPACY
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from pipeline.compiled_patterns import load_model
from pipeline.doctext import doc_text  # noqa: F401  (registers Doc._.text)
from pipeline.knowledge import KBEntry, KnowledgeBase, normalize_name
from pipeline.model_speedups import compile_model_attribute_ruler, index_lemmas_as_sets
from pipeline.stop_words import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS as STOP_WORDS

RULER_NAME = "kb_span_ruler"
EXACT_RULER_NAME = "kb_exact_span_ruler"
RESOLVER_NAME = "entity_resolver"
KB_SPANS = "kb"

if not Doc.has_extension("doc_id"):
    Doc.set_extension("doc_id", default="")
if not Span.has_extension("source"):
    Span.set_extension("source", default="model")
if not Span.has_extension("weak"):
    Span.set_extension("weak", default=False)
if not Span.has_extension("sure"):
    Span.set_extension("sure", default=False)

# Units the model sometimes takes for organisations ('100 GWh').
_UNIT = re.compile(r"^(?:[kMGT]?W[hc]?|[kMG]?Wh|[km]?Ah|[kM]?V|km|kg|ch|cv|CO2|°C)$")
_APOSTROPHES = ("'", "’")


def knowledge_base_patterns(kb: KnowledgeBase) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ruler patterns for every surface form of every entry: (lower-case, exact-case).

    Most forms are matched on the lower-cased text. Ambiguous forms
    (ordinary words such as 'Smart' or 'Spring') and short acronyms ('GM',
    'ACC') are matched on the exact text: in lower case they are words, not
    names. Both kinds are phrase patterns, for a PhraseMatcher costs the same
    whatever the number of names while token patterns cost per pattern and
    token. Forms with an apostrophe are added with both the straight and the
    curly one.
    """
    lower: list[dict[str, Any]] = []
    exact: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for entry in kb.entries:
        for base in entry.surface_forms:
            is_exact = base in entry.ambiguous or _is_short_acronym(base) or _has_word_in_capitals(base)
            for form in _apostrophe_variants(base):
                pattern = form if is_exact else form.lower()
                if (pattern, entry.id) in seen:
                    continue
                seen.add((pattern, entry.id))
                (exact if is_exact else lower).append({"label": entry.type, "pattern": pattern, "id": entry.id})
    return lower, exact


def _apostrophe_variants(form: str) -> list[str]:
    if not any(mark in form for mark in _APOSTROPHES):
        return [form]
    return [form, form.replace("’", "'"), form.replace("'", "’")]


def _is_short_acronym(form: str) -> bool:
    """'GM', 'ACC', 'JAC': written in capitals, they are names; in lower case, words."""
    return form.isupper() and len(form) <= 4


def _has_word_in_capitals(form: str) -> bool:
    """'Renault SA', 'PowerCo SE': a legal suffix that is a French word in lower
    case ('Renault sa nouvelle…', 'PowerCo se lance') needs the exact case."""
    return any(word.isupper() and word.lower() in STOP_WORDS for word in form.split()[1:])


# English compounds French news writes with a hyphen. The French tokenizer
# splits them ('start', '-', 'up'), and the parser then loses the noun
# phrase: 'La start-up Verkor a levé…' gets no subject.
_ONE_TOKEN_COMPOUNDS = ("start-up", "start-ups", "joint-venture", "joint-ventures", "week-end", "week-ends",
                        "plug-in", "pick-up", "pick-ups", "best-seller", "best-sellers", "spin-off", "spin-offs")


def _keep_compounds_whole(nlp: Language) -> None:
    for word in _ONE_TOKEN_COMPOUNDS:
        for form in {word, word.capitalize(), word.upper()}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


def build_nlp(model: str, kb: KnowledgeBase) -> Language:
    """Load the model once and add the knowledge-base rules and the resolver.

    The rulers go after "ner" and are filled with only the tokenizer
    enabled: the model's components would otherwise run over every name of
    the knowledge base. (Filling them in a blank pipeline and sourcing them
    from it costs half a second more: spaCy then compares the two
    pipelines' vectors byte for byte.) The model's lemmatizer and attribute
    ruler are made faster with the same output (see `model_speedups`).
    """
    nlp = load_model(model)  # spacy.load, with the tokenizer's regexes compiled beforehand
    _keep_compounds_whole(nlp)
    index_lemmas_as_sets(nlp)
    compile_model_attribute_ruler(nlp)
    lower, exact = knowledge_base_patterns(kb)
    previous = "ner"
    for name, attr, patterns, overwrite in ((RULER_NAME, "LOWER", lower, True), (EXACT_RULER_NAME, "ORTH", exact, False)):
        ruler = nlp.add_pipe(
            "span_ruler",
            name=name,
            after=previous,
            config={
                "spans_key": KB_SPANS,
                "annotate_ents": False,
                "validate": False,
                "phrase_matcher_attr": attr,
                "overwrite": overwrite,  # the second ruler adds to the first one's spans
            },
        )
        with nlp.select_pipes(enable=[name]):  # the ruler then disables itself: the tokenizer alone
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        previous = name
    resolver = nlp.add_pipe(RESOLVER_NAME, after=EXACT_RULER_NAME)
    resolver.configure(kb)  # type: ignore[attr-defined]
    return nlp


# ---------------------------------------------------------------------------
# The resolver
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """What the resolver needs to know, computed once when the pipeline is built."""

    kb: KnowledgeBase
    words: frozenset[str]  # ordinary French words (the lemmatizer's lemma index)
    kb_order: dict[str, int]
    not_names: frozenset[str]
    org_nouns: frozenset[str]
    nationalities: frozenset[str]
    product_nouns: frozenset[str]
    event_heads: frozenset[str]
    honorifics: frozenset[str]
    model_suffixes: frozenset[str]
    company_suffixes: frozenset[str]
    fuzzy_keys: tuple[str, ...]
    fuzzy_ids: tuple[str, ...]
    short_keys: dict[str, tuple[tuple[str, str], ...]]  # sorted letters → (key, id) of 4-5 letter forms
    company_words: frozenset[str] = frozenset()
    service_nouns: frozenset[str] = frozenset()
    regional_arms: frozenset[str] = frozenset()  # normalised
    verbs: frozenset[str] = frozenset()  # infinitives the lemmatizer knows
    participles: frozenset[str] = frozenset()  # irregular participle-shaped forms ('joint', 'acquis')
    title_nouns: frozenset[str] = frozenset()
    # normalised text → id found by `_fuzzy_entry`'s search ("" for none): the
    # search depends only on the text and the tables above, and costs the most
    fuzzy_found: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


_FUZZY_MEMO_SIZE = 100_000  # past this many texts, search without remembering


def build_lexicon(
    kb: KnowledgeBase,
    words: Iterable[str],
    verbs: Iterable[str] = (),
    participles: Iterable[str] = (),
) -> Lexicon:
    """Lookups over the knowledge base for the resolver (no per-token loops over lists)."""
    ctx = kb.context
    fuzzy: dict[str, str] = {}
    short: dict[str, list[tuple[str, str]]] = {}
    for entry in kb.entries:
        ambiguous = {normalize_name(form) for form in entry.ambiguous}
        for form in entry.surface_forms:
            key = normalize_name(form)
            if key in ambiguous:
                continue
            if len(key) >= 6:
                fuzzy.setdefault(key, entry.id)
            elif len(key) >= 4 and " " not in key:
                short.setdefault("".join(sorted(key)), []).append((key, entry.id))
    return Lexicon(
        kb=kb,
        words=frozenset(words),
        kb_order={entry.id: i for i, entry in enumerate(kb.entries)},
        not_names=kb.not_name_keys,
        org_nouns=frozenset(w.lower() for w in ctx.org_nouns),
        nationalities=frozenset(w.lower() for w in ctx.nationalities),
        product_nouns=frozenset(w.lower() for w in ctx.product_nouns),
        event_heads=frozenset(w.lower() for w in ctx.event_heads),
        honorifics=frozenset(ctx.honorifics),
        model_suffixes=frozenset(ctx.model_suffixes),
        company_suffixes=frozenset(w.lower() for w in ctx.company_suffixes),
        fuzzy_keys=tuple(fuzzy),
        fuzzy_ids=tuple(fuzzy.values()),
        short_keys={k: tuple(v) for k, v in short.items()},
        company_words=frozenset(w.lower() for w in ctx.company_words),
        service_nouns=frozenset(w.lower() for w in ctx.service_nouns),
        regional_arms=frozenset(normalize_name(w) for w in ctx.regional_arms),
        verbs=frozenset(verbs),
        participles=frozenset(participles),
        title_nouns=frozenset(w.lower() for w in ctx.title_nouns),
    )


def _lemma_words(nlp: Language) -> set[str]:
    """Every lemma the French lemmatizer knows: nouns, verbs, adjectives, adverbs."""
    if "lemmatizer" not in nlp.pipe_names:
        return set()
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return set()
    words: set[str] = set()
    for values in lookups.get_table("lemma_index").values():
        words.update(values)
    return words


_PARTICIPLE_ENDINGS = ("é", "i", "u", "û", "t", "s", "ant")


def _verb_tables(nlp: Language) -> tuple[set[str], set[str]]:
    """(verbs, irregular participle-shaped forms) from the lemmatizer's tables.

    Regular '-er' participles ('fondée', 'rencontré') are recognised by rule
    against the verbs; the irregular ones ('joint', 'acquis', 'conçu') are
    read from the exceptions. A capitalised participle opening a clause is
    no name ('Rencontré à Wolfsburg, le patron…').
    """
    if "lemmatizer" not in nlp.pipe_names:
        return set(), set()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return set(), set()
    index = lookups.get_table("lemma_index")
    verbs = set(index["verb"]) if "verb" in index else set()
    forms: set[str] = set()
    if lookups.has_table("lemma_exc"):
        exc = lookups.get_table("lemma_exc")
        if "verb" in exc:
            forms = {form for form in exc["verb"] if form.endswith(_PARTICIPLE_ENDINGS)}
    return verbs, forms


class EntityResolver:
    """Merge the model's entities with the knowledge-base matches; see the module doc."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._words = _lemma_words(nlp)
        self._verbs, self._participles = _verb_tables(nlp)
        self.lexicon: Lexicon | None = None

    def configure(self, kb: KnowledgeBase) -> None:
        self.lexicon = build_lexicon(kb, self._words, self._verbs, self._participles)

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            raise RuntimeError("entity_resolver: configure(kb) was not called")
        resolve_entities(doc, self.lexicon)
        return doc


@Language.factory(RESOLVER_NAME)
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)


@dataclass
class _Candidate:
    start: int  # token offsets
    end: int
    label: str
    kb_id: str = ""
    source: str = "model"
    weak: bool = False
    sure: bool = False  # typed by more than the model's guess (knowledge base, a cue)


def resolve_entities(doc: Doc, lex: Lexicon) -> None:
    """Write the final, non-overlapping `doc.ents` (see the module doc)."""
    model_ents = [] if _mostly_capitals(doc) else list(doc.ents)
    # `_person_holds` is false for any other entity: test each match against these only
    persons = [ent for ent in model_ents if ent.label_ == "PER" and ent.end - ent.start >= 2]
    kb_cands = [c for c in _kb_candidates(doc, lex) if not any(_person_holds(doc, ent, c, lex) for ent in persons)]
    model_cands = _model_candidates(doc, model_ents, kb_cands, lex)
    model_cands += _listed_names(doc, kb_cands + model_cands, lex)
    kept_kb = [c for c in kb_cands if _keep_kb_match(doc, c, lex)]
    chosen: list[_Candidate] = []
    last_end = 0
    for cand in sorted(kept_kb + model_cands, key=lambda c: (c.start, -c.end)):
        if cand.start >= last_end:
            chosen.append(cand)
            last_end = cand.end
    chosen = _merge_company_names(doc, chosen, lex)
    chosen = _join_hyphenated(doc, chosen, lex)
    doc.ents = [Span(doc, c.start, c.end, label=c.label, span_id=c.kb_id) for c in chosen]
    for cand in chosen:
        span = doc[cand.start : cand.end]
        span._.source = cand.source
        span._.weak = cand.weak
        if cand.sure or cand.kb_id:
            span._.sure = True


def _model_candidates(doc: Doc, ents: list[Span], kb_cands: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """The model's entities, cleaned, retyped or dropped; where a known name
    overlaps one, the known name wins and what is left around it may still
    be a name ('PDG de Voltix Jean Dupont' → 'Jean Dupont')."""
    covered = {i for c in kb_cands for i in range(c.start, c.end)}
    cands: list[_Candidate] = []
    for ent in ents:
        whole = _whole_known(doc, ent, covered, lex)
        if whole is not None:
            cands.append(whole)
            continue
        for start, end, described in _pieces(doc, ent.start, ent.end, lex):
            if not any(i in covered for i in range(start, end)):
                cand = _accept_model_span(doc, start, end, ent.label_, lex, described)
                if cand is not None:
                    cands.append(cand)
                continue
            for run_start, run_end in _runs(start, end, covered):
                for s, e, run_described in _pieces(doc, run_start, run_end, lex):
                    if _is_company_suffix(doc, s, e, lex):
                        continue  # 'Tesla Inc'
                    cand = _accept_model_span(doc, s, e, ent.label_, lex, described or run_described)
                    if cand is not None and not cand.weak:
                        cands.append(cand)
    return cands


_PARTICLES = {"de", "du", "des", "von", "van", "der", "den", "di", "da", "le", "la", "del", "bin", "ben"}


def _person_holds(doc: Doc, ent: Span, cand: _Candidate, lex: Lexicon) -> bool:
    """A known name inside a person's name is the person's: 'Charles Leclerc',
    'Henry Ford', 'Léonard de Vinci' (first names then the known name at the
    end), or an ordinary word known only with its case ('Jean Smart')."""
    if ent.label_ != "PER" or not (ent.start <= cand.start and cand.end <= ent.end) or ent.end - ent.start < 2:
        return False
    entry = lex.kb.by_id.get(cand.kb_id)
    if cand.label == "PER":
        # 'Thierry Dupont' is not 'Jean Dupont' known by his last name alone
        return (
            cand.end == ent.end
            and cand.end - cand.start == 1
            and cand.start > ent.start
            and doc[ent.start].text[:1].isupper()
            and lex.kb.lookup(ent.text) is None
            and not lex.kb.lookup(doc[ent.start : cand.start].text)
        )
    if entry is not None and doc[cand.start : cand.end].text in entry.ambiguous:
        return True
    after = doc[cand.end : ent.end]
    if cand.start == ent.start or any(not (_ROMAN.match(t.text) or t.lower_ in ("jr", "jr.", "sr", "sr.", "fils")) for t in after):
        return False
    before = doc[ent.start : cand.start]
    return before[0].text[:1].isupper() and all(
        t.text[:1].isupper() and not _is_acronym(t.text) or t.lower_ in _PARTICLES for t in before
    ) and len(before) <= 3


def _mostly_capitals(doc: Doc) -> bool:
    """A headline in capitals: every word looks like a name to the model."""
    # on the doc's arrays, not its tokens: this runs over every token of every article
    alpha, upper, length = doc.to_array([IS_ALPHA, IS_UPPER, LENGTH]).T
    words = (alpha == 1) & (length > 1)
    count = int(words.sum())
    return count >= 3 and int((words & (upper == 1)).sum()) >= 0.8 * count


def _whole_known(doc: Doc, ent: Span, covered: set[int], lex: Lexicon) -> _Candidate | None:
    """The model's whole span when it is a known name the ruler missed
    ('Commission européenne-' with a hyphen glued to it)."""
    if any(i in covered for i in range(ent.start, ent.end)):
        return None
    start, end = ent.start, ent.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    entry = lex.kb.lookup(doc[start:end].text) if start < end else None
    if entry is None:
        return None
    return _Candidate(start, end, entry.type, entry.id, "model")


def _kb_candidates(doc: Doc, lex: Lexicon) -> list[_Candidate]:
    """Non-overlapping knowledge-base matches, longest first, then in file order."""
    matches = list(doc.spans[KB_SPANS]) if KB_SPANS in doc.spans else []
    extended: list[_Candidate] = []
    for span in matches:
        cand = _Candidate(span.start, span.end, span.label_, span.id_, "rule")
        if cand.label == "PRODUCT":
            _extend_model_name(doc, cand, lex)
        extended.append(cand)
    extended.sort(key=lambda c: (-(c.end - c.start), c.start, lex.kb_order.get(c.kb_id, 0)))
    chosen: list[_Candidate] = []
    taken: set[int] = set()
    for cand in extended:
        if any(i in taken for i in range(cand.start, cand.end)):
            continue
        if _after_made_in(doc, cand.start):
            continue
        chosen.append(cand)
        taken.update(range(cand.start, cand.end))
    return _merge_regional_arms(doc, sorted(chosen, key=lambda c: c.start))


def _merge_regional_arms(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
    """'Kia Europe', 'Tesla Chine': a company name followed directly by a place
    (no preposition) is the company's regional arm, i.e. the company."""
    merged: list[_Candidate] = []
    for cand in cands:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.label == "ORG"
            and prev.kb_id
            and cand.label == "LOC"
            and cand.start == prev.end
            and doc[prev.end - 1].whitespace_ == " "
            and doc[cand.start].text[:1].isupper()
        ):
            prev.end = cand.end
            continue
        merged.append(cand)
    return merged


# Before a place, these make it a complement ('en Allemagne Siemens Energy'), not a company's first word.
_PLACE_PREPOSITIONS = {"en", "au", "aux", "dans"}


def _merge_company_names(doc: Doc, cands: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """Company names the parts of which were typed apart:

    - a place, a code or a company followed by capitalised words ending in a
      company word ('Tokyo Electric Power Company', 'Paris Aéroport', 'ZK7
      Energy', 'Siemens Energy'): one company, not a place (or a product)
      and a stray company;
    - an unknown name the model took for a person followed by a country or
      region ('Hans Vogler' + 'Belgique'): the company's national arm.

    `cands` are sorted and do not overlap; one pass over them and the words
    right after each.
    """
    owner = {i: k for k, c in enumerate(cands) for i in range(c.start, c.end)}
    merged: list[_Candidate] = []
    k = 0
    while k < len(cands):
        cand = cands[k]
        nxt = cands[k + 1] if k + 1 < len(cands) else None
        if (
            nxt is not None
            and cand.label == "PER"
            and not cand.kb_id
            and nxt.label == "LOC"
            and nxt.start == cand.end
            and doc[cand.end - 1].whitespace_ == " "
            and normalize_name(doc[nxt.start : nxt.end].text) in lex.regional_arms
        ):
            merged.append(_Candidate(cand.start, nxt.end, "ORG", "", "rule", sure=True))
            k += 2
            continue
        end = _company_after_name(doc, cand, cands, owner, lex)
        if end:
            merged.append(_known_or(doc, _Candidate(cand.start, end, "ORG", "", "rule", sure=True), lex))
            while k < len(cands) and cands[k].start < end:
                k += 1
            continue
        merged.append(cand)
        k += 1
    return merged


def _company_after_name(
    doc: Doc, lead: _Candidate, cands: list[_Candidate], owner: dict[int, int], lex: Lexicon
) -> int:
    """End of 'Tokyo Electric Power Company' when `lead` is 'Tokyo', else 0.

    The lead is a place, a company, or a one-word unknown code; never a
    person ('Samantha Power'). The words after it must be capitalised, on
    the same line, found by nobody or only by the model (a known name after
    it is another name, and so is what the model calls a product), and the
    last of them a company word; after a known company only one word of
    trade counts ('Siemens Energy'), for a legal suffix names the same
    company ('Tesla Inc') and longer names are its offers ('Zorbix Pass
    Power').
    """
    if lead.label == "LOC":
        if lead.start > 0 and doc[lead.start - 1].lower_ in _PLACE_PREPOSITIONS:
            return 0  # 'en Allemagne Siemens Energy'
    elif lead.label != "ORG" and not (not lead.kb_id and lead.end - lead.start == 1 and lead.label in ("MISC", "PRODUCT")):
        return 0
    if lead.start > 0 and doc[lead.start - 1].text[:1].isupper() and not doc[lead.start].is_sent_start:
        return 0  # inside a longer name ('Allego Smart Power', an offer)
    trade_only = lead.label == "ORG" and bool(lead.kb_id)
    j = lead.end
    last = 0
    while j < len(doc) and doc[j - 1].whitespace_ == " " and doc[j].is_alpha and doc[j].text[:1].isupper():
        k = owner.get(j)
        if k is not None and (cands[k].kb_id or cands[k].label in ("PER", "PRODUCT")) and not _trade_word_name(doc, cands[k], lex):
            break
        word = doc[j].lower_
        if word in lex.company_words or not trade_only and word in lex.company_suffixes:
            last = j + 1
        j += 1
        if trade_only:
            break
    if not last:
        return 0
    k = owner.get(last - 1)
    return max(last, cands[k].end) if k is not None else last


def _trade_word_name(doc: Doc, cand: _Candidate, lex: Lexicon) -> bool:
    """A known name that is also a word of trade ('Capital', a magazine) right
    after another name is that name's last word ('Arkéa Capital')."""
    entry = lex.kb.by_id.get(cand.kb_id) if cand.kb_id else None
    text = doc[cand.start : cand.end].text
    return entry is not None and text in entry.ambiguous and text.lower() in lex.company_words


_HYPHENS = {"-", "‐", "‑"}
# 'l'axe Paris-Lyon', 'le TGV Bordeaux-Toulouse': two places joined by a hyphen are a route.
_ROUTE_NOUNS = {"axe", "liaison", "ligne", "trajet", "tronçon", "corridor", "route", "autoroute", "itinéraire",
                "vol", "vols", "tgv", "train", "trains", "navette", "rallye", "course", "match", "duel", "entre"}


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """doc[i] is a hyphen written between two words, without spaces ('Asie-Pacifique')."""
    return (
        0 < i < len(doc) - 1
        and doc[i].text in _HYPHENS
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i - 1].is_alpha
        and doc[i + 1].is_alpha
    )


def _join_hyphenated(doc: Doc, cands: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """A hyphenated name is one name: the tokenizer splits 'Asie-Pacifique' at
    the hyphen, the knowledge base knows 'Asie' and 'Pacifique', the model
    takes 'Karl' apart from 'Thomas Neumann' or stops at 'Hewlett'.

    Neighbours joined by a glued hyphen are merged when their types allow it
    (see `_compound_label`); a capitalised word glued to a name by a hyphen
    and found by nobody is taken in. The result is a known name when the
    knowledge base has the compound, else an unknown one.
    """
    if not cands:
        return cands
    joined: list[_Candidate] = []
    for cand in cands:
        prev = joined[-1] if joined else None
        if prev is not None and cand.start == prev.end + 1 and _glued_hyphen(doc, prev.end):
            label = _compound_label(doc, prev, cand)
            if label:
                source = "rule" if prev.source == "rule" or cand.source == "rule" else "model"
                joined[-1] = _known_or(doc, _Candidate(prev.start, cand.end, label, "", source, sure=prev.sure or cand.sure), lex)
                continue
        joined.append(cand)
    for k, cand in enumerate(joined):
        if cand.label in ("PRODUCT", "STANDARD"):
            continue  # model names have their own rules ('Mach-E', 'ë-C3')
        lower = joined[k - 1].end if k else 0
        upper = joined[k + 1].start if k + 1 < len(joined) else len(doc)
        start, end = cand.start, cand.end
        while start - 2 >= lower and _glued_hyphen(doc, start - 1) and _joins_name(doc[start - 2], cand, lex):
            start -= 2
        while end + 2 <= upper and _glued_hyphen(doc, end) and _joins_name(doc[end + 1], cand, lex):
            end += 2
        if (start, end) != (cand.start, cand.end):
            joined[k] = _known_or(doc, _Candidate(start, end, cand.label, "", cand.source, sure=cand.sure), lex)
    return joined


def _hyphenated_name(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words joined by a hyphen ('Seine-Maritime') are a name even
    when each is an ordinary word."""
    return any(
        _glued_hyphen(doc, i) and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper()
        for i in range(start + 1, end - 1)
    )


def _joins_name(token: Token, cand: _Candidate, lex: Lexicon) -> bool:
    """A word glued by a hyphen to a name and part of it: capitalised and no
    ordinary word ('Packard', not 'Ex-' or 'Anti-'); a person's given names
    may be lowercase after the hyphen ('Dong-myung')."""
    if token.lower_ in STOP_WORDS:
        return False
    if cand.label == "PER":
        return token.text[:1].isupper() or token.i > cand.start
    return token.text[:1].isupper() and not _is_common(token, lex) and normalize_name(token.text) not in lex.not_names


def _compound_label(doc: Doc, a: _Candidate, b: _Candidate) -> str:
    """The type of 'A-B' made of two names, or '' when they stay two names.

    Two known companies are a pair ('Renault-Nissan', 'Stellantis-CATL': both
    are named), two places after a route noun a route ('l'axe Paris-Lyon');
    two places otherwise one region ('Asie-Pacifique', 'Rhône-Alpes').
    A person's name takes in an unknown name ('Karl-Thomas Neumann'), a company
    an unknown word ('Mercedes-AMG').
    """
    labels = {a.label, b.label}
    if "PRODUCT" in labels or "STANDARD" in labels or a.kb_id and a.kb_id == b.kb_id:
        return ""
    if a.kb_id and b.kb_id and labels != {"LOC"}:
        return ""  # two known companies, or a company and a place
    if labels == {"LOC"}:
        first = a.start
        while first >= 2 and _glued_hyphen(doc, first - 1) and doc[first - 2].text[:1].isupper():
            first -= 2  # 'l'axe Lille-Lyon-Marseille': every stop of the route
        before = doc[first - 1].lower_ if first > 0 else ""
        if before in ("le", "la", "l'", "l’", "du", "de", "d'", "d’") and first > 1:
            before = doc[first - 2].lower_
        return "" if before in _ROUTE_NOUNS else "LOC"
    known = a if a.kb_id else b if b.kb_id else None
    if known is not None:
        return known.label if known.label in ("ORG", "LOC") else ""
    for label in ("PER", "ORG", "LOC"):
        if label in labels:
            return label
    return ""


def _known_or(doc: Doc, cand: _Candidate, lex: Lexicon) -> _Candidate:
    """The candidate with the knowledge base's id and type when it knows the whole name."""
    entry = lex.kb.lookup(doc[cand.start : cand.end].text)
    if entry is not None:
        cand.kb_id, cand.label = entry.id, entry.type
    return cand


def _extend_model_name(doc: Doc, cand: _Candidate, lex: Lexicon) -> None:
    """'Dolphin Mini', 'Seal X': a known model name plus a suffix is another model."""
    end = cand.end
    while end < len(doc):
        text = doc[end].text
        if not (text in lex.model_suffixes or (len(text) == 1 and text.isupper())):
            break
        end += 1
    if end > cand.end:
        cand.end = end
        cand.kb_id = ""  # another model than the one the knowledge base knows


def _keep_kb_match(doc: Doc, cand: _Candidate, lex: Lexicon) -> bool:
    """An ambiguous form that opens a sentence and is made of ordinary words is
    no name unless the model saw an entity there too ('Total, ce sont…' vs
    'Total a…'; 'Le Maire de Lyon' vs 'Le Maire a annoncé')."""
    if not cand.kb_id:
        return True
    span = doc[cand.start : cand.end]
    entry = lex.kb.by_id.get(cand.kb_id)
    if entry is None or span.text not in entry.ambiguous:
        return True
    if not (span[0].is_sent_start and all(_is_common(t, lex) for t in span if t.is_alpha)):
        return True
    return any(t.ent_type_ for t in span)


def _pieces(doc: Doc, start: int, end: int, lex: Lexicon) -> list[tuple[int, int, bool]]:
    """A span cut at line breaks, each piece trimmed of what is not part of a name.

    The flag says a lowercase content word was trimmed from the front: the
    model took a description for a name ('ministre de l'Industrie').
    """
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for i in range(start, end):
        if "\n" in doc[i].text:
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    trimmed = []
    for s, e in pieces:
        described = False
        while s < e and (_is_filler(doc[s], lex, leading=True) or _participle_opener(doc, s, lex)):
            described = described or (
                doc[s].is_alpha and (doc[s].is_lower and doc[s].lower_ not in STOP_WORDS or doc[s].lower_ in lex.title_nouns)
            )
            s += 1
        while (
            e > s
            and _is_filler(doc[e - 1], lex, leading=False)
            and not _hyphen_glued(doc, e - 1)
            and doc[e - 1].text not in lex.model_suffixes  # 'Q8 e-tron'
        ):
            e -= 1
        if s < e:
            trimmed.append((s, e, described))
    return trimmed


_LEADING_ARTICLES = {"l'", "l’", "d'", "d’", "le", "la", "les", "de", "du", "des"}
_CLAUSE_OPENERS = {",", ";", ":", "(", "«", '"', "“", "—", "–", "-"}


def _participle_opener(doc: Doc, i: int, lex: Lexicon) -> bool:
    """'Rencontré à Wolfsburg, le patron…', 'Contactée, la firme…', 'Fondée en
    2012, …': a capitalised participle opening a sentence or a clause, followed
    by a comma or a preposition, is the verb of a participle clause, not a
    name (the model types it LOC, PER or ORG). 'Aimé Jacquet' is followed by
    a name; a form the knowledge base knows is matched before this is asked."""
    token = doc[i]
    text = token.text
    if not (token.is_alpha and text[:1].isupper() and text[1:].islower()):
        return False
    if not (i == 0 or token.is_sent_start or doc[i - 1].text in _CLAUSE_OPENERS or doc[i - 1].is_space):
        return False
    if i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    if not (nxt.text == "," or nxt.is_lower and nxt.pos_ in ("ADP", "ADV")):
        return False
    return _is_participle(token.lower_, lex)


def _is_participle(lower: str, lex: Lexicon) -> bool:
    """A past or present participle of a known verb, in any gender and number:
    'fondée' (fonder), 'installés', 'jointe' (joindre), 'acquises', 'finissant'."""
    stems = [lower]
    if lower.endswith("es"):
        stems.append(lower[:-2])
    if lower.endswith(("e", "s")):
        stems.append(lower[:-1])
    for stem in stems:
        if stem.endswith(("é", "ant")) and stem[: -1 if stem.endswith("é") else -3] + "er" in lex.verbs:
            return True
        if stem in lex.participles and stem.endswith(_PARTICIPLE_ENDINGS):
            return True
    return False


def _hyphen_glued(doc: Doc, i: int) -> bool:
    """'myung' in 'Dong-myung': the end of a hyphenated name, not a trailing word."""
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_


def _is_filler(token: Token, lex: Lexicon, leading: bool) -> bool:
    """Determiners, prepositions, punctuation, lowercase words, titles: not a name's edge."""
    text = token.text
    if token.is_space or (token.is_punct and text not in ("&",)):
        return True
    if leading and (text in lex.honorifics or token.lower_ in _LEADING_ARTICLES or token.lower_ in lex.title_nouns):
        return True  # 'M. Dupont', 'Président Macron', 'Présidente-Directrice générale'

    if not text[:1].islower() or any(ch.isupper() or ch.isdigit() for ch in text):
        return False
    # Names of institutions end with adjectives: 'Commission européenne'.
    return leading or token.pos_ != "ADJ" or token.lower_ in STOP_WORDS


def _runs(start: int, end: int, covered: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    run_start: int | None = None
    for i in range(start, end):
        if i in covered:
            if run_start is not None:
                runs.append((run_start, i))
                run_start = None
        elif run_start is None:
            run_start = i
    if run_start is not None:
        runs.append((run_start, end))
    return runs


def _is_company_suffix(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    return all(token.lower_.rstrip(".") in lex.company_suffixes for token in doc[start:end])


def _accept_model_span(
    doc: Doc, start: int, end: int, label: str, lex: Lexicon, described: bool = False
) -> _Candidate | None:
    """The model's span as an entity candidate, or None when it is noise."""
    span = doc[start:end]
    text = span.text
    key = normalize_name(text)
    if not key or not any(ch.isalpha() for ch in key) or key in lex.not_names:
        return None
    if end - start == 1 and _UNIT.match(text):
        return None
    if end - start == 1 and text.lower() in ENGLISH_STOP_WORDS and not _is_common(span[0], lex) and not lex.kb.lookup(text):
        return None  # 'However' left by a machine translation
    if _defined_term(doc, start, end):
        return _Candidate(start, end, "MISC", "", "rule", sure=True)  # 'extraction directe du lithium (DLE)'
    if _after_made_in(doc, start):
        return None
    entry = lex.kb.lookup(text) or _fuzzy_entry(text, label, lex)
    if entry is not None:
        return _Candidate(start, end, entry.type, entry.id, "model")
    if not text[:1].isupper() and not text[:1].isdigit() and not _LOWER_MODEL_CODE.match(text):
        return None
    if _after_title(doc, start, lex) and not _hyphenated_name(doc, start, end):
        office_end = _office_words_end(doc, start, end, lex)
        if office_end == end:
            return _Candidate(start, end, label, weak=True)  # 'le ministre de l'Energie': an office's domain
        if office_end > start and _person_shaped(doc, office_end, end, lex):
            return _Candidate(office_end, end, "PER", "", "rule", sure=True)  # '… de la Commission Frans Timmermans'
    if label != "PER" and _person_shaped(doc, start, end, lex) and _title_after(doc, end, lex):
        return _Candidate(start, end, "PER", "", "rule", sure=True)  # 'Yin Tongyue, président de Chery'
    # an ordinary word is a place when the model and the cue agree ('au cœur de Rabat')
    place = _place_cue(doc, start, end, label) and (label == "LOC" or not _is_weak(span, label, lex))
    cue = (
        _cue_type(doc, start, lex)
        # 'à Las Vegas, la marque a…', 'en Bretagne, l'entreprise…': the next clause, no apposition
        or ("" if place or _locative_before(doc, start) else _cue_after(doc, end, lex))
        or _company_suffix_type(span, lex)
        or (_car_model_type(doc, start, end, lex) if label in ("ORG", "PER") else "")
        or _model_code_type(doc, start, end, label, lex)
    )
    if place and not cue:  # 'une usine à X', 'le site de X'
        return _Candidate(start, end, "LOC", "", "rule" if label != "LOC" else "model", sure=True)
    if label == "MISC":
        if cue:
            return _Candidate(start, end, cue, "", "rule", sure=True)
        if span[0].lower_ in lex.event_heads and end - start > 1 and not _is_weak(span, label, lex):
            return _Candidate(start, end, "MISC")  # 'Loi Climat', 'Salon de Genève', not 'Accord'
        return None
    if cue == "PRODUCT":
        return _Candidate(start, end, "PRODUCT", "", "rule", sure=True)
    if label == "PER" and _regional_arm(doc, start, end, lex):
        return _Candidate(start, end, "ORG", "", "rule", sure=True)  # 'Emil Frey France'
    if cue == "ORG" and (label != "PER" or end - start == 1 or _institutional_cue(doc, start)):
        # 'le groupe Continental', 'Rivian, le jeune constructeur', '… Limited'
        return _Candidate(start, end, "ORG", "", "rule" if label != "ORG" else "model", sure=True)
    if label == "PER" and all(_is_acronym(t.text) for t in span):
        return _Candidate(start, end, "ORG", "", "rule", sure=True)  # 'APRR' is no person
    if _after_source_label(doc, start):
        return _Candidate(start, end, "ORG", "", "rule" if label != "ORG" else "model", sure=True)
    weak = not _hyphenated_name(doc, start, end) and (
        _is_weak(span, label, lex) or described and all(_is_common(t, lex) for t in span if t.is_alpha)
    )
    return _Candidate(start, end, label, weak=weak)


_OFFICE_LINKS = {"de", "d'", "d’", "du", "des", "la", "le", "l'", "l’"}


def _after_title(doc: Doc, start: int, lex: Lexicon) -> bool:
    """doc[start] follows an office: 'président X', 'le ministre de l'X',
    'la directrice générale de la X', 'le vice-président de la X'."""
    i = start - 1
    links = 0
    while i >= 0 and doc[i].lower_ in _OFFICE_LINKS and links < 2:
        i -= 1
        links += 1
    if links and doc[i + 1].lower_ not in ("de", "d'", "d’", "du", "des"):
        return False  # 'le X': an article alone links nothing
    while i >= 0 and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i -= 1  # 'directeur général de'
    return i >= 0 and any(form in lex.title_nouns for form in _words_ending_at(doc, i))


def _office_words_end(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """End of the ordinary words opening doc[start:end] ('Commission' in
    'Commission Frans Timmermans', all of 'Marketing & Services')."""
    i = start
    while i < end and (doc[i].text == "&" or doc[i].is_alpha and not _is_acronym(doc[i].text) and _is_office_word(doc[i], lex)):
        i += 1
    return i


def _is_office_word(token: Token, lex: Lexicon) -> bool:
    """An ordinary word, also in a plural the lemmatizer left alone ('Achats')."""
    lower = token.lower_
    return _is_common(token, lex) or lower.endswith("s") and lower[:-1] in lex.words


def _person_shaped(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """Two to four capitalised words, not all of them ordinary words, no acronym
    and no company word: 'Frans Timmermans', 'Yin Tongyue'."""
    span = doc[start:end]
    if not 2 <= len(span) <= 4 or lex.kb.lookup(span.text) is not None:
        return False
    for k, token in enumerate(span):
        if token.lower_ in _PARTICLES and 0 < k < len(span) - 1:
            continue
        if not (token.is_alpha and token.text[:1].isupper() and token.text[1:2].islower()):
            return False
        if token.lower_ in lex.company_words or token.lower_ in lex.company_suffixes:
            return False
    return not all(_is_common(token, lex) for token in span)


def _title_after(doc: Doc, end: int, lex: Lexicon) -> bool:
    """', président de X', ', la directrice générale de X' right after a name: the
    name is the office holder's ('chef de file' is a rank, not an office)."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    i = end + 1
    if doc[i].pos_ == "DET" and i + 1 < len(doc):
        i += 1
    j = i  # 'vice-président' is three tokens
    while j + 2 < len(doc) and _glued_hyphen(doc, j + 1):
        j += 2
    if not any(form in lex.title_nouns for form in _words_ending_at(doc, j)):
        return False
    return not (j + 2 < len(doc) and doc[j + 1].lower_ == "de" and doc[j + 2].lower_ == "file")


def _locative_before(doc: Doc, start: int) -> bool:
    """'en Bretagne, …', 'dans le Finistère, …': the name is where the next clause happens."""
    if start > 0 and doc[start - 1].lower_ == "en":
        return True
    return start > 1 and doc[start - 1].lower_ in ("le", "la", "les", "l'", "l’") and doc[start - 2].lower_ == "dans"


def _defined_term(doc: Doc, start: int, end: int) -> bool:
    """An acronym in brackets after the lowercase words it abbreviates, in French
    or English order ('extraction directe du lithium (DLE)', 'système de
    gestion de batterie (BMS)'): a technical term, not an organisation."""
    acronym = doc[start:end].text
    if end - start != 1 or not _is_acronym(acronym) or start < 2 or doc[start - 1].text != "(":
        return False
    if end >= len(doc) or doc[end].text != ")":
        return False
    initials: list[str] = []
    i = start - 2
    while i >= 0 and len(initials) < len(acronym) and doc[i].is_alpha and doc[i].is_lower:
        if doc[i].pos_ not in ("DET", "ADP", "CCONJ"):
            initials.append(normalize_name(doc[i].text)[:1])
        i -= 1
    return len(initials) == len(acronym) and sorted(initials) == sorted(acronym.lower())


# Nouns after which 'de X' names a place: 'l'usine de X', 'près de X', 'dans la région de X'.
# Not 'le siège de X' or 'aux côtés de X', said of companies.
_PLACE_NOUNS = frozenset({
    "usine", "usines", "site", "sites", "gigafactory", "gigausine", "région", "ville", "commune", "province",
    "agglomération", "métropole", "banlieue", "périphérie", "environs", "proximité", "près", "côté", "cœur", "coeur",
    "quartier", "département", "district", "comté", "village", "port", "localité", "municipalité",
})
# A place noun right before a name: 'l'usine Mirafiori', 'la région Occitanie'.
_PLACE_APPOSITION = frozenset({"usine", "usines", "site", "sites", "gigafactory", "gigausine", "région", "ville",
                               "commune", "province", "quartier", "département", "district", "comté", "village"})
# 'grâce à X', 'face à X', 'par rapport à X': 'à' without a place.
_NOT_PLACE_BEFORE_A = frozenset({"grâce", "face", "rapport", "quant", "contrairement", "conformément", "comparé",
                                 "comparée", "comparés", "comparées", "identique", "semblable", "égal", "supérieur",
                                 "inférieur", "fidèle", "merci", "bravo", "appel", "recours", "confiance"})
# Verbs and nouns whose 'à X' is the one spoken to, sold to, joined to: 'a déclaré à X', 'cédé à X'.
_DATIVE_LEMMAS = frozenset({
    "déclarer", "dire", "indiquer", "confier", "expliquer", "affirmer", "préciser", "assurer", "répondre",
    "raconter", "souligner", "rappeler", "signaler", "écrire", "demander", "proposer", "promettre", "répéter",
    "vendre", "céder", "fournir", "livrer", "transmettre", "accorder", "attribuer", "verser", "acheter",
    "racheter", "emprunter", "louer", "offrir", "permettre", "appartenir", "ressembler", "succéder", "associer",
    "allier", "lier", "rattacher", "intégrer", "adosser", "imposer", "reprocher", "adresser", "confronter",
    "opposer", "rendre", "facturer", "commander", "payer", "envoyer", "revendre", "destiner", "ouvrir",
    "vente", "cession", "livraison", "fourniture", "lettre", "réponse", "message", "commande", "accès",
    "participation", "rival", "concurrent", "réserver", "infliger", "aide", "subvention", "prêt", "soutien",
})


_TIME_WORDS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "soir", "matin"})
# 'à Noël', 'à Pâques': a feast, not a place.
_FEASTS = frozenset({"noël", "pâques", "toussaint", "pentecôte", "ascension", "carnaval", "ramadan", "thanksgiving"})


def _dative_head(doc: Doc, i: int) -> bool:
    """The word 'à' depends on, read back from doc[i] over adverbs, days and an
    object ('a déclaré jeudi à X', 'a cédé sa filiale à X'), is a verb or noun
    of speaking or giving; a place noun or another verb ends the search ('une
    usine à X', 'les livraisons sont prévues à X')."""
    for token in reversed(doc[max(i - 4, 0) : i + 1]):
        lower = token.lower_
        if lower in _DATIVE_LEMMAS or token.lemma_.lower() in _DATIVE_LEMMAS:
            return True
        if lower in _PLACE_NOUNS or token.pos_ == "VERB":
            return False
        if token.pos_ not in ("ADV", "AUX", "DET", "NOUN", "ADJ", "NUM") and lower not in _TIME_WORDS:
            return False
    return False


def _place_cue(doc: Doc, start: int, end: int, label: str) -> bool:
    """True when the words before doc[start:end] say it is a place: 'une usine à
    X', 'installée à X', 'près de X', 'dans la région de X', 'l'usine
    polonaise de X', 'son usine de cellules de X', 'le site de X'.

    The model types little-known places after these cues as companies or
    people. Not a cue: 'à' after a verb of saying or giving ('a déclaré à
    X', 'cédé à X'), after 'grâce'/'face', or after a name ('de X à Y'
    lists two of a kind). A person named by several words is a person.
    """
    if start < 1 or label == "PER" and any(doc[i].whitespace_ for i in range(start, end - 1)):
        return False
    if doc[start].lower_ in _FEASTS:
        return False
    before = doc[start - 1].lower_
    if before == "à":
        if start < 2:
            return True  # 'À X, le constructeur…'
        prev = doc[start - 2]
        if prev.text[:1].isupper():
            # 'l'usine Mirafiori à X', 'le site de Melfi à X'; not 'de Tesla à X' (two of a kind)
            i = start - 2
            while i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha:
                i -= 1
            if i > 0 and doc[i - 1].lower_ in ("de", "d'", "d’"):
                i -= 1
            return i > 0 and _place_noun_before(doc, i - 1)
        if prev.lower_ in _NOT_PLACE_BEFORE_A:
            return False
        return not _dative_head(doc, start - 2)
    if before in ("la", "le", "l'", "l’") and start >= 3 and doc[start - 2].lower_ in ("de", "d'", "d’"):
        # 'l'usine de la Zona Franca'; 'le site de la SNCF' is a company's
        return not _is_acronym(doc[start].text) and _place_noun_before(doc, _before_owner(doc, start - 3))
    if before in ("de", "d'", "d’"):
        return _place_noun_before(doc, _before_owner(doc, start - 2))
    return before in _PLACE_APPOSITION  # 'l'usine Mirafiori', 'le site Zorbix'


def _before_owner(doc: Doc, i: int) -> int:
    """Index before the capitalised name ending at doc[i], if any: 'l'usine
    Renault de X', 'l'usine Heuliez Bus de X' name the owner between the place
    noun and the place."""
    j = i
    while j >= 0 and i - j < 3 and doc[j].is_alpha and doc[j].text[:1].isupper():
        j -= 1
    return j


def _place_noun_before(doc: Doc, i: int) -> bool:
    """doc[i] closes a place noun: 'usine', 'usine polonaise', 'usine de cellules'."""
    while i >= 0 and doc[i].pos_ == "ADJ" and doc[i].is_lower:
        i -= 1
    if i >= 2 and doc[i].lower_ not in _PLACE_NOUNS and doc[i].is_lower and doc[i - 1].lower_ in ("de", "d'", "d’", "des"):
        i -= 2  # 'usine de cellules de X': the noun's complement
        while i >= 0 and doc[i].pos_ == "ADJ" and doc[i].is_lower:
            i -= 1
    return i >= 0 and doc[i].lower_ in _PLACE_NOUNS


_INSTITUTION_NOUNS = {"groupe", "société", "entreprise", "constructeur", "firme", "marque", "start-up", "startup",
                      "équipementier", "motoriste", "filiale", "compagnie", "enseigne", "coentreprise", "banque",
                      "fonds", "cabinet", "agence", "distributeur", "importateur", "opérateur", "loueur",
                      "assureur", "énergéticien", "plateforme", "application", "appli", "service"}


def _regional_arm(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """'Emil Frey France', 'Hans Vogler Belgique': a name the model took for a
    person, ending in a country or region that makes a company's national arm
    (the first words are capitalised, the place is not the whole name)."""
    for size in (1, 2, 3):
        if end - start <= size:
            return False
        tail = doc[end - size : end]
        if normalize_name(tail.text) in lex.regional_arms and tail[0].text[:1].isupper():
            return all(t.text[:1].isupper() or t.lower_ in _PARTICLES for t in doc[start : end - size])
    return False


def _institutional_cue(doc: Doc, start: int) -> bool:
    """'le groupe Emil Frey': nouns that never stand before a person's name (unlike
    'le spécialiste', 'le producteur')."""
    for i in range(start - 1, max(start - 4, -1), -1):
        if any(form in _INSTITUTION_NOUNS for form in _words_ending_at(doc, i)):
            return True
        if not (doc[i].pos_ == "ADJ" and doc[i].is_lower):
            return False
    return False


def _cue_after(doc: Doc, end: int, lex: Lexicon) -> str:
    """ORG or PRODUCT from an apposition after the name: 'Rivian, le jeune
    constructeur américain' ('X, la marque…', 'X, un fabricant…', 'X, filiale
    de Y')."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return ""
    if doc[end + 1].pos_ != "DET":
        # 'X, filiale d'EDF, …': a company noun with its owner, no article
        owned = doc[end + 1].lower_ in lex.org_nouns and doc[end + 2].lower_ in ("de", "d'", "d’", "du", "des")
        return "ORG" if owned else ""
    i = end + 2
    while i < len(doc) and i < end + 5:
        token = doc[i]
        if token.pos_ == "ADJ" and token.is_lower:
            i += 1
            continue
        last = i  # 'start-up' is three tokens: read the whole written word
        while last + 2 < len(doc) and _glued_hyphen(doc, last + 1) and last < i + 4:
            last += 2
        for words in (token.lower_, token.lemma_.lower(), *_words_ending_at(doc, last)):
            if words in lex.org_nouns:
                return "ORG"
            if words in lex.product_nouns:
                return "PRODUCT"
        return ""
    return ""


def _car_model_type(doc: Doc, start: int, end: int, lex: Lexicon) -> str:
    """'assemble le Scénic', 'la Clio': a name right after 'le'/'la' is a model
    of car in this field's news (companies and people take no article), unless
    it is an acronym ('la CFDT') or an ordinary word ('le Maire', 'le Monde'). Places take
    articles too ('le Pas-de-Calais'), and so do events ('le Brexit'): the
    caller asks only for the model's ORG and PER."""
    if start == 0 or end - start > 2 or doc[start - 1].lower_ not in ("le", "la"):
        return ""
    first = doc[start]
    if _is_acronym(first.text) or not first.text[:1].isupper() or _is_common(first, lex):
        return ""
    if end - start == 2 and not any(ch.isdigit() for ch in doc[start + 1].text):
        return ""
    if end < len(doc) and _looks_like_model_code(_word_at(doc, end)):
        return ""  # 'la Peugeot e-208': the brand, followed by the model
    return "PRODUCT"


_MODEL_CODE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Za-z0-9]{2,6}$")
# 'iX3', 'e-208', 'eC4', 'i5': a lowercase letter before capitals or digits; no company writes its name so
_LOWER_MODEL_CODE = re.compile(r"^[a-z]{1,2}-?(?=[A-Za-z0-9]*\d)[A-Z0-9][A-Za-z0-9]{0,5}$")
# 'ID.1', 'ID.Buzz', 'ID.Polo': a short prefix, a dot, digits or a capitalised word ('E.ON' is a company)
_DOTTED_MODEL = re.compile(r"^[A-Z][A-Za-z]{0,3}\.(?:\d+[A-Za-z]?|[A-Z][a-z]+\d*)$")
def _brand_and_code_type(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> str:
    """'Orvo Q7', 'Kelvo e-Q5': a brand then a code of letters and digits is a
    model, whatever the model guessed; a place only after an article ('la
    Kelvo X7'), for 'Terminal T2' is a place. 'Groupe M6' is a company."""
    first, code = doc[start], doc[start + 1 : end].text
    if not (_MODEL_CODE.match(code) or _LOWER_MODEL_CODE.match(code)) or not first.text[:1].isupper():
        return ""
    if not first.is_alpha or first.lower_ in lex.org_nouns or first.lower_ in lex.company_suffixes:
        return ""
    if first.lower_ in lex.event_heads:
        return ""  # 'Plan H2', 'Salon E3'
    if label == "LOC" and not (start > 0 and doc[start - 1].lower_ in _MODEL_ARTICLES):
        return ""
    return "PRODUCT"


_MODEL_ARTICLES = {"le", "la", "l'", "l’", "les", "un", "une", "du", "au", "sa", "son", "ses", "leur", "ce", "cette"}


def _model_code_type(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> str:
    """'le R2', 'le scooter C30', 'l'EX30', 'l'ID.1', 'la e-208', 'Volvo EX90':
    letters and digits in one short word name a model, never a person; a
    place only as a road ('l'A7'), a company when nothing says it is a model
    ('MN8', 'N26')."""
    if end - start == 2 and doc[end - 1].text in lex.model_suffixes and any(ch.isdigit() for ch in doc[start].text):
        return "PRODUCT"  # 'la Q8 e-tron', 'le X5 Sport'
    if end - start >= 2 and doc[start].whitespace_ and not any(doc[i].whitespace_ for i in range(start + 1, end - 1)):
        return _brand_and_code_type(doc, start, end, label, lex)
    if any(doc[i].whitespace_ for i in range(start, end - 1)):
        return ""  # one written word only
    text = doc[start:end].text
    if _DOTTED_MODEL.match(text) or _LOWER_MODEL_CODE.match(text):
        return "PRODUCT"
    if end - start != 1 or not _MODEL_CODE.match(text):
        return ""
    if text.rstrip("0123456789").lower() in lex.event_heads:
        return ""  # 'COP28'
    if label in ("PER", "MISC"):
        return "PRODUCT"
    before = doc[start - 1] if start > 0 else None
    if before is None:
        return ""
    if label == "LOC":
        return "PRODUCT" if before.lower_ in ("le", "la") else ""
    if before.lower_ in _MODEL_ARTICLES:
        return "PRODUCT"  # companies take no article
    entry = lex.kb.lookup(before.text) if before.text[:1].isupper() else None
    return "PRODUCT" if entry is not None and entry.type == "ORG" else ""  # 'Volvo EX90'


def _word_at(doc: Doc, i: int) -> str:
    """The written word starting at token i ('ë-C3' is three tokens)."""
    j = i
    while j < len(doc) - 1 and not doc[j].whitespace_:
        j += 1
    return doc[i : j + 1].text


def _looks_like_model_code(text: str) -> bool:
    return bool(text[:1].isupper() or any(ch.isdigit() for ch in text)) and any(ch.isalnum() for ch in text)


def _company_suffix_type(span: Span, lex: Lexicon) -> str:
    """'Horse Powertrain Limited', 'Zorbix Group': a company by its legal suffix."""
    last = span[-1]
    if len(span) > 1 and last.text[:1].isupper() and last.lower_.rstrip(".") in lex.company_suffixes:
        return "ORG"
    return ""


def _after_source_label(doc: Doc, start: int) -> bool:
    """'(Source : Automobile Propre)': a publication cited as a source."""
    if start < 2 or doc[start - 1].text != ":":
        return False
    return doc[start - 2].lower_ in ("source", "sources")


_LIST_WORDS = {",", "et", "ou"}


def _listed_names(doc: Doc, found: list[_Candidate], lex: Lexicon) -> list[_Candidate]:
    """Names the model missed, and types it got wrong, from their neighbours.

    An enumeration of names has one type: 'soutenue par Volkswagen, BMW et
    Goldman Sachs' → Goldman Sachs (missed by the model) is an ORG; in
    'Renault, Kolver et Stellantis' the model's PER for Kolver becomes ORG.
    A capitalised word after a noun in apposition is a name of that kind
    ('la start-up Zorbix')."""
    by_end = {c.end: c for c in found}
    by_start = {c.start: c for c in found}
    for _ in range(2):  # a member typed in the first pass types the others in the second
        for cand in found:
            if cand.source == "model" and not cand.kb_id and not cand.sure:  # a cue typed it
                label = _list_type(doc, cand.start, cand.end, by_end, by_start)
                if label and cand.weak and label == cand.label:
                    cand.weak = False  # ordinary words listed among names are a name
                elif label == "ORG" and cand.weak and _list_head_cue(doc, cand.start, by_end, lex) == "ORG":
                    # 'ses hôtels Ramada, Kyriad et Campanile': a brand, whatever the word means
                    cand.label, cand.weak, cand.source = "ORG", False, "rule"
                elif label and label != cand.label and not cand.weak:
                    cand.label = label
                    cand.source = "rule"
    taken = {i for c in found for i in range(c.start, c.end)}
    # `_is_name_token` wants an alphabetic proper noun: read on the doc's arrays,
    # so that the other tokens are passed over without making them
    alpha, pos = doc.to_array([IS_ALPHA, POS]).T
    proper = ((alpha == 1) & (pos == PROPN)).tolist()
    added: list[_Candidate] = []
    i = 0
    while i < len(doc):
        if i in taken or not proper[i] or not _is_name_token(doc[i], lex):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end not in taken and _continues_name(doc[end], lex):
            end += 1
        label = _list_type(doc, i, end, by_end, by_start) or _cue_type(doc, i, lex)
        if label:
            added.append(_Candidate(i, end, label, "", "rule"))
        i = end
    return added


def _list_type(doc: Doc, start: int, end: int, by_end: dict[int, _Candidate], by_start: dict[int, _Candidate]) -> str:
    """The type shared by the names enumerated with doc[start:end], or ''.

    An enumeration is names joined by commas and closed by 'et'/'ou'
    ('Volkswagen, BMW et X', 'de Fastned, d'Electra et d'X'); commas alone
    are an apposition ('le patron de Volvo Cars, Jim Rowan, a…') and say
    nothing of the type. One member at least must be known or typed by a
    rule, and all must agree.
    """
    members: list[_Candidate] = []
    closed = False
    s = start
    while (joint := _joint_before(doc, s)) is not None and (cand := by_end.get(joint[0])) is not None:
        closed = closed or joint[1] != ","
        members.append(cand)
        s = cand.start
    e = end
    while (joint := _joint_after(doc, e)) is not None and (cand := by_start.get(joint[0])) is not None:
        closed = closed or joint[1] != ","
        members.append(cand)
        e = cand.end
    if not any(c.kb_id or c.sure or c.source == "rule" for c in members):
        return ""  # the model's guesses alone do not type their neighbours
    # an ordinary word the model typed ('Campanile') does not outvote the names
    labels = {c.label for c in members if not c.weak} or {c.label for c in members}
    return labels.pop() if closed and len(labels) == 1 and labels <= {"ORG", "PER", "LOC"} else ""


def _list_head_cue(doc: Doc, start: int, by_end: dict[int, _Candidate], lex: Lexicon) -> str:
    """The cue before the first member of the enumeration holding doc[start]
    ('les enseignes X, Y et Z' → ORG for Z)."""
    s = start
    while (joint := _joint_before(doc, s)) is not None and (cand := by_end.get(joint[0])) is not None:
        s = cand.start
    return _cue_type(doc, s, lex)


_LIST_PREPOSITIONS = {"de", "d'", "d’", "du", "des", "à", "au", "aux", "le", "la", "l'", "l’", "les", "chez"}


def _joint_after(doc: Doc, end: int) -> tuple[int, str] | None:
    """(start of the next member, joining word) after a member ending at `end`."""
    if end >= len(doc) or doc[end].lower_ not in _LIST_WORDS:
        return None
    nxt = end + 1
    if nxt < len(doc) and doc[nxt].lower_ in _LIST_PREPOSITIONS:
        nxt += 1
    return (nxt, doc[end].lower_) if nxt < len(doc) else None


def _joint_before(doc: Doc, start: int) -> tuple[int, str] | None:
    """(end of the previous member, joining word) before a member starting at `start`."""
    i = start - 1
    if i >= 1 and doc[i].lower_ in _LIST_PREPOSITIONS:
        i -= 1
    if i < 1 or doc[i].lower_ not in _LIST_WORDS:
        return None
    return i, doc[i].lower_


def _continues_name(token: Token, lex: Lexicon) -> bool:
    return token.is_alpha and token.text[:1].isupper() and normalize_name(token.text) not in lex.not_names


def _is_name_token(token: Token, lex: Lexicon) -> bool:
    """A capitalised word inside a sentence that is not an ordinary word."""
    return (
        token.is_alpha
        and token.text[:1].isupper()
        and not token.is_sent_start
        and token.pos_ == "PROPN"
        and not _is_common(token, lex)
        and not _participle_opener(token.doc, token.i, lex)
        and normalize_name(token.text) not in lex.not_names
    )


_ROMAN = re.compile(r"^[IVX]+$")


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper() and not _ROMAN.match(text)


def _after_made_in(doc: Doc, start: int) -> bool:
    """'made in China' names a label, not the place."""
    return start >= 2 and doc[start - 2].lower_ == "made" and doc[start - 1].lower_ == "in"


_LIST_LEADS = {"comme", "tels", "telles", "tel", "telle", "que", "notamment", "dont", "parmi", ":"}


def _cue_type(doc: Doc, start: int, lex: Lexicon) -> str:
    """ORG or PRODUCT when a noun in apposition says so: 'le constructeur chinois
    X', 'la start-up X', 'l'américain X' (a nationality used as a noun)."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "chez":
        return "ORG"  # 'vendues chez X': a shop or a company (a person's full name stays PER, see the caller)
    steps = 0
    nationality = False
    while i >= 0 and steps < 5:
        token = doc[i]
        if token.lower_ in _LIST_LEADS:  # 'des opérateurs comme X', 'tels que X'
            i -= 1
            steps += 1
            continue
        forms = _words_ending_at(doc, i)
        if token.is_lower and any(form in lex.nationalities for form in forms):
            nationality = True
            i -= 1
            steps += 1
            continue
        if token.pos_ == "ADJ" and token.is_lower:
            i -= 1
            steps += 1
            continue
        if any(words in lex.org_nouns for words in forms):
            return "ORG"
        if token.lower_ in lex.service_nouns:
            # 'la plateforme X', 'l'application X'; 'la plateforme CMP' is a car platform
            # and 'le service Marketing' is a department
            first = _word_at(doc, start)
            code = _is_acronym(first) or any(ch.isdigit() for ch in first) or "-" in first
            return "" if code or _is_common(doc[start], lex) else "ORG"
        if any(words in lex.product_nouns for words in forms):
            # 'le fabricant de batteries X': the noun is a complement; look further
            if i >= 2 and doc[i - 1].lower_ in ("de", "d'", "d’", "des", "du", "en"):
                i -= 2
                steps += 1
                continue
            return "PRODUCT"
        if nationality and token.pos_ == "DET":
            return "ORG"
        return ""
    return ""


def _words_ending_at(doc: Doc, i: int) -> list[str]:
    """The word ending at token i, its lemma, and hyphenated compounds the
    tokenizer split ('start-up' is 'start', '-', 'up')."""
    token = doc[i]
    forms = [token.lower_, token.lemma_.lower()]
    compound = token.lower_
    j = i
    while j > 0 and j > i - 4 and not doc[j - 1].whitespace_:
        j -= 1
        compound = doc[j].lower_ + compound
        forms.append(compound)
    return forms


def _is_common(token: Token, lex: Lexicon) -> bool:
    lower = token.lower_
    if lower in STOP_WORDS or lower in lex.words or token.lemma_.lower() in lex.words:
        return True
    return any(form in lex.words for form in _accented_forms(token))


# French often writes a capital without its accent ('les Etats membres', 'l'Energie').
_UNACCENTED_CAPITALS = {"E": "éèê", "A": "àâ", "I": "î", "O": "ô", "U": "ù", "C": "ç"}


def _accented_forms(token: Token) -> list[str]:
    """The word and its lemma with the accent an unaccented capital dropped
    ('Etats' → 'états', lemma 'état'): ordinary words all the same."""
    accents = _UNACCENTED_CAPITALS.get(token.text[:1], "")
    words = {token.lower_, token.lemma_.lower()}
    return [accent + word[1:] for accent in accents for word in words if word]


def _is_weak(span: Span, label: str, lex: Lexicon) -> bool:
    """Only ordinary words: 'Nouvel', 'État chinois', 'Conseil d'administration'.

    A token tagged PROPN counts as a name unless it is alone and opens the
    sentence (a headline word or an imperative: 'Abonnez', 'Déposer'), or is
    a lone 'person' ('Chez Borne +'): a person named by one ordinary word
    is kept only when the article names them in full (see linking).
    """
    content = [t for t in span if any(ch.isalpha() for ch in t.text) and not (t.is_lower and t.lower_ in STOP_WORDS)]
    if not content:
        return True
    if len(span) == 1 and (content[0].is_sent_start or label == "PER") and _is_common(content[0], lex):
        return True
    return all(t.pos_ != "PROPN" and _is_common(t, lex) for t in content)


def _fuzzy_entry(text: str, label: str, lex: Lexicon) -> KBEntry | None:
    """A near miss of a known name: one slip in ten letters, or two letters swapped
    in a short name ('NCAS' for 'NACS'). The type must be one the model confuses."""
    key = normalize_name(text)
    entity_id = lex.fuzzy_found.get(key)
    if entity_id is None:
        entity_id = _fuzzy_search(key, lex)
        if len(lex.fuzzy_found) < _FUZZY_MEMO_SIZE:
            lex.fuzzy_found[key] = entity_id
    if not entity_id:
        return None
    entry = lex.kb.by_id[entity_id]
    if entry.type == "PER" and label != "PER" or entry.type == "LOC" and label not in ("LOC", "ORG"):
        return None
    return entry


def _fuzzy_search(key: str, lex: Lexicon) -> str:
    """Id of the known name `key` (normalised) nearly spells, or ""."""
    if len(key) >= 7:
        found = process.extractOne(key, lex.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=90)
        if found is not None and found[0][:1] == key[:1]:  # 'Juniper' is not 'Uniper'
            return lex.fuzzy_ids[found[2]]
    elif len(key) >= 4:
        for other, other_id in lex.short_keys.get("".join(sorted(key)), ()):
            if OSA.distance(key, other) == 1:
                return other_id
    return ""


PARAGRAPH_SEPARATOR = "\n\n"


def annotate(nlp: Language, texts: Iterable[tuple[str, str]], batch_size: int) -> Iterator[Doc]:
    """Run the pipeline over (doc_id, text) pairs, in batches.

    Each paragraph is parsed on its own and the article is put back together
    (as `Doc.from_docs` would), offsets unchanged: a paragraph break always ends a
    sentence (spaCy's parser otherwise runs a headline into the body, and
    presetting sentence starts before the parser derails it).
    """
    pending: list[tuple[str, int, str]] = []  # (doc_id, number of paragraphs, text)

    def paragraphs() -> Iterator[tuple[str, str]]:
        for doc_id, text in texts:
            parts = text.split(PARAGRAPH_SEPARATOR)
            pending.append((doc_id, len(parts), text))
            for i, part in enumerate(parts):
                yield (part + PARAGRAPH_SEPARATOR if i < len(parts) - 1 else part), doc_id

    parsed = nlp.pipe(paragraphs(), as_tuples=True, batch_size=batch_size * 8)
    done = 0
    for doc, _ in parsed:
        # nlp.pipe reads ahead, so `pending` is filled before we need it.
        if done == 0:
            current_id, remaining, current_text = pending.pop(0)
            parts_docs: list[Doc] = []
            done = remaining
        parts_docs.append(doc)
        done -= 1
        if done == 0:
            article = join_paragraph_docs(parts_docs) if len(parts_docs) > 1 else parts_docs[0]
            article._.doc_id = current_id
            article._.text = current_text  # what Doc.text would rebuild: the paragraphs joined back
            yield article


def join_paragraph_docs(docs: list[Doc]) -> Doc:
    """`Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])`, for less.

    spaCy's version makes every token object twice to list the words and
    spaces, and rebuilds each doc's text to measure it: here the words and
    spaces come from the token arrays, a doc's length from its last token.
    The tensors are not needed downstream.
    """
    vocab = docs[0].vocab
    attrs = list(Doc._get_array_attrs())  # what from_docs copies; SPACY among them
    joined = numpy.concatenate([doc.to_array(attrs) for doc in docs])
    strings = vocab.strings
    words = [strings[orth] for orth in joined[:, attrs.index(ORTH)].tolist()]
    spaces = joined[:, attrs.index(SPACY)].astype(bool).tolist()
    user_data: dict[Any, Any] = {}
    spans: dict[str, list[tuple[int, int, int, int, int]]] = {}
    offset = 0
    for doc in docs:
        for key, value in doc.user_data.items():
            if isinstance(key, tuple) and len(key) == 4 and key[0] == "._." and key[2] is not None:
                data_type, name, start, end = key
                user_data[(data_type, name, start + offset, end + offset if end is not None else None)] = copy.copy(value)
        for key, group in doc.spans.items():
            spans.setdefault(key, []).extend(
                (span.start_char + offset, span.end_char + offset, span.label, span.kb_id, span.id) for span in group
            )
        offset += doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    article = Doc(vocab, words=words, spaces=spaces, user_data=user_data)
    article.from_array(attrs, joined)
    for key, found in spans.items():
        article.spans[key] = []
        group = article.spans[key]
        for start, end, label, kb_id, span_id in found:
            span = article.char_span(start, end, label=label, kb_id=kb_id, span_id=span_id)
            if span is None:  # cannot happen: the same tokens, shifted
                raise ValueError(f"a span of group {key!r} is not on token boundaries once joined")
            group.append(span)
    return article
