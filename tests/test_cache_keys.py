"""No memo keyed by page text may outlive a lint.

A cache keyed by a sentence or block would make a re-lint of the same page, the page repeated 50 times and a
site whose pages share sentences look cheaper than a first lint, so the benchmark would measure cache hits.
Every function-level cache in ``checks/`` is listed here with what it is keyed by; a new one must be added
deliberately, keyed by vocabulary (units, rules, patterns), never by page text.
"""

from __future__ import annotations

import ast
from pathlib import Path

CHECKS = Path(__file__).resolve().parent.parent / "checks"

# module:function -> what the cache is keyed by
ALLOWED = {
    "unit_algebra:registry": "nothing (the pint registry)",
    "parsing:shared_markdown": "nothing (the mistune parser)",
    "safe_regex:compile_safe": "a rule's pattern",
    "arith_solver:dims": "a unit",
    "arith_solver:_mul": "two dimension vectors",
    "arith_solver:_body_dims": "nothing",
    "arith_solver:count_nouns": "nothing",
    "arith_solver:_unit_facts": "a unit",
    "arith_solver:_result_facts": "a unit",
    "arith_solver:_code": "a dimension vector",
    "arith_solver:_goal_codes": "dimension vectors and count nouns",
    "arith_solver:_unit_factor": "units of a relation",
    "arith_ratio:_dimension_key": "a unit",
    "arith_text:_nouns": "nothing",
    "arith_text:_plurals": "nothing",
    "arith_messages:_count_factor": "three units",
    "arith_model:_alias": "a unit",
    "typos_vocab:_load_medical": "a vocabulary file",
    "arith_conversions:_convertible": "two units",
    "citation_lexicon:load_lexicon": "a lexicon file",
    "arith_sums:_same": "two units",
    "arith_units:_factor": "two units",
    "arith_units:convertible": "two units",
    "arith_units:pint_expr": "a unit",
    "quantities:_raw_vocab": "nothing",
    "quantities:unit_words": "nothing",
    "quantities:unit_table": "nothing",
    "quantities:noun_lemmas": "nothing",
    "quantities:_same_char": "two characters",
    "quantities:_vocab": "nothing",
}


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _cached_functions() -> set[str]:
    found = set()
    for path in CHECKS.rglob("*.py"):
        module = path.relative_to(CHECKS).with_suffix("").as_posix().replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    _decorator_name(d) in ("cache", "lru_cache") for d in node.decorator_list):
                found.add(f"{module}:{node.name}")
    return found


def test_every_function_cache_is_keyed_by_vocabulary() -> None:
    unknown = _cached_functions() - ALLOWED.keys()
    assert not unknown, f"new caches {sorted(unknown)}: key them by vocabulary and list them in ALLOWED"


def test_the_list_names_only_caches_that_exist() -> None:
    assert not ALLOWED.keys() - _cached_functions()


def test_the_scan_sees_a_cache() -> None:
    tree = ast.parse("from functools import lru_cache\n@lru_cache(maxsize=8)\ndef read(sentence): ...\n")
    assert [_decorator_name(d) for d in tree.body[1].decorator_list] == ["lru_cache"]
