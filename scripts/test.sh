#!/usr/bin/env bash
# Install medlint with its test dependencies, fetch LanguageTool's jars from Maven Central
# (once; cached under ~/.cache/medlint), lint the code, and run the whole test suite.
# The suite starts its own LanguageTool server for the typos tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -e ".[test]"
medlint languagetool fetch
export MEDLINT_REQUIRE_LANGUAGETOOL=1   # the typos tests must run against the real server, never skip
ruff check checks tests benchmarks
python3 -m pytest -q "$@"
