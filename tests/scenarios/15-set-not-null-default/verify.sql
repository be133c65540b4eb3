SELECT id, qty FROM item ORDER BY id
