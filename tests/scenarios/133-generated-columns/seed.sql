INSERT INTO item (id, name, price, qty, label) VALUES (1, 'Ada', 3, 4, 'x'), (2, 'Bob', 5, 0, NULL);
