INSERT INTO t VALUES (1, 'old@x', 'new@x');
