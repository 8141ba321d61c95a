"""Tests for pipeline.values: numbers, money, percentages, quantities, dates."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.values import (
    DEFAULT_UNITS,
    UnitTable,
    ValueSpan,
    find_values,
    load_units,
    parse_number,
    year_of,
)

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
NNBSP = "\u202f"


def only(text: str) -> ValueSpan:
    """The single value found in text."""
    found = find_values(text)
    assert len(found) == 1, found
    return found[0]


def labels(text: str) -> list[tuple[str, str]]:
    return [(v.text, v.label) for v in find_values(text)]


# --------------------------------------------------------------------------
# parse_number: one test per format
# --------------------------------------------------------------------------


def test_space_thousands():
    assert parse_number("12 000") == 12000


def test_nbsp_thousands():
    assert parse_number(f"12{NBSP}000") == 12000


def test_narrow_nbsp_thousands():
    assert parse_number(f"12{NNBSP}000") == 12000


def test_small_thousands():
    assert parse_number("7 500") == 7500


def test_dot_thousands_19000():
    assert parse_number("19.000") == 19000


def test_dot_thousands_5000():
    assert parse_number("5.000") == 5000


def test_dot_thousands_15400():
    assert parse_number("15.400") == 15400


def test_dot_thousands_106000():
    assert parse_number("106.000") == 106000


def test_dot_thousands_several_groups():
    assert parse_number("1.234.567") == 1234567


def test_dot_is_decimal_after_zero():
    assert parse_number("0.500") == 0.5


def test_comma_decimal_7_5():
    assert parse_number("7,5") == 7.5


def test_comma_decimal_7_34():
    assert parse_number("7,34") == 7.34


def test_comma_decimal_35_3():
    assert parse_number("35,3") == 35.3


def test_english_decimal():
    assert parse_number("1.5") == 1.5


def test_plain_integer():
    assert parse_number("1200") == 1200


def test_millions_with_spaces():
    assert parse_number("2 000 000") == 2_000_000


def test_milliards_decimal():
    assert parse_number("7,5 milliards") == 7_500_000_000


def test_millions():
    assert parse_number("150 millions") == 150_000_000


def test_one_milliard():
    assert parse_number("1 milliard") == 1_000_000_000


def test_two_milliards():
    assert parse_number("2 milliards") == 2_000_000_000


def test_850_millions():
    assert parse_number("850 millions") == 850_000_000


def test_decimal_million():
    assert parse_number("1,2 million") == 1_200_000


def test_md_euro():
    assert parse_number("3 Md€") == 3_000_000_000


def test_m_euro():
    assert parse_number("5 M€") == 5_000_000


def test_mds():
    assert parse_number("10 Mds") == 10_000_000_000


def test_mille():
    assert parse_number("mille") == 1000


def test_deux_mille():
    assert parse_number("deux mille") == 2000


@pytest.mark.parametrize(
    "words, value",
    [
        ("douze", 12),
        ("quatre", 4),
        ("cinq", 5),
        ("dix", 10),
        ("vingt", 20),
        ("trois cent mille", 300_000),
        ("deux milliards", 2_000_000_000),
        ("vingt et un", 21),
        ("quatre-vingt-dix-neuf", 99),
        ("Douze", 12),
    ],
)
def test_number_words(words, value):
    assert parse_number(words) == value


def test_un_million_et_demi():
    assert parse_number("un million et demi") == 1_500_000


def test_deux_millions_et_demi_digits():
    assert parse_number("2 millions et demi") == 2_500_000


def test_deux_et_demi():
    assert parse_number("deux et demi") == 2.5


def test_parse_number_rejects_non_numbers():
    assert parse_number("") is None
    assert parse_number("abc") is None
    assert parse_number("12 000 voitures") is None
    assert parse_number("un deux") is None


def test_parse_number_un_is_one_when_asked():
    # parse_number is asked for one number; find_values is the one that
    # treats a lone "un" as an article (see test_article_un_is_not_a_value).
    assert parse_number("un") == 1


# --------------------------------------------------------------------------
# MONEY
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, value, unit",
    [
        ("un plan de 7,5 milliards de dollars.", "7,5 milliards de dollars", 7_500_000_000, "USD"),
        ("avec 150 millions d’euros alloués", "150 millions d’euros", 150_000_000, "EUR"),
        ("avec 150 millions d'euros alloués", "150 millions d'euros", 150_000_000, "EUR"),
        ("un prix de 35 000 euros", "35 000 euros", 35_000, "EUR"),
        ("un euro: 1 euro", "1 euro", 1, "EUR"),
        ("coûte 12 €", "12 €", 12, "EUR"),
        ("coûte 12€", "12€", 12, "EUR"),
        ("un budget de 3 Md€", "3 Md€", 3_000_000_000, "EUR"),
        ("une aide de 5 M€", "5 M€", 5_000_000, "EUR"),
        ("coûte 40 000 dollars", "40 000 dollars", 40_000, "USD"),
        ("soit 500 dollars américains", "500 dollars américains", 500, "USD"),
        ("un prix de $500 seulement", "$500", 500, "USD"),
        ("un prix de 500 $ seulement", "500 $", 500, "USD"),
        ("un prix de US$ 300", "US$ 300", 300, "USD"),
        ("7,5 milliards de $ pour", "7,5 milliards de $", 7_500_000_000, "USD"),
        ("7,5 milliards de {dollars}, et", "7,5 milliards de {dollars}", 7_500_000_000, "USD"),
        ("3 000 livres sterling", "3 000 livres sterling", 3000, "GBP"),
        ("20 £ le mois", "20 £", 20, "GBP"),
        ("10 milliards de yuans", "10 milliards de yuans", 10_000_000_000, "CNY"),
        ("pour 5 yuan", "5 yuan", 5, "CNY"),
        ("pour 2 renminbi", "2 renminbi", 2, "CNY"),
        ("100 yens", "100 yens", 100, "JPY"),
        ("30 francs suisses", "30 francs suisses", 30, "CHF"),
        ("40 CHF", "40 CHF", 40, "CHF"),
        ("1 000 wons", "1 000 wons", 1000, "KRW"),
        ("deux milliards d’euros", "deux milliards d’euros", 2_000_000_000, "EUR"),
    ],
)
def test_money(text, span, value, unit):
    v = only(text)
    assert (v.text, v.label, v.value, v.unit) == (span, "MONEY", value, unit)
    assert v.year is None and v.date is None


def test_money_range_takes_the_multiplier():
    found = find_values("entre 2 et 3 milliards d'euros")
    assert [(v.label, v.value, v.unit) for v in found] == [
        ("MONEY", 2_000_000_000, "EUR"),
        ("MONEY", 3_000_000_000, "EUR"),
    ]


def test_milliards_without_number_is_not_a_value():
    assert find_values("dépenser des milliards d'euros") == []


# --------------------------------------------------------------------------
# PERCENT
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("30 %", 30),
        (f"30{NBSP}%", 30),
        (f"30{NNBSP}%", 30),
        ("30%", 30),
        ("35,3%", 35.3),
        ("7,8 %", 7.8),
        ("20,7 %", 20.7),
        ("50 pour cent", 50),
        ("cent pour cent", 100),
        ("cinquante pour cent", 50),
    ],
)
def test_percent(text, value):
    v = only(f"une hausse de {text} cette année")
    assert (v.text, v.label, v.value, v.unit) == (text, "PERCENT", value, "%")


def test_percent_sign():
    assert only("une baisse de -5 % ").value == -5
    assert only("une hausse de +15 % ").value == 15


def test_percent_range():
    found = find_values("entre 20 et 30 %")
    assert [(v.text, v.label, v.value) for v in found] == [
        ("20", "PERCENT", 20),
        ("30 %", "PERCENT", 30),
    ]


# --------------------------------------------------------------------------
# QUANTITY
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, value, unit",
    [
        ("accès à 12 000 superchargeurs", "12 000", 12000, None),
        ("produire douze nouveaux modèles", "douze", 12, None),
        ("installer quatre points de charge", "quatre", 4, None),
        ("produit un million et demi de véhicules", "un million et demi", 1_500_000, None),
        ("300 000 unités par an", "300 000", 300_000, None),
        ("une usine de 100 GWh", "100 GWh", 100, "GWh"),
        ("une usine de 100GWh", "100GWh", 100, "GWh"),
        ("une capacité de 16 gigawattheures", "16 gigawattheures", 16, "GWh"),
        ("une borne de 4 kW", "4 kW", 4, "kW"),
        ("une autonomie de 300 km", "300 km", 300, "km"),
        ("une autonomie de 300km", "300km", 300, "km"),
        ("un terrain de 221 hectares", "221 hectares", 221, "hectare"),
        ("charger en 20 minutes", "20 minutes", 20, "minute"),
        ("un poids de 50 tonnes", "50 tonnes", 50, "tonne"),
        ("une batterie de 77 kWh", "77 kWh", 77, "kWh"),
        ("un parc de 2 MW", "2 MW", 2, "MW"),
        ("2 millions de tonnes de CO2", "2 millions de tonnes", 2_000_000, "tonne"),
        ("bâtir trois usines", "trois", 3, None),
        ("il faut deux heures et demie", "deux heures et demie", 2.5, "heure"),
        ("il a vendu 2023 véhicules", "2023", 2023, None),
        ("il y a 19.000 bornes", "19.000", 19000, None),
        ("sur 1200 sites", "1200", 1200, None),
    ],
)
def test_quantity(text, span, value, unit):
    found = [v for v in find_values(text) if v.label != "DATE"]
    assert len(found) == 1, found
    v = found[0]
    assert (v.text, v.label, v.value, v.unit) == (span, "QUANTITY", value, unit)


def test_approximate_qualifiers():
    assert only("plus de 12 000 superchargeurs").approximate
    assert only("environ 300 voitures").approximate
    assert only("près de 40 %").approximate
    assert only("quelque 500 bornes").approximate
    assert only("au moins 3 usines").approximate
    assert only("plus d’un million et demi de véhicules").approximate
    assert not only("12 000 superchargeurs").approximate


def test_qualifier_is_not_in_the_span():
    v = only("plus de 12 000 superchargeurs")
    assert v.text == "12 000"


# --------------------------------------------------------------------------
# Traps: what must not be a value
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "un modèle",
        "une voiture",
        "l'un des constructeurs",
        "l’une des premières usines",
        "d'un côté",
        "Un investissement",
    ],
)
def test_article_un_is_not_a_value(text):
    assert find_values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "la 46e place",
        "le 1er constructeur",
        "le premier",
        "la deuxième usine",
        "le IIe siècle",
        "3ème",
    ],
)
def test_ordinals_are_not_values(text):
    assert find_values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "la Model 3 de Tesla",
        "l'ID.4 de Volkswagen",
        "le bZ4X de Toyota",
        "le scooter électrique C30.",
        "la norme J3400",
        "le connecteur CCS2",
        "une prise Type 2",
        "pendant le COVID-19",
        "l'Audi A6",
        "la Renault 5 électrique",
        "la Peugeot 208",
    ],
)
def test_names_and_codes_are_not_values(text):
    assert find_values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "rendez-vous à 14h30",
        "à 14 h 30",
        "à 20 heures",
        "appelez le 01 23 45 67 89",
        "+33 1 23 45 67 89",
    ],
)
def test_clock_times_and_phones_are_not_values(text):
    assert find_values(text) == []


def test_day_number_alone_is_not_a_value():
    assert find_values("prévu le 30") == []


def test_fraction_is_skipped():
    assert find_values("un partage 50/50") == []


@pytest.mark.parametrize(
    "text",
    [
        "les deux pays",
        "des deux côtés",
        "tous deux",
        "toutes deux",
        "l'un des deux",
        "les deux-roues",
    ],
)
def test_deux_as_pronoun_is_skipped(text):
    assert find_values(text) == []


def test_small_word_number_needs_a_noun():
    assert find_values("un véhicule neuf") == []
    assert labels("neuf modèles") == [("neuf", "QUANTITY")]
    assert labels("deux usines") == [("deux", "QUANTITY")]


def test_url_is_not_scanned():
    assert find_values("voir www.site.com/2024/05/12-000") == []


def test_years_alone_are_dates_not_quantities():
    assert labels("en 2024") == [("en 2024", "DATE")]
    assert all(v.label == "DATE" for v in find_values("2030, 2024 et 2025"))


# --------------------------------------------------------------------------
# DATE
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, year, date",
    [
        ("d'ici 2030", "d'ici 2030", 2030, "2030"),
        ("d’ici 2030", "d’ici 2030", 2030, "2030"),
        ("d’ici à 2030", "d’ici à 2030", 2030, "2030"),
        ("d’ici fin 2024", "d’ici fin 2024", 2024, "2024"),
        ("à partir de 2025", "à partir de 2025", 2025, "2025"),
        ("qu’à partir de 2025", "à partir de 2025", 2025, "2025"),
        ("dès 2025", "dès 2025", 2025, "2025"),
        ("Dès le début de 2025", "Dès le début de 2025", 2025, "2025"),
        ("en 2024", "en 2024", 2024, "2024"),
        ("fin 2024", "fin 2024", 2024, "2024"),
        ("début 2025", "début 2025", 2025, "2025"),
        ("mi-2025", "mi-2025", 2025, "2025"),
        ("En février", "En février", None, "--02"),
        ("février 2024", "février 2024", 2024, "2024-02"),
        ("le 15 mai 2024", "le 15 mai 2024", 2024, "2024-05-15"),
        ("le 1er janvier 2025", "le 1er janvier 2025", 2025, "2025-01-01"),
        ("5 septembre", "5 septembre", None, "--09-05"),
        ("jeudi 31 octobre", "jeudi 31 octobre", None, "--10-31"),
        ("2023", "2023", 2023, "2023"),
        ("date 2023-10", "2023-10", 2023, "2023-10"),
        ("le 15/05/2024", "le 15/05/2024", 2024, "2024-05-15"),
        ("au premier trimestre 2024", "au premier trimestre 2024", 2024, "2024"),
        ("le 5 sept. 2024", "le 5 sept. 2024", 2024, "2024-09-05"),
    ],
)
def test_dates(text, span, year, date):
    v = only(text)
    got = (v.text, v.label, v.year, v.date, v.value, v.unit)
    assert got == (span, "DATE", year, date, None, None)


def test_year_followed_by_currency_is_money():
    v = only("2024 euros")
    assert (v.label, v.value, v.unit) == ("MONEY", 2024, "EUR")


def test_month_alone_needs_a_lead_in():
    assert find_values("la planète Mars") == []
    assert find_values("mars") == []


def test_sept_is_seven_without_a_year():
    assert labels("sept usines") == [("sept", "QUANTITY")]
    assert all(v.label != "DATE" for v in find_values("5 sept voitures"))


def test_year_of():
    assert year_of("d’ici 2030") == 2030
    assert year_of("fin 2024") == 2024
    assert year_of("le 15 mai 2024") == 2024
    assert year_of("mi-2025") == 2025
    assert year_of("en février") is None
    assert year_of("rien") is None


# --------------------------------------------------------------------------
# A whole paragraph, offsets, order
# --------------------------------------------------------------------------

PARAGRAPH = (
    "En février, l’administration américaine a révélé de nouvelles initiatives pour "
    "installer 500 000 chargeurs de véhicules électriques sur les routes américaines "
    "d’ici 2030 dans le cadre de son plan de 7,5 milliards de {dollars}, et dans ce "
    "cadre, Tesla s’est engagé à ouvrir 7 500 de ses bornes de recharge aux véhicules "
    "non Tesla d’ici fin 2024. Les propriétaires auront accès à plus de 12 000 "
    "superchargeurs. Le géant produit plus d'un million et demi de véhicules par an "
    "et vise 35,3% du marché, avec douze nouveaux modèles et le scooter C30."
)


def test_paragraph():
    got = [
        (v.text, v.label, v.value, v.unit, v.year, v.approximate)
        for v in find_values(PARAGRAPH)
    ]
    assert got == [
        ("En février", "DATE", None, None, None, False),
        ("500 000", "QUANTITY", 500_000, None, None, False),
        ("d’ici 2030", "DATE", None, None, 2030, False),
        ("7,5 milliards de {dollars}", "MONEY", 7_500_000_000, "USD", None, False),
        ("7 500", "QUANTITY", 7500, None, None, False),
        ("d’ici fin 2024", "DATE", None, None, 2024, False),
        ("12 000", "QUANTITY", 12000, None, None, True),
        ("un million et demi", "QUANTITY", 1_500_000, None, None, True),
        ("35,3%", "PERCENT", 35.3, "%", None, False),
        ("douze", "QUANTITY", 12, None, None, False),
    ]


def check_spans(text: str, found: list[ValueSpan]) -> None:
    """Offsets match the text, spans are sorted and do not overlap."""
    last_end = 0
    for v in found:
        assert 0 <= v.start < v.end <= len(text)
        assert text[v.start : v.end] == v.text
        assert v.start >= last_end
        last_end = v.end
        assert v.label in ("MONEY", "PERCENT", "QUANTITY", "DATE")
        if v.label == "DATE":
            assert v.value is None and v.unit is None
            assert v.year is not None or v.date is not None
        else:
            assert v.value is not None and v.year is None and v.date is None
        if v.label == "PERCENT":
            assert v.unit == "%"
        if v.label == "MONEY":
            assert v.unit is not None and len(v.unit) == 3


def test_paragraph_offsets():
    check_spans(PARAGRAPH, find_values(PARAGRAPH))


def test_offsets_on_seed_articles():
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        check_spans(text, find_values(text))


FRAGMENTS = [
    "12 000", f"12{NBSP}000", f"7{NNBSP}500", "19.000", "7,5", "1.5", "1200", "2024", "2030",
    "30 %", "35,3%", "50 pour cent", "7,5 milliards de dollars", "150 millions d’euros",
    "3 Md€", "5 M€", "$500", "{dollars}", "deux", "douze", "un", "une", "un million et demi",
    "vingt et un", "cent", "pour cent", "mille", "d’ici", "d'ici 2030", "à partir de", "en",
    "fin", "mi-", "février", "mai", "Mars", "le", "les", "deux", "jeudi", "31 octobre",
    "5 septembre", "le 15 mai 2024", "100 GWh", "4 kW", "300km", "221 hectares", "heures",
    "et demie", "plus de", "environ", "Model 3", "ID.4", "C30", "COVID-19", "46e", "1er",
    "14h30", "50/50", "superchargeurs", "véhicules", "usines", "modèles", "Tesla", "voitures",
    ",", ".", ";", "(", ")", "-", "–", "’", "'", "\n", "%", "€", "$", "www.x.fr/12", "a@b.fr",
    "-5", "+15", "İstanbul", "é", "0", "00", "1.2.3", "T1",
]
SEPARATORS = [" ", " ", " ", "", NBSP, NNBSP, "\n"]
NOISE = "0123456789 ,.%€$-/ehkmMdW" + NBSP + "unedxoi"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=25))
def test_offsets_property(parts):
    text = "".join(frag + sep for frag, sep in parts)
    check_spans(text, find_values(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(NOISE)), max_size=60))
def test_no_crash_on_noise(text):
    check_spans(text, find_values(text))


# --------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 999_999_999), st.sampled_from([" ", NBSP, NNBSP]))
def test_round_trip_thousands(n, sep):
    written = f"{n:,}".replace(",", sep)
    assert parse_number(written) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 999_999_999))
def test_round_trip_dot_thousands(n):
    assert parse_number(f"{n:,}".replace(",", ".")) == n


_UNITS = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize "
    "quatorze quinze seize"
).split()
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int, final: bool = True) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if n == 71 else "soixante-" + _below_100(n - 60)
    if tens == 8:
        if unit == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + _UNITS[unit]
    if tens == 9:
        return "quatre-vingt-" + _below_100(n - 80)
    if unit == 0:
        return _TENS[tens]
    if unit == 1:
        return _TENS[tens] + " et un"
    return _TENS[tens] + "-" + _UNITS[unit]


def _below_1000(n: int, final: bool = True) -> str:
    """French words for 0 <= n < 1000 ("final": no following "mille", so
    "deux cents" and "quatre-vingts" take their -s)."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, final)
    head = "cent" if hundreds == 1 else _UNITS[hundreds] + " cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 and final else "")
    return head + " " + _below_100(rest, final)


def french_words(n: int) -> str:
    """French words for 0 <= n < 1 000 000."""
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_1000(rest)
    head = "mille" if thousands == 1 else _below_1000(thousands, final=False) + " mille"
    return head if rest == 0 else head + " " + _below_1000(rest)


def test_french_words_generator():
    assert french_words(0) == "zéro"
    assert french_words(21) == "vingt et un"
    assert french_words(71) == "soixante et onze"
    assert french_words(80) == "quatre-vingts"
    assert french_words(99) == "quatre-vingt-dix-neuf"
    assert french_words(200) == "deux cents"
    assert french_words(201) == "deux cent un"
    assert french_words(80_000) == "quatre-vingt mille"
    assert french_words(300_000) == "trois cent mille"


def test_round_trip_words_below_1000_exhaustive():
    assert [parse_number(french_words(n)) for n in range(1000)] == list(range(1000))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 999_999))
def test_round_trip_words(n):
    assert parse_number(french_words(n)) == n


# --------------------------------------------------------------------------
# Units table
# --------------------------------------------------------------------------


def test_units_yaml_loads():
    table = load_units(ROOT / "data" / "units.yaml")
    assert table.currencies["€"] == "EUR"
    assert table.currencies["{dollars}".strip("{}")] == "USD"
    assert table.units["gigawattheures"] == "GWh"
    assert table.units["hectares"] == "hectare"


def test_default_units_come_from_the_yaml():
    assert DEFAULT_UNITS == load_units(ROOT / "data" / "units.yaml")


def test_custom_unit_table():
    table = UnitTable(currencies={"bitcoins": "XBT"}, units={"bornes": "borne"})
    assert [(v.label, v.unit) for v in find_values("12 bitcoins et 300 bornes", table)] == [
        ("MONEY", "XBT"),
        ("QUANTITY", "borne"),
    ]
    # Without the default table, euros are no currency any more.
    assert [(v.label, v.unit) for v in find_values("12 euros", table)] == [("QUANTITY", None)]


def test_unit_symbols_are_case_sensitive():
    assert only("2 MW").unit == "MW"
    assert only("2 mW installés").unit is None


def test_unit_words_are_case_insensitive():
    assert only("2 Tonnes").unit == "tonne"


# --------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------


def test_speed():
    article = (PARAGRAPH + " ") * (3000 // len(PARAGRAPH) + 1)
    article = article[:3000]
    find_values(article)
    timings = []
    for _ in range(30):
        t0 = time.perf_counter()
        find_values(article)
        timings.append(time.perf_counter() - t0)
    # About 0.5 ms on a laptop; the bound leaves room for a busy machine.
    assert statistics.median(timings) < 0.01


def test_a_collective_noun_after_un_une_is_an_approximate_round_number() -> None:
    (value,) = [v for v in find_values("Objectif : une centaine de stations.") if v.label != "DATE"]
    assert (value.text, value.value, value.unit, value.approximate) == ("une centaine", 100.0, None, True)
    assert [v.value for v in find_values("un millier d'emplois")] == [1000.0]
    assert find_values("des centaines de bornes et plusieurs milliers d'emplois") == []
