INSERT INTO volt (name) VALUES ('c');
INSERT INTO down (name) VALUES ('c');
INSERT INTO ticket (name) VALUES ('c');
INSERT INTO gain (name) VALUES ('c');
INSERT INTO fresh (name) VALUES ('c');
SELECT 'volt', id, name FROM volt UNION ALL SELECT 'down', id, name FROM down UNION ALL SELECT 'ticket', id, name FROM ticket UNION ALL SELECT 'gain', id, name FROM gain UNION ALL SELECT 'fresh', id, name FROM fresh ORDER BY 1, 2
