SELECT id, qty, code FROM item ORDER BY id
