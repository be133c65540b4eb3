INSERT INTO events VALUES (1, '2023-06-01', 'eu'), (2, '2024-03-01', 'us'), (3, '2024-12-31', 'eu');
