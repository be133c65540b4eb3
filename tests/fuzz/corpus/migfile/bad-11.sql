-- mig:revision 0001_20260101000000_a

CREATE TABLE a (id int);
-- mig:up
SELECT 1;
