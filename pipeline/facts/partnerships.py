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

from pipeline.facts.common import (
    ArticleFacts,
    Unit,
    case_of,
    determiner_of,
    governing_verb,
    has_reflexive,
    lemma,
    verb_forms,
    year_of_mention,
)
from pipeline.facts.roles import (
    agents_of,
    expand_list,
    complements,
    hedged,
    in_subject_position,
    negated_or_refused,
    orgs_of_complement,
    surface_complement,
    surface_object,
    surface_subject,
)
from pipeline.models import Mention, Partnership

_AND = re.compile(r"\s+(?i:et)\s+")
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013", "-"))  # to the plain hyphen
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
        relation_hits = _relation_hits(facts, unit)
        for hit in sorted(_hits(facts, unit) + relation_hits, key=lambda h: h.token.i):
            # a shareholder is read only as 'X, actionnaire de Y', 'X est actionnaire de Y', 'dont X est actionnaire'
            shareholder = hit.kind == "investment" and lemma(hit.token) in facts.lex.relation_nouns
            pairs = [] if hit in relation_hits or shareholder else _member_pairs(facts, unit, hit) or _pairs(facts, unit, hit)
            if pairs is None:
                continue
            if not pairs:
                pairs, kind = _more_pairs(facts, unit, hit)
                if pairs:
                    hit = _Hit(hit.token, kind or hit.kind, hit.word)
            if not pairs:
                pairs = _between_pairs(facts, unit)
            if not pairs:
                pairs = _colon_pairs(facts, unit, hit)
            if not pairs:
                if _is_back_reference(facts, hit):
                    pending.append((unit, hit))
                continue
            hit = _takeover_kind(facts, hit)
            for a, b in pairs:
                key = frozenset((a, b))
                if main is None:
                    main = (a, b)
                if key in seen:
                    continue
                seen.add(key)
                rows.append(_row(facts, unit, hit, a, b))
    lead = _lead_pairs(facts) if pending else []
    if main is None and lead:
        main = lead[0]
    for unit, hit in pending:
        # 'ces partenariats': every organisation the lead joins to the subject; 'ce partenariat': the main pair
        for pair in (lead if "Plur" in hit.token.morph.get("Number") else []) or ([main] if main else []):
            if frozenset(pair) not in seen:
                seen.add(frozenset(pair))
                rows.append(_row(facts, unit, hit, *pair))
    return rows


def _lead_pairs(facts: ArticleFacts) -> list[tuple[str, str]]:
    """With no pair stated outright, 'ce partenariat' is between the article's
    subject and the organisation its lead (headline and first sentence) names with it;
    the pairs of the subject with each such organisation of the first lead sentence that has one."""
    if len(facts.topics) < 2 or not facts.units:
        return []
    lead = facts.units[:2] if facts.units[0].paragraph != facts.units[-1].paragraph else facts.units[:1]
    words = {w.lower() for unit in lead for w in re.findall(r"\w+", facts.unit_text(unit))}
    if words & facts.lex.competition:
        return []  # 'Tesla gagne des parts de marché face à BYD'
    subject = facts.topics[0]
    for unit in lead:
        orgs = facts.entity_mentions(unit, "ORG")
        ids = [m.entity_id for m in orgs]
        if subject not in ids:
            continue
        cooperation = any(facts.has(facts.lex.partnership, t) for t in unit.tokens())
        pairs: list[tuple[str, str]] = []
        for mention in orgs:
            if mention.entity_id == subject or (subject, mention.entity_id) in pairs:
                continue
            together = [m.entity_id for m in expand_list(facts, unit, [mention])]
            if cooperation or subject in together:  # 'Tesla et GM : …', 'X s'associe à Y'
                pairs.append((subject, mention.entity_id))
        if pairs:
            return pairs
    return []


def _row(facts: ArticleFacts, unit: Unit, hit: _Hit, a: str, b: str) -> Partnership:
    return Partnership(a, facts.name_of(a), b, facts.name_of(b), hit.kind, _year_of(facts, unit, hit.token), facts.evidence(unit))


_CLAUSE_DEPS = ("acl", "advcl", "ccomp", "csubj", "parataxis")


def _year_of(facts: ArticleFacts, unit: Unit, trigger: Token) -> int | None:
    """The year of a date in the trigger's own clause (or a participle on the trigger:
    'l'accord signé en 2019'), not of another clause ('l'usine, fermée fin 2021')."""
    own = _clause_of(trigger)
    years: list[tuple[int, int]] = []
    for mention in facts.value_mentions(unit, "DATE"):
        year = year_of_mention(mention)
        span = facts.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if year is None or span is None:
            continue
        clause = _clause_of(span.root)
        if clause == own or clause.head == trigger and "Part" in clause.morph.get("VerbForm"):
            years.append((abs(mention.start - trigger.idx), year))
    return min(years)[1] if years else None


def _clause_of(token: Token) -> Token:
    """The head of the clause a token belongs to: the first verb above it heading a clause of its own."""
    current = token
    while current.head.i != current.i:
        if current.dep_.startswith(_CLAUSE_DEPS) or current.dep_ == "conj" and current.pos_ in ("VERB", "AUX"):
            return current
        current = current.head
    return current


_TRIGGER_POS = frozenset(["VERB", "NOUN", "AUX", "ADJ", "PROPN"])


def _hits(facts: ArticleFacts, unit: Unit) -> list[_Hit]:
    """Trigger words of the unit: single words and phrases, by lemma."""
    lex = facts.lex
    own = unit.token_indices()
    tokens = facts.tokens
    hits = [_Hit(tokens[i], kind, word) for i, kind, word in _word_hits(facts) if i in own]
    for phrase, span in facts.find(lex.partnership, unit):
        if not any(h.token in span for h in hits):
            hits.append(_Hit(span.root, lex.partnership_kind[phrase], phrase))
    return sorted(hits, key=lambda h: h.token.i)


def _word_hits(facts: ArticleFacts) -> list[tuple[int, str, str]]:
    """(token index, kind, word) of the single trigger words of the whole article,
    found once: whether a token is one depends on the token alone, not on its unit."""
    found = facts.cache.get("partnership_words")
    if found is not None:
        return found  # type: ignore[no-any-return]
    words = facts.lex.partnership.words
    kinds = facts.lex.partnership_kind
    forms, pos = facts.forms, facts.pos
    tokens = facts.tokens
    # the tokens that may be one: a word of the list, hyphens aside, or after a clitic
    maybe = facts.tokens_with(lambda form: form in words or form.translate(_HYPHENS) in words)
    maybe.update(i + 1 for i in facts.tokens_with(lambda form: form in ("s'", "se")) if i + 1 < len(forms))
    found = []
    for i in sorted(maybe):
        low, word, _ = forms[i]
        if word not in words:
            word = low.translate(_HYPHENS)  # 'accord‑cadre' with a non-breaking hyphen
            if word not in words and i > 0 and forms[i - 1][0] in ("s'", "se"):
                # 's'approvisionne' tagged as a noun: the infinitive behind the clitic
                word = next((f for f in verb_forms(tokens[i]) if f in words), word)
            if word not in words:
                continue
        if pos[i] not in _TRIGGER_POS or facts.entity_at(tokens[i]) is not None:
            continue  # 'Banque européenne d'investissement', 'Alliance Renault-Nissan'
        found.append((i, kinds[word], word))
    facts.cache["partnership_words"] = found
    return found


_FAILED = frozenset(["échouer", "capoter", "annuler", "suspendre"])


def _called_off(facts: ArticleFacts, token: Token) -> bool:
    """'La coentreprise de A et B a été abandonnée', 'le rachat de Y par X a échoué':
    a cooperation noun that is the subject of a verb calling it off."""
    if token.dep_ not in ("nsubj", "nsubj:pass"):
        return False
    verb = token.head
    return lemma(verb) in facts.lex.refusals or lemma(verb) in _FAILED


def _pairs(facts: ArticleFacts, unit: Unit, hit: _Hit) -> list[tuple[str, str]] | None:
    """Organisation pairs stated by one trigger; None when the trigger is negated, hedged or called off."""
    lex = facts.lex
    token = hit.token
    if negated_or_refused(facts, token) or hedged(token, lex.hedges) or _called_off(facts, token):
        return None
    is_verb = token.pos_ in ("VERB", "AUX") and token.dep_ != "appos"  # 'Nissan, allié de Renault'
    required = lex.required_preps.get(hit.word)
    preps = required or lex.partner_preps
    if hit.kind == "acquisition" and is_verb:
        bought, buyers = _bought_by(facts, unit, token)  # before complements: 'racheté à 100 % par X'
        if bought and buyers:
            return [(b.entity_id, o.entity_id) for b in buyers for o in bought if b.entity_id != o.entity_id]
    partners: list[Mention] = []
    between: list[Mention] = []
    for child in complements(facts, token, preps):
        orgs = orgs_of_complement(facts, unit, child)
        (between if case_of(child) == "entre" else partners).extend(orgs)
    if not partners and is_verb and hit.kind == "supply":
        # 'X livrera 150 vélos cargo à Y': the parse hung 'à Y' on the goods
        for goods in (c for c in token.children if c.dep_ == "obj" and not facts.np_orgs(c)):
            for child in complements(facts, goods, preps - {"de"}):
                partners.extend(orgs_of_complement(facts, unit, child))
    if not partners and hit.kind == "investment" and required and "auprès" in required:
        partners = _lead_investors(facts, unit, token)  # 'un tour de table mené par A'
    if hit.word in lex.joining and not _joins_cooperation(facts, token):
        return []  # 'X a rejoint Ford et GM (en adoptant le NACS)': joining them, not partnering
    if hit.word in lex.object_partner:
        for child in token.children:
            if child.dep_ == "obj":
                partners.extend(facts.np_orgs(child))
                if not partners and hit.kind == "acquisition" and lemma(child) not in lex.stake_nouns:
                    # 'X rachète les stations de Y': Y sells ('20 % de Y' is a stake: an investment)
                    partners.extend(m for c in child.children if c.dep_ == "nmod" and case_of(c) == "de" for m in facts.np_orgs(c))
        if not partners:
            partners = surface_object(facts, unit, token)
    awarded = _award_pairs(facts, unit, token) if not is_verb else []
    if awarded:
        return awarded
    own_agents: list[Mention] = []
    if not is_verb:
        of = [m for c in token.children if c.dep_ == "nmod" and case_of(c) == "de" for m in facts.np_orgs(c)]
        owners = expand_list(facts, unit, of) if hit.kind == "joint_venture" else []
        if len({m.entity_id for m in owners}) >= 2:
            return _all_pairs(owners)  # 'X, la coentreprise de A et B': the owners, not X
        if token.dep_ == "appos" and facts.np_orgs(token.head):
            own_agents = facts.np_orgs(token.head)  # 'Panasonic, fournisseur de Tesla'
            partners.extend(of)
        elif hit.kind == "acquisition":
            # 'l'acquisition de (100 % de) Y par X': Y is bought, X (or the verb's subject) buys
            partners.extend(of or _bought_of(facts, token)[0])
            own_agents = [m for c in token.children if case_of(c) == "par" for m in facts.np_orgs(c)]
        elif not (required and "de" in required):
            own_agents = of  # 'l'investissement de Ford dans Rivian', 'l'alliance de Renault avec Nissan'
    if len({m.entity_id for m in between}) >= 2:
        return _all_pairs(between)
    verb_agents = agents_of(facts, unit, token)
    agents = own_agents or list(verb_agents.orgs)
    if not is_verb and not partners and case_of(token) in ("comme", "en") and token.head.pos_ == "VERB":
        # 'X a choisi Y comme fournisseur'
        partners = [m for c in token.head.children if c.dep_ == "obj" for m in facts.np_orgs(c)]
        if not partners:
            # 'Y a été choisi comme fournisseur par X'
            chosen = [m for c in token.head.children if c.dep_ == "nsubj:pass" for m in facts.np_orgs(c)]
            if not chosen and any(c.dep_ == "aux:pass" for c in token.head.children):
                chosen = surface_subject(facts, unit, token.head)  # the parse cut the name off
            choosers = _agent_list(facts, unit, token.head) if chosen else []
            if choosers:
                partners, agents = chosen, choosers
    if not is_verb and not partners and token.head.pos_ in ("VERB", "AUX") and (not required or "avec" in required):
        # 'X s'est engagé dans une coentreprise avec d'autres constructeurs dont A, B'
        for child in complements(facts, token.head, frozenset(["avec"])):
            if child.i != token.i and not _co_winners(facts, token, child):
                partners.extend(orgs_of_complement(facts, unit, child))
    if not partners and not complements(facts, token, preps):
        # (a complement the parse gave, with no name, is read: 'avec ses ingénieurs, contrairement à X')
        partners = [m for m in surface_complement(facts, unit, token, preps, window=12) if m not in agents]
    if own_agents and verb_agents.orgs and not partners:
        partners = list(verb_agents.orgs)  # 'X est devenu le partenaire de Y'
    if partners and agents and verb_agents.reference and not own_agents:
        # 'le constructeur a signé un accord avec LG': the article's subject, but not the partner itself
        partner_ids = {p.entity_id for p in partners}
        if {a.entity_id for a in agents} <= partner_ids:
            other = next((t for t in facts.topics if t not in partner_ids), "")
            agents = [m for m in facts.mentions if m.entity_id == other][:1]
    if partners and not agents:
        agents = _passive_agents(facts, unit, token) or _maker(facts, unit, token, hit, partners)
    if partners and not agents and _after_reflexive(token):
        agents = surface_subject(facts, unit, token)  # 'Volvo s'approvisionne auprès de Northvolt', parse cut
    if partners and agents:
        return [(a.entity_id, p.entity_id) for a in agents for p in partners if a.entity_id != p.entity_id]
    around = list(token.children) + (list(token.head.children) if not is_verb and token.head.pos_ == "VERB" else [])
    if any(case_of(c) in preps for c in around if c is not token):
        return []  # 'une collaboration avec le réseau …', 'un accord avec la ville de …': no named partner
    if required and not (is_verb and (has_reflexive(token) or _joint(facts, unit, token))):
        return []  # 'X et Y s'entendent' is reciprocal; 'X et Y entendent' is not
    if len({m.entity_id for m in agents}) < 2 and _joint(facts, unit, token):
        agents = _passive_agents(facts, unit, token) or agents  # 'mis au point conjointement par X et Y'
    if len({m.entity_id for m in agents}) >= 2 and _reciprocal(facts, token, hit):
        return _all_pairs(agents)
    return []


def _award_pairs(facts: ArticleFacts, unit: Unit, noun: Token) -> list[tuple[str, str]]:
    """'X a décroché (avec Y) un accord-cadre de Z': the issuer Z is the partner of each
    winner; winners alongside each other are no partners, nor the issuer's 'de' an owner."""
    verb = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or verb.pos_ not in ("VERB", "AUX") or lemma(verb) not in facts.lex.award_verbs:
        return []
    issuers = _issuers(facts, unit, noun)
    if not issuers:
        return []
    winners = list(agents_of(facts, unit, verb).orgs)
    for child in complements(facts, verb, frozenset(["avec"])) + complements(facts, noun, frozenset(["avec"])):
        if _co_winners(facts, noun, child):
            winners.extend(orgs_of_complement(facts, unit, child))
    return [(w.entity_id, i.entity_id) for w in winners for i in issuers if w.entity_id != i.entity_id]


def _co_winners(facts: ArticleFacts, noun: Token, complement: Token) -> bool:
    """'a remporté, avec Y, un contrat': an 'avec' of a winning verb before the contract names co-winners."""
    return lemma(noun.head) in facts.lex.award_verbs and complement.i < noun.i


def _issuers(facts: ArticleFacts, unit: Unit, noun: Token) -> list[Mention]:
    """The 'de' names of a contract noun, also of the second half of a compound the
    tokenizer split ('accord' '-' 'cadre' 'de la RATP')."""
    doc = facts.doc
    heads = [noun]
    if noun.i + 2 < len(doc) and doc[noun.i + 1].text == "-" and doc[noun.i + 2].lower_ in ("cadre", "cadres"):
        heads.append(doc[noun.i + 2])
    found = [m for h in heads for c in h.children if c.dep_ == "nmod" and case_of(c) == "de" for m in facts.np_orgs(c)]
    return expand_list(facts, unit, found) if found else []


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


def _colon_pairs(facts: ArticleFacts, unit: Unit, hit: _Hit) -> list[tuple[str, str]]:
    """A headline's 'Stellantis et Orano : accord pour le recyclage': the names
    listed alone before the colon are the parties of the cooperation noun right after it."""
    token = hit.token
    if token.pos_ not in ("NOUN", "PROPN") or hit.kind not in ("partnership", "agreement", "joint_venture"):
        return []
    if negated_or_refused(facts, token) or hedged(token, facts.lex.hedges):
        return []
    doc = facts.doc
    i = token.i - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADJ"):
        i -= 1
    if i < 1 or doc[i].text != ":":
        return []
    colon = doc[i]
    orgs = [m for m in facts.entity_mentions(unit, "ORG") if m.end <= colon.idx]
    if not orgs or facts.text[orgs[-1].end : colon.idx].strip():
        return []
    listed = expand_list(facts, unit, [orgs[-1]])
    start = facts.text.rfind(":", unit.start, listed[0].start) + 1 if listed else 0
    if facts.text[max(start, unit.start) : listed[0].start].strip():
        return []  # 'Les ventes de Ford et GM : accord …' — the names are not alone
    words = {w.lower() for w in re.findall(r"\w+", facts.unit_text(unit))}
    if words & facts.lex.competition:
        return []
    return _all_pairs(listed) if len({m.entity_id for m in listed}) >= 2 else []


def _joins_cooperation(facts: ArticleFacts, verb: Token) -> bool:
    """'rejoint Sony dans une coentreprise', 'rejoint l'alliance X': what is joined is a cooperation."""
    lex = facts.lex
    for child in verb.children:
        if child.dep_ in ("obj", "obl", "obl:arg", "obl:mod") and facts.has(lex.partnership, child):
            return True
    after = [t for t in verb.doc[verb.i + 1 : min(verb.i + 10, len(verb.doc))]]
    for t in after:
        if t.text in (".", ";", ":") or (t.pos_ == "VERB" and t.dep_ != "acl"):
            break
        if facts.has(lex.partnership, t) and t.pos_ in ("NOUN", "PROPN"):
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
    if i >= 2 and doc[i].lower_ in ("cadre", "cadres") and doc[i - 1].text == "-":
        i -= 2  # 'l'accord-cadre entre X et Y', split at the hyphen by the tokenizer
    if i < 0:
        return False
    word = doc[i]
    return word.pos_ in ("VERB", "AUX") or facts.has(facts.lex.partnership, word)


def _reciprocal(facts: ArticleFacts, token: Token, hit: _Hit) -> bool:
    """'X et Y ont annoncé leur coentreprise', 'X et Y s'associent', 'X et Y collaborent'.

    Not for investment or supply ('X et Y investissent' is two investments) nor
    for verbs whose object is the partner ('X et Y rejoignent l'initiative').
    """
    if hit.word in facts.lex.object_partner:
        return False
    if lemma(token) in facts.lex.relation_nouns and determiner_of(token) in ("son", "sa", "ses", "leur", "leurs"):
        return False  # 'Ford et GM ont choisi leurs partenaires': a third party each
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
    if lemma(token) in facts.lex.relation_nouns:
        return False  # 'leurs partenaires' are third parties, not the pair's cooperation
    if any(case_of(c) in ("avec", "à", "dans", "auprès") for c in token.children):
        return False  # 'ce partenariat avec les concessionnaires' is another one
    if det in facts.lex.back_reference:
        return True
    return det in ("l'", "le", "la") and any(case_of(c) == "entre" for c in token.children)


# ---------------------------------------------------------------------------
# Relations the trigger reading above misses: owners of a joint venture,
# stakes, relation nouns ('X, fournisseur de Y', 'son partenaire X'), things
# made together. Each is tried only when the general reading found no pair.
# ---------------------------------------------------------------------------

_DONT = frozenset(["dont"])


def _relation_hits(facts: ArticleFacts, unit: Unit) -> list[_Hit]:
    """Verbs of holding that are no cooperation word by themselves ('détenir',
    'acquérir'): a stake as their object, or joint owners as their agent, makes them one."""
    found = facts.cache.get("relation_words")
    if found is None:  # the verbs of the whole article, looked up once per distinct form
        lex = facts.lex
        verbs = lex.stake_verbs | lex.holding_verbs
        found = [
            i
            for i in sorted(facts.tokens_with(verbs.__contains__))
            if facts.pos[i] in ("VERB", "AUX", "ADJ") and facts.forms[i][1] in verbs  # the lemma
        ]
        facts.cache["relation_words"] = found
    own = unit.token_indices()
    return [_Hit(facts.tokens[i], "investment", facts.forms[i][1]) for i in found if i in own]


def _more_pairs(facts: ArticleFacts, unit: Unit, hit: _Hit) -> tuple[list[tuple[str, str]], str]:
    """Pairs (and their kind) from the constructions of the section header, or ([], '')."""
    lex = facts.lex
    token = hit.token
    if negated_or_refused(facts, token) or hedged(token, lex.hedges):
        return [], ""
    if token.pos_ in ("NOUN", "PROPN") and hit.kind == "joint_venture":
        owners = _owners_after(facts, unit, token) or _founders_before(facts, unit, token)
        if len(owners) >= 2:
            return _all_pairs(owners), "joint_venture"  # 'une coentreprise détenue par A, B et C'
    if token.pos_ in ("NOUN", "PROPN") and lemma(token) in lex.relation_nouns:
        return _relation_noun_pairs(facts, unit, hit), hit.kind
    if hit.word in lex.stake_verbs or hit.word in lex.holding_verbs:
        return _holding_pairs(facts, unit, token)
    if lex.codevelopment.has(token) or hit.word in lex.codevelopment.words or any(p == hit.word for p, _ in lex.codevelopment.phrases):
        doers = _passive_agents(facts, unit, token)
        if len({m.entity_id for m in doers}) >= 2 and _joint(facts, unit, token):
            return _all_pairs(doers), "partnership"  # 'mis au point conjointement par X et Y'
    return [], ""


def _owners_after(facts: ArticleFacts, unit: Unit, noun: Token) -> list[Mention]:
    """The organisations after 'détenue par', 'formée par', 'créée par' hanging from a
    joint-venture noun (by the parse, or within a few words when the parse is cut)."""
    lex = facts.lex
    participles = [c for c in noun.children if c.dep_.startswith("acl") and lemma(c) in lex.owner_participles]
    if not participles:
        for t in [t for t in unit.tokens() if t.i > noun.i][:4]:
            if lemma(t) in lex.owner_participles and "Part" in t.morph.get("VerbForm"):
                participles.append(t)
                break
            if t.pos_ not in ("ADJ", "ADV", "PUNCT"):
                break
    for participle in participles:
        owners = _agent_list(facts, unit, participle) or surface_complement(facts, unit, participle, frozenset(["avec"]), window=4)
        if owners:
            return owners  # 'détenue par A et B', 'lancée avec (notamment) A et B'
    return []


def _member_pairs(facts: ArticleFacts, unit: Unit, hit: _Hit) -> list[tuple[str, str]]:
    """'X fait partie de la coentreprise créée par A et B', 'X est membre fondateur de Y, la
    coentreprise lancée avec A et B': X with each owner, and the owners together."""
    token = hit.token
    if hit.kind != "joint_venture" or token.pos_ not in ("NOUN", "PROPN"):
        return []
    if negated_or_refused(facts, token) or hedged(token, facts.lex.hedges):
        return []
    member = _member(facts, unit, token)
    owners = _owners_after(facts, unit, token) if member else []
    if not owners:
        return []
    joined = [(member, o.entity_id) for o in owners if o.entity_id != member]
    return joined + [p for p in _all_pairs(owners) if member not in p]


_JOINED = frozenset(["rejoindre"])


def _founders_before(facts: ArticleFacts, unit: Unit, noun: Token) -> list[Mention]:
    """'Créée en 2017 par A, B et C, puis rejointe par D, la coentreprise …': the 'par'
    names of participles opening the sentence whose subject the joint-venture noun is."""
    doc = facts.doc
    i = noun.i - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADJ"):
        i -= 1
    if i < 1 or doc[i].text != ",":
        return []
    sentence = [t for t in unit.tokens() if t.i < i]
    first = next((t for t in sentence if not t.is_punct and not t.is_space), None)
    if first is None or not _opening_participle(facts, first):
        return []
    owners: list[Mention] = []
    for t in sentence:
        if _opening_participle(facts, t) and (t is first or doc[t.i - 1].lower_ in ("puis", "et", ",")):
            owners.extend(m for m in _agent_list(facts, unit, t) if m not in owners)
    return owners


def _opening_participle(facts: ArticleFacts, token: Token) -> bool:
    return (lemma(token) in facts.lex.owner_participles or lemma(token) in _JOINED) and "Part" in token.morph.get("VerbForm")


def _member(facts: ArticleFacts, unit: Unit, noun: Token) -> str:
    """'X fait partie de la coentreprise …', 'X est membre fondateur d'Y, la coentreprise …':
    the organisation that belongs to the joint venture, named (or referred to) before."""
    lex = facts.lex
    before = [t for t in unit.tokens() if t.i < noun.i][-8:]
    word = next((t for t in reversed(before) if _membership_word(facts, t)), None)
    if word is None:
        return ""
    for t in reversed([t for t in unit.tokens() if t.i < word.i]):
        if t.lower_ in ("qui", "que", "dont", ";", ":", ".") or t.pos_ == "VERB" and lemma(t) not in ("faire", "être"):
            return ""
        mention = facts.entity_at(t, "ORG")
        if mention is not None:
            return mention.entity_id if in_subject_position(facts, mention) else ""
        if t.pos_ == "NOUN" and (lemma(t) in lex.org_nouns) and facts.is_org_reference(t):
            return facts.referent(t)
    return ""


def _membership_word(facts: ArticleFacts, token: Token) -> bool:
    """'membre', 'cofondateur', or 'partie' in 'faire partie de'."""
    if lemma(token) in facts.lex.membership_nouns:
        return True
    if token.lower_ != "partie" or token.i == 0:
        return False
    previous = next((t for t in reversed(token.doc[max(0, token.i - 3) : token.i]) if t.pos_ != "ADV"), None)
    return previous is not None and previous.lower_ in ("fait", "font", "faisait", "faisaient", "fera", "feront", "faire", "faisant")


_LEADING = frozenset(["mener", "conduire", "piloter", "emmener"])


def _lead_investors(facts: ArticleFacts, unit: Unit, trigger: Token) -> list[Mention]:
    """'une levée de fonds menée par A', 'un tour de table conduit par A': the investors
    leading a fundraising are its partners like those after 'auprès de'."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ == "nmod")]  # 'levée (de fonds) menée'
    participles = [c for h in heads for c in h.children if c.dep_.startswith("acl") and lemma(c) in _LEADING]
    for participle in participles:
        found = [m for c in participle.children if case_of(c) == "par" for m in orgs_of_complement(facts, unit, c)]
        if found:
            return found
    return []


def _agent_list(facts: ArticleFacts, unit: Unit, verb: Token) -> list[Mention]:
    """The organisations of a 'par' complement ('détenue par A et B'), by the parse
    or, failing it, the first name after 'par' within a few words."""
    for child in verb.children:
        if case_of(child) == "par" and child.dep_.startswith(("obl", "nmod")):
            found = orgs_of_complement(facts, unit, child)
            if found:
                return found
    return surface_complement(facts, unit, verb, frozenset(["par"]), window=6)


def _passive_agents(facts: ArticleFacts, unit: Unit, token: Token) -> list[Mention]:
    """The doers of a passive or participle verb: its 'par' agent ('conçue avec CATL par Ford')."""
    verb = token if token.pos_ in ("VERB", "AUX") else governing_verb(token)
    if verb is None:
        return []
    passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children) or (
        "Part" in verb.morph.get("VerbForm") and not any(c.dep_ == "aux:tense" for c in verb.children)
    )
    return _agent_list(facts, unit, verb) if passive else []


_EACH = frozenset(["chacun", "chacune", "respectivement"])


def _joint(facts: ArticleFacts, unit: Unit, verb: Token) -> bool:
    """'conjointement', 'ensemble', 'à parts égales', 'chacun 50 %' next to the verb.

    'chacun' makes owners joint ('A et B détiennent chacun 50 %') but other
    doers separate ('A et B construisent chacun leur réseau')."""
    lex = facts.lex
    window = [t for t in unit.tokens() if verb.i - 2 <= t.i <= verb.i + 6]
    for t in window:
        if t.lower_ == "ensemble" and (determiner_of(t) or t.i > 0 and t.doc[t.i - 1].lower_ in ("l'", "l’", "d'", "d’")):
            continue  # 'l'ensemble des constructeurs'
        if t.lower_ in _EACH and lemma(verb) not in lex.holding_verbs:
            continue
        if lex.joint_markers.has(t):
            return True
    return bool(lex.joint_markers.find(window))


def _holding_pairs(facts: ArticleFacts, unit: Unit, verb: Token) -> tuple[list[tuple[str, str]], str]:
    """'X détient 20 % de Y', 'Y, dont X détient 20 %' (investment); 'Z est détenue à
    parts égales par A et B', 'A et B détiennent chacun 50 % de Z' (A and B: joint venture).

    What is owned whole is a subsidiary, no partnership ('Volvo, détenu par Geely').
    """
    lex = facts.lex
    owners = _passive_agents(facts, unit, verb) if lemma(verb) in lex.holding_verbs else []
    if len({m.entity_id for m in owners}) >= 2:
        return _all_pairs(owners), "joint_venture"
    stake = _stake_of(facts, unit, verb)
    if stake is None:
        return [], ""
    holders = list(agents_of(facts, unit, verb).orgs)
    if len({m.entity_id for m in holders}) >= 2 and _joint(facts, unit, verb):
        return _all_pairs(holders), "joint_venture"  # the owners, not each with what they own
    held = _held_org(facts, unit, stake, verb)
    pairs = [(h.entity_id, o.entity_id) for h in holders for o in held if h.entity_id != o.entity_id]
    if _whole(stake):
        # 'X a acquis 100 % de Y' is a takeover; 'X détient 100 % de Y', a subsidiary
        return (pairs, "acquisition") if lemma(verb) in _TAKING else ([], "")
    return pairs, "investment"


def _stake_of(facts: ArticleFacts, unit: Unit, verb: Token) -> Token | None:
    """The stake a verb takes as object: '20 %', 'une participation', 'des parts'."""
    lex = facts.lex
    for child in verb.children:
        if child.dep_ == "obj" and (lemma(child) in lex.stake_nouns or child.lower_ in lex.stake_nouns):
            return child
    for t in [t for t in unit.tokens() if t.i > verb.i][:4]:
        if lemma(t) in lex.stake_nouns or t.lower_ in lex.stake_nouns:
            return t
        if t.pos_ not in ("NUM", "DET", "ADV", "ADJ", "PRON") and t.lower_ not in ("chacun", "chacune"):
            break
    return None


def _held_org(facts: ArticleFacts, unit: Unit, stake: Token, verb: Token) -> list[Mention]:
    """What the stake is in: 'de Y' / 'dans Y' after it, or the name before 'dont'."""
    for child in stake.children:
        if case_of(child) in ("de", "dans") and child.dep_.startswith(("nmod", "obl")):
            found = facts.np_orgs(child)
            if not found and child.pos_ == "NOUN":  # '100 % du capital de Y'
                found = [m for g in child.children if case_of(g) == "de" for m in facts.np_orgs(g)]
            if found:
                return expand_list(facts, unit, found)
    for child in verb.children:
        if case_of(child) in ("dans",):
            found = facts.np_orgs(child)
            if found:
                return expand_list(facts, unit, found)
    doc = facts.doc
    j = stake.i + 1
    if j < len(doc) and doc[j].lower_ in ("de", "du", "d'", "d’", "dans"):
        j += 1
        while j < len(doc) and doc[j].pos_ == "DET":
            j += 1
        if j < len(doc) and (mention := facts.entity_at(doc[j], "ORG")) is not None and j <= unit.sents[-1].end:
            return expand_list(facts, unit, [mention])
    antecedent = _dont_antecedent(facts, unit, verb)
    return [antecedent] if antecedent is not None else []


def _dont_antecedent(facts: ArticleFacts, unit: Unit, token: Token) -> Mention | None:
    """'Mercedes-Benz, dont Geely est le premier actionnaire': Mercedes-Benz, for a word of the relative clause."""
    group = {token.i}  # 'dont X va prendre 20 %': the verb group of the word is no clause break
    current = token
    while current.dep_ == "xcomp" and current.head.i != current.i:
        current = current.head
        group.add(current.i)
    before = [t for t in unit.tokens() if t.i < token.i][-8:]
    for t in reversed(before):
        if t.lower_ in _DONT:
            return _name_before(facts, t)
        if t.pos_ == "VERB" and t.i not in group or t.text in (";", ".", ":"):
            return None
    return None


def _name_before(facts: ArticleFacts, token: Token) -> Mention | None:
    doc = facts.doc
    i = token.i - 1
    while i >= 0 and doc[i].text == ",":
        i -= 1
    return facts.entity_at(doc[i], "ORG") if i >= 0 else None


def _relation_noun_pairs(facts: ArticleFacts, unit: Unit, hit: _Hit) -> list[tuple[str, str]]:
    """'X, fournisseur de Y', 'X est le premier actionnaire de Y', 'Y, dont X est
    actionnaire', 'son partenaire X' / 'ses partenaires X et Y' (the possessor being
    the clause's subject, the name the phrase is coordinated with, or the article's subject)."""
    lex = facts.lex
    noun = hit.token
    if determiner_of(noun) in lex.possessives:
        holders = _names_in_phrase(facts, unit, noun)
        if not holders:
            return []
        ids = {m.entity_id for m in holders}
        owner = _possessor(facts, unit, noun, ids)
        return [(owner, h) for h in dict.fromkeys(m.entity_id for m in holders) if owner and owner != h]
    others = _of_orgs(facts, unit, noun)
    holders: list[Mention] = []
    subject = next((c for c in noun.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    if subject is not None and any(c.dep_ == "cop" for c in noun.children):
        holders = facts.np_orgs(subject)  # 'X est le premier actionnaire de Y'
        if holders:
            holders = expand_list(facts, unit, holders)
        if not others:
            antecedent = _dont_antecedent(facts, unit, subject)
            others = [antecedent] if antecedent is not None else []
    if not holders:
        named = _name_set_before(facts, unit, noun)  # 'X, fournisseur de Y'
        holders = expand_list(facts, unit, [named]) if named is not None else []
    return [(h.entity_id, o.entity_id) for h in holders for o in others if h.entity_id != o.entity_id]


def _names_in_phrase(facts: ArticleFacts, unit: Unit, noun: Token) -> list[Mention]:
    """The names a relation noun stands beside: 'son partenaire chinois Leapmotor',
    'ses partenaires Nissan et Mitsubishi', 'son partenaire, Foxconn'."""
    found = [m for c in noun.children if c.dep_ in ("nmod", "appos", "flat:name", "flat", "dep") and not case_of(c) for m in facts.np_orgs(c)]
    if not found:
        for t in [t for t in unit.tokens() if t.i > noun.i][:4]:
            mention = facts.entity_at(t, "ORG")
            if mention is not None:
                found = [mention]
                break
            if t.pos_ not in ("ADJ",) and t.text != ",":
                break
    return [m for m in expand_list(facts, unit, found) if m.start > noun.idx] if found else []


def _possessor(facts: ArticleFacts, unit: Unit, noun: Token, exclude: set[str]) -> str:
    """Whose 'son partenaire' it is: the name it is coordinated with ('Tesla et son
    partenaire Panasonic'), else the subject of its clause, else the article's subject."""
    doc = facts.doc
    i = next((c.i for c in noun.children if c.dep_ == "det" and c.i < noun.i), noun.i) - 1
    if i >= 1 and doc[i].lower_ == "et":
        mention = facts.entity_at(doc[i - 1], "ORG")
        if mention is not None and mention.entity_id not in exclude:
            return mention.entity_id
    if noun.dep_ == "conj":
        mention = facts.entity_at(noun.head, "ORG")
        if mention is not None and mention.entity_id not in exclude:
            return mention.entity_id
    if noun.dep_ not in ("nsubj", "nsubj:pass"):
        agents = [m.entity_id for m in agents_of(facts, unit, noun).orgs if m.entity_id not in exclude]
        if agents:
            return agents[0]
    referent = facts.referent(noun)
    return referent if referent not in exclude else ""


def _of_orgs(facts: ArticleFacts, unit: Unit, noun: Token) -> list[Mention]:
    """'de Y' after a relation noun, also one noun further ('fournisseur de batteries de Ford')."""
    for child in noun.children:
        if case_of(child) != "de" or child.dep_ in ("nsubj", "nsubj:pass"):
            continue
        found = facts.np_orgs(child)
        if not found and child.pos_ == "NOUN":
            found = [m for g in child.children if case_of(g) == "de" for m in facts.np_orgs(g)]
        if found:
            return expand_list(facts, unit, found)
    return []


def _name_set_before(facts: ArticleFacts, unit: Unit, noun: Token) -> Mention | None:
    """'Northvolt, (le) fournisseur de Volvo': the name before the comma opening the noun phrase."""
    doc = facts.doc
    i = noun.i - 1
    while i > unit.sents[0].start and (doc[i].pos_ in ("DET", "ADJ", "ADV") or doc[i].lower_ in ("l'", "l’")):
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    return facts.entity_at(doc[i - 1], "ORG")


def _after_reflexive(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_ in ("s'", "s’", "se")


def _maker(facts: ArticleFacts, unit: Unit, token: Token, hit: _Hit, partners: list[Mention]) -> list[Mention]:
    """'Le logiciel a été développé avec Google': a thing made with a partner and no
    maker named is the article subject's doing (as in adoptions: 'ses véhicules')."""
    lex = facts.lex
    verb = token if token.pos_ in ("VERB", "AUX") else governing_verb(token)
    if verb is None or not (lex.codevelopment.has(verb) or lex.codevelopment.find([verb, *verb.doc[verb.i + 1 : verb.i + 3]])):
        return []
    passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children) or (
        verb.dep_.startswith("acl") and "Part" in verb.morph.get("VerbForm")
    )
    if not passive:
        return []
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    if verb.dep_.startswith("acl"):
        subject = verb.head
    if subject is None or subject.pos_ not in ("NOUN",) or facts.entity_at(subject) is not None:
        return []
    for child in verb.children:
        if child.dep_ == "parataxis" and lemma(child) in lex.quote_verbs:
            # 'Le logiciel a été développé avec Google, a indiqué Renault'
            said = [m for c in child.children if c.dep_ == "nsubj" for m in facts.np_orgs(c)]
            return [m for m in said if m.entity_id not in {p.entity_id for p in partners}][:1]
    if lemma(subject) in lex.org_nouns:
        return []  # 'les constructeurs': others
    topic = facts.topic
    if not topic or topic in {p.entity_id for p in partners}:
        return []
    return [m for m in facts.mentions if m.entity_id == topic][:1]


# ---------------------------------------------------------------------------
# Takeovers: 'X rachète Y', 'l'acquisition de 100 % de Y', 'Y, racheté par X'.
# A whole stake bought is an acquisition; a part of one, an investment.
# ---------------------------------------------------------------------------

_WHOLE_NOUNS = frozenset(["totalité", "intégralité"])
_TAKING = frozenset(["acquérir", "racheter", "prendre", "reprendre"])  # verbs that buy what they take


def _whole(stake: Token) -> bool:
    """'100 %', 'la totalité', 'l'intégralité': the whole company."""
    if lemma(stake) in _WHOLE_NOUNS:
        return True
    return any(c.dep_ == "nummod" and c.text.replace(",", ".") in ("100", "100.0") for c in stake.children)


def _bought_of(facts: ArticleFacts, noun: Token) -> tuple[list[Mention], bool]:
    """What a takeover noun's stake is in, and whether the stake is whole:
    'l'acquisition de 100 % (du capital) de Y' → ([Y], True)."""
    lex = facts.lex
    for child in noun.children:
        if case_of(child) != "de" or not (lemma(child) in lex.stake_nouns or lemma(child) in _WHOLE_NOUNS):
            continue
        inner = [g for g in child.children if case_of(g) == "de"]
        inner += [gg for g in inner if not facts.np_orgs(g) for gg in g.children if case_of(gg) == "de"]  # '… du capital de Y'
        found = [m for g in inner for m in facts.np_orgs(g)]
        if found:
            return found, _whole(child)
    return [], False


def _bought_by(facts: ArticleFacts, unit: Unit, verb: Token) -> tuple[list[Mention], list[Mention]]:
    """'Y, racheté (à 100 %) par X', 'Y a été acquis par X': (bought, buyers) of a
    passive or participle takeover verb; both empty when it is neither."""
    passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children) or (
        "Part" in verb.morph.get("VerbForm") and not any(c.dep_ == "aux:tense" for c in verb.children)
    )
    if not passive:
        return [], []
    bought = [m for c in verb.children if c.dep_ == "nsubj:pass" for m in facts.np_orgs(c)]
    if not bought and verb.dep_.startswith("acl"):
        bought = facts.np_orgs(verb.head)
    if not bought and verb.i > 1 and verb.doc[verb.i - 1].text == ",":
        named = _name_before(facts, verb.doc[verb.i - 1])  # the parse cut the participle off its name
        bought = [named] if named is not None else []
    if not bought and any(c.dep_ == "aux:pass" for c in verb.children):
        bought = surface_subject(facts, unit, verb)
    return (bought, _agent_list(facts, unit, verb)) if bought else ([], [])


def _takeover_kind(facts: ArticleFacts, hit: _Hit) -> _Hit:
    """'l'acquisition de 30 % de Y' is an investment: only a whole stake is a takeover."""
    if hit.kind != "acquisition" or hit.token.pos_ not in ("NOUN", "PROPN"):
        return hit
    found, whole = _bought_of(facts, hit.token)
    return _Hit(hit.token, "investment", hit.word) if found and not whole else hit
