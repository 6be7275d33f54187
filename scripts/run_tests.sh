#!/usr/bin/env bash
# Runs the suite on SQLite, then on PostgreSQL when DATABASE_URL is set, and says plainly what ran.
# MOUKAWIL_REQUIRE_BROWSER=1 (CI) turns "Chromium missing" from a skip into a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
UV=$(command -v uv || echo .tools/bin/uv)
status=0
ran=()

if [ -x /usr/bin/chromium ]; then
  browser="yes"
else
  browser="no"
  if [ "${MOUKAWIL_REQUIRE_BROWSER:-0}" = "1" ]; then
    echo "ERREUR : /usr/bin/chromium est absent et les tests navigateur sont exigés (apt-get install chromium)." >&2
    exit 1
  fi
fi

echo "=== Tests on SQLite ==="
if env -u DATABASE_URL "$UV" run --frozen pytest "$@"; then ran+=("SQLite: passed"); else status=1; ran+=("SQLite: FAILED"); fi

if [ -n "${DATABASE_URL:-}" ]; then
  echo "=== Tests on PostgreSQL (${DATABASE_URL%%@*}@…) ==="
  if "$UV" run --frozen pytest "$@"; then ran+=("PostgreSQL: passed"); else status=1; ran+=("PostgreSQL: FAILED"); fi
else
  ran+=("PostgreSQL: skipped (set DATABASE_URL=postgres://… to run it)")
fi

echo ""
echo "=== Summary ==="
for line in "${ran[@]}"; do echo "  $line"; done
if [ "$browser" = "yes" ]; then
  echo "  Browser tests: run in each database above (Chromium at /usr/bin/chromium)"
else
  echo "  Browser tests: SKIPPED — /usr/bin/chromium is not installed (apt-get install chromium)"
fi
exit $status
