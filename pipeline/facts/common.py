"""What every fact extractor reads: the parse, the linked mentions, the triggers.

`ArticleFacts` wraps one parsed article. Besides spaCy's sentences it offers
*units*: sentences as a reader sees them. spaCy's French model splits inside
quotations ('« … citation. » dit-il'), after an apostrophe or a hyphen
('président-' | 'directeur général'), and before a name list ('Ford' | ', GM');
a unit merges such pieces back, so evidence and surface rules see the whole
sentence, while the dependency rules still read each piece's own parse.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from pydantic import BaseModel, ConfigDict, PrivateAttr
from spacy.attrs import LEMMA, ORTH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span, Token

from pipeline.config import load_data_file
from pipeline.doctext import doc_text
from pipeline.models import EntityRecord, Mention

# ---------------------------------------------------------------------------
# data/triggers.yaml
# ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartnershipTriggers(_Strict):
    kinds: dict[str, list[str]] = {}
    required_prepositions: dict[str, list[str]] = {}
    hedges: list[str] = []
    partner_prepositions: list[str] = []
    object_partner: list[str] = []
    joining: list[str] = []
    back_reference: list[str] = []
    competition: list[str] = []
    relation_nouns: list[str] = []
    possessives: list[str] = []
    owner_participles: list[str] = []
    holding_verbs: list[str] = []
    stake_verbs: list[str] = []
    stake_nouns: list[str] = []
    joint_markers: list[str] = []
    codevelopment: list[str] = []
    award_verbs: list[str] = []
    membership_nouns: list[str] = []


class AdoptionTriggers(_Strict):
    verbs: list[str] = []
    verb_prepositions: dict[str, list[str]] = {}
    nouns: list[str] = []
    adjectives: list[str] = []
    standard_nouns: list[str] = []
    standard_owners: dict[str, list[str]] = {}
    object_verbs: list[str] = []
    access_nouns: list[str] = []
    following: list[str] = []
    same_words: list[str] = []
    carrier_nouns: list[str] = []


class QuoteTriggers(_Strict):
    verbs: list[str] = []
    prepositions: list[str] = []
    spokesperson_nouns: list[str] = []
    representative_nouns: list[str] = []
    min_words: int = 3
    min_fragment_words: int = 4


class ReferenceWords(_Strict):
    pronouns: list[str] = []
    first_person: list[str] = []
    org_nouns: list[str] = []
    object_control: list[str] = []
    negations: list[str] = []
    refusals: list[str] = []
    undecided: list[str] = []


class FigureRules(_Strict):
    ignored_units: list[str] = []
    ignored_nouns: list[str] = []
    min_word_count: int = 3
    chrome_prefixes: list[str] = []


class TriggerFile(_Strict):
    """data/triggers.yaml; `lexicon` is the same words, ready for lookups."""

    partnership: PartnershipTriggers = PartnershipTriggers()
    adoption: AdoptionTriggers = AdoptionTriggers()
    quote: QuoteTriggers = QuoteTriggers()
    references: ReferenceWords = ReferenceWords()
    figures: FigureRules = FigureRules()
    _lexicon: Any = PrivateAttr(default=None)

    def model_post_init(self, __context: Any) -> None:
        self._lexicon = Lexicon.build(self)

    @property
    def lexicon(self) -> Lexicon:
        assert self._lexicon is not None
        return self._lexicon


def load_triggers(path: Path) -> TriggerFile:
    return load_data_file(path, TriggerFile)


def _low(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower().replace("’", "'") for w in words)


@dataclass(frozen=True)
class WordList:
    """Single words (matched on lemma or lower form) and phrases of several
    words, matched word by word on lemma or lower form ('prendre en charge'
    finds 'prendra en charge', 'unir ses forces' finds 'unit ses forces')."""

    words: frozenset[str]
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    first_words: frozenset[str] = frozenset()  # first word of each phrase: where `find` looks further

    @classmethod
    def of(cls, entries: Iterable[str]) -> WordList:
        words, phrases = set(), []
        for entry in entries:
            low = entry.lower().replace("’", "'")
            parts = tuple(p for p in re.split(r"\s+|(?<=')|(-)", low) if p)
            if "-" in low and " " not in low:
                words.add(low)  # 'joint-venture' as one token, and below as three
            if len(parts) > 1:
                phrases.append((low, parts))
            else:
                words.add(low)
        return cls(frozenset(words), tuple(phrases), frozenset(parts[0] for _, parts in phrases))

    def has(self, token: Token) -> bool:
        low, lemma_form, _ = _word_forms(token)
        return lemma_form in self.words or low in self.words

    def find(self, tokens: list[Token]) -> list[tuple[str, Span]]:
        """(phrase, span) for every phrase written in `tokens`."""
        if not self.phrases:
            return []
        found: list[tuple[str, Span]] = []
        for i, token in enumerate(tokens):
            if self.first_words.isdisjoint(_word_forms(token)):
                continue
            for phrase, parts in self.phrases:
                window = tokens[i : i + len(parts)]
                if len(window) < len(parts) or window[-1].i - window[0].i != len(parts) - 1:
                    continue
                if all(part in _word_forms(t) for t, part in zip(window, parts)):
                    found.append((phrase, token.doc[window[0].i : window[-1].i + 1]))
        return found


_MEMO_LIMIT = 50_000  # distinct words remembered; a corpus's everyday vocabulary fits
_WORD_FORMS: dict[tuple[int, int], tuple[str, str, str]] = {}  # (orth, lemma) hashes → forms


def _word_forms(token: Token) -> tuple[str, str, str]:
    """Lower form and lemma; 'd’' and "l'" also without their vowel ('d'' for 'de').

    Memoised on the token's string hashes: every trigger list asks for the
    forms of every token."""
    key = (token.orth, token.lemma)
    forms = _WORD_FORMS.get(key)
    if forms is None:
        if len(_WORD_FORMS) >= _MEMO_LIMIT:
            _WORD_FORMS.clear()  # bounded memory on a large corpus
        low = token.lower_.replace("’", "'")
        forms = _WORD_FORMS[key] = (low, lemma(token), low[:-1] + "e'" if low.endswith("'") else low)
    return forms


def _doc_forms(doc: Doc, tokens: Sequence[Token]) -> list[tuple[str, str, str]]:
    """`_word_forms` of every token, the memo read on the doc's (orth, lemma)
    arrays: only a word not seen yet needs its token's strings."""
    keys = doc.to_array([ORTH, LEMMA]).tolist()
    memo = _WORD_FORMS
    return [memo.get((orth, lemma_hash)) or _word_forms(tokens[i]) for i, (orth, lemma_hash) in enumerate(keys)]


_POS_NAMES = {int(k): v for k, v in POS_NAMES.items()}  # part-of-speech id → `Token.pos_`


@dataclass(frozen=True)
class Lexicon:
    """Everything of triggers.yaml as sets and compiled patterns, built once per run."""

    partnership_kind: dict[str, str]  # word → kind
    partnership: WordList
    required_preps: dict[str, frozenset[str]]
    hedges: frozenset[str]
    partner_preps: frozenset[str]
    object_partner: frozenset[str]
    joining: frozenset[str]
    back_reference: frozenset[str]
    competition: frozenset[str]
    relation_nouns: frozenset[str]
    possessives: frozenset[str]
    owner_participles: frozenset[str]
    holding_verbs: frozenset[str]
    stake_verbs: frozenset[str]
    stake_nouns: frozenset[str]
    joint_markers: WordList
    codevelopment: WordList
    award_verbs: frozenset[str]
    membership_nouns: frozenset[str]
    adoption_verbs: WordList
    adoption_preps: dict[str, frozenset[str]]
    adoption_nouns: frozenset[str]
    adoption_adjectives: frozenset[str]
    standard_nouns: frozenset[str]
    object_verbs: frozenset[str]
    access_nouns: frozenset[str]
    following: WordList
    same_words: frozenset[str]
    carrier_nouns: frozenset[str]
    quote_verbs: frozenset[str]
    quote_preps: frozenset[str]
    spokesperson: frozenset[str]
    representatives: frozenset[str]
    pronouns: frozenset[str]
    first_person: frozenset[str]
    org_nouns: frozenset[str]
    object_control: frozenset[str]
    negations: frozenset[str]
    refusals: frozenset[str]
    ignored_units: frozenset[str]
    ignored_nouns: frozenset[str]

    @classmethod
    def build(cls, t: TriggerFile) -> Lexicon:
        kind_of: dict[str, str] = {}
        entries: list[str] = []
        for kind, words in t.partnership.kinds.items():
            for word in words:
                kind_of.setdefault(word.lower().replace("’", "'"), kind)
                entries.append(word)
        refs = t.references
        return cls(
            partnership_kind=kind_of,
            partnership=WordList.of(entries),
            required_preps={k.lower(): _low(v) for k, v in t.partnership.required_prepositions.items()},
            hedges=_low(t.partnership.hedges),
            partner_preps=_low(t.partnership.partner_prepositions),
            object_partner=_low(t.partnership.object_partner),
            joining=_low(t.partnership.joining),
            back_reference=_low(t.partnership.back_reference),
            competition=_low(t.partnership.competition),
            relation_nouns=_low(t.partnership.relation_nouns),
            possessives=_low(t.partnership.possessives),
            owner_participles=_low(t.partnership.owner_participles),
            holding_verbs=_low(t.partnership.holding_verbs),
            stake_verbs=_low(t.partnership.stake_verbs),
            stake_nouns=_low(t.partnership.stake_nouns),
            joint_markers=WordList.of(t.partnership.joint_markers),
            codevelopment=WordList.of(t.partnership.codevelopment),
            award_verbs=_low(t.partnership.award_verbs),
            membership_nouns=_low(t.partnership.membership_nouns),
            adoption_verbs=WordList.of(t.adoption.verbs),
            adoption_preps={k.lower(): _low(v) for k, v in t.adoption.verb_prepositions.items()},
            adoption_nouns=_low(t.adoption.nouns),
            adoption_adjectives=_low(t.adoption.adjectives),
            standard_nouns=_low(t.adoption.standard_nouns),
            object_verbs=_low(t.adoption.object_verbs),
            access_nouns=_low(t.adoption.access_nouns),
            following=WordList.of(t.adoption.following),
            same_words=_low(t.adoption.same_words),
            carrier_nouns=_low(t.adoption.carrier_nouns),
            quote_verbs=_low(t.quote.verbs),
            quote_preps=_low(t.quote.prepositions),
            spokesperson=_low(t.quote.spokesperson_nouns),
            representatives=_low(t.quote.representative_nouns),
            pronouns=_low(refs.pronouns),
            first_person=_low(refs.first_person),
            org_nouns=_low(refs.org_nouns),
            object_control=_low(refs.object_control),
            negations=_low(refs.negations),
            refusals=_low(refs.refusals) | _low(refs.undecided),
            ignored_units=_low(t.figures.ignored_units),
            ignored_nouns=_low(t.figures.ignored_nouns),
        )


# ---------------------------------------------------------------------------
# Token helpers
# ---------------------------------------------------------------------------

SUBJECT_DEPS = ("nsubj", "nsubj:pass", "csubj")
# dependencies that stay inside a name's noun phrase ("le groupe BMW",
# "le géant chinois Geely", "Toyota et sa filiale Lexus")
NP_DEPS = ("flat:name", "flat", "flat:foreign", "appos", "amod", "nmod", "compound", "fixed", "nummod", "dep")


_LEMMAS: dict[int, str] = {}  # lemma hash → normalised lemma


def lemma(token: Token) -> str:
    """The lemma in lower case with a straight apostrophe (memoised: asked for every token often)."""
    found = _LEMMAS.get(token.lemma)
    if found is None:
        if len(_LEMMAS) >= _MEMO_LIMIT:
            _LEMMAS.clear()
        found = _LEMMAS[token.lemma] = token.lemma_.lower().replace("’", "'")
    return found


_PARTICIPLE = re.compile(r"(?:é|ée|és|ées)$")


_VERB_FORMS: dict[tuple[int, int], tuple[str, ...]] = {}  # (orth, lemma) hashes → forms


def verb_forms(token: Token) -> tuple[str, ...]:
    """Lemma, lower form, and the infinitive of a participle or present form the
    lemmatizer missed ('tweeté' → tweeter, 'estime' → estimer).

    Memoised on the token's string hashes, like `_word_forms`."""
    key = (token.orth, token.lemma)
    forms = _VERB_FORMS.get(key)
    if forms is None:
        if len(_VERB_FORMS) >= _MEMO_LIMIT:
            _VERB_FORMS.clear()
        low = token.lower_.replace("’", "'")
        forms = (lemma(token), low)
        if _PARTICIPLE.search(low):
            forms += (_PARTICIPLE.sub("er", low),)
        elif low.endswith("ent"):
            forms += (low[:-3] + "er",)  # 'soulignent'
        elif low.endswith("e"):
            forms += (low + "r",)  # 'estime', lemmatised as the noun
        _VERB_FORMS[key] = forms
    return forms


def is_word(token: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in verb_forms(token))


def case_of(token: Token) -> str:
    """The preposition marking a noun ('avec' in 'avec Tesla'), lower case, or ''."""
    for child in token.children:
        if child.dep_ in ("case", "mark") and child.i < token.i:
            text = child.lower_.replace("’", "'")
            return {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de"}.get(text, text)
    return ""


def determiner_of(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "det" and child.i < token.i:
            return child.lower_.replace("’", "'")
    return ""


def has_reflexive(verb: Token) -> bool:
    return any(c.dep_.startswith("expl") or (c.lower_ in ("se", "s'", "s’", "nous", "vous") and c.i < verb.i) for c in verb.children)


def is_negated(verb: Token, negations: frozenset[str]) -> bool:
    """'n'a pas encore adopté', 'ne signera pas': 'ne' or a negation adverb on the
    verb, its auxiliary or an adverb of it."""
    marks = negations | {"ne", "n'", "n’"}
    near = [c for c in verb.children if c.dep_ in ("advmod", "aux", "aux:tense", "aux:pass", "expl:comp")]
    near += [g for c in near for g in c.children if g.dep_ == "advmod"]
    near = [t for t in near if not determiner_of(t)]  # 'emboîter le pas': a noun, no negation
    if any(t.lower_ in marks for t in near):
        return True
    doc = verb.doc
    before = doc[max(verb.i - 3, 0) : verb.i]
    return any(t.lower_ in ("ne", "n'", "n’") for t in before)


def coordinated(token: Token) -> list[Token]:
    """The token and every conjunct of it, in text order ('Ford, GM et Rivian')."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    found: list[Token] = []
    stack = [first]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(c for c in current.children if c.dep_ == "conj")
    return sorted(found, key=lambda t: t.i)


def governing_verb(token: Token) -> Token | None:
    """The verb (or predicate) a noun hangs from: 'annoncé' for 'un partenariat'."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current is not token:
            return current
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX", "ADJ") and current is not token else None
        if current.dep_ in ("nsubj", "nsubj:pass") and current is not token:
            return None  # a trigger inside the subject does not take the verb's subject
        current = current.head
    return None


# ---------------------------------------------------------------------------
# Units: sentences as a reader sees them
# ---------------------------------------------------------------------------

PREPOSITIONS = frozenset(
    "de d' du des par à au aux avec pour chez selon dans en sur entre comme contre vers sans sous après avant depuis".split()
)
_TERMINAL = re.compile(r"[.!?…]+[\s»”\"’')\]]*$")
_ABBREVIATION = re.compile(r"(?:\b(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|Me|St|Ste|Cie|av|J\.-C|cf|vol|no|art|p)\.|\b[A-Z]\.)$")
_OPENERS = "«“\"'‘(—–-•*[0123456789"


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(_TERMINAL.search(text)) and not _ABBREVIATION.search(text)


def starts_sentence(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and (text[0].isupper() or text[0] in _OPENERS)


def open_quote(text: str) -> bool:
    """True when a quotation opened in `text` is still open at its end."""
    return text.count("«") > text.count("»") or text.count("“") > text.count("”") or text.count('"') % 2 == 1


@dataclass(frozen=True)
class Unit:
    """A sentence as a user reads it: one or more spaCy sentences of one paragraph."""

    index: int
    start: int  # offsets of the stripped text in doc.text
    end: int
    paragraph: int
    sents: tuple[Span, ...]
    doc_tokens: Sequence[Token] = field(compare=False, repr=False)  # the article's tokens, made once for all units

    @cached_property
    def _tokens(self) -> tuple[Token, ...]:
        return tuple(token for sent in self.sents for token in self.doc_tokens[sent.start : sent.end])

    def tokens(self) -> tuple[Token, ...]:
        """The unit's tokens in text order, made once: many rules read them again."""
        return self._tokens

    @cached_property
    def _indices(self) -> frozenset[int]:
        return frozenset(i for sent in self.sents for i in range(sent.start, sent.end))

    def token_indices(self) -> frozenset[int]:
        """The doc indices of the unit's tokens."""
        return self._indices


def build_units(doc: Doc, text: str | None = None, tokens: Sequence[Token] | None = None) -> list[Unit]:
    """Merge spaCy sentences that a reader sees as one (see the module doc).

    Pieces of one paragraph are merged when the text so far does not end a
    sentence, when a quotation is still open, or when the next piece cannot
    start one (lower case, comma, closing mark). A paragraph break always ends
    a unit.
    """
    text = doc_text(doc) if text is None else text
    tokens = list(doc) if tokens is None else tokens
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    groups: list[list[Span]] = []
    paragraphs: list[int] = []
    for sent in doc.sents:
        body = text[sent.start_char : sent.end_char]
        if not body.strip():
            continue
        first = sent.start_char + (len(body) - len(body.lstrip()))
        paragraph = bisect_right(breaks, first)
        if groups and paragraphs[-1] == paragraph:
            current = text[groups[-1][0].start_char : groups[-1][-1].end_char]
            if not ends_sentence(current) or open_quote(current) or not starts_sentence(body):
                groups[-1].append(sent)
                continue
        groups.append([sent])
        paragraphs.append(paragraph)
    units: list[Unit] = []
    for group, paragraph in zip(groups, paragraphs):
        start, end = group[0].start_char, group[-1].end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        units.append(Unit(len(units), start, end, paragraph, tuple(group), tokens))
    return units


# ---------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------


@dataclass
class ArticleFacts:
    """One article, parsed and linked, as the fact extractors see it."""

    doc: Doc
    mentions: list[Mention]
    entities: dict[str, EntityRecord]
    triggers: TriggerFile
    text: str = field(init=False)
    units: list[Unit] = field(init=False)
    cache: dict[str, Any] = field(init=False, default_factory=dict)  # per-article results shared by extractors
    lex: Lexicon = field(init=False)  # the triggers' lexicon, read once: rules ask for it constantly

    # by token index, made once: the rules scan every token for several word lists
    tokens: list[Token] = field(init=False)  # the doc's tokens, made once (spaCy makes a new object per access)
    forms: list[tuple[str, str, str]] = field(init=False)  # `_word_forms` of each token
    pos: list[str] = field(init=False)  # coarse part of speech of each token

    def __post_init__(self) -> None:
        self.lex = self.triggers.lexicon
        self.tokens = list(self.doc)
        self.forms = _doc_forms(self.doc, self.tokens)
        self.pos = [_POS_NAMES[p] for p in self.doc.to_array(POS).tolist()]  # token.pos_, without the tokens
        # form → token indices, so a word list is looked up once per distinct form, not per token
        self._by_form: dict[str, list[int]] = {}  # lower form and lemma
        self._by_elided: dict[str, list[int]] = {}  # the elided spelling ('de'' for 'd'')
        for i, (low, lemma_form, elided) in enumerate(self.forms):
            self._by_form.setdefault(low, []).append(i)
            if lemma_form != low:
                self._by_form.setdefault(lemma_form, []).append(i)
            self._by_elided.setdefault(elided, []).append(i)
        self._word_hits: dict[int, frozenset[int]] = {}  # id(WordList) → token indices
        self._phrase_hits: dict[int, list[tuple[int, int, str]]] = {}  # id(WordList) → (start, end, phrase)
        self.text = doc_text(self.doc)
        self.units = build_units(self.doc, self.text, self.tokens)
        self._unit_starts = [u.start for u in self.units]
        self._entity_at: dict[int, list[Mention]] = {}
        self._span: dict[int, Span] = {}
        for mention in self.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self._span[id(mention)] = span
            if mention.entity_id:
                for i in range(span.start, span.end):  # token indices, without making the tokens
                    self._entity_at.setdefault(i, []).append(mention)
        for covering in self._entity_at.values():
            covering.sort(key=lambda m: m.end - m.start)  # innermost first, once
        self._entities_sorted = sorted((m for m in self.mentions if m.entity_id), key=lambda m: (m.start, m.end))
        self._entity_starts = [m.start for m in self._entities_sorted]
        self._values_sorted = sorted((m for m in self.mentions if not m.entity_id), key=lambda m: (m.start, m.end))
        self._value_starts = [m.start for m in self._values_sorted]
        self.topics = self._topic_orgs()
        self.topic = self.topics[0] if self.topics else ""

    # -- trigger words ---------------------------------------------------

    def word_hits(self, words: WordList) -> frozenset[int]:
        """Indices of the tokens `words.has` accepts, found in one pass per article and list."""
        found = self._word_hits.get(id(words))
        if found is None:
            single = words.words
            found = frozenset(i for form, where in self._by_form.items() if form in single for i in where)
            self._word_hits[id(words)] = found
        return found

    def tokens_with(self, test: Callable[[str], bool]) -> set[int]:
        """Indices of the tokens whose lower form or lemma passes `test`, run once per distinct form."""
        return {i for form, where in self._by_form.items() if test(form) for i in where}

    def has(self, words: WordList, token: Token) -> bool:
        """`words.has(token)`, from the article's table."""
        return token.i in self.word_hits(words)

    def find(self, words: WordList, unit: Unit) -> list[tuple[str, Span]]:
        """`words.find(unit.tokens())`: the phrases of `words` written in the unit.

        The phrases are looked for once in the whole article; a unit keeps
        those whose every token is one of its own (a phrase never spans two
        units), in the same order."""
        found = self._phrase_hits.get(id(words))
        if found is None:
            found = self._phrase_hits[id(words)] = self._phrases(words)
        if not found:
            return []
        own = unit.token_indices()
        return [(phrase, self.doc[start:end]) for start, end, phrase in found if all(i in own for i in range(start, end))]

    def _phrases(self, words: WordList) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of every phrase of `words` in the article, as `WordList.find` reads them."""
        forms = self.forms
        found: list[tuple[int, int, str]] = []
        if not words.phrases:
            return found
        first = words.first_words
        starts = {i for form, where in self._by_form.items() if form in first for i in where}
        starts.update(i for form, where in self._by_elided.items() if form in first for i in where)
        for i in sorted(starts):  # the tokens that may start a phrase
            for phrase, parts in words.phrases:
                end = i + len(parts)
                if end <= len(forms) and all(part in forms[j] for j, part in zip(range(i, end), parts)):
                    found.append((i, end, phrase))
        return found

    # -- mentions --------------------------------------------------------

    def entity_at(self, token: Token, *types: str) -> Mention | None:
        """The linked mention covering `token` (of one of `types`), the innermost first."""
        for mention in self._entity_at.get(token.i, ()):
            if not types or mention.label in types:
                return mention
        return None

    def span_of(self, mention: Mention) -> Span | None:
        return self._span.get(id(mention))

    def in_range(self, start: int, end: int, *types: str, entities: bool = True) -> list[Mention]:
        """Mentions starting in [start, end), in text order (a bisection over the sorted starts)."""
        pool, starts = (self._entities_sorted, self._entity_starts) if entities else (self._values_sorted, self._value_starts)
        first = bisect_left(starts, start)
        last = bisect_left(starts, end)
        return [m for m in pool[first:last] if not types or m.label in types]

    def entity_mentions(self, sentence: Span | Unit, *types: str) -> list[Mention]:
        """Linked mentions inside a sentence or unit, optionally of the given types."""
        start, end = _bounds(sentence)
        return self.in_range(start, end, *types)

    def value_mentions(self, sentence: Span | Unit, *labels: str) -> list[Mention]:
        start, end = _bounds(sentence)
        return self.in_range(start, end, *labels, entities=False)

    def name_of(self, entity_id: str) -> str:
        record = self.entities.get(entity_id)
        return record.name if record else ""

    def type_of(self, entity_id: str) -> str:
        record = self.entities.get(entity_id)
        return record.type if record else ""

    # -- units -----------------------------------------------------------

    def unit_at(self, offset: int) -> Unit:
        return self.units[max(bisect_right(self._unit_starts, offset) - 1, 0)]

    def unit_text(self, unit: Unit) -> str:
        return self.text[unit.start : unit.end]

    def evidence(self, unit: Unit) -> str:
        """The unit as a user reads it: one line, single spaces."""
        return " ".join(self.unit_text(unit).split())

    # -- references ------------------------------------------------------

    def _topic_orgs(self) -> list[str]:
        """The organisations the article is about, the main one first.

        Each mention counts, double when it is in subject position (not after
        a preposition: 'General Motors a annoncé' against 'le port de
        Tesla'), and double again in the lead (the headline and the first
        sentence).
        """
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        lead_end = self.units[0].end if self.units else 0
        if len(self.units) > 1 and not ends_sentence(self.unit_text(self.units[0])):
            lead_end = self.units[1].end  # a headline: the first body sentence counts too
        for mention in self.mentions:
            if mention.label != "ORG" or not mention.entity_id:
                continue
            weight = 2.0 if mention.start < lead_end else 1.0
            span = self.span_of(mention)
            if span is not None and span.start > 0 and self.doc[span.start - 1].lower_.replace("’", "'") in PREPOSITIONS:
                weight /= 2
            scores[mention.entity_id] = scores.get(mention.entity_id, 0.0) + weight
            first.setdefault(mention.entity_id, mention.start)
        return sorted(scores, key=lambda e: (-scores[e], first[e]))

    def is_org_reference(self, token: Token) -> bool:
        """'il', 'elle', 'le constructeur', 'la marque', 'cette entreprise': the article's subject."""
        lex = self.lex
        if token.pos_ == "PRON" or token.lower_ in lex.pronouns:
            return token.lower_ in lex.pronouns and token.lower_ not in ("ils", "elles")
        if lemma(token) in lex.org_nouns or token.lower_ in lex.org_nouns:
            if "Plur" in token.morph.get("Number") or token.lower_.endswith(("s", "x")) and not token.lower_.endswith("is"):
                return False
            return determiner_of(token) in ("le", "la", "l'", "ce", "cet", "cette")
        return False

    def referent(self, token: Token) -> str:
        """The organisation 'le constructeur' or 'il' stands for.

        The subject of the previous sentence when it is one of the article's
        main organisations ('Rivian cherchait des partenaires. Le constructeur
        avait déjà noué …'), else the organisation the article is about.
        """
        unit = self.unit_at(token.idx)
        if unit.index > 0:
            previous = self.subject_org(self.units[unit.index - 1])
            if previous and previous in self.topics[:3]:
                return previous
        return self.topic

    def subject_org(self, unit: Unit) -> str:
        """The organisation that is the main subject of a unit, if one is."""
        found = self.subject_orgs(unit)
        return found[0] if found else ""

    def subject_orgs(self, unit: Unit) -> list[str]:
        """The organisations that are the main subject of a unit ('Hyundai et Kia s'associent')."""
        named: list[Mention] = []
        for sent in unit.sents:
            for child in sent.root.children:
                if child.dep_ in SUBJECT_DEPS and not named:
                    named = self.np_orgs(child)
        if not named:
            first = next((t for t in unit.tokens() if not t.is_punct and t.dep_ != "det"), None)
            mention = self.entity_at(first, "ORG") if first is not None else None
            named = [mention] if mention is not None else []
        if not named:
            return []
        # names of the same list the parse left out ('Hyundai' | 'et Kia s'associent')
        text = self.text
        orgs = self.entity_mentions(unit, "ORG")
        glue = re.compile(r"\s*(?:,|et|,\s*et)\s*")
        changed = True
        while changed:
            changed = False
            for other in orgs:
                if other in named:
                    continue
                if any(glue.fullmatch(text[m.end : other.start]) or glue.fullmatch(text[other.end : m.start]) for m in named if m.end <= other.start or other.end <= m.start):
                    named.append(other)
                    changed = True
        return list(dict.fromkeys(m.entity_id for m in sorted(named, key=lambda m: m.start)))

    def plural_referents(self, token: Token) -> list[str]:
        """'les deux constructeurs', 'les deux groupes': the pair the previous sentence is about."""
        if lemma(token) not in self.lex.org_nouns or not any(
            c.dep_ == "nummod" and c.lower_ == "deux" for c in token.children
        ):
            return []
        unit = self.unit_at(token.idx)
        for previous in reversed(self.units[max(unit.index - 2, 0) : unit.index]):
            ids = self.subject_orgs(previous)
            if len(ids) == 2:
                return ids
        return []

    def _credit_in_brackets(self, mention: Mention) -> bool:
        """'5 septembre (Xinhua)', '(AFP)': a name in brackets that is no short form of the name before."""
        text = self.text
        before = text[: mention.start].rstrip()
        if not before.endswith("(") or not text[mention.end :].lstrip().startswith(")"):
            return False
        previous = [m for m in self.in_range(max(0, mention.start - 200), mention.start) if m.end <= len(before) - 1]
        return not previous or previous[-1].entity_id != mention.entity_id or text[previous[-1].end : len(before) - 1].strip() != ""

    def last_person_before(self, offset: int) -> Mention | None:
        people = [m for m in self.in_range(0, offset, "PER") if m.end <= offset]
        return people[-1] if people else None

    def np_orgs(self, token: Token, types: tuple[str, ...] = ("ORG",), through_case: bool = False) -> list[Mention]:
        """Organisations named by the noun phrase headed by `token` and its conjuncts.

        'le groupe BMW', 'le géant chinois Geely', 'Toyota et sa filiale Lexus';
        a complement with a preposition ('les conducteurs de BMW') is another
        thing, unless `through_case` ('avec le réseau de Tesla').
        """
        found: list[Mention] = []
        for head in coordinated(token):
            if head is not token and case_of(head) and not case_of(token):
                continue  # 'les ventes de Tesla et de BYD': BYD goes with Tesla, not with 'ventes'
            stack = [head]
            seen: set[int] = set()
            while stack:
                current = stack.pop()
                if current.i in seen:
                    continue
                seen.add(current.i)
                mention = self.entity_at(current, *types)
                if mention is not None and mention not in found and not self._credit_in_brackets(mention):
                    found.append(mention)
                for child in current.children:
                    if child.dep_ == "conj" or child.dep_.startswith(("acl", "advcl", "ccomp", "xcomp", "parataxis")):
                        continue
                    if child.dep_ in ("punct", "case", "det", "cc", "mark", "cop", "aux", "aux:tense", "aux:pass"):
                        continue
                    if child.dep_ not in NP_DEPS and not (through_case and child.dep_.startswith("obl")):
                        continue
                    if case_of(child) and not through_case:
                        continue
                    stack.append(child)
        return sorted(found, key=lambda m: m.start)


def _bounds(item: Span | Unit) -> tuple[int, int]:
    if isinstance(item, Unit):
        return item.start, item.end
    return item.start_char, item.end_char


def year_of_mention(mention: Mention) -> int | None:
    if mention.label == "DATE" and mention.normalized[:4].isdigit():
        return int(mention.normalized[:4])
    return None


def year_in(facts: ArticleFacts, sentence: Span | Unit, near: int | None = None) -> int | None:
    """The year of a DATE in the sentence: the one nearest to `near` if given."""
    years = [(m, year_of_mention(m)) for m in facts.value_mentions(sentence, "DATE")]
    years = [(m, y) for m, y in years if y is not None]
    if not years:
        return None
    if near is None:
        return years[0][1]
    return min(years, key=lambda item: abs(item[0].start - near))[1]
