"""Command line: `python -m pipeline extract|eval|bench`.

Exit status: 0 when the run completed (even with skipped or failed
articles, which documents.csv reports), 2 for bad usage or an invalid
configuration, 1 for anything else.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pipeline.config import Config, ConfigError, load_config, with_overrides

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="process the articles into the output tables")
    _add_run_options(extract)
    extract.add_argument("--force", action="store_true", help="recompute every article, ignoring the cache")

    evaluate = commands.add_parser("eval", help="score output tables against gold annotations")
    evaluate.add_argument("--config", type=Path, default=Path("config.yaml"))
    evaluate.add_argument("--output", type=Path, help="output folder to score (default: the config's)")
    evaluate.add_argument("--gold", type=Path, default=Path("tests/gold"), help="folder of gold YAML files")
    evaluate.add_argument(
        "--input", type=Path, help="articles to extract first, into a temporary folder, then score"
    )
    evaluate.add_argument("--jobs", type=int, help="worker processes for --input")
    evaluate.add_argument("--details", action="store_true", help="list every miss and false positive")
    evaluate.add_argument("--json", type=Path, help="also write the scores to this JSON file")

    bench = commands.add_parser("bench", help="performance benchmark against bare spaCy")
    bench.add_argument("--config", type=Path, default=Path("config.yaml"))
    bench.add_argument("--size", type=_positive, default=1000, help="number of articles in the corpus")
    bench.add_argument("--json", type=Path, default=Path("bench-results/bench.json"))
    bench.add_argument("--runs", default="abcde", type=_bench_runs,
                       help="which runs to measure, e.g. 'b' or 'abe' (default all: abcde)")
    bench.add_argument("--repeat", type=_positive, default=1,
                       help="measure the cold runs (a), (b), (e) this many times, interleaved, and keep "
                            "each one's fastest: steadier ratios on a shared machine")
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _bench_runs(value: str) -> str:
    from pipeline.bench import RUNS

    unknown = sorted(set(value) - set(RUNS))
    if not value or unknown:
        raise argparse.ArgumentTypeError(f"runs are letters among {''.join(RUNS)}, got {value!r}")
    return value


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("config.yaml"), help="configuration file")
    parser.add_argument("--input", type=Path, help="folder of *.txt articles (default from config)")
    parser.add_argument("--output", type=Path, help="folder for the tables (default from config)")
    parser.add_argument("--jobs", type=int, help="worker processes, each loading the model once")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
        if getattr(args, "jobs", None) is not None and args.jobs < 1:
            raise ConfigError("--jobs: must be at least 1")
        if args.command == "extract":
            return _extract(args, config)
        if args.command == "eval":
            return _evaluate(args, config)
        if args.command == "bench":
            from pipeline.bench import run_bench

            return run_bench(config, args.size, args.json, args.runs, args.repeat)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: the previous tables are left as they were", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a status
        from pipeline.run import RunLocked

        if isinstance(exc, RunLocked):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        raise
    return EXIT_USAGE


def _extract(args: argparse.Namespace, config: Config) -> int:
    from pipeline.run import run_extract

    if args.input is not None and not args.input.is_dir():
        raise ConfigError(f"--input: not a folder: {args.input}")
    config = with_overrides(config, input=args.input, output=args.output, jobs=args.jobs)
    summary = run_extract(config, force=args.force)
    print(summary.text())
    return EXIT_OK


def _evaluate(args: argparse.Namespace, config: Config) -> int:
    from pipeline.evaluate import evaluate_dir, format_report

    if not args.gold.is_dir():
        raise ConfigError(f"--gold: not a folder: {args.gold}")
    if args.input is not None:
        from pipeline.run import run_extract

        if not args.input.is_dir():
            raise ConfigError(f"--input: not a folder: {args.input}")
        with tempfile.TemporaryDirectory(prefix="pipeline-eval-") as tmp:
            run_config = with_overrides(config, input=args.input, output=Path(tmp), jobs=args.jobs)
            run_extract(run_config, progress=None)
            report = evaluate_dir(Path(tmp), args.gold)
    else:
        output = args.output or config.output
        if not (Path(output) / "documents.csv").is_file():
            raise ConfigError(f"--output: no documents.csv in {output}: run `make extract` first")
        report = evaluate_dir(Path(output), args.gold)
    print(format_report(report, details=args.details))
    if args.json:
        import json

        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return EXIT_OK
