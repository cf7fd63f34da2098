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
extras="${CITEGRAPH_EXTRAS-dev}"
stamp=".venv/.citegraph-$(sha1sum pyproject.toml | cut -c1-12)-${extras:-base}"
if [ ! -f "$stamp" ] && ! ls .venv/.citegraph-"$(sha1sum pyproject.toml | cut -c1-12)"-dev >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
  rm -f .venv/.citegraph-* && touch "$stamp"
fi
