SELECT 'item', id, name, coalesce(price, 0)::text FROM item UNION ALL SELECT 'setting', 0, key, value FROM setting ORDER BY 1, 2, 3
