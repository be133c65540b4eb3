INSERT INTO item (id, name, qty) VALUES (1, 'Pen', 3), (2, 'Ink', 0);
