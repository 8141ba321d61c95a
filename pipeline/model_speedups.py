"""Faster equivalents of two of the model's rule components, with the same output.

After its three neural components, the costliest parts of `fr_core_news_md`
were two pieces of plain Python: the lemmatizer, which tested membership in
lists of up to 66,000 lemmas, and the attribute ruler, which runs a Matcher
over every token and builds a Span per match to copy a POS into a TAG. Both
are deterministic functions of a few token attributes, so a table gives the
same annotations for a fraction of the cost. Anything the table cannot
express exactly leaves the model's own component in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import IDS, MORPH
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

TABLE_RULER_FACTORY = "table_attribute_ruler"


def index_lemmas_as_sets(nlp: Language) -> None:
    """Turn the rule lemmatizer's lemma lists into sets: the same answers, in constant time.

    spaCy's French lemmatizer asks `word in index` of lists of up to 66,000
    lemmas for every word it has not cached yet, which made it, on a cold
    run, the costliest component after the three neural ones.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos in list(index.keys()):
        if isinstance(index[pos], list):
            index[pos] = frozenset(index[pos])


# The token attributes a compiled condition may read: `Doc.to_array` gives
# them as the same integers the Matcher compares (symbols, hashes, flags).
_READABLE = frozenset({
    "ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "POS", "TAG", "DEP", "LEMMA", "ENT_TYPE",
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER", "IS_STOP",
    "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL",
})  # fmt: skip
# The attributes a compiled rule may set: plain token fields, written back with `Doc.from_array`.
_WRITABLE_IDS = frozenset(IDS[name] for name in ("POS", "TAG", "DEP", "MORPH", "LEMMA"))


@dataclass(frozen=True)
class Condition:
    """One token attribute tested against a set of values (or their complement)."""

    column: int
    values: frozenset[int]
    negated: bool = False

    def holds(self, key: tuple[int, ...]) -> bool:
        return (key[self.column] in self.values) != self.negated


@dataclass(frozen=True)
class TableRule:
    """A one-token attribute-ruler rule: if any alternative holds, set `attrs`."""

    alternatives: tuple[tuple[Condition, ...], ...]
    attrs: dict[int, int]


@dataclass
class AttributeTable:
    """The attribute ruler as: attributes read, rules in order, attributes written."""

    read: list[int]
    rules: list[TableRule]
    written: list[int]
    cache: dict[tuple[int, ...], tuple[int, ...]] = field(default_factory=dict)

    columns: list[int] = field(init=False)  # a token's row: the attributes read, then the others written
    written_positions: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = self.read + [attr for attr in self.written if attr not in self.read]
        self.written_positions = [self.columns.index(attr) for attr in self.written]

    def outcome(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """The written attributes of a token whose `columns` are `row`.

        Rules apply in order, later ones overriding earlier ones, all tested
        on the token as it came in: what the ruler's Matcher does.
        """
        found = self.cache.get(row)
        if found is None:
            values = {attr: row[position] for attr, position in zip(self.written, self.written_positions)}
            for rule in self.rules:
                if any(all(condition.holds(row) for condition in alternative) for alternative in rule.alternatives):
                    values.update(rule.attrs)
            found = self.cache[row] = tuple(values[attr] for attr in self.written)
        return found


def compile_attribute_ruler(ruler: AttributeRuler, vocab: Vocab) -> AttributeTable | None:
    """The ruler's rules as a table, or None when one of them needs the Matcher.

    Compiled: one-token patterns on the attributes in `_READABLE`, with a
    plain value or an IN / NOT_IN list, setting attributes in `_WRITABLE_IDS`.
    """
    read: list[str] = []
    written: list[int] = []
    rules: list[TableRule] = []
    for index, (rule, attrs) in enumerate(zip(ruler.patterns, ruler.attrs)):
        if ruler.indices[index] not in (0, -1):
            return None
        if any(attr not in _WRITABLE_IDS for attr in attrs):
            return None
        alternatives = []
        for pattern in rule["patterns"]:
            if len(pattern) != 1:
                return None
            conditions = _conditions(pattern[0], read, vocab)
            if conditions is None:
                return None
            alternatives.append(conditions)
        rules.append(TableRule(tuple(alternatives), dict(attrs)))
        written += [attr for attr in attrs if attr not in written]
    return AttributeTable([IDS[name] for name in read], rules, written)


def _conditions(token: dict[str, Any], read: list[str], vocab: Vocab) -> tuple[Condition, ...] | None:
    conditions = []
    for name, wanted in token.items():
        name = "ORTH" if name.upper() == "TEXT" else name.upper()
        if name not in _READABLE:
            return None
        if name not in read:
            read.append(name)
        negated = False
        if isinstance(wanted, dict):
            if len(wanted) != 1 or next(iter(wanted)) not in ("IN", "NOT_IN"):
                return None
            negated = "NOT_IN" in wanted
            options = next(iter(wanted.values()))
        else:
            options = [wanted]
        values = frozenset(_as_int(option, vocab) for option in options)
        conditions.append(Condition(read.index(name), values, negated))
    return tuple(conditions)


def _as_int(value: Any, vocab: Vocab) -> int:
    """The integer the Matcher compares a pattern value as."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return int(vocab.strings.add(str(value)))


class TableAttributeRuler:
    """The attribute ruler's rules applied from a table: the same annotations, no Matcher."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.table: AttributeTable | None = None

    def configure(self, table: AttributeTable) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        if table is None or not len(doc):
            return doc
        current = doc.to_array(table.columns)  # a list of attributes: one row per token
        known = table.cache.get
        outcomes = numpy.array(
            [known(row) or table.outcome(row) for row in map(tuple, current.tolist())], dtype=numpy.uint64
        )
        before = current[:, table.written_positions]
        changed = [j for j in range(len(table.written)) if not numpy.array_equal(outcomes[:, j], before[:, j])]
        plain = [j for j in changed if table.written[j] != MORPH]
        if plain:
            doc.from_array([table.written[j] for j in plain], outcomes[:, plain])
        for j in changed:
            if table.written[j] == MORPH:  # from_array would re-parse every token's features
                for i in numpy.flatnonzero(outcomes[:, j] != before[:, j]).tolist():
                    doc[i].set_morph(int(outcomes[i, j]))
        return doc


@Language.factory(TABLE_RULER_FACTORY)
def make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(name)


def compile_model_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put the table version in place of the model's attribute ruler, when it says the same; True if done."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    table = compile_attribute_ruler(ruler, nlp.vocab)
    if table is None:
        return False
    replacement = nlp.replace_pipe(name, TABLE_RULER_FACTORY)
    replacement.configure(table)  # type: ignore[attr-defined]
    return True
