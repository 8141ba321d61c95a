"""Stage 8 — link: every entity mention points at exactly one entity id.

spaCy and the resolver (pipeline/nlp.py) work one paragraph at a time; what
needs the whole article is done here:

- known names get their knowledge-base id (the resolver already matched
  aliases, case- and accent-insensitively, and near misses);
- a person's last name alone points at the person named in full elsewhere in
  the article ('Barra' → 'Mary Barra', 'De Meo' → 'Luca de Meo'), whatever
  label the model gave it, and is found even where the model missed it;
- an acronym defined in the article ('Contemporary Amperex Technology
  Limited (CATL)', 'Agence de la transition écologique (Ademe)') points at
  the long form wherever it is written;
- an organisation's short form (its leading words) points at its long form
  ('Horse' → 'Horse Powertrain Limited', 'Redwood' → 'Redwood Materials'),
  unless the knowledge base knows it as another entity ('Renault' beside
  'Renault Trucks') or it is the place a company is named after ('dans le
  Morbihan' beside 'Morbihan Énergies'); a conglomerate's bare name beside
  its battery arm is the arm ('LG' → 'LG Energy Solution');
- an unknown name typed two ways in the article takes the type most
  mentions give it, a rule's type (a place cue, an apposition) counting
  twice the model's guess;
- a product name that contains its maker's name also mentions the maker
  ('réseau Tesla Supercharger' → Tesla), unless the maker is a platform
  and the product one of its features ('Twitter Spaces');
- spans made only of ordinary words (`weak`) that none of the above
  resolved are dropped, as is a name cut by the end of a truncated page;
- entities the knowledge base does not know get an id from their type and
  normalised name, so the same thing in two articles gets the same id.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from pipeline.doctext import doc_text
from pipeline.knowledge import KBEntry, KnowledgeBase, entity_id_for, normalize_name
from pipeline.models import CleanDocument, EntityRecord, Mention

_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*\)")
_TERMINAL = tuple('.!?…»"”)]')
_LABEL_PRIORITY = {"ORG": 0, "PER": 1, "LOC": 2, "PRODUCT": 3, "STANDARD": 4, "MISC": 5}
# A feature of a platform ('Twitter Spaces') is not news about the platform;
# a charger network or a car named with its maker's name is about the maker.
_NOT_MAKER_CATEGORIES = {"tech", "media"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def paragraph_starts(clean: CleanDocument) -> list[int]:
    """Start offsets of the kept paragraphs, for `paragraph_of`."""
    return [start for start, _ in clean.paragraph_spans]


def paragraph_of(clean: CleanDocument, offset: int, starts: list[int] | None = None) -> int:
    """Segment index of the kept paragraph holding `offset`; pass `paragraph_starts(clean)` when asking often."""
    starts = paragraph_starts(clean) if starts is None else starts
    position = bisect_right(starts, offset) - 1
    return clean.paragraphs[max(position, 0)] if clean.paragraphs else 0


def sentence_starts(doc: Doc) -> list[int]:
    """Start offsets of spaCy's sentences, for `sentence_of`."""
    return [sent.start_char for sent in doc.sents]


def sentence_of(starts: list[int], offset: int) -> int:
    return max(bisect_right(starts, offset) - 1, 0)


@dataclass
class _Item:
    """One entity mention while the article is being linked."""

    start: int  # character offsets
    end: int
    text: str
    label: str
    kb_id: str = ""
    source: str = "model"
    weak: bool = False
    link: int | None = None  # index of the item this one is a short form of
    sure: bool = False  # typed by the knowledge base or a rule, not only the model's guess

    @property
    def key(self) -> str:
        return normalize_name(self.text)


def link_entities(
    doc: Doc, clean: CleanDocument, kb: KnowledgeBase, starts: list[int] | None = None
) -> tuple[list[Mention], list[EntityRecord]]:
    """Mentions of named entities with their ids, and what the article says of each.

    `starts` is `sentence_starts(doc)` when the caller already has it.
    """
    items = []
    for ent in doc.ents:
        label = ent.label_
        if label not in _LABEL_PRIORITY:
            continue
        ext = ent._  # made anew on every access: read once
        items.append(_trimmed(_Item(ent.start_char, ent.end_char, ent.text, label, ent.ent_id_, ext.source, ext.weak, sure=ext.sure)))
    _link_acronyms(doc, items)
    _link_person_short_forms(doc, items, kb.context.honorifics)
    _link_org_short_forms(items, kb)
    items = _drop_unresolved(doc, items)
    items = _drop_credits(doc_text(doc), clean, items)
    items += _maker_mentions(items, kb)
    ids, names, labels = _assign_ids(items, kb)

    starts = sentence_starts(doc) if starts is None else starts
    paragraphs = paragraph_starts(clean)
    mentions: list[Mention] = []
    records: dict[str, EntityRecord] = {}
    for i, item in enumerate(items):
        entity_id = ids[i]
        entry = kb.by_id.get(entity_id)
        label = entry.type if entry else labels[entity_id]
        mentions.append(
            Mention(
                paragraph=paragraph_of(clean, item.start, paragraphs),
                sentence=sentence_of(starts, item.start),
                start=item.start,
                end=item.end,
                text=item.text,
                label=label,
                entity_id=entity_id,
                source=item.source,
            )
        )
        name = entry.name if entry else names[entity_id]
        record = records.setdefault(entity_id, EntityRecord(entity_id, name, label, [], entry is not None))
        if item.text not in record.aliases and item.text != name:
            record.aliases.append(item.text)
    mentions.sort(key=lambda m: (m.start, m.end, m.label))
    return mentions, list(records.values())


# ---------------------------------------------------------------------------
# Article-level rules
# ---------------------------------------------------------------------------


_EDGE_MARKS = "-–—_/"


def _trimmed(item: _Item) -> _Item:
    """'Commission européenne-': a dash glued to a word is not part of the name."""
    text = item.text.rstrip(_EDGE_MARKS)
    if text and text != item.text:
        item.end -= len(item.text) - len(text)
        item.text = text
    return item


def _root(items: list[_Item], i: int) -> int:
    seen = set()
    while items[i].link is not None and i not in seen:
        seen.add(i)
        i = items[i].link  # type: ignore[assignment]
    return i


def _at(items: list[_Item], start: int, end: int) -> int | None:
    for i, item in enumerate(items):
        if item.start == start and item.end == end:
            return i
    return None


def _overlaps(items: list[_Item], start: int, end: int) -> bool:
    return any(item.start < end and start < item.end for item in items)


def _link_acronyms(doc: Doc, items: list[_Item]) -> None:
    """'Long Form (LF)': the acronym is the long form's name in this article."""
    text = doc_text(doc)
    for i in range(len(items)):
        long_form = items[i]
        if long_form.label == "PER":
            continue
        match = _ACRONYM_AFTER.match(text, long_form.end)
        if not match or not _acronym_fits(match.group(1), long_form.text):
            continue
        acronym = match.group(1)
        long_form.weak = False  # a name defined with its acronym is a name
        for found in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            j = _at(items, found.start(), found.end())
            if j is None:
                if not _overlaps(items, found.start(), found.end()):
                    items.append(_Item(found.start(), found.end(), acronym, long_form.label, source="rule", link=i))
                continue
            other = items[j]
            if j != i and (not other.kb_id or other.kb_id == long_form.kb_id):
                other.link = i


def _acronym_fits(acronym: str, long_form: str) -> bool:
    """The acronym's letters are, in order, initials of the long form's words
    (the first one the first word's): 'CATL', 'BEI', 'Ademe'."""
    letters = [ch.lower() for ch in acronym if ch.isalpha()]
    initials = [normalize_name(word)[:1] for word in _WORD.findall(long_form)]
    if len(letters) < 2 or not initials or letters[0] != initials[0]:
        return False
    position = 1
    for letter in letters[1:]:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def _link_person_short_forms(doc: Doc, items: list[_Item], honorifics: list[str]) -> None:
    """'Barra' after 'Mary Barra': a last name alone is the person named in full.

    After a title, the first word counts too: family names come first in
    Chinese, Korean or Hungarian ('M. Zeng' for Zeng Yuqun, 'M. He').
    """
    text = doc_text(doc)
    full_names: dict[tuple[str, ...], set[int]] = {}  # normalised trailing words → full-name items
    family_first: dict[tuple[str, ...], set[int]] = {}  # first word → full-name items
    for i, item in enumerate(items):
        if item.label != "PER" or item.weak:
            continue
        words = item.key.split()
        for k in range(1, len(words)):
            full_names.setdefault(tuple(words[-k:]), set()).add(i)
        if len(item.text.split()) == 2:  # 'Kim Dong-myung': a hyphenated given name is one word
            family_first.setdefault((words[0],), set()).add(i)
    if not full_names:
        return
    titled = re.compile(r"(?:^|[\s(«“\"])(?:" + "|".join(re.escape(h) for h in honorifics) + r")\s*$") if honorifics else None

    def person_of(words: tuple[str, ...], start: int) -> int | None:
        candidates = full_names.get(words)
        if not candidates and titled is not None and titled.search(text[max(0, start - 8) : start]):
            candidates = family_first.get(words)
        if not candidates:
            return None
        roots = {_root_key(items, c) for c in candidates}
        return min(candidates) if len(roots) == 1 else None

    for i, item in enumerate(items):
        if item.link is not None or (item.kb_id and item.label != "PER"):
            continue
        person = person_of(tuple(item.key.split()), item.start)
        if person is not None and person != i and len(item.key.split()) < len(items[person].key.split()):
            item.link = person
            item.label = "PER"
            item.weak = False
    # Where the model saw nothing: scan the tokens for the last names. Tokens
    # and windows are read as offsets into the text: spaCy would make a new
    # object for every token and every window.
    longest = max(len(words) for words in full_names)
    added: list[_Item] = []
    offsets = doc.to_array([IDX, LENGTH]).tolist()
    for i, (idx, length) in enumerate(offsets):
        if not text[idx : idx + 1].isupper():
            continue  # the token's first character
        token = doc[i]
        if token.is_sent_start and token.pos_ != "PROPN":
            continue
        for k in range(min(longest, i + 1), 0, -1):
            start_char, end_char = offsets[i - k + 1][0], idx + length
            if not text[start_char : start_char + 1].isalpha():
                continue
            window = text[start_char:end_char]  # the span's text
            person = person_of(tuple(normalize_name(window).split()), start_char)
            if person is None:
                continue
            if not _overlaps(items + added, start_char, end_char):
                added.append(_Item(start_char, end_char, window, "PER", source="rule", link=person))
            break
    items.extend(added)


def _root_key(items: list[_Item], i: int) -> str:
    root = items[_root(items, i)]
    return root.kb_id or root.key


def _link_org_short_forms(items: list[_Item], kb: KnowledgeBase) -> None:
    """The leading word(s) of a longer organisation name in the article are a
    short form of it: 'Horse' after 'Horse Powertrain Limited', 'Kolvex' after
    the known 'Kolvex Energy Systems', 'LG' after 'LG Energy Solution'; 'G6'
    after 'Xpeng G6' is a model named without its maker.

    A short form the knowledge base knows as another entity keeps it
    ('Renault' next to 'Renault Trucks', 'Tesla' next to 'Tesla Energy'),
    except the bare name of a conglomerate owning the longer one (see
    `_holding_short_form`). A short form matching two different
    organisations is left alone; an ordinary word (weak) only joins an
    unknown long form ('Horse').
    """
    long_orgs = [i for i, item in enumerate(items) if item.label == "ORG" and not item.weak and " " in item.key]
    products = [i for i, item in enumerate(items) if item.label == "PRODUCT"]
    for i, item in enumerate(items):
        if item.link is not None or item.label == "PER" and (item.sure or " " in item.key):
            continue  # a lone word the model took for a person may be the company ('Schneider')
        words = item.key.split()
        matches = [
            j
            for j in long_orgs
            if len(items[j].key.split()) > len(words)
            and items[j].key.split()[: len(words)] == words
            and _root(items, j) != i
            and not (item.weak and items[j].kb_id)
        ]
        if item.label == "LOC" and not item.kb_id:
            # 'dans le Morbihan' beside 'Morbihan Énergies': a company named after the place
            matches = [j for j in matches if not _named_after_place(items[j], len(words), kb)]
        if matches and len({_root_key(items, j) for j in matches}) == 1:
            long_form = items[matches[0]]
            if not item.kb_id or item.kb_id != long_form.kb_id and _holding_short_form(items, i, long_form.kb_id, kb):
                item.link, item.label, item.weak = matches[0], "ORG", False
        if item.kb_id or item.link is not None or item.label != "PRODUCT":
            continue
        for j in products:
            other = items[j].key.split()
            if len(other) > len(words) and other[-len(words) :] == words and _root(items, j) != i:
                item.link = j
                break
    # The same words linked once are linked everywhere: 'Selon Hans Vogler, …', a
    # person by the model's guess, is the 'distributeur Hans Vogler' a rule typed
    # and linked to 'Hans Vogler France'.
    linked = {item.key: _root(items, i) for i, item in enumerate(items) if item.link is not None and item.sure}
    for i, item in enumerate(items):
        root = linked.get(item.key)
        if root is not None and item.link is None and not item.kb_id and not item.sure and _root(items, root) != i:
            item.link, item.label, item.weak = root, items[root].label, False


def _named_after_place(long_form: _Item, size: int, kb: KnowledgeBase) -> bool:
    """The words after the first `size` ones are company words ('Morbihan
    Énergies', 'Tokyo Electric Power'): the company takes the place's name, and
    the place named alone is the place."""
    rest = long_form.key.split()[size:]
    company_words = {normalize_name(w) for w in (*kb.context.company_words, *kb.context.company_suffixes)}
    return bool(rest) and all(word in company_words for word in rest)


# A group whose own business is elsewhere: its bare name in news about its battery
# or car arm names that arm ('LG' for LG Energy Solution, 'Samsung' for Samsung SDI).
_CONGLOMERATE_CATEGORIES = {"tech"}


def _holding_short_form(items: list[_Item], i: int, long_id: str, kb: KnowledgeBase) -> bool:
    """items[i] is the bare name of a conglomerate owning the entity `long_id`,
    and the article names the conglomerate no other way ('groupe LG')."""
    short = kb.by_id.get(items[i].kb_id)
    if short is None or short.category not in _CONGLOMERATE_CATEGORIES or not long_id:
        return False
    if any(other.kb_id == short.id and other.key != items[i].key for other in items):
        return False
    entry = kb.by_id.get(long_id)
    for _ in range(4):  # brand → owner → group
        if entry is None or not entry.parent:
            return False
        if entry.parent == short.id:
            return True
        entry = kb.by_id.get(entry.parent)
    return False


def _drop_unresolved(doc: Doc, items: list[_Item]) -> list[_Item]:
    """Weak spans nothing resolved, words the article also writes in lower case
    (a kicker 'Hydrogène :' when the text speaks of 'hydrogène'), and a name
    cut by the end of a truncated page."""
    full_text = doc_text(doc)
    text = full_text.rstrip()
    truncated = bool(text) and not text.endswith(_TERMINAL)
    kept_index: dict[int, int] = {}
    kept: list[_Item] = []
    for i, item in enumerate(items):
        if item.weak and item.link is None:
            continue
        if not item.kb_id and item.link is None and _written_in_lower_case(full_text, item.text):
            continue
        if truncated and item.end >= len(text) and not item.kb_id and item.link is None:
            continue
        kept_index[i] = len(kept)
        kept.append(item)
    for item in kept:
        if item.link is not None:
            item.link = kept_index.get(_root(items, item.link))
    return kept


_BYLINE = re.compile(r"^\s*(?:par|by|propos recueillis par|rédigé par|écrit par|publié par)\s", re.IGNORECASE)
_CREDIT_BEFORE = re.compile(r"(?:©|\bcr[ée]dits?(?: photos?)?\s*:|\bphotos?\s*:|\(\s*[\w.-]+\s*/)\s*$", re.IGNORECASE)


def _drop_credits(text: str, clean: CleanDocument, items: list[_Item]) -> list[_Item]:
    """Bylines and photo credits name the page's staff, not the news:
    'Par Julien Martin', '© Jean Dupont', '(Xinhua/Attila Volgyi)'."""
    bylines = [
        (start, end)
        for start, end in clean.paragraph_spans
        if end - start < 80 and _BYLINE.match(text[start:end])
    ]
    kept = []
    for item in items:
        if item.label == "PER" and not item.kb_id and (
            any(start <= item.start < end for start, end in bylines)
            or _CREDIT_BEFORE.search(text[max(0, item.start - 30) : item.start])
        ):
            continue
        kept.append(item)
    if len(kept) == len(items):
        return items
    index = {id(item): i for i, item in enumerate(kept)}
    for item in kept:  # short forms of a dropped name go with it
        if item.link is not None and id(items[_root(items, item.link)]) not in index:
            item.link = None
    relinked = []
    for item in kept:
        if item.link is not None:
            item.link = index[id(items[_root(items, item.link)])]
        relinked.append(item)
    return relinked


def _written_in_lower_case(text: str, name: str) -> bool:
    """True when the article writes `name` as an ordinary lowercase word too."""
    lower = name.lower()
    if lower == name or not name[:1].isupper() or not any(ch.isalpha() for ch in lower):
        return False
    return re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", text) is not None


def _maker_mentions(items: list[_Item], kb: KnowledgeBase) -> list[_Item]:
    """'Tesla Supercharger', 'Kia EV6': a product named with its maker mentions the maker."""
    added: list[_Item] = []
    for item in items:
        entry = kb.by_id.get(item.kb_id)
        if entry is None or entry.type != "PRODUCT" or not entry.parent:
            continue
        maker = kb.by_id.get(entry.parent)
        if maker is None or maker.category in _NOT_MAKER_CATEGORIES:
            continue
        found = _find_form(item.text, maker)
        if found is not None:
            start, end = found
            added.append(_Item(item.start + start, item.start + end, item.text[start:end], maker.type, maker.id, "rule"))
    return added


def _find_form(text: str, entry: KBEntry) -> tuple[int, int] | None:
    for form in sorted(entry.surface_forms, key=len, reverse=True):
        flags = 0 if form in entry.ambiguous else re.IGNORECASE
        match = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags)
        if match:
            return match.start(), match.end()
    return None


def _assign_ids(items: list[_Item], kb: KnowledgeBase) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Entity id of every item; canonical name and type of the unknown entities."""
    groups: dict[str, list[int]] = {}
    for i in range(len(items)):
        root = items[_root(items, i)]
        group = "kb:" + root.kb_id if root.kb_id else "name:" + root.key
        groups.setdefault(group, []).append(i)
    ids = [""] * len(items)
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for group, members in groups.items():
        if group.startswith("kb:"):
            for i in members:
                ids[i] = group[3:]
            continue
        votes: Counter[str] = Counter()
        for i in members:  # a rule's type (an apposition, a list, a place cue) outweighs the model's guess
            votes[items[i].label] += 2 if items[i].source == "rule" or items[i].sure else 1
        label = min(votes, key=lambda lab: (-votes[lab], _LABEL_PRIORITY[lab]))
        name = max((items[i].text for i in members), key=lambda t: (len(t.split()), len(t)))
        entity_id = entity_id_for(label, name)
        for i in members:
            ids[i] = entity_id
        names[entity_id] = name
        labels[entity_id] = label
    return ids, names, labels
