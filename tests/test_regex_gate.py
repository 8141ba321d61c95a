"""What a regex's parse says about its matches: the gate never hides one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.regex_gate import WindowedSearch, anchored, may_contain_one, required_literals, top_level_branches

REGEXES = [
    r"\bnewsletter\b",
    r"(?:partager|share) sur (?:facebook|twitter|linkedin)",
    r"(fabriquants|fabriquant|adhérants) de",
    r"^(?:lire aussi|à lire aussi)\s*:",
    r"(?:abonnez|inscrivez)-vous",
    r"cookies?",
]


def test_anchored() -> None:
    assert [anchored(r) for r in (r"^a|\Ab", r"(^a|^b)c", r"^(?m:^a)")] == [True, True, True]
    assert [anchored(r) for r in (r"^a|b", r"(?m)^a", r"(?m:^a)", r"a^", r"(?=^)a")] == [False] * 5


def test_required_literals() -> None:
    assert required_literals(r"\bnewsletter\b") == ("newsletter",)
    assert required_literals(r"(?:partager|share) sur") == ("partager", "share")  # the longer strings gate better
    # a string holding another adds nothing
    assert required_literals(r"(fabriquants|fabriquant|adhérants) de") == ("adhérants", "fabriquant")
    assert required_literals(r"a|bc") == ()  # too short to gate anything
    assert required_literals(r"(unclosed") == ()


def test_case_folding_the_regex_engine_alone_knows() -> None:
    assert may_contain_one("le İnfluant", ("influant",))  # 'İ' folds to 'i' in re, not in str.lower
    assert not may_contain_one("rien à voir", ("influant",))
    assert may_contain_one("anything", ())


words = st.sampled_from(["Newsletter", "partager", "SUR", "Facebook", "lire", "aussi", ":", "fabriquant", "de",
                         "İnfluant", "cookie", "Abonnez-vous", "x", " ", "ſ", "K"])


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=8).map(" ".join))
def test_a_gate_never_hides_a_match(text: str) -> None:
    for regex in REGEXES:
        if re.search(regex, text, re.IGNORECASE):
            assert may_contain_one(text, required_literals(regex)), (regex, text)
            if anchored(regex):
                assert re.search(regex, text, re.IGNORECASE).start() == 0  # type: ignore[union-attr]


def test_windowed_search_refuses_what_a_window_could_change() -> None:
    for regex in (r"é(?=x)", r"é$", r"é\b", r"(é)\1", r"é.*", r"é|x", r"(?i)é"):
        assert WindowedSearch.of(re.compile(regex)) is None, regex
    assert WindowedSearch.of(re.compile(r"[a-z]é|^«x|\s[ÀÉ]€")) is not None


MOJIBAKE_CHARS = st.sampled_from(list("ab Z.,\n«»ÉéàÀ€©’–—œ×²Ã¤¦ØÙ‚Äìвâó°ĀāΒΓ\x85") + ["Ã©", "â€™", " Â "])


@settings(max_examples=500, deadline=None)
@given(st.lists(MOJIBAKE_CHARS, max_size=30).map("".join))
def test_windowed_search_finds_what_the_whole_search_finds(text: str) -> None:
    from ftfy.badness import BADNESS_RE

    windowed = WindowedSearch.of(BADNESS_RE)
    assert windowed is not None
    assert windowed.search(text) == bool(BADNESS_RE.search(text)), text


def test_top_level_branches() -> None:
    assert top_level_branches(r"^a|b(c|d)|[|)]e|\|f") == ("^a", "b(c|d)", "[|)]e", r"\|f")
    assert top_level_branches(r"[]|]x|y") == ("[]|]x", "y")
    assert top_level_branches(r"(a)|\1") == (r"(a)|\1",)  # a backreference: kept whole
    assert top_level_branches(r"(?i)a|b") == (r"(?i)a|b",)  # global flags: kept whole


SPLIT_REGEXES = REGEXES + [r"^lire|aussi\s*:$|[|]x", r"(?:a|b)c|^d(?-i:E)|f[^|]g", r"\bplus\b|^(voir|lire) la vidéo$"]
split_words = st.sampled_from(["lire", "aussi", ":", "|", "x", "ac", "bc", "d", "dE", "de", "fzg", "f|g", "plus", "voir",
                               "la", "vidéo", "Newsletter", "cookie", " ", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(split_words, max_size=8).map(" ".join))
def test_a_regex_matches_when_one_of_its_branches_does(text: str) -> None:
    for regex in SPLIT_REGEXES:
        whole = re.search(regex, text, re.IGNORECASE) is not None
        assert whole == any(re.search(b, text, re.IGNORECASE) for b in top_level_branches(regex)), (regex, text)
