#!/usr/bin/env bash
# Output-cache misses of product detail and categories, two API builds side by side: both start at once on
# SQLite (ports 5195 and 5196) with Catalog__PageCacheSeconds=0.1, each gets the same 10,000 seeded products,
# and wrk measures them in interleaved rounds (the side that goes first alternating), so a change in the
# machine's load hits both. Every request misses the cache (lua/detail-miss.lua, lua/categories-miss.lua), so
# this measures the reads behind it and the pipeline, not the cache. Not part of run.sh's report.
#
# Usage: bench/compare-misses.sh BEFORE_DIR AFTER_DIR   (folders of `dotnet publish src/WebApi -c Release`)
# Environment: ROUNDS (3), DURATION (5 s), CONNECTIONS (16).
set -Eeuo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 2 && -f $1/Shop.WebApi.dll && -f $2/Shop.WebApi.dll ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-5} CONNECTIONS=${CONNECTIONS:-16}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shop-misses.XXXXXX")
declare -A DIR=([before]=$(cd "$1" && pwd) [after]=$(cd "$2" && pwd)) PORT=([before]=5195 [after]=5196) PID=()
cleanup() {
  for side in "${!PID[@]}"; do kill -TERM "${PID[$side]}" 2>/dev/null || true; wait "${PID[$side]}" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
export BENCH_LUA_DIR=$BENCH/lua
for side in before after; do
  ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${PORT[$side]}/health/live" || { echo "port ${PORT[$side]} is taken" >&2; exit 1; }
  (
    cd "${DIR[$side]}"
    exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}" \
      Database__Provider=Sqlite ConnectionStrings__Shop="Data Source=$WORK/$side.db" \
      Jwt__SigningKey="$(openssl rand -base64 48)" Seed__AdminPassword="misses-$(openssl rand -hex 8)" \
      Seed__SampleCatalog=false Auth__RequireMfaForRoles= App__PublicBaseUrl="http://127.0.0.1:${PORT[$side]}" \
      Catalog__PageCacheSeconds=0.1 Serilog__MinimumLevel__Default=Warning \
      Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Warning \
      dotnet Shop.WebApi.dll --urls "http://127.0.0.1:${PORT[$side]}"
  ) >"$WORK/$side.log" 2>&1 &
  PID[$side]=$!
done
for side in before after; do
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:${PORT[$side]}/health/ready" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:${PORT[$side]}/health/ready" || { echo "$side did not start: $(tail -5 "$WORK/$side.log")" >&2; exit 1; }
  "$BENCH/sql/sqlite/seed-products.sh" "$WORK/$side.db" 10000 1000000
  sqlite3 "$WORK/$side.db" "SELECT id FROM products WHERE status = 'Published' LIMIT 5000" >"$WORK/$side.ids"
done
run() { # side script seconds
  BENCH_IDS=$WORK/$1.ids BENCH_RESULT="" wrk -t1 -c"$CONNECTIONS" -d"${3}s" --timeout 10s -s "$BENCH/lua/$2" \
    "http://127.0.0.1:${PORT[$1]}" | tail -n 1
}
for script in detail-miss.lua categories-miss.lua; do for side in before after; do run "$side" "$script" 2 >/dev/null; done; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  if ((round % 2)); then order=(before after); else order=(after before); fi
  for script in detail-miss.lua categories-miss.lua; do
    for side in "${order[@]}"; do echo "round $round ${script%.lua} $side $(run "$side" "$script" "$DURATION")"; done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
