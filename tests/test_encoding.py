"""Encoding stage: any encoding users are likely to have gives the same text."""

from __future__ import annotations

import codecs
import random
import zlib

import pytest

from pipeline.encoding import decode, looks_binary

ARTICLE = (
    "Le réseau « Ionity » s’étend : 5 € le kWh à Besançon, l’œuvre d’un consortium.\n"
    "Où en est l’État ? « C’est déjà ça », répond le maire… Ça avance à côté de Noël."
)


def mojibake(text: str) -> bytes:
    """UTF-8 bytes read as cp1252 and saved again as UTF-8: the usual wrong decode."""
    return text.encode("utf-8").decode("cp1252").encode("utf-8")


ENCODINGS = {
    "utf-8": ARTICLE.encode("utf-8"),
    "utf-8-sig": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "utf-16-le with BOM": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    "utf-16-le without BOM": ARTICLE.encode("utf-16-le"),
    "cp1252": ARTICLE.encode("cp1252"),
    "mojibake": mojibake(ARTICLE),
    "mojibake, CRLF line ends": mojibake(ARTICLE).replace(b"\n", b"\r\n"),
}


@pytest.mark.parametrize("name", ENCODINGS)
def test_same_article_in_any_encoding_decodes_to_the_same_text(name: str) -> None:
    decoded = decode(ENCODINGS[name])
    assert decoded.text == ARTICLE
    assert not looks_binary(ENCODINGS[name])


def test_declared_encodings_are_recorded() -> None:
    assert decode(ENCODINGS["utf-8"]).encoding == "utf-8"
    assert decode(ENCODINGS["utf-8-sig"]).encoding == "utf-8-sig"
    assert decode(ENCODINGS["utf-16-le with BOM"]).encoding == "utf-16"
    assert decode(ENCODINGS["cp1252"]).encoding == "cp1252"


def test_clean_utf8_needs_no_repair() -> None:
    decoded = decode(ARTICLE.encode("utf-8"))
    assert decoded.repairs == [] and decoded.reason == ""


def test_french_typography_is_kept() -> None:
    text = decode("Il a dit « c’est “formidable” » – vraiment.".encode()).text
    assert "’" in text and "«" in text and "»" in text and "“" in text and "–" in text


def test_mojibake_is_fixed_with_a_real_sample() -> None:
    decoded = decode(mojibake("Le constructeur a annoncé qu’il intégrerait la norme."))
    assert decoded.text == "Le constructeur a annoncé qu’il intégrerait la norme."
    (repair,) = decoded.repairs
    assert (repair.kind, repair.rule, repair.paragraph) == ("encoding", "ftfy", -1)
    assert "Ã©" in repair.before and "â€™" in repair.before
    assert "é" in repair.after and "’" in repair.after


def test_double_encoded_apostrophe_and_accents() -> None:
    assert decode("lâ€™Ã©lectrique".encode()).text == "l’électrique"


def test_cp1252_file_reports_a_sample_of_its_bytes() -> None:
    decoded = decode("Le réseau s’étend.".encode("cp1252"))
    (repair,) = decoded.repairs
    assert repair.rule == "cp1252"
    assert "\\xe9" in repair.before and "réseau" in repair.after


def test_invalid_bytes_inside_good_utf8_keep_the_good_text() -> None:
    raw = "Le réseau s’étend à Besançon. ".encode() + b"Prix : 5 \x80 le kWh, d\xe9j\xe0 en vigueur."
    decoded = decode(raw)
    assert decoded.encoding == "utf-8"
    assert decoded.text == "Le réseau s’étend à Besançon. Prix : 5 € le kWh, déjà en vigueur."
    assert "3 invalid UTF-8 byte" in decoded.reason
    assert decoded.repairs[0].rule == "invalid_utf8_bytes"


def test_undecodable_bytes_never_raise() -> None:
    rng = random.Random(7)
    for _ in range(50):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        decoded = decode(raw)
        assert isinstance(decoded.text, str)


def test_nfc_and_odd_spaces() -> None:
    raw = "Cafe\u0301\u00a0: 5\u202f% de plus\u200b,\tcar\u2028fin".encode()
    assert decode(raw).text == "Café : 5 % de plus, car\nfin"


def test_binary_files_are_recognised() -> None:
    rng = random.Random(0)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    assert looks_binary(png)
    assert looks_binary(zlib.compress(ARTICLE.encode() * 20))
    assert not looks_binary(b"")
    assert not looks_binary(ARTICLE.encode("cp1252"))
    # One stray control character does not make a long text binary.
    assert not looks_binary((ARTICLE * 20).encode() + b"\x01")


@pytest.mark.parametrize(
    "text",
    [
        "Le constructeur a annoncé l’ouverture d’une usine « géante ».\nDeuxième ligne, café.",
        "Ã  la maison",  # '^[ÃÂ] ' is mojibake at the start of a line only
        "Le café\nÃ  propos",
        "dÃ©jÃ  vu",
        "&amp; co",
        "ﬁn de série",
        "ＡＢＣ",
        "a\r\nb",
        "x\x1b[31mrouge",
        "e\u0301t\u0301e",
        "a\x00b\x85c\u2028d",
        "",
    ],
)
def test_ftfy_shortcut_only_skips_what_ftfy_leaves_alone(text: str) -> None:
    """The whole-text check never claims 'nothing to fix' where ftfy would change the text."""
    import ftfy

    from pipeline.encoding import _FTFY_CONFIG, _ftfy_changes_nothing

    if _ftfy_changes_nothing(text):
        assert ftfy.fix_text(text, config=_FTFY_CONFIG) == text
