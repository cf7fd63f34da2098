# Sourced by scripts/demo and scripts/test: make .venv on first use and install what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
# Reinstall only when the dependency list changed.
stamp=".venv/.citegraph-$(sha1sum pyproject.toml | cut -c1-12)-${CITEGRAPH_EXTRAS:-dev}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q -e ".[${CITEGRAPH_EXTRAS:-dev}]"
  rm -f .venv/.citegraph-* && touch "$stamp"
fi
