INSERT INTO account VALUES (1, NULL, 'x', 30);
