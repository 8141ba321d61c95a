"""Partnerships: two organisations joined by a stated cooperation.

A row needs a trigger word (data/triggers.yaml) and two linked organisations
in a role of that word:

* agent + partner: 'X s'associe à Y', 'X s'entend avec Y', 'X a investi …
  dans Y', 'X rejoint Y', 'X a annoncé un partenariat avec Y', 'l'alliance
  de X avec Y', 'X s'est engagé dans une coentreprise avec d'autres
  constructeurs dont A, B et C' (X partners each);
* a pair named together: 'partenariat entre X et Y', 'X et Y ont annoncé …
  leur coentreprise', 'X et Y s'associent';
* a back-reference ('ce partenariat', 'cette collaboration', 'l'accord entre
  les anciens rivaux') with no name of its own: the article's main pair —
  the first pair stated, or with none, the article's subject and the
  organisation its lead ties to it ('Tesla et GM : …').

Two names in one sentence are not enough ('Ford et GM sont concurrents'),
nor a negated or merely considered cooperation ('n'a pas signé', 'envisage
un partenariat', 'de potentiels partenariats').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.facts.common import ArticleFacts, Unit, case_of, determiner_of, has_reflexive, lemma, year_in
from pipeline.facts.roles import (
    agents_of,
    expand_list,
    complements,
    hedged,
    negated_or_refused,
    orgs_of_complement,
    surface_complement,
    surface_object,
)
from pipeline.models import Mention, Partnership

_AND = re.compile(r"\s+(?i:et)\s+")
_ENTRE = re.compile(r"\bentre\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Hit:
    token: Token
    kind: str
    word: str


def extract_partnerships(facts: ArticleFacts) -> list[Partnership]:
    rows: list[Partnership] = []
    seen: set[frozenset[str]] = set()
    main: tuple[str, str] | None = None
    pending: list[tuple[Unit, _Hit]] = []  # back-references, resolved once the main pair is known
    for unit in facts.units:
        for hit in _hits(facts, unit):
            pairs = _pairs(facts, unit, hit)
            if pairs is None:
                continue
            if not pairs:
                pairs = _between_pairs(facts, unit)
            if not pairs:
                if _is_back_reference(facts, hit):
                    pending.append((unit, hit))
                continue
            for a, b in pairs:
                key = frozenset((a, b))
                if main is None:
                    main = (a, b)
                if key in seen:
                    continue
                seen.add(key)
                rows.append(_row(facts, unit, hit, a, b))
    if main is None and pending:
        main = _lead_pair(facts)
    if main is not None:
        for unit, hit in pending:
            if frozenset(main) not in seen:
                seen.add(frozenset(main))
                rows.append(_row(facts, unit, hit, *main))
    return rows


def _lead_pair(facts: ArticleFacts) -> tuple[str, str] | None:
    """With no pair stated outright, 'ce partenariat' is between the article's
    subject and the organisation its lead (headline and first sentence) names with it."""
    if len(facts.topics) < 2 or not facts.units:
        return None
    lead = facts.units[:2] if facts.units[0].paragraph != facts.units[-1].paragraph else facts.units[:1]
    words = {w.lower() for unit in lead for w in re.findall(r"\w+", facts.unit_text(unit))}
    if words & facts.lex.competition:
        return None  # 'Tesla gagne des parts de marché face à BYD'
    subject = facts.topics[0]
    for unit in lead:
        orgs = facts.entity_mentions(unit, "ORG")
        ids = [m.entity_id for m in orgs]
        if subject not in ids:
            continue
        cooperation = any(facts.lex.partnership.has(t) for t in unit.tokens())
        for mention in orgs:
            if mention.entity_id == subject:
                continue
            together = [m.entity_id for m in expand_list(facts, unit, [mention])]
            if cooperation or subject in together:  # 'Tesla et GM : …', 'X s'associe à Y'
                return subject, mention.entity_id
    return None


def _row(facts: ArticleFacts, unit: Unit, hit: _Hit, a: str, b: str) -> Partnership:
    return Partnership(
        a, facts.name_of(a), b, facts.name_of(b), hit.kind, year_in(facts, unit, near=hit.token.idx), facts.evidence(unit)
    )


def _hits(facts: ArticleFacts, unit: Unit) -> list[_Hit]:
    """Trigger words of the unit: single words and phrases, by lemma."""
    lex = facts.lex
    hits: list[_Hit] = []
    for token in unit.tokens():
        if facts.entity_at(token) is not None:
            continue  # 'Banque européenne d'investissement', 'Alliance Renault-Nissan'
        word = lemma(token) if lemma(token) in lex.partnership.words else token.lower_.replace("’", "'")
        if word in lex.partnership.words and token.pos_ in ("VERB", "NOUN", "AUX", "ADJ", "PROPN"):
            hits.append(_Hit(token, lex.partnership_kind[word], word))
    for phrase, span in lex.partnership.find(list(unit.tokens())):
        if not any(h.token in span for h in hits):
            hits.append(_Hit(span.root, lex.partnership_kind[phrase], phrase))
    return sorted(hits, key=lambda h: h.token.i)


def _pairs(facts: ArticleFacts, unit: Unit, hit: _Hit) -> list[tuple[str, str]] | None:
    """Organisation pairs stated by one trigger; None when the trigger is negated or hedged."""
    lex = facts.lex
    token = hit.token
    if negated_or_refused(facts, token) or hedged(token, lex.hedges):
        return None
    is_verb = token.pos_ in ("VERB", "AUX") and token.dep_ != "appos"  # 'Nissan, allié de Renault'
    required = lex.required_preps.get(hit.word)
    preps = required or lex.partner_preps
    partners: list[Mention] = []
    between: list[Mention] = []
    for child in complements(facts, token, preps):
        orgs = orgs_of_complement(facts, unit, child)
        (between if case_of(child) == "entre" else partners).extend(orgs)
    if hit.word in lex.joining and not _joins_cooperation(facts, token):
        return []  # 'X a rejoint Ford et GM (en adoptant le NACS)': joining them, not partnering
    if hit.word in lex.object_partner:
        for child in token.children:
            if child.dep_ == "obj":
                partners.extend(facts.np_orgs(child))
        if not partners:
            partners = surface_object(facts, unit, token)
    own_agents: list[Mention] = []
    if not is_verb:
        of = [m for c in token.children if c.dep_ == "nmod" and case_of(c) == "de" for m in facts.np_orgs(c)]
        if token.dep_ == "appos" and facts.np_orgs(token.head):
            own_agents = facts.np_orgs(token.head)  # 'Panasonic, fournisseur de Tesla'
            partners.extend(of)
        elif not (required and "de" in required):
            own_agents = of  # 'l'investissement de Ford dans Rivian', 'l'alliance de Renault avec Nissan'
    if len({m.entity_id for m in between}) >= 2:
        return _all_pairs(between)
    verb_agents = agents_of(facts, unit, token)
    agents = own_agents or list(verb_agents.orgs)
    if not is_verb and not partners and case_of(token) in ("comme", "en") and token.head.pos_ == "VERB":
        # 'X a choisi Y comme fournisseur'
        partners = [m for c in token.head.children if c.dep_ == "obj" for m in facts.np_orgs(c)]
    if not is_verb and not partners and token.head.pos_ in ("VERB", "AUX") and (not required or "avec" in required):
        # 'X s'est engagé dans une coentreprise avec d'autres constructeurs dont A, B'
        for child in complements(facts, token.head, frozenset(["avec"])):
            if child.i != token.i:
                partners.extend(orgs_of_complement(facts, unit, child))
    if not partners:
        partners = [m for m in surface_complement(facts, unit, token, preps, window=12) if m not in agents]
    if own_agents and verb_agents.orgs and not partners:
        partners = list(verb_agents.orgs)  # 'X est devenu le partenaire de Y'
    if partners and agents and verb_agents.reference and not own_agents:
        # 'le constructeur a signé un accord avec LG': the article's subject, but not the partner itself
        partner_ids = {p.entity_id for p in partners}
        if {a.entity_id for a in agents} <= partner_ids:
            other = next((t for t in facts.topics if t not in partner_ids), "")
            agents = [m for m in facts.mentions if m.entity_id == other][:1]
    if partners and agents:
        return [(a.entity_id, p.entity_id) for a in agents for p in partners if a.entity_id != p.entity_id]
    around = list(token.children) + (list(token.head.children) if not is_verb and token.head.pos_ == "VERB" else [])
    if any(case_of(c) in preps for c in around if c is not token):
        return []  # 'une collaboration avec le réseau …', 'un accord avec la ville de …': no named partner
    if required and not (is_verb and has_reflexive(token)):
        return []  # 'X et Y s'entendent' is reciprocal; 'X et Y entendent' is not
    if len({m.entity_id for m in agents}) >= 2 and _reciprocal(facts, token, hit):
        return _all_pairs(agents)
    return []


def _between_pairs(facts: ArticleFacts, unit: Unit) -> list[tuple[str, str]]:
    """'… comme cela s'est produit entre Nio et JAC' in a sentence about cooperation."""
    text = facts.text
    lex = facts.lex
    orgs = facts.entity_mentions(unit, "ORG")
    pairs: list[tuple[str, str]] = []
    for a, b in zip(orgs, orgs[1:]):
        if a.entity_id == b.entity_id or not _AND.fullmatch(text[a.end : b.start]):
            continue
        before = text[max(unit.start, a.start - 60) : a.start]
        if not _ENTRE.search(before):
            continue
        words = {w.lower() for w in re.findall(r"\w+", before)}
        if words & lex.competition or not _entre_follows_verb_or_trigger(facts, a):
            continue
        pairs.append((a.entity_id, b.entity_id))
    return pairs


def _joins_cooperation(facts: ArticleFacts, verb: Token) -> bool:
    """'rejoint Sony dans une coentreprise', 'rejoint l'alliance X': what is joined is a cooperation."""
    lex = facts.lex
    for child in verb.children:
        if child.dep_ in ("obj", "obl", "obl:arg", "obl:mod") and lex.partnership.has(child):
            return True
    after = [t for t in verb.doc[verb.i + 1 : min(verb.i + 10, len(verb.doc))]]
    for t in after:
        if t.text in (".", ";", ":") or (t.pos_ == "VERB" and t.dep_ != "acl"):
            break
        if lex.partnership.has(t) and t.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def _entre_follows_verb_or_trigger(facts: ArticleFacts, mention: Mention) -> bool:
    """'s'est produit entre X et Y', 'l'accord conclu entre X et Y' — not 'la guerre des prix entre X et Y'."""
    span = facts.span_of(mention)
    if span is None:
        return False
    i = span.start - 1
    doc = facts.doc
    while i >= 0 and doc[i].lower_ != "entre":
        i -= 1
    i -= 1
    while i >= 0 and doc[i].pos_ in ("ADV", "ADJ"):
        i -= 1
    if i < 0:
        return False
    word = doc[i]
    return word.pos_ in ("VERB", "AUX") or facts.lex.partnership.has(word)


def _reciprocal(facts: ArticleFacts, token: Token, hit: _Hit) -> bool:
    """'X et Y ont annoncé leur coentreprise', 'X et Y s'associent', 'X et Y collaborent'.

    Not for investment or supply ('X et Y investissent' is two investments) nor
    for verbs whose object is the partner ('X et Y rejoignent l'initiative').
    """
    if hit.word in facts.lex.object_partner:
        return False
    return hit.kind in ("partnership", "agreement", "joint_venture")


def _all_pairs(orgs: list[Mention]) -> list[tuple[str, str]]:
    ids: list[str] = []
    for m in orgs:
        if m.entity_id not in ids:
            ids.append(m.entity_id)
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]


def _is_back_reference(facts: ArticleFacts, hit: _Hit) -> bool:
    """'ce partenariat', 'cette collaboration', 'l'accord entre les anciens rivaux'
    ('cet investissement' is rather the amount just given)."""
    token = hit.token
    if token.pos_ not in ("NOUN", "PROPN") or hit.kind not in ("partnership", "agreement", "joint_venture"):
        return False
    det = determiner_of(token)
    if any(case_of(c) in ("avec", "à", "dans", "auprès") for c in token.children):
        return False  # 'ce partenariat avec les concessionnaires' is another one
    if det in facts.lex.back_reference:
        return True
    return det in ("l'", "le", "la") and any(case_of(c) == "entre" for c in token.children)
