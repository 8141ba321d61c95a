"""Stage 6 — language: is the cleaned article French?

langdetect is random by design; a fixed seed makes the answer repeatable.
On a short text (a headline, a caption) langdetect guesses: 'Volkswagen
confirme.' comes out Dutch. There, word frequencies decide instead: the
language in which the text's ordinary (lower-case) words are most common,
with the share of words that are common in it as the probability.

langdetect's own loop updates 55 language probabilities one float at a
time in Python; `LangDetector` runs the same algorithm on numpy vectors,
with the same random draws and the same floating-point operations in the
same order, so its answers are langdetect's to the last bit.
"""

from __future__ import annotations

import gzip
import math
import random
import re
from functools import cache

import msgpack
import numpy as np
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram
from wordfreq import available_languages, cB_to_freq, freq_to_zipf

SAMPLE_CHARS = 600  # enough for a sure answer; langdetect's cost grows with the text
SAMPLE_WINDOWS = 3  # taken across the article, so an English headline or quote does not decide alone
SHORT_TEXT_WORDS = 20  # below this many words langdetect is not trusted
# Languages compared on a short text: French and those a French news site quotes most.
SHORT_TEXT_LANGUAGES = ("fr", "en", "es", "it", "de")
COMMON_WORD_ZIPF = 2.5  # wordfreq Zipf scale: an ordinary word of the language
_WORD = re.compile(r"[^\W\d_]+")
_LOWER_LATIN = re.compile(r"[a-zà-öø-ÿœæ]+")


def _sample(text: str) -> str:
    """SAMPLE_CHARS of the article in a few windows spread over it, cut at words.

    langdetect's cost grows with the text while its answer on a news article
    is sure long before: windows from the start, the middle and further on
    keep one foreign headline or quotation from deciding alone.
    """
    if len(text) <= SAMPLE_CHARS:
        return text
    width = SAMPLE_CHARS // SAMPLE_WINDOWS
    step = (len(text) - width) // max(SAMPLE_WINDOWS - 1, 1)
    windows = []
    for start in range(0, len(text) - width + 1, step) if step > 0 else [0]:
        if start:
            space = text.find(" ", start, start + width)
            start = space + 1 if space >= 0 else start
        window = text[start : start + width]
        cut = window.rfind(" ")
        windows.append(window[:cut] if cut > 0 else window)
    return "\n".join(windows[:SAMPLE_WINDOWS])


class _NormalizedChars(dict[int, str]):
    """`str.translate` table applying langdetect's `NGram.normalize`, filled as characters come."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


class LangDetector:
    """langdetect 1.0.9's `detect_langs(text)[0]` (the version is pinned), on numpy vectors.

    The text is prepared as langdetect's own `Detector` prepares it (URLs,
    e-mails, Vietnamese marks, Latin letters in a non-Latin text; see
    `_prepared`). Then, as in
    `Detector._detect_block`: 7 trials, each drawing a smoothing `alpha`
    and then n-grams at random, multiplying the probabilities by the
    n-gram's (plus alpha/10000) and renormalising every fifth draw until one
    language passes 0.99999. Element-wise numpy arithmetic is the same IEEE
    arithmetic as langdetect's Python floats, and the renormalising sum is
    taken in the same order, so the result is identical.
    """

    def __init__(self) -> None:
        self.factory = DetectorFactory()
        self.factory.load_profile(PROFILES_DIRECTORY)
        self.languages: list[str] = self.factory.langlist
        self.known: dict[str, list[float]] = self.factory.word_lang_prob_map
        self._normalized = _NormalizedChars()
        # The probability rows of the n-grams met so far, as one matrix:
        # converting a row from langdetect's lists costs more than using it.
        self._row_of: dict[str, int] = {}
        self._rows = np.empty((0, len(self.languages)))
        self._word_rows: dict[str, tuple[int, ...]] = {}  # normalised word → rows of its n-grams

    def best(self, text: str, seed: int) -> tuple[str, float] | None:
        """(language, probability) of the likeliest language.

        None when the text has no known n-gram, or when no language passes
        langdetect's 0.1 threshold (where `detect_langs` returns nothing).
        """
        detector = self.factory.create()
        ngrams = self._ngram_rows(_prepared(text, detector.max_text_length))
        if not ngrams:
            return None
        # The text's n-grams in order, as rows of `rows` (its distinct n-grams in
        # order of first appearance: a dict does it faster than np.unique's sort).
        first: dict[int, int] = {}
        picks = [first.setdefault(row, len(first)) for row in ngrams]
        rows = self._rows[list(first)]
        size = len(self.languages)
        rng = random.Random()
        rng.seed(seed)
        # `rng.choice(picks)` inlined: CPython's `_randbelow_with_getrandbits`,
        # the same draws from the same generator, without two calls per draw.
        getrandbits = rng.getrandbits
        count = len(picks)
        bits = count.bit_length()
        trials = detector.n_trial
        found = np.zeros(size)
        # langdetect renormalises after draws 0, 5, 10…: between two checks the
        # five factors are multiplied in one call, into `block` after the
        # probabilities (numpy reduces the rows in order: the same products).
        block = np.empty((_CHECK_EVERY + 1, size))
        for _ in range(trials):
            prob = np.full(size, 1.0 / size)
            alpha = detector.alpha + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
            factors = rows + alpha / Detector.BASE_FREQ
            i, draws = 0, 1
            while True:
                drawn: list[int] = []
                while len(drawn) < draws:
                    pick = getrandbits(bits)
                    if pick < count:
                        drawn.append(picks[pick])
                if draws == 1:
                    prob *= factors[drawn[0]]
                else:
                    block[0] = prob
                    factors.take(drawn, axis=0, out=block[1:], mode="clip")
                    np.multiply.reduce(block, axis=0, out=prob)
                values = prob.tolist()
                total = sum(values)  # Python's sum: langdetect's order of additions
                prob /= total
                # Dividing by a positive total keeps the order, so the largest
                # quotient is the largest value's: prob.max() without numpy.
                if max(values) / total > Detector.CONV_THRESHOLD or i >= Detector.ITERATION_LIMIT:
                    break
                i, draws = i + _CHECK_EVERY, _CHECK_EVERY
            found += prob / trials
        probabilities = found.tolist()
        best = max(range(size), key=probabilities.__getitem__)  # the first of equals, as langdetect's stable sort
        if probabilities[best] <= Detector.PROB_THRESHOLD:
            return None
        return self.languages[best], probabilities[best]

    def _ngram_rows(self, text: str) -> list[int]:
        """The known 1- to 3-grams of the text, as `Detector._extract_ngrams` lists them,
        given as their rows of `self._rows`.

        A space resets the window, so the n-grams of the text are those of
        its words one after the other, each word read from a fresh window
        with the space after it: a word's n-grams are worked out once.
        """
        words = text.translate(self._normalized).split(" ")
        last = len(words) - 1
        found: list[int] = []
        for position, word in enumerate(words):
            if word:
                chunk = word + " " if position < last else word
                rows = self._word_rows.get(chunk)
                if rows is None:
                    rows = self._rows_of_word(chunk)
                found += rows
        return found

    def _rows_of_word(self, chunk: str) -> tuple[int, ...]:
        """Rows of one normalised word's n-grams (the space after it included), memoised."""
        if len(self._word_rows) >= _WORD_MEMO_SIZE:
            self._word_rows.clear()
        rows = self._word_rows[chunk] = tuple(self._row(gram) for gram in self._extract(chunk))
        return rows

    def _row(self, gram: str) -> int:
        """The row of `self._rows` holding a known n-gram's probabilities, added when new."""
        row = self._row_of.get(gram)
        if row is None:
            row = len(self._row_of)
            if row == len(self._rows):
                grown = np.empty((max(2 * len(self._rows), 1024), len(self.languages)))
                grown[:row] = self._rows
                self._rows = grown
            self._rows[row] = self.known[gram]
            self._row_of[gram] = row
        return row

    def _extract(self, text: str) -> list[str]:
        """langdetect's n-gram window over normalised text, from a fresh window.

        n-grams are not taken inside a run of capitals (from the second
        capital on).
        """
        known = self.known
        found: list[str] = []
        grams = " "
        capitals = False
        for ch in text:
            last = grams[-1]
            if last == " ":
                grams = " "
                capitals = False
                if ch == " ":
                    continue
            elif len(grams) >= 3:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capitals = True
            else:
                capitals = False
            if capitals:
                continue
            if ch != " " and ch in known:
                found.append(ch)
            if len(grams) >= 2:
                if grams[-2:] in known:
                    found.append(grams[-2:])
                if len(grams) == 3 and grams in known:
                    found.append(grams)
        return found


_CHECK_EVERY = 5  # langdetect renormalises and checks convergence every fifth draw (ITERATION_LIMIT is a multiple)
_WORD_MEMO_SIZE = 200_000  # distinct words kept; cleared when full (a long run's vocabulary)
_SPACES = re.compile(" {2,}")
_LATIN_LETTER = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z', brackets and all
# From U+0300 on. langdetect 1.0.9 means to leave out Latin Extended Additional
# but compares the block's number with its name: no character is left out.
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


def _prepared(text: str, max_length: int) -> str:
    """`Detector.append(text)` then `Detector.cleaning_text()`, without their loops over characters.

    URLs and e-mail addresses become spaces, Vietnamese marks are folded,
    the text is cut at `max_length` and runs of spaces are read as one; a
    text written mostly in another script loses its Latin letters.
    """
    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:max_length])
    if len(_LATIN_LETTER.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        text = _LATIN_LETTER.sub("", text)
    return text


@cache
def lang_detector() -> LangDetector:
    """The one detector of the process: its profiles take a moment to read."""
    return LangDetector()


def load_profiles() -> None:
    """Read langdetect's language profiles now rather than on the first article."""
    lang_detector()


def detect_language(text: str, seed: int = 0) -> tuple[str, float]:
    """ISO 639-1 code and probability; ('', 0.0) when nothing can be said."""
    sample = _sample(text)
    if not any(ch.isalpha() for ch in sample):
        return "", 0.0
    if len(_WORD.findall(sample)) < SHORT_TEXT_WORDS:
        by_words = _by_word_frequencies(sample)
        if by_words[0]:
            return by_words
    best = lang_detector().best(sample, seed)
    if best is None:
        return "", 0.0
    return best[0], round(best[1], 4)


def _by_word_frequencies(sample: str) -> tuple[str, float]:
    """The language whose word list makes the ordinary words most common.

    Capitalised words are left out (names read the same in every language)
    unless they start a sentence. The probability is the share of words
    that are ordinary words of the chosen language.
    """
    words = [w.lower() for w in _ordinary_words(sample)]
    if not words:
        return "", 0.0
    table = {lang: word_list(lang).zipf(words) for lang in SHORT_TEXT_LANGUAGES}
    best = max(SHORT_TEXT_LANGUAGES, key=lambda lang: (sum(table[lang]), lang == "fr"))
    if sum(table[best]) == 0:
        return "", 0.0
    common = sum(1 for zipf in table[best] if zipf >= COMMON_WORD_ZIPF)
    return best, round(common / len(words), 4)


def _ordinary_words(sample: str) -> list[str]:
    """Lower-case words, and capitalised words that only start a sentence."""
    words: list[str] = []
    for match in _WORD.finditer(sample):
        word = match.group(0)
        before = sample[: match.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?:«\"“—–-"
        if _LOWER_LATIN.fullmatch(word) or (sentence_start and _LOWER_LATIN.fullmatch(word[0].lower() + word[1:])):
            words.append(word)
    return words


class WordList:
    """wordfreq's Zipf frequencies of one language in a tenth of the memory of its dict.

    `wordfreq.zipf_frequency` keeps every word of the list as a Python string
    in a dict: about 130 MB for Spanish, Italian and German, which only short
    texts need. Here a word is the 64-bit hash of its UTF-8 bytes in a sorted
    numpy array beside its frequency band, read from wordfreq's file one band
    at a time.
    Two words of a list share a hash with odds of about 1 in 10^13.
    For the single lower-case words `_ordinary_words` gives, the values are
    `zipf_frequency`'s to the hundredth.
    """

    def __init__(self, language: str) -> None:
        hashes: list[np.ndarray] = []
        bands: list[np.ndarray] = []
        with gzip.open(available_languages("best")[language], "rb") as packed:
            unpacker = msgpack.Unpacker(packed, raw=False)
            count = unpacker.read_array_header()
            header = unpacker.unpack()
            if not isinstance(header, dict) or header.get("format") != "cB":
                raise ValueError(f"unexpected wordfreq list header for {language!r}: {header!r}")
            for band in range(count - 1):
                words = unpacker.unpack()
                hashes.append(np.fromiter(map(_word_hash, words), dtype=np.int64, count=len(words)))
                bands.append(np.full(len(words), band, dtype=np.int16))
        all_hashes = np.concatenate(hashes)
        order = np.argsort(all_hashes)
        self._hashes = all_hashes[order]
        self._bands = np.concatenate(bands)[order]
        self._zipf_of_band = np.array([_band_zipf(band) for band in range(count - 1)] + [0.0])

    def zipf(self, words: list[str]) -> list[float]:
        """Zipf frequency of each word, 0.0 for a word not in the list."""
        wanted = np.array([_word_hash(word) for word in words], dtype=np.int64)
        at = np.minimum(np.searchsorted(self._hashes, wanted), len(self._hashes) - 1)
        found = self._hashes[at] == wanted
        bands = np.where(found, self._bands[at], len(self._zipf_of_band) - 1)
        return [float(zipf) for zipf in self._zipf_of_band[bands]]


def _word_hash(word: str) -> int:
    """Hash of the UTF-8 bytes: `hash(str)` reads the string's storage, so 'kp' and '火' collide."""
    return hash(word.encode())


def _band_zipf(band: int) -> float:
    """The Zipf value `wordfreq.zipf_frequency` gives a one-token word of a band (same roundings)."""
    frequency = 1.0 / (1.0 / cB_to_freq(-band))
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(freq_to_zipf(frequency), 2)


@cache
def word_list(language: str) -> WordList:
    """Read on the first short text that needs it, then kept for the process."""
    return WordList(language)
