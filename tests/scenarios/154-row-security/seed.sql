INSERT INTO account VALUES (1, 'postgres'), (2, 'someone_else');
