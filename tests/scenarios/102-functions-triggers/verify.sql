WITH u AS (UPDATE account SET email = 'ada@example.org' WHERE id = 1 RETURNING id, email, updated) SELECT id, email, updated FROM u
