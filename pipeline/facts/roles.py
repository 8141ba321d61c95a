"""Who does what: the organisations a trigger word is about.

A trigger (a verb such as 's'associer', a noun such as 'partenariat') has an
*agent* — its subject, or the subject of the verb it hangs from ('Toyota
vient d'annoncer un partenariat') — and *complements* introduced by a
preposition ('avec Tesla', 'dans Rivian', 'du NACS'). Both are read on the
dependency parse first. The French model's parse is often cut by a wrong
sentence split ('Renault' | 'et le géant chinois Geely ont annoncé'), so a
surface reading of the linked mentions backs it up: the names right before
the verb in subject position, and name lists joined by ',' / 'et'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.facts.common import (
    PREPOSITIONS,
    SUBJECT_DEPS,
    ArticleFacts,
    Unit,
    case_of,
    coordinated,
    determiner_of,
    governing_verb,
    is_negated,
    lemma,
)
from pipeline.facts.quotes import quotations
from pipeline.models import Mention

# words between two names of one list: ', ', ' et ', ' et sa filiale ', ' et le géant chinois '
_LIST_GLUE = re.compile(
    r"\s*(?:,\s*(?:(?:de|d['’]|du|des|à|au|aux|avec|chez|par)\s*)?(?:(?:le|la|les|l['’])\s*)?"  # ', de la Banque…'
    r"|(?:,\s*)?(?i:et|ou|&)\s*(?:(?:le|la|les|l['’]|sa|son|ses|leur|leurs)\s*)?(?:[a-zà-ÿœæ-]+\s+){0,3}(?:[dl]['’])?)\s*",
)
# the same role written with another form of the preposition: 'de A, de la B et d'C'
_SAME_PREPOSITION = {"d'": "de", "du": "de", "des": "de", "au": "à", "aux": "à"}
_ENUMERATION = frozenset([",", "dont", "notamment", "parmi", "lesquels", "lesquelles", "comme"])
_CLAUSE_BREAKS = frozenset(["qui", "que", "qu'", "qu’", "dont", "où", "lorsque", "quand", "si", "mais", "car", ";", ":", "alors", "tandis", "puisque"])


@dataclass(frozen=True)
class Agents:
    """Organisations doing the action, and how they were found."""

    orgs: tuple[Mention, ...]
    subject: Token | None  # the subject token, when the parse gave one
    reference: bool = False  # the subject was 'il', 'le constructeur', ...


def quoted_speaker_org(facts: ArticleFacts, token: Token) -> str:
    """'Nous nous associons à Tesla', a tweeté GM: 'nous' is the quoted organisation."""
    for item in quotations(facts):
        if item.start <= token.idx < item.end and item.speaker is not None:
            if item.speaker.label == "ORG":
                return item.speaker.entity_id
            return item.affiliation
    return ""


def subject_token(facts: ArticleFacts, verb: Token) -> Token | None:
    """The subject of a verb, climbing control verbs ('vient d'annoncer', 's'engage à adopter').

    For 'convaincre X de passer à' the doer of 'passer' is X, the object.
    """
    current = verb
    for _ in range(5):
        subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in ("qui",) and current.dep_.startswith("acl"):
                return current.head
            return subject
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_.startswith("acl") and head.pos_ in ("NOUN", "PROPN"):
            # 'convaincre les constructeurs de passer à', 'Electrify America, fondée par …'
            return head
        if current.dep_ == "xcomp" or (current.dep_ in ("obl:arg", "advcl", "acl") and _marked_infinitive(current)):
            if lemma(head) in facts.lex.object_control:
                return next((c for c in head.children if c.dep_ in ("obj", "iobj")), None)
            current = head
            continue
        if current.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            current = head
            continue
        return None
    return None


def _marked_infinitive(token: Token) -> bool:
    return "Inf" in token.morph.get("VerbForm") or any(c.dep_ == "mark" and c.lower_ in ("de", "d'", "d’", "à", "pour") for c in token.children)


def agents_of(facts: ArticleFacts, unit: Unit, trigger: Token) -> Agents:
    """Organisations that are the subject of `trigger` (a verb) or of the verb it hangs from."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    if verb is None:
        return Agents((), None)
    subject = subject_token(facts, verb)
    if subject is not None:
        if subject.lower_ == "qui" and subject.dep_.startswith("nsubj"):
            antecedent = _name_before(facts, subject)
            return Agents(tuple(expand_list(facts, unit, [antecedent])) if antecedent else (), subject)
        if subject.lower_ in facts.lex.first_person:
            org = quoted_speaker_org(facts, subject)
            return Agents(_mentions_of(facts, org), subject)
        named = _apposed_name(facts, subject) if _closed_apposition(facts, subject) else None
        if named is not None:
            # 'Hyvia, la coentreprise de Renault et Plug Power, s'appuie …': Hyvia, not the owners
            return Agents((named,), subject)
        orgs = facts.np_orgs(subject)
        if orgs:
            return Agents(tuple(expand_list(facts, unit, orgs)), subject)
        named = _apposed_name(facts, subject)
        if named is not None:
            return Agents((named,), subject)
        if subject.lower_ in facts.lex.pronouns and verb.dep_ in ("ccomp", "advcl") and verb.head.i != verb.i:
            # 'Hyundai et Kia ont annoncé qu'ils passeront au NACS'
            outer = agents_of(facts, unit, verb.head)
            if outer.orgs:
                return Agents(outer.orgs, subject, reference=True)
        if facts.is_org_reference(subject):
            return Agents(_mentions_of(facts, facts.referent(subject)), subject, reference=True)
        pair = facts.plural_referents(subject)
        if pair:
            return Agents(tuple(m for e in pair for m in _mentions_of(facts, e)), subject, reference=True)
        return Agents((), subject)
    if "Inf" in verb.morph.get("VerbForm"):
        control = _control_verb(facts, verb)
        if control is None:
            return Agents((), None)  # an infinitive whose doer the parse did not give
        verb = control  # 'Nissan s'est engagé à investir', 'dont X va prendre 20 %': the name before the verb group
    elif "Part" in verb.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in verb.children):
        return Agents((), None)  # a participle whose doer the parse did not give
    surface = surface_subject(facts, unit, verb)
    return Agents(tuple(expand_list(facts, unit, surface)), None)


def _control_verb(facts: ArticleFacts, infinitive: Token) -> Token | None:
    """The conjugated verb an infinitive completes ('s'est engagé à investir', 'va prendre',
    'doit entrer'), whose subject is the infinitive's doer; None for an object-control
    verb ('convaincre X de') or an infinitive that completes no verb."""
    current = infinitive
    for _ in range(3):
        if current.dep_ != "xcomp" or current.head.pos_ not in ("VERB", "AUX"):
            return None
        head = current.head
        if lemma(head) in facts.lex.object_control:
            return None
        if "Inf" not in head.morph.get("VerbForm"):
            finite = "Fin" in head.morph.get("VerbForm") or any(c.dep_.startswith("aux") for c in head.children)
            return head if finite else None
        current = head
    return None


def _closed_apposition(facts: ArticleFacts, subject: Token) -> bool:
    """A common-noun subject set between commas after a name ('X, la coentreprise de A et B,'),
    which the parse took for the subject: the name is."""
    doc = facts.doc
    after = subject.right_edge.i + 1
    return (
        subject.pos_ == "NOUN"
        and facts.entity_at(subject) is None
        and after < len(doc)
        and doc[after].text == ","
        and subject.left_edge.i >= 2
        and doc[subject.left_edge.i - 1].text == ","
    )


def _apposed_name(facts: ArticleFacts, subject: Token) -> Mention | None:
    """'Genesis, la marque de luxe du groupe, passera …': the name the subject is set beside."""
    if subject.dep_ == "appos":
        head = facts.entity_at(subject.head, "ORG")
        if head is not None:
            return head
    i = subject.left_edge.i - 1
    doc = facts.doc
    if i < 1 or doc[i].text != ",":
        return None
    return facts.entity_at(doc[i - 1], "ORG")


def _name_before(facts: ArticleFacts, token: Token) -> Mention | None:
    """The name a relative pronoun stands for: 'Northvolt, qui a signé …' → Northvolt."""
    doc = facts.doc
    i = token.i - 1
    while i >= 0 and doc[i].text in (",",):
        i -= 1
    return facts.entity_at(doc[i], "ORG") if i >= 0 else None


def surface_object(facts: ArticleFacts, unit: Unit, verb: Token) -> list[Mention]:
    """'Honda rejoint Sony': the name right after the verb, articles and adjectives aside."""
    for t in [t for t in unit.tokens() if t.i > verb.i][:4]:
        mention = facts.entity_at(t, "ORG")
        if mention is not None:
            return expand_list(facts, unit, [mention])
        if t.pos_ not in ("DET", "ADJ") and t.lower_ not in ("le", "la", "les", "l'", "l’"):
            break
    return []


def _mentions_of(facts: ArticleFacts, entity_id: str) -> tuple[Mention, ...]:
    if not entity_id:
        return ()
    mention = next((m for m in facts.mentions if m.entity_id == entity_id), None)
    return (mention,) if mention is not None else ()


def surface_subject(facts: ArticleFacts, unit: Unit, verb: Token) -> list[Mention]:
    """The name right before a verb, in subject position, when the parse has no subject.

    'Electrify America, fondée par Volkswagen, a annoncé …': walking left from
    the verb to the clause start, the last name not introduced by a
    preposition.
    """
    tokens = [t for t in unit.tokens() if t.i < verb.i]
    found: Mention | None = None
    for token in reversed(tokens):
        if token.lower_ in _CLAUSE_BREAKS:
            break
        mention = facts.entity_at(token, "ORG")
        if mention is None or not in_subject_position(facts, mention):
            continue
        found = mention
        break
    return [found] if found is not None else []


def in_subject_position(facts: ArticleFacts, mention: Mention) -> bool:
    return _preposition_before(facts, mention) == ""


def _preposition_before(facts: ArticleFacts, mention: Mention) -> str:
    """'de' for 'les ventes de Tesla' and 'filiale du groupe italien Iveco', '' for a
    name in subject position ('le constructeur chinois BYD a annoncé')."""
    span = facts.span_of(mention)
    if span is None:
        return "?"
    start = _noun_phrase_start(facts, span.start)
    if start == 0:
        return ""
    before = facts.doc[start - 1].lower_.replace("’", "'")
    return _SAME_PREPOSITION.get(before, before) if before in PREPOSITIONS else ""


def _noun_phrase_start(facts: ArticleFacts, start: int) -> int:
    """Where the noun phrase of a name begins: before its articles, adjectives and the
    kind of company it is ('du groupe italien Iveco', 'le géant chinois Geely')."""
    doc = facts.doc
    while start > 0:
        before = doc[start - 1]
        if before.dep_ == "det" or before.lower_ in ("l'", "l’", "le", "la", "les"):
            start -= 1
        elif before.pos_ == "ADJ" and facts.entity_at(before) is None or lemma(before) in facts.lex.org_nouns:
            start -= 1
        else:
            break
    return start


def expand_list(facts: ArticleFacts, unit: Unit, orgs: list[Mention] | tuple[Mention, ...]) -> list[Mention]:
    """Add the names joined to these by ',' / 'et' in the text ('Ford, GM, Rivian et Volvo').

    A name introduced by another preposition is another role ('les ventes
    de Tesla et de BYD' are no list of subjects); 'à Tesla et à GM' is.
    """
    if not orgs:
        return []
    in_unit = [m for m in facts.entity_mentions(unit, "ORG")]
    result = list(orgs)
    text = facts.text
    changed = True
    while changed:
        changed = False
        first, last = min(result, key=lambda m: m.start), max(result, key=lambda m: m.end)
        role = _preposition_before(facts, first)
        for mention in in_unit:
            if mention in result:
                continue
            if mention.end <= first.start and _glue(facts, mention.end, first.start):
                before = _preposition_before(facts, mention)
                if before == role or role == "" and not (before == "de" and _noun_complement(facts, mention)):
                    result.append(mention)
                    changed = True
            elif mention.start >= last.end and _glue(facts, last.end, mention.start):
                if (
                    not _glue_is_verbish(text[last.end : mention.start])
                    and _preposition_before(facts, mention) in ("", role)
                    and _list_goes_on(facts, in_unit, last, mention)
                ):
                    result.append(mention)
                    changed = True
            elif first.start < mention.start < last.end and _glued_inside(text, mention, result):
                result.append(mention)  # 'BMW, Mercedes-Benz, Ford et Volkswagen' with Ford missed by the parse
                changed = True
    return sorted(result, key=lambda m: m.start)


_AND_OR = re.compile(r"\b(?i:et|ou)\b|&")


def _list_goes_on(facts: ArticleFacts, in_unit: list[Mention], last: Mention, mention: Mention) -> bool:
    """A name after a bare comma is a list item only if the list ends with 'et' / 'ou'
    further on ('dans A, B et C'), not in a clause with its verb left out ('… dans A, B
    jusqu'à 200 millions')."""
    text = facts.text
    previous, current = last, mention
    while True:
        if _AND_OR.search(text[previous.end : current.start]):
            return True
        following = next((m for m in in_unit if m.start >= current.end and _glue(facts, current.end, m.start)), None)
        if following is None:
            return False
        previous, current = current, following


# ', acteur international du cycle du combustible, et ' / ', le fonds de capital-risque de B, de ':
# an apposition between two items of one list, then the list's own glue
_APPOSITION_GLUE = re.compile(
    r"\s*,(?P<apposition>[^,;:.()«»\"“”\n]+),\s*"
    r"(?:(?i:et|ou)\s+|(?:de|d['’]|du|des|à|au|aux|auprès\s+de|auprès\s+d['’])\s*)(?:(?:le|la|les|l['’])\s*)?",
)
_APPOSITION_MAX_TOKENS = 12


# ', du fonds ', ', de la banque publique ': a list item named with the kind of company it is
_NOUN_GLUE = re.compile(
    r"\s*,\s*(?:(?:de|d['’]|du|des|à|au|aux|avec|auprès\s+de|auprès\s+d['’])\s*)?(?:(?:le|la|les|l['’])\s*)?"
    r"(?P<noun>[a-zà-ÿœæ-]+)(?:\s+[a-zà-ÿœæ-]+)?\s+"
)
_HOLDER_NOUNS = frozenset(["fonds", "banque", "investisseur", "assureur", "family office"])


def _glue(facts: ArticleFacts, start: int, end: int) -> bool:
    """The text between two names joins them into one list: plain glue, glue and the
    kind of company ('…, du fonds X'), or glue after an apposition."""
    text = facts.text[start:end]
    if _LIST_GLUE.fullmatch(text):
        return True
    nouned = _NOUN_GLUE.fullmatch(text)
    if nouned is not None and (nouned["noun"] in _HOLDER_NOUNS or nouned["noun"] in facts.lex.org_nouns):
        return True
    found = _APPOSITION_GLUE.fullmatch(text)
    return found is not None and _is_apposition(facts, start + found.start("apposition"), start + found.end("apposition"))


def _is_apposition(facts: ArticleFacts, start: int, end: int) -> bool:
    """A short noun phrase set beside a name ('acteur international du cycle du combustible',
    'le fonds de capital-risque de B'): no clause in it (a finite verb, a relative pronoun)."""
    span = facts.doc.char_span(start, end, alignment_mode="expand")
    tokens = [t for t in span if not t.is_space] if span is not None else []
    if not tokens or len(tokens) > _APPOSITION_MAX_TOKENS or tokens[0].pos_ not in ("DET", "NOUN", "ADJ", "NUM"):
        return False
    if not any(t.pos_ == "NOUN" for t in tokens):
        return False
    for t in tokens:
        if t.lower_ in _CLAUSE_BREAKS:
            return False
        if t.pos_ in ("VERB", "AUX") and "Part" not in t.morph.get("VerbForm"):
            return False  # 'Ford, qui a annoncé, et GM' / 'Ford a annoncé, et GM'
    return True


def _noun_complement(facts: ArticleFacts, mention: Mention) -> bool:
    """'(Verkor,) filiale de Renault': a name completing a noun is no item of a subject list
    ('auprès de A, B et C' still is: 'auprès' is no noun)."""
    span = facts.span_of(mention)
    if span is None:
        return False
    i = span.start - 1
    doc = facts.doc
    while i >= 0 and (doc[i].dep_ == "det" or doc[i].lower_ in ("l'", "l’", "le", "la", "les")):
        i -= 1
    i -= 1  # the preposition
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and doc[i].pos_ == "NOUN"


def _glued_inside(text: str, mention: Mention, result: list[Mention]) -> bool:
    before = max((m for m in result if m.end <= mention.start), key=lambda m: m.end, default=None)
    after = min((m for m in result if m.start >= mention.end), key=lambda m: m.start, default=None)
    return (
        before is not None
        and after is not None
        and bool(_LIST_GLUE.fullmatch(text[before.end : mention.start]))
        and bool(_LIST_GLUE.fullmatch(text[mention.end : after.start]))
    )


def _glue_is_verbish(glue: str) -> bool:
    return bool(re.search(r"\b(?:a|ont|est|sont|va|vont)\b", glue))


def complements(facts: ArticleFacts, token: Token, prepositions: frozenset[str]) -> list[Token]:
    """Children of `token` introduced by one of `prepositions` ('avec Tesla', 'dans Rivian')."""
    return [c for c in token.children if case_of(c) in prepositions and c.dep_ not in ("nsubj", "nsubj:pass")]


def orgs_of_complement(facts: ArticleFacts, unit: Unit, head: Token) -> list[Mention]:
    """Names in a complement: the phrase itself ('avec Tesla', 'avec le réseau de Tesla'),
    or an enumeration hanging from it ('avec d'autres constructeurs dont BMW, GM et Kia')."""
    orgs = facts.np_orgs(head)
    if not orgs:
        orgs = facts.np_orgs(head, through_case=True)
    if not orgs:
        orgs = sorted({id(m): m for t in head.subtree if (m := facts.entity_at(t, "ORG"))}.values(), key=lambda m: m.start)
    if not orgs and lemma(head) in facts.lex.org_nouns:
        orgs = _name_after_noun(facts, head)
    return expand_list(facts, unit, orgs)


def _name_after_noun(facts: ArticleFacts, noun: Token) -> list[Mention]:
    """'au constructeur barcelonais Silence' with the name cut off by the parse: the name
    right after the company noun and its adjectives."""
    doc = facts.doc
    i = noun.i + 1
    while i < len(doc) and doc[i].pos_ == "ADJ" and facts.entity_at(doc[i], "ORG") is None:
        i += 1
    mention = facts.entity_at(doc[i], "ORG") if i < len(doc) else None
    return [mention] if mention is not None else []


def surface_complement(facts: ArticleFacts, unit: Unit, token: Token, prepositions: frozenset[str], window: int = 8) -> list[Mention]:
    """The first name after `token` introduced by one of `prepositions`, within a few words."""
    after = [t for t in unit.tokens() if t.i > token.i][: window + 4]
    seen_prep = False
    group = False  # 'par sept constructeurs, dont A, B': the names are in the group's enumeration
    for n, t in enumerate(after):
        low = t.lower_.replace("’", "'")
        if n >= window and not group:
            break
        if low in prepositions and not group:
            seen_prep = True
            continue
        if seen_prep and (lemma(t) in facts.lex.org_nouns and "Plur" in t.morph.get("Number") or group and low in _ENUMERATION):
            group = True
            continue
        if t.dep_ == "acl" and "Part" in t.morph.get("VerbForm") and not seen_prep:
            # 'un accord conclu avec Y' — but not 'une coentreprise dédiée aux moteurs'
            prepositions = prepositions & frozenset(["avec"])
            continue
        if t.pos_ in ("VERB", "AUX") or low in _CLAUSE_BREAKS or t.text in (".", ";", "(", "«", "“"):
            break
        mention = facts.entity_at(t, "ORG")
        if mention is not None and seen_prep:
            return expand_list(facts, unit, [mention])
    return []


def negated_or_refused(facts: ArticleFacts, token: Token) -> bool:
    """'n'a pas signé', 'refuse d'adopter', 'envisage un partenariat': no stated fact."""
    lex = facts.lex
    current = token
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX", "ADJ") and is_negated(current, lex.negations):
            return True
        if current is not token and lemma(current) in lex.refusals:
            return True
        if current.head.i == current.i or current.dep_ in ("nsubj", "nsubj:pass", "parataxis", "ccomp"):
            break
        current = current.head
    return False


def hedged(token: Token, hedges: frozenset[str]) -> bool:
    return any(c.dep_ == "amod" and lemma(c) in hedges for c in token.children) or determiner_of(token) in hedges


__all__ = [
    "Agents",
    "agents_of",
    "complements",
    "coordinated",
    "expand_list",
    "hedged",
    "in_subject_position",
    "negated_or_refused",
    "orgs_of_complement",
    "quoted_speaker_org",
    "subject_token",
    "surface_complement",
    "surface_object",
    "surface_subject",
]
