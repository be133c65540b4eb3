INSERT INTO t (x) VALUES ('a'), ('b');
