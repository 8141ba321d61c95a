"""`make bench`: the pipeline against bare spaCy on a corpus of distinct articles.

Measures, each in a separate process started from scratch:
  (a) bare `nlp.pipe` of the model over the raw texts, model load included;
  (b) the pipeline, cold, --jobs 1;
  (c) the pipeline again with nothing changed;
  (d) the pipeline after adding one article;
  (e) the pipeline, cold, --jobs 2.
It prints articles/s, tokens/s, peak memory and the ratios the targets are
stated in, and writes them to a JSON file. `--repeat N` measures the cold
runs N times and keeps the fastest of each.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config import Config

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_SOURCES = [ROOT / "seeds", ROOT / "tests" / "dev" / "articles", ROOT / "tests" / "articles"]

# Runs a command and reports its wall time and the peak memory of the
# largest process it started (itself or one of its workers).
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "w") as log:
    done = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
print(json.dumps({"returncode": done.returncode, "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

_BARE_SPACY = """
import json, sys
from pathlib import Path
import spacy
nlp = spacy.load(sys.argv[1])
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
if sys.argv[4:] == ["tokens-only"]:  # the same tokens, without the model's cost
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
else:
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=int(sys.argv[3])))
print(json.dumps({"tokens": tokens}))
"""


def corpus_sentences() -> list[str]:
    """Sentences of the articles the project ships, to mix into new ones."""
    sentences: set[str] = set()
    for folder in SENTENCE_SOURCES:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8", errors="replace")
            for sentence in re.split(r"(?<=[.!?»”])\s+", text):
                sentence = " ".join(sentence.split())
                if 40 <= len(sentence) <= 400 and not sentence.startswith("date "):
                    sentences.add(sentence)
    return sorted(sentences)


def build_corpus(folder: Path, size: int, seed: int = 0) -> None:
    """`size` distinct articles: random paragraphs of the shipped sentences."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(size):
        paragraphs = [" ".join(rng.sample(sentences, rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
        title = rng.choice(sentences).rstrip(".")
        (folder / f"bench_{i:05d}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _measure(command: list[str], log: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(log), *command], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed; see {log}:\n{log.read_text()[-2000:]}")
    return result


def _extract(config: Config, corpus: Path, output: Path, jobs: int, log: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "pipeline", "extract", "--config", str(config.source),
               "--input", str(corpus), "--output", str(output), "--jobs", str(jobs)]
    return _measure(command, log)


RUNS = ("a", "b", "c", "d", "e")
_RUN_NAMES = {"a": "a_bare_spacy", "b": "b_cold_jobs1", "c": "c_unchanged", "d": "d_one_added", "e": "e_cold_jobs2"}
_RATIOS = {"b_over_a": ("b", "a"), "c_over_b": ("c", "b"), "b_over_e": ("b", "e")}
_TARGETS = {"b_over_a": "<= 1.10", "c_over_b": "<= 0.02", "b_over_e": ">= 1.5"}


def run_bench(config: Config, size: int, json_path: Path, runs: str = "abcde", repeat: int = 1) -> int:
    """Measure the selected runs (all by default); (c) and (d) need (b)'s output, so they run it too.

    Choosing runs lets a large corpus be measured in reasonable time:
    `--size 10000 --runs b` shows how peak memory grows with the corpus.
    With `repeat` above 1 the cold runs (a), (b) and (e) are measured that
    many times, interleaved (a b e a b e …) so that a slow spell of a shared
    machine falls on each alike, and each keeps its fastest time, as timeit
    does: noise only ever adds time. Every time measured goes in the JSON.
    """
    wanted = set(runs)
    if wanted & {"c", "d"}:
        wanted.add("b")
    results: dict[str, dict[str, float]] = {}
    times: dict[str, list[float]] = {}

    def keep(key: str, run: dict[str, float]) -> None:
        times.setdefault(key, []).append(run["seconds"])
        if key not in results or run["seconds"] < results[key]["seconds"]:
            results[key] = run

    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        base = Path(tmp)
        corpus = base / "corpus"
        build_corpus(corpus, size)
        print(f"corpus: {size} articles in {corpus}", file=sys.stderr)
        logs = base / "logs"
        logs.mkdir()
        tokens = 0
        for attempt in range(1, repeat + 1):
            suffix = f" (round {attempt} of {repeat})" if repeat > 1 else ""
            if attempt == 1 or "a" in wanted:
                tokens, bare = _count_tokens(config, corpus, logs, measure="a" in wanted)
                if bare is not None:
                    keep("a", bare)
                    print(f"(a) bare spaCy: {bare['seconds']:.1f} s{suffix}", file=sys.stderr)
            for key, jobs, output in (("b", 1, base / "out1"), ("e", 2, base / "out2")):
                if key in wanted:
                    shutil.rmtree(output, ignore_errors=True)  # cold: nothing cached
                    keep(key, _extract(config, corpus, output, jobs, logs / f"cold{jobs}.log"))
                    print(f"({key}) pipeline cold, --jobs {jobs}: {times[key][-1]:.1f} s{suffix}", file=sys.stderr)
        if "c" in wanted:  # on the last cold run's output
            keep("c", _extract(config, corpus, base / "out1", 1, logs / "warm.log"))
        if "d" in wanted:
            extra = corpus / "bench_extra.txt"
            build_corpus(base / "extra", 1, seed=size + 1)
            extra.write_text((base / "extra" / "bench_00000.txt").read_text(encoding="utf-8"), encoding="utf-8")
            keep("d", _extract(config, corpus, base / "out1", 1, logs / "added.log"))
            extra.unlink()

    for key, run in results.items():
        run["all_seconds"] = times[key]  # type: ignore[assignment]
        run["articles_per_s"] = size / run["seconds"]
        run["tokens_per_s"] = tokens / run["seconds"]
    report = {
        "articles": size,
        "tokens": tokens,
        "repeat": repeat,
        "runs": {_RUN_NAMES[key]: results[key] for key in RUNS if key in results},
        "ratios": {
            name: results[top]["seconds"] / results[bottom]["seconds"]
            for name, (top, bottom) in _RATIOS.items()
            if top in results and bottom in results
        },
        "targets": _TARGETS,
    }
    print(format_report(report))
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written to {json_path}")
    return 0


def _count_tokens(config: Config, corpus: Path, logs: Path, measure: bool) -> tuple[int, dict[str, float] | None]:
    """Tokens of the raw texts, counted by bare spaCy; with `measure`, that run is (a)
    and is returned too (without, only the tokenizer runs: the same count in a
    fraction of the time)."""
    command = [sys.executable, "-c", _BARE_SPACY, config.nlp.model, str(corpus), str(config.nlp.batch_size)]
    run = _measure(command if measure else [*command, "tokens-only"], logs / "bare.log")
    tokens = int(json.loads((logs / "bare.log").read_text().strip().splitlines()[-1])["tokens"])
    return tokens, run if measure else None


def format_report(report: dict) -> str:  # type: ignore[type-arg]
    lines = [f"{report['articles']} articles, {report['tokens']} tokens"]
    labels = {
        "a_bare_spacy": "(a) bare spaCy nlp.pipe",
        "b_cold_jobs1": "(b) pipeline cold, --jobs 1",
        "c_unchanged": "(c) pipeline, nothing changed",
        "d_one_added": "(d) pipeline, one article added",
        "e_cold_jobs2": "(e) pipeline cold, --jobs 2",
    }
    for name, label in labels.items():
        run = report["runs"].get(name)
        if run is None:
            continue
        lines.append(
            f"{label:34s} {run['seconds']:8.2f} s  {run['articles_per_s']:9.1f} art/s  "
            f"{run['tokens_per_s']:10.0f} tok/s  peak {run['peak_mb']:7.0f} MB"
        )
    for name, value in report["ratios"].items():
        top, bottom = _RATIOS[name]
        lines.append(f"({top})/({bottom}) = {value:.{4 if name == 'c_over_b' else 3}f}  (target {_TARGETS[name]})")
    return "\n".join(lines)
