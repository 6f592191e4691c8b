#!/usr/bin/env bash
# SQLite twin of ../postgres/users.sql and sessions.sql (see there). SQLite has no SHA-256, so the refresh
# token values and their hashes are made here. EF Core's SQLite conventions: GUIDs as upper-case TEXT,
# DateTimeOffset as DateTimeOffsetToBinaryConverter's long ((ticks / 1000) << 11 for UTC).
# Usage: seed-auth.sh DB HASH USERS CUSTOMERS SESSIONS CUSTOMER_OUT VICTIM_OUT
set -Eeuo pipefail
db=$1 hash=$2 users=$3 customers=$4 sessions=$5 customer_out=$6 victim_out=$7
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms=$(date +%s%3N)
week_ms=$((now_ms + 7 * 24 * 3600 * 1000))
binary() { echo $(( ($1 * 10 + 621355968000000) << 11 )); }
NOW=$(binary "$now_ms")
EXPIRES=$(binary "$week_ms")
GUID="upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12))"

sqlite3 -batch -bail -cmd '.timeout 60000' "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $users),
     r(i, h, v) AS (SELECT i, hex(randomblob(16)), hex(randomblob(16)) FROM n)
INSERT INTO users (id, email, normalized_email, full_name, password_hash, role, locked_until, lock_reason, created_at, version)
SELECT $GUID, printf('bench-user-%d@bench.local', i), lower(printf('bench-user-%d@bench.local', i)),
       printf('Bench User %d', i), '$hash', 'Customer', NULL, NULL, $NOW,
       upper(substr(v, 1, 8) || '-' || substr(v, 9, 4) || '-' || substr(v, 13, 4) || '-' || substr(v, 17, 4) || '-' || substr(v, 21, 12))
FROM r;
INSERT INTO users (id, email, normalized_email, full_name, password_hash, role, locked_until, lock_reason, created_at, version)
SELECT $GUID, 'bench-victim@bench.local', 'bench-victim@bench.local', 'Bench Victim', '$hash', 'Customer', NULL, NULL, $NOW,
       upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))
FROM (SELECT hex(randomblob(16)) AS h);
SQL

# A UUIDv7 (the creation time in the first 48 bits), upper case as EF Core writes GUIDs to SQLite.
uuid7() {
  local r
  r=$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')
  printf '%012X' "$now_ms" | sed -E 's/(.{8})(.{4})/\1-\2/'
  printf -- '-7%s-%X%s-%s\n' "${r:0:3}" $(( 8 + 0x${r:3:1} % 4 )) "${r:4:3}" "${r:7:12}" | tr 'a-f' 'A-F'
}

# seed EMAIL_PATTERN FIRST COUNT OUT: COUNT sessions with a refresh token each; values to OUT.
seed() {
  local pattern=$1 first=$2 count=$3 out=$4 i value email
  : >"$out"
  : >"$work/rows.csv"
  for ((i = first; i < first + count; i++)); do
    value="bench-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
    # shellcheck disable=SC2059
    email=$(printf "$pattern" "$i")
    printf '%s,%s,%s,%s\n' "$(uuid7)" "$(uuid7)" "$email" \
      "$(printf %s "$value" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')" >>"$work/rows.csv"
    echo "$value" >>"$out"
  done
  sqlite3 -batch -bail -cmd '.timeout 60000' "$db" <<SQL
CREATE TEMP TABLE seeded (session_id TEXT, token_id TEXT, email TEXT, token_hash TEXT);
.mode csv
.import $work/rows.csv seeded
INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason, ip, user_agent)
SELECT s.session_id, u.id, $NOW, $NOW, $EXPIRES, NULL, NULL, '127.0.0.1', 'shop-bench'
FROM seeded s JOIN users u ON u.normalized_email = s.email;
INSERT INTO refresh_tokens (id, session_id, token_hash, issued_at, expires_at, consumed_at, replaced_by_id)
SELECT token_id, session_id, token_hash, $NOW, $EXPIRES, NULL, NULL FROM seeded;
SQL
}

seed 'bench-user-%s@bench.local' 1 "$customers" "$customer_out"
seed 'bench-victim@bench.local' 0 "$sessions" "$victim_out"
sqlite3 -batch -bail -cmd '.timeout 60000' "$db" 'ANALYZE;'
