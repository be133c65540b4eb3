SELECT tableoid::regclass, id, created_at FROM events ORDER BY id
