"""Stage 2 — encoding: bytes to clean Unicode text.

Scraped articles come as UTF-8 (with or without BOM), UTF-16 with BOM or
cp1252, and often as mojibake (UTF-8 read as cp1252 then saved again).
ftfy repairs the mojibake; French typography (’ « ») is kept.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from ftfy import chardata
from ftfy.badness import BADNESS_RE, is_bad

from pipeline.models import DecodedText, Repair
from pipeline.regex_gate import WindowedSearch

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # keep ’ “ ” « »: they are correct French typography
    fix_latin_ligatures=True,
    fix_character_width=True,
    normalization="NFC",
    explain=False,
)

# Spaces that look like a space but are not one; zero-width characters.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Bytes below 32 other than tab, line feed, form feed and carriage return (NUL included).
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


def looks_binary(raw: bytes) -> bool:
    """An image or other binary file saved as .txt, not text in some encoding.

    UTF-16 text has NUL bytes too, so it is recognised first (BOM, or NUL
    bytes on every other position); otherwise NUL bytes or control bytes
    beyond what a stray character explains mean binary.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(raw):
        return False
    head = raw[:8192]
    if not head:
        return False
    nul = head.count(0)
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return nul / len(head) > 0.001 or control / len(head) > 0.01


def _utf16_without_bom(raw: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when ASCII-heavy UTF-16 lost its BOM, else ''."""
    head = raw[:4096]
    if len(head) < 4 or len(head) % 2:
        return ""
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return ""


def decode_bytes(raw: bytes) -> DecodedText:
    """Decode with the encoding the bytes declare or most likely use.

    Undecodable bytes never raise: they are read as cp1252 (a stray
    Windows character in UTF-8 text) or replaced, and reported.
    """
    if raw.startswith(codecs.BOM_UTF8):
        text, bad = _utf8_with_fallback(raw[len(codecs.BOM_UTF8) :])
        return DecodedText(text, "utf-8-sig", reason=f"{bad} invalid UTF-8 byte(s) read as cp1252" if bad else "")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(text=raw.decode("utf-16", errors="replace"), encoding="utf-16")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return DecodedText(text=raw.decode(utf16, errors="replace"), encoding=utf16)
    try:
        return DecodedText(text=raw.decode("utf-8"), encoding="utf-8")
    except UnicodeDecodeError as exc:
        return _decode_mixed(raw, exc)


def _decode_mixed(raw: bytes, exc: UnicodeDecodeError) -> DecodedText:
    """UTF-8 failed: cp1252 throughout, or UTF-8 with a few bad bytes?

    When valid multi-byte UTF-8 sequences outnumber the invalid bytes, the
    file is UTF-8 with stray bytes: the good text is kept and each stray
    byte is read as cp1252 (what it almost always is).
    """
    text, bad = _utf8_with_fallback(raw)
    multibyte = len(raw) - len(raw.decode("utf-8", errors="ignore").encode("ascii", errors="ignore")) - bad
    if multibyte > bad:
        before, after = _byte_sample(raw, exc.start, "utf-8")
        repair = Repair(-1, "encoding", "invalid_utf8_bytes", before, after, "")
        return DecodedText(text, "utf-8", [repair], f"{bad} invalid UTF-8 byte(s) read as cp1252")
    first = next(i for i, byte in enumerate(raw) if byte > 127)
    before, after = _byte_sample(raw, first, "cp1252")
    repair = Repair(-1, "encoding", "cp1252", before, after, "")
    return DecodedText(raw.decode("cp1252", errors="replace"), "cp1252", [repair])


def _utf8_with_fallback(raw: bytes) -> tuple[str, int]:
    """UTF-8 text with each invalid byte read as cp1252; the number of such bytes."""
    parts: list[str] = []
    bad = 0
    position = 0
    while position < len(raw):
        try:
            parts.append(raw[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            end = position + exc.start
            parts.append(raw[position:end].decode("utf-8"))
            parts.append(raw[end : end + 1].decode("cp1252", errors="replace"))
            bad += 1
            position = end + 1
    return "".join(parts), bad


def _byte_sample(raw: bytes, index: int, encoding: str) -> tuple[str, str]:
    """The bytes around `index` as they are (escaped) and as decoded."""
    window = raw[max(0, index - 20) : index + 30]
    if encoding == "utf-8":
        after = _utf8_with_fallback(window)[0]
    else:
        after = window.decode(encoding, errors="replace")
    return window.decode("utf-8", errors="backslashreplace"), after


def normalize_text(text: str) -> tuple[str, list[Repair]]:
    """Fix mojibake, normalise to NFC and tidy spaces and line ends."""
    repairs: list[Repair] = []
    fixed = text if _ftfy_changes_nothing(text) else ftfy.fix_text(text, config=_FTFY_CONFIG)
    if fixed != text:
        before = _excerpt(text, fixed)
        repairs.append(Repair(-1, "encoding", "ftfy", before, ftfy.fix_text(before, config=_FTFY_CONFIG), ""))
    fixed = unicodedata.normalize("NFC", fixed)
    fixed = fixed.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    fixed = _ZERO_WIDTH.sub("", fixed)
    fixed = _ODD_SPACES.sub(" ", fixed)
    fixed = _CONTROL.sub("", fixed)
    return fixed, repairs


# ftfy 6.3's character fixes in `fix_and_explain`, after the HTML entities and the encoding.
_FTFY_CHARACTER_FIXES = (
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_terminal_escapes",
    "remove_control_chars",
)
# Three of them only translate characters with a table: a text with no
# character of the tables is left as it is, which one search tells.
_FTFY_TRANSLATING = {
    "fix_latin_ligatures": chardata.LIGATURES,
    "fix_character_width": chardata.WIDTH_MAP,
    "remove_control_chars": chardata.CONTROL_CHARS,
}
# ftfy's mojibake test, searched only near the characters mojibake needs (the same answer).
_MOJIBAKE = WindowedSearch.of(BADNESS_RE)
_FTFY_TABLE_CHAR = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(set().union(*_FTFY_TRANSLATING.values()))) + "]"
)


def _ftfy_changes_nothing(text: str) -> bool:
    """Is `ftfy.fix_text(text, config=_FTFY_CONFIG)` surely `text`? Checked on the whole text at once.

    ftfy fixes each line on its own, calling a dozen fixers per line; on
    clean text all of them leave it as it is. What a line needs is read
    from the whole text: no '&' (no HTML entity), no mojibake by ftfy's own
    test (`is_bad` has no anchor but '^[ÃÂ] ', so a line it flags is
    flagged in the whole text, when the text has no 'Ã' nor 'Â'), already
    NFC ('\n' composes with nothing), and every character fix, each a
    character-by-character replacement, leaving the whole text unchanged
    (a table's characters searched for rather than translated).
    """
    config = _FTFY_CONFIG
    if not text or len(text) > config.max_decode_length:
        return not text
    if "&" in text or "Ã" in text or "Â" in text:
        return False
    if config.normalization is not None and not unicodedata.is_normalized(config.normalization, text):
        return False
    if config.fix_encoding and (_MOJIBAKE.search(text) if _MOJIBAKE is not None else is_bad(text)):
        return False
    if _FTFY_TABLE_CHAR.search(text):
        return False
    return all(
        not getattr(config, name) or ftfy.FIXERS[name](text) == text
        for name in _FTFY_CHARACTER_FIXES
        if name not in _FTFY_TRANSLATING
    )


def decode(raw: bytes) -> DecodedText:
    """Bytes to normalised text, with the repairs it took."""
    decoded = decode_bytes(raw)
    text, repairs = normalize_text(decoded.text)
    return DecodedText(text=text, encoding=decoded.encoding, repairs=decoded.repairs + repairs, reason=decoded.reason)


def _excerpt(before: str, after: str, width: int = 40) -> str:
    """The text around the first difference, from a word start to a word end."""
    start = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    lo = before.rfind(" ", 0, max(0, start - 10)) + 1
    hi = before.find(" ", start + width)
    return before[lo : hi if hi >= 0 else len(before)]
