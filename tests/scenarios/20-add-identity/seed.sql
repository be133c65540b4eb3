INSERT INTO ticket VALUES (1, 'a'), (2, 'b');
