#!/usr/bin/env bash
# SQLite twin of ../postgres/products.sql (see there): grows the catalogue to TOTAL products.
# EF Core's SQLite conventions: GUIDs as upper-case TEXT, DateTimeOffset as ((ticks / 1000) << 11),
# decimal as REAL.
# Usage: seed-products.sh DB TOTAL HOT_STOCK
set -Eeuo pipefail
db=$1 total=$2 hot_stock=$3
now_ms=$(date +%s%3N)
# binary(ms) and uuid7(ms) as SQL expressions
BIN="((%s * 10 + 621355968000000) << 11)"
UUID7="(substr(printf('%%012X', %s), 1, 8) || '-' || substr(printf('%%012X', %s), 9, 4) || '-7' || substr(h, 1, 3) || '-' || substr('89AB', 1 + abs(random()) %% 4, 1) || substr(h, 4, 3) || '-' || substr(h, 7, 12))"
# shellcheck disable=SC2059
uuid7() { printf "$UUID7" "$1" "$1"; }
# shellcheck disable=SC2059
binary() { printf "$BIN" "$1"; }
GUID="upper(substr(g, 1, 8) || '-' || substr(g, 9, 4) || '-' || substr(g, 13, 4) || '-' || substr(g, 17, 4) || '-' || substr(g, 21, 12))"

sqlite3 -batch -bail -cmd '.timeout 60000' "$db" <<SQL
INSERT OR IGNORE INTO categories (id, name, slug, created_at)
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20)
SELECT $(uuid7 "$now_ms"), printf('Bench category %d', n), printf('bench-cat-%d', n), $(binary "$now_ms")
FROM (SELECT n, hex(randomblob(9)) AS h FROM c);

INSERT INTO products (id, name, description, price, stock, status, category_id, created_at, updated_at, version)
SELECT $(uuid7 "($now_ms - 400 * 86400000)"), 'Bench hot product', 'The one everybody wants.', 9.99, $hot_stock, 'Published',
       (SELECT id FROM categories WHERE slug = 'bench-cat-1'),
       $(binary "($now_ms - 400 * 86400000)"), $(binary "($now_ms - 400 * 86400000)"), $GUID
FROM (SELECT hex(randomblob(9)) AS h, hex(randomblob(16)) AS g)
WHERE NOT EXISTS (SELECT 1 FROM products WHERE name = 'Bench hot product');

CREATE TEMP TABLE cats AS SELECT row_number() OVER (ORDER BY slug) - 1 AS k, id FROM categories WHERE slug LIKE 'bench-cat-%';
CREATE TEMP TABLE words1 (k INTEGER PRIMARY KEY, w TEXT);
INSERT INTO words1 VALUES (0,'Red'),(1,'Blue'),(2,'Green'),(3,'Black'),(4,'White'),(5,'Silver'),(6,'Golden'),(7,'Tiny'),(8,'Large'),(9,'Smart');
CREATE TEMP TABLE words2 (k INTEGER PRIMARY KEY, w TEXT);
INSERT INTO words2 VALUES (0,'Lamp'),(1,'Chair'),(2,'Kettle'),(3,'Phone'),(4,'Book'),(5,'Shirt'),(6,'Watch'),(7,'Bottle'),(8,'Desk'),(9,'Bag'),(10,'Pen');

INSERT INTO products (id, name, description, price, stock, status, category_id, created_at, updated_at, version)
WITH RECURSIVE n(i) AS (SELECT (SELECT count(*) FROM products) + 1 UNION ALL SELECT i + 1 FROM n WHERE i < $total),
     r AS (SELECT i, $now_ms - ((i * 7919) % 31536000) * 1000 AS ms, hex(randomblob(9)) AS h, hex(randomblob(16)) AS g FROM n)
SELECT $(uuid7 ms),
       (SELECT w FROM words1 WHERE k = i % 10) || ' ' || (SELECT w FROM words2 WHERE k = (i / 10) % 11) || ' ' || i,
       'A product made for the benchmark, number ' || i || '. Sturdy, useful and fairly priced.',
       round(1 + (i * 37 % 19900) / 100.0, 2),
       100 + i % 900,
       CASE WHEN i % 20 = 0 THEN (CASE WHEN i % 40 = 0 THEN 'Archived' ELSE 'Draft' END) ELSE 'Published' END,
       (SELECT id FROM cats WHERE k = ((i * 2654435761) % 4294967296) / 16777216 % (SELECT count(*) FROM cats)),
       $(binary ms), $(binary ms), $GUID
FROM r
WHERE i <= $total;
ANALYZE;
SQL
