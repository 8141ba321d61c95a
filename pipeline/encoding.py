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

from pipeline.models import DecodedText, Repair

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


def looks_binary(raw: bytes) -> bool:
    """An image or random bytes saved as .txt, not text in some encoding.

    UTF-16 text has NUL bytes too, so a BOM is checked first; otherwise NUL
    bytes or many control characters in the first kilobytes mean binary.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = raw[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return control / len(head) > 0.01


def decode_bytes(raw: bytes) -> DecodedText:
    """Decode with the encoding the bytes declare or most likely use."""
    reason = ""
    if raw.startswith(codecs.BOM_UTF8):
        text, encoding = raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = raw.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding, reason = _decode_mixed(raw, exc)
    return DecodedText(text=text, encoding=encoding, reason=reason)


def _decode_mixed(raw: bytes, exc: UnicodeDecodeError) -> tuple[str, str, str]:
    """UTF-8 failed: is it cp1252 throughout, or UTF-8 with a few bad bytes?"""
    lossy = raw.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    # Mostly valid UTF-8 with a few invalid bytes: keep the good text.
    multibyte = sum(1 for ch in lossy if ord(ch) > 127 and ch != "\ufffd")
    if multibyte > bad:
        return lossy, "utf-8", f"{bad} invalid UTF-8 byte(s) replaced"
    return raw.decode("cp1252", errors="replace"), "cp1252", ""


def normalize_text(text: str) -> tuple[str, list[Repair]]:
    """Fix mojibake, normalise to NFC and tidy spaces and line ends."""
    repairs: list[Repair] = []
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    if fixed != text:
        repairs.append(
            Repair(-1, "encoding", "ftfy", _sample_diff(text, fixed)[0], _sample_diff(text, fixed)[1], "")
        )
    fixed = unicodedata.normalize("NFC", fixed)
    fixed = fixed.replace("\r\n", "\n").replace("\r", "\n")
    fixed = _ZERO_WIDTH.sub("", fixed)
    fixed = _CONTROL.sub("", fixed)
    fixed = _ODD_SPACES.sub(" ", fixed)
    return fixed, repairs


def decode(raw: bytes) -> DecodedText:
    """Bytes to normalised text, with the repairs it took."""
    decoded = decode_bytes(raw)
    text, repairs = normalize_text(decoded.text)
    return DecodedText(text=text, encoding=decoded.encoding, repairs=repairs, reason=decoded.reason)


def _sample_diff(before: str, after: str, width: int = 30) -> tuple[str, str]:
    """A short before/after excerpt around the first difference."""
    start = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    lo = max(0, start - 10)
    return before[lo : start + width], after[lo : start + width]
