SELECT id, parent_id FROM child ORDER BY id
