-- Customers bench-user-<1..:users>@bench.local and the user whose sessions get revoked all at once,
-- bench-victim@bench.local. Every one of them has the same password hash (:hash), made once with the
-- API's own hasher, so seeding costs no PBKDF2 per user while a login still verifies a real hash.
INSERT INTO users (id, email, normalized_email, full_name, password_hash, role, locked_until, lock_reason, created_at, version)
SELECT gen_random_uuid(), format('bench-user-%s@bench.local', i), lower(format('bench-user-%s@bench.local', i)),
       format('Bench User %s', i), :'hash', 'Customer', NULL, NULL, now(), gen_random_uuid()
FROM generate_series(1, :users) AS i;

INSERT INTO users (id, email, normalized_email, full_name, password_hash, role, locked_until, lock_reason, created_at, version)
VALUES (gen_random_uuid(), 'bench-victim@bench.local', 'bench-victim@bench.local', 'Bench Victim', :'hash', 'Customer',
        NULL, NULL, now(), gen_random_uuid());

ANALYZE users;
