INSERT INTO account VALUES (1, 'ada');
INSERT INTO note VALUES (1, 'hello');
