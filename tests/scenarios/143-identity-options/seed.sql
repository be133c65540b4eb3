INSERT INTO volt (name) VALUES ('a'), ('b');
INSERT INTO down (name) VALUES ('a'), ('b');
INSERT INTO ticket (name) VALUES ('a'), ('b');
INSERT INTO gain (id, name) VALUES (1, 'a'), (2, 'b');
