#!/usr/bin/env bash
# Shop benchmark: builds Release, starts the API on 127.0.0.1, seeds users and products with SQL, drives
# load with wrk from a second process, and prints one table (also written to bench/results/<time>.md).
# See bench/README.md for what each row measures and how to read it.
#
# Usage: bench/run.sh [options]
#   --sqlite                 run the API on SQLite (a file in a temporary folder) instead of PostgreSQL
#   --products N             catalogue size of the first pass (default 10000)
#   --products-large N       catalogue size of the second pass (default 1000000; 0 skips it)
#   --users N                seeded customers the login scenario cycles through (default 1000)
#   --customers N            customers with live tokens: checkout, refresh pool, bearer pages (default 200)
#   --sessions N             sessions of the user whose sessions are revoked all at once (default 1000)
#   --revoke-sample N        of those, how many get an access token that must be refused after (default 200)
#   --duration S             seconds per measured scenario (default 10)
#   --warmup S               seconds of unrecorded warm-up before a scenario (default 2)
#   --connections C          wrk connections (default 16)
#   --rounds R               rounds of the anonymous / bearer comparisons and of login ÷ hash (default 4)
#   --token-rounds R         rounds of the uncached anonymous / bearer comparison, /health/live and /health/ready
#                            (default: twice --rounds; a few percent is its whole answer, so it gets more rounds)
#   --token-cost-rounds R    rounds of the in-process measure of the token's cost (bench/TokenCost, about 2.5 min
#                            for 200 with its comparison of bearer handlers; default 200; 0 skips it)
#   --login-connections C    wrk connections for login, which is CPU-bound (default: the cores)
#   --login-duration S       seconds of each login round (default: --duration)
#   --threads T              wrk threads (default 1)
#   --pin-api CPUS           pin the API with taskset (e.g. 0 or 0-1); default: not pinned
#   --port P                 API port, 5190-5199 (default 5190); the empty pipeline takes the next one (5198 for 5199)
#   --keep-db                leave the shop_bench database (PostgreSQL) after the run
#   --no-build               reuse the previous Release build in bench/bin
#   -h, --help               this text
# Environment: BENCH_PG_PORT (5432), BENCH_PG_USER (shop), BENCH_PG_PASSWORD (shop); the host is always
# 127.0.0.1, and so is the API.
set -Eeuo pipefail

ORIGINAL_ARGS=("$@")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
LUA=$BENCH/lua
SQL=$BENCH/sql

PROVIDER=postgres
PRODUCTS=10000
PRODUCTS_LARGE=1000000
USERS=1000
CUSTOMERS=200
SESSIONS=1000
REVOKE_SAMPLE=200
DURATION=10
WARMUP=2
CONNECTIONS=16
LOGIN_CONNECTIONS=$(nproc)
LOGIN_DURATION=""
ROUNDS=4
TOKEN_ROUNDS=""
TOKEN_COST_ROUNDS=200
THREADS=1
PIN_API=""
PORT=5190
KEEP_DB=0
BUILD=1
PAGE_SIZE=20
HOT_STOCK=1000000
SELLOUT_STOCK=100
SELLOUT_SECONDS=3
STATS_FLUSH=11 # PostgreSQL publishes an idle backend's counters within 10 s

usage() { sed -n '/^# Usage/,/^# Environment/p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "run.sh: $*" >&2; exit 1; }
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --sqlite) PROVIDER=sqlite ;;
    --products) need_value "$@"; PRODUCTS=$2; shift ;;
    --products-large) need_value "$@"; PRODUCTS_LARGE=$2; shift ;;
    --users) need_value "$@"; USERS=$2; shift ;;
    --customers) need_value "$@"; CUSTOMERS=$2; shift ;;
    --sessions) need_value "$@"; SESSIONS=$2; shift ;;
    --revoke-sample) need_value "$@"; REVOKE_SAMPLE=$2; shift ;;
    --duration) need_value "$@"; DURATION=$2; shift ;;
    --warmup) need_value "$@"; WARMUP=$2; shift ;;
    --connections) need_value "$@"; CONNECTIONS=$2; shift ;;
    --login-connections) need_value "$@"; LOGIN_CONNECTIONS=$2; shift ;;
    --login-duration) need_value "$@"; LOGIN_DURATION=$2; shift ;;
    --rounds) need_value "$@"; ROUNDS=$2; shift ;;
    --token-rounds) need_value "$@"; TOKEN_ROUNDS=$2; shift ;;
    --token-cost-rounds) need_value "$@"; TOKEN_COST_ROUNDS=$2; shift ;;
    --threads) need_value "$@"; THREADS=$2; shift ;;
    --pin-api) need_value "$@"; PIN_API=$2; shift ;;
    --port) need_value "$@"; PORT=$2; shift ;;
    --keep-db) KEEP_DB=1 ;;
    --no-build) BUILD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
  shift
done

LOGIN_DURATION=${LOGIN_DURATION:-$DURATION}
[[ $ROUNDS =~ ^[0-9]+$ ]] && TOKEN_ROUNDS=${TOKEN_ROUNDS:-$((2 * ROUNDS))}
for n in PRODUCTS PRODUCTS_LARGE USERS CUSTOMERS SESSIONS REVOKE_SAMPLE DURATION WARMUP CONNECTIONS LOGIN_CONNECTIONS LOGIN_DURATION ROUNDS TOKEN_ROUNDS TOKEN_COST_ROUNDS THREADS PORT; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "--$(tr 'A-Z_' 'a-z-' <<<"$n") must be a whole number, not '${!n}'"
done
((PORT >= 5190 && PORT <= 5199)) || die "--port must be within 5190-5199"
((PRODUCTS >= 100)) || die "--products must be at least 100"
((PRODUCTS_LARGE == 0 || PRODUCTS_LARGE > PRODUCTS)) || die "--products-large must be 0 or more than --products"
((CUSTOMERS >= 2 * CONNECTIONS)) || die "--customers must be at least twice --connections (checkout takes turns)"
((CUSTOMERS <= USERS)) || die "--customers cannot exceed --users"
((REVOKE_SAMPLE <= SESSIONS)) || die "--revoke-sample cannot exceed --sessions"
((THREADS >= 1 && CONNECTIONS >= THREADS && LOGIN_CONNECTIONS >= THREADS)) || die "connections must be at least --threads"
((DURATION >= 1 && LOGIN_DURATION >= 1 && ROUNDS >= 1 && TOKEN_ROUNDS >= 1)) || die "--duration, --login-duration, --rounds and --token-rounds must be at least 1"

API_HOST=127.0.0.1
BASE=http://$API_HOST:$PORT
EMPTY_PORT=$((PORT == 5199 ? 5198 : PORT + 1))
EMPTY_BASE=http://$API_HOST:$EMPTY_PORT
API=$BASE/api/v1
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-shop}
export PGPASSWORD=${BENCH_PG_PASSWORD:-shop} PGOPTIONS="-c client_min_messages=warning"
DB_NAME=shop_bench
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shop-bench.XXXXXX")
API_PID=""
EMPTY_PID=""
DB_CREATED=0
SQLITE_FILE=$WORK/shop_bench.db

log() { printf '\n== %s\n' "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------- clean-up
stop_api() {
  [[ -n $API_PID ]] || return 0
  if kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$API_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$API_PID" 2>/dev/null || true
  fi
  wait "$API_PID" 2>/dev/null || true
  API_PID=""
}

# The empty pipeline (bench/EmptyPipeline), started only for the /health/live rounds.
stop_empty() {
  [[ -n $EMPTY_PID ]] || return 0
  kill -TERM "$EMPTY_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$EMPTY_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$EMPTY_PID" 2>/dev/null || true
  wait "$EMPTY_PID" 2>/dev/null || true
  EMPTY_PID=""
}

cleanup() {
  local rc=$?
  set +e
  stop_empty
  stop_api
  if [[ $PROVIDER == postgres && $DB_CREATED == 1 && $KEEP_DB == 0 ]]; then
    psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1
  fi
  if [[ $rc -ne 0 ]]; then
    echo "run.sh: failed (exit $rc); the API log and wrk output are kept in $WORK" >&2
    [[ -f $WORK/api.log ]] && { echo "--- last lines of the API log:" >&2; tail -n 30 "$WORK/api.log" >&2; }
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --------------------------------------------------------------------------------------------- preflight
if ! command -v wrk >/dev/null 2>&1; then
  log "Installing wrk"
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y wrk >&2; else sudo apt-get install -y wrk >&2; fi
fi
for tool in wrk curl dotnet; do command -v "$tool" >/dev/null || die "$tool is required"; done
if [[ $PROVIDER == postgres ]]; then
  command -v psql >/dev/null || die "psql is required (Debian package postgresql-client)"
else
  command -v sqlite3 >/dev/null || die "sqlite3 is required for --sqlite (Debian package sqlite3)"
  command -v openssl >/dev/null || die "openssl is required for --sqlite"
fi
for base in "$BASE" "$EMPTY_BASE"; do
  if curl -s -o /dev/null --max-time 1 "$base/health/live"; then die "something already listens on $base; pick another --port"; fi
done

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$DB_NAME" "$@"; }
sqlite_db() { sqlite3 -batch -bail -cmd '.timeout 60000' "$SQLITE_FILE" "$@"; }
# One value from the database.
db_value() {
  if [[ $PROVIDER == postgres ]]; then psql_db -At -c "$1"; else sqlite_db "$1"; fi
}

# ------------------------------------------------------------------------------------------------ build
if [[ $BUILD == 1 ]]; then
  log "Building Release (API, HashBench, the empty pipeline and TokenCost)"
  dotnet publish "$ROOT/src/WebApi" -c Release -o "$BENCH/bin/api" --nologo -v quiet >&2
  dotnet build "$BENCH/HashBench" -c Release -o "$BENCH/bin/hashbench" --nologo -v quiet >&2
  dotnet publish "$BENCH/EmptyPipeline" -c Release -o "$BENCH/bin/empty" --nologo -v quiet >&2
  dotnet build "$BENCH/TokenCost" -c Release -o "$BENCH/bin/tokencost" --nologo -v quiet >&2
fi
[[ -f $BENCH/bin/api/Shop.WebApi.dll && -f $BENCH/bin/hashbench/HashBench.dll && -f $BENCH/bin/empty/EmptyPipeline.dll \
  && ( $TOKEN_COST_ROUNDS == 0 || -f $BENCH/bin/tokencost/TokenCost.dll ) ]] \
  || die "no build in bench/bin; run without --no-build"

random_secret() { openssl rand -base64 "$1" 2>/dev/null || head -c "$1" /dev/urandom | base64 -w0; }
SIGNING_KEY=$(random_secret 48)
ADMIN_EMAIL=admin@shop.local
ADMIN_PASSWORD="bench-admin-$(random_secret 12 | tr -dc 'A-Za-z0-9')"
USER_PASSWORD="bench-user-$(random_secret 12 | tr -dc 'A-Za-z0-9')"

log "Hashing the seeded users' password once (PBKDF2 via the API's IdentityPasswordHasher)"
USER_HASH=$(dotnet "$BENCH/bin/hashbench/HashBench.dll" --hash "$USER_PASSWORD")
[[ $USER_HASH =~ ^[A-Za-z0-9+/=]+$ ]] || die "HashBench --hash printed an unexpected value"

# ---------------------------------------------------------------------------------------------- database
if [[ $PROVIDER == postgres ]]; then
  log "Creating the PostgreSQL database $DB_NAME on 127.0.0.1:$PG_PORT"
  psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
  psql_admin -c "CREATE DATABASE $DB_NAME" >/dev/null
  DB_CREATED=1
  CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PGPASSWORD;Database=$DB_NAME"
  DB_PROVIDER=Postgres
else
  CONNECTION_STRING="Data Source=$SQLITE_FILE"
  DB_PROVIDER=Sqlite
fi

start_api() {
  local pin=()
  [[ -n $PIN_API ]] && pin=(taskset -c "$PIN_API")
  (
    cd "$BENCH/bin/api"
    exec env \
      ASPNETCORE_ENVIRONMENT=Production \
      DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}" \
      Database__Provider="$DB_PROVIDER" \
      ConnectionStrings__Shop="$CONNECTION_STRING" \
      Jwt__SigningKey="$SIGNING_KEY" \
      Seed__AdminEmail="$ADMIN_EMAIL" \
      Seed__AdminPassword="$ADMIN_PASSWORD" \
      Seed__SampleCatalog=false \
      App__PublicBaseUrl="$BASE" \
      Auth__RequireMfaForRoles= \
      RateLimit__AuthPerIpPerMinute=1000000 \
      Serilog__MinimumLevel__Default=Warning \
      Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Warning \
      "${pin[@]}" dotnet Shop.WebApi.dll --urls "$BASE"
  ) >"$WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null --max-time 2 "$BASE/health/ready"; then return 0; fi
    kill -0 "$API_PID" 2>/dev/null || die "the API exited while starting (log: $WORK/api.log)"
    sleep 0.2
  done
  die "the API did not become ready within 120 s"
}

# The HTTP stack alone, with the API's runtime settings: one endpoint, /health/live, the same body.
start_empty() {
  local pin=()
  [[ -n $PIN_API ]] && pin=(taskset -c "$PIN_API")
  (
    cd "$BENCH/bin/empty"
    exec env \
      ASPNETCORE_ENVIRONMENT=Production \
      DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}" \
      "${pin[@]}" dotnet EmptyPipeline.dll --urls "$EMPTY_BASE"
  ) >"$WORK/empty.log" 2>&1 &
  EMPTY_PID=$!
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null --max-time 2 "$EMPTY_BASE/health/live"; then return 0; fi
    kill -0 "$EMPTY_PID" 2>/dev/null || die "the empty pipeline exited while starting (log: $WORK/empty.log)"
    sleep 0.2
  done
  die "the empty pipeline did not answer within 60 s"
}

log "Starting the API (Release, $DB_PROVIDER, $BASE${PIN_API:+, pinned to CPU $PIN_API}${PIN_API:-, not pinned})"
start_api
note "pid $API_PID"

# ----------------------------------------------------------------------------------------------- seeding
log "Seeding $USERS customers, $CUSTOMERS live sessions and a user with $SESSIONS sessions (SQL)"
CUSTOMER_SEEDS=$WORK/customer-refresh.txt # refresh token values of seeded sessions, one a line
VICTIM_SEEDS=$WORK/victim-refresh.txt
if [[ $PROVIDER == postgres ]]; then
  psql_db -v hash="$USER_HASH" -v users="$USERS" -f "$SQL/postgres/users.sql" >/dev/null
  psql_db -At -v email="bench-user-%s@bench.local" -v first=1 -v count="$CUSTOMERS" -f "$SQL/postgres/sessions.sql" >"$CUSTOMER_SEEDS"
  psql_db -At -v email="bench-victim@bench.local" -v first=0 -v count="$SESSIONS" -f "$SQL/postgres/sessions.sql" >"$VICTIM_SEEDS"
else
  "$SQL/sqlite/seed-auth.sh" "$SQLITE_FILE" "$USER_HASH" "$USERS" "$CUSTOMERS" "$SESSIONS" "$CUSTOMER_SEEDS" "$VICTIM_SEEDS"
fi
[[ $(wc -l <"$CUSTOMER_SEEDS") -eq $CUSTOMERS ]] || die "seeding customer sessions gave $(wc -l <"$CUSTOMER_SEEDS") tokens, not $CUSTOMERS"
[[ $(wc -l <"$VICTIM_SEEDS") -eq $SESSIONS ]] || die "seeding the victim's sessions gave $(wc -l <"$VICTIM_SEEDS") tokens, not $SESSIONS"
VICTIM_ID=$(db_value "SELECT id FROM users WHERE normalized_email = 'bench-victim@bench.local'")

# Redeems refresh tokens through POST /auth/refresh (cheap: no password hash) and writes "access refresh"
# lines: real access tokens issued by the API for the seeded sessions.
redeem() {
  local in=$1 out=$2 count=$3 config=$WORK/redeem.curl
  : >"$config"
  head -n "$count" "$in" | while read -r token; do
    printf 'next\nurl = "%s/auth/refresh"\nrequest = "POST"\nheader = "Content-Type: application/json"\ndata = "{\\"refresh_token\\":\\"%s\\"}"\nwrite-out = "\\n"\n' "$API" "$token"
  done | tail -n +2 >"$config"
  curl -s -K "$config" \
    | sed -nE 's/.*"access_token":"([^"]+)".*"refresh_token":"([^"]+)".*/\1 \2/p' >"$out"
  [[ $(wc -l <"$out") -eq $count ]] || die "redeeming refresh tokens gave $(wc -l <"$out") token pairs, not $count"
}
TOKENS=$WORK/customer-tokens.txt
VICTIM_TOKENS=$WORK/victim-tokens.txt
redeem "$CUSTOMER_SEEDS" "$TOKENS" "$CUSTOMERS"
redeem "$VICTIM_SEEDS" "$VICTIM_TOKENS" "$REVOKE_SAMPLE"
note "$CUSTOMERS customer token pairs and $REVOKE_SAMPLE of the victim's, all issued by the API"

HAS_CATALOG=0
if db_value "SELECT count(*) FROM products" >/dev/null 2>&1; then
  HAS_CATALOG=1
else
  note "no products table: the catalogue and checkout scenarios are skipped"
fi

seed_products() { # total
  if [[ $PROVIDER == postgres ]]; then
    psql_db -v total="$1" -v hot_stock="$HOT_STOCK" -f "$SQL/postgres/products.sql" >/dev/null
  else
    "$SQL/sqlite/seed-products.sh" "$SQLITE_FILE" "$1" "$HOT_STOCK"
  fi
}

# ------------------------------------------------------------------------------------------ measurement
declare -A RPS=() P50=() P99=() ERRS=() NOTE=() PATHS=() DBWORK=()
declare -A LAST=()
ROWS=()
MAX_RSS_KB=0
MAX_RSS_AFTER=""
export BENCH_LUA_DIR=$LUA BENCH_THREADS=$THREADS

# One wrk run (no warm-up); prints its result line. WRK_BASE points it at another server (the empty pipeline).
wrk_once() { # script path connections seconds
  local result=$WORK/result.txt log=$WORK/wrk.log
  : >"$result"
  BENCH_RESULT=$result wrk -t"$THREADS" -c"$3" -d"${4}s" --timeout 10s -s "$LUA/$1" "${WRK_BASE:-$BASE}$2" >"$log" 2>&1 \
    || die "wrk failed on $2: $(tail -n 5 "$log")"
  [[ -s $result ]] || die "wrk wrote no result for $2: $(tail -n 5 "$log")"
  tail -n 1 "$result"
}

# Unrecorded load, so the measured run meets a JIT-compiled, connection-pooled, cached API.
warm() { # script path connections
  ((WARMUP > 0)) || return 0
  BENCH_RESULT="" wrk -t"$THREADS" -c"$3" -d"${WARMUP}s" --timeout 10s -s "$LUA/$1" "${WRK_BASE:-$BASE}$2" >/dev/null 2>&1 || true
}

# One table row from one or more result lines (rounds): requests/s over all of them, mean p50 and p99.
record() { # label path line...
  local label=$1 path=$2 kv combined
  shift 2
  LAST=()
  for kv in ${*: -1}; do LAST[${kv%%=*}]=${kv#*=}; done
  combined=$(printf '%s\n' "$@" | awk '{
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      r += v["requests"]; s += v["seconds"]; p50 += v["p50_ms"]; p99 += v["p99_ms"];
      e += v["status_errors"] + v["socket_errors"]; n++ }
    END { printf "%d %.0f %.2f %.2f %d", r, (s > 0 ? r / s : 0), p50 / n, p99 / n, e }')
  local requests rps p50 p99 errors
  read -r requests rps p50 p99 errors <<<"$combined"
  LAST[requests]=$requests RPS[$label]=$rps P50[$label]=$p50 P99[$label]=$p99 ERRS[$label]=$errors
  PATHS[$label]=$path
  ROWS+=("$label")
  api_alive "$label"
  local rss
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$API_PID/status")
  if ((rss > MAX_RSS_KB)); then MAX_RSS_KB=$rss; MAX_RSS_AFTER=$label; fi
  note "$(printf '%-30s %8s req/s  p50 %9s ms  p99 %9s ms  errors %-5s RSS %4d MB' \
    "$label" "${RPS[$label]}" "${P50[$label]}" "${P99[$label]}" "${ERRS[$label]}" $((rss / 1024)))"
}

# Stops the run if the API is gone, saying how it ended.
api_alive() { # scenario
  kill -0 "$API_PID" 2>/dev/null && return 0
  local status=0
  wait "$API_PID" || status=$?
  API_PID=""
  die "the API exited during \"$1\" (status $status$( ((status > 128)) && echo ", signal $((status - 128))")); see the API log"
}

# A measured scenario: warm-up (unless NO_WARMUP=1), then one run.
scenario() { # label script path connections [seconds]
  local line
  [[ ${NO_WARMUP:-0} == 1 ]] || warm "$2" "$3" "$4"
  line=$(wrk_once "$2" "$3" "$4" "${5:-$DURATION}")
  record "$1" "$3" "$line"
}

add_note() { NOTE[$1]="${NOTE[$1]:+${NOTE[$1]}; }$2"; }

# PostgreSQL's own counters for shop_bench, once an idle backend has published them (within 10 s):
# a file of "_time <epoch>", "_xacts <commits + rollbacks>" and "<table> <scans> <inserted> <updated>".
pg_snapshot() { # → path of the snapshot file
  local file
  file=$(mktemp "$WORK/snapshot.XXXXXX")
  if [[ $PROVIDER != postgres ]]; then : >"$file"; echo "$file"; return; fi
  sleep "$STATS_FLUSH"
  {
    echo "_time $(date +%s.%N)"
    psql_db -At -F ' ' -c "
      SELECT '_xacts', (xact_commit + xact_rollback)::text FROM pg_stat_database WHERE datname = current_database()
      UNION ALL
      SELECT relname::text, (seq_scan + coalesce(idx_scan, 0))::text || ' ' || n_tup_ins || ' ' || n_tup_upd FROM pg_stat_user_tables"
  } >"$file"
  echo "$file"
}
# "xacts scans inserted updated" per request between two snapshots, less the idle background rate.
per_request() { # before after requests
  awk -v r="$3" -v bg="${BACKGROUND:-0 0 0 0}" '
    FNR == 1 { f++ }
    $1 == "_time" { t[f] = $2; next }
    $1 == "_xacts" { x[f] = $2; next }
    { s[f] += $2; i[f] += $3; u[f] += $4 }
    END {
      split(bg, b, " "); dt = t[2] - t[1];
      printf "%.2f %.2f %.2f %.2f", (x[2] - x[1] - b[1] * dt) / r, (s[2] - s[1] - b[2] * dt) / r,
        (i[2] - i[1] - b[3] * dt) / r, (u[2] - u[1] - b[4] * dt) / r }' "$1" "$2"
}
# The same, per second between two idle snapshots: what the API does on its own (the revocation poll).
background_rate() { # before after
  awk 'FNR == 1 { f++ }
    $1 == "_time" { t[f] = $2; next }
    $1 == "_xacts" { x[f] = $2; next }
    { s[f] += $2; i[f] += $3; u[f] += $4 }
    END { dt = t[2] - t[1]; printf "%.4f %.4f %.4f %.4f", (x[2] - x[1]) / dt, (s[2] - s[1]) / dt, (i[2] - i[1]) / dt, (u[2] - u[1]) / dt }' "$1" "$2"
}
# "table: N scans, N inserted, N updated" per request, for the tables that did anything.
per_table() { # before after requests
  awk -v r="$3" 'FNR == 1 { f++ } $1 ~ /^_/ { next }
    { s[f, $1] = $2; i[f, $1] = $3; u[f, $1] = $4; names[$1] = 1 }
    END {
      out = "";
      for (n in names) {
        ds = (s[2, n] - s[1, n]) / r; di = (i[2, n] - i[1, n]) / r; du = (u[2, n] - u[1, n]) / r;
        if (ds >= 0.05 || di >= 0.05 || du >= 0.05)
          out = out sprintf("%s%s %.1f scans, %.1f inserted, %.1f updated", (out == "" ? "" : "; "), n, ds, di, du) }
      print out }' "$1" "$2"
}
db_work() { # label before after [requests]
  [[ $PROVIDER == postgres ]] || return 0
  local requests=${4:-${LAST[requests]:-0}}
  ((requests > 0)) || return 0
  DBWORK[$1]=$(per_request "$2" "$3" "$requests")
}

PRODUCT_PATH_FIRST="/api/v1/products?page=1&page_size=$PAGE_SIZE"
product_paths() { # sets PUBLISHED, PRODUCT_PATH_MIDDLE (the middle page of the whole catalogue) and PRODUCT_PATH_FILTERED
  PUBLISHED=$(db_value "SELECT count(*) FROM products WHERE status = 'Published'")
  PRODUCT_PATH_MIDDLE="/api/v1/products?page=$(( (PUBLISHED + PAGE_SIZE - 1) / PAGE_SIZE / 2 ))&page_size=$PAGE_SIZE"
  PRODUCT_PATH_FILTERED="/api/v1/products?page=1&page_size=$PAGE_SIZE&category=bench-cat-3&min_price=10&max_price=50&sort=price"
}

expect_status() { # path status [token]
  local code
  code=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' ${3:+-H "Authorization: Bearer $3"} "$BASE$1")
  [[ $code == "$2" ]] || die "GET $1 answered $code, not $2: $(head -c 300 "$WORK/probe.json")"
}

FIRST_ACCESS=$(head -n 1 "$TOKENS" | cut -d' ' -f1)
ADMIN_ACCESS=$(curl -s -X POST "$API/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')
[[ -n $ADMIN_ACCESS ]] || die "the admin could not log in"

# 1. Token validation and the revocation check: a reference without the database, then the product
#    page anonymous and with a bearer token, interleaved in rounds, then GET /auth/me.
if [[ $HAS_CATALOG == 1 ]]; then
  log "Seeding $PRODUCTS products (SQL)"
  seed_products "$PRODUCTS"
  product_paths
  for path in "$PRODUCT_PATH_FIRST" "$PRODUCT_PATH_MIDDLE" "$PRODUCT_PATH_FILTERED"; do expect_status "$path" 200; done
  expect_status "$PRODUCT_PATH_FIRST" 200 "$FIRST_ACCESS"
fi
expect_status /api/v1/auth/me 200 "$FIRST_ACCESS"

log "Token validation: anonymous vs bearer ($TOKEN_ROUNDS rounds of ${DURATION}s each, $CONNECTIONS connections)"
BENCH_TOKENS="" warm get.lua /health/live "$CONNECTIONS"
BENCH_TOKENS=$TOKENS warm get.lua /api/v1/auth/me "$CONNECTIONS"
if [[ $HAS_CATALOG == 1 ]]; then
  BENCH_TOKENS="" warm get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS"
  BENCH_TOKENS=$TOKENS warm get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS"
fi
# The stack's ceiling, anonymous and with a bearer token, in interleaved rounds: the token's own cost on a
# route that nothing caches and that reads no database. The same request to the empty pipeline, a separate
# app with nothing but that endpoint, in the same rounds: what the API's own pipeline costs on top of the stack.
start_empty
WRK_BASE=$EMPTY_BASE BENCH_TOKENS="" warm get.lua /health/live "$CONNECTIONS"
health_anonymous() { HEALTH_ANON+=("$(BENCH_TOKENS="" wrk_once get.lua /health/live "$CONNECTIONS" "$DURATION")"); }
health_bearer() { HEALTH_BEARER+=("$(BENCH_TOKENS=$TOKENS wrk_once get.lua /health/live "$CONNECTIONS" "$DURATION")"); }
health_empty() { HEALTH_EMPTY+=("$(WRK_BASE=$EMPTY_BASE BENCH_TOKENS="" wrk_once get.lua /health/live "$CONNECTIONS" "$DURATION")"); }
# The same bytes as the bearer rounds in a header nothing reads: what the request's size costs by itself.
health_unread() { HEALTH_UNREAD+=("$(BENCH_TOKEN_HEADER=X-Unread BENCH_TOKENS=$TOKENS wrk_once get.lua /health/live "$CONNECTIONS" "$DURATION")"); }
# An uncached route with work: /health/ready reads the database once (SELECT 1).
ready_anonymous() { READY_ANON+=("$(BENCH_TOKENS="" wrk_once get.lua /health/ready "$CONNECTIONS" "$DURATION")"); }
ready_bearer() { READY_BEARER+=("$(BENCH_TOKENS=$TOKENS wrk_once get.lua /health/ready "$CONNECTIONS" "$DURATION")"); }
HEALTH_ANON=() HEALTH_BEARER=() HEALTH_EMPTY=() HEALTH_UNREAD=() READY_ANON=() READY_BEARER=()
BENCH_TOKENS="" warm get.lua /health/ready "$CONNECTIONS"
for round in $(seq 1 "$TOKEN_ROUNDS"); do
  if ((round % 2)); then
    health_empty; health_anonymous; health_bearer; health_unread; ready_anonymous; ready_bearer
  else
    ready_bearer; ready_anonymous; health_unread; health_bearer; health_anonymous; health_empty
  fi
done
stop_empty
record "no DB: GET /health/live" /health/live "${HEALTH_ANON[@]}"
record "no DB: GET /health/live bearer" /health/live "${HEALTH_BEARER[@]}"
record "no DB: GET /health/live, token unread" /health/live "${HEALTH_UNREAD[@]}"
record "empty pipeline: /health/live" ":$EMPTY_PORT/health/live" "${HEALTH_EMPTY[@]}"
record "GET /health/ready" /health/ready "${READY_ANON[@]}"
record "GET /health/ready bearer" /health/ready "${READY_BEARER[@]}"
add_note "no DB: GET /health/live" "$TOKEN_ROUNDS rounds, interleaved with the bearer, unread-token and empty-pipeline rounds"
add_note "no DB: GET /health/live bearer" "$TOKEN_ROUNDS rounds; $CUSTOMERS customers' tokens in turn (each validated in full once, then remembered: decision 027)"
add_note "no DB: GET /health/live, token unread" "$TOKEN_ROUNDS rounds; the bearer rounds' bytes in an X-Unread header, so nothing validates them"
add_note "empty pipeline: /health/live" "$TOKEN_ROUNDS rounds; a separate app with the API's host, Kestrel and runtime settings and one endpoint, the same body"
add_note "GET /health/ready" "$TOKEN_ROUNDS rounds, interleaved with the bearer rounds; one database round trip (SELECT 1)"
add_note "GET /health/ready bearer" "$TOKEN_ROUNDS rounds; $CUSTOMERS customers' tokens in turn"
# The token's cost without the network: the API in the TokenCost process (TestServer, its own SQLite file with
# the sample catalogue), one caller, anonymous and bearer blocks alternating; the API above is idle meanwhile.
TOKEN_COST_LINES=() TOKEN_COST_HANDLERS=() TOKEN_COST_TABLE=""
if ((TOKEN_COST_ROUNDS > 0)); then
  log "The token's cost in-process (bench/TokenCost, $TOKEN_COST_ROUNDS rounds a route)"
  TOKEN_COST_OUT=$(
    pin=()
    [[ -n $PIN_API ]] && pin=(taskset -c "$PIN_API")
    cd "$BENCH/bin/tokencost" # it finds the API's content root from its own folder
    DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}" "${pin[@]}" dotnet TokenCost.dll --rounds "$TOKEN_COST_ROUNDS" --compare-handlers 2>"$WORK/tokencost.log"
  ) || die "TokenCost failed: $(tail -n 5 "$WORK/tokencost.log")"
  mapfile -t TOKEN_COST_LINES < <(grep '^route=' <<<"$TOKEN_COST_OUT")
  TOKEN_COST_TABLE=$(sed -n '/^In-process/,$p' <<<"$TOKEN_COST_OUT")
  ((${#TOKEN_COST_LINES[@]} == 3)) || die "TokenCost printed ${#TOKEN_COST_LINES[@]} routes, not 3"
  mapfile -t TOKEN_COST_HANDLERS < <(grep '^handler=' <<<"$TOKEN_COST_OUT")
  ((${#TOKEN_COST_HANDLERS[@]} == 2)) || die "TokenCost printed ${#TOKEN_COST_HANDLERS[@]} other handlers, not 2"
  for line in "${TOKEN_COST_LINES[@]}" "${TOKEN_COST_HANDLERS[@]}"; do note "$line"; done
fi
# A field of TokenCost's line for a route: token_cost route-prefix field
token_cost() {
  local line
  for line in "${TOKEN_COST_LINES[@]}"; do
    [[ $line == "route=$1"* ]] && { sed -nE "s/.* $2=([^ ]+).*/\1/p" <<<"$line"; return; }
  done
  for line in "${TOKEN_COST_HANDLERS[@]}"; do
    [[ $line == "handler=$1 "* ]] && { sed -nE "s/.* $2=([^ ]+).*/\1/p" <<<"$line"; return; }
  done
  echo "n/a"
}
if [[ $PROVIDER == postgres ]]; then
  IDLE0=$(pg_snapshot); IDLE1=$(pg_snapshot)
  BACKGROUND=$(background_rate "$IDLE0" "$IDLE1")
  note "idle background (xacts, scans, inserted, updated per second): $BACKGROUND"
  C0=$IDLE1
fi
if [[ $HAS_CATALOG == 1 ]]; then
  requests_of() { sed -nE 's/^requests=([0-9]+).*/\1/p' <<<"$1"; }
  if [[ $PROVIDER == postgres ]]; then
    # Database work per request, from runs of their own: the counters need an idle pause around each run,
    # which would otherwise fall inside the comparison below.
    LINE=$(BENCH_TOKENS="" wrk_once get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS" "$DURATION")
    C1=$(pg_snapshot); db_work "products p1 anonymous" "$C0" "$C1" "$(requests_of "$LINE")"
    LINE=$(BENCH_TOKENS=$TOKENS wrk_once get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS" "$DURATION")
    C0=$(pg_snapshot); db_work "products p1 bearer" "$C1" "$C0" "$(requests_of "$LINE")"
  fi
  # The comparison: back-to-back rounds after a warm-up, the side that goes first alternating, so neither
  # side always follows a pause or the other.
  BENCH_TOKENS="" warm get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS"
  anonymous_run() { ANON_LINES+=("$(BENCH_TOKENS="" wrk_once get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS" "$DURATION")"); }
  bearer_run() { BEARER_LINES+=("$(BENCH_TOKENS=$TOKENS wrk_once get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS" "$DURATION")"); }
  ANON_LINES=() BEARER_LINES=()
  for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2)); then anonymous_run; bearer_run; else bearer_run; anonymous_run; fi
    note "round $round: anonymous $(sed -nE 's/.*rps=([0-9.]+).*/\1/p' <<<"${ANON_LINES[-1]}") req/s, bearer $(sed -nE 's/.*rps=([0-9.]+).*/\1/p' <<<"${BEARER_LINES[-1]}") req/s"
  done
  record "products p1 anonymous" "$PRODUCT_PATH_FIRST" "${ANON_LINES[@]}"
  record "products p1 bearer" "$PRODUCT_PATH_FIRST" "${BEARER_LINES[@]}"
  add_note "products p1 anonymous" "$ROUNDS rounds, alternating with the bearer rounds (each side first in turn)"
  add_note "products p1 bearer" "$ROUNDS rounds; $CUSTOMERS customers' tokens in turn"
fi
[[ $PROVIDER == postgres ]] && C0=$(pg_snapshot)
NO_WARMUP=1 BENCH_TOKENS=$TOKENS scenario "GET /auth/me" get.lua /api/v1/auth/me "$CONNECTIONS"
if [[ $PROVIDER == postgres ]]; then C1=$(pg_snapshot); db_work "GET /auth/me" "$C0" "$C1"; fi
add_note "GET /auth/me" "reads the user; $CUSTOMERS tokens in turn"

if [[ $HAS_CATALOG == 1 ]]; then
  log "Product pages at $PRODUCTS products ($PUBLISHED published)"
  BENCH_TOKENS="" scenario "products middle @small" get.lua "$PRODUCT_PATH_MIDDLE" "$CONNECTIONS"
  BENCH_TOKENS="" scenario "products filtered @small" get.lua "$PRODUCT_PATH_FILTERED" "$CONNECTIONS"
  DETAIL_ID=$(db_value "SELECT id FROM products WHERE name = 'Bench hot product'")
  BENCH_TOKENS="" scenario "product detail" get.lua "/api/v1/products/$DETAIL_ID" "$CONNECTIONS"
  BENCH_TOKENS="" scenario "categories" get.lua /api/v1/categories "$CONNECTIONS"
fi

# 2. Login against the hash alone, measured just before and just after on the same cores.
taskset_cpus() { # "0-1" or "0,1" or "0" → number of CPUs
  local n=0 part parts
  IFS=, read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then n=$((n + ${part#*-} - ${part%-*} + 1)); else n=$((n + 1)); fi
  done
  echo "$n"
}
HASH_THREADS=$(if [[ -n $PIN_API ]]; then taskset_cpus "$PIN_API"; else nproc; fi)
hash_alone() {
  local out pin=()
  [[ -n $PIN_API ]] && pin=(taskset -c "$PIN_API")
  out=$("${pin[@]}" dotnet "$BENCH/bin/hashbench/HashBench.dll" --seconds "$DURATION" --threads "$HASH_THREADS")
  note "hash alone: $out"
  sed -E 's/.*hashes_per_second=([0-9.]+).*/\1/' <<<"$out"
}
log "Login vs the password hash alone ($ROUNDS rounds: HashBench on $HASH_THREADS threads between login runs with $LOGIN_CONNECTIONS connections)"
# Rounds, so that what else this machine does (another tenant, a background flush) weighs on both sides: each
# login run is compared with the hash rate measured just before and just after it, and the median round counts.
HASH_RATES=("$(hash_alone)")
LOGIN_LINES=()
LOGIN_RATIOS=()
for ((round = 1; round <= ROUNDS; round++)); do
  # No warm-up: a warm-up's logins still in flight when it stops would go on hashing during the run.
  line=$(BENCH_USERS=$USERS BENCH_PASSWORD=$USER_PASSWORD wrk_once login.lua /api/v1/auth/login "$LOGIN_CONNECTIONS" "$LOGIN_DURATION")
  LOGIN_LINES+=("$line")
  # Logins cut off when wrk stops go on hashing in the API: let them finish before the hash runs alone.
  sleep "$(awk -v c="$LOGIN_CONNECTIONS" -v r="${HASH_RATES[0]}" 'BEGIN { s = (r > 0) ? 2 * c / r : 10; print (s < 1) ? 1 : (s > 30 ? 30 : s) }')"
  HASH_RATES+=("$(hash_alone)")
  LOGIN_RATIOS+=("$(awk -v line="$line" -v d="$LOGIN_DURATION" -v a="${HASH_RATES[round - 1]}" -v b="${HASH_RATES[round]}" 'BEGIN {
      match(line, /requests=[0-9]+/); r = substr(line, RSTART + 9, RLENGTH - 9); printf "%.3f", (r / d) / ((a + b) / 2) }')")
  note "round $round: $(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line") logins in ${LOGIN_DURATION}s, hash alone ${HASH_RATES[round - 1]} before and ${HASH_RATES[round]}/s after: ${LOGIN_RATIOS[round - 1]}"
done
record "POST /auth/login" /api/v1/auth/login "${LOGIN_LINES[@]}"
LOGIN_RPS_EXACT=$(awk -v r="${LAST[requests]}" -v d="$((ROUNDS * LOGIN_DURATION))" 'BEGIN { printf "%.3f", r / d }')
HASH_RATE=$(printf '%s\n' "${HASH_RATES[@]}" | awk '{ s += $1; n++ } END { printf "%.2f", s / n }')
LOGIN_RATIO=$(printf '%s\n' "${LOGIN_RATIOS[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
add_note "POST /auth/login" "$LOGIN_RPS_EXACT logins/s; hash alone $HASH_RATE/s on $HASH_THREADS threads (mean of ${HASH_RATES[*]}); login ÷ hash per round ${LOGIN_RATIOS[*]}, median $LOGIN_RATIO"

# 3. Refresh: a closed loop over the customers' refresh tokens.
log "Refresh (closed loop: each 200 gives the next refresh token of that session)"
POOL=$WORK/refresh-pool.txt
cut -d' ' -f2 "$TOKENS" >"$POOL"
export BENCH_REFRESH_IN=$POOL BENCH_REFRESH_OUT=$POOL
warm refresh.lua /api/v1/auth/refresh "$CONNECTIONS"
[[ $PROVIDER == postgres ]] && C0=$(pg_snapshot)
NO_WARMUP=1 scenario "POST /auth/refresh" refresh.lua /api/v1/auth/refresh "$CONNECTIONS"
add_note "POST /auth/refresh" "closed loop over $CUSTOMERS sessions; ${LAST[ok]} rotations"
((${LAST[pool_left]} >= CONNECTIONS)) || add_note "POST /auth/refresh" "only ${LAST[pool_left]} refresh tokens left in the pool"
if [[ $PROVIDER == postgres ]]; then
  C1=$(pg_snapshot); db_work "POST /auth/refresh" "$C0" "$C1"
  REFRESH_TABLES=$(per_table "$C0" "$C1" "${LAST[requests]}")
fi
unset BENCH_REFRESH_IN BENCH_REFRESH_OUT

# 4. Checkout of one hot product by many customers, then a sell-out of a small stock.
CHECKOUT_OK="n/a"
CHECKOUT_ORDERS_S="n/a"
if [[ $HAS_CATALOG == 1 ]]; then
  HOT_ID=$(db_value "SELECT id FROM products WHERE name = 'Bench hot product'")
  [[ -n $HOT_ID ]] || die "the seed made no hot product"
  ordered_total() { db_value "$(sed "s/@HOT@/$HOT_ID/" "$SQL/ordered-quantity.sql")"; }
  checkout_check() { # label stock_before ordered_before
    local final ordered
    final=$(db_value "SELECT stock FROM products WHERE id = '$HOT_ID'")
    ordered=$(( $(ordered_total) - $3 ))
    if ((final >= 0 && ordered == $2 - final)); then
      add_note "$1" "never oversold: stock $2 → $final, $ordered ordered"
    else
      add_note "$1" "**OVERSOLD OR LOST**: stock $2 → $final but $ordered ordered"
      CHECKOUT_OK=no
    fi
  }
  export BENCH_UNEXPECTED=$WORK/unexpected.txt
  unexpected_note() { # label: orders that overtook their own cart PUT, and the first other answer
    ((${LAST[early]:-0} == 0)) || add_note "$1" "early orders: ${LAST[early]} (an order overtook the same customer's cart PUT, still in flight, and got 400 \"The cart is empty.\", the load's own race)"
    [[ -s $BENCH_UNEXPECTED ]] && add_note "$1" "first other answer: $(head -n 1 "$BENCH_UNEXPECTED" | cut -c 1-300 | tr "|" /)"
    rm -f "$BENCH_UNEXPECTED"
  }
  log "Checkout of one hot product by $CUSTOMERS customers (PUT cart item and POST /orders, alternating)"
  CHECKOUT_OK=yes
  db_value "UPDATE products SET stock = $HOT_STOCK WHERE id = '$HOT_ID'" >/dev/null
  ORDERED0=$(ordered_total)
  BENCH_PRODUCT=$HOT_ID BENCH_TOKENS=$TOKENS NO_WARMUP=1 scenario "checkout hot product" checkout.lua /api/v1/orders "$CONNECTIONS"
  CHECKOUT_ORDERS_S=${LAST[orders_per_s]}
  add_note "checkout hot product" "${LAST[orders_per_s]} orders/s (statuses ${LAST[statuses]})"
  unexpected_note "checkout hot product"
  checkout_check "checkout hot product" "$HOT_STOCK" "$ORDERED0"

  log "Sell-out: $SELLOUT_STOCK left, $CUSTOMERS customers for ${SELLOUT_SECONDS}s"
  db_value "UPDATE products SET stock = $SELLOUT_STOCK WHERE id = '$HOT_ID'" >/dev/null
  ORDERED0=$(ordered_total)
  BENCH_PRODUCT=$HOT_ID BENCH_TOKENS=$TOKENS NO_WARMUP=1 \
    scenario "checkout sell-out" checkout.lua /api/v1/orders "$CONNECTIONS" "$SELLOUT_SECONDS"
  add_note "checkout sell-out" "${LAST[out_of_stock]} refused with 409 (statuses ${LAST[statuses]})"
  unexpected_note "checkout sell-out"
  checkout_check "checkout sell-out" "$SELLOUT_STOCK" "$ORDERED0"
fi

# 5. Revoke every session of a user with many sessions; then every sampled access token must be refused.
log "Revoke-all of a user with $SESSIONS sessions"
LIVE_BEFORE=$(db_value "SELECT count(*) FROM sessions WHERE user_id = '$VICTIM_ID' AND revoked_at IS NULL")
[[ $PROVIDER == postgres ]] && C0=$(pg_snapshot)
REVOKE_OUT=$(curl -s -o "$WORK/revoke.json" -w '%{http_code} %{time_total}' -X POST \
  -H "Authorization: Bearer $ADMIN_ACCESS" "$API/admin/security/users/$VICTIM_ID/revoke-sessions")
REVOKE_ROUTE="POST /api/v1/admin/security/users/{id}/revoke-sessions"
if [[ ${REVOKE_OUT%% *} != 200 ]]; then
  # Without the security-ops route, the user's own "log out everywhere" runs the same revocation.
  note "revoke-sessions answered ${REVOKE_OUT%% *}; measuring POST /auth/logout-all (same statement) instead"
  REVOKE_ROUTE="POST /api/v1/auth/logout-all (as the user)"
  REVOKE_OUT=$(curl -s -o "$WORK/revoke.json" -w '%{http_code} %{time_total}' -X POST \
    -H "Authorization: Bearer $(head -n 1 "$VICTIM_TOKENS" | cut -d' ' -f1)" "$API/auth/logout-all")
  [[ ${REVOKE_OUT%% *} == 204 ]] || die "logout-all answered ${REVOKE_OUT%% *}: $(cat "$WORK/revoke.json")"
fi
REVOKE_MS=$(awk -v t="${REVOKE_OUT#* }" 'BEGIN { printf "%.1f", t * 1000 }')
REVOKE_SQL=""
if [[ $PROVIDER == postgres ]]; then
  C1=$(pg_snapshot)
  # Only the sessions table: every session updated by the call (one UPDATE, see bench/README.md).
  REVOKE_SQL=$(awk 'FNR == 1 { f++ } $1 == "sessions" { s[f] = $2; u[f] = $4 }
    END { printf "sessions table meanwhile: %d rows updated (%d index scans started)", u[2] - u[1], s[2] - s[1] }' "$C0" "$C1")
fi
# Every sampled access token, once each, right after: all must be 401.
CHECK=$WORK/check.curl
while read -r access _; do
  printf 'next\nurl = "%s/auth/me"\nheader = "Authorization: Bearer %s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' "$API" "$access"
done <"$VICTIM_TOKENS" | tail -n +2 >"$CHECK"
REFUSED=$(curl -s -K "$CHECK" | grep -c '^401$' || true)
LIVE_AFTER=$(db_value "SELECT count(*) FROM sessions WHERE user_id = '$VICTIM_ID' AND revoked_at IS NULL")

# 6. The same product pages with a large catalogue.
if [[ $HAS_CATALOG == 1 && $PRODUCTS_LARGE -gt 0 ]]; then
  log "Growing the catalogue to $PRODUCTS_LARGE products (SQL)"
  SEED_START=$(date +%s)
  seed_products "$PRODUCTS_LARGE"
  note "seeded in $(( $(date +%s) - SEED_START )) s"
  # An admin edit through the API, as in real life: this instance forgets what it knew of the catalogue.
  CATEGORY_ID=$(db_value "SELECT id FROM categories WHERE slug = 'bench-cat-1'")
  CREATED=$(curl -s -o "$WORK/created.json" -w '%{http_code}' -X POST "$API/admin/products" \
    -H "Authorization: Bearer $ADMIN_ACCESS" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench new arrival\",\"description\":\"Added through the admin API.\",\"price\":19.99,\"stock\":5,\"category_id\":\"$CATEGORY_ID\",\"publish\":true}")
  [[ $CREATED == 201 ]] || die "creating a product through the admin API answered $CREATED: $(head -c 300 "$WORK/created.json")"
  product_paths
  log "Product pages at $PRODUCTS_LARGE products ($PUBLISHED published)"
  for path in "$PRODUCT_PATH_FIRST" "$PRODUCT_PATH_MIDDLE" "$PRODUCT_PATH_FILTERED"; do
    START=$(date +%s.%N)
    expect_status "$path" 200
    note "first request (fills the listing cache): $(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f s", e - s }') for $path"
  done
  BENCH_TOKENS="" scenario "products p1 @large" get.lua "$PRODUCT_PATH_FIRST" "$CONNECTIONS"
  BENCH_TOKENS="" scenario "products middle @large" get.lua "$PRODUCT_PATH_MIDDLE" "$CONNECTIONS"
  BENCH_TOKENS="" scenario "products filtered @large" get.lua "$PRODUCT_PATH_FILTERED" "$CONNECTIONS"
fi

# 7. Peak memory of the API over the whole run.
VMHWM_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$API_PID/status")
PEAK_MB=$((VMHWM_KB / 1024))
# Where the resident memory is at the end: the GC heap and other private memory, mapped files
# (assemblies, native libraries, ICU data), and shared memory (JIT-compiled code, mapped twice for W^X).
RSS_PARTS=$(awk '/^RssAnon|^RssFile|^RssShmem/ { sub(":", "", $1); printf "%s%s %d MB", (n++ ? ", " : ""), $1, $2 / 1024 }' "/proc/$API_PID/status")
stop_api

# ------------------------------------------------------------------------------------------------ report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 == 0 || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
# Each round's own ratio (its two sides ran back to back), then their median: a slow minute of a shared machine
# moves both sides of one round and one of the ratios, not the result. Prints "median (r1, r2, ...)".
round_ratios() { # numerator-array-name denominator-array-name
  local -n num=$1 den=$2
  local i
  for i in "${!num[@]}"; do printf '%s\t%s\n' "${num[$i]}" "${den[$i]}"; done | awk -F'\t' '
    function rps(line,  n, f, kv, i, r, s) {
      n = split(line, f, " ")
      for (i = 1; i <= n; i++) { split(f[i], kv, "="); if (kv[1] == "requests") r = kv[2]; if (kv[1] == "seconds") s = kv[2] }
      return s > 0 ? r / s : 0 }
    { b = rps($2); v[NR] = b > 0 ? rps($1) / b : 0; list = list (NR > 1 ? ", " : "") sprintf("%.2f", v[NR]) }
    END {
      if (NR == 0) { print "n/a"; exit }
      for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.2f (rounds: %s)", m, list }'
}
verdict() { # value op target
  awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
    if (v == "n/a") { print "**no** (not measured)"; exit }
    ok = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print ok ? "yes" : "**no**" }'
}

OUT=$BENCH/results/$STAMP.md
mkdir -p "$BENCH/results"
{
  echo "### Shop benchmark, $STAMP"
  echo
  echo "Command: \`bench/run.sh${ORIGINAL_ARGS[*]:+$(printf ' %q' "${ORIGINAL_ARGS[@]}")}\` at commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src)')."
  echo "$DB_PROVIDER, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average before the run $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "API in Release, $(if [[ -n $PIN_API ]]; then echo "pinned to CPU $PIN_API"; else echo "not pinned"; fi); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on loopback after a ${WARMUP}s warm-up (login: $ROUNDS rounds of -c$LOGIN_CONNECTIONS -d${LOGIN_DURATION}s between hash runs); $PRODUCTS then $PRODUCTS_LARGE products, $USERS users."
  echo
  echo "| scenario | request | req/s | p50 ms | p99 ms | errors | notes |"
  echo "|---|---|---:|---:|---:|---:|---|"
  for label in "${ROWS[@]}"; do
    echo "| $label | \`${PATHS[$label]}\` | ${RPS[$label]} | ${P50[$label]} | ${P99[$label]} | ${ERRS[$label]} | ${NOTE[$label]:-} |"
  done
  echo "| revoke-all, $SESSIONS sessions | \`$REVOKE_ROUTE\` | — | $REVOKE_MS | — | — | one call; live sessions $LIVE_BEFORE → $LIVE_AFTER; $REFUSED of $REVOKE_SAMPLE sampled access tokens refused (401) right after${REVOKE_SQL:+; $REVOKE_SQL} |"
  echo "| API peak memory | VmHWM | — | — | — | — | $PEAK_MB MB peak over the run (highest resident set after \"$MAX_RSS_AFTER\": $((MAX_RSS_KB / 1024)) MB; at the end $RSS_PARTS) |"
  echo
  if [[ -n $TOKEN_COST_TABLE ]]; then
    echo "The token's cost without the network (bench/TokenCost): the API in one process on its own SQLite file with the sample catalogue, one caller sending each route anonymously and with a customer's access token (50 sessions' tokens in turn) in alternating blocks; the token's cost is the mean of the rounds' differences, ± its standard error. The second table runs \`GET /health/live\` again in a fresh API for each other handler of the bearer scheme: \`JwtBearerHandler\` as the framework ships it, and one that reads no token and answers a ready ticket, what the authentication middleware and service cost whatever a handler does."
    echo
    echo "$TOKEN_COST_TABLE"
    echo
  fi
  if [[ ${#DBWORK[@]} -gt 0 ]]; then
    echo "Database work per request: PostgreSQL's counters for shop_bench (pg_stat_database, pg_stat_user_tables) over one measured run, divided by its requests, less the idle background (the revocation poll). A transaction is one statement outside BEGIN…COMMIT; Npgsql's reset of a pooled connection counts as one more."
    echo
    echo "| scenario | transactions | table scans | rows inserted | rows updated |"
    echo "|---|---:|---:|---:|---:|"
    for label in "products p1 anonymous" "products p1 bearer" "GET /auth/me" "POST /auth/refresh"; do
      [[ -n ${DBWORK[$label]:-} ]] || continue
      read -r x sc ins upd <<<"${DBWORK[$label]}"
      echo "| $label | $x | $sc | $ins | $upd |"
    done
    [[ -n ${REFRESH_TABLES:-} ]] && { echo; echo "Per refresh, by table (scans include those of foreign-key checks): $REFRESH_TABLES."; }
    echo
  fi
  echo "| target | measured | goal | met |"
  echo "|---|---:|---:|---|"
  HEALTH=${RPS["no DB: GET /health/live"]}
  if [[ $HAS_CATALOG == 1 ]]; then
    for which in "anonymous product page:products p1 anonymous" "bearer product page:products p1 bearer" \
      "product detail:product detail" "categories:categories"; do
      IFS=: read -r name label <<<"$which"
      R=$(ratio "${RPS[$label]}" "$HEALTH")
      echo "| $name ÷ \`GET /health/live\`, req/s | $R (${RPS[$label]} ÷ $HEALTH) | ≥ 0.60 | $(verdict "$R" '>=' 0.60) |"
    done
    R=$(ratio "${RPS["products p1 bearer"]}" "${RPS["products p1 anonymous"]}")
    echo "| bearer ÷ anonymous product page, req/s | $R | ≥ 0.90 | $(verdict "$R" '>=' 0.90) |"
    if [[ -n ${DBWORK["products p1 bearer"]:-} ]]; then
      XA=$(cut -d' ' -f1 <<<"${DBWORK["products p1 anonymous"]}"); XB=$(cut -d' ' -f1 <<<"${DBWORK["products p1 bearer"]}")
      D=$(awk -v a="$XA" -v b="$XB" 'BEGIN { printf "%.2f", b - a }')
      echo "| DB transactions per request, bearer − anonymous page | $D ($XB − $XA) | ≤ 0.05 | $(verdict "$D" '<=' 0.05) |"
    fi
  fi
  R=$(ratio "$HEALTH" "${RPS["empty pipeline: /health/live"]}")
  echo "| \`GET /health/live\` ÷ empty pipeline, req/s | $R ($HEALTH ÷ ${RPS["empty pipeline: /health/live"]}) | informative | — |"
  R=$(ratio "${RPS["no DB: GET /health/live bearer"]}" "$HEALTH")
  echo "| bearer ÷ anonymous, uncached \`GET /health/live\` (no work at all), req/s | $R (${RPS["no DB: GET /health/live bearer"]} ÷ $HEALTH) | ≥ 0.95 | $(verdict "$R" '>=' 0.95) |"
  echo "| the same, median of the rounds' own ratios (each round's two sides back to back) | $(round_ratios HEALTH_BEARER HEALTH_ANON) | informative | — |"
  R=$(ratio "${RPS["no DB: GET /health/live, token unread"]}" "$HEALTH")
  echo "| of which the request's size: the same bytes unread ÷ anonymous, \`GET /health/live\` | $R (${RPS["no DB: GET /health/live, token unread"]} ÷ $HEALTH) | informative | — |"
  R=$(ratio "${RPS["no DB: GET /health/live bearer"]}" "${RPS["no DB: GET /health/live, token unread"]}")
  echo "| of which the token's checks: bearer ÷ the same bytes unread, \`GET /health/live\` | $R (${RPS["no DB: GET /health/live bearer"]} ÷ ${RPS["no DB: GET /health/live, token unread"]}) | informative | — |"
  R=$(ratio "${RPS["GET /health/ready bearer"]}" "${RPS["GET /health/ready"]}")
  echo "| bearer ÷ anonymous, uncached \`GET /health/ready\` (one database round trip), req/s | $R (${RPS["GET /health/ready bearer"]} ÷ ${RPS["GET /health/ready"]}) | ≥ 0.95 | $(verdict "$R" '>=' 0.95) |"
  echo "| the same, median of the rounds' own ratios | $(round_ratios READY_BEARER READY_ANON) | informative | — |"
  if ((TOKEN_COST_ROUNDS > 0)); then
    for which in "GET_/health/live:\`GET /health/live\` (no work)" "GET_/health/ready:\`GET /health/ready\` (one database round trip)" \
      "GET_/api/v1/products:product list, output-cache miss (the catalogue read)"; do
      IFS=: read -r key name <<<"$which"
      R=$(token_cost "$key" ratio)
      echo "| in-process, one caller: anonymous ÷ bearer time per request, $name | $R (the token $(token_cost "$key" token_us) ± $(token_cost "$key" token_se_us) µs of $(token_cost "$key" anonymous_us) µs) | ≥ 0.95 | $(verdict "$R" '>=' 0.95) |"
    done
    R=$(token_cost Floor ratio)
    echo "| of which the framework's floor: the same, \`GET /health/live\`, with a bearer handler that validates nothing | $R (the ticket alone $(token_cost Floor token_us) ± $(token_cost Floor token_se_us) µs of $(token_cost Floor anonymous_us) µs) | informative | — |"
    R=$(token_cost Framework ratio)
    echo "| for comparison: the same with \`JwtBearerHandler\` as the framework ships it (full validation every request) | $R (the token $(token_cost Framework token_us) ± $(token_cost Framework token_se_us) µs of $(token_cost Framework anonymous_us) µs) | informative | — |"
  fi
  R=$(ratio "${P99["POST /auth/refresh"]}" "${P50["POST /auth/refresh"]}")
  echo "| refresh p99 ÷ p50 | $R (${P99["POST /auth/refresh"]} ÷ ${P50["POST /auth/refresh"]} ms; ${RPS["POST /auth/refresh"]} rotations/s) | ≤ 10 | $(verdict "$R" '<=' 10) |"
  echo "| login ÷ hash alone, per second (median of $ROUNDS rounds) | $LOGIN_RATIO ($LOGIN_RPS_EXACT ÷ $HASH_RATE overall) | ≥ 0.90 | $(verdict "$LOGIN_RATIO" '>=' 0.90) |"
  if [[ $HAS_CATALOG == 1 && $PRODUCTS_LARGE -gt 0 ]]; then
    for which in "first:products p1 anonymous:products p1 @large" "middle:products middle @small:products middle @large" \
      "filtered:products filtered @small:products filtered @large"; do
      IFS=: read -r name small large <<<"$which"
      R=$(ratio "${P50[$large]}" "${P50[$small]}")
      echo "| product page p50, $PRODUCTS_LARGE ÷ $PRODUCTS products, $name page | $R (${P50[$large]} ÷ ${P50[$small]} ms) | ≤ 1.5 | $(verdict "$R" '<=' 1.5) |"
    done
  fi
  R=$([[ $REFUSED == "$REVOKE_SAMPLE" && $LIVE_AFTER == 0 ]] && echo yes || echo "**no**")
  echo "| revoke-all: no live session left, every sampled token refused | $LIVE_AFTER live, $REFUSED/$REVOKE_SAMPLE refused | 0 live, all refused | $R |"
  echo "| API peak memory (VmHWM) | $PEAK_MB MB | ≤ 250 MB | $(verdict "$PEAK_MB" '<=' 250) |"
  if [[ $HAS_CATALOG == 1 ]]; then
    echo "| checkout: never oversold, orders = stock sold | $CHECKOUT_ORDERS_S orders/s | invariant holds | $([[ $CHECKOUT_OK == yes ]] && echo yes || echo '**no**') |"
  fi
} >"$OUT"

echo >&2
cat "$OUT"
echo
echo "(written to ${OUT#"$ROOT"/})"
