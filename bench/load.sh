#!/usr/bin/env bash
# Load test of `assure serve` with a synthetic national register, on loopback, bounded in time.
#
#   bench/load.sh [sqlite|postgres] [COUNCILS] [YEARS]
#
# Builds the release binary, generates the register (`assure generate`), imports it into a fresh
# database (SQLite in a temporary directory, or the PostgreSQL database named by
# $ASSURE_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test, which it empties),
# starts the server with 2 worker threads, signs a user in and makes an API token, then runs wrk
# (Debian package `wrk`) for $DURATION (default 20s) with 64 connections on 2 threads against:
#   - a council dashboard at a date (HTML, session cookie),
#   - the findings API at a date (JSON, bearer token),
#   - the national view (all councils' status today).
# It prints requests/s and latency percentiles for each, and the server's resident memory.
set -euo pipefail

backend="${1:-sqlite}"
councils="${2:-150}"
years="${3:-20}"
duration="${DURATION:-20s}"
connections="${CONNECTIONS:-64}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "load.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "load.sh needs curl" >&2; exit 2; }

echo "== build"
(cd "$root" && cargo build --release -q -p assure-cli)
assure="${CARGO_TARGET_DIR:-$root/target}/release/assure"

echo "== generate $councils councils x $years years"
"$assure" generate --councils "$councils" --years "$years" --seed 1 -o "$work/national.toml"
ls -l "$work/national.toml" | awk '{print "   " $5 " bytes"}'

case "$backend" in
  sqlite) db="sqlite:$work/assure.db" ;;
  postgres)
    db="${ASSURE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
    psql "$db" -q -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
    ;;
  *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac

echo "== import into $backend"
start=$(date +%s.%N)
"$assure" import "$work/national.toml" --db "$db" >/dev/null
end=$(date +%s.%N)
printf '   import took %.2f s\n' "$(echo "$end - $start" | bc)"

password="load test password"
printf '%s' "$password" | "$assure" user add loader --name "Load Tester" --password-stdin --db "$db" >/dev/null
"$assure" user grant loader --council '*' --role viewer --db "$db" >/dev/null
token="$("$assure" user token loader --label load --db "$db" | tail -1)"
council="$(grep -m1 -A1 '^\[\[organisations\]\]' "$work/national.toml" | sed -n 's/^id = "\(.*\)"/\1/p')"

echo "== serve (2 worker threads)"
port=18080
TOKIO_WORKER_THREADS=2 "$assure" serve --db "$db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
base="http://127.0.0.1:$port"

# Sign in as a browser does: the form's CSRF token, then the session cookie.
# (Read Set-Cookie ourselves: the cookie is `Secure`, which curl's cookie jar may refuse on http.)
session_of() { sed -n 's/^[Ss]et-[Cc]ookie: \(assure_session=[^;]*\).*/\1/p' "$1" | tail -1; }
page="$(curl -fs -D "$work/h1" "$base/login")"
csrf="$(printf '%s' "$page" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)"
curl -fs -o /dev/null -D "$work/h2" -H "Cookie: $(session_of "$work/h1")" \
  --data-urlencode "csrf_token=$csrf" --data-urlencode "username=loader" \
  --data-urlencode "password=$password" --data-urlencode "next=/" "$base/login"
cookie="$(session_of "$work/h2")"
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

run() {
  local name="$1" url="$2" header="$3"
  curl -fs -o /dev/null -H "$header" "$url" || { echo "$name: $url does not answer 200" >&2; exit 1; }
  echo "== $name: $url"
  wrk -t2 -c"$connections" -d"$duration" --latency -H "$header" "$url" \
    | grep -E 'Requests/sec|Latency|50%|75%|90%|99%|Non-2xx|Socket errors'
}

run "dashboard at a date" "$base/councils/$council?at=2024-01-01" "Cookie: $cookie"
run "findings API at a date" "$base/api/v1/councils/$council/findings?at=2024-01-01" "Authorization: Bearer $token"
run "national view" "$base/" "Cookie: $cookie"

rss_kb="$(awk '/VmRSS/ {print $2}' "/proc/$server/status")"
echo "== serve resident memory: $((rss_kb / 1024)) MB"
