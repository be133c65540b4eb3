SELECT id, sku FROM item ORDER BY id
