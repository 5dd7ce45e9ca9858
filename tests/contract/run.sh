#!/usr/bin/env bash
# API contract tests: schemathesis generates requests from the OpenAPI document that
# `assure serve` publishes and checks every answer against it (issue 7).
#
#   tests/contract/run.sh
#
# Builds the CLI (debug; or uses $ASSURE_BIN), imports the example councils into a fresh SQLite
# database in a temporary directory, adds an admin with an API token, starts the server on a free
# loopback port and runs schemathesis (pinned in requirements.txt, installed into
# tests/contract/.venv) with every check, on every operation, reads and writes, for
# $CONTRACT_EXAMPLES examples an operation (default 50) from seed $CONTRACT_SEED (default 1).
# Exits non-zero if any check fails: a 5xx, a status the document does not list, a content type
# or body that does not match it, a malformed request accepted, a valid one refused. The few
# statuses that only the register can decide are allowed in schemathesis.toml, each with why.
#
# Environment: ASSURE_BIN (a built `assure`), CONTRACT_EXAMPLES, CONTRACT_SEED, PYTHON (default
# python3, 3.10 or later), CONTRACT_REPORT_DIR (keep schemathesis' JUnit and NDJSON reports there).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
examples="${CONTRACT_EXAMPLES:-50}"
seed="${CONTRACT_SEED:-1}"
python="${PYTHON:-python3}"
venv="$here/.venv"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v curl >/dev/null || { echo "run.sh needs curl" >&2; exit 2; }

# The tools, reinstalled only when requirements.txt changes.
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  echo "== python venv + pip install -r tests/contract/requirements.txt"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi

if [ -n "${ASSURE_BIN:-}" ]; then
  assure="$ASSURE_BIN"
else
  echo "== cargo build -p assure-cli"
  (cd "$root" && cargo build -q -p assure-cli)
  assure="${CARGO_TARGET_DIR:-$root/target}/debug/assure"
fi

echo "== import the example councils"
db="sqlite:$work/assure.db"
"$assure" import "$root"/examples/*.toml --db "$db" --actor contract >/dev/null
printf '%s\n' "contract test password" |
  "$assure" user add contract --name "Contract Tests" --password-stdin --db "$db" >/dev/null
# Admin in every council: every operation, writes included, is allowed, so what is tested is the
# API's answers to the requests rather than the caller's roles (those are the Rust tests' job).
"$assure" user grant contract --council '*' --role admin --db "$db" >/dev/null
token="$("$assure" user token contract --label contract --db "$db" | tail -1)"

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
echo "== serve on $base"
TOKIO_WORKER_THREADS=2 "$assure" serve --db "$db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "$base/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; echo "the server stopped" >&2; exit 1; }
  sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$work/serve.log" >&2; echo "the server does not answer" >&2; exit 1; }

echo "== schemathesis: every check, $examples examples an operation, seed $seed"
reports="${CONTRACT_REPORT_DIR:-$work/report}"
start=$(date +%s)
status=0
# One worker: the operations share one register, and the order of writes decides what later
# requests find, so the same seed only gives the same run when the operations run in order.
# No example database: a run depends on the seed alone, not on what earlier runs found.
(cd "$work" && "$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run \
  "$base/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all \
  --max-examples "$examples" \
  --seed "$seed" \
  --workers 1 \
  --generation-database none \
  --report junit,ndjson --report-junit-path "$reports/junit.xml" \
  --report-ndjson-path "$reports/events.ndjson" \
  --no-color) | tee "$work/schemathesis.log" || status=$?
end=$(date +%s)

# The server must have stayed up, and must not have logged an internal error.
if ! kill -0 "$server" 2>/dev/null; then
  echo "the server stopped during the run" >&2
  status=1
fi
if grep -q "internal error" "$work/serve.log"; then
  echo "the server logged internal errors:" >&2
  grep "internal error" "$work/serve.log" | sort | uniq -c | head -20 >&2
  status=1
fi

# A short summary from schemathesis' own event log.
"$python" - "$reports/events.ndjson" "$examples" "$((end - start))" "$status" <<'EOF'
import json, sys
path, examples, seconds, status = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
operations, requests, failures, errors = set(), set(), set(), set()
with open(path) as f:
    for line in f:
        event = json.loads(line)
        body = event.get("ScenarioFinished")
        if body is None:
            continue
        recorder = body.get("recorder", {})
        label = recorder.get("label", "")
        if body.get("status") == "error":
            errors.add(label)
        if label.split(" ", 1)[0] in ("GET", "PUT", "DELETE", "POST", "PATCH"):
            operations.add(label)
        # Cases are named by a random id: a set counts each request once.
        requests.update(recorder.get("interactions", {}))
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check.get("status", "").lower() == "failure":
                    failures.add((label, check.get("name", "")))
print("== contract summary")
print(f"   operations tested:     {len(operations)}")
print(f"   examples an operation: at most {examples} a phase")
print(f"   requests:              {len(requests)}")
print(f"   failed checks:         {len(failures)}")
for label, check in sorted(failures):
    print(f"     {label}: {check}")
if errors:
    print(f"   scenarios with errors: {', '.join(sorted(errors))}")
print(f"   run time:              {seconds // 60} min {seconds % 60} s")
print(f"   result:                {'PASS' if status == 0 else 'FAIL'}")
EOF
exit "$status"
