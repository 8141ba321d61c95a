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

import random
import re
from functools import cache

import numpy as np
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram
from wordfreq import zipf_frequency

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

    The text is prepared by langdetect's own `Detector` (URLs, e-mails,
    Vietnamese marks, Latin letters in a non-Latin text). Then, as in
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

    def best(self, text: str, seed: int) -> tuple[str, float] | None:
        """(language, probability) of the likeliest language.

        None when the text has no known n-gram, or when no language passes
        langdetect's 0.1 threshold (where `detect_langs` returns nothing).
        """
        detector = self.factory.create()
        detector.append(text)
        detector.cleaning_text()
        ngrams = self._ngrams(detector.text)
        if not ngrams:
            return None
        distinct = list(dict.fromkeys(ngrams))
        indices = self._row_indices(distinct)
        rows = self._rows[indices]
        local = {gram: i for i, gram in enumerate(distinct)}
        picks = [local[gram] for gram in ngrams]
        size = len(self.languages)
        rng = random.Random()
        rng.seed(seed)
        trials = detector.n_trial
        found = np.zeros(size)
        for _ in range(trials):
            prob = np.full(size, 1.0 / size)
            alpha = detector.alpha + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
            factors = rows + alpha / Detector.BASE_FREQ
            i = 0
            while True:
                prob *= factors[rng.choice(picks)]
                if i % 5 == 0:
                    prob /= sum(prob.tolist())  # Python's sum: langdetect's order of additions
                    if prob.max() > Detector.CONV_THRESHOLD or i >= Detector.ITERATION_LIMIT:
                        break
                i += 1
            found += prob / trials
        probabilities = found.tolist()
        best = max(range(size), key=probabilities.__getitem__)  # the first of equals, as langdetect's stable sort
        if probabilities[best] <= Detector.PROB_THRESHOLD:
            return None
        return self.languages[best], probabilities[best]

    def _row_indices(self, grams: list[str]) -> list[int]:
        """Rows of `self._rows` holding these distinct n-grams' probabilities, added when new."""
        new = [gram for gram in grams if gram not in self._row_of]
        if new:
            used = len(self._row_of)
            if used + len(new) > len(self._rows):
                grown = np.empty((max(2 * len(self._rows), used + len(new), 1024), len(self.languages)))
                grown[:used] = self._rows[:used]
                self._rows = grown
            self._rows[used : used + len(new)] = [self.known[gram] for gram in new]
            self._row_of.update((gram, i) for i, gram in enumerate(new, used))
        return [self._row_of[gram] for gram in grams]

    def _ngrams(self, text: str) -> list[str]:
        """The known 1- to 3-grams of the text, as `Detector._extract_ngrams` lists them.

        A space resets the window; n-grams are not taken inside a run of
        capitals (from the second capital on).
        """
        known = self.known
        found: list[str] = []
        grams = " "
        capitals = False
        for ch in text.translate(self._normalized):
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
    table = {lang: [zipf_frequency(w, lang) for w in words] for lang in SHORT_TEXT_LANGUAGES}
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
