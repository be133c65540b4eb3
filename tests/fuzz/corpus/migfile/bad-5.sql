-- mig:revision 0001_20260101000000_init
-- mig:up
CREATE TABLE a (id int);
-- mig:down
DROP TABLE a;
