INSERT INTO orders VALUES (1, 'open', 10), (2, 'open', 150), (3, 'shipped', 7);
