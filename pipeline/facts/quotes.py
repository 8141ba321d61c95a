"""Quotes: quotations in « », “ ” or "…", with the speaker resolved.

Quotations are found on the paragraph text, not on spaCy's sentences (which
break inside them): a mark opened and never closed runs to the end of its
paragraph, a quotation continued by the next paragraph («… / «… ») is one
quotation, and a closing mark whose opening was lost ('… marché», soulignent
les partenaires.') starts at the paragraph. The speaker comes from, in order:
an incise after the quotation ('», a déclaré X', '», a-t-il ajouté',
'», selon X'), an attribution before it ('X a souligné :', 'Il a déclaré :',
'Selon X, « … »', a previous paragraph ending with ':'). A person is
preferred to an organisation in the same attribution ('le fondateur de CATL,
Zeng Yuqun'); a pronoun is the last person named before; a spokesperson or
'le groupe' is the organisation the article is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.facts.common import ArticleFacts, Unit, is_word, lemma
from pipeline.models import Mention, Quote

_CLOSERS = {"«": "»", "“": "”", '"': '"', "„": "“", "‹": "›"}
_ORPHAN_CLOSERS = ("»", "”")
# every character quote_spans acts on; it passes over all others
_MARKS = re.compile("[" + re.escape("".join(sorted({*_CLOSERS, *_CLOSERS.values(), *_ORPHAN_CLOSERS}))) + "]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Quotation:
    """One quotation of the article, its speaker resolved or not."""

    start: int  # opening mark, or where the quotation starts when it has none
    end: int  # just after the closing mark, or the end of the paragraph
    text: str  # the words quoted, without the marks
    fragment: bool  # quoted words inside running text ('veut « accélérer … »')
    speaker: Mention | None
    affiliation: str  # organisation the speaker speaks for, '' if unknown
    evidence: str


@dataclass
class _Span:
    start: int
    end: int
    text_start: int
    text_end: int
    closed: bool
    opened: bool = True


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def quote_spans(text: str) -> list[_Span]:
    """Quotation spans of a text, outermost marks only, paragraph by paragraph.

    Only the quotation marks are visited: no other character changes the state.
    """
    spans: list[_Span] = []
    for p_start, p_end in _paragraphs(text):
        closer = ""
        opened_at = -1
        for mark in _MARKS.finditer(text, p_start, p_end):
            i, ch = mark.start(), mark.group()
            if not closer:
                if ch in _CLOSERS and not (ch == '"' and i + 1 < p_end and text[i + 1].isspace() and i > p_start and text[i - 1].isalnum()):
                    closer, opened_at = _CLOSERS[ch], i
                elif ch in _ORPHAN_CLOSERS and not any(s.start >= p_start for s in spans):
                    # the opening mark was lost: the quotation starts the paragraph
                    lead = p_start + len(text[p_start:i]) - len(text[p_start:i].lstrip())
                    spans.append(_Span(lead, i + 1, lead, i, True, opened=False))
            elif ch == closer:
                spans.append(_Span(opened_at, i + 1, opened_at + 1, i, True))
                closer = ""
        if closer:
            spans.append(_Span(opened_at, p_end, opened_at + 1, p_end, False))
    return spans


def quotations(facts: ArticleFacts) -> list[Quotation]:
    """Every quotation of the article with its speaker (None when unclear); cached."""
    cached = facts.cache.get("quotations")
    if cached is None:
        cached = _find_quotations(facts)
        facts.cache["quotations"] = cached
    return cached


def extract_quotes(facts: ArticleFacts) -> list[Quote]:
    rows: list[Quote] = []
    seen: set[tuple[str, str]] = set()
    for item in quotations(facts):
        if item.speaker is None:
            continue
        key = (item.speaker.entity_id, item.text)
        if key in seen:
            continue
        seen.add(key)
        rows.append(Quote(item.speaker.entity_id, facts.name_of(item.speaker.entity_id), item.text, item.evidence))
    return rows


# ---------------------------------------------------------------------------


def _find_quotations(facts: ArticleFacts) -> list[Quotation]:
    text = facts.text
    spans = quote_spans(text)
    found: list[Quotation] = []
    previous: Quotation | None = None
    previous_span: _Span | None = None
    for span in spans:
        content = " ".join(text[span.text_start : span.text_end].split()).strip(" ,")
        # «… (paragraph) «… »: a quotation continued by the next paragraph
        if (
            previous is not None
            and previous_span is not None
            and not previous_span.closed
            and _starts_paragraph(text, span.start)
            and _next_paragraph(text, previous_span.end) == span.start
        ):
            first, last = facts.unit_at(span.start), facts.unit_at(max(span.end - 1, span.start))
            more = " ".join(facts.evidence(facts.units[i]) for i in range(first.index, last.index + 1))
            merged = Quotation(
                previous.start,
                span.end,
                previous.text + " " + content,
                previous.fragment,
                previous.speaker,
                previous.affiliation,
                previous.evidence + " " + more,
            )
            found[-1] = merged
            previous, previous_span = merged, span
            continue
        item = _quotation(facts, span, content, found[-1] if found else None)
        if item is not None:
            found.append(item)
            previous, previous_span = item, span
        else:
            previous, previous_span = None, None
    return sorted(found + _interview_answers(facts, found), key=lambda q: q.start)


# ---------------------------------------------------------------------------
# Interviews: 'Q : …' paragraphs, each answered by an 'R : …' paragraph.
# ---------------------------------------------------------------------------

_QUESTION = re.compile(r"(?:Q|Question)\s*[:.–—-]\s+")
_ANSWER = re.compile(r"(?:R|Réponse)\s*[:.–—-]\s+")
_BYLINE = re.compile(r"\bpar\s+$", re.IGNORECASE)


def _interview_answers(facts: ArticleFacts, marked: list[Quotation]) -> list[Quotation]:
    """'Q : … / R : …': an answer right after a question is the interviewee's words, quoted
    with no marks. The interviewee is the person the headline and lede name most, the
    interviewer of a byline ('Propos recueillis par X') aside; no such person, no quotes."""
    text = facts.text
    paragraphs = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in _paragraphs(text)]
    kinds = ["Q" if _QUESTION.match(text, s) else "R" if _ANSWER.match(text, s) else "" for s, _ in paragraphs]
    if "Q" not in kinds or "R" not in kinds:
        return []
    lede_end = paragraphs[kinds.index("Q")][0]
    speaker = _interviewee(facts, lede_end)
    if speaker is None:
        return []
    affiliation = _interviewee_affiliation(facts, speaker, lede_end)
    found: list[Quotation] = []
    for k, ((start, end), kind) in enumerate(zip(paragraphs, kinds)):
        if kind != "R" or k == 0 or kinds[k - 1] != "Q" or any(start <= q.start < end for q in marked):
            continue
        answer = _ANSWER.match(text, start)
        assert answer is not None
        content = " ".join(text[answer.end() : end].split())
        if len(_WORD.findall(content)) < facts.triggers.quote.min_words:
            continue
        first, last = facts.unit_at(answer.end()), facts.unit_at(max(end - 1, answer.end()))
        evidence = " ".join(facts.evidence(facts.units[i]) for i in range(first.index, last.index + 1))
        found.append(Quotation(answer.end(), end, content, False, speaker, affiliation, evidence))
    return found


def _interviewee(facts: ArticleFacts, lede_end: int) -> Mention | None:
    """The person named most before the first question (the first named on a tie), bylines aside."""
    text = facts.text
    people = [m for m in facts.in_range(0, lede_end, "PER") if not _BYLINE.search(text[max(m.start - 30, 0) : m.start])]
    if not people:
        return None
    counts: dict[str, int] = {}
    for mention in people:
        counts[mention.entity_id] = counts.get(mention.entity_id, 0) + 1
    best = max(counts.values())
    return next(m for m in people if counts[m.entity_id] == best)


def _interviewee_affiliation(facts: ArticleFacts, speaker: Mention, lede_end: int) -> str:
    """The organisation named with the interviewee in the lede ('X, directrice générale de Y')."""
    for mention in facts.in_range(0, lede_end, "PER"):
        if mention.entity_id != speaker.entity_id:
            continue
        unit = facts.unit_at(mention.start)
        affiliation = _affiliation(facts, _tokens(facts, mention.end, min(unit.end, lede_end)), speaker)
        if affiliation:
            return affiliation
    return ""


def _starts_paragraph(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \t")
    return not before or before.endswith("\n")


def _next_paragraph(text: str, offset: int) -> int:
    match = _BREAK.search(text, offset)
    if match is None:
        return -1
    return match.end()


def _quotation(facts: ArticleFacts, span: _Span, content: str, previous: Quotation | None) -> Quotation | None:
    text = facts.text
    rules = facts.triggers.quote
    words = _WORD.findall(content)
    if len(words) < rules.min_words:
        return None
    if _is_name_or_value(facts, span, content):
        return None
    before = text[: span.start].rstrip()
    fragment = span.opened and bool(before) and (before[-1].isalnum() or before[-1] in "'’") and not before.endswith("\n")
    unit = facts.unit_at(span.start)
    speaker, affiliation, source_unit = _incise_after(facts, span, unit)
    if speaker is None and not fragment:
        speaker, affiliation, source_unit = _attribution_before(facts, span, unit)
    if speaker is None and not fragment:
        speaker, affiliation = _incise_inside(facts, span)
    if speaker is None and not fragment and _whole_unit(facts, span, unit) and unit.index > 0:
        speaker, affiliation, source_unit = _speaker_of_previous(facts, unit, previous)
    if fragment:
        if speaker is None or len(words) < rules.min_fragment_words or not _has_verb(facts, span):
            return None
    units = sorted({unit.index, source_unit.index if source_unit else unit.index})
    evidence = " ".join(facts.evidence(facts.units[i]) for i in range(units[0], units[-1] + 1))
    return Quotation(span.start, span.end, content, fragment, speaker, affiliation, evidence)


def _whole_unit(facts: ArticleFacts, span: _Span, unit: Unit) -> bool:
    """The quotation is the whole sentence: nothing around it but punctuation."""
    text = facts.text
    outside = text[unit.start : span.start] + text[span.end : max(unit.end, span.end)]
    return not re.search(r"\w", outside)


def _incise_inside(facts: ArticleFacts, span: _Span) -> tuple[Mention | None, str]:
    """« Nous sommes prêts, a déclaré Carlos Tavares. Nous allons investir. »"""
    tokens = _tokens(facts, span.text_start, span.text_end)
    for k, token in enumerate(tokens[1:-1], start=1):
        if tokens[k - 1].text != "," or not is_word(token, facts.lex.quote_verbs) and token.pos_ != "AUX":
            continue
        window = tokens[k : k + 8]
        verb_at = next((j for j, t in enumerate(window) if is_word(t, facts.lex.quote_verbs)), -1)
        if verb_at < 0:
            continue
        after = window[verb_at + 1 :]
        if any(_is_pronoun(facts, t) for t in after[:2]):
            return facts.last_person_before(span.start), ""
        person = next((m for t in after if (m := facts.entity_at(t, "PER")) is not None), None)
        if person is not None:
            return person, _affiliation(facts, after, person)
    return None, ""


def _speaker_of_previous(facts: ArticleFacts, unit: Unit, previous: Quotation | None) -> tuple[Mention | None, str, Unit | None]:
    """A quotation standing alone goes on the speech of the sentence before: its
    quotation's speaker ('« … », a déclaré X. « … »'), or the person it is about
    ('Carlos Tavares se montre confiant. « … »')."""
    before = facts.units[unit.index - 1]
    if previous is not None and previous.speaker is not None and before.start <= previous.start < before.end:
        return previous.speaker, previous.affiliation, before
    for sent in before.sents:
        for child in sent.root.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                people = facts.np_orgs(child, ("PER",))
                if people:
                    return people[0], _affiliation(facts, list(child.subtree), people[0]), before
    return None, "", None


def _is_name_or_value(facts: ArticleFacts, span: _Span, content: str) -> bool:
    """« Vallée de la batterie », « Horse Powertrain Limited », « plus de 2 milliards d’euros »."""
    inside = [
        m
        for m in facts.in_range(span.text_start, span.text_end) + facts.in_range(span.text_start, span.text_end, entities=False)
        if m.end <= span.text_end
    ]
    covered = sum(m.end - m.start for m in inside)
    letters = len(content.replace(" ", "")) or 1
    return covered >= 0.6 * letters


def _has_verb(facts: ArticleFacts, span: _Span) -> bool:
    quoted = facts.doc.char_span(span.text_start, span.text_end, alignment_mode="expand")
    return quoted is not None and any(t.pos_ in ("VERB", "AUX") for t in quoted)


def _tokens(facts: ArticleFacts, start: int, end: int) -> list[Token]:
    if end <= start:
        return []
    span = facts.doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _is_pronoun(facts: ArticleFacts, token: Token) -> bool:
    return token.lower_.lstrip("-") in facts.lex.pronouns


def _incise_after(facts: ArticleFacts, span: _Span, unit: Unit) -> tuple[Mention | None, str, Unit | None]:
    """'», a déclaré X.' / '», a-t-il ajouté.' / '», selon X.' / '», insiste X, commissaire …'."""
    text = facts.text
    end = unit.end if unit.end > span.end else span.end
    tail_end = _region_end(text, span.end, max(end, span.end))
    tokens = _tokens(facts, span.end, tail_end)
    lex = facts.lex
    verb_at = -1
    for k, token in enumerate(tokens[:12]):
        if token.text in _CLOSERS or token.text in ("«", "“"):
            break
        if is_word(token, lex.quote_verbs):
            verb_at = k
            break
        if token.lower_ in lex.quote_preps and k <= 1:
            verb_at = k
            break
        if token.is_sent_start and k > 0 and token.text[:1].isupper() and not _is_pronoun(facts, token):
            break
    if verb_at < 0:
        return None, "", None
    leading = tokens[:verb_at]
    region = tokens[verb_at + 1 :]
    if any(_is_pronoun(facts, t) for t in leading + region[:2]) and not any(facts.entity_at(t, "PER") for t in region[:3]):
        person = facts.last_person_before(span.start)
        return person, "", unit
    speaker = _speaker_in(facts, region, span.start)
    return speaker, _affiliation(facts, region, speaker), unit


def _region_end(text: str, start: int, end: int) -> int:
    """The incise stops at the next quotation mark or paragraph break."""
    stop = end
    for mark in ("«", "“", "\n\n"):
        found = text.find(mark, start, end)
        if found >= 0:
            stop = min(stop, found)
    return stop


def _speaker_in(facts: ArticleFacts, tokens: list[Token], before: int, lead: bool = False) -> Mention | None:
    """The person named in an attribution, else its organisation, else 'le groupe' → the article's subject.

    A name in a complement is not the speaker: 'un proche de Carlos Tavares',
    'un analyste de Bernstein', 'a indiqué à l'AFP'.
    """
    people = [m for t in tokens if (m := facts.entity_at(t, "PER")) is not None]
    if people and (lead or not _in_complement(facts, people[0])):
        return people[0]
    people = [m for m in people if not _in_complement(facts, m)]
    if people:
        return people[0]
    lex = facts.lex
    for token in tokens:
        if _is_pronoun(facts, token):
            return facts.last_person_before(before)
        if lemma(token) in lex.spokesperson or token.lower_ in lex.spokesperson:
            return _org_after(facts, token, tokens) or _topic_mention(facts)
        org = facts.entity_at(token, "ORG")
        if org is not None and (lead or not _in_complement(facts, org) or _representative_of(facts, org)):
            return org
        if facts.is_org_reference(token):
            return _mention_of(facts, facts.referent(token))
    return None


_COMPLEMENT = frozenset(["de", "d'", "d’", "du", "des", "à", "au", "aux", "chez", "par", "avec", "sur", "dans", "pour"])


def _in_complement(facts: ArticleFacts, mention: Mention) -> bool:
    span = facts.span_of(mention)
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and facts.doc[i].lower_ in ("l'", "l’", "le", "la", "les"):
        i -= 1
    return i >= 0 and facts.doc[i].lower_ in _COMPLEMENT


def _org_after(facts: ArticleFacts, token: Token, tokens: list[Token]) -> Mention | None:
    """'un porte-parole de Volkswagen' → Volkswagen."""
    following = [t for t in tokens if t.i > token.i][:4]
    for t in following:
        org = facts.entity_at(t, "ORG")
        if org is not None:
            return org
    return None


def _affiliation(facts: ArticleFacts, tokens: list[Token], speaker: Mention | None = None) -> str:
    """The organisation a speaker speaks for: itself, or the one named in the attribution."""
    if speaker is not None and speaker.label == "ORG":
        return speaker.entity_id
    for token in tokens:
        org = facts.entity_at(token, "ORG")
        if org is not None and (not _in_complement(facts, org) or _preceded_by_de(facts, org)):
            return org.entity_id  # 'le patron de Ford', not 'a indiqué à l'AFP'
    return ""


def _representative_of(facts: ArticleFacts, mention: Mention) -> bool:
    """'les dirigeants de Renault', 'le patron de Ford': someone who speaks for it."""
    span = facts.span_of(mention)
    if span is None or not _preceded_by_de(facts, mention):
        return False
    i = span.start - 2
    while i >= 0 and facts.doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and (lemma(facts.doc[i]) in facts.lex.representatives or facts.doc[i].lower_ in facts.lex.representatives)


def _preceded_by_de(facts: ArticleFacts, mention: Mention) -> bool:
    span = facts.span_of(mention)
    return span is not None and span.start > 0 and facts.doc[span.start - 1].lower_ in ("de", "d'", "d’", "du", "des")


def _topic_mention(facts: ArticleFacts) -> Mention | None:
    return _mention_of(facts, facts.topic)


def _mention_of(facts: ArticleFacts, entity_id: str) -> Mention | None:
    if not entity_id:
        return None
    return next((m for m in facts.mentions if m.entity_id == entity_id), None)


def _attribution_before(facts: ArticleFacts, span: _Span, unit: Unit) -> tuple[Mention | None, str, Unit | None]:
    """'X a souligné : « … »', 'Il a déclaré : « … »', 'Selon X, « … »', or a previous unit ending with ':'."""
    text = facts.text
    source = unit
    pre_start = unit.start
    if text[unit.start : span.start].strip() == "" and unit.index > 0:
        previous = facts.units[unit.index - 1]
        if text[previous.start : previous.end].rstrip().endswith(":"):
            source, pre_start = previous, previous.start
    pre_end = span.start if source is unit else source.end
    tokens = _tokens(facts, pre_start, pre_end)
    if not tokens:
        return None, "", None
    lex = facts.lex
    said = [t for t in tokens if is_word(t, lex.quote_verbs)]
    colon = text[pre_start:pre_end].rstrip().endswith(":")
    prep = next((t for t in tokens[:3] if t.lower_.replace("’", "'") in lex.quote_preps), None)
    if prep is not None and not said:
        following = [t for t in tokens if t.i > prep.i][:8]
        speaker = _speaker_in(facts, following, span.start, lead=True)
        return speaker, _affiliation(facts, following, speaker), source
    if not said and not colon:
        return None, "", None
    verb = said[-1] if said else None
    if verb is not None:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subject is not None:
            named = facts.np_orgs(subject, ("PER",)) or facts.np_orgs(subject, ("ORG",))
            if named:
                return named[0], _affiliation(facts, tokens, named[0]), source
            if _is_pronoun(facts, subject):
                return facts.last_person_before(span.start), "", source
        zone = [t for t in tokens if t.i < verb.i]
    else:
        zone = tokens
    # no usable parse: the first person of the attribution, a pronoun, an organisation
    speaker = _speaker_in(facts, zone, span.start)
    return speaker, _affiliation(facts, zone, speaker), source
