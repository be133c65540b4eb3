INSERT INTO orders VALUES (1, 'first'), (2, NULL);
INSERT INTO payment VALUES (10, 1, 5), (11, 2, 7), (12, 2, 1);
