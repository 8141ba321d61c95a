"""Cheap tests of whether a regex can match, read from the regex itself.

Boilerplate patterns and repair rules are many regexes run over every
paragraph; most cannot match most paragraphs. Parsing a regex once tells
which strings every match must contain (`required_literals`), or that every
match starts at the text's start (`anchored`); a substring test then spares
the regex search. A regex whose every match holds a character outside ASCII
is searched only around such characters (`WindowedSearch`). The parse uses CPython's own regex parser (`re._parser`,
Python 3.11 as pinned); a regex it cannot read simply gets no gate.
"""

from __future__ import annotations

import re
import re._casefix as _casefix  # type: ignore[import-not-found]
import re._constants as _re_constants  # type: ignore[import-not-found]
import re._parser as _re_parser  # type: ignore[import-not-found]
import sys
from collections import Counter
from dataclasses import dataclass, field


def anchored(source: str) -> bool:
    """Does every match of the regex start at the string's start (each branch
    opens on '^' or '\\A', not in multi-line mode)?"""
    try:
        regex = re.compile(source, re.IGNORECASE)
        parsed = _re_parser.parse(source, re.IGNORECASE)
    except re.error:
        return False
    return not regex.flags & re.MULTILINE and _starts_anchored(list(parsed))


def _starts_anchored(items: list) -> bool:  # type: ignore[type-arg]
    """Do the parsed items open on a beginning-of-string assertion in every branch?"""
    if not items:
        return False
    op, value = items[0]
    if op is _re_constants.AT:
        return value in (_re_constants.AT_BEGINNING, _re_constants.AT_BEGINNING_STRING)
    if op is _re_constants.BRANCH:
        return all(_starts_anchored(list(branch)) for branch in value[1])
    if op is _re_constants.SUBPATTERN:
        _group, add_flags, _del_flags, inner = value
        return not add_flags & re.MULTILINE and _starts_anchored(list(inner))
    return False


# Characters whose case-insensitive match in `re` differs from comparing
# `str.lower()`: a lower case of several characters ('İ'), or a letter `re`
# also equates with another ('ſ' ~ 's', 'ı' ~ 'i', 'µ' ~ 'μ', Greek and Cyrillic
# variants). ASCII letters are matched as their lower case: only the
# non-ASCII side of such an equivalence makes a paragraph unsure.
_CASE_EQUIVALENTS = frozenset(chr(code) for key, others in _casefix._EXTRA_CASES.items() for code in (key, *others))


def _all_characters_from(first: int) -> str:
    """Every code point from `first` on, surrogates left out, in one string: decoded
    from one UTF-32 array (a join of a million `chr` calls costs ten times more
    at every start of the pipeline)."""
    import numpy as np

    codes = np.concatenate([np.arange(first, 0xD800, dtype="<u4"), np.arange(0xE000, sys.maxunicode + 1, dtype="<u4")])
    return codes.tobytes().decode("utf-32-le")


def _case_unsure_chars() -> list[str]:
    """Non-ASCII characters lower-casing to a letter `re` equates with another, and those
    lower-casing to several characters: all of Unicode lower-cased in one call."""
    multiple = [ch for ch in map(chr, range(0x80, 0x250)) if len(ch.lower()) != 1]  # 'İ'
    everything = _all_characters_from(0x80)
    for ch in multiple:
        everything = everything.replace(ch, "")
    lowered = everything.lower()
    if len(lowered) != len(everything):  # another character with a lower case of several: read one by one
        return sorted(ch for ch in everything if len(ch.lower()) != 1 or ch.lower() in _CASE_EQUIVALENTS) + multiple
    equivalent = re.compile("[" + "".join(map(re.escape, sorted(_CASE_EQUIVALENTS))) + "]")
    return sorted({everything[m.start()] for m in equivalent.finditer(lowered)} | set(multiple))


CASE_UNSURE_CHARS = _case_unsure_chars()
CASE_UNSURE = re.compile("[" + "".join(map(re.escape, CASE_UNSURE_CHARS)) + "]")
_REQUIRED_MIN_LENGTH = 3  # shorter strings are in most paragraphs: no use as a gate


def required_literals(regex: str) -> tuple[str, ...]:
    """Lower-case strings one of which every match of the (case-insensitive) regex contains.

    Read from the parsed regex: a run of literal characters in a sequence,
    or one such set per branch of an alternation, or of a group repeated at
    least once. () when nothing is sure. A regex character that `re`
    equates with an ASCII letter ('ı' ~ 'i') ends a run of literals.
    """
    try:
        parsed = _re_parser.parse(regex, re.IGNORECASE)
    except re.error:
        return ()
    found = _required_in(list(parsed))
    if not found or min(map(len, found)) < _REQUIRED_MIN_LENGTH:
        return ()
    # A string containing another adds nothing: wherever it is, the other is too.
    return tuple(sorted(k for k in found if not any(other != k and other in k for other in found)))



def may_contain_one(text: str, strings: tuple[str, ...]) -> bool:
    """Can a case-insensitive regex that requires one of `strings` (from
    `required_literals`; () if none known) match in the text? False only when
    the lower-case text lacks them all and `re` folds its letters as
    `str.lower` does (see `CASE_UNSURE`)."""
    if not strings:
        return True
    lower = text.lower()
    return any(map(lower.__contains__, strings)) or CASE_UNSURE.search(text) is not None


def _required_in(items: list) -> frozenset[str] | None:  # type: ignore[type-arg]
    """The best set of required strings of a sequence of parsed items, None if none."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append(frozenset({"".join(run).lower()}))
            run.clear()

    for op, value in items:
        if op is _re_constants.LITERAL and not _is_case_equivalent(chr(value)):
            run.append(chr(value))
            continue
        flush()
        inner: frozenset[str] | None = None
        if op is _re_constants.SUBPATTERN:
            inner = _required_in(list(value[3]))
        elif op is _re_constants.BRANCH:
            branches = [_required_in(list(branch)) for branch in value[1]]
            if branches and all(branches):
                inner = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT) and value[0] >= 1:
            inner = _required_in(list(value[2]))
        if inner:
            options.append(inner)
    flush()
    if not options:
        return None
    return max(options, key=lambda strings: (min(map(len, strings)), -len(strings)))


def _is_case_equivalent(ch: str) -> bool:
    """Does `re` match this regex character case-insensitively with one whose lower case
    differs, in a paragraph free of `CASE_UNSURE` characters ('ı' matches 'i')?"""
    return len(ch.lower()) != 1 or (not ch.isascii() and (ch in _CASE_EQUIVALENTS or ch.lower() in _CASE_EQUIVALENTS))


_NO_SPLIT = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|^\(\?[aiLmsux]+\)")  # backreferences, conditionals, global flags


def top_level_branches(source: str) -> tuple[str, ...]:
    """The regex's top-level alternatives, each a regex of its own: `(source,)` when it has
    one, or when splitting could change what matches (backreferences, global flags).

    `re.search` of 'a|b' finds something exactly when 'a' or 'b' does: each
    alternative can then be gated on the strings it needs, and one that
    starts with '^' fails at once instead of being tried at every position.
    """
    if _NO_SPLIT.search(source):
        return (source,)
    parts: list[str] = []
    depth = start = i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 1
        elif ch == "[":  # a class: '|' and parentheses are literal inside; ']' first is literal too
            i += 1
            if source[i : i + 1] == "^":
                i += 1
            if source[i : i + 1] == "]":
                i += 1
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return (source,)
    return tuple(parts)

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MAX_SET_SIZE = 10_000  # larger character ranges are not listed
_MAX_WINDOW = 64  # a regex with longer matches is searched whole


@dataclass(frozen=True)
class WindowedSearch:
    """`regex.search(text)`, run only around the non-ASCII characters its matches need.

    ftfy's mojibake regex has dozens of branches that start on any letter,
    so `re` tries them at every position of a text; yet each branch needs
    one of a few non-ASCII characters, and a match is a few characters
    long. Per text, each branch's rarest such set is read from the text's
    own non-ASCII characters (a branch with a set the text lacks cannot
    match), and the regex is searched only in windows one match wide around
    those characters: the answer is the whole search's.
    """

    regex: re.Pattern[str]
    branches: tuple[tuple[frozenset[str], ...], ...]  # per top-level branch: sets of characters it needs one of
    width: int  # the longest match
    _memo: dict[frozenset[str], tuple[tuple[frozenset[str], ...], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(cls, regex: re.Pattern[str]) -> WindowedSearch | None:
        """None when a window could change the answer (lookarounds, an end or word
        anchor, case folding, unbounded or long matches) or a branch needs no
        non-ASCII character."""
        if regex.flags & (re.IGNORECASE | re.MULTILINE):
            return None
        try:
            parsed = _re_parser.parse(regex.pattern, regex.flags)
        except re.error:
            return None
        width = parsed.getwidth()[1]
        items = list(parsed)
        if width > _MAX_WINDOW or not _window_safe(items):
            return None
        if len(items) == 1 and items[0][0] is _re_constants.BRANCH:
            branches = [list(branch) for branch in items[0][1][1]]
        else:
            branches = [items]
        needed = []
        for branch in branches:
            sets = tuple(s for s in _needed_sets(branch) if not any(map(str.isascii, s)))
            if not sets:
                return None
            needed.append(sets)
        return cls(regex, tuple(needed), width)

    def search(self, text: str) -> bool:
        counts = Counter(_NON_ASCII.findall(text))
        chosen: set[str] = set()
        for sets in self._possible(frozenset(counts)):
            chosen |= min(sets, key=lambda found: sum(map(counts.__getitem__, found)))
        positions = sorted(i for ch in chosen for i in _positions(text, ch))
        reach = self.width - 1
        start = end = -1
        for i in positions:
            if i - reach > end:
                if end >= 0 and self.regex.search(text, start, end + 1):
                    return True
                start = max(0, i - reach)
            end = i + reach
        return end >= 0 and self.regex.search(text, start, end + 1) is not None

    def _possible(self, present: frozenset[str]) -> tuple[tuple[frozenset[str], ...], ...]:
        """The branches a text with these non-ASCII characters may match, each with
        the needed sets cut down to those characters (memoised: texts share them)."""
        possible = self._memo.get(present)
        if possible is None:
            branches = ([present & needed for needed in sets] for sets in self.branches)
            possible = tuple(tuple(sets) for sets in branches if all(sets))
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[present] = possible
        return possible


_MEMO_SIZE = 4096  # distinct sets of non-ASCII characters remembered


def _positions(text: str, ch: str) -> list[int]:
    found = []
    i = text.find(ch)
    while i >= 0:
        found.append(i)
        i = text.find(ch, i + 1)
    return found


_WINDOW_SAFE_AT = (_re_constants.AT_BEGINNING, _re_constants.AT_BEGINNING_STRING)


def _window_safe(items: list) -> bool:  # type: ignore[type-arg]
    """No lookaround, backreference, or anchor other than the text's start:
    a match inside a window is a match of the text, and the other way round."""
    for op, value in items:
        if op in (_re_constants.ASSERT, _re_constants.ASSERT_NOT, _re_constants.GROUPREF, _re_constants.GROUPREF_EXISTS):
            return False
        if op is _re_constants.AT and value not in _WINDOW_SAFE_AT:
            return False
        if op is _re_constants.BRANCH and not all(_window_safe(list(branch)) for branch in value[1]):
            return False
        if op is _re_constants.SUBPATTERN and not _window_safe(list(value[3])):
            return False
        if op in (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT, _re_constants.POSSESSIVE_REPEAT) and not _window_safe(list(value[2])):
            return False
        if op is _re_constants.ATOMIC_GROUP and not _window_safe(list(value)):
            return False
    return True


def _needed_sets(items: list) -> list[frozenset[str]]:  # type: ignore[type-arg]
    """Sets of characters every match of the sequence has one of: its literals and
    listed character classes, in groups and in parts repeated at least once."""
    out: list[frozenset[str]] = []
    for op, value in items:
        chars = _listed_chars(op, value)
        if chars:
            out.append(chars)
        elif op is _re_constants.SUBPATTERN:
            out += _needed_sets(list(value[3]))
        elif op in (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT, _re_constants.POSSESSIVE_REPEAT) and value[0] >= 1:
            out += _needed_sets(list(value[2]))
    return out


def _listed_chars(op, value) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    """The characters a literal or a class of listed characters and ranges matches; None otherwise."""
    if op is _re_constants.LITERAL:
        return frozenset(chr(value))
    if op is not _re_constants.IN:
        return None
    chars: set[str] = set()
    for kind, item in value:
        if kind is _re_constants.LITERAL:
            chars.add(chr(item))
        elif kind is _re_constants.RANGE and item[1] - item[0] < _MAX_SET_SIZE:
            chars.update(map(chr, range(item[0], item[1] + 1)))
        else:
            return None  # a negated class, a category (\w, \s)
    return frozenset(chars)
