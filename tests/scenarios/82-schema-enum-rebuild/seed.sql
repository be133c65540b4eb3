INSERT INTO app.t VALUES (1, 'b', '{a,b}'); INSERT INTO u VALUES (1, 'a');
