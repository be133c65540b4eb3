INSERT INTO item VALUES (1, 'a', NULL), (2, 'b', 9);
