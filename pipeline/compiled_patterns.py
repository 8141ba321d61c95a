"""The spaCy tokenizer's regular expressions, compiled once per installation.

Loading `fr_core_news_md` compiles the French tokenizer's TOKEN_MATCH: one
expression of about 700 alternatives, each with the Unicode class of
lower-case letters, which Python's `re` takes some 4 seconds to compile —
half of the model's load, in every run and in every worker. Python keeps
compiled expressions in memory only. Like a `.pyc` file, this keeps their
compiled form (the `_sre` code `re` would build) on disk, beside the
interpreter, and puts it in `re`'s own cache before the model loads, so
that spaCy's `re.compile` of the same pattern finds it there.

The file is written at install (`python -m pipeline.compiled_patterns`) or
by the first run that misses it. It is keyed by the Python version and the
regex engine's version, and each entry by its exact pattern: a pattern the
model no longer uses is never looked up, and anything unexpected (another
Python, an unreadable file) leaves `re` to compile as usual.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any

try:  # the engine's internals, as of Python 3.11
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another interpreter: compile as usual
    _sre = None

log = logging.getLogger(__name__)

_FORMAT = 1


def cache_path(model: str) -> Path:
    """Where the compiled patterns of `model`'s tokenizer are kept, for this interpreter."""
    version = "".join(map(str, sys.version_info[:3]))
    magic = getattr(_sre, "MAGIC", 0)
    return Path(sys.prefix) / "var" / "pipeline" / f"{model}.re-cache-py{version}-sre{magic}.pickle"


def preload(model: str) -> list[re.Pattern[str]]:
    """Hand the saved compiled patterns to `re`'s cache, and return them.

    Called before `spacy.load(model)`. `re.compile` looks its cache up by
    (type, pattern, flags): an entry is used only for its exact pattern.
    """
    preloaded: list[re.Pattern[str]] = []
    if _sre is None:
        return preloaded
    try:
        with cache_path(model).open("rb") as file:
            stored = pickle.load(file)
        if stored.get("format") != _FORMAT:
            return preloaded
        for entry in stored["patterns"]:
            preloaded.append(_rebuild(entry))
    except FileNotFoundError:
        return preloaded
    except Exception as error:  # a damaged or foreign file: compile as usual
        log.debug("compiled patterns of %s not used: %s", model, error)
        return []
    for compiled, entry in zip(preloaded, stored["patterns"]):
        re._cache[type(compiled.pattern), compiled.pattern, entry["key_flags"]] = compiled  # type: ignore[attr-defined]
    return preloaded


def load_model(model: str) -> Any:
    """`spacy.load(model)`, with the tokenizer's patterns from the saved file.

    When one of them was compiled anew (no file yet, a new spaCy), the file
    is written again: this run pays the compilation twice, the next ones not.
    """
    import spacy

    preloaded = {id(pattern) for pattern in preload(model)}
    nlp = spacy.load(model)
    patterns = tokenizer_patterns(nlp)
    if any(id(pattern) not in preloaded for pattern in patterns):
        save(model, patterns)
    return nlp


def _rebuild(entry: dict[str, Any]) -> re.Pattern[str]:
    """The pattern object `re._compiler.compile` would return (the engine checks the code)."""
    groupindex = entry["groupindex"]
    indexgroup: list[str | None] = [None] * (entry["groups"] + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    code = array("I")
    code.frombytes(entry["code"])
    return _sre.compile(entry["pattern"], entry["flags"], code.tolist(), entry["groups"], groupindex, tuple(indexgroup))


def tokenizer_patterns(nlp: Any) -> list[re.Pattern[str]]:
    """The compiled expressions behind the tokenizer's matching functions."""
    tokenizer = nlp.tokenizer
    functions = (tokenizer.token_match, tokenizer.url_match, tokenizer.prefix_search,
                 tokenizer.suffix_search, tokenizer.infix_finditer)  # fmt: skip
    return [f.__self__ for f in functions if isinstance(getattr(f, "__self__", None), re.Pattern)]


def save(model: str, patterns: list[re.Pattern[str]]) -> Path | None:
    """Compile `patterns` once more, keeping the engine code, and write it; the path, or None.

    Costs what compiling them cost (some 4 s for the French model), once.
    """
    if _sre is None:
        return None
    entries = []
    for pattern in patterns:
        if not isinstance(pattern.pattern, str):
            continue
        parsed = _parser.parse(pattern.pattern, 0)
        if parsed.state.flags != pattern.flags:  # compiled with flags given apart: not spaCy's way
            continue
        code = array("I", (int(op) for op in _compiler._code(parsed, 0)))  # opcodes are int subclasses
        entries.append({
            "pattern": pattern.pattern, "key_flags": 0, "flags": parsed.state.flags, "code": code.tobytes(),
            "groups": parsed.state.groups - 1, "groupindex": dict(parsed.state.groupdict),
        })  # fmt: skip
    path = cache_path(model)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as file:
            pickle.dump({"format": _FORMAT, "patterns": entries}, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(file.name, 0o644)
        os.replace(file.name, path)  # workers saving at once each write whole files
    except OSError as error:  # a read-only installation: compile as usual
        log.debug("compiled patterns of %s not saved: %s", model, error)
        return None
    return path


def main() -> int:
    """Save the compiled patterns of the configured model (run by `make install`)."""
    from pipeline.config import load_config

    model = load_config(Path(sys.argv[1] if len(sys.argv) > 1 else "config.yaml")).nlp.model
    path = cache_path(model)
    load_model(model)
    print(f"compiled tokenizer patterns of {model}: {path if path.exists() else 'not saved'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
