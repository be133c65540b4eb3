INSERT INTO orders VALUES (1, 'pending', NULL), (2, 'paid', 'x'), (3, 'shipped', NULL);
