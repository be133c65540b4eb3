INSERT INTO note (id, body) VALUES (1, 'hello'), (2, 'a rather long note');
UPDATE note SET body = 'hello!' WHERE id = 1;
