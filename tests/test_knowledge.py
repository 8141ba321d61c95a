"""The knowledge base: the file's contract, and the lookups the stages rely on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.config import ConfigError
from pipeline.knowledge import (
    KBEntry,
    KnowledgeBase,
    entity_id_for,
    load_knowledge_base,
    normalize_name,
    slugify,
)
from tests.conftest import ROOT

KB_PATH = ROOT / "data" / "entities.yaml"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(KB_PATH)


def test_the_file_covers_the_field(kb: KnowledgeBase) -> None:
    assert len(kb.entries) >= 150
    types = Counter(entry.type for entry in kb.entries)
    assert {"PER", "ORG", "LOC", "MISC", "STANDARD", "PRODUCT"} <= set(types)
    for name in ["BYD", "Nio", "Xpeng", "Li Auto", "Geely", "SAIC", "BAIC", "JAC", "Leapmotor", "Xiaomi"]:
        assert kb.lookup(name) is not None, name
    for name in ["CATL", "LG Energy Solution", "Panasonic", "ACC", "Verkor", "AESC", "Northvolt", "Saft"]:
        assert kb.lookup(name) is not None, name
    for name in ["Ionity", "Electrify America", "EVgo", "ChargePoint", "Fastned", "Allego"]:
        assert kb.lookup(name) is not None, name
    for name in ["NACS", "SAE J3400", "CCS", "CCS1", "CCS2", "CHAdeMO", "J1772", "GB/T"]:
        entry = kb.lookup(name)
        assert entry is not None and entry.type == "STANDARD", name


def test_ids_names_and_parents_are_consistent(kb: KnowledgeBase) -> None:
    owner: dict[str, str] = {}
    for entry in kb.entries:
        assert entry.id == f"{entry.type.lower()}:{slugify(entry.name)}", entry.id
        assert entry.parent is None or entry.parent in kb.by_id, entry.id
        for form in entry.surface_forms:
            key = normalize_name(form)
            assert owner.setdefault(key, entry.id) == entry.id, f"{form!r} names {owner[key]} and {entry.id}"
        for wrong in entry.mistranslations:
            assert normalize_name(wrong) not in owner or owner[normalize_name(wrong)] == entry.id, wrong


def test_lookup_ignores_case_accents_and_punctuation(kb: KnowledgeBase) -> None:
    assert kb.lookup("general motors").id == "org:general-motors"  # type: ignore[union-attr]
    assert kb.lookup("Etats-Unis").id == "loc:etats-unis"  # type: ignore[union-attr]
    assert kb.lookup("CITROEN").id == "org:citroen"  # type: ignore[union-attr]
    assert kb.lookup("Banque européenne d’investissement").id == "org:banque-europeenne-d-investissement"  # type: ignore[union-attr]
    assert kb.lookup("BMW Amérique du Nord").id == "org:bmw"  # type: ignore[union-attr]
    assert kb.lookup("Rolls-Royce Motor Cars NA").id == "org:rolls-royce"  # type: ignore[union-attr]
    assert kb.lookup("groupe Volkswagen").id == "org:volkswagen"  # type: ignore[union-attr]
    assert kb.lookup("Volkswagen Passat Club") is None


def test_ambiguous_forms_only_match_their_exact_case(kb: KnowledgeBase) -> None:
    assert kb.lookup("Smart").id == "org:smart"  # type: ignore[union-attr]
    assert kb.lookup("smart") is None
    assert kb.lookup("Total").id == "org:totalenergies"  # type: ignore[union-attr]
    assert kb.lookup("total") is None
    assert kb.lookup("Spring").id == "product:dacia-spring"  # type: ignore[union-attr]
    assert kb.lookup("spring") is None


def test_not_names_are_normalised(kb: KnowledgeBase) -> None:
    assert "ve" in kb.not_name_keys  # 'VÉ' and 'VE' both
    assert normalize_name("VÉ") in kb.not_name_keys
    assert kb.lookup("VE") is None


def test_unknown_entities_get_ids_from_their_names() -> None:
    assert entity_id_for("PER", "Pierre Cougeon") == "per:pierre-cougeon"
    assert entity_id_for("ORG", "Électricité  de   France!") == "org:electricite-de-france"
    assert slugify("???") == "x"


def test_a_bad_file_is_refused_with_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "entities.yaml"
    bad.write_text("entities:\n  - {id: org:tesla, name: Tesla, type: PER}\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_knowledge_base(bad)
    bad.write_text("entities: []\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_knowledge_base(bad)
    bad.write_text("entities:\n  - {id: org:a, name: A, type: ORG}\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_knowledge_base(bad)


def test_users_extend_the_file_without_code(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text(
        "context:\n  org_nouns: [constructeur]\n"
        "not_names: [VE]\n"
        "entities:\n"
        "  - id: org:zorbix-motors\n    name: Zorbix Motors\n    type: ORG\n    aliases: [Zorbix]\n",
        encoding="utf-8",
    )
    kb = load_knowledge_base(path)
    assert kb.lookup("zorbix").id == "org:zorbix-motors"  # type: ignore[union-attr]
    assert kb.context.org_nouns == ["constructeur"]


def test_a_knowledge_base_built_in_code_has_empty_extras() -> None:
    kb = KnowledgeBase([KBEntry(id="org:tesla", name="Tesla", type="ORG")])
    assert kb.not_name_keys == frozenset()
    assert kb.lookup("TESLA").id == "org:tesla"  # type: ignore[union-attr]


def test_truck_and_bus_brands_are_entries_of_their_own(kb: KnowledgeBase) -> None:
    # like Renault Trucks, a group's truck or bus brand is its own company, with the group as parent
    for name, parent in [("Volvo Trucks", "org:volvo-group"), ("Renault Trucks", "org:volvo-group"),
                         ("Mercedes-Benz Trucks", "org:daimler-truck"), ("Heuliez Bus", "org:iveco")]:
        entry = kb.lookup(name)
        assert entry is not None and entry.parent == parent, name
    assert kb.lookup("Volvo Group").id == "org:volvo-group"  # type: ignore[union-attr]
    assert kb.lookup("AFIR").type == "MISC"  # type: ignore[union-attr]
    assert kb.lookup("advenir") is None  # a French verb in lower case
