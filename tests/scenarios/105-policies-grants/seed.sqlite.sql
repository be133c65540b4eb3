INSERT INTO note VALUES (1, 'ada', 'hello');
