INSERT INTO orders VALUES (1, 'EU', 10), (3, 'eu', 20), (4, 'us', 30), (5, 'jp', 40);
