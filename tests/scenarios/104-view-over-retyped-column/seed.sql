INSERT INTO orders VALUES (1, 'pending', 'a'), (2, 'paid', 'b');
