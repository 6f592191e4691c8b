#!/usr/bin/env bash
# Runs the README's curl blocks (the ```bash blocks right after a `<!-- readme-check -->` line), in order, with
# `bash -euo pipefail`, against the API started as the README says (Development, a fresh SQLite database, the
# admin password of the README), so the README cannot drift from the API. Needs a build (dotnet build) first.
# README_CHECK_PORT picks another port than the README's 5080 (the blocks are rewritten to it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${README_CHECK_PORT:-5080}
work=$(mktemp -d /tmp/shop-readme-check.XXXXXX)
dll="$root/src/WebApi/bin/Debug/net10.0/Shop.WebApi.dll"
[ -f "$dll" ] || { echo "readme-check: $dll is missing: run dotnet build first" >&2; exit 1; }

api_pid=""
stop() { if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap stop EXIT

(cd "$root/src/WebApi" && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://localhost:$port" \
  ConnectionStrings__Shop="Data Source=$work/shop.db" Seed__AdminPassword='admin password 123' \
  exec dotnet "$dll") >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { cat "$work/api.log"; echo "readme-check: the API did not start" >&2; exit 1; }
  sleep 1
done

# Split the marked blocks into files block-1.sh, block-2.sh ...
awk -v dir="$work" -v port="$port" '
  /<!-- readme-check -->/ { marked = 1; next }
  marked && /^```bash$/ { n++; file = dir "/block-" n ".sh"; inside = 1; marked = 0; next }
  inside && /^```$/ { inside = 0; close(file); next }
  inside { gsub(/localhost:5080/, "localhost:" port); print > file }
  { if (!/^[[:space:]]*$/) marked = marked && 0 }
' README.md
count=$(ls "$work"/block-*.sh 2>/dev/null | wc -l)
[ "$count" -gt 0 ] || { echo "readme-check: no marked block in README.md" >&2; exit 1; }

for i in $(seq 1 "$count"); do
  heading="block $i of $count"
  if bash -euo pipefail "$work/block-$i.sh" >"$work/block-$i.out" 2>&1; then
    echo "readme-check: $heading ran; its output:"
    sed 's/^/    /' "$work/block-$i.out"; echo
  else
    echo "readme-check: $heading FAILED; its output:" >&2
    cat "$work/block-$i.out" >&2
    exit 1
  fi
done
echo "readme-check: all $count README blocks ran against the API"
