SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE product_id = '@HOT@'
