#!/usr/bin/env bash
# Install medlint with its test dependencies, fetch LanguageTool's jars from Maven Central
# (once; cached under ~/.cache/medlint), lint the code, and run the whole test suite.
# The suite starts its own LanguageTool server for the typos tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -e ".[test]"
if python3 -c "import checks.languagetool.cli" 2>/dev/null; then
  medlint languagetool fetch
fi
ruff check checks tests benchmarks
python3 -m pytest -q "$@"
