INSERT INTO kid VALUES (1, 'a', NULL), (2, 'b', 1);
