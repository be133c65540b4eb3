INSERT INTO item (id, name, price) VALUES (1, 'pen', 1.50), (2, 'ink', NULL);
INSERT INTO setting VALUES ('mode', 'dark'), ('lang', 'en');
