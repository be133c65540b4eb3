INSERT INTO item VALUES (1, 'a', 3), (2, 'b', NULL);
