"""Find and normalise the values written in French news text.

The later stages need numbers they can compare ("7,5 milliards de dollars"
and "7 500 000 000 $" are the same figure), so every value found here carries
its character offsets in the text given (for ``mentions.csv``) and a
normalised number with a unit (for the ``figures`` table).

Labels:

* ``MONEY``    a number followed (or preceded, for symbols) by a currency;
  ``value`` is the full amount, ``unit`` the ISO 4217 code.
* ``PERCENT``  a number followed by "%" or "pour cent"; ``unit`` is "%".
* ``QUANTITY`` any other number worth a figure; ``unit`` is the canonical
  symbol of a physical unit ("GWh", "km", "hectare") or None for a bare count
  (the counted noun is found by the later stage).
* ``DATE``     a year, a month, a day; ``year`` and ``date`` carry it.

Conventions:

* A DATE span covers the whole expression as written, with its lead-in
  ("d’ici 2030", "à partir de 2025", "fin 2024", "en février",
  "le 15 mai 2024"), so users see what was written; ``year`` carries the
  number.  ``date`` is "YYYY", "YYYY-MM", "YYYY-MM-DD", "--MM" or "--MM-DD".
* A MONEY/PERCENT/QUANTITY span covers number, multiplier and unit or
  currency words ("7,5 milliards de dollars", "150 millions d’euros",
  "30 %"), but not a qualifier before it ("plus de", "environ"): that only
  sets ``approximate``.
* What is skipped on purpose: the article "un"/"une" on its own, ordinals
  ("46e", "1er", "deuxième"), numbers in names and codes ("Model 3", "ID.4",
  "C30", "COVID-19"), clock times ("14h30"), phone numbers, URLs, fractions
  ("50/50"), a day number alone ("le 30"), "deux" in "les/des/tous/toutes
  deux", and a lone small number word that is not followed by a plural noun
  or a unit ("un modèle neuf").
* A year (1900-2100) is a DATE unless a currency, unit, percent sign or
  multiplier follows it ("2024 euros"), or, with no lead-in, a plural noun
  ("2023 véhicules"): then it is a number.
* In a range the first number takes the unit of the second: "entre 20 et
  30 %" gives two PERCENT values, "2 à 3 milliards d'euros" two MONEY values.
* "X et demi": half the last magnitude is added ("un million et demi" =
  1 500 000, "deux heures et demie" = 2.5 heure).

* "une centaine de stations", "un millier de bornes": the collective noun
  after "un"/"une" is its round number, ``approximate``; a plural ("des
  centaines", "plusieurs milliers") is no number.

Known limits: "du 5 au
12 mai" gives only the second day; a price per unit ("0,59 €/kWh") is MONEY
0.59 EUR without the "/kWh"; number words and months in capitals ("DEUX")
are read, but a count noun after a small number word must be lowercase.

Everything is pure: regexes are compiled at import, the unit table is an
immutable value, and no function keeps state between calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

import yaml
from text_to_num import text2num

__all__ = [
    "ValueSpan",
    "UnitTable",
    "parse_number",
    "find_values",
    "load_units",
    "year_of",
    "DEFAULT_UNITS",
]

LABELS = ("MONEY", "PERCENT", "QUANTITY", "DATE")


@dataclass(frozen=True)
class ValueSpan:
    """One value found in a text, with where it was written and what it means."""

    start: int  # char offset in the text given
    end: int
    text: str  # text[start:end]
    label: str  # "MONEY" | "PERCENT" | "QUANTITY" | "DATE"
    value: float | None  # normalised number (money/percent/quantity); None for DATE
    unit: str | None  # ISO code, "%", unit symbol, or None for a bare count
    year: int | None  # DATE: the year it names
    date: str | None  # DATE: "YYYY", "YYYY-MM", "YYYY-MM-DD", "--MM", "--MM-DD"
    approximate: bool = False  # a qualifier ("environ", "plus de"...) preceded it


# --------------------------------------------------------------------------
# Unit table
# --------------------------------------------------------------------------

_SP = "[ \u00a0\u202f]"  # the spaces allowed inside a value (not newlines)
_CI_FORM = re.compile(r"[a-zà-ÿœæ][a-zà-ÿœæ '’\-]+")  # a lowercase word form


def _form_pattern(form: str) -> str:
    """Regex for one surface form: spaces are flexible, words matched whole."""
    pat = _SP.join(re.escape(part) for part in form.split(" ")).replace(_SP, _SP + "+")
    if _CI_FORM.fullmatch(form) and len(form) >= 3:
        pat = f"(?i:{pat})"
    if form[-1].isalnum():
        pat += r"(?![\w])"
    return pat


def _forms_alternation(forms: Iterable[str]) -> str:
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(_form_pattern(f) for f in ordered) or "(?!)"


def _lookup(exact: Mapping[str, str], folded: Mapping[str, str], found: str) -> str | None:
    """Canonical code of a matched form (spaces normalised, case folded if needed)."""
    key = re.sub(rf"{_SP}+", " ", found)
    if key in exact:
        return exact[key]
    return folded.get(key.lower())


@dataclass(frozen=True)
class UnitTable:
    """Currencies and physical units, with the regexes built from them once."""

    currencies: Mapping[str, str]
    units: Mapping[str, str]
    _cur_folded: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _unit_folded: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _cur_suffix: re.Pattern = field(init=False, repr=False, compare=False)
    _cur_prefix: re.Pattern = field(init=False, repr=False, compare=False)
    _unit_suffix: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cur = MappingProxyType(dict(self.currencies))
        units = MappingProxyType(dict(self.units))
        setattr_ = object.__setattr__
        setattr_(self, "currencies", cur)
        setattr_(self, "units", units)
        setattr_(self, "_cur_folded", MappingProxyType({k.lower(): v for k, v in cur.items()}))
        setattr_(self, "_unit_folded", MappingProxyType({k.lower(): v for k, v in units.items()}))
        # After a number: optional "de"/"d'" (group "de"), then the form,
        # possibly between curly braces left over from a template.
        link = rf"(?:{_SP}+(?P<de>(?i:de){_SP}+|(?i:d)['’]{_SP}*)|{_SP}*)"
        cur_alt = _forms_alternation(cur)
        setattr_(
            self,
            "_cur_suffix",
            re.compile(rf"{link}(?:\{{(?P<braced>{cur_alt})\}}|(?P<form>{cur_alt}))"),
        )
        symbols = [f for f in cur if not any(c.isalpha() for c in f) or f == "US$"]
        setattr_(
            self,
            "_cur_prefix",
            re.compile(rf"(?:{_forms_alternation(symbols)}){_SP}?\Z"),
        )
        setattr_(self, "_unit_suffix", re.compile(rf"{link}(?P<form>{_forms_alternation(units)})"))

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.currencies.items())), tuple(sorted(self.units.items()))))

    # The matchers return (end, code, used "de").
    def currency_after(self, text: str, pos: int) -> tuple[int, str, bool] | None:
        m = self._cur_suffix.match(text, pos)
        if not m:
            return None
        found = m.group("braced") or m.group("form")
        code = _lookup(self.currencies, self._cur_folded, found)
        return (m.end(), code, m.group("de") is not None) if code else None

    def currency_before(self, text: str, pos: int) -> tuple[int, str] | None:
        m = self._cur_prefix.search(text, max(0, pos - 5), pos)
        if not m:
            return None
        code = _lookup(self.currencies, self._cur_folded, m.group().rstrip(" \u00a0\u202f"))
        return (m.start(), code) if code else None

    def unit_after(self, text: str, pos: int) -> tuple[int, str, bool] | None:
        m = self._unit_suffix.match(text, pos)
        if not m:
            return None
        code = _lookup(self.units, self._unit_folded, m.group("form"))
        return (m.end(), code, m.group("de") is not None) if code else None


def load_units(path: Path) -> UnitTable:
    """Read currencies and units from a YAML file (see data/units.yaml)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with 'currencies' and 'units'")
    tables = {}
    for key in ("currencies", "units"):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise ValueError(f"{path}: '{key}' must be a mapping of form -> code")
        tables[key] = {str(k): str(v) for k, v in section.items()}
    return UnitTable(tables["currencies"], tables["units"])


# Used when find_values() is given no table: the project's data/units.yaml if
# it is there, else this small built-in table so the module works alone.
_BUILTIN_UNITS = UnitTable(
    currencies={
        "euro": "EUR", "euros": "EUR", "€": "EUR", "EUR": "EUR",
        "dollar": "USD", "dollars": "USD", "dollars américains": "USD", "$": "USD",
        "US$": "USD", "USD": "USD", "livres sterling": "GBP", "livre sterling": "GBP",
        "£": "GBP", "GBP": "GBP", "yuan": "CNY", "yuans": "CNY", "renminbi": "CNY",
        "CNY": "CNY", "yen": "JPY", "yens": "JPY", "JPY": "JPY", "francs suisses": "CHF",
        "franc suisse": "CHF", "CHF": "CHF", "won": "KRW", "wons": "KRW", "KRW": "KRW",
    },
    units={
        "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "gigawattheures": "GWh",
        "kW": "kW", "MW": "MW", "GW": "GW", "km": "km", "kilomètres": "km",
        "km/h": "km/h", "hectare": "hectare", "hectares": "hectare", "ha": "hectare",
        "tonne": "tonne", "tonnes": "tonne", "minute": "minute", "minutes": "minute",
        "heure": "heure", "heures": "heure", "an": "an", "ans": "an", "années": "an",
    },
)

_DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "units.yaml"
DEFAULT_UNITS: UnitTable = (
    load_units(_DEFAULT_PATH) if _DEFAULT_PATH.is_file() else _BUILTIN_UNITS
)


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

_NUMBER_WORDS = (
    "zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize "
    "quatorze quinze seize vingt vingts trente quarante cinquante soixante septante "
    "huitante octante nonante cent cents mille million millions milliard milliards"
).split()


def _alternation(words: Iterable[str]) -> str:
    """Alternation of lowercase words, longest first, matched whole.

    Number words and months are looked for in a lowercased copy of the text:
    case-insensitive alternations scan several times slower."""
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + r")(?![\w])"


def _lower(text: str) -> str:
    """text.lower() with the same length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] for c in text)  # "İ" lowercases to two chars


_W = _alternation(_NUMBER_WORDS)
# "et" joins number words only before un/une/onze ("vingt et un") and demi.
_WORDS = (
    rf"(?P<w>{_W}(?:(?:{_SP}+|-|{_SP}+et{_SP}+(?=(?:une?|onze)(?![\w]))|-et-){_W})*)"
    rf"(?P<wdemi>{_SP}+et{_SP}+demie?(?![\w]))?"
)
_WORDS_RE = re.compile(_WORDS)  # on the lowercased text
_DIGITS_RE = re.compile(
    rf"(?P<d>\d{{1,3}}(?:{_SP}\d{{3}})+(?:,\d+)?(?!\d)"  # 12 000 / 12 000,5
    rf"|\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?(?![\d]|\.\d)"  # 19.000 / 1.234.567
    rf"|\d+(?:[.,]\d+)?)"  # 1200 / 7,5 / 1.5
)
_DIGIT_RUN_RE = re.compile(r"[\d.,]*\d")
_WORD_TOKEN = re.compile(r"[^\s\u00a0\u202f\-]+")

_MULTIPLIERS = MappingProxyType({
    "mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9,
    "milliards": 10**9, "md": 10**9, "mds": 10**9, "mrd": 10**9, "mrds": 10**9,
    "m": 10**6, "k": 1000,
})
_MULT_RE = re.compile(
    rf"{_SP}*(?P<m>(?i:milliards?|millions?|mille)(?![\w])|Mds?(?![\w])|Mrds?(?![\w])"
    rf"|Md(?![\w])|M(?={_SP}?[€$£])|[kK](?={_SP}?[€$£]))"
    rf"(?P<demi>{_SP}+et{_SP}+demie?(?![\w]))?"
)
_DEMI_RE = re.compile(rf"{_SP}+et{_SP}+demie?(?![\w])")
_PERCENT_RE = re.compile(
    rf"{_SP}?%|{_SP}+(?i:pour{_SP}?cent)(?![\w])|{_SP}*(?i:pourcents?)(?![\w])"
)
# Single number words: value known in advance, no text2num call needed.
_WORD_VALUE = MappingProxyType({w: text2num(w, "fr") for w in _NUMBER_WORDS})
_MAGNITUDE = MappingProxyType(
    {"mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}
)


def _digits_value(raw: str) -> Decimal | None:
    """Value of a number written with digits, French or English style."""
    s = re.sub(_SP, "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s) and not s.startswith("0"):
        s = s.replace(".", "").replace(",", ".")  # dot as thousands separator
    elif s.count(".") + s.count(",") > 1:
        return None
    else:
        s = s.replace(",", ".")
    try:
        return Decimal(s)
    except ArithmeticError:
        return None


def _words_value(words: str, demi: bool) -> Decimal | None:
    """Value of French number words; "X et demi" adds half the last magnitude
    ("un million et demi" = 1 500 000, "deux et demi" = 2.5)."""
    norm = re.sub(rf"{_SP}+", " ", words.strip()).lower()
    single = _WORD_VALUE.get(norm)
    if single is not None:
        value = Decimal(single)
    else:
        try:
            value = Decimal(text2num(norm, "fr"))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None  # text2num refuses what is not one number ("un deux")
    if demi:
        last = _WORD_TOKEN.findall(norm)[-1]
        value += Decimal(_MAGNITUDE.get(last, 1)) / 2
    return value


@dataclass(frozen=True)
class _Num:
    """A number as read at some offset, before any context rule."""

    start: int
    end: int  # after the multiplier and "et demi", if any
    value: Decimal
    digits: bool
    plain_int: bool  # digits only, no separator, no decimal, no multiplier
    words: tuple[str, ...]  # the number words, lowercased (empty for digits)
    multiplier: int  # 1 when none


def _read_digits(text: str, pos: int) -> _Num | None:
    """The number written with digits at pos, with its multiplier."""
    m = _DIGITS_RE.match(text, pos)
    if not m:
        return None
    value = _digits_value(m.group("d"))
    if value is None:
        return None
    end, mult = m.end(), 1
    mm = _MULT_RE.match(text, end)
    if mm:
        mult = _MULTIPLIERS[mm.group("m").lower()]
        value *= mult
        if mm.group("demi"):
            value += Decimal(mult) / 2
        end = mm.end()
    plain = mult == 1 and m.group("d").isdigit()
    return _Num(pos, end, value, True, plain, (), mult)


def _read_words(low: str, pos: int) -> _Num | None:
    """The number written in words at pos of the lowercased text; if text2num
    refuses the whole run, the longest run of leading words it accepts."""
    m = _WORDS_RE.match(low, pos)
    if not m:
        return None
    start, end = m.span("w")
    demi_end = m.end("wdemi") if m.group("wdemi") else None
    toks = [t.span() for t in _WORD_TOKEN.finditer(low, start, end)]
    toks = [(a, b) for a, b in toks if low[a:b] != "et"]
    for n in range(len(toks), 0, -1):
        stop = toks[n - 1][1]
        demi = n == len(toks) and demi_end is not None
        value = _words_value(low[start:stop], demi)
        if value is not None:
            words = tuple(low[a:b] for a, b in toks[:n])
            mult = _MAGNITUDE.get(words[-1], 1) if words[-1] != "mille" else 1
            return _Num(start, demi_end if demi else stop, value, False, False, words, mult)
    return None


_TRAILING_SYMBOL_RE = re.compile(r"(?:[ \u00a0\u202f]?(?:[$€£%]|US\$))?")


def parse_number(text: str) -> float | None:
    """Value of one number as written, digits or words ("12 000", "7,5",
    "19.000", "7,5 milliards", "3 Md€", "trois cent mille", "un million et
    demi"); None if the text is not exactly one number.

    "un" parses as 1 here: the caller asked for a number.  find_values() is
    the one that treats a lone "un"/"une" as an article."""
    s = text.strip()
    if not s:
        return None
    sign = 1
    if s[0] in "-−+":
        sign = -1 if s[0] != "+" else 1
        s = s[1:].lstrip()
    # A currency symbol or percent sign around the number is allowed ("3 Md€").
    s = re.sub(r"^(?:US\$|[$€£])[ \u00a0\u202f]?", "", s)
    if not s:
        return None
    num = _read_digits(s, 0) if s[0].isdigit() else _read_words(_lower(s), 0)
    if num is None or not _TRAILING_SYMBOL_RE.fullmatch(s, num.end):
        return None
    return float(num.value) * sign


# --------------------------------------------------------------------------
# Context rules
# --------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE_RE = re.compile(rf"(?:\+33{_SP}?|0)[1-9](?:[ \u00a0\u202f.\-]?\d{{2}}){{4}}(?!\d)")
_CLOCK_RE = re.compile(rf"(?:[01]?\d|2[0-3]){_SP}?[hH:]{_SP}?[0-5]\d(?![\w])")
_DE = rf"d(?:e{_SP}+|['’]{_SP}*)"  # "de " or "d’"
_APPROX_RE = re.compile(
    rf"(?<![\w])(?:"
    rf"(?:environ|quelque|presque|quasiment|quasi|approximativement|grosso{_SP}+modo"
    rf"|au{_SP}+moins|au{_SP}+bas{_SP}+mot|plus{_SP}+ou{_SP}+moins){_SP}+"
    rf"|jusqu['’]{_SP}*(?:à|a){_SP}+"
    rf"|(?:près|plus|moins|pas{_SP}+moins|un{_SP}+peu{_SP}+plus|un{_SP}+peu{_SP}+moins"
    rf"|autour|au-delà|de{_SP}+l['’]ordre|un{_SP}+minimum|un{_SP}+maximum"
    rf"|aux{_SP}+alentours){_SP}+{_DE}"
    rf")\Z"
    r"|(?:~|≈|env\.)[ \u00a0\u202f]*\Z",
    re.I,
)
_PREV_WORD_RE = re.compile(rf"([\w°\-]+){_SP}+\Z")
_NEXT_WORD_RE = re.compile(rf"{_SP}+([\w'’\-]+)")
_LE_RE = re.compile(rf"(?<![\w])(?i:le|du){_SP}+\Z")
_ARTICLE_DEUX_RE = re.compile(rf"(?<![\w])(?i:les|des|tous|toutes){_SP}+\Z")
_CLOCK_PREP_RE = re.compile(rf"(?<![\w])(?i:à|vers|dès){_SP}+\Z")
_POUR_RE = re.compile(rf"(?<![\w])(?i:pour){_SP}*\Z")
_RANGE_GAP_RE = re.compile(rf"{_SP}*(?:à|et|ou|-|–|—){_SP}*")
# Capitalised words that may precede a count ("En 2024", "Plus 300 bornes").
_FUNCTION_WORDS = frozenset(
    """le la les l un une des du de d au aux à a en et ou mais donc or ni car
    avec dans sur sous pour par selon depuis entre vers dès jusqu avant après
    plus moins près environ quelque quelques soit voici voilà ces ses son sa
    leur leurs nos vos notre votre ce cet cette il elle ils elles on nous vous
    chaque total seulement déjà pas contre sans lors ici""".split()
)
# Lowercase words after which a small number is a name, not a count.
_NAME_WORDS = frozenset(
    """type model modèle version série classe niveau catégorie article numéro
    n° no phase étape chapitre page saison rang lot euro norme""".split()
)
# Words ending in -s/-x that do not make the number before them a count.
_NOT_NOUNS = frozenset(
    """dans sous sans plus moins puis alors après depuis les des ses ces mes
    tes nos vos leurs aux fois pas jamais toujours parmi vers mais tous
    toutes chez dès lors vous nous ils elles plusieurs certains certaines
    quelques nombreux nombreuses divers diverses ceux eux tels telles""".split()
)


def _is_count_noun(word: str) -> bool:
    """A lowercase plural-looking word that a number word can count."""
    if not word or not word[0].islower():
        return False
    w = word.lower()
    return w[-1] in "sxz" and w not in _NOT_NOUNS and w not in _WORD_VALUE


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_MONTHS = MappingProxyType({
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
    "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
    "novembre": 11, "décembre": 12, "decembre": 12,
})
_MONTH_ABBR = MappingProxyType({
    "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "avr": 4, "juil": 7,
    "sept": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12,
})
_MONTH_ALT = _alternation(_MONTHS)
_ABBR_ALT = _alternation(_MONTH_ABBR)[: -len(r"(?![\w])")]
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_YEAR_END = r"(?![\w]|[.,/]\d)"
# Dates that start with a digit, tried where a digit starts (lowercased text).
_DATE_DIGIT_RE = re.compile(
    rf"""
    (?P<iso>(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])(?:-(?P<id>0[1-9]|[12]\d|3[01]))?
        (?![\w\-]|[.,/]\d))
   |(?P<num>(?P<nd>0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?P<nm>0?[1-9]|1[0-2])
        (?P=sep)(?P<ny>{_YEAR}){_YEAR_END})
   |(?P<dm>(?P<dd>1er|0?[1-9]|[12]\d|3[01]){_SP}+
        (?:(?P<dmo>{_MONTH_ALT})|(?P<dab>{_ABBR_ALT})(?P<dot>\.)?(?![\w]))
        (?:{_SP}+(?P<dy>{_YEAR}){_YEAR_END})?)
   |(?P<y>{_YEAR}{_YEAR_END})
    """,
    re.X,
)
# Dates that start with a month name (lowercased text).
_DATE_MONTH_RE = re.compile(
    rf"(?P<mo>{_MONTH_ALT})(?:{_SP}+(?:de{_SP}+l['’]année{_SP}+)?(?P<my>{_YEAR}){_YEAR_END})?"
)
# What may be written before a date and belongs to its span.
_LEADIN_RE = re.compile(
    rf"""(?<![\w])
    (?:d['’]ici(?:{_SP}+à)?{_SP}+
      |à{_SP}+(?:partir|compter){_SP}+d(?:e{_SP}+|u{_SP}+|['’]{_SP}*)
      |au{_SP}+cours{_SP}+d(?:e{_SP}+|u{_SP}+|['’]{_SP}*)
      |au{_SP}+mois{_SP}+d(?:e{_SP}+|['’]{_SP}*)
      |jusqu['’]{_SP}*(?:en|à|au){_SP}+
      |(?:dès|depuis|avant|après|vers|entre|en|courant|pour|le|du|au|à){_SP}+)?
    (?:(?:(?:le|la|l['’]){_SP}*)?(?:fin|début|milieu|courant)
        (?:{_SP}+d(?:e|u){_SP}+|{_SP}*d['’]{_SP}*|{_SP}+)(?:l['’]année{_SP}+)?
      |mi-
      |(?:(?:le|ce|cet){_SP}+|l['’]{_SP}*)?
        (?:(?:premier|1er|deuxième|second|2e|2ème|troisième|3e|3ème|quatrième|4e|4ème|dernier)
            {_SP}+(?:trimestre|semestre)|T[1-4]|S[12]|H[12]|printemps|été|automne|hiver)
        (?:{_SP}+d(?:e|u){_SP}+|{_SP}*d['’]{_SP}*|{_SP}+)
    )?
    (?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche){_SP}+)?
    \Z""",
    re.I | re.X,
)
_WEAK_LEADINS = frozenset({"le", "du", "au", "à", "pour", "vers", "entre"})


def _date_fields(m: re.Match) -> tuple[int | None, str | None]:
    """(year, date) for one match of the date regexes."""
    g = m.groupdict()
    if g.get("iso"):
        y, mo, d = int(g["iy"]), g["im"], g["id"]
        return y, f"{y:04d}-{mo}" + (f"-{d}" if d else "")
    if g.get("num"):
        y = int(g["ny"])
        return y, f"{y:04d}-{int(g['nm']):02d}-{int(g['nd']):02d}"
    if g.get("dm"):
        day = 1 if g["dd"] == "1er" else int(g["dd"])
        mo = _MONTHS[g["dmo"].lower()] if g["dmo"] else _MONTH_ABBR[g["dab"].lower()]
        if g["dy"]:
            y = int(g["dy"])
            return y, f"{y:04d}-{mo:02d}-{day:02d}"
        return None, f"--{mo:02d}-{day:02d}"
    if g.get("y"):
        y = int(g["y"])
        return y, f"{y:04d}"
    mo = _MONTHS[g["mo"].lower()]
    if g["my"]:
        y = int(g["my"])
        return y, f"{y:04d}-{mo:02d}"
    return None, f"--{mo:02d}"


def _followed_by_measure(text: str, pos: int, units: UnitTable) -> bool:
    """True when a currency, unit, percent sign or multiplier follows pos."""
    return bool(
        _PERCENT_RE.match(text, pos)
        or _MULT_RE.match(text, pos)
        or units.currency_after(text, pos)
        or units.unit_after(text, pos)
    )


def _leadin(text: str, start: int, floor: int) -> str:
    m = _LEADIN_RE.search(text, max(floor, start - 60), start)
    return m.group() if m else ""


def _read_date(
    text: str, low: str, pos: int, floor: int, units: UnitTable
) -> ValueSpan | None:
    """The DATE that starts (without its lead-in) at pos, if any.  low is
    text lowercased; floor is where the previous value ended: a lead-in never
    reaches before it."""
    if text[pos].isdigit():
        m = _DATE_DIGIT_RE.match(low, pos)
        if not m:
            return None
        if m.group("dab") and not m.group("dot") and not m.group("dy"):
            return None  # "5 sept voitures": "sept" is seven, not September
        if m.group("y"):
            before = text[pos - 1] if pos > 0 else " "
            if before in "-–" and not (
                text[max(0, pos - 3) : pos].lower() == "mi-"
                or (pos >= 5 and text[pos - 5 : pos - 1].isdigit())
            ):
                return None  # "COVID-2019"; but "mi-2025", "2024-2030" are dates
            if _followed_by_measure(text, m.end(), units):
                return None  # "2024 euros", "2030 km": an amount, not a year
    else:
        m = _DATE_MONTH_RE.match(low, pos)
        if not m:
            return None
    lead = _leadin(text, pos, floor)
    if m.groupdict().get("mo") and not m.group("my"):
        # A month alone needs a lead-in ("en février") and lowercase (not "Mars").
        word = re.sub(rf"{_SP}+", " ", lead).strip().lower()
        if not lead or word in _WEAK_LEADINS or not text[pos : m.end("mo")].islower():
            return None
    if m.groupdict().get("y") and not lead:
        nxt = _NEXT_WORD_RE.match(text, m.end())
        if nxt and _is_count_noun(nxt.group(1)) and nxt.group(1).lower() not in _MONTHS:
            return None  # "2023 véhicules": a count
    start, end = pos - len(lead), m.end()
    year, date = _date_fields(m)
    return ValueSpan(start, end, text[start:end], "DATE", None, None, year, date)


def year_of(text: str) -> int | None:
    """The year a date expression names ("d’ici 2030" -> 2030), else None."""
    for span in find_values(text):
        if span.label == "DATE" and span.year is not None:
            return span.year
    m = re.search(rf"(?<!\d){_YEAR}(?!\d)", text)
    return int(m.group()) if m else None


# --------------------------------------------------------------------------
# The scanner
# --------------------------------------------------------------------------

# Where something may start: a digit, a number word, a month, a URL.  Four
# simple scans are much faster than one alternation of all of them.
_DIGIT_START_RE = re.compile(r"\d+")
_WORD_START_RE = re.compile(_W)  # on the lowercased text
# "une centaine de …": the round number a collective noun stands for
_ROUND_NOUNS = MappingProxyType({
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
})
_ROUND_RE = re.compile(
    rf"(?<![\w])une?{_SP}+(?:bonne{_SP}+)?(?P<n>{'|'.join(_ROUND_NOUNS)})(?={_SP}+{_DE})"
)  # on the lowercased text
_MONTH_START_RE = re.compile(_MONTH_ALT)  # on the lowercased text
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")


@dataclass(frozen=True)
class _Found:
    span: ValueSpan
    multiplier: int


def _digit_context_ok(text: str, s: int) -> tuple[bool, int]:
    """(usable, sign) for digits starting at s, from the characters before.
    sign is -1 or +1 when a sign is written ("-5 %", "+15 %"), else 0."""
    if s == 0:
        return True, 0
    before = text[s - 1]
    if before.isalnum() or before in "_.,/°#@":
        return False, 0  # "C30", "ID.4", "50/50", "n°3"
    if before in "-−+":
        two_before = text[s - 2] if s > 1 else " "
        if text[max(0, s - 3) : s].lower() == "mi-" and (s == 3 or not text[s - 4].isalnum()):
            return True, 0  # "mi-2025"
        if two_before.isalpha() or two_before == "_":
            return False, 0  # "COVID-19", "e-208"
        if two_before.isspace() or two_before in "([":
            return True, (1 if before == "+" else -1)
        # after a digit it is a range ("20-30 %")
    return True, 0


def _classify(text: str, num: _Num, sign: int, units: UnitTable) -> _Found | None:
    """Apply the context rules to one number; None when it is not a value.
    sign is -1/+1 when a sign is written just before the digits, else 0."""
    s, e = num.start, num.end
    if not num.digits and e < len(text) and text[e] == "-":
        return None  # "deux-roues": a compound noun
    after = text[e : e + 2]
    if num.digits and len(after) == 2 and after[0] in ".,/" and after[1].isdigit():
        return None  # "1.2.3", "50/50", "24/7"
    has_mult = num.multiplier > 1 or any(w in _MAGNITUDE and w != "mille" for w in num.words)

    label, unit, end = "QUANTITY", None, e
    pct = _PERCENT_RE.match(text, e)
    cur = None if pct else units.currency_after(text, e)
    phys = None if (pct or cur) else units.unit_after(text, e)
    if cur and cur[2] and not has_mult:
        cur = None  # "de"/"d'" before a currency only after a multiplier
    if phys and phys[2] and not has_mult:
        phys = None  # likewise for units ("2 millions de tonnes")
    if pct:
        label, unit, end = "PERCENT", "%", pct.end()
    elif cur:
        label, unit, end = "MONEY", cur[1], cur[0]
    elif phys:
        label, unit, end = "QUANTITY", phys[1], phys[0]
    start = s if sign == 0 else s - 1
    if label == "QUANTITY" and unit is None:
        pre = units.currency_before(text, start)
        if pre:
            label, unit, start = "MONEY", pre[1], pre[0]
    value = -num.value if sign < 0 else num.value

    # Letters glued to digits are only fine when they are a unit ("300km").
    if num.digits and e < len(text) and text[e].isalpha() and end == e:
        return None  # "46e", "1er", "bZ4X", "5G"
    bare = label == "QUANTITY" and unit is None
    if bare and num.digits and num.plain_int:
        if value <= 31 and _LE_RE.search(text, max(0, s - 4), s):
            return None  # "le 30": a day of the month
        nxt = _NEXT_WORD_RE.match(text, e)
        counts = bool(nxt and _is_count_noun(nxt.group(1)))
        prev = _PREV_WORD_RE.search(text, max(0, s - 30), s)
        if prev:
            word = prev.group(1)
            if word.lower() in _NAME_WORDS or (
                word[0].isupper() and word.lower() not in _FUNCTION_WORDS and not counts
            ):
                return None  # "Model 3", "Type 2", "Peugeot 208" (not "Seuls 300 sites")
        if 1900 <= value <= 2100 and not counts:
            return None  # a year the date rules did not take
    if unit == "heure" and value <= 24 and _CLOCK_PREP_RE.search(text, max(0, s - 6), s):
        return None  # "à 20 heures": a clock time
    if not num.digits:
        words = num.words
        if all(w in ("un", "une") for w in words):
            return None  # the article
        if all(w in ("million", "millions", "milliard", "milliards") for w in words):
            return None  # "des milliards d'euros": no number
        if words[0] in ("cent", "cents") and _POUR_RE.search(text, max(0, s - 6), s):
            return None  # the "cent" of "pour cent"
        if len(words) == 1 and bare:
            if words[0] == "deux" and _ARTICLE_DEUX_RE.search(text, max(0, s - 8), s):
                return None  # "les deux", "tous deux"
            if words[0] == "zéro":
                return None  # "zéro émission": a phrase, not a figure
            nxt = _NEXT_WORD_RE.match(text, e)
            if not (nxt and _is_count_noun(nxt.group(1))):
                return None  # "un modèle neuf", "à deux"
    # "deux heures et demie", "trois ans et demi"
    if label == "QUANTITY" and unit is not None and num.multiplier == 1:
        demi = _DEMI_RE.match(text, end)
        if demi:
            value += Decimal("0.5")
            end = demi.end()
    approx = bool(_APPROX_RE.search(text, max(0, start - 30), start))
    span = ValueSpan(start, end, text[start:end], label, float(value), unit, None, None, approx)
    return _Found(span, num.multiplier)


def _spread_ranges(text: str, found: list[_Found]) -> list[ValueSpan]:
    """"entre 20 et 30 %", "2 à 3 milliards d'euros": the first number of a
    range takes the label, unit and multiplier of the second."""
    out = [f.span for f in found]
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.label == "QUANTITY"
            and a.unit is None
            and b.label != "DATE"
            and (b.unit is not None or found[i + 1].multiplier > 1)
            and found[i].multiplier == 1
            and _RANGE_GAP_RE.fullmatch(text, a.end, b.start)
        ):
            value = a.value * found[i + 1].multiplier
            if value <= b.value:
                out[i] = ValueSpan(
                    a.start, a.end, a.text, b.label, value, b.unit, None, None, a.approximate
                )
    return out


def _round_number(text: str, low: str, s: int) -> ValueSpan:
    """'une centaine' at s: 100, approximate, a bare count (the noun after 'de' is counted)."""
    m = _ROUND_RE.match(low, s)
    assert m is not None
    value = float(_ROUND_NOUNS[m.group("n")])
    return ValueSpan(s, m.end(), text[s : m.end()], "QUANTITY", value, None, None, None, True)


def find_values(text: str, units: UnitTable | None = None) -> list[ValueSpan]:
    """All money, percent, quantity and date values in text, sorted by start
    and non-overlapping, with offsets into text as given.

    One left-to-right pass over the places where a value may start (a digit,
    a number word, a month): a date is tried first, then a number; whatever
    is taken is skipped."""
    table = units if units is not None else DEFAULT_UNITS
    low = _lower(text)
    skips = [m.span() for m in _URL_RE.finditer(text)]
    if "@" in text:
        skips += [m.span() for m in _EMAIL_RE.finditer(text)]
    starts = sorted(
        [(m.start(), "d") for m in _DIGIT_START_RE.finditer(text)]
        + [(m.start(), "w") for m in _WORD_START_RE.finditer(low)]
        + [(m.start(), "mo") for m in _MONTH_START_RE.finditer(low)]
        + [(m.start(), "a") for m in _ROUND_RE.finditer(low)]  # "a" sorts first: before "une" as a word
    )
    found: list[_Found] = []  # numbers and dates, in order
    floor = 0  # end of the last value taken
    pos = 0
    for s, kind in starts:
        if s < pos:
            continue
        skip = next((b for a, b in skips if a <= s < b), None)
        if skip is not None:
            pos = skip
            continue
        sign = 0
        if kind == "a":
            found.append(_Found(_round_number(text, low, s), 1))
            floor = pos = found[-1].span.end
            continue
        if kind == "d":
            run_end = _DIGIT_RUN_RE.match(text, s).end()
            ok, sign = _digit_context_ok(text, s)
            if not ok:
                pos = run_end
                continue
            masked = _PHONE_RE.match(text, s - 1 if sign > 0 else s)  # "+33 1 ..."
            masked = masked or _CLOCK_RE.match(text, s)
            if masked:
                pos = masked.end()
                continue
        elif s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-_"):
            continue  # "aucun"; "quatre" inside "vingt-quatre" is read with "vingt"
        if kind != "w":
            date = _read_date(text, low, s, floor, table)
            if date is not None:
                found.append(_Found(date, 0))
                floor = pos = date.end
                continue
            if kind == "mo":
                continue
        num = _read_digits(text, s) if kind == "d" else _read_words(low, s)
        if num is None:
            pos = run_end if kind == "d" else s + 1
            continue
        f = _classify(text, num, sign, table)
        if f is None or f.span.start < floor:
            pos = max(num.end, run_end) if kind == "d" else num.end
            continue
        found.append(f)
        floor = pos = f.span.end
    numbers = [f for f in found if f.span.label != "DATE"]
    spread = iter(_spread_ranges(text, numbers))
    return [f.span if f.span.label == "DATE" else next(spread) for f in found]
