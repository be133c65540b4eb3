INSERT INTO owner VALUES (1, 'x'); INSERT INTO item VALUES (1, 'a', 1);
