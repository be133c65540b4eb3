SELECT id, name, coalesce(price, -1) FROM item ORDER BY id
