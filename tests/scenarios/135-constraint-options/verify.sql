SELECT id, coalesce(a, 0), coalesce(b, 0), qty FROM child ORDER BY id
