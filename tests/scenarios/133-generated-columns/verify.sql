SELECT id, name, total, label, code, twice FROM item ORDER BY id
