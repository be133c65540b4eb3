INSERT INTO customer (id, name, email) VALUES (1, 'Ada', 'ada@example.com'), (2, 'Grace', NULL), (3, 'Linus', 'linus@example.com');
INSERT INTO orders (id, customer_id, total, note) VALUES (10, 1, 12.50, 'first'), (11, 1, 0, NULL), (12, 2, 99.99, NULL), (13, 3, 5, 'rush');
INSERT INTO order_line VALUES (10, 1, 2), (10, 2, 1), (11, 1, 7), (12, 1, 1), (13, 1, 3);
