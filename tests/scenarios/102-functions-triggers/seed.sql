INSERT INTO account (id, email) VALUES (1, 'ada@example.com'), (2, 'grace@example.com');
