INSERT INTO ticket (t) VALUES ('a'), ('b');
