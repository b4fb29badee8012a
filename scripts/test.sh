#!/usr/bin/env bash
# Install medlint with its test dependencies, fetch LanguageTool's jars from Maven Central
# (once; cached under ~/.cache/medlint), lint the code, and run the whole test suite.
# The suite starts its own LanguageTool server for the typos tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  # headless Chromium for the HTML report's browser test (Debian's package)
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
python3 -m pip install --quiet -e ".[test]"
medlint languagetool fetch
export MEDLINT_REQUIRE_LANGUAGETOOL=1   # the typos tests must run against the real server, never skip
if [ "$(id -u)" = 0 ]; then export MEDLINT_REQUIRE_CHROMIUM=1; fi
ruff check checks tests benchmarks
python3 -m mypy  # the type hints of the checks package (files and settings: pyproject.toml)
python3 -m pytest -q "$@"
