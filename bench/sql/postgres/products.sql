-- Grows the public catalogue to :total products, straight into the tables the migrations made.
-- The first call also makes 20 categories (bench-cat-1 .. bench-cat-20) and the hot product of the
-- checkout scenario ("Bench hot product", stock :hot_stock). Products get varied names, prices from
-- 1.00 to 200.00, categories by a multiplicative hash of the row number (so a category's products are
-- spread over every price, as in a real shop), creation times spread over a year (UUIDv7 ids that match
-- them), and 1 in 20 is not published (draft or archived), so the status filter has work to do.
CREATE FUNCTION pg_temp.uuid_v7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT (lpad(to_hex((extract(epoch FROM ts) * 1000)::bigint), 12, '0')
          || '7' || substr(md5(random()::text), 1, 3)
          || substr('89ab', 1 + floor(random() * 4)::int, 1)
          || substr(md5(random()::text), 1, 15))::uuid
$$;

INSERT INTO categories (id, name, slug, created_at)
SELECT pg_temp.uuid_v7(now()), format('Bench category %s', c), format('bench-cat-%s', c), now()
FROM generate_series(1, 20) AS c
ON CONFLICT (slug) DO NOTHING;

INSERT INTO products (id, name, description, price, stock, status, category_id, created_at, updated_at, version)
SELECT pg_temp.uuid_v7(now() - interval '400 days'), 'Bench hot product', 'The one everybody wants.', 9.99,
       :hot_stock, 'Published', (SELECT id FROM categories WHERE slug = 'bench-cat-1'),
       now() - interval '400 days', now() - interval '400 days', gen_random_uuid()
WHERE NOT EXISTS (SELECT 1 FROM products WHERE name = 'Bench hot product');

WITH cats AS (SELECT array_agg(id ORDER BY slug) AS ids FROM categories WHERE slug LIKE 'bench-cat-%'),
     have AS (SELECT count(*) AS n FROM products),
     rows AS (
       SELECT i, now() - ((i * 7919) % 31536000) * interval '1 second' AS at
       FROM have, generate_series(have.n + 1, :total) AS i)
INSERT INTO products (id, name, description, price, stock, status, category_id, created_at, updated_at, version)
SELECT pg_temp.uuid_v7(rows.at),
       (ARRAY['Red', 'Blue', 'Green', 'Black', 'White', 'Silver', 'Golden', 'Tiny', 'Large', 'Smart'])[1 + i % 10]
         || ' ' || (ARRAY['Lamp', 'Chair', 'Kettle', 'Phone', 'Book', 'Shirt', 'Watch', 'Bottle', 'Desk', 'Bag', 'Pen'])[1 + (i / 10) % 11]
         || ' ' || i,
       'A product made for the benchmark, number ' || i || '. Sturdy, useful and fairly priced.',
       round((1 + (i * 37 % 19900) / 100.0)::numeric, 2),
       100 + i % 900,
       CASE WHEN i % 20 = 0 THEN (CASE WHEN i % 40 = 0 THEN 'Archived' ELSE 'Draft' END) ELSE 'Published' END,
       cats.ids[1 + ((i * 2654435761) % 4294967296) / 16777216 % array_length(cats.ids, 1)],
       rows.at, rows.at, gen_random_uuid()
FROM rows, cats;

VACUUM (ANALYZE) products;
VACUUM (ANALYZE) categories;
