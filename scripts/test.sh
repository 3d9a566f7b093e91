#!/usr/bin/env bash
# Runs every test of CallCluster on a fresh Debian machine: installs what the tests need, starts
# PostgreSQL, builds, runs all test projects, and ends with one line "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build CallCluster.sln -c Release -nologo -v q
set +e
dotnet test CallCluster.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m -- xUnit.StopOnFail=false
status=$?
set -e

# A test process that died mid-run leaves a blame sequence file: print which tests were running, so a CI log that
# says only "Test process crashed" still names the test.
for sequence in $(find "$results" -name 'Sequence_*.xml' 2>/dev/null); do
  echo "test.sh: a test process crashed; the tests it had started, last one last ($sequence):"
  names=$(grep -o 'Name="[^"]*"' "$sequence" || true)
  if [ -n "$names" ]; then echo "$names" | tail -n 5; else tail -c 2000 "$sequence"; echo; fi
done

python3 - "$results" <<'PY'
import glob, re, sys
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*>', text)
    if not m:
        continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    p, f = int(attrs.get("passed", 0)), int(attrs.get("failed", 0)) + int(attrs.get("error", 0)) + int(attrs.get("timeout", 0)) + int(attrs.get("aborted", 0))
    s = int(attrs.get("notExecuted", 0))
    passed += p; failed += f; skipped += s
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
