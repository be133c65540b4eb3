INSERT INTO cache_entry VALUES ('a', '{"n": 1}'), ('b', NULL);
INSERT INTO job VALUES (7);
