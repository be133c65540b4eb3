-- mig:revision 0001_20260101000000_a
-- mig:down
DROP TABLE a;
-- mig:up
CREATE TABLE a (id int);
