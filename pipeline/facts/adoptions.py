"""Standard adoptions: an organisation adopts a charging standard.

A row needs an adoption word (data/triggers.yaml: 'adopter', 'intégrer',
'équiper de', 'passer à', 'rallier', 'prendre en charge', 'l'adoption de',
'compatible avec') whose object or complement names a standard, and an
organisation that is its subject: named ('Ford, GM et Rivian ont adopté la
norme NACS', 'Toyota et sa filiale Lexus adopteront …'), or the article's
subject referred to by 'il', 'elle', 'le constructeur', or by a thing of
its own ('la prochaine génération de véhicules sera équipée du port …').
'le port de charge de Tesla' with no standard named stands for the
article's one standard. The year is the date of the sentence nearest to the
trigger ('à partir de 2025', 'd'ici 2025', 'dès 2025').
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from pipeline.facts.common import SUBJECT_DEPS, ArticleFacts, Unit, case_of, lemma, verb_forms, year_in
from pipeline.facts.roles import (
    agents_of,
    complements,
    expand_list,
    negated_or_refused,
    orgs_of_complement,
    quoted_speaker_org,
)
from pipeline.models import Adoption, Mention

# subjects that are people, not the organisation's products: their use of a
# standard is not the organisation adopting it
_PEOPLE = frozenset(
    "conducteur conductrice client cliente propriétaire automobiliste utilisateur utilisatrice acheteur "
    "consommateur usager particulier ménage gens personne chauffeur".split()
)


def extract_adoptions(facts: ArticleFacts) -> list[Adoption]:
    rows: list[Adoption] = []
    seen: dict[tuple[str, str], Adoption] = {}
    article_standard = _article_standard(facts)
    stated: dict[int, list[tuple[str, str, int | None]]] = {}  # unit index → (org, standard, year) stated there

    def add(unit: Unit, orgs: list[str], standards: list[str], year: int | None) -> None:
        for org in orgs:
            for standard in standards:
                if org in facts.triggers.adoption.standard_owners.get(standard, ()):
                    continue  # Tesla does not adopt its own NACS
                stated.setdefault(unit.index, []).append((org, standard, year))
                key = (org, standard)
                if key in seen:
                    if seen[key].year is None and year is not None:
                        seen[key].year = year  # the year is often stated in a later sentence
                        seen[key].evidence += " … " + facts.evidence(unit)
                    continue
                seen[key] = Adoption(org, facts.name_of(org), standard, facts.name_of(standard), year, facts.evidence(unit))
                rows.append(seen[key])

    for unit in facts.units:
        for token in _hits(facts, unit):
            if negated_or_refused(facts, token):
                continue
            if lemma(token) in facts.lex.object_verbs:
                standards = _object_standards(facts, unit, token)
                orgs = _named_adopters(facts, unit, token) if standards else []
            else:
                standards, owners = _standards(facts, unit, token, article_standard)
                holders = _compatible_holders(facts, unit, token) if token.lower_ in facts.lex.adoption_adjectives else None
                if holders is not None:
                    orgs = holders  # 'X sera compatible …': the subject before the copula decides
                else:
                    orgs = _adopters(facts, unit, token, owners) if standards else []
            year = year_in(facts, unit, near=token.idx)
            for standard in standards:
                add(unit, orgs, [standard], None if _kept_alongside(facts, unit, standard) else year)
        for token, orgs, antecedents in _followers(facts, unit, stated):
            for _, standard, year in antecedents:
                add(unit, orgs, [standard], year_in(facts, unit, near=token.idx) or (year if _same_timing(facts, token) else None))
        for orgs, antecedents in _joined_leaders(facts, unit, stated):
            # the year of their decision is not the year it takes effect: left unsaid
            add(unit, orgs, [standard for _, standard, _ in antecedents], None)
    return rows


_ALONGSIDE = re.compile(r"\b(?:en plus d(?:u|e la|e l['’]|es)|outre l[ea']?|à côté d(?:u|e la))\s*$", re.IGNORECASE)


def _kept_alongside(facts: ArticleFacts, unit: Unit, standard: str) -> bool:
    """'compatibles MCS à partir de 2025, en plus du CCS': the standard kept beside the new one
    does not take the new one's year."""
    mentions = [m for m in facts.entity_mentions(unit, "STANDARD") if m.entity_id == standard]
    return bool(mentions) and all(_ALONGSIDE.search(facts.text[max(m.start - 20, 0) : m.start]) for m in mentions)


_TRIGGER_POS = frozenset(["VERB", "AUX", "ADJ", "NOUN", "PROPN"])  # every reading below needs one


def _hits(facts: ArticleFacts, unit: Unit) -> list[Token]:
    own = unit.token_indices()
    tokens = facts.tokens
    hits = [tokens[i] for i in _word_hits(facts) if i in own]
    for _, span in facts.find(facts.lex.adoption_verbs, unit):
        if span.root not in hits:
            hits.append(span.root)
    return sorted(hits, key=lambda t: t.i)


def _word_hits(facts: ArticleFacts) -> list[int]:
    """Indices of the article's single trigger words, in text order, found once:
    whether a token is one depends on the token alone, not on its unit."""
    found = facts.cache.get("adoption_words")
    if found is not None:
        return found  # type: ignore[no-any-return]
    lex = facts.lex
    verbs = lex.adoption_verbs
    verb_hits = facts.word_hits(verbs)
    found = []
    for i, token in enumerate(facts.tokens):
        pos = facts.pos[i]
        if pos not in _TRIGGER_POS:
            continue
        word = facts.forms[i][1]  # the lemma
        is_verb = i in verb_hits
        if pos == "VERB" and not is_verb:
            # 'bascule' lemmatised as the noun: the infinitive behind the form
            word = next((form for form in verb_forms(token) if form in verbs.words), word)
        if word in lex.object_verbs and pos == "VERB":
            pass
        elif (is_verb or word in verbs.words) and pos in ("VERB", "AUX", "ADJ"):
            needed = lex.adoption_preps.get(word)
            if needed and not any(case_of(c) in needed or c.lower_ in needed for c in token.children):
                if not _next_word_in(token, needed):
                    continue
        elif pos in ("NOUN", "PROPN") and (word in lex.adoption_nouns or token.lower_ in lex.adoption_nouns):
            pass
        elif not (pos in ("ADJ", "VERB") and (word in lex.adoption_adjectives or token.lower_ in lex.adoption_adjectives)):
            continue
        if facts.entity_at(token) is None:  # last: the word tests rule out most tokens cheaper
            found.append(i)
    facts.cache["adoption_words"] = found
    return found


_COPULA = frozenset("est sont sera seront serait seraient était étaient soit soient devient deviennent deviendront".split())


def _compatible_holders(facts: ArticleFacts, unit: Unit, adjective: Token) -> list[str] | None:
    """'Les bornes de Ionity seront compatibles MCS', 'Tous nos hubs seront compatibles …' in a
    quotation of Milence's: read on the surface (the parse breaks on 'compatibles MCS'), the
    noun phrase before the copula, when it is an organisation or a thing of one; None with no copula."""
    doc = facts.doc
    i = adjective.i - 1
    while i >= unit.sents[0].start and doc[i].pos_ == "ADV":
        i -= 1
    if i < unit.sents[0].start or doc[i].lower_ not in _COPULA:
        return None
    phrase: list[Token] = []
    j = i - 1
    while j >= unit.sents[0].start and not doc[j].is_punct and doc[j].lower_ not in ("que", "qu'", "qu’", "qui", "et"):
        phrase.insert(0, doc[j])
        j -= 1
    if not phrase or any(t.lower_ in ("ne", "n'", "n’") for t in phrase) or any(
        t.lower_ in facts.lex.negations for t in doc[i + 1 : adjective.i]
    ):
        return []  # 'ne sont pas compatibles'
    named = [m for t in phrase if (m := facts.entity_at(t, "ORG")) is not None]
    carrier = next((t for t in phrase if lemma(t) in facts.lex.carrier_nouns), None)
    if named and (_after_de(named[0], facts) == (carrier is not None)):
        return list(dict.fromkeys(m.entity_id for m in named))  # 'Ionity sera …', 'les bornes de Ionity'
    if carrier is not None and any(t.lower_ in ("nos", "notre") for t in phrase):
        org = quoted_speaker_org(facts, carrier)
        return [org] if org else []
    if named or any(lemma(t) in _PEOPLE for t in phrase):
        return []  # 'les clients de Ionity': people, or another's thing
    return None  # 'ces derniers', 'ces camions': the general rules decide


def _after_de(mention: Mention, facts: ArticleFacts) -> bool:
    span = facts.span_of(mention)
    return span is not None and span.start > 0 and facts.doc[span.start - 1].lower_ in ("de", "d'", "d’", "du", "des")


def _next_word_in(token: Token, words: frozenset[str]) -> bool:
    doc = token.doc
    for t in doc[token.i + 1 : min(token.i + 3, len(doc))]:
        if t.lower_ in words:
            return True
    return False


def _article_standard(facts: ArticleFacts) -> str:
    """The one standard the article names, if it names exactly one."""
    counts = Counter(m.entity_id for m in facts.mentions if m.label == "STANDARD" and m.entity_id)
    return next(iter(counts)) if len(counts) == 1 else ""


def _standards(facts: ArticleFacts, unit: Unit, token: Token, article_standard: str) -> tuple[list[str], set[str]]:
    """Standards in the trigger's object / complements, and the organisations owning them
    ('le port de recharge de Tesla'): an owner does not adopt its own standard."""
    subject_tokens: set[int] = set()
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS:
            subject_tokens.update(t.i for t in child.subtree)
    for i in list(subject_tokens):
        # 'Mercedes' | '-' | 'Benz passe au NACS': the whole name is the subject, even where the parse split it
        mention = facts.entity_at(facts.doc[i])
        span = facts.span_of(mention) if mention is not None else None
        if span is not None:
            subject_tokens.update(range(span.start, span.end))
    found: list[str] = []
    owners: set[str] = set()
    standard_noun = False
    passive_subject = {t.i for c in token.children if c.dep_ == "nsubj:pass" for t in c.subtree}
    for t in token.subtree:
        if t.i in passive_subject and (mention := facts.entity_at(t, "STANDARD")) is not None:
            if mention.entity_id not in found:
                found.append(mention.entity_id)  # 'le NACS a été adopté par Ford'
            continue
        if t.i in subject_tokens or t.i == token.i:
            continue
        mention = facts.entity_at(t)
        if mention is None:
            if lemma(t) in facts.lex.standard_nouns and t.head.i in {token.i} | {c.i for c in token.children}:
                standard_noun = True
            continue
        if mention.label == "STANDARD" and mention.entity_id not in found:
            found.append(mention.entity_id)
        elif mention.label == "ORG":
            owners.add(mention.entity_id)
    if not found and token.dep_.startswith("acl") and "Part" in token.morph.get("VerbForm"):
        head = facts.entity_at(token.head, "STANDARD")
        if head is not None:
            found = [head.entity_id]  # 'le standard NACS, déjà adopté par Ford'
    if not found:
        found = _surface_standard(facts, unit, token)
    if not found and standard_noun and owners:
        found = _owned_standard(facts, owners)  # 'la norme de Tesla' is the NACS
    makers_of_other = any(
        owners & set(makers) for std, makers in facts.triggers.adoption.standard_owners.items() if std != article_standard
    )
    if not found and standard_noun and article_standard and not makers_of_other:
        found = [article_standard]  # not 'le connecteur de Tesla' in an article that names only the CCS
    return found, owners


def _owned_standard(facts: ArticleFacts, owners: set[str]) -> list[str]:
    """The one standard these organisations created (triggers.yaml `standard_owners`),
    if the article names it: its rows must point at an entity of the article."""
    named = {m.entity_id for m in facts.mentions if m.label == "STANDARD"}
    made = [std for std, makers in facts.triggers.adoption.standard_owners.items() if owners & set(makers) and std in named]
    return made if len(made) == 1 else []


def _surface_standard(facts: ArticleFacts, unit: Unit, token: Token) -> list[str]:
    """A standard named within a few words after the trigger, before any other verb."""
    for t in [t for t in unit.tokens() if t.i > token.i][:10]:
        mention = facts.entity_at(t, "STANDARD")
        if mention is not None:
            return [mention.entity_id]
        if t.pos_ == "VERB" or t.text in (";", ".", "«", "“"):
            break
    return []


def _adopters(facts: ArticleFacts, unit: Unit, token: Token, owners: set[str]) -> list[str]:
    by = _passive_adopters(facts, unit, token)
    if by:
        return [m.entity_id for m in by]  # 'le NACS, déjà adopté par Ford et GM'
    agents = agents_of(facts, unit, token)
    orgs = [m.entity_id for m in agents.orgs if m.entity_id not in owners]
    if token.pos_ in ("NOUN", "PROPN") and not orgs:
        orgs = [m.entity_id for m in _own_orgs(facts, token) if m.entity_id not in owners]
    if orgs:
        return list(dict.fromkeys(orgs))
    subject = agents.subject
    if subject is not None and subject.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ"):
        subject = None  # a number or a verb taken for the subject: the parse went wrong
    verb = token if token.pos_ in ("VERB", "AUX", "ADJ") else None
    if verb is not None and verb.dep_ in ("ccomp", "advcl") and verb.head.i != verb.i:
        # 'Stellantis a confirmé que ses véhicules seront équipés de la prise NACS'
        outer = agents_of(facts, unit, verb.head)
        if outer.orgs and (subject is None or facts.entity_at(subject) is None):
            return [m.entity_id for m in outer.orgs if m.entity_id not in owners]
    if not facts.topic or facts.topic in owners:
        return []
    if subject is not None:
        if facts.entity_at(subject, "PER", "ORG", "LOC") is not None or lemma(subject) in _PEOPLE:
            return []
        if agents.reference:
            return [facts.topic]
        if lemma(subject) in facts.lex.org_nouns:
            return []  # 'tous les grands constructeurs': others, not the article's subject
        if subject.pos_ in ("NOUN", "PROPN", "PRON"):
            return [facts.topic]  # 'la prochaine génération de véhicules', 'ces derniers', 'elle'
        return []
    if any(m.entity_id == facts.topic for m in facts.entity_mentions(unit, "ORG")):
        return [facts.topic]  # 'L'annonce d'une compatibilité avec le port NACS … à Honda'
    return []


def _own_orgs(facts: ArticleFacts, token: Token) -> list[Mention]:
    """'l'adoption du NACS par Ford', 'l'adoption de la norme de Ford'."""
    found: list[Mention] = []
    for child in token.children:
        if case_of(child) in ("par", "de") and child.dep_ in ("nmod", "obl:agent", "obl"):
            found.extend(facts.np_orgs(child))
    return found


# ---------------------------------------------------------------------------
# Verbs that adopt only through their object ('ajouter des connecteurs NACS à
# ses véhicules', 'proposer des adaptateurs NACS'), and organisations that
# follow others ('Subaru suit Toyota, qui a opté pour le NACS', 'Land Rover
# suivra le même calendrier').
# ---------------------------------------------------------------------------


def _object_standards(facts: ArticleFacts, unit: Unit, verb: Token) -> list[str]:
    """Standards named in the direct object (never in a quotation the verb introduces:
    '« … NACS … », a ajouté Ford'). An adapter between two standards says no adoption."""
    objects = [c for c in verb.children if c.dep_ == "obj"] or _object_after_date(verb)
    if not objects:
        return []
    found: list[str] = []
    for obj in objects:
        tokens = list(obj.subtree)
        after = obj.right_edge.i + 1
        if after < len(facts.doc) and facts.entity_at(facts.doc[after], "STANDARD") is not None:
            tokens.append(facts.doc[after])  # 'des connecteurs' | 'NACS à ses véhicules': the parse cut the object
        if lemma(obj) in facts.lex.access_nouns:
            # 'des adaptateurs pour le NACS', the complement hung on the verb
            tokens += [t for c in verb.children if case_of(c) in ("pour", "vers") for t in c.subtree]
        for t in tokens:
            mention = facts.entity_at(t, "STANDARD")
            if mention is not None and mention.entity_id not in found:
                found.append(mention.entity_id)
    if len(found) > 1 and any(lemma(o) in facts.lex.access_nouns for o in objects):
        return []  # 'un adaptateur CCS vers NACS': which one the cars carry is unsaid
    return found


def _object_after_date(verb: Token) -> list[Token]:
    """'utilisent depuis 2019 le connecteur CCS': the parse hangs the object on the date's
    preposition; a noun with its own article after 'depuis / dès + year' is the object."""
    found = []
    for child in verb.children:
        if not child.dep_.startswith("obl") or child.i < verb.i:
            continue
        case = next((c for c in child.children if c.dep_ == "case"), None)
        year = child.doc[case.i + 1] if case is not None and case.i + 1 < child.i else None
        if case is None or case.lower_ not in ("depuis", "dès") or year is None or not year.like_num or len(year.text) != 4:
            continue
        if any(c.dep_ == "det" and c.i > year.i for c in child.children):
            found.append(child)
    return found


def _named_adopters(facts: ArticleFacts, unit: Unit, verb: Token) -> list[str]:
    """The organisation doing a generic verb: named, or 'il' / 'le constructeur'; a thing
    ('la station propose des prises') is nobody's adoption."""
    agents = agents_of(facts, unit, verb)
    if agents.subject is not None and lemma(agents.subject) in _PEOPLE:
        return []  # 'X, dont les clients utilisent le CCS': the customers' use, not X's choice
    orgs = list(agents.orgs)
    if not orgs and agents.subject is not None and lemma(agents.subject) in facts.lex.carrier_nouns:
        orgs = _own_orgs(facts, agents.subject) or _whose(facts, agents.subject)  # 'les futurs modèles de Scout Motors utiliseront…'
    return list(dict.fromkeys(m.entity_id for m in orgs))


def _whose(facts: ArticleFacts, carrier: Token) -> list[Mention]:
    """'Tesla, dont les voitures utilisent …': the name before 'dont' owns the carrier."""
    candidates = list(carrier.children) + [c for c in carrier.head.children if c.i < carrier.i]  # or hung on the verb
    relative = next((c for c in candidates if c.lower_ == "dont"), None)
    if relative is None:
        return []
    doc = facts.doc
    i = relative.i - 1
    while i >= 0 and doc[i].text == ",":
        i -= 1
    mention = facts.entity_at(doc[i], "ORG") if i >= 0 else None
    return [mention] if mention is not None else []


def _followers(
    facts: ArticleFacts, unit: Unit, stated: dict[int, list[tuple[str, str, int | None]]]
) -> list[tuple[Token, list[str], list[tuple[str, str, int | None]]]]:
    """'X suit / rejoint Y et Z, qui ont opté pour le NACS': X adopts what Y and Z adopted
    in this sentence. 'X suivra le même calendrier', 'X fera de même', 'Hyundai rejoint le
    NACS, Kia suivra': X adopts what was adopted just before (this sentence or the last one)."""
    lex = facts.lex
    verbs = _following_verbs(facts, unit)
    verbs += [span.root for _, span in facts.find(lex.following, unit) if span.root not in verbs]
    found = []
    for verb in verbs:
        if negated_or_refused(facts, verb):
            continue
        here = [a for a in stated.get(unit.index, [])]
        followed = _followed_orgs(facts, unit, verb)
        orgs = [m.entity_id for m in agents_of(facts, unit, verb).orgs]
        by = [m.entity_id for c in complements(facts, verb, frozenset(["par"])) for m in orgs_of_complement(facts, unit, c)]
        if by and lemma(verb) == "suivre" and _follows_an_org(facts, verb):
            # 'Ford a adopté le NACS, suivi par GM et Rivian', 'Il a été suivi par GM'
            orgs, antecedents = by, here or stated.get(unit.index - 1, [])
        elif followed:
            antecedents = [a for a in here if a[0] in followed]  # 'Subaru suit Toyota, qui a opté pour le NACS'
        elif _same_way(facts, verb) or _bare(verb):
            before = here or stated.get(unit.index - 1, [])
            antecedents = before
        else:
            continue
        orgs = [o for o in orgs if o not in {a[0] for a in antecedents}]
        if orgs and antecedents:
            found.append((verb, orgs, antecedents))
    return found


def _joined_leaders(
    facts: ArticleFacts, unit: Unit, stated: dict[int, list[tuple[str, str, int | None]]]
) -> list[tuple[list[str], list[tuple[str, str, int | None]]]]:
    """'Le groupe rejoint ainsi Ford et GM, qui ont pris la même décision': the organisations
    joined made the choice their follower made (in this sentence or the last one). Read on
    the surface: the parse seldom hangs the list and its relative clause on the verb."""
    found = []
    for verb in _following_verbs(facts, unit):
        if negated_or_refused(facts, verb):
            continue
        joined = _list_after(facts, unit, verb)
        if not joined or not _same_choice_clause(facts, joined[-1]):
            continue
        leaders = _leaders_of(facts, unit, verb, joined)
        before = [a for a in stated.get(unit.index, []) + stated.get(unit.index - 1, []) if a[0] in leaders]
        orgs = [m.entity_id for m in joined if m.entity_id not in leaders]
        if orgs and before:
            found.append((list(dict.fromkeys(orgs)), before))
    return found


def _following_verbs(facts: ArticleFacts, unit: Unit) -> list[Token]:
    """The unit's verbs of following ('suivre', 'rejoindre'), single words."""
    hits = facts.word_hits(facts.lex.following)
    return [t for t in unit.tokens() if t.i in hits and facts.pos[t.i] in ("VERB", "AUX")]


def _list_after(facts: ArticleFacts, unit: Unit, verb: Token) -> list[Mention]:
    """The names listed right after a verb, adverbs aside ('rejoint ainsi Ford, GM et Toyota')."""
    doc = facts.doc
    i = verb.i + 1
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    first = facts.entity_at(doc[i], "ORG") if i < len(doc) else None
    if first is None or facts.span_of(first) is None or facts.span_of(first).start != i:
        return []
    return sorted(expand_list(facts, unit, [first]), key=lambda m: m.start)


def _same_choice_clause(facts: ArticleFacts, last: Mention) -> bool:
    """', qui ont tous pris la même décision' / 'fait le même choix' right after the list."""
    span = facts.span_of(last)
    if span is None:
        return False
    rest = list(facts.doc[span.end : min(span.end + 12, len(facts.doc))])
    if len(rest) < 2 or rest[0].text != "," or rest[1].lower_ != "qui":
        return False
    for before, word in zip(rest[2:], rest[3:]):
        if word.text in (".", ";", ":", ",") or before.text in (".", ";", ":", ","):
            break
        if before.lower_ == "même" and (lemma(word) in facts.lex.same_words or word.lower_ in facts.lex.same_words):
            return True
    return False


def _leaders_of(facts: ArticleFacts, unit: Unit, verb: Token, joined: list[Mention]) -> set[str]:
    """Who follows: the verb's subject, else the name or 'le groupe' / 'il' the unit opens with."""
    joined_ids = {m.entity_id for m in joined}
    orgs = {m.entity_id for m in agents_of(facts, unit, verb).orgs} - joined_ids
    if orgs:
        return orgs
    first = next((t for t in unit.tokens() if t.pos_ in ("NOUN", "PRON", "PROPN")), None)
    if first is None or first.i >= verb.i:
        return set()
    named = facts.entity_at(first, "ORG")
    if named is not None:
        return {named.entity_id} - joined_ids
    return {facts.referent(first)} - {""} if facts.is_org_reference(first) else set()


def _followed_orgs(facts: ArticleFacts, unit: Unit, verb: Token) -> set[str]:
    """The organisations a following verb takes as object ('suit Toyota et Lexus')."""
    named = [m for c in verb.children if c.dep_ == "obj" for m in facts.np_orgs(c)]
    return {m.entity_id for m in expand_list(facts, unit, named)} if named else set()


def _same_way(facts: ArticleFacts, verb: Token) -> bool:
    """'le même calendrier', 'la même voie', 'faire de même', 'emboîter le pas'."""
    lex = facts.lex
    if not facts.has(lex.following, verb):
        return True  # a phrase of its own: 'faire de même', 'emboîter le pas'
    for child in verb.children:
        if child.dep_ == "obj" and lemma(child) in lex.same_words:
            return any(g.lower_ == "même" for g in child.children) or child.doc[child.i - 1].lower_ == "même"
    return False


def _same_timing(facts: ArticleFacts, verb: Token) -> bool:
    """'le même calendrier': the year of what is followed."""
    return any(c.dep_ == "obj" and lemma(c) in ("calendrier", "échéance", "rythme") for c in verb.children)


def _bare(verb: Token) -> bool:
    """'Kia suivra': a following verb with nothing after it but a date or an adverb."""
    return lemma(verb) == "suivre" and not any(c.dep_ in ("obj", "iobj", "ccomp", "xcomp", "obl:arg") for c in verb.children)


def _follows_an_org(facts: ArticleFacts, verb: Token) -> bool:
    """'Ford …, suivi par GM', 'Il a été suivi par GM' — not 'une décision suivie par les analystes de X'."""
    followed = next((c for c in verb.children if c.dep_ == "nsubj:pass"), None)
    if followed is None and verb.dep_.startswith("acl"):
        followed = verb.head
    if followed is None:
        return True
    # a standard followed by X is one X adopts too
    return facts.entity_at(followed, "ORG", "STANDARD") is not None or followed.pos_ == "PRON" or facts.is_org_reference(followed)


def _passive_adopters(facts: ArticleFacts, unit: Unit, token: Token) -> list[Mention]:
    """The 'par' agent of a passive trigger ('a été adopté par Ford, GM et Rivian') or of a
    participle ('le NACS, déjà adopté par Ford')."""
    if token.pos_ not in ("VERB", "AUX") or "Part" not in token.morph.get("VerbForm"):
        return []
    passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in token.children) or (
        token.dep_.startswith("acl") and not any(c.dep_ == "aux:tense" for c in token.children)
    )
    if not passive:
        return []
    found = [m for c in complements(facts, token, frozenset(["par"])) for m in orgs_of_complement(facts, unit, c)]
    return list({m.entity_id: m for m in found}.values())
