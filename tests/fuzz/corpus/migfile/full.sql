-- mig:revision 0001_20260101000000_a
-- mig:parents 0000_x 0000_y
-- mig:message m
-- mig:transaction off
-- mig:app shop
-- mig:state h1:abc=
-- mig:up
CREATE TABLE t (id int);
-- mig:down
DROP TABLE t;
