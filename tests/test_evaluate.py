"""Tests of the gold scorer (pipeline/evaluate.py) on tiny hand-built folders."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.evaluate import (
    EvalReport,
    evaluate_dir,
    format_report,
    load_gold,
    load_output,
    norm_name,
    norm_quote,
    score,
)

DOC = "100_test"

# Columns exactly as listed in SPEC.md.
COLUMNS: dict[str, list[str]] = {
    "documents": [
        "doc_id", "source", "sha256", "status", "reason", "language", "language_prob", "title",
        "published", "n_chars_raw", "n_chars_clean", "n_paragraphs_raw", "n_paragraphs_kept",
        "n_boilerplate", "n_duplicates", "n_repairs", "duplicate_of",
    ],
    "segments": ["doc_id", "index", "action", "rule", "duplicate_of", "text"],
    "repairs": ["doc_id", "paragraph", "kind", "rule", "before", "after", "context"],
    "entities": ["entity_id", "name", "type", "aliases", "n_mentions", "n_documents"],
    "mentions": ["doc_id", "paragraph", "sentence", "start", "end", "text", "label", "entity_id", "source"],
    "partnerships": ["doc_id", "org_a_id", "org_a", "org_b_id", "org_b", "kind", "year", "evidence"],
    "standard_adoptions": ["doc_id", "org_id", "org", "standard_id", "standard", "year", "evidence"],
    "figures": ["doc_id", "subject_id", "subject", "value", "unit", "raw", "year", "evidence"],
    "quotes": ["doc_id", "speaker_id", "speaker", "quote", "evidence"],
}


def write_table(out: Path, name: str, rows: list[dict[str, Any]]) -> None:
    """Write one CSV with the SPEC columns; cells not given are empty."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS[name], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS[name]})


def make_output(
    tmp_path: Path,
    *,
    documents: list[dict] | None = None,
    clean: dict[str, str] | None = None,
    entities: list[dict] | None = None,
    mentions: list[dict] | None = None,
    partnerships: list[dict] | None = None,
    adoptions: list[dict] | None = None,
    figures: list[dict] | None = None,
    quotes: list[dict] | None = None,
) -> Path:
    """An output folder; a table left as None is not written at all."""
    out = tmp_path / "output"
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "documents": documents,
        "entities": entities,
        "mentions": mentions,
        "partnerships": partnerships,
        "standard_adoptions": adoptions,
        "figures": figures,
        "quotes": quotes,
    }
    for name, rows in tables.items():
        if rows is not None:
            write_table(out, name, [{"doc_id": DOC, **r} if name != "entities" else r for r in rows])
    if clean is not None:
        (out / "clean").mkdir(exist_ok=True)
        for doc_id, text in clean.items():
            (out / "clean" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return out


def make_gold(tmp_path: Path, **fields: Any) -> Path:
    """A gold folder with one document; `fields` override the defaults."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {
        "doc_id": DOC,
        "language": "fr",
        "published": None,
        "unique_paragraphs": 3,
        "boilerplate": [],
        "keep": [],
        "either": [],
        "repairs": [],
        "entities": [],
        "relations": {"partnerships": [], "standard_adoptions": []},
        "figures": [],
        "quotes": [],
    }
    relations = {k: fields.pop(k) for k in ("partnerships", "standard_adoptions") if k in fields}
    data["relations"].update(relations)
    data.update(fields)
    (gold_dir / f"{DOC}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return gold_dir


def ent(entity_id: str, name: str, type_: str, aliases: str = "") -> dict[str, str]:
    return {"entity_id": entity_id, "name": name, "type": type_, "aliases": aliases, "n_mentions": "1", "n_documents": "1"}


def run(tmp_path: Path, output: dict[str, Any], gold: dict[str, Any]) -> EvalReport:
    return evaluate_dir(make_output(tmp_path, **output), make_gold(tmp_path, **gold))


def counts(report: EvalReport, table: str) -> tuple[int, int, int]:
    t = report.tables[table]
    return t.tp, t.fp, t.fn


def issues(report: EvalReport, table: str, kind: str) -> list[str]:
    return [i.text for d in report.docs for i in d.issues if i.table == table and i.kind == kind]


# ---------------------------------------------------------------- normalisation


def test_norm_name_is_case_accent_and_punctuation_insensitive() -> None:
    assert norm_name("Connaissance des Énergies") == norm_name("connaissance des energies")
    assert norm_name("Borne +") == "borne"
    assert norm_name("Banque européenne d’investissement") == norm_name("Banque européenne d'investissement")
    assert norm_name("Rolls-Royce") == norm_name("rolls royce")


def test_norm_quote_strips_marks_and_unifies_apostrophes() -> None:
    assert norm_quote("«\u00a0C’est  tremendous\u00a0»") == "C'est tremendous"
    assert norm_quote("“Nous nous associons”") == "Nous nous associons"


# ---------------------------------------------------------------- entities


def test_entity_alias_matching_both_ways(tmp_path: Path) -> None:
    gold = {
        "entities": [
            {"name": "General Motors", "type": "ORG", "aliases": ["GM"]},
            {"name": "Mary Barra", "type": "PER", "aliases": []},
            {"name": "North American Charging Standard", "type": "STANDARD", "aliases": ["NACS"]},
        ]
    }
    output = {
        "entities": [
            ent("org:gm", "GM", "ORG"),  # prediction name == gold alias
            ent("per:barra", "Barra", "PER", "Mary Barra|M. Barra"),  # prediction alias == gold name
            ent("std:nacs", "norme NACS", "STANDARD", "N.A.C.S."),  # alias == alias after normalisation? no
        ],
        "mentions": [{"entity_id": "org:gm"}, {"entity_id": "per:barra"}, {"entity_id": "std:nacs"}, {"entity_id": ""}],
    }
    report = run(tmp_path, output, gold)
    # "N.A.C.S." normalises to "n a c s", not "nacs": no match.
    assert counts(report, "entities") == (2, 1, 1)


def test_entity_alias_to_alias_and_punctuation(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Borne +", "type": "ORG", "aliases": ["Borne Plus"]}]}
    output = {"entities": [ent("org:x", "X", "ORG", "borne")], "mentions": [{"entity_id": "org:x"}]}
    assert counts(run(tmp_path, output, gold), "entities") == (1, 0, 0)


def test_entity_type_disagreement_is_not_a_match(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Tesla", "type": "ORG", "aliases": []}]}
    output = {"entities": [ent("per:tesla", "Tesla", "PER")], "mentions": [{"entity_id": "per:tesla"}]}
    report = run(tmp_path, output, gold)
    assert counts(report, "entities") == (0, 1, 1)
    assert any("predicted PER" in text and "ORG" in text for text in issues(report, "entities", "type"))


def test_entities_are_matched_one_to_one(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "General Motors", "type": "ORG", "aliases": ["GM"]},
                         {"name": "Ford", "type": "ORG", "aliases": []}]}
    output = {
        "entities": [ent("org:general-motors", "General Motors", "ORG"), ent("org:gm", "GM", "ORG")],
        "mentions": [{"entity_id": "org:gm"}, {"entity_id": "org:general-motors"}, {"entity_id": "org:gm"}],
    }
    report = run(tmp_path, output, gold)
    # One of the two predictions takes General Motors; the other is redundant
    # (it matches a gold entity, so it is not a false positive); Ford is missed.
    assert counts(report, "entities") == (1, 0, 1)
    assert report.tables["entities"].dup == 1
    dup = issues(report, "entities", "dup")
    assert len(dup) == 1 and dup[0].startswith("GM [ORG]")  # exact canonical name wins


def test_entity_matching_maximises_pairs(tmp_path: Path) -> None:
    # "Groupe" could take either gold; the exact "Renault" must not block it.
    gold = {"entities": [{"name": "Renault", "type": "ORG", "aliases": ["Groupe"]},
                         {"name": "PSA", "type": "ORG", "aliases": ["Groupe"]}]}
    output = {
        "entities": [ent("org:a", "Groupe", "ORG"), ent("org:b", "Renault", "ORG", "Groupe")],
        "mentions": [{"entity_id": "org:a"}, {"entity_id": "org:b"}],
    }
    assert counts(run(tmp_path, output, gold), "entities") == (2, 0, 0)


def test_entity_prefers_required_gold_over_optional(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Supercharger", "type": "PRODUCT", "aliases": [], "optional": True},
                         {"name": "Tesla Supercharger", "type": "PRODUCT", "aliases": ["Supercharger network"]}]}
    output = {"entities": [ent("product:sc", "Supercharger", "PRODUCT", "Supercharger network")],
              "mentions": [{"entity_id": "product:sc"}]}
    assert counts(run(tmp_path, output, gold), "entities") == (1, 0, 0)


def test_optional_entities_are_neither_tp_nor_fp(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Caradisiac", "type": "ORG", "aliases": [], "optional": True},
                         {"name": "Audric Doche", "type": "PER", "aliases": [], "optional": True}]}
    output = {"entities": [ent("org:caradisiac", "Caradisiac", "ORG")], "mentions": [{"entity_id": "org:caradisiac"}]}
    report = run(tmp_path, output, gold)
    assert counts(report, "entities") == (0, 0, 0)
    assert report.tables["entities"].optional == 1
    assert not report.tables["entities"].scored


def test_dangling_entity_id_falls_back_on_the_mention(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Xiaomi", "type": "ORG", "aliases": []}]}
    output = {"entities": [], "mentions": [{"entity_id": "org:xiaomi", "text": "Xiaomi", "label": "ORG"}]}
    assert counts(run(tmp_path, output, gold), "entities") == (1, 0, 0)


# ---------------------------------------------------------------- partnerships / adoptions


GM_TESLA_ENTITIES = [
    {"name": "General Motors", "type": "ORG", "aliases": ["GM", "Basic Motors"]},
    {"name": "Tesla", "type": "ORG", "aliases": []},
    {"name": "Ford", "type": "ORG", "aliases": []},
    {"name": "North American Charging Standard", "type": "STANDARD", "aliases": ["NACS"]},
]


def test_partnership_either_order_and_deduplication(tmp_path: Path) -> None:
    gold = {"entities": GM_TESLA_ENTITIES,
            "partnerships": [{"a": "General Motors", "b": "Tesla"}, {"a": "Ford", "b": "Tesla", "optional": True}]}
    output = {
        "entities": [ent("org:gm", "General Motors", "ORG", "GM"), ent("org:tesla", "Tesla", "ORG")],
        "partnerships": [
            {"org_a_id": "org:tesla", "org_a": "Tesla", "org_b_id": "org:gm", "org_b": "GM"},
            {"org_a_id": "org:gm", "org_a": "General Motors", "org_b_id": "org:tesla", "org_b": "Tesla"},
            {"org_a_id": "org:tesla", "org_a": "Tesla", "org_b_id": "org:gm", "org_b": "General Motors"},
            {"org_a": "Ford Motor", "org_b": "Tesla"},  # no ids, no alias: no match
            {"org_a": "Tesla", "org_b": "Ford"},  # optional gold pair
        ],
    }
    report = run(tmp_path, output, gold)
    assert counts(report, "partnerships") == (1, 1, 0)
    assert report.tables["partnerships"].optional == 1
    assert report.tables["partnerships"].dup == 0
    assert issues(report, "partnerships", "FP") == ["Ford Motor + Tesla"]


def test_partnership_uses_gold_entity_aliases(tmp_path: Path) -> None:
    gold = {"entities": GM_TESLA_ENTITIES, "partnerships": [{"a": "General Motors", "b": "Tesla"}]}
    output = {"partnerships": [{"org_a": "Tesla", "org_b": "Basic Motors"}]}  # gold alias of General Motors
    assert counts(run(tmp_path, output, gold), "partnerships") == (1, 0, 0)


def test_partnership_uses_predicted_aliases(tmp_path: Path) -> None:
    gold = {"entities": GM_TESLA_ENTITIES, "partnerships": [{"a": "General Motors", "b": "Tesla"}]}
    output = {
        "entities": [ent("org:x", "Général Moteurs", "ORG", "General Motors")],
        "partnerships": [{"org_a_id": "org:x", "org_a": "Général Moteurs", "org_b": "Tesla"}],
    }
    assert counts(run(tmp_path, output, gold), "partnerships") == (1, 0, 0)


def test_adoptions_alias_dedup_and_year(tmp_path: Path) -> None:
    gold = {
        "entities": GM_TESLA_ENTITIES,
        "standard_adoptions": [
            {"org": "General Motors", "standard": "NACS", "year": 2025},
            {"org": "Ford", "standard": "NACS", "year": None},
            {"org": "Tesla", "standard": "NACS", "year": None, "optional": True},
        ],
    }
    output = {
        "entities": [ent("std:nacs", "North American Charging Standard", "STANDARD", "NACS")],
        "adoptions": [
            {"org": "GM", "standard_id": "std:nacs", "standard": "North American Charging Standard", "year": "2025"},
            {"org": "GM", "standard_id": "std:nacs", "standard": "North American Charging Standard", "year": ""},
            {"org": "Ford", "standard": "NACS", "year": ""},  # null == empty
            {"org": "Rivian", "standard": "NACS", "year": "2024"},
        ],
    }
    report = run(tmp_path, output, gold)
    assert counts(report, "adoptions") == (2, 1, 0)
    assert (report.adoption_year.hits, report.adoption_year.total) == (2, 2)


def test_adoption_year_disagreement_is_reported(tmp_path: Path) -> None:
    gold = {"entities": GM_TESLA_ENTITIES,
            "standard_adoptions": [{"org": "General Motors", "standard": "NACS", "year": 2025}]}
    output = {"adoptions": [{"org": "General Motors", "standard": "NACS", "year": "2026"}]}
    report = run(tmp_path, output, gold)
    assert counts(report, "adoptions") == (1, 0, 0)
    assert (report.adoption_year.hits, report.adoption_year.total) == (0, 1)
    assert issues(report, "adoptions", "year")


# ---------------------------------------------------------------- figures


def test_figures_currency_must_agree(tmp_path: Path) -> None:
    gold = {"figures": [{"value": 7500000000, "unit": "USD"}, {"value": 12000, "unit": "superchargeur"}]}
    output = {"figures": [
        {"value": "7500000000", "unit": "EUR"},  # wrong currency
        {"value": "12000", "unit": "chargeur"},  # non-currency unit: value is enough
    ]}
    report = run(tmp_path, output, gold)
    assert counts(report, "figures") == (1, 1, 1)
    assert issues(report, "figures", "FN") == ["7500000000 USD"]


def test_figures_relative_tolerance(tmp_path: Path) -> None:
    gold = {"figures": [{"value": 35.3, "unit": "%"}, {"value": 7500000000, "unit": "USD"}, {"value": 18.8, "unit": "%"}]}
    output = {"figures": [
        {"value": "35.30000001", "unit": "%"},  # within 1e-6 relative
        {"value": "7.5e9", "unit": "USD"},
        {"value": "18.81", "unit": "%"},  # too far
    ]}
    assert counts(run(tmp_path, output, gold), "figures") == (2, 1, 1)


def test_figures_dedup_and_one_to_one(tmp_path: Path) -> None:
    gold = {"figures": [{"value": 4, "unit": "point de charge"}, {"value": 4, "unit": "kW", "optional": True},
                        {"value": 50, "unit": "%"}]}
    output = {"figures": [
        {"value": "4", "unit": "point de charge"},
        {"value": "4", "unit": "point de charge"},  # duplicate row: scored once
        {"value": "4", "unit": "kW"},  # optional gold
        {"value": "50", "unit": "%"},
        {"value": "50", "unit": "pourcent"},  # matches a gold already taken: redundant
        {"value": "n/a", "unit": "%"},  # unreadable value: false positive
    ]}
    report = run(tmp_path, output, gold)
    assert counts(report, "figures") == (2, 1, 0)
    assert report.tables["figures"].optional == 1
    assert report.tables["figures"].dup == 1


# ---------------------------------------------------------------- quotes


def test_quote_prefix_with_french_quote_marks_and_apostrophes(tmp_path: Path) -> None:
    gold = {
        "entities": [{"name": "Mary Barra", "type": "PER", "aliases": ["Barra"]},
                     {"name": "Elon Musk", "type": "PER", "aliases": ["Musk"]}],
        "quotes": [
            {"speaker": "Mary Barra", "starts": "Je pense que nous avons une réelle opportunité"},
            {"speaker": "Elon Musk", "starts": "C’est"},
        ],
    }
    output = {
        "entities": [ent("per:mb", "M. B.", "PER", "Barra")],
        "quotes": [
            # only the first 20 characters of `starts` are compared
            {"speaker_id": "per:mb", "speaker": "M. B.", "quote": "« Je pense que nous avons  vraiment »"},
            {"speaker": "Musk", "quote": "“C'est tremendous de travailler avec vous.”"},
        ],
    }
    assert counts(run(tmp_path, output, gold), "quotes") == (2, 0, 0)


def test_quote_wrong_speaker_or_text(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Mary Barra", "type": "PER", "aliases": ["Barra"]}],
            "quotes": [{"speaker": "Mary Barra", "starts": "Je pense que"},
                       {"speaker": "Volkswagen", "starts": "Bonjour", "optional": True}]}
    output = {"quotes": [
        {"speaker": "Elon Musk", "quote": "Je pense que oui"},  # wrong speaker
        {"speaker": "Barra", "quote": "Nous pensons que"},  # wrong start
        {"speaker": "VW", "quote": "Bonjour"},  # speaker not known as Volkswagen: FP
        {"speaker": "Volkswagen", "quote": "Bonjour à tous"},  # optional gold
    ]}
    report = run(tmp_path, output, gold)
    assert counts(report, "quotes") == (0, 3, 1)
    assert report.tables["quotes"].optional == 1


# ---------------------------------------------------------------- cleaning


def test_cleaning_shares(tmp_path: Path) -> None:
    gold = {
        "title": "Tesla s’ouvre à la concurrence !",
        "published": "2023-10",
        "unique_paragraphs": 3,
        "boilerplate": ["Votre navigateur ne supporte pas", "Publi info"],
        "keep": ["l’actualité  automobile", "Musk a dit", "absent de la sortie"],
        "either": ["Audric Doche"],
        "repairs": [
            {"wrong": "Basic Motors", "right": ["General Motors"]},
            {"wrong": "Musc ", "right": ["Musk"]},
            {"wrong": "tremendous", "right": ["formidable", "génial"]},
            {"wrong": "plus huge", "right": ["plus vaste"]},  # wrong gone but no right form: not made
        ],
    }
    clean = ("Tesla s'ouvre à la concurrence\n\nToute l'actualité\nautomobile. General Motors et Musk.\n\n"
             "Musk a dit : c'est génial, Musc. Publi info. Une adoption plus large.\n")
    output = {
        "documents": [{"language": "fr", "published": "2023-10", "title": "TESLA S'OUVRE A LA CONCURRENCE",
                       "n_paragraphs_kept": "4", "status": "ok"}],
        "clean": {DOC: clean},
    }
    report = run(tmp_path, output, gold)
    c = report.cleaning
    assert (c["boilerplate"].hits, c["boilerplate"].total) == (1, 2)
    assert (c["keep"].hits, c["keep"].total) == (2, 3)  # ’ == ', whitespace collapsed
    # "Musc " absent ("Musc." has no space), "Basic Motors" absent + right present
    assert (c["repairs"].hits, c["repairs"].total) == (3, 4)
    assert (c["paragraphs"].hits, c["paragraphs"].total) == (1, 1)
    assert report.paragraphs_mean_abs_diff == 1.0
    assert (c["language"].hits, c["published"].hits, c["title"].hits) == (1, 1, 1)
    assert issues(report, "boilerplate", "present") == ['"Publi info"']
    assert issues(report, "keep", "lost") == ['"absent de la sortie"']
    assert len(issues(report, "repairs", "not made")) == 1


def test_cleaning_metadata_mismatches(tmp_path: Path) -> None:
    gold = {"published": None, "unique_paragraphs": 9, "title": "Un titre"}
    output = {"documents": [{"language": "en", "published": "2023", "title": "Autre", "n_paragraphs_kept": "12"}],
              "clean": {DOC: "texte"}}
    report = run(tmp_path, output, gold)
    c = report.cleaning
    assert [c[k].hits for k in ("paragraphs", "language", "published", "title")] == [0, 0, 0, 0]
    assert report.paragraphs_mean_abs_diff == 3.0


def test_published_null_equals_empty_and_title_optional(tmp_path: Path) -> None:
    output = {"documents": [{"language": "fr", "published": "", "n_paragraphs_kept": "3"}], "clean": {DOC: "x"}}
    report = run(tmp_path, output, {})
    assert report.cleaning["published"].hits == 1
    assert report.cleaning["title"].total == 0


# ---------------------------------------------------------------- robustness


def test_empty_tables_score_one_and_print_na(tmp_path: Path) -> None:
    out = make_output(tmp_path, documents=[], mentions=[])  # header-only CSVs, others missing
    (out / "quotes.csv").write_text("", encoding="utf-8")  # zero-byte file
    report = evaluate_dir(out, make_gold(tmp_path))
    for name in ("entities", "partnerships", "adoptions", "figures", "quotes"):
        t = report.tables[name]
        assert (t.precision, t.recall, t.f1) == (1.0, 1.0, 1.0)
        assert not t.scored
    text = format_report(report)
    assert "n/a" in text


def test_missing_gold_doc_counts_misses_and_extra_output_doc_is_ignored(tmp_path: Path) -> None:
    gold = {"entities": [{"name": "Tesla", "type": "ORG", "aliases": []}], "figures": [{"value": 3, "unit": "usine"}],
            "keep": ["du contenu"]}
    out = make_output(tmp_path, entities=[ent("org:tesla", "Tesla", "ORG")])
    write_table(out, "mentions", [{"doc_id": "999_other", "entity_id": "org:tesla"}])
    write_table(out, "documents", [{"doc_id": "999_other", "language": "fr"}])
    report = evaluate_dir(out, make_gold(tmp_path, **gold))
    assert counts(report, "entities") == (0, 0, 1)
    assert counts(report, "figures") == (0, 0, 1)
    assert report.missing_docs == [DOC]
    assert report.ignored_docs == ["999_other"]
    assert (report.cleaning["keep"].hits, report.cleaning["keep"].total) == (0, 1)
    assert report.cleaning["language"].hits == 0


def test_bad_gold_file_raises_value_error_naming_it(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "bad_doc.yaml").write_text("doc_id: bad_doc\nentities: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad_doc.yaml"):
        load_gold(gold_dir)
    (gold_dir / "bad_doc.yaml").write_text(
        "doc_id: bad_doc\nlanguage: fr\npublished: null\nunique_paragraphs: 1\n"
        "entities:\n  - {name: X, type: COMPANY}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad_doc.yaml.*COMPANY"):
        load_gold(gold_dir)


def test_csv_missing_required_column_raises(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "figures.csv").write_text("doc_id,value\nx,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="figures.csv.*unit"):
        load_output(out)


def test_empty_strings_stay_strings(tmp_path: Path) -> None:
    out = make_output(tmp_path, figures=[{"value": "12", "unit": "", "year": ""}])
    loaded = load_output(out)
    assert loaded.figures.loc[0, "unit"] == "" and loaded.figures.loc[0, "year"] == ""


def test_project_gold_files_load() -> None:
    gold_dir = Path(__file__).parent / "gold"
    if not gold_dir.is_dir():
        pytest.skip("no tests/gold folder")
    gold = load_gold(gold_dir)
    assert gold and all(doc.doc_id == key for key, doc in gold.items())


# ---------------------------------------------------------------- report


def test_format_report_and_to_dict(tmp_path: Path) -> None:
    gold = {
        "entities": [{"name": "Tesla", "type": "ORG", "aliases": []}, {"name": "Ford", "type": "ORG", "aliases": []}],
        "figures": [{"value": 12000, "unit": "superchargeur"}],
        "boilerplate": ["Publi info"],
    }
    output = {
        "entities": [ent("org:tesla", "Tesla", "ORG"), ent("org:rivian", "Rivian", "ORG")],
        "mentions": [{"entity_id": "org:tesla"}, {"entity_id": "org:rivian"}],
        "documents": [{"language": "fr", "n_paragraphs_kept": "3"}],
        "clean": {DOC: "Tesla et Rivian. Publi info"},
    }
    report = run(tmp_path, output, gold)
    text = format_report(report)
    for name in ("entities", "partnerships", "adoptions", "figures", "quotes", "boilerplate removed",
                 "content kept", "repairs made", "paragraphs", "language", "published", "title"):
        assert name in text
    assert "entities      P 0.500  R 0.500  F1 0.500  (tp 1, fp 1, fn 1)" in text
    assert "boilerplate removed 0.00 (0/1)" in text
    assert "FN" not in text  # details only on request
    detailed = format_report(report, details=True)
    assert f"{DOC}  entities     FN       Ford [ORG]" in detailed
    assert f"{DOC}  entities     FP       Rivian [ORG] org:rivian" in detailed
    assert f"{DOC}  figures      FN       12000 superchargeur" in detailed
    assert f'{DOC}  boilerplate  present  "Publi info"' in detailed
    assert format_report(report, details=True) == detailed  # deterministic
    data = json.loads(json.dumps(report.to_dict()))
    assert data["tables"]["entities"]["tp"] == 1
    assert data["cleaning"]["boilerplate"] == {"hits": 0, "total": 1, "share": 0.0}


def test_score_accepts_loaded_objects(tmp_path: Path) -> None:
    out = make_output(tmp_path, entities=[ent("org:tesla", "Tesla", "ORG")], mentions=[{"entity_id": "org:tesla"}])
    gold = load_gold(make_gold(tmp_path, entities=[{"name": "Tesla", "type": "ORG", "aliases": []}]))
    assert counts(score(load_output(out), gold), "entities") == (1, 0, 0)
