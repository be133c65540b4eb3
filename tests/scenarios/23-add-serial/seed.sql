INSERT INTO ticket VALUES (10, 'a');
