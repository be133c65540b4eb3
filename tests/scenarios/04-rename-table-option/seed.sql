INSERT INTO item VALUES (7, 'seven');
