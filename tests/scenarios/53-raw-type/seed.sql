INSERT INTO item VALUES (1, 'a', 'quick fox');
