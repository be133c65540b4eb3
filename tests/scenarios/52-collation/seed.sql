INSERT INTO item VALUES (1, 'a', 'B'), (2, 'b', 'a');
