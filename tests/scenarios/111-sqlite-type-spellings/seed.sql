INSERT INTO account (id, email, token, payload) VALUES (1, 'ada@x.org', 'aaaa', 12), (2, 'bob@x.org', NULL, 'x');
