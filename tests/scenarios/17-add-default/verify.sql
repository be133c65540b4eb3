INSERT INTO item (id, name) VALUES (5, 'x') RETURNING state
