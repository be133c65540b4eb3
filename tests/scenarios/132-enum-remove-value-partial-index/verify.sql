SELECT id, status, coalesce(note, '-') FROM orders ORDER BY id
