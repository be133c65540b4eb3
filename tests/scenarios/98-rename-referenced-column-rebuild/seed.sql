INSERT INTO customer VALUES (1, 'ada'), (2, 'bob');
INSERT INTO orders VALUES (10, 1), (11, 2), (12, 1);
