-- :count live sessions, each with one refresh token, for the users format(:'email', i) with
-- i = :first .. :first + :count - 1 (an email without %s puts every session on one user).
-- Prints the refresh token values, one a line; the database keeps only their SHA-256 (base64url),
-- exactly as the API stores them, so POST /auth/refresh accepts them.
CREATE FUNCTION pg_temp.uuid_v7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT (lpad(to_hex((extract(epoch FROM ts) * 1000)::bigint), 12, '0')
          || '7' || substr(md5(random()::text), 1, 3)
          || substr('89ab', 1 + floor(random() * 4)::int, 1)
          || substr(md5(random()::text), 1, 15))::uuid
$$;

CREATE TEMP TABLE seeded AS
SELECT pg_temp.uuid_v7(now()) AS session_id, pg_temp.uuid_v7(now()) AS token_id, u.id AS user_id,
       'bench-' || md5(random()::text || i::text) || md5(random()::text || clock_timestamp()::text) AS value
FROM generate_series(:first, :first + :count - 1) AS i
JOIN users u ON u.normalized_email = lower(format(:'email', i));

INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason, ip, user_agent)
SELECT session_id, user_id, now(), now(), now() + interval '7 days', NULL, NULL, '127.0.0.1', 'shop-bench'
FROM seeded;

INSERT INTO refresh_tokens (id, session_id, token_hash, issued_at, expires_at, consumed_at, replaced_by_id)
SELECT token_id, session_id, rtrim(translate(encode(sha256(convert_to(value, 'UTF8')), 'base64'), '+/', '-_'), '='),
       now(), now() + interval '7 days', NULL, NULL
FROM seeded;

ANALYZE sessions;
ANALYZE refresh_tokens;

SELECT value FROM seeded ORDER BY session_id;
