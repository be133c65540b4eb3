SELECT id, title FROM item ORDER BY id
